#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Turns an HTML page into the reader's lines: block elements become lines, each table row becomes one line of
/// cells laid out on the table's real grid (`rowspan` and `colspan` give empty cells in the places they cover, as
/// a converter to text would), and a report kept inside a JavaScript string is taken out of it.
///
/// The tokenizer is tolerant the way browsers are: unclosed tags, stray `<`, attributes without quotes, and
/// comments are all accepted; nothing in a page can make it fail.
enum HTMLReader {
    /// Whether bytes decoded as text look like an HTML page.
    static func looksLikeHTML(_ text: String) -> Bool {
        // A tag name after `<`, compared case-insensitively on the bytes of the first 8 KB (in place: no copy).
        var copy = text
        return copy.withUTF8 { all in
            let bytes = UnsafeBufferPointer(rebasing: all.prefix(8192))
            var i = 0
            while i < bytes.count {
                guard let base = bytes.baseAddress, let found = memchr(base + i, Int32(UInt8(ascii: "<")), bytes.count - i) else { break }
                i = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                for tag in htmlTags where i + tag.count + 1 < bytes.count {
                    var j = 0
                    while j < tag.count, bytes[i + 1 + j] | 0x20 == tag[j] | 0x20 { j += 1 }
                    let after = bytes[i + 1 + tag.count]
                    if j == tag.count, after == UInt8(ascii: ">") || after == UInt8(ascii: " ") || after == UInt8(ascii: "/") {
                        return true
                    }
                }
                i += 1
            }
            return false
        }
    }

    private static let htmlTags = ["html", "!doctype", "body", "table", "div", "p", "meta", "span", "br"].map { Array($0.utf8) }

    static func lines(_ html: String) -> [SourceLine] {
        var visible = lines(fromMarkup: html)
        // A page whose report sits in a script: read the strings of its scripts as HTML.
        let hasReport = visible.contains { $0.text.containsBytes("本年新收") || $0.text.containsBytes("总体情况") }
        if !hasReport {
            let embedded = scriptStrings(html).filter {
                $0.containsByte(UInt8(ascii: "<")) && ($0.containsBytes("政府信息公开") || $0.containsBytes("本年新收"))
            }
            if !embedded.isEmpty { visible = lines(fromMarkup: embedded.joined(separator: "\n")) }
        }
        return visible
    }

    // MARK: - Tokens

    enum Token {
        case text(String)
        case open(name: String, attributes: [String: String])
        case close(name: String)
    }

    static func tokens(_ html: String) -> [Token] { tokenize(html, scripts: false).tokens }

    /// The tokens of a page, and the raw text of its script elements when asked for (copying every script of a portal
    /// page cost more than reading its tables).
    ///
    /// Read on the UTF-8 bytes: everything that makes markup (`<`, `>`, quotes, `=`, `/`, `!`, `-`, tag names) is
    /// ASCII, which never occurs inside a multi-byte character, so a text run is the bytes between two tags, decoded
    /// once (reading the page as an array of scalars had cost a third of reading an HTML report).
    static func tokenize(_ html: String, scripts wantScripts: Bool) -> (tokens: [Token], scripts: [String]) {
        var copy = html
        return copy.withUTF8 { s in tokenize(bytes: s, scripts: wantScripts) }
    }

    private static func tokenize(bytes s: UnsafeBufferPointer<UInt8>, scripts wantScripts: Bool) -> (tokens: [Token], scripts: [String]) {
        var tokens: [Token] = []
        var scripts: [String] = []
        let lt = UInt8(ascii: "<"), gt = UInt8(ascii: ">"), dash = UInt8(ascii: "-"), bang = UInt8(ascii: "!")
        var i = 0
        var textStart = 0
        func flushText(_ end: Int) {
            if end > textStart { tokens.append(.text(s.string(textStart..<end))) }
        }
        func lower(_ range: Range<Int>) -> String {
            // Tag names are ASCII: lower-cased byte by byte.
            String(unsafeUninitializedCapacity: range.count) { buffer in
                for (k, b) in s[range].enumerated() { buffer[k] = lowered(b) }
                return range.count
            }
        }
        while i < s.count {
            guard s[i] == lt, i + 1 < s.count else { i += 1; continue }
            let n = s[i + 1]
            // Comment.
            if n == bang, i + 3 < s.count, s[i + 2] == dash, s[i + 3] == dash {
                flushText(i)
                var j = i + 4
                while j + 2 < s.count, !(s[j] == dash && s[j + 1] == dash && s[j + 2] == gt) { j += 1 }
                i = min(s.count, j + 3)
                textStart = i
                continue
            }
            let isClose = n == UInt8(ascii: "/")
            let nameStart = isClose ? i + 2 : i + 1
            // As browsers do: a tag name starts with an ASCII letter; `<` before anything else is text.
            guard nameStart < s.count, isLetter(s[nameStart]) || n == bang || n == UInt8(ascii: "?") else {
                i += 1
                continue
            }
            // Find the end of the tag, respecting quoted attribute values.
            var j = nameStart
            var quote: UInt8 = 0
            while j < s.count {
                let b = s[j]
                if quote != 0 { if b == quote { quote = 0 } } else if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") { quote = b } else if b == gt { break }
                j += 1
            }
            flushText(i)
            let innerEnd = min(j, s.count)
            var k = nameStart
            while k < innerEnd, isLetter(s[k]) || (0x30...0x39).contains(s[k]) || s[k] == dash { k += 1 }
            let name = lower(nameStart..<k)
            i = min(s.count, j + 1)
            textStart = i
            if isClose {
                tokens.append(.close(name: name))
                continue
            }
            if name.isEmpty { continue }  // <!doctype>, <?xml?>
            tokens.append(.open(name: name, attributes: parseAttributes(s, k..<innerEnd)))
            // Raw-text elements: their content is not markup.
            if name == "script" || name == "style" || name == "textarea" || name == "title" {
                // The closing tag, compared without case on the bytes in place.
                let end = Array("</\(name)".utf8)
                var m = i
                while m + end.count <= s.count {
                    if s[m] == lt, (0..<end.count).allSatisfy({ lowered(s[m + $0]) == end[$0] }) { break }
                    m += 1
                }
                if name == "title" || (name == "script" && wantScripts) {
                    let content = s.string(i..<min(m, s.count))
                    if name == "title" { tokens.append(.text(content)) } else { scripts.append(content) }
                }
                var close = m
                while close < s.count, s[close] != gt { close += 1 }
                i = min(s.count, close + 1)
                textStart = i
                tokens.append(.close(name: name))
            }
        }
        flushText(s.count)
        return (tokens, scripts)
    }

    private static func isLetter(_ b: UInt8) -> Bool { (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) }
    private static func lowered(_ b: UInt8) -> UInt8 { (0x41...0x5A).contains(b) ? b | 0x20 : b }
    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (0x09...0x0D).contains(b) }

    private static func parseAttributes(_ s: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> [String: String] {
        var attributes: [String: String] = [:]
        var i = range.lowerBound
        let end = range.upperBound
        let slash = UInt8(ascii: "/"), equals = UInt8(ascii: "=")
        func skipSpace() { while i < end, isSpace(s[i]) || s[i] == slash { i += 1 } }
        while i < end {
            skipSpace()
            let nameStart = i
            while i < end, !isSpace(s[i]), s[i] != equals, s[i] != slash { i += 1 }
            let nameEnd = i
            skipSpace()
            var value = 0..<0
            if i < end, s[i] == equals {
                i += 1
                skipSpace()
                if i < end, s[i] == UInt8(ascii: "\"") || s[i] == UInt8(ascii: "'") {
                    let q = s[i]
                    i += 1
                    let start = i
                    while i < end, s[i] != q { i += 1 }
                    value = start..<i
                    i += 1
                } else {
                    let start = i
                    while i < end, !isSpace(s[i]) { i += 1 }
                    value = start..<i
                }
            }
            if nameEnd > nameStart { attributes[s.string(nameStart..<nameEnd).lowercased()] = s.string(value) }
            if nameEnd == nameStart { i += 1 }
        }
        return attributes
    }

    // MARK: - Lines

    private static let blockElements: Set<String> = [
        "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article", "header",
        "footer", "blockquote", "pre", "hr", "title", "dd", "dt", "center", "form", "caption", "main", "figure",
    ]

    /// Builds the lines of a page. Tables are laid out on their grid; everything else breaks at block elements.
    static func lines(fromMarkup html: String) -> [SourceLine] {
        var out: [SourceLine] = []
        var current = ""
        var number = 0
        func emit(_ cells: [String], grid: Bool = false) {
            number += 1
            out.append(SourceLine(number: number, text: cells.filter { !$0.isEmpty }.joined(separator: " "),
                                  cells: cells, isMarkdownHeading: false, isGridRow: grid))
        }
        func flushParagraph() {
            let text = collapse(current)
            if !text.isEmpty { emit([text]) }
            current = ""
        }
        var tables: [TableBuilder] = []
        var skipDepth = 0
        for token in tokens(html) {
            switch token {
            case let .text(t):
                guard skipDepth == 0 else { continue }
                let decoded = decodeEntities(t)
                if let table = tables.last { table.appendText(decoded) } else { current += decoded }
            case let .open(name, attributes):
                switch name {
                // Scripts and styles are not text; navigation and sidebars (asides) are not the report.
                case "script", "style", "textarea", "noscript", "nav", "aside": skipDepth += 1
                case "table":
                    if tables.isEmpty { flushParagraph() }
                    tables.last?.appendText(" ")
                    tables.append(TableBuilder())
                case "tr": tables.last?.startRow()
                case "td", "th":
                    tables.last?.startCell(rowspan: Int(attributes["rowspan"] ?? "") ?? 1,
                                           colspan: Int(attributes["colspan"] ?? "") ?? 1)
                default:
                    if let table = tables.last {
                        if name == "br" || name == "p" || name == "div" { table.appendText("\n") }
                    } else if blockElements.contains(name) {
                        flushParagraph()
                    }
                }
            case let .close(name):
                switch name {
                case "script", "style", "textarea", "noscript", "nav", "aside": skipDepth = max(0, skipDepth - 1)
                case "table":
                    guard let table = tables.popLast() else { continue }
                    if let outer = tables.last {
                        // A table inside a cell: its text joins the cell.
                        outer.appendText(table.rows().map { $0.joined(separator: " ") }.joined(separator: " "))
                    } else {
                        for row in table.rows() { emit(row, grid: true) }
                    }
                case "tr": tables.last?.endRow()
                case "td", "th": tables.last?.endCell()
                default:
                    if tables.isEmpty, blockElements.contains(name) { flushParagraph() }
                }
            }
        }
        if let table = tables.first { for row in table.rows() { emit(row, grid: true) } }
        flushParagraph()
        return out
    }

    /// Whitespace as a browser shows it: runs collapse to one space, ends trimmed (U+3000, the ideographic space,
    /// is kept: reports indent with it). On the UTF-8 bytes, copying runs of what is kept (appending scalar by scalar
    /// had cost a tenth of reading an HTML report).
    static func collapse(_ text: String) -> String {
        var copy = text
        let collapsed = copy.withUTF8 { bytes -> [UInt8]? in
            guard !bytes.isEmpty else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var space = false
            var run: Int?  // where the kept bytes being copied begin
            var i = 0
            while i < bytes.count {
                let b = bytes[i]
                // The scalar's length, and whether it is white space: ASCII's, and the few above it (all of them
                // two or three bytes, led by C2, E1, E2).
                var length = 1
                var white = false
                if b < 0x80 {
                    white = isSpace(b)
                } else {
                    length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
                    if i + length <= bytes.count, b == 0xC2 || b == 0xE1 || b == 0xE2 {
                        var value = UInt32(b & (length == 2 ? 0x1F : 0x0F))
                        for k in 1..<length { value = value << 6 | UInt32(bytes[i + k] & 0x3F) }
                        white = Unicode.Scalar(value)?.isWhiteSpace == true
                    }
                }
                if white {
                    if let start = run { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i])) }
                    run = nil
                    space = true
                } else if run == nil {
                    if space, !out.isEmpty { out.append(0x20) }
                    space = false
                    run = i
                }
                i += length
            }
            if let start = run { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<min(i, bytes.count)])) }
            // Nothing collapsed: the text as it is.
            let same = out.count == bytes.count && out.withUnsafeBufferPointer { memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }
            return same ? nil : out
        }
        return collapsed.map { String(decoding: $0, as: UTF8.self) } ?? text
    }

    // MARK: - Entities

    private static let named: [String: String] = [
        "nbsp": " ", "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "ldquo": "“", "rdquo": "”",
        "lsquo": "‘", "rsquo": "’", "mdash": "—", "ndash": "–", "hellip": "…", "middot": "·", "times": "×",
        "ensp": " ", "emsp": " ", "thinsp": " ", "yen": "¥", "copy": "©", "reg": "®", "deg": "°", "plusmn": "±",
    ]

    static func decodeEntities(_ text: String) -> String {
        guard text.containsByte(UInt8(ascii: "&")) else { return text }
        var out = ""
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            guard c == "&", let semi = text[i...].prefix(12).firstIndex(of: ";") else {
                out.append(c)
                i = text.index(after: i)
                continue
            }
            let name = String(text[text.index(after: i)..<semi])
            var replacement: String?
            if name.hasPrefix("#x") || name.hasPrefix("#X") {
                replacement = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
            } else if name.hasPrefix("#") {
                replacement = UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
            } else {
                replacement = named[name.lowercased()]
            }
            if let replacement {
                out += replacement
                i = text.index(after: semi)
            } else {
                out.append(c)
                i = text.index(after: i)
            }
        }
        return out
    }

    // MARK: - JavaScript strings

    /// The contents of the string literals in a page's scripts, unescaped.
    static func scriptStrings(_ html: String) -> [String] {
        let scripts = tokenize(html, scripts: true).scripts
        var strings: [String] = []
        for script in scripts {
            let s = Array(script.unicodeScalars)
            var i = 0
            var pieces: [String] = []
            while i < s.count {
                let q = s[i]
                guard q == "\"" || q == "'" || q == "`" else { i += 1; continue }
                var j = i + 1
                var value = String.UnicodeScalarView()
                while j < s.count, s[j] != q {
                    if s[j] == "\\", j + 1 < s.count {
                        let e = s[j + 1]
                        j += 2
                        switch e {
                        case "n": value.append("\n")
                        case "t": value.append("\t")
                        case "r": break
                        case "u":
                            if j + 4 <= s.count, let v = UInt32(String(String.UnicodeScalarView(s[j..<j + 4])), radix: 16),
                               let scalar = Unicode.Scalar(v)
                            {
                                value.append(scalar)
                                j += 4
                            }
                        case "x":
                            if j + 2 <= s.count, let v = UInt32(String(String.UnicodeScalarView(s[j..<j + 2])), radix: 16),
                               let scalar = Unicode.Scalar(v)
                            {
                                value.append(scalar)
                                j += 2
                            }
                        default: value.append(e)
                        }
                        continue
                    }
                    value.append(s[j])
                    j += 1
                }
                pieces.append(String(value))
                i = j + 1
            }
            // Concatenated literals ("…" + "…") form one document; identifiers, selectors and URLs are not part of it.
            strings.append(pieces.filter { $0.containsByte(UInt8(ascii: "<")) || $0.unicodeScalars.contains { $0.value >= 0x4E00 } }.joined())
        }
        return strings
    }
}

/// Lays out a table's cells on its grid as rows are read.
final class TableBuilder {
    private var grid: [[String?]] = []
    /// Cells taken by a rowspan from above: row << 16 | column.
    private var covered: Set<Int> = []
    private var row = -1
    private var column = 0
    private var cell: String?
    private var span = (rows: 1, columns: 1)

    func startRow() {
        endCell()
        row += 1
        column = 0
        if grid.count <= row { grid.append([]) }
    }

    func endRow() { endCell() }

    func startCell(rowspan: Int, colspan: Int) {
        endCell()
        if row < 0 { startRow() }
        while covered.contains(row << 16 | column) { column += 1 }
        cell = ""
        span = (max(1, min(rowspan, 500)), max(1, min(colspan, 100)))
    }

    func appendText(_ text: String) {
        if cell != nil { cell! += text }
    }

    func endCell() {
        guard let text = cell else { return }
        cell = nil
        put(HTMLReader.collapse(text), at: row, column)
        for r in row..<(row + span.rows) {
            for c in column..<(column + span.columns) where !(r == row && c == column) {
                covered.insert(r << 16 | c)
                put("", at: r, c)
            }
        }
        column += span.columns
    }

    private func put(_ text: String, at r: Int, _ c: Int) {
        while grid.count <= r { grid.append([]) }
        while grid[r].count <= c { grid[r].append(nil) }
        if grid[r][c] == nil || text.isEmpty == false { grid[r][c] = text }
    }

    /// The rows, each as many cells as it has columns (holes as empty cells).
    func rows() -> [[String]] {
        endCell()
        return grid.map { $0.map { $0 ?? "" } }.filter { !$0.isEmpty }
    }
}

