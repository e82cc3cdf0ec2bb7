import Foundation
import GongkaiCore
import GongkaiStore
import Testing

/// The project root, found from this file's path.
let projectRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// The result of running the built `gongkai` binary.
struct Run {
    let status: Int32
    let stdout: String
    let stderr: String
}

/// Runs the built `gongkai` with arguments, from the project root.
func gongkai(_ arguments: String...) throws -> Run { try gongkaiArguments(arguments) }

/// Runs the built `gongkai` with an array of arguments.
func gongkaiArguments(_ arguments: [String], environment: [String: String] = [:], stdin: String? = nil,
                      directory: URL = projectRoot) throws -> Run {
    let process = Process()
    process.executableURL = try binary()
    process.arguments = arguments
    if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
    process.currentDirectoryURL = directory
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    let input = Pipe()
    if stdin != nil { process.standardInput = input }
    try process.run()
    if let stdin {
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
    }
    // Read both pipes before waiting, so a large output cannot block the child.
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
               stderr: String(decoding: stderr, as: UTF8.self))
}

/// The `gongkai` executable next to the test bundle (SwiftPM puts products and test bundles in one folder).
func binary() throws -> URL {
    let candidates = [
        Bundle.main.bundleURL.appendingPathComponent("gongkai"),
        Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("gongkai"),
        projectRoot.appendingPathComponent(".build/debug/gongkai"),
    ]
    guard let url = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: candidates.map(\.path).joined(separator: ", ")])
    }
    return url
}

/// Writes a temporary file and returns its path.
func temporaryFile(_ contents: String, name: String = "report.json") throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let url = dir.appendingPathComponent(name)
    try Data(contents.utf8).write(to: url)
    return url.path
}

let seedsExpected = "../shared/corpus/seeds-expected"

@Suite("gongkai, end to end")
struct CLITests {
    @Test("check reports exactly what is wrong with each seed's expected JSON", arguments: [
        ("000_559d788ea7c049c3", Int32(0), [String]()),
        ("001_931eb61caecda62d", 0, []),
        ("002_1104fc6fa0dc19cc", 1, ["MISSING-TABLE", "MISSING-CELL"]),
        ("003_032528133d267b50", 0, []),
        ("004_62e18fc6e57dfc2d", 0, []),
    ])
    func seeds(name: String, status: Int32, codes: [String]) throws {
        let run = try gongkai("check", "\(seedsExpected)/\(name).json", "--format", "json")
        #expect(run.status == status, "\(run.stderr)")
        let json = try JSONParser.parse(run.stdout)
        guard case let .array(findings)? = json["findings"]?.value else { Issue.record("no findings"); return }
        let found = findings.compactMap { f -> String? in
            if case let .string(code)? = f["code"]?.value { return code }
            return nil
        }
        #expect(found.sorted() == codes.sorted())
    }

    @Test("check prints an aligned table of findings and exits 1 on errors")
    func checkText() throws {
        let run = try gongkai("check", "\(seedsExpected)/002_1104fc6fa0dc19cc.json")
        #expect(run.status == 1)
        #expect(run.stdout == """
            \(seedsExpected)/002_1104fc6fa0dc19cc.json：建宁县卫生健康局2020年政府信息公开工作年度报告（2019 年格式）
            级别  问题      代码           位置           说明
            错误  缺少表格  MISSING-TABLE  表二           缺少表二（主动公开政府信息情况）
            错误  缺少数字  MISSING-CELL   表四·行政复议  表四「行政复议」：整行缺失（5 个数）
            共 2 项：错误 2，警告 0，提示 0

            """)
        #expect(run.stderr.isEmpty)
    }

    @Test("check exits 0 on a clean report and says so")
    func checkClean() throws {
        let run = try gongkai("check", "examples/report-2021.json", "--previous", "examples/report-2020.json")
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.hasSuffix("未发现问题。\n"))
    }

    @Test("check finds the deliberate errors of the example with errors")
    func checkErrors() throws {
        let run = try gongkai("check", "examples/report-2021-with-errors.json", "--previous", "examples/report-2020.json",
                              "--format", "json")
        #expect(run.status == 1)
        let json = try JSONParser.parse(run.stdout)
        #expect(json["counts"]?["error"] != JSON.int(0))
        for code in ["T3-BALANCE", "T3-ROW-TOTAL", "T4-TOTAL", "LATE-PUBLICATION", "NARRATIVE-MISMATCH",
                     "CARRYOVER-MISMATCH", "HEADING-MISMATCH"] {
            #expect(run.stdout.contains("\"code\": \"\(code)\""), "\(code)")
        }
    }

    @Test("Unusable input: one line naming the file and what is wrong, exit 2", arguments: [
        ("{\n  \"format\": \"2021\",\n  \"table3\": [1,\n}", "第 4 行：JSON 格式错误（第 1 列）：无法识别的字符 “}”"),
        ("{\"format\": \"2022\"}", "第 1 行，字段 format：未知的报告格式 \"2022\"（应为 \"2019\" 或 \"2021\"）"),
        ("", "文件是空的"),
    ])
    func unusableInput(contents: String, reason: String) throws {
        let path = try temporaryFile(contents)
        for command in ["check", "render"] {
            let run = command == "check" ? try gongkai(command, path) : try gongkai(command, path, "--format", "md")
            #expect(run.status == 2)
            #expect(run.stdout.isEmpty)
            #expect(run.stderr == "gongkai：错误：\(path)：\(reason)\n")
        }
    }

    @Test("A file that does not exist")
    func missingFile() throws {
        let run = try gongkai("check", "no-such-report.json")
        #expect(run.status == 2)
        #expect(run.stderr == "gongkai：错误：no-such-report.json：文件不存在\n")
    }

    @Test("render --format json gives back the same report, checked")
    func renderJSON() throws {
        let run = try gongkai("render", "examples/report-2021.json", "--format", "json")
        #expect(run.status == 0)
        let rendered = try AnnualReport(jsonBytes: Array(run.stdout.utf8))
        let original = try AnnualReport(jsonBytes: Array(try Data(contentsOf: projectRoot.appendingPathComponent(
            "examples/report-2021.json"))))
        #expect(rendered == original.rechecked())
    }

    @Test("render --format md writes the report to a file with -o")
    func renderMarkdown() throws {
        let out = try temporaryFile("", name: "report.md")
        let run = try gongkai("render", "examples/report-2021.json", "--format", "md", "-o", out)
        #expect(run.status == 0)
        let md = try String(contentsOfFile: out, encoding: .utf8)
        #expect(md.hasPrefix("# 余杭区卫生健康局2021年政府信息公开工作年度报告\n"))
        #expect(md.contains("## 三、收到和处理政府信息公开申请情况"))
        #expect(md.contains("| 一、本年新收政府信息公开申请数量 |   |   | 61 | 5 | 0 | 1 | 2 | 0 | 69 |"))
    }

    @Test("Help is in Chinese")
    func help() throws {
        let run = try gongkai("check", "--help")
        #expect(run.status == 0)
        #expect(run.stdout.contains("检查一份年度报告"))
        #expect(run.stdout.contains("上一年度的报告 JSON"))
    }
}

@Suite("gongkai parse, end to end")
struct ParseCLITests {
    @Test("One file: the report JSON with the checks' findings")
    func single() throws {
        let run = try gongkai("parse", "../shared/corpus/seeds/002_1104fc6fa0dc19cc.txt")
        #expect(run.status == 0)
        let report = try AnnualReport(jsonBytes: Array(run.stdout.utf8))
        #expect(report.agency == "建宁县卫生健康局")
        #expect(report.findings.contains { $0.code == .missingTable })
    }

    @Test("A folder: one JSON line per file in name order, a summary, exit 1 only for unreadable files")
    func batch() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-batch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("sub"), withIntermediateDirectories: true)
        let seeds = projectRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus/seeds")
        for name in try FileManager.default.contentsOfDirectory(atPath: seeds.path) {
            try FileManager.default.copyItem(at: seeds.appendingPathComponent(name), to: dir.appendingPathComponent(name))
        }
        try Data([0xFF, 0xFE, 0x00]).write(to: dir.appendingPathComponent("sub/broken.txt"))
        try Data("%PDF-1.4 not really".utf8).write(to: dir.appendingPathComponent("sub/fake.pdf"))
        let out = dir.appendingPathComponent("results.jsonl").path
        let run = try gongkai("parse", dir.path, "--out", out)
        #expect(run.status == 1)
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 7)
        let files = try lines.map { line -> String in
            guard case let .string(file)? = try JSONParser.parse(String(line))["file"]?.value else { return "" }
            return URL(fileURLWithPath: file).lastPathComponent
        }
        #expect(files == ["000_559d788ea7c049c3.txt", "001_931eb61caecda62d.txt", "002_1104fc6fa0dc19cc.txt",
                          "003_032528133d267b50.txt", "004_62e18fc6e57dfc2d.txt", "broken.txt", "fake.pdf"])
        #expect(lines[5].contains("\"error\":\"无法识别的文本编码"))
        #expect(lines[6].contains("\"error\":\"PDF 文件无法读取"))
        #expect(run.stderr.contains("共 7 个文件：有错误的报告 1 份，无法读取 2 个"))
        // With only readable files the exit status is 0.
        try FileManager.default.removeItem(at: dir.appendingPathComponent("sub"))
        #expect(try gongkai("parse", dir.path, "--out", out).status == 0)
    }

    @Test("pdftotext runs under a time limit: a PDF it cannot finish is refused with the reason, not waited for")
    func pdfTimeLimit() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-slow-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let tool = folder.appendingPathComponent("pdftotext").path
        // exec: the tool is one process, as pdftotext is (a forked child would outlive it holding our pipes).
        try "#!/bin/sh\nexec sleep 30\n".write(toFile: tool, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: tool)
        let pdf = folder.appendingPathComponent("slow.pdf").path
        try "%PDF-1.4\n%slow\n".write(toFile: pdf, atomically: true, encoding: .utf8)
        let started = Date()
        let run = try gongkaiArguments(["parse", pdf], environment: ["GONGKAI_PDFTOTEXT": tool, "GONGKAI_TOOL_TIME_LIMIT": "1"])
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(run.status == 2)
        #expect(run.stderr.contains("PDF 文件读取超时：pdftotext 超过 1 秒仍未完成"), "\(run.stderr)")
    }

    @Test("An empty file is refused with a clear line and exit 2")
    func empty() throws {
        let path = try temporaryFile("", name: "empty.txt")
        let run = try gongkai("parse", path)
        #expect(run.status == 2)
        #expect(run.stderr == "gongkai：错误：\(path)：文件是空的\n")
    }
}

@Suite("gongkai deadline, end to end")
struct DeadlineCLITests {
    @Test("JSON with the due dates and the explanation, the receipt rule of the channel first")
    func json() throws {
        let run = try gongkai("deadline", "--received", "2021-09-30", "--channel", "online", "--extended", "--format", "json")
        #expect(run.status == 0)
        let json = try JSONParser.parse(run.stdout)
        #expect(json["dueDate"] == .string("2021-11-03"))
        #expect(json["extendedDueDate"] == .string("2021-12-01"))
        guard case let .array(lines)? = json["explanation"]?.value, case let .string(first)? = lines.first?.value else {
            Issue.record("no explanation")
            return
        }
        #expect(first == "收到日期（渠道「互联网渠道」）按第三十一条第（三）项：通过互联网渠道提交的，以双方确认之日为收到申请之日")
        #expect(lines.contains(.string("2021-10-01 至 2021-10-07 放假，不计")))
    }

    @Test("A date past the known notices: provisional for two years, then one clear line and exit 2; a malformed date: a usage error")
    func errors() throws {
        // The example of the issue: from 2026-12-16, 20 working days; 1 January 2027 the only statutory holiday.
        let provisional = try gongkai("deadline", "--received", "2026-12-15")
        #expect(provisional.status == 0)
        #expect(provisional.stdout.hasPrefix("答复期限：暂定 2027年1月13日（2027-01-13）\n"), "\(provisional.stdout)")
        #expect(provisional.stdout.contains("暂定：2027 年的放假安排（国务院办公厅通知）尚未导入"))
        let json = try JSONParser.parse(try gongkai("deadline", "--received", "2026-12-15", "--format", "json").stdout)
        #expect(json["dueDate"] == .string("2027-01-13") && json["provisional"] == .bool(true))
        #expect(try JSONParser.parse(try gongkai("deadline", "--received", "2026-11-02", "--format", "json").stdout)["provisional"] == .bool(false))
        let late = try gongkai("deadline", "--received", "2028-12-20")
        #expect(late.status == 2)
        #expect(late.stderr == "gongkai：错误：2029-01-01 所在的 2029 年没有节假日安排数据（已有 2019–2026 年，其后两年按法定节假日暂定）；请先用 gongkai calendar import 导入国务院办公厅当年的放假通知\n")
        let bad = try gongkai("deadline", "--received", "2021-13-01")
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("--received 的日期 “2021-13-01” 无效（应为 YYYY-MM-DD）"))
    }
}

@Suite("gongkai cases / report tables / calendar, end to end (SQLite in a temporary data directory)", .serialized)
struct CasesCLITests {
    let data = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-cli-\(UUID().uuidString)")

    func path(_ name: String) -> String { data.appendingPathComponent(name).path }

    func write(_ text: String, _ name: String) throws -> String {
        try FileManager.default.createDirectory(at: URL(fileURLWithPath: path(name)).deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(toFile: path(name), atomically: true, encoding: .utf8)
        return path(name)
    }

    @Test("Generate, import, export, due, tables, show, letter: the whole ledger from the command line")
    func ledger() throws {
        defer { try? FileManager.default.removeItem(at: data) }
        let dir = path("db")
        let file = path("cases.jsonl")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        #expect(try gongkai("cases", "generate", "--count", "400", "--years", "2024-2025", "--today", "2025-12-10", "-o", file).status == 0)
        let imported = try gongkai("cases", "import", file, "--data", dir)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.hasPrefix("已导入 400 件申请"))

        // Export gives the file back byte for byte.
        let exported = try gongkai("cases", "export", "--data", dir)
        #expect(exported.stdout == (try String(contentsOfFile: file, encoding: .utf8)))

        // Importing it again writes nothing and names the duplicates.
        let again = try gongkai("cases", "import", file, "--data", dir)
        #expect(again.status == 2)
        #expect(again.stderr.contains("已在库中") && again.stderr.contains("未导入任何申请"))

        // Tables 三 and 四 as report JSON: they balance and the checks find nothing.
        let tables = try gongkai("report", "tables", "--year", "2025", "--agency", "某某市某某局", "--data", dir)
        #expect(tables.status == 0, "\(tables.stderr)")
        let report = try AnnualReport(jsonBytes: Array(tables.stdout.utf8))
        #expect(report.format == .y2021 && report.year == 2025 && report.agency == "某某市某某局")
        let t3 = try #require(report.table3)
        #expect(t3[.received, 6]! + t3[.carriedOver, 6]! == t3[.total, 6]! + t3[.carriedForward, 6]!)
        #expect(t3[.received, 6]! > 150)
        #expect(report.findings.isEmpty)
        let previous = try AnnualReport(jsonBytes: Array(try gongkai("report", "tables", "--year", "2024", "--data", dir).stdout.utf8))
        #expect(previous.table3?[.carriedForward] == t3[.carriedOver])

        // Open cases by due date, overdue first.
        let due = try gongkai("cases", "due", "--today", "2025-12-10", "--format", "json", "--data", dir)
        #expect(due.status == 0)
        let dueJSON = try JSONParser.parse(due.stdout)
        guard case let .array(entries)? = dueJSON["cases"]?.value else { Issue.record("no cases"); return }
        #expect(!entries.isEmpty)
        let dates = entries.compactMap { entry -> String? in if case let .string(s)? = entry["dueDate"]?.value { s } else { nil } }
        #expect(dates == dates.sorted())
        let text = try gongkai("cases", "due", "--today", "2025-12-10", "--within", "5", "--data", dir)
        #expect(text.stdout.hasPrefix("未办结申请") || text.stdout.hasPrefix("没有未办结的申请"))

        // One case in full, and the 答复书 of a decided one (checked by LibreOffice when installed).
        let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n")
        let decided = try #require(lines.first { $0.contains("\"outcome\":\"granted\"") })
        let record = try CaseRecord(jsonLine: Array(decided.utf8), line: 1)
        let show = try gongkai("cases", "show", record.id, "--data", dir)
        #expect(show.stdout.contains("申请 \(record.id)") && show.stdout.contains("答复期限推算") == false)
        #expect(show.stdout.contains("期限推算："))
        let html = try gongkai("cases", "letter", record.id, "--agency", "某某市某某局", "--format", "html", "-o", path("letter.html"), "--data", dir)
        #expect(html.status == 0, "\(html.stderr)")
        let page = try String(contentsOfFile: path("letter.html"), encoding: .utf8)
        #expect(page.contains("政府信息公开申请答复书") && page.contains("第三十六条第（二）项") && page.contains("六十日内"))
        #expect(try gongkai("cases", "letter", record.id, "--agency", "某某市某某局", "-o", path("letter.docx"), "--data", dir).status == 0)
        if let text = try Self.libreOfficeText(path("letter.docx"), in: data) {
            #expect(text.contains("政府信息公开申请答复书"))
            #expect(text.contains("六个月内依法提起行政诉讼"))
            #expect(text.contains("某某市某某局"))
        }
        let missing = try gongkai("cases", "show", "no-such-case", "--data", dir)
        #expect(missing.status == 2 && missing.stderr == "gongkai：错误：没有编号为 no-such-case 的申请\n")
    }

    @Test("A bad line stops the whole import with its line number; nothing is stored")
    func badImport() throws {
        defer { try? FileManager.default.removeItem(at: data) }
        let good = #"{"id": "2025-1", "applicant": {"type": "naturalPerson"}, "channel": "online", "received": "2025-03-03"}"#
        let bad = #"{"id": "2025-2", "applicant": {"type": "naturalPerson"}, "channel": "online", "received": "2025-03-03", "events": [{"type": "decided", "date": "2025-03-05", "outcome": "yes"}]}"#
        let file = try write([good, bad, good].joined(separator: "\n") + "\n", "bad.jsonl")
        let run = try gongkai("cases", "import", file, "--data", path("db"))
        #expect(run.status == 2)
        #expect(run.stderr.contains("bad.jsonl：第 2 行（申请 2025-2），字段 events[0].outcome：“yes”不是 2021 年格式表三的办理结果"))
        #expect(run.stderr.contains("bad.jsonl：第 3 行（申请 2025-1），字段 id：申请编号与第 1 行重复"))
        #expect(run.stderr.contains("共 2 行有错，未导入任何申请"))
        #expect(try gongkai("cases", "export", "--data", path("db")).stdout == "")
    }

    @Test("A new year's notice: deadlines reaching into it become computable, and open cases are recomputed")
    func calendarImport() throws {
        defer { try? FileManager.default.removeItem(at: data) }
        let dir = path("db")
        let open = #"{"id": "2026-9", "applicant": {"type": "naturalPerson"}, "channel": "inPerson", "received": "2026-12-20"}"#
        #expect(try gongkai("cases", "import", try write(open + "\n", "open.jsonl"), "--data", dir).status == 0)
        let before = try gongkai("deadline", "--received", "2026-12-20", "--data", dir)
        #expect(before.status == 0 && before.stdout.hasPrefix("答复期限：暂定 2027年1月18日"), "\(before.stdout)")
        let notice = #"{"2027": {"holidays": ["2027-01-01", "2027-01-02", "2027-01-03"], "workdays": []}}"#
        let imported = try gongkai("calendar", "import", try write(notice, "2027.json"), "--data", dir)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("2027 年节假日安排：新增（放假 3 天，调休上班 0 天）"))
        // The notice gives 1–3 January (the provisional count had the 1st and the weekend): the same day, now final.
        #expect(imported.stdout.contains("2026-9：2027-01-18（暂定） → 2027-01-18"), "\(imported.stdout)")
        let after = try gongkai("deadline", "--received", "2026-12-20", "--data", dir)
        #expect(after.status == 0 && after.stdout.hasPrefix("答复期限：2027年1月18日"))
        let list = try gongkai("calendar", "list", "--data", dir)
        #expect(list.stdout.contains("2027 年：放假 3 天，调休上班 0 天（导入于"))
        let gap = try gongkai("calendar", "import", try write(#"{"2029": {"holidays": [], "workdays": []}}"#, "2029.json"), "--data", dir)
        #expect(gap.status == 2 && gap.stderr.contains("缺少 2028 年"))
        let wrong = try gongkai("calendar", "import", try write(#"{"2028": {"holidays": [], "workdays": ["2028-03-01"]}}"#, "w.json"), "--data", dir)
        #expect(wrong.status == 2 && wrong.stderr.contains("不是周六或周日"))
    }

    @Test("catalogue import: a wrong line is named and nothing is imported; a good file is published and found by search")
    func catalogueImport() throws {
        defer { try? FileManager.default.removeItem(at: data) }
        let dir = path("db")
        let good = #"{"indexNumber": "0142768-8/2022-00185", "title": "关于做好疫苗接种工作的通知", "summary": "部署疫苗接种。", "formedOn": "2022-03-01", "publishedOn": "2022-03-02", "kind": "notice", "disclosure": "proactive"}"#
        let bad = #"{"title": "", "summary": "x", "formedOn": "2022-03-01", "kind": "notice", "disclosure": "proactive"}"#
        let refused = try gongkai("catalogue", "import", try write(good + "\n" + bad + "\n", "bad.jsonl"), "--data", dir)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("第 2 行") && refused.stderr.contains("名称不能为空") && refused.stderr.contains("未导入任何记录"))
        #expect(try gongkai("catalogue", "import", try write(good + "\n", "good.jsonl"), "--data", dir).status == 0)
        let found = try gongkai("catalogue", "search", "疫苗", "--format", "json", "--data", dir)
        #expect(found.status == 0 && found.stdout.contains(#""indexNumber": "0142768-8/2022-00185""#))
        let nothing = try gongkai("catalogue", "search", "，。", "--data", dir)
        #expect(nothing.status == 2 && nothing.stderr.contains("没有可检索的文字"))

        // Attachments by path, beside the file: hashed and stored; one that cannot be read is named, nothing imported.
        _ = try write("%PDF-1.4 申请表", "files/申请表.pdf")
        let withFile = #"{"indexNumber": "0142768-8/2022-00186", "title": "关于公布申请表的通知", "summary": "附申请表。", "formedOn": "2022-03-05", "publishedOn": "2022-03-06", "kind": "notice", "disclosure": "proactive", "attachments": [{"name": "申请表.pdf", "path": "files/申请表.pdf"}]}"#
        let missing = withFile.replacingOccurrences(of: "files/申请表.pdf", with: "files/没有.pdf")
        let lost = try gongkai("catalogue", "import", try write(missing + "\n", "missing.jsonl"), "--data", dir)
        #expect(lost.status == 2 && lost.stderr.contains("附件「申请表.pdf」：读不到文件") && lost.stderr.contains("未导入任何记录"))
        #expect(try gongkai("catalogue", "import", try write(withFile + "\n", "attached.jsonl"), "--data", dir).status == 0)
        let exported = try gongkai("catalogue", "export", "--data", dir).stdout
        #expect(exported.contains(#""attachments":[{"name":"申请表.pdf","sha256":"0302c1d9a26f71bd5e8b282111a2c2ea428ae92d90b0e7f3d2c3f0a83eb35052","bytes":18,"mediaType":"application/pdf"}]"#),
                "the SHA-256 of the file's bytes: \(exported)")
    }

    @Test("A notice pasted as text: the days listed for confirmation, imported with --yes, refused when it cannot be read")
    func calendarImportText() throws {
        defer { try? FileManager.default.removeItem(at: data) }
        let dir = path("db")
        let open = #"{"id": "2026-9", "applicant": {"type": "naturalPerson"}, "channel": "inPerson", "received": "2026-12-20"}"#
        #expect(try gongkai("cases", "import", try write(open + "\n", "open.jsonl"), "--data", dir).status == 0)
        let notice = try String(contentsOf: projectRoot.appendingPathComponent("Tests/Shared/notice-2027-sample.txt"), encoding: .utf8)
        let file = try write(notice, "2027年放假通知.txt")
        let preview = try gongkai("calendar", "import", file, "--data", dir)
        #expect(preview.status == 1, "not imported before it is confirmed")
        #expect(preview.stdout.contains("读到 2027 年的放假安排") && preview.stdout.contains("春节：2027-02-05（周五） 至 2027-02-11（周四） 放假，共 7 天；2027-02-20（周六） 上班"))
        #expect(preview.stdout.contains("未办结申请 1 件中有 1 件的答复期限会重新推算"))
        #expect(preview.stderr.contains("再加 --yes 运行一次"))
        #expect(try gongkai("calendar", "list", "--data", dir).stdout.contains("2027") == false)
        let imported = try gongkai("calendar", "import", file, "--yes", "--data", dir)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("2027 年节假日安排：新增（放假 27 天，调休上班 4 天）"))
        #expect(imported.stdout.contains("2026-9：2027-01-18（暂定） → 2027-01-18"), "\(imported.stdout)")
        let unreadable = try gongkai("calendar", "import", try write("2028年部分节假日安排\n一、元旦：1月1日（周五）放假，共1天。", "bad.txt"),
                                     "--data", dir)
        #expect(unreadable.status == 2)
        #expect(unreadable.stderr.contains("bad.txt：读不懂这份通知，未导入：通知写 1月1日是周五，但 2028-01-01 是周六"))
    }

    @Test("The example office: made for the day it is asked on, and the first account can do a small office's whole job")
    func exampleOffice() throws {
        defer { try? FileManager.default.removeItem(at: data) }
        let dir = path("db")
        let file = try write("", "example.jsonl")
        #expect(try gongkai("cases", "example", "--today", "2026-12-02", "-o", file).status == 0)
        let imported = try gongkai("cases", "import", file, "--data", dir)
        #expect(imported.stdout.contains("其中未办结 10 件"), "\(imported.stdout)")
        let due = try gongkai("cases", "due", "--today", "2026-12-02", "--data", dir)
        #expect(due.stdout.contains("未办结申请 10 件（以 2026-12-02 为今天），其中已超期 1 件"), "\(due.stdout)")
        #expect(due.stdout.contains("待申请人补正") && due.stdout.contains("征求第三方意见中") && due.stdout.contains("已延期"))
        let admin = try gongkaiArguments(["users", "create-admin", "--data", dir, "--username", "admin", "--name", "管理员",
                                          "--also-roles", "clerk,reviewer,signer"], stdin: "Passw0rd-admin1\n")
        #expect(admin.status == 0, "\(admin.stderr)")
        #expect(admin.stdout.contains("已创建账户 admin（管理员，管理员、经办人、审核人、签发人）"))
        let listed = try gongkai("users", "list", "--data", dir).stdout
        #expect(listed.contains("经办人") && listed.contains("签发人"), "\(listed)")
        let bad = try gongkai("users", "create-admin", "--data", dir, "--username", "x2", "--name", "某", "--also-roles", "boss")
        #expect(bad.status != 0 && bad.stderr.contains("--also-roles「boss」中有不认识的角色"))
    }

    @Test("A case handled step by step from the command line; a broken rule is refused with its reason")
    func stepByStep() throws {
        defer { try? FileManager.default.removeItem(at: data) }
        let dir = path("db")
        let open = #"{"id": "2025-77", "applicant": {"type": "commercialEnterprise", "name": "某某科技有限公司"}, "channel": "post", "received": "2025-09-26", "request": "某项目的环评批复"}"#
        #expect(try gongkai("cases", "import", try write(open + "\n", "one.jsonl"), "--data", dir).status == 0)
        func add(_ arguments: String...) throws -> Run {
            return try gongkaiArguments(["cases", "add", "2025-77"] + arguments + ["--today", "2025-12-31", "--data", dir])
        }
        let first = try add("correctionRequested", "--date", "2025-09-29", "--by", "经办人甲")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout == "已记录：2025-77 2025-09-29 告知补正。当前状态：待申请人补正。\n")
        let twice = try add("correctionRequested", "--date", "2025-09-30")
        #expect(twice.status == 2 && twice.stderr.contains("补正只能一次性告知（条例第三十条）"))
        let received = try add("correctionReceived", "--date", "2025-10-15")
        #expect(received.stdout.contains("当前状态：办理中；答复期限 2025-11-12"))
        #expect(try add("decided", "--date", "2025-11-03").status != 0)
        let future = try add("extended", "--date", "2026-03-01")
        #expect(future.status == 2 && future.stderr.contains("日期不能晚于今天（2025-12-31）"))
        let decided = try add("decided", "--date", "2025-11-03", "--outcome", "withheld.thirdPartyRights", "--note", "涉及第三方商业秘密")
        #expect(decided.stdout.contains("当前状态：已答复（不予公开·保护第三方合法权益）") || decided.stdout.contains("当前状态：已答复"))
        #expect(try gongkai("cases", "review", "2025-77", "--kind", "reconsideration", "--filed", "2025-11-20", "--data", dir).status == 0)
        let done = try gongkai("cases", "review", "2025-77", "--kind", "reconsideration", "--filed", "2025-11-20",
                               "--decided", "2025-12-10", "--result", "upheld", "--data", dir)
        #expect(done.stdout == "已记录：2025-77 的行政复议于 2025-12-10 审结（结果维持）。\n")
        let tables = try AnnualReport(jsonBytes: Array(try gongkai("report", "tables", "--year", "2025", "--data", dir).stdout.utf8))
        #expect(tables.table4?[.reconsideration] == [1, 0, 0, 0, 1])
        #expect(tables.table3?[.withheldThirdPartyRights] == [0, 1, 0, 0, 0, 0, 1])
        #expect(tables.table3?[.carriedForward] == [0, 0, 0, 0, 0, 0, 0])
        #expect(try gongkai("cases", "letter", "2025-77", "--agency", "某某局", "--format", "html", "-o", path("l.html"), "--data", dir).status == 0)
        let letter = try String(contentsOfFile: path("l.html"), encoding: .utf8)
        #expect(letter.contains("第十五条、第三十二条、第三十六条第（三）项") && letter.contains("理由：涉及第三方商业秘密。"))
        let exported = try gongkai("cases", "export", "--data", dir).stdout
        #expect(exported.contains(#"{"type":"correctionRequested","date":"2025-09-29","by":"经办人甲"}"#))
    }

    @Test("cases add and cases review refuse bad steps in the words the web uses (GongkaiWebTests.sharedRefusals)")
    func sameRules() async throws {
        defer { try? FileManager.default.removeItem(at: data) }
        let dir = path("db")
        let open = #"{"id": "2026-000001", "applicant": {"type": "naturalPerson", "name": "李明"}, "channel": "online", "received": "2026-03-02"}"#
        #expect(try gongkai("cases", "import", try write(open + "\n", "one.jsonl"), "--data", dir).status == 0)
        let refusals: [([String], String)] = [
            (["add", "feeNoticed", "--date", "2026-03-02", "--amount", "0"], "收费金额（元）应为 1–1000000 之间的整数，这里是「0」"),
            (["add", "feeNoticed", "--date", "2026-03-02", "--amount", "5000000"], "收费金额（元）应为 1–1000000 之间的整数，这里是「5000000」"),
            (["add", "correctionRequested", "--date", "2026-03-09"], "日期不能晚于今天（2026-03-02）"),
            (["add", "decided", "--date", "2026-03-02"], "请选择答复结果（2021 年格式表三的办理结果，如 granted、partlyGranted、withheld.stateSecret）"),
            (["add", "decided", "--date", "2026-03-02", "--outcome", "granted", "--note", "理由\u{8}"], "「说明」含有控制字符（如 NUL、退格或换行），请删去后再提交"),
            (["review", "--kind", "reconsideration", "--filed", "2026-04-01"], "提起日期不能晚于今天（2026-03-02）"),
            (["review", "--kind", "reconsideration", "--filed", "2026-03-02", "--decided", "2026-03-01", "--result", "upheld"], "审结日期不能早于提起日期"),
        ]
        for (arguments, message) in refusals {
            let run = try gongkaiArguments(["cases", arguments[0], "2026-000001"] + arguments.dropFirst() + ["--today", "2026-03-02", "--data", dir])
            #expect(run.status == 2, "\(arguments)")
            #expect(run.stderr == "gongkai：错误：\(message)\n", "\(arguments)")
        }
        // Changes from the command line are audited, naming who made them.
        #expect(try gongkai("cases", "add", "2026-000001", "withdrawn", "--date", "2026-03-02", "--today", "2026-03-02", "--by", "张三",
                            "--data", dir).status == 0)
        let store = try await CaseStore.open(.sqlite(path: dir + "/gongkai.sqlite"))
        let log = try await store.auditLog(limit: 10)
        await store.close()
        #expect(log.contains { $0.actor == "张三" && $0.action == "办理申请" && $0.target == "2026-000001" })
        #expect(log.contains { $0.action == "导入申请" && $0.target == "one.jsonl" && $0.actor.hasPrefix("命令行（") })
    }

    /// The text LibreOffice reads from a DOCX, or nil when LibreOffice is not installed.
    static func libreOfficeText(_ docx: String, in directory: URL) throws -> String? {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/soffice") else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/soffice")
        process.arguments = ["-env:UserInstallation=file://\(directory.path)/profile", "--headless", "--convert-to", "txt:Text (encoded):UTF8",
                             "--outdir", directory.path, docx]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let txt = URL(fileURLWithPath: docx).deletingPathExtension().appendingPathExtension("txt").path
        return try String(contentsOfFile: txt, encoding: .utf8)
    }
}

@Suite("gongkai serve, end to end")
struct ServeCLITests {
    @Test("A port already in use is named as such, with what to do (it was reported as a database failure)")
    func portInUse() throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-serve-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        // Something else listens on the port: a plain socket of this process.
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var port: UInt16 = 0
        for candidate in UInt16(30000)...UInt16(30100) {
            address.sin_port = candidate.bigEndian
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            if bound == 0 { port = candidate; break }
        }
        try #require(port != 0 && listen(listener, 1) == 0)
        let run = try gongkai("serve", "--data", data.path, "-H", "127.0.0.1", "-p", String(port))
        #expect(run.status == 2)
        #expect(run.stderr.contains("端口 \(port) 已被占用"), "\(run.stderr)")
        #expect(!run.stderr.contains("数据库操作失败"))
    }
}
