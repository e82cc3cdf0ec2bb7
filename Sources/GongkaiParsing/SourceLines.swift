import GongkaiCore

/// A line of the source as cells: tab-separated text, a Markdown pipe row, or one cell for a plain line.
struct SourceLine {
    /// 1-based line number in the source.
    let number: Int
    /// The line's text with Markdown markers and converter artefacts removed.
    let text: String
    /// The cells, trimmed; empty cells are kept (their position matters in tab and pipe rows).
    let cells: [String]
    /// Whether the line was a Markdown heading (`# …`).
    let isMarkdownHeading: Bool
    /// Whether the line is a row of a real table grid (HTML, DOCX), where every cell stands in its column.
    var isGridRow = false
    /// Whether a cell may hold a space (false only when the line's bytes were seen to hold none): the scalar stream
    /// looks for spaces between digits only then.
    var mayHaveSpace = true

    var isBlank: Bool { cells.allSatisfy(\.isEmpty) }
}

/// Splits a text into ``SourceLine``s.
enum SourceLines {
    static func split(_ text: String) -> [SourceLine] {
        var text = text
        return text.withUTF8 { bytes in
            var result: [SourceLine] = []
            var number = 0
            // Split on the bytes: \n, \r\n and \r end a line.
            var start = 0
            var i = 0
            while i <= bytes.count {
                if i == bytes.count || bytes[i] == 0x0A || bytes[i] == 0x0D {
                    number += 1
                    let raw = UnsafeBufferPointer(rebasing: bytes[start..<i])
                    // A page's number (a PDF's footer kept by the converter), or the margins a browser prints on each
                    // page (the time and page title, the address and page count), stand between a table's rows: no
                    // part of it.
                    if !(mayBePageNumber(raw) && PDFText.isPageNumber(String(decoding: raw, as: UTF8.self))),
                       !(mayBePrintMargin(raw) && isPrintMargin(String(decoding: raw, as: UTF8.self))) {
                        result.append(line(raw, number: number))
                    }
                    if i < bytes.count, bytes[i] == 0x0D, i + 1 < bytes.count, bytes[i + 1] == 0x0A { i += 1 }
                    start = i + 1
                }
                i += 1
            }
            return result
        }
    }

    /// Whether a line's bytes can be a page number (see ``PDFText/isPageNumber(_:)``), looked at cheaply: short, with
    /// a digit, and with 页 or a dash in it.
    static func mayBePageNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count <= 48, bytes.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) else { return false }
        // 页 is E9 A1 B5; the dashes are -, — E2 80 94, – E2 80 93, ― E2 80 95, ─ E2 94 80, － EF BC 8D.
        for k in bytes.indices {
            let byte = bytes[k]
            if byte == 0x2D { return true }
            guard byte == 0xE9 || byte == 0xE2 || byte == 0xEF, k + 2 < bytes.endIndex else { continue }
            let (b, c) = (bytes[k + 1], bytes[k + 2])
            if byte == 0xE9, b == 0xA1, c == 0xB5 { return true }
            if byte == 0xE2, b == 0x80 && (0x93...0x95).contains(c) || b == 0x94 && c == 0x80 { return true }
            if byte == 0xEF, b == 0xBC, c == 0x8D { return true }
        }
        return false
    }

    /// Whether a line's bytes can be a browser's print margin (see ``isPrintMargin(_:)``): it starts, after spaces,
    /// with `http`, `www.` or four digits and a slash.
    static func mayBePrintMargin(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let start = bytes.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }), bytes.endIndex - start >= 8 else { return false }
        let head = bytes[start..<(start + 5)]
        if head.starts(with: "http".utf8) || head.starts(with: "www.".utf8) { return true }
        return head.prefix(4).allSatisfy { $0 >= 0x30 && $0 <= 0x39 } && head.last == UInt8(ascii: "/")
    }

    /// A browser's print margin, kept when a portal page was printed to PDF and the PDF turned into text: the page's
    /// address alone or with its page count (`https://…/art_1.html  3/5`), or the time of printing alone or with the
    /// page's title (`2025/1/20 10:15  某某局2024年政府信息公开工作年度报告`).
    static func isPrintMargin(_ line: String) -> Bool {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\u{3000}" }).map(String.init)
        guard let first = words.first else { return false }
        func isPageCount(_ word: String) -> Bool {
            let parts = word.split(separator: "/", omittingEmptySubsequences: false)
            return parts.count == 2 && parts.allSatisfy { !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
        }
        if first.hasPrefix("http://") || first.hasPrefix("https://") || first.hasPrefix("www.") {
            return words.dropFirst().allSatisfy(isPageCount)
        }
        // 2025/1/20 10:15, 2025/1/20 上午10:15
        let date = first.split(separator: "/")
        guard date.count == 3, date.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }), date[0].count == 4,
              words.count >= 2 else { return false }
        var rest = words.dropFirst(2)
        var time = words[1]
        if time == "上午" || time == "下午", words.count >= 3 { (time, rest) = (words[2], words.dropFirst(3)) }
        for mark in ["上午", "下午"] where time.hasPrefix(mark) { time.removeFirst(2) }
        let clock = time.split(separator: ":")
        guard clock.count == 2, clock.allSatisfy({ !$0.isEmpty && $0.count <= 2 && $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return false }
        return rest.isEmpty || DocumentHeader.isTitle(rest.joined())
    }

    /// A line from its UTF-8 bytes.
    static func line(_ bytes: UnsafeBufferPointer<UInt8>, number: Int) -> SourceLine {
        // Most lines are plain: no Markdown, no converter artefacts. They take a path that touches each byte once
        // and makes one string of the line (and one of each cell of a tab row).
        var pipes = false
        var tabs = false
        var spaces = false
        for (i, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "|") { pipes = true; continue }
            if byte == 9 { tabs = true; continue }
            // A space, U+00A0 (C2 A0) or U+3000 (E3 80 80).
            if byte == 0x20 || byte == 0xA0 && i >= 1 && bytes[i - 1] == 0xC2
                || byte == 0x80 && i >= 2 && bytes[i - 1] == 0x80 && bytes[i - 2] == 0xE3 { spaces = true; continue }
            if byte == UInt8(ascii: "#") || byte == UInt8(ascii: "*") || byte == UInt8(ascii: "_")
                || byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "[") {
                return line(String(decoding: bytes, as: UTF8.self), number: number, markdown: true)
            }
            // The artefacts ``removeArtefacts(_:)`` takes out: U+200B (E2 80 8B) and U+FEFF (EF BB BF) — not every
            // character led by E2 or EF, which are also “” — （）：， and made most lines of a Chinese table slow.
            if byte == 0xE2, i + 2 < bytes.count, bytes[i + 1] == 0x80, bytes[i + 2] == 0x8B
                || byte == 0xEF && i + 2 < bytes.count && bytes[i + 1] == 0xBB && bytes[i + 2] == 0xBF {
                return line(String(decoding: bytes, as: UTF8.self), number: number, markdown: true)
            }
        }
        guard !pipes else { return line(String(decoding: bytes, as: UTF8.self), number: number, markdown: false) }
        let stripped = bytes.string(trimmed(bytes, 0..<bytes.count))
        let cells = tabs ? splitCells(bytes, separator: 9) : [stripped]
        var line = SourceLine(number: number, text: stripped, cells: cells, isMarkdownHeading: false)
        line.mayHaveSpace = spaces
        return line
    }

    /// The bytes of a range without the whitespace (Unicode's White_Space) at either end.
    static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
        var a = range.lowerBound, b = range.upperBound
        // Where the next scalar starts, when the one at `i` is white space.
        func whiteSpace(at i: Int) -> Int? {
            var next = i
            guard let value = TextNormalizer.nextScalar(bytes, &next), Unicode.Scalar(value)?.isWhiteSpace == true else { return nil }
            return next
        }
        while a < b, let next = whiteSpace(at: a) { a = next }
        while b > a {
            var k = b - 1
            while k > a, bytes[k] & 0xC0 == 0x80 { k -= 1 }
            guard whiteSpace(at: k) != nil else { break }
            b = k
        }
        return a..<b
    }

    /// A line whose bytes hold Markdown or converter artefacts (`markdown`), or else a pipe: ``line(_:number:)`` on
    /// the bytes takes the plain lines and says which of the two this is.
    static func line(_ raw: String, number: Int, markdown: Bool) -> SourceLine {
        if !markdown {
            let stripped = raw.trimmingWhitespace
            // A plain pipe row: `| 规章 | 0 | 0 | 0 |` (the separator row `| --- |` carries nothing).
            if stripped.utf8.first == UInt8(ascii: "|") || stripped.utf8.last == UInt8(ascii: "|") {
                var cells = splitCells(stripped, separator: UInt8(ascii: "|"))
                if cells.first == "" { cells.removeFirst() }
                if cells.last == "" { cells.removeLast() }
                if !cells.isEmpty, cells.allSatisfy(isSeparatorCell) {
                    return SourceLine(number: number, text: "", cells: [], isMarkdownHeading: false)
                }
                return SourceLine(number: number, text: cells.joined(separator: " "), cells: cells, isMarkdownHeading: false)
            }
            let cells = raw.containsByte(9) ? splitTabs(raw) : [stripped]
            return SourceLine(number: number, text: stripped, cells: cells, isMarkdownHeading: false)
        }
        var text = removeArtefacts(raw)
        var heading = false
        let trimmed = text.trimmingWhitespace
        // Markdown heading.
        if trimmed.utf8.first == UInt8(ascii: "#") {
            let hashes = trimmed.prefix { $0 == "#" }
            if hashes.count <= 6 {
                heading = true
                text = String(trimmed.dropFirst(hashes.count))
            }
        }
        // Foundation's string search is slow on Linux: look at the bytes first.
        if text.containsByte(UInt8(ascii: "*")) { text = text.removingASCII("**") }
        if text.containsByte(UInt8(ascii: "_")) { text = text.removingASCII("__") }
        text = unescapeMarkdown(text)
        let stripped = text.trimmingWhitespace
        // Markdown pipe row; the separator row (| --- | :---: |) carries nothing.
        if stripped.utf8.first == UInt8(ascii: "|") || stripped.utf8.last == UInt8(ascii: "|") {
            var cells = splitPipes(raw.trimmingWhitespace).map { cell in
                unescapeMarkdown(cell.containsByte(UInt8(ascii: "*")) ? cell.removingASCII("**") : cell)
                    .trimmingWhitespace
            }
            if cells.first == "" { cells.removeFirst() }
            if cells.last == "" { cells.removeLast() }
            if !cells.isEmpty, cells.allSatisfy(isSeparatorCell) {
                return SourceLine(number: number, text: "", cells: [], isMarkdownHeading: false)
            }
            return SourceLine(number: number, text: cells.joined(separator: " "), cells: cells, isMarkdownHeading: false)
        }
        let cells = text.containsByte(9)
            ? text.utf8.split(separator: 9, omittingEmptySubsequences: false).map {
                String(decoding: $0, as: UTF8.self).trimmingWhitespace
            }
            : [stripped]
        return SourceLine(number: number, text: stripped, cells: cells, isMarkdownHeading: heading)
    }

    /// A cell of a Markdown table's separator row (`---`, `:---:`): dashes, colons and spaces, a dash at least. On
    /// the scalars (String's `contains("-")` went through Foundation for every empty cell of every row).
    static func isSeparatorCell(_ cell: String) -> Bool {
        var dash = false
        for scalar in cell.unicodeScalars {
            switch scalar {
            case "-": dash = true
            case ":", "—", " ": continue
            default: return false
            }
        }
        return dash
    }

    /// The tab-separated cells of a line, each trimmed, cut and trimmed on the UTF-8 bytes.
    static func splitTabs(_ line: String) -> [String] { splitCells(line, separator: 9) }

    /// The cells of a line cut at a separator byte, each trimmed, on the UTF-8 bytes.
    static func splitCells(_ line: String, separator: UInt8) -> [String] {
        var copy = line
        return copy.withUTF8 { splitCells($0, separator: separator) }
    }

    /// The same on UTF-8 bytes.
    static func splitCells(_ bytes: UnsafeBufferPointer<UInt8>, separator: UInt8) -> [String] {
        var cells: [String] = []
        cells.reserveCapacity(bytes.reduce(1) { $1 == separator ? $0 + 1 : $0 })
        var start = 0
        func isSpaceAt(_ i: Int, forward: Bool) -> Int {
            // The length of a space ending (backward) or starting (forward) at i: ASCII, U+00A0 or U+3000.
            let b = bytes[i]
            if b == 0x20 || b == 0x0D || b == 0x0B || b == 0x0C { return 1 }
            if forward {
                if b == 0xC2, i + 1 < bytes.count, bytes[i + 1] == 0xA0 { return 2 }
                if b == 0xE3, i + 2 < bytes.count, bytes[i + 1] == 0x80, bytes[i + 2] == 0x80 { return 3 }
            } else {
                if b == 0xA0, i >= 1, bytes[i - 1] == 0xC2 { return 2 }
                if b == 0x80, i >= 2, bytes[i - 1] == 0x80, bytes[i - 2] == 0xE3 { return 3 }
            }
            return 0
        }
        for i in 0...bytes.count where i == bytes.count || bytes[i] == separator {
            var a = start, b = i
            while a < b { let n = isSpaceAt(a, forward: true); if n == 0 { break }; a += n }
            while b > a { let n = isSpaceAt(b - 1, forward: false); if n == 0 { break }; b -= n }
            cells.append(bytes.string(a..<b))
            start = i + 1
        }
        return cells
    }

    /// Splits a pipe row on the pipes that are not escaped; the cells keep their escapes (`\|`). On the UTF-8 bytes:
    /// `\` and `|` never occur inside a multi-byte character.
    static func splitPipes(_ row: String) -> [String] {
        var copy = row
        return copy.withUTF8 { bytes in
            var cells: [String] = []
            var start = 0
            var escaped = false
            for i in 0..<bytes.count {
                if escaped { escaped = false; continue }
                if bytes[i] == UInt8(ascii: "\\") { escaped = true; continue }
                if bytes[i] == UInt8(ascii: "|") {
                    cells.append(bytes.string(start..<i))
                    start = i + 1
                }
            }
            cells.append(bytes.string(start..<bytes.count))
            return cells
        }
    }

    /// `\|`, `\*`, `\[` … → the character itself.
    static func unescapeMarkdown(_ text: String) -> String {
        guard text.containsByte(UInt8(ascii: "\\")) else { return text }
        var out = ""
        var escaped = false
        for c in text {
            if escaped {
                if !"|*_`\\<[]#".contains(c) { out.append("\\") }
                out.append(c)
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else {
                out.append(c)
            }
        }
        if escaped { out.append("\\") }
        return out
    }

    /// Removes DOCX-converter artefacts such as `[bookmark: _GoBack]` and zero-width characters.
    static func removeArtefacts(_ line: String) -> String {
        var text = line
        if text.containsByte(UInt8(ascii: "[")), text.containsBytes("[bookmark:") {
            while let open = text.range(of: "[bookmark:"), let close = text[open.upperBound...].firstIndex(of: "]") {
                text.removeSubrange(open.lowerBound...close)
            }
        }
        if text.unicodeScalars.contains(where: { $0 == "\u{200B}" || $0 == "\u{FEFF}" }) {
            text.unicodeScalars.removeAll { $0 == "\u{200B}" || $0 == "\u{FEFF}" }
        }
        return text
    }
}

/// The whole document as one array of normalised scalars, cells separated by ``cellBreak`` and lines by
/// ``lineBreak``, with the source line of every scalar: the space in which table labels are searched.
struct ScalarStream {
    static let cellBreak: Unicode.Scalar = "\u{1F}"
    static let lineBreak: Unicode.Scalar = "\u{1E}"

    private(set) var scalars: [Unicode.Scalar] = []
    private(set) var lineOf: [Int] = []

    init(_ lines: [SourceLine]) {
        // Chinese text is three UTF-8 bytes a scalar; room for mostly-ASCII lines too, without growing often.
        let estimate = lines.reduce(0) { $0 + $1.text.utf8.count / 2 + $1.cells.count + 1 }
        scalars.reserveCapacity(estimate)
        lineOf.reserveCapacity(estimate)
        for line in lines {
            for cell in line.cells {
                if !line.mayHaveSpace || !Self.hasSpace(cell) {
                    append(cell, line: line.number)
                } else {
                    for part in Self.splitNumbers(cell) { append(part, line: line.number) }
                }
            }
            scalars.append(Self.lineBreak)
            lineOf.append(line.number)
        }
    }

    private mutating func append(_ cell: String, line: Int) {
        let added = TextNormalizer.appendComparableScalars(of: cell, to: &scalars)
        scalars.append(Self.cellBreak)
        lineOf.append(contentsOf: repeatElement(line, count: added + 1))
    }

    var count: Int { scalars.count }

    /// Whether a cell holds a space, a tab, a no-break space or an ideographic space: one pass over its bytes.
    static func hasSpace(_ cell: String) -> Bool {
        var copy = cell
        return copy.withUTF8 { b in
            var i = 0
            while i < b.count {
                switch b[i] {
                case 0x20, 0x09: return true
                case 0xC2 where i + 1 < b.count && b[i + 1] == 0xA0: return true
                case 0xE3 where i + 2 < b.count && b[i + 1] == 0x80 && b[i + 2] == 0x80: return true
                default: i += 1
                }
            }
            return false
        }
    }

    /// A cell cut where whitespace stands between two digits: `1 2` is two numbers, never 12 (normalisation removes
    /// spaces, so they must be cut before).
    static func splitNumbers(_ cell: String) -> [String] {
        // Only ASCII spaces and the ideographic space can stand between the digits of two cells.
        guard hasSpace(cell) else { return [cell] }
        var parts: [String] = []
        var current = String.UnicodeScalarView()
        var pendingSpace = false
        for s in cell.unicodeScalars {
            if s == " " || s == "\u{3000}" || s == "\u{00A0}" || s == "\t" {
                pendingSpace = true
                continue
            }
            if pendingSpace, let last = current.last, ("0"..."9").contains(last), ("0"..."9").contains(s) || s == "-" {
                parts.append(String(current))
                current = String.UnicodeScalarView()
            } else if pendingSpace {
                current.append(" ")
            }
            pendingSpace = false
            current.append(s)
        }
        parts.append(String(current))
        return parts
    }

    /// The first occurrence of a word at or after `from` and before `to`.
    func find(_ word: [Unicode.Scalar], from: Int, to: Int? = nil) -> Int? {
        scalars.firstIndex(ofWord: word, from: from, to: to)
    }

    subscript(range: Range<Int>) -> ArraySlice<Unicode.Scalar> { scalars[range] }
}

