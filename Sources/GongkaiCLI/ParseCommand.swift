import ArgumentParser
import Foundation
import GongkaiCore
import GongkaiParsing
import GongkaiRendering

/// `gongkai parse FILE` reads one published report into the report JSON; `gongkai parse PATHS... --out FILE.jsonl`
/// reads folders of thousands, in parallel.
struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "读取已发布的年度报告（文本、Markdown、HTML、DOCX、PDF），输出报告 JSON 及发现的问题。",
        discussion: """
            文件类型与编码均由内容识别（UTF-8、UTF-16、GB18030/GBK）。无法确定的数字留空（null）并给出 MISSING-CELL，\
            推算出的数字给出 CELL-INFERRED。
            给出多个文件、目录或 --out 时为批量模式：多核并行，每个文件输出一行 JSON（JSON Lines），最后给出汇总；\
            仅当有文件完全无法读取时退出码为 1。
            """
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case json, text
    }

    @Argument(help: "报告文件或目录（目录中的文件递归读取）。")
    var paths: [String]

    @Option(name: .long, help: "单个文件的输出格式：json（报告 JSON，默认）或 text（问题列表）。")
    var format: OutputFormat = .json

    @Option(name: .long, help: "批量模式：把结果写入这个 JSON Lines 文件（- 表示标准输出）。")
    var out: String?

    @Option(name: .long, help: "批量模式的并行数（默认为 CPU 核数）。")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        guard jobs > 0 else { throw ValidationError("--jobs 必须为正数") }
    }

    func run() throws {
        let batch = out != nil || paths.count > 1 || paths.contains { isDirectory($0) }
        if batch {
            try BatchParser(paths: paths, out: out ?? "-", jobs: jobs).run()
            return
        }
        let file = paths[0]
        let report = try CLI.withInputErrors { try Self.read(file) }
        switch format {
        case .json: try CLI.write(report.jsonText(), to: nil)
        case .text:
            let title = "\(file)：\(ReportTitle.text(of: report))（\(report.format.displayName)）"
            try CLI.write(FindingsTextRenderer.render(report.findings, title: title), to: nil)
        }
    }

    static func read(_ file: String) throws -> AnnualReport {
        let bytes = try CLI.read(file)
        do {
            return try ReportReader.read(bytes: bytes)
        } catch {
            throw InputError(file: file, reason: error.description)
        }
    }

    private func isDirectory(_ path: String) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
    }
}

/// Reads many files on all cores and writes one JSON line per file, in the order of the input.
struct BatchParser {
    let paths: [String]
    let out: String
    let jobs: Int

    /// The files under the paths: files as given, folders walked recursively (hidden files skipped), sorted.
    func files() throws -> [String] {
        var result: [String] = []
        for path in paths {
            var directory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &directory) else {
                throw InputError(file: path, reason: "文件或目录不存在")
            }
            guard directory.boolValue else { result.append(path); continue }
            guard let walker = FileManager.default.enumerator(atPath: path) else { continue }
            var found: [String] = []
            while let name = walker.nextObject() as? String {
                let full = (path as NSString).appendingPathComponent(name)
                var isDir: ObjCBool = false
                if name.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
                if FileManager.default.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue { found.append(full) }
            }
            result += found.sorted()
        }
        return result
    }

    func run() throws {
        // The output file may sit in a folder being read: it is never an input.
        let output = out == "-" ? nil : URL(fileURLWithPath: out).standardizedFileURL.path
        let files = try CLI.withInputErrors { try self.files() }
            .filter { URL(fileURLWithPath: $0).standardizedFileURL.path != output }
        guard let sink = out == "-" ? FileHandle.standardOutput : Self.create(out) else {
            CLI.printError("\(out)：无法创建输出文件")
            throw CLI.unusableInput
        }
        let progress = Progress(total: files.count, toTerminal: isatty(STDERR_FILENO) == 1)
        let clock = ContinuousClock()
        let started = clock.now
        var withErrors = 0, unreadable = 0
        // Chunks are read in parallel and written in input order, so that the output is the same run after run.
        let chunkSize = max(jobs * 16, 64)
        for chunkStart in stride(from: 0, to: files.count, by: chunkSize) {
            let chunk = Array(files[chunkStart..<min(files.count, chunkStart + chunkSize)])
            let results = Results(count: chunk.count)
            DispatchQueue.concurrentPerform(iterations: chunk.count) { i in
                results.set(i, Self.line(for: chunk[i]))
                progress.advance()
            }
            var text = ""
            for result in results.values {
                guard let result else { continue }
                text += result.line + "\n"
                if result.unreadable { unreadable += 1 } else if result.hasErrors { withErrors += 1 }
            }
            sink.write(Data(text.utf8))
        }
        if sink !== FileHandle.standardOutput { try? sink.close() }
        progress.finish()
        let elapsed = clock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let summary = "共 \(files.count) 个文件：有错误的报告 \(withErrors) 份，无法读取 \(unreadable) 个；"
            + String(format: "用时 %.1f 秒（%.0f 份/秒）", seconds, seconds > 0 ? Double(files.count) / seconds : 0)
        FileHandle.standardError.write(Data((summary + "\n").utf8))
        if unreadable > 0 { throw ExitCode(1) }
    }

    struct Result {
        let line: String
        let unreadable: Bool
        let hasErrors: Bool
    }

    static func line(for file: String) -> Result {
        do {
            let report = try ParseCommand.read(file)
            var json = report.json()
            if case .object(var members) = json.value {
                members.insert((key: "file", value: .string(file)), at: 0)
                json = JSON(.object(members))
            }
            return Result(line: JSONWriter.string(json, style: .compact), unreadable: false,
                          hasErrors: report.findings.contains { $0.severity == .error })
        } catch let error as InputError {
            let json = JSON.object([("file", .string(file)), ("error", .string(error.reason))])
            return Result(line: JSONWriter.string(json, style: .compact), unreadable: true, hasErrors: false)
        } catch {
            let json = JSON.object([("file", .string(file)), ("error", .string("\(error)"))])
            return Result(line: JSONWriter.string(json, style: .compact), unreadable: true, hasErrors: false)
        }
    }

    static func create(_ path: String) -> FileHandle? {
        guard FileManager.default.createFile(atPath: path, contents: nil) else { return nil }
        return FileHandle(forWritingAtPath: path)
    }

    /// Results of a chunk, written from several threads.
    final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private var storage: [Result?]
        init(count: Int) { storage = Array(repeating: nil, count: count) }
        func set(_ i: Int, _ value: Result) { lock.lock(); storage[i] = value; lock.unlock() }
        var values: [Result?] { lock.lock(); defer { lock.unlock() }; return storage }
    }

    /// A progress bar on a terminal, a plain line every tenth otherwise.
    final class Progress: @unchecked Sendable {
        private let lock = NSLock()
        private let total: Int
        private let toTerminal: Bool
        private var done = 0
        private var lastTenth = 0

        init(total: Int, toTerminal: Bool) {
            self.total = total
            self.toTerminal = toTerminal
        }

        func advance() {
            lock.lock()
            defer { lock.unlock() }
            done += 1
            if toTerminal {
                if done == total || done % 16 == 0 {
                    let width = 30
                    let filled = total == 0 ? width : done * width / total
                    let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
                    FileHandle.standardError.write(Data("\r\(bar) \(done)/\(total)".utf8))
                }
            } else if total > 0, done * 10 / total > lastTenth {
                lastTenth = done * 10 / total
                FileHandle.standardError.write(Data("已处理 \(done)/\(total)\n".utf8))
            }
        }

        func finish() {
            if toTerminal, total > 0 { FileHandle.standardError.write(Data("\n".utf8)) }
        }
    }
}
