import Foundation
import GongkaiCore
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
func gongkai(_ arguments: String...) throws -> Run {
    let process = Process()
    process.executableURL = try binary()
    process.arguments = arguments
    process.currentDirectoryURL = projectRoot
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
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
            级别  代码           位置           说明
            错误  MISSING-TABLE  表二           缺少表二（主动公开政府信息情况）
            错误  MISSING-CELL   表四·行政复议  表四「行政复议」：整行缺失（5 个数）
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

    @Test("A date past the known notices: one clear line and exit 2; a malformed date: a usage error")
    func errors() throws {
        let late = try gongkai("deadline", "--received", "2026-12-20")
        #expect(late.status == 2)
        #expect(late.stderr == "gongkai：错误：2027-01-01 所在的 2027 年没有节假日安排数据（已有 2019–2026 年）；请先导入国务院办公厅当年的放假通知\n")
        let bad = try gongkai("deadline", "--received", "2021-13-01")
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("--received 的日期 “2021-13-01” 无效（应为 YYYY-MM-DD）"))
    }
}
