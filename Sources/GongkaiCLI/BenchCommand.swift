import ArgumentParser
import Foundation
import GongkaiCore
import GongkaiParsing
import GongkaiRendering
import GongkaiSamples

/// `gongkai bench`: measurements of speed, reported as figures (never asserted by tests).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "性能测量（在 release 构建下运行）。",
        subcommands: [Checks.self, Parse.self, Tables.self, Search.self, Oversee.self]
    )

    /// A line of /proc/self/status in MB (`VmHWM`, `RssAnon`…); nil where /proc does not tell.
    static func statusMB(_ key: String) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix(key + ":") }),
              let kb = Int(line.split(separator: " ").dropFirst().first ?? "")
        else { return nil }
        return kb / 1024
    }

    /// The peak of the process's anonymous memory (its own: not the mapped files — the program, and the database file
    /// SQLite maps — which the resident peak counts too) while `body` runs, sampled every 20 ms.
    static func anonymousPeak<T>(_ body: () async throws -> T) async rethrows -> (T, Int?) {
        let peak = MemoryPeak()
        let sampler = Thread {
            while !peak.stopped {
                peak.see(statusMB("RssAnon"))
                Thread.sleep(forTimeInterval: 0.02)
            }
        }
        sampler.start()
        let result = try await body()
        peak.see(statusMB("RssAnon"))
        peak.stop()
        return (result, peak.value)
    }

    /// `，内存峰值 N MB（其中匿名内存 M MB）` for a phase's line.
    static func memoryNote(anonymous: Int?) -> String {
        guard let resident = statusMB("VmHWM") else { return "" }
        return "，内存峰值 \(resident) MB" + (anonymous.map { "（其中进程自身的匿名内存 \($0) MB；其余是映射的文件：程序本身，SQLite 时还有数据库文件）" } ?? "")
    }

    /// Starts a new measure of the resident peak (`VmHWM`) from the memory in use now (Linux: `clear_refs` 5).
    static func resetPeakMemory() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    /// Seconds since a start, as a Double.
    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    struct Parse: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "parse",
            abstract: "测量读取速度：各种格式的报告每秒读取份数（单核），并在同一次运行中测量 pandoc 把同样的 DOCX 转为纯文本、pdftotext 读同样的 PDF 的用时。",
            discussion: "报告按真实报告的篇幅生成（各单位自己的文字，平均约 9.5 KB；真实报告 6–15 KB，样例 6–8 KB）；--length 0 为生成器的套话（约 3.4 KB）。"
        )

        @Option(help: "每种格式生成的不同报告份数。")
        var reports = 200

        @Option(help: "每轮每种格式至少测量的秒数。")
        var seconds = 1.0

        @Option(help: "轮数（报告最快一轮与中位数；虚拟机上单轮的速度波动可达三成）。")
        var rounds = 5

        @Option(help: "随机种子。")
        var seed: UInt64 = 2025

        @Option(help: "正文篇幅倍数：0 为生成器的套话（约 3.4 KB），3 约为真实报告的篇幅。")
        var length = 3

        @Option(help: "PDF 份数（由 LibreOffice 从 DOCX 转成，需要 soffice 与 pdftotext；0 为不测 PDF）。")
        var pdfs = 40

        @Option(help: "只测量这一种：tabs、lines、glued、gb18030、portal、md、md-spanned、html、docx、pdf。")
        var only: String?

        @Option(help: "把生成的各种格式的报告写到这个目录（例如作为模糊测试的语料），不做测量。")
        var writeSamples: String?

        func validate() throws {
            guard reports > 0, seconds > 0, rounds > 0 else { throw ValidationError("--reports、--seconds 和 --rounds 必须为正数") }
            guard (0...10).contains(length), pdfs >= 0 else { throw ValidationError("--length 须在 0–10 之间，--pdfs 不能为负数") }
            guard only != "pdf" || pdfs > 0 else { throw ValidationError("--only pdf 需要 --pdfs 大于 0") }
        }

        func run() throws {
            var rng = SeededGenerator(seed: seed)
            let samples = (0..<reports).map { i in
                var report = ReportGenerator().report(format: i % 4 == 0 ? .y2019 : .y2021,
                                                      scale: ReportGenerator.Scale.allCases[i % 3], using: &rng)
                // Each unit's own words at a real report's length (the generator's set phrases are short).
                if length > 0 {
                    report.agency = OversightShapes.unitNames(1, using: &rng)[0]
                    report.sections = OversightShapes.sections(for: report, length: Int.random(in: max(1, length - 1)...length + 1, using: &rng),
                                                               using: &rng)
                }
                return report
            }
            let docx = try samples.map { try DocxShapes.docx($0) }
            let wantsPDF = pdfs > 0 && (only == nil || only == "pdf")
            let pdf = wantsPDF ? try Self.pdfs(Array(samples.prefix(pdfs))) : nil
            var all: [(key: String, name: String, files: () -> [[UInt8]])] = [
                ("tabs", "文本（制表符分隔）", { samples.map { Array(ReportShapes.text($0, layout: .tabs).utf8) } }),
                ("lines", "文本（一格一行）", { samples.map { Array(ReportShapes.text($0, layout: .cellPerLine).utf8) } }),
                ("glued", "文本（数字粘连）", { samples.map { Array(ReportShapes.text($0, layout: .glued).utf8) } }),
                ("gb18030", "文本（GB18030）", { samples.map { [UInt8](ReportShapes.text($0, layout: .tabs).data(using: String.Encoding(rawValue: 0x8000_0632)) ?? Data()) } }),
                ("portal", "文本（爬取的门户页面，正文一行、数字粘连）", { samples.map { Array(ReportShapes.portalPage($0).utf8) } }),
                ("md", "Markdown", { samples.map { Array(MarkdownRenderer.render($0).utf8) } }),
                ("md-spanned", "Markdown（转换器重复合并单元格）", { samples.map { Array(ReportShapes.spannedMarkdown($0).utf8) } }),
                ("html", "HTML（门户页面）", { samples.map { Array(ReportShapes.html($0).utf8) } }),
                ("docx", "DOCX", { docx.map { [UInt8]($0) } }),
            ]
            if let pdf { all.append(("pdf", "PDF（机关排版的 DOCX 经 LibreOffice 转成；含 pdftotext 进程）", { pdf })) }
            if let dir = writeSamples {
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                let extensions = ["md": "md", "md-spanned": "md", "html": "html", "docx": "docx", "pdf": "pdf"]
                var count = 0
                for kind in all where only == nil || kind.key == only {
                    for (i, file) in kind.files().enumerated() {
                        let path = (dir as NSString).appendingPathComponent("\(kind.key)-\(i).\(extensions[kind.key] ?? "txt")")
                        try Data(file).write(to: URL(fileURLWithPath: path))
                        count += 1
                    }
                }
                print("已写入 \(count) 个文件到 \(dir)")
                return
            }
            guard only == nil || all.contains(where: { $0.key == only }) else {
                throw ValidationError("--only 不认识「\(only!)」；可选：\((all.map(\.key) + (pdf == nil ? ["pdf"] : [])).joined(separator: "、"))")
            }
            let kinds = all.filter { only == nil || $0.key == only }.map { ($0.key, $0.name, $0.files()) }
            print("每种格式 \(reports) 份不同的报告（PDF \(pdf?.count ?? 0) 份），单核；\(rounds) 轮，每轮至少 \(seconds) 秒")
            for (key, name, files) in kinds {
                // A PDF read runs pdftotext: one round over the files is enough, and several take long.
                let rounds = key == "pdf" ? 1 : rounds, seconds = key == "pdf" ? 0 : seconds
                var rates: [Double] = []
                var read = 0
                for _ in 0..<rounds {
                    let clock = ContinuousClock()
                    let start = clock.now
                    var count = 0
                    repeat {
                        for file in files {
                            read += try ReportReader.read(bytes: file).table3 == nil ? 0 : 1
                            count += 1
                        }
                    } while BenchCommand.seconds(clock.now - start) < seconds
                    rates.append(Double(count) / BenchCommand.seconds(clock.now - start))
                }
                rates.sort()
                let size = files.reduce(0) { $0 + $1.count } / files.count
                print(String(format: "%@：每秒 %.0f 份（最快一轮），中位 %.0f 份；平均每份 %d 字节",
                             name, rates.last ?? 0, rates[rates.count / 2], size))
                if read == 0 { print("（警告：没有读出任何表三）") }
            }
            if only == nil || only == "docx" { try pandoc(docx) }
            if let pdf { try pdftotext(pdf) }
        }

        /// PDFs as agencies print them (Word → PDF by LibreOffice: A4, page numbers, narrow columns).
        static func pdfs(_ reports: [AnnualReport]) throws -> [[UInt8]] {
            guard PDFText.executable("soffice") != nil, PDFText.executable("pdftotext") != nil else {
                throw ValidationError("测量 PDF 需要 LibreOffice 与 pdftotext（bash scripts/setup）；或用 --pdfs 0 不测 PDF")
            }
            return try DocxShapes.pdfs(from: reports.map { try DocxShapes.docx($0, style: .agency) }).map { [UInt8]($0) }
        }

        /// pdftotext alone on the same PDF files, one process per file (what reading a PDF costs before any number is read).
        func pdftotext(_ files: [[UInt8]]) throws {
            guard let tool = PDFText.executable("pdftotext") else { return }
            try Self.timeTool(tool, files: files.map { Data($0) }, extension: "pdf", "pdftotext -layout（仅转换，不含读取数字）") { path in
                ["-layout", "-enc", "UTF-8", path, path + ".txt"]
            }
        }

        /// pandoc turning the same DOCX files into plain text, one process per file, as a crawler pipeline would.
        func pandoc(_ files: [Data]) throws {
            guard let tool = PDFText.executable("pandoc") else {
                print("pandoc：未安装（apt-get install pandoc），未测量")
                return
            }
            try Self.timeTool(tool, files: files, extension: "docx", "pandoc（DOCX → 纯文本，仅转换，不含读取数字）") { path in
                ["-t", "plain", path, "-o", path + ".txt"]
            }
        }

        /// Runs `tool` once per file (written to a scratch folder first) and prints how many files a second it took.
        static func timeTool(_ tool: URL, files: [Data], extension ext: String, _ name: String,
                             arguments: (String) -> [String]) throws {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-bench-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let paths = try files.enumerated().map { i, data in
                let url = dir.appendingPathComponent("r\(i).\(ext)")
                try data.write(to: url)
                return url.path
            }
            let clock = ContinuousClock()
            let start = clock.now
            for path in paths {
                let process = Process()
                process.executableURL = tool
                process.arguments = arguments(path)
                try process.run()
                process.waitUntilExit()
            }
            let elapsed = BenchCommand.seconds(clock.now - start)
            print(String(format: "%@：每秒 %.1f 份（%d 份共 %.2f 秒）", name, Double(paths.count) / elapsed, paths.count, elapsed))
        }
    }

    struct Checks: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "测量检查速度：对随机生成的报告运行全部检查，给出每秒检查份数。"
        )

        @Option(help: "报告份数。")
        var count = 10_000

        @Option(help: "重复次数（取中位数）。")
        var runs = 5

        @Option(help: "随机种子。")
        var seed: UInt64 = 2024

        @Flag(help: "只有表格、没有正文的报告（不计正文数字核对的耗时）。")
        var tablesOnly = false

        func validate() throws {
            guard count > 0, runs > 0 else { throw ValidationError("--count 和 --runs 必须为正数") }
        }

        func run() throws {
            var rng = SeededGenerator(seed: seed)
            let generator = ReportGenerator()
            let reports = (0..<count).map { i in
                var report = generator.report(
                    format: i % 4 == 0 ? .y2019 : .y2021, scale: ReportGenerator.Scale.allCases[i % 3], using: &rng)
                // One report in ten carries an error, so that message building is measured too.
                if i % 10 == 0, var t3 = report.table3 {
                    t3[.granted, 0] = (t3[.granted, 0] ?? 0) + 1
                    report.table3 = t3
                }
                if tablesOnly { report.sections = nil }
                return report
            }
            var seconds: [Double] = []
            var findingCount = 0
            for _ in 0..<runs {
                let clock = ContinuousClock()
                var found = 0
                let elapsed = clock.measure {
                    for report in reports { found += ReportChecker.check(report).count }
                }
                findingCount = found
                seconds.append(BenchCommand.seconds(elapsed))
            }
            seconds.sort()
            let median = seconds[seconds.count / 2]
            let content = tablesOnly ? "只有三张表" : "含六个部分的正文与三张表"
            print("检查 \(count) 份报告（\(content)，约一成有错），重复 \(runs) 次")
            print(String(format: "中位耗时 %.3f 秒，最快 %.3f 秒", median, seconds[0]))
            print(String(format: "每秒检查 %.0f 份（中位），单核", Double(count) / median))
            print("共发现 \(findingCount) 项问题")
        }
    }
}

/// The largest of the figures seen, and whether to stop looking (shared with the sampling thread).
final class MemoryPeak: @unchecked Sendable {
    private let lock = NSLock()
    private var peak: Int?
    private var done = false

    func see(_ value: Int?) {
        guard let value else { return }
        lock.withLock { peak = max(peak ?? 0, value) }
    }

    func stop() { lock.withLock { done = true } }
    var stopped: Bool { lock.withLock { done } }
    var value: Int? { lock.withLock { peak } }
}
