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
    static func tokenize(_ html: String, scripts wantScripts: Bool) -> (tokens: [Token], scripts: [String]) {
        var tokens: [Token] = []
        var scripts: [String] = []
        let s = Array(html.unicodeScalars)
        var i = 0
        var text = String.UnicodeScalarView()
        func flushText() {
            if !text.isEmpty { tokens.append(.text(String(text))); text = String.UnicodeScalarView() }
        }
        func lower(_ a: ArraySlice<Unicode.Scalar>) -> String {
            // Tag names are ASCII: lower-cased scalar by scalar, into a string of the right size.
            var name = ""
            name.reserveCapacity(a.count)
            for c in a { name.unicodeScalars.append(asciiLowercased(c)) }
            return name
        }
        while i < s.count {
            let c = s[i]
            guard c == "<", i + 1 < s.count else { text.append(c); i += 1; continue }
            let n = s[i + 1]
            // Comment.
            if n == "!", i + 3 < s.count, s[i + 2] == "-", s[i + 3] == "-" {
                flushText()
                var j = i + 4
                while j + 2 < s.count, !(s[j] == "-" && s[j + 1] == "-" && s[j + 2] == ">") { j += 1 }
                i = min(s.count, j + 3)
                continue
            }
            let isClose = n == "/"
            let nameStart = isClose ? i + 2 : i + 1
            // As browsers do: a tag name starts with an ASCII letter; `<` before anything else is text.
            guard nameStart < s.count, isASCIILetter(s[nameStart]) || n == "!" || n == "?" else {
                text.append(c)
                i += 1
                continue
            }
            // Find the end of the tag, respecting quoted attribute values.
            var j = nameStart
            var quote: Unicode.Scalar?
            while j < s.count {
                if let q = quote { if s[j] == q { quote = nil } } else if s[j] == "\"" || s[j] == "'" { quote = s[j] } else if s[j] == ">" { break }
                j += 1
            }
            flushText()
            let inner = s[nameStart..<min(j, s.count)]
            var k = inner.startIndex
            while k < inner.endIndex, isASCIILetter(inner[k]) || ("0"..."9").contains(inner[k]) || inner[k] == "-" { k += 1 }
            let name = lower(inner[inner.startIndex..<k])
            i = min(s.count, j + 1)
            if isClose {
                tokens.append(.close(name: name))
                continue
            }
            if name.isEmpty { continue }  // <!doctype>, <?xml?>
            let attributes = parseAttributes(inner[k...])
            tokens.append(.open(name: name, attributes: attributes))
            // Raw-text elements: their content is not markup.
            if name == "script" || name == "style" || name == "textarea" || name == "title" {
                // The closing tag, compared without case on the scalars in place (a string per position made pages
                // with long scripts and styles slow).
                let end = Array("</\(name)".unicodeScalars)
                var m = i
                while m + end.count <= s.count {
                    if s[m] == "<", (0..<end.count).allSatisfy({ asciiLowercased(s[m + $0]) == end[$0] }) { break }
                    m += 1
                }
                if name == "title" || (name == "script" && wantScripts) {
                    let content = String(String.UnicodeScalarView(s[i..<min(m, s.count)]))
                    if name == "title" { tokens.append(.text(content)) } else { scripts.append(content) }
                }
                var close = m
                while close < s.count, s[close] != ">" { close += 1 }
                i = min(s.count, close + 1)
                tokens.append(.close(name: name))
            }
        }
        flushText()
        return (tokens, scripts)
    }

    private static func isASCIILetter(_ s: Unicode.Scalar) -> Bool { ("a"..."z").contains(s) || ("A"..."Z").contains(s) }

    private static func asciiLowercased(_ s: Unicode.Scalar) -> Unicode.Scalar {
        ("A"..."Z").contains(s) ? Unicode.Scalar(s.value + 32)! : s
    }

    private static func parseAttributes(_ s: ArraySlice<Unicode.Scalar>) -> [String: String] {
        var attributes: [String: String] = [:]
        var i = s.startIndex
        func skipSpace() { while i < s.endIndex, s[i].isWhiteSpace || s[i] == "/" { i += 1 } }
        while i < s.endIndex {
            skipSpace()
            var name = String.UnicodeScalarView()
            while i < s.endIndex, !s[i].isWhiteSpace, s[i] != "=", s[i] != "/" { name.append(s[i]); i += 1 }
            skipSpace()
            var value = String.UnicodeScalarView()
            if i < s.endIndex, s[i] == "=" {
                i += 1
                skipSpace()
                if i < s.endIndex, s[i] == "\"" || s[i] == "'" {
                    let q = s[i]
                    i += 1
                    while i < s.endIndex, s[i] != q { value.append(s[i]); i += 1 }
                    i += 1
                } else {
                    while i < s.endIndex, !s[i].isWhiteSpace { value.append(s[i]); i += 1 }
                }
            }
            if !name.isEmpty { attributes[String(name).lowercased()] = String(value) }
            if name.isEmpty { i += 1 }
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

    /// Whitespace as a browser shows it: runs collapse to one space, ends trimmed.
    static func collapse(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var space = false
        for c in text.unicodeScalars {
            if c.isWhiteSpace && c != "\u{3000}" {
                space = true
            } else {
                if space, !out.isEmpty { out.append(" ") }
                space = false
                out.append(c)
            }
        }
        return String(out)
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
    /// Cells taken by a rowspan from above: (row, column).
    private var covered: Set<[Int]> = []
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
        while covered.contains([row, column]) { column += 1 }
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
                covered.insert([r, c])
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

