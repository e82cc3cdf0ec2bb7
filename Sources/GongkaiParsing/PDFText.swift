import Foundation

/// The text layer of a PDF, through `pdftotext` (Debian's poppler-utils) with its layout mode, which keeps table
/// rows on one line with their cells apart.
public enum PDFText {
    /// How long pdftotext may run on one file, in seconds; past it the tool is stopped and the file refused (a crafted
    /// PDF kept it busy for 21 s while a server waited). Set once at start (`gongkai serve`); 30 s by default.
    /// `GONGKAI_TOOL_TIME_LIMIT` (seconds) sets it for the command line.
    nonisolated(unsafe) public static var timeLimit: Double =
        ProcessInfo.processInfo.environment["GONGKAI_TOOL_TIME_LIMIT"].flatMap(Double.init).flatMap { $0 > 0 ? $0 : nil } ?? 30

    /// The text layer in reading order (no layout), for checks that look for words, not cells.
    public static func plainText(of bytes: [UInt8]) throws(ReadError) -> String {
        try run(bytes, layout: false)
    }

    public static func text(of bytes: [UInt8]) throws(ReadError) -> String {
        let text = try run(bytes, layout: true)
        // pdftotext separates columns with runs of spaces: make them cells.
        let (centred, joined) = joinCentredWraps(text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            .filter { !isPageNumber($0) })
        let lines = joinWrappedDigits(centred, keeping: joined)
        return lines.map { columns($0).joined(separator: "\t") }.joined(separator: "\n")
    }

    private static func run(_ bytes: [UInt8], layout: Bool) throws(ReadError) -> String {
        // GONGKAI_PDFTOTEXT names the tool where it is not on PATH.
        let configured = ProcessInfo.processInfo.environment["GONGKAI_PDFTOTEXT"].map { URL(fileURLWithPath: $0) }
        guard let tool = configured ?? executable("pdftotext") else {
            throw ReadError(reason: "读取 PDF 需要 pdftotext，请安装 Debian 软件包 poppler-utils（apt-get install poppler-utils）")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-pdf-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("in.pdf")
        let output = directory.appendingPathComponent("out.txt")
        let errorsFile = directory.appendingPathComponent("err.txt")
        let process = Process()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(bytes).write(to: input)
            _ = FileManager.default.createFile(atPath: errorsFile.path, contents: nil)
            process.executableURL = tool
            process.arguments = [layout ? "-layout" : "-raw", "-enc", "UTF-8", input.path, output.path]
            // A file, not a pipe: a pipe's buffer could fill while the tool waits and we wait for it.
            process.standardError = try FileHandle(forWritingTo: errorsFile)
            process.standardOutput = FileHandle.nullDevice
            try process.run()
        } catch {
            throw ReadError(reason: "无法运行 pdftotext（\(error.localizedDescription)）")
        }
        let limit = timeLimit
        let deadline = Date().addingTimeInterval(limit)
        while process.isRunning, Date() < deadline { usleep(5_000) }
        if process.isRunning {
            process.terminate()
            usleep(100_000)
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            throw ReadError(reason: "PDF 文件读取超时：pdftotext 超过 \(Int(limit)) 秒仍未完成（文件可能过于复杂或已损坏），已停止")
        }
        process.waitUntilExit()
        let message = (try? String(contentsOf: errorsFile, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0, let data = FileManager.default.contents(atPath: output.path) else {
            let detail = message.split(separator: "\n").first.map(String.init) ?? "退出码 \(process.terminationStatus)"
            throw ReadError(reason: "PDF 文件无法读取（pdftotext：\(detail)）")
        }
        let text = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\u{0C}", with: "")
        guard text.contains(where: { !$0.isWhitespace }) else {
            throw ReadError(reason: "PDF 文件没有文字层（可能是扫描件），无法读取")
        }
        return text
    }

    /// A page's number in its footer, between dashes (`— 3 —`, `-3-`, `－ 3 －`) or as `第 3 页`, `第 3 页 共 7 页`,
    /// `共 7 页 第 3 页`, `第3页/共7页`: no part of the report, and it stands between a table's rows and between the
    /// signature's agency and date when they fall on two pages.
    static func isPageNumber(_ line: String) -> Bool {
        let t = line.filter { !$0.isWhitespace }
        guard !t.isEmpty, t.count <= 16 else { return false }
        let dashes: Set<Character> = ["—", "–", "-", "－", "―", "─"]
        if t.hasPrefix("第") || t.hasPrefix("共"), t.hasSuffix("页") {
            return t.contains { $0.isASCII && $0.isNumber }
                && t.allSatisfy { $0.isASCII && $0.isNumber || "第共页/，,、 ".contains($0) }
        }
        guard let first = t.first, let last = t.last, dashes.contains(first), dashes.contains(last) else { return false }
        let middle = t.drop { dashes.contains($0) }.reversed().drop { dashes.contains($0) }
        return !middle.isEmpty && middle.count <= 3 && middle.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// A word of a layout line and the character column it starts at.
    struct Word {
        var text: String
        let column: Int
        var isNumber: Bool { !text.isEmpty && text.allSatisfy { $0.isASCII && ($0.isNumber || $0 == ".") } }
    }

    static func words(_ line: String) -> [Word] {
        var words: [Word] = []
        var current = ""
        var start = 0
        for (i, c) in line.enumerated() {
            if c == " " || c == "\u{3000}" {
                if !current.isEmpty { words.append(Word(text: current, column: start)); current = "" }
            } else {
                if current.isEmpty { start = i }
                current.append(c)
            }
        }
        if !current.isEmpty { words.append(Word(text: current, column: start)) }
        return words
    }

    /// Narrow table cells wrap long numbers: `23` on the row's line and `0` on the next, in the same column. A line
    /// whose numbers all stand exactly under numbers of the line above (and that has fewer of them) continues those
    /// numbers; its digits are appended to them, and its other words (a wrapped label) are kept on a line of their own.
    /// Not when the line above is a row that balances (its last number the sum of the others) and would not after:
    /// then the digits below are the top of the next row's numbers, wrapped around its label's line (cells centred
    /// vertically), and are no part of the row above.
    /// `keeping`: lines (by index) that neither continue the line above nor are continued (numbers already joined).
    static func joinWrappedDigits(_ lines: [String], keeping kept: Set<Int> = []) -> [String] {
        var out: [String] = []
        var previousWords: [Word]?
        var previousIndex = -1
        for (index, line) in lines.enumerated() {
            let words = Self.words(line)
            let numbers = words.filter(\.isNumber)
            if kept.contains(index) {
                out.append(line)
                previousWords = nil
                continue
            }
            if var above = previousWords, !numbers.isEmpty {
                let aboveNumbers = above.indices.filter { above[$0].isNumber }
                let targets = numbers.map { n in aboveNumbers.first { above[$0].column == n.column } }
                var joined = above
                for (n, target) in zip(numbers, targets) { if let t = target { joined[t].text += n.text } }
                if numbers.count < aboveNumbers.count, targets.allSatisfy({ $0 != nil }),
                   words.filter({ !$0.isNumber }).allSatisfy({ w in aboveNumbers.allSatisfy { above[$0].column > w.column } }),
                   !(balances(above) && !balances(joined))
                {
                    above = joined
                    out[previousIndex] = render(above)
                    previousWords = above
                    let rest = words.filter { !$0.isNumber }
                    if !rest.isEmpty { out.append(render(rest)) }
                    continue
                }
            }
            out.append(line)
            previousWords = numbers.isEmpty ? nil : words
            previousIndex = out.count - 1
        }
        return out
    }

    /// Put first on a line of numbers joined by `joinCentredWraps`, so that the reader knows them for the missing
    /// numbers of the row below (a private-use character: no report writes it).
    static let wrapMark: Unicode.Scalar = "\u{E000}"
    /// Put first on a line of numbers only that stands over a row and continues nothing above it: the first digits of
    /// the row's long numbers, wrapped in cells whose numbers sit at their foot (`126` over `17`). Which of the row's
    /// numbers they begin is left to the row's totals.
    static let prefixMark: Unicode.Scalar = "\u{E001}"

    /// A cell centred vertically wraps a long number around its row's line: `103` on the line above the label's, `5`
    /// on the line below (the label's line holds the row's other numbers). A line of numbers only (a few characters of
    /// a merged label may stand before them) whose numbers each stand over one of the same count on the line after
    /// next is such a pair when it continues nothing above it and the line between has numbers: its numbers become
    /// the joined ones (`1035`) after `wrapMark` (the label's characters before them go: they are in the row's label
    /// column, read from the lines around), the lower line loses its numbers, and the reader places them in the row
    /// (the row's totals choose where). Returns the lines and the indices of the joined lines.
    static func joinCentredWraps(_ lines: [String]) -> (lines: [String], joined: Set<Int>) {
        var out = lines
        var joined: Set<Int> = []
        let words = lines.map(Self.words)
        func fragments(_ line: [Word], maxLabel: Int) -> [Word]? {
            let numbers = line.filter(\.isNumber)
            guard let first = numbers.first, numbers.allSatisfy({ !$0.text.contains(".") }) else { return nil }
            let others = line.filter { !$0.isNumber }
            guard others.allSatisfy({ $0.column < first.column && $0.text.count <= maxLabel }) else { return nil }
            return numbers
        }
        // Numbers standing exactly under those of the line above a row still short of its total are that row's wrapped
        // end (`joinWrappedDigits` joins them), not the start of the next row's.
        func continuesRowAbove(_ i: Int, _ top: [Word]) -> Bool {
            guard i > 0, !joined.contains(i - 1) else { return false }
            let above = words[i - 1].filter(\.isNumber)
            return !above.isEmpty && top.allSatisfy { t in above.contains { $0.column == t.column } } && !balances(words[i - 1])
        }
        var i = 0
        while i + 2 < lines.count {
            defer { i += 1 }
            guard !joined.contains(i), let top = fragments(words[i], maxLabel: 4), top.count <= 3,
                  let bottom = fragments(words[i + 2], maxLabel: 12), bottom.count == top.count,
                  zip(top, bottom).allSatisfy({ abs($0.column - $1.column) <= 3 }) else { continue }
            // The row between is short of these numbers (a whole row of table 三 has seven; its zeros may "balance").
            let row = words[i + 1].filter(\.isNumber)
            guard !row.isEmpty, row.count + top.count <= 7, !continuesRowAbove(i, top) else { continue }
            var upper = words[i]
            var k = 0
            for j in upper.indices where upper[j].isNumber {
                upper[j].text += bottom[k].text
                k += 1
            }
            out[i] = render([Word(text: String(wrapMark), column: 0)] + upper.filter(\.isNumber))
            out[i + 2] = render(words[i + 2].filter { !$0.isNumber })
            joined.insert(i)
            joined.insert(i + 2)
        }
        // The first digits of numbers at the foot of their cells: a line of a few numbers only over a row with more.
        for i in 0..<max(0, lines.count - 1) where !joined.contains(i) && !joined.contains(i + 1) {
            guard let top = fragments(words[i], maxLabel: 4), top.count <= 3 else { continue }
            let row = words[i + 1].filter(\.isNumber)
            guard row.count > top.count, row.count <= 7, !continuesRowAbove(i, top) else { continue }
            out[i] = render([Word(text: String(prefixMark), column: 0)] + top)
            joined.insert(i)
        }
        return (out, joined)
    }

    /// Whether a line's numbers (three or more, whole numbers) are a row whose last number is the sum of the others.
    static func balances(_ words: [Word]) -> Bool {
        let numbers = words.filter(\.isNumber).map { Int($0.text) }
        guard numbers.count >= 3, let total = numbers.last ?? nil else { return false }
        var sum = 0
        for n in numbers.dropLast() {
            guard let n else { return false }
            sum += n
        }
        return sum == total
    }

    /// A line with its words at their columns again.
    static func render(_ words: [Word]) -> String {
        var line = ""
        for word in words {
            let pad = word.column - line.count
            line += String(repeating: " ", count: max(pad, line.isEmpty ? 0 : 2)) + word.text
        }
        return line
    }

    /// Splits a layout line at runs of two or more spaces.
    static func columns(_ line: String) -> [String] {
        var cells: [String] = []
        var current = ""
        var spaces = 0
        for c in line {
            if c == " " || c == "\u{3000}" {
                spaces += 1
                continue
            }
            if spaces >= 2, !current.isEmpty { cells.append(current); current = "" } else if spaces == 1, !current.isEmpty { current.append(" ") }
            spaces = 0
            current.append(c)
        }
        if !current.isEmpty { cells.append(current) }
        return cells
    }

    /// The executable of that name on the PATH.
    public static func executable(_ name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let url = URL(fileURLWithPath: String(dir)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }
}
