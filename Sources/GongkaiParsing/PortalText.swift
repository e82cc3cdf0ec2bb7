import Foundation
import GongkaiCore

/// Text saved by a crawler from a government portal: the crawler's own header lines before the report (`标题:`,
/// `发布时间:`, `原文链接:`, a `==== 正文 ====` rule), and the report's whole body on one line, with the portal's
/// breadcrumb and share buttons run into its start, the six section headings inline, the table cells glued, and the
/// signature and `附件下载` run into its end. This puts the report back on lines, as it was printed: the crawler's
/// labels dropped (the title it recorded kept, as the report's own title), the portal's words on lines of their own,
/// each section heading on its own line, and the signature's agency and date apart. Text that is not of this shape is
/// returned as it is.
enum PortalText {
    /// The crawler's labels, at the top of the file.
    static let crawlerLabels = ["标题", "发布时间", "文号", "发布机构", "栏目", "原文链接", "本地目录", "来源", "信息来源", "索引号",
                                "发文日期", "成文日期", "分类", "主题分类", "作者", "浏览次数"]

    /// Portal words that are no part of the report when they stand alone.
    static let portalWords: Set<String> = ["附件下载", "相关链接：", "相关链接", "文件下载", "打印本页", "关闭窗口", "【打印】", "【关闭】",
                                          "微信", "微博", "QQ空间", "全真版", "文字版", "-->", "来源：", "分享到："]

    /// A line this long is a body run together (a printed line of a report is far shorter).
    static let longLine = 400

    static func reflow(_ text: String) -> String {
        // Most texts are neither: they are told by one pass over the bytes and a look at the top for a crawler's
        // label (reading every report's lines as Strings, counting their characters and splitting glued table rows
        // as if they were bodies halved the speed of reading text reports).
        // (A search of the top for each of the 64 label forms took a tenth of the time of reading a glued report.)
        // A header has two labelled lines at least, a colon among their first bytes: looked for in bytes first.
        let top = firstLines(text, 12)
        let header = top.count(where: hasEarlyColon) >= 2
            ? crawlerHeader(top.map { String(decoding: $0.prefix(256), as: UTF8.self) }) : nil
        guard header != nil || hasBody(text) else { return text }
        // Lines by bytes: splitting a body of thousands of characters by Characters cost a third of reflowing it.
        var copy = text
        var lines = copy.withUTF8 { bytes in
            var lines: [String] = []
            var start = 0
            for i in 0...bytes.count where i == bytes.count || bytes[i] == 0x0A {
                let end = i > start && bytes[i - 1] == 0x0D ? i - 1 : i
                lines.append(bytes.string(start..<end))
                start = i + 1
            }
            return lines
        }
        if let header {
            lines = (header.title.map { [value(ofLabelled: lines[$0])] } ?? []) + lines[header.end...]
        }
        return lines.flatMap { isBody($0.utf8) ? split($0) : [$0] }.joined(separator: "\n")
    }

    /// The first lines of a text, at most `count` (the generic `split(separator:maxSplits:)` of the UTF-8 view cost
    /// a twentieth of reading a report to find twelve lines).
    static func firstLines(_ text: String, _ count: Int) -> [Substring.UTF8View] {
        var copy = text
        let ranges = copy.withUTF8 { bytes in
            var ranges: [Range<Int>] = []
            var start = 0
            while ranges.count < count, start < bytes.count {
                let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
                ranges.append(start..<end)
                start = end + 1
            }
            return ranges
        }
        let utf8 = text.utf8
        return ranges.map { range in
            text[utf8.index(utf8.startIndex, offsetBy: range.lowerBound)..<utf8.index(utf8.startIndex, offsetBy: range.upperBound)].utf8
        }
    }

    /// Whether a colon (`:` or `：`, EF BC 9A) is among the first 30 bytes of a line: where a crawler's label ends.
    static func hasEarlyColon(_ line: Substring.UTF8View) -> Bool {
        var previous: (UInt8, UInt8) = (0, 0)
        for byte in line.prefix(30) {
            if byte == 0x3A || (byte == 0x9A && previous == (0xEF, 0xBC)) { return true }
            previous = (previous.1, byte)
        }
        return false
    }

    /// Whether a line is a body run together: `longLine` characters or more (Unicode scalars: no lead byte of UTF-8
    /// is a continuation byte) with sentences in it (three `。` at least; a table row glued into one line has none),
    /// and something to put on lines of its own: a section's ordinal (`二、`) after its start, or words after its
    /// last sentence (a signature, portal words). A long paragraph of a report printed on lines has neither, and is
    /// left as it is (splitting every long paragraph as if it were a body took a third of reading a real-sized report).
    static func isBody(_ line: some Collection<UInt8>) -> Bool {
        guard line.count >= longLine else { return false }
        var body = BodyCount()
        for byte in line { body.add(byte) }
        return body.isBody
    }

    /// Whether any line of the text is a body run together: one pass, no line copied.
    static func hasBody(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            // Only a line of `longLine` bytes or more can be one: most lines are told by their length alone.
            var start = 0
            while start < bytes.count {
                let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
                if end - start >= longLine, isBody(bytes[start..<end]) { return true }
                start = end + 1
            }
            return false
        }
    }

    /// The scalars, the `。` (E3 80 82), the ordinals followed by `、` (E3 80 81) and the words after the last `。` of
    /// a line, byte by byte.
    struct BodyCount {
        var scalars = 0, stops = 0, ordinals = 0, afterStop = 0
        /// The last five bytes before this one.
        var previous: (UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0)

        mutating func add(_ byte: UInt8) {
            if byte & 0xC0 != 0x80 {
                scalars += 1
                // Spaces (ASCII, and U+3000 E3 80 80 counted at its last byte below) do not make words.
                if byte != 0x20, byte != 0x09, byte != 0x0D { afterStop += 1 }
            }
            if previous.3 == 0xE3, previous.4 == 0x80 {
                switch byte {
                case 0x82: stops += 1; afterStop = 0
                case 0x80: afterStop -= 1
                case 0x81 where scalars > 2 && Self.isOrdinal(previous.0, previous.1, previous.2): ordinals += 1
                default: break
                }
            }
            previous = (previous.1, previous.2, previous.3, previous.4, byte)
        }

        /// 一 二 三 四 五 六 in UTF-8.
        static func isOrdinal(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Bool {
            switch (a, b, c) {
            case (0xE4, 0xB8, 0x80), (0xE4, 0xBA, 0x8C), (0xE4, 0xB8, 0x89), (0xE5, 0x9B, 0x9B), (0xE4, 0xBA, 0x94), (0xE5, 0x85, 0xAD): true
            default: false
            }
        }

        var isBody: Bool { scalars >= PortalText.longLine && stops >= 3 && (ordinals > 0 || afterStop >= 4) }
    }

    /// The crawler's header: how many lines it takes (through the `正文` rule, or the labelled lines), and which holds
    /// the title. Nil when the file does not start so (two labelled lines at least, among its first twelve).
    static func crawlerHeader(_ lines: [String]) -> (end: Int, title: Int?)? {
        var labelled = 0
        var title: Int?
        var end = 0
        for (i, line) in lines.prefix(12).enumerated() {
            let t = line.trimmingWhitespace
            if isRule(t) { end = i + 1; break }
            if let label = label(of: t) {
                labelled += 1
                if label == "标题", title == nil { title = i }
                end = i + 1
            } else if t.hasPrefix("页面链接与图片详见") || t.isEmpty {
                if labelled > 0 { end = i + 1 }
            } else if labelled > 0 {
                break
            }
        }
        return labelled >= 2 ? (end, title) : nil
    }

    /// `==================== 正文 ====================`.
    static func isRule(_ line: String) -> Bool {
        line.hasPrefix("===") && line.hasSuffix("===") && line.contains("正文")
    }

    static func label(of line: String) -> String? {
        guard let colon = line.firstIndex(where: { $0 == ":" || $0 == "：" }) else { return nil }
        let label = line[..<colon].trimmingWhitespace
        return crawlerLabels.contains(label) ? label : nil
    }

    static func value(ofLabelled line: String) -> String {
        guard let colon = line.firstIndex(where: { $0 == ":" || $0 == "：" }) else { return line }
        return line[line.index(after: colon)...].trimmingWhitespace
    }

    // MARK: - A body on one line

    /// What a section's title starts with, by section: a heading inline is its ordinal (`三、`) followed by one of
    /// these (table 三's row labels `一、本年新收…`, `四、结转下年度…` start otherwise).
    static let titleStarts: [[String]] = [
        ["总体情况"],
        ["主动公开"],
        ["收到和处理", "收到和答复", "依申请公开", "政府信息公开申请"],
        ["政府信息公开行政", "因政府信息公开", "政府信息公开的行政复议", "行政复议", "被申请行政复议"],
        ["存在的主要问题", "政府信息公开工作存在", "存在问题", "主要问题", "工作存在"],
        ["其他需要报告", "其他事项"],
    ]

    static let titleStartScalars: [[[Unicode.Scalar]]] = titleStarts.map { $0.map { Array($0.unicodeScalars) } }

    static let ordinals: [Unicode.Scalar] = ["一", "二", "三", "四", "五", "六"]

    /// A body run together, on lines again. It works on the line's scalars (its Characters cost a fifth of reading a
    /// report whose table rows are each one long glued line).
    static func split(_ line: String) -> [String] {
        // The line's scalars and where each starts in its UTF-8, in one pass over the bytes (copying the scalars and
        // their String indices out of the line was a fifth of reading a crawled page).
        var copy = line
        let (chars, offsets) = copy.withUTF8 { bytes in
            var chars: [Unicode.Scalar] = []
            var offsets: [Int] = []
            chars.reserveCapacity(bytes.count / 2)
            offsets.reserveCapacity(bytes.count / 2 + 1)
            var i = 0
            while i < bytes.count {
                let start = i
                guard let value = TextNormalizer.nextScalar(bytes, &i) else { break }
                offsets.append(start)
                chars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
            }
            offsets.append(i)
            return (chars, offsets)
        }
        // Pieces are cut from the line itself (building them scalar by scalar was slow).
        let utf8 = line.utf8
        func text(_ range: Range<Int>) -> String {
            String(line[utf8.index(utf8.startIndex, offsetBy: offsets[range.lowerBound])..<utf8.index(utf8.startIndex, offsetBy: offsets[range.upperBound])])
        }
        // Cut points: where each heading starts and where its title ends.
        var cuts: [(at: Int, headingEnd: Int)] = []
        var search = 0
        var next = 0
        while next < 6 {
            var found: (at: Int, section: Int, end: Int)?
            // The next section's heading, or a later one (a report may lack one).
            for section in next..<6 {
                if let hit = heading(section, in: chars, from: search) {
                    if found == nil || hit.at < found!.at { found = (hit.at, section, hit.end) }
                    break
                }
            }
            guard let found else { break }
            cuts.append((found.at, found.end))
            search = found.end
            next = found.section + 1
        }
        var pieces: [String] = []
        var start = 0
        for cut in cuts {
            pieces += portalPieces(text(start..<cut.at), first: start == 0)
            pieces.append(text(cut.at..<cut.headingEnd))
            start = cut.headingEnd
        }
        pieces += tail(text(start..<chars.count))
        return pieces.map { $0.trimmingWhitespace }.filter { !$0.isEmpty }
    }

    /// Where section `section` (0-based)'s heading stands in `chars` from `from`, and where its title ends.
    static func heading(_ section: Int, in chars: [Unicode.Scalar], from: Int) -> (at: Int, end: Int)? {
        let ordinal = ordinals[section]
        var i = from
        while i + 1 < chars.count {
            defer { i += 1 }
            guard chars[i] == ordinal, chars[i + 1] == "、" || chars[i + 1] == "." || chars[i + 1] == "．" else { continue }
            // Not inside another ordinal (`十一、`) or a word.
            if i > 0, ordinals.contains(chars[i - 1]) || chars[i - 1] == "十" || chars[i - 1] == "第" { continue }
            let titleStart = i + 2
            // Compared on the scalars (`一、` stands in table 三's labels and the prose too): a String is made of the
            // title only when it is one.
            guard titleStartScalars[section].contains(where: { chars[titleStart...].starts(with: $0) }) else { continue }
            let ahead = String(String.UnicodeScalarView(chars[titleStart..<min(chars.count, titleStart + 40)]))
            return (i, titleStart + titleLength(ahead, section: section))
        }
        return nil
    }

    /// How many scalars of `ahead` are the section's title: a prescribed or accepted title it starts with (the
    /// longest), else through the first `情况`, `措施` or `事项`, else up to the first bracket, digit or punctuation
    /// mark, at most 30.
    static func titleLength(_ ahead: String, section: Int) -> Int {
        let spec = SectionSpec.all[section]
        let titles = ([spec.heading] + spec.acceptedVariants).map { title -> String in
            guard let comma = title.firstIndex(of: "、") else { return title }
            return String(title[title.index(after: comma)...])
        }
        if let title = titles.filter({ ahead.hasPrefix($0) }).max(by: { $0.unicodeScalars.count < $1.unicodeScalars.count }) {
            return title.unicodeScalars.count
        }
        // A title worded otherwise (or misprinted: `行政法复议`) ends with the word titles end with.
        let window = String(String.UnicodeScalarView(ahead.unicodeScalars.prefix(30)))
        if let end = ["情况", "措施", "事项"].compactMap({ window.range(of: $0)?.upperBound }).min() {
            return window[..<end].unicodeScalars.count
        }
        var n = 0
        let stops: Set<Unicode.Scalar> = ["（", "(", "。", "，", "：", ":", " ", "\u{3000}"]
        for c in ahead.unicodeScalars {
            if stops.contains(c) || ("0"..."9").contains(c) { break }
            n += 1
            if n >= 30 { break }
        }
        return n
    }

    /// The text before the first heading: the portal's breadcrumb, the title and the share buttons, space-separated,
    /// before the report's opening paragraph, each on a line of its own; portal words left out.
    static func portalPieces(_ text: String, first: Bool) -> [String] {
        guard first else { return [text] }
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\u{3000}" }).map(String.init)
        // The opening paragraph is the first long piece: it and everything after it stay together.
        guard let body = words.firstIndex(where: { $0.count > 60 }) else {
            return words.filter { !portalWords.contains($0) }
        }
        let before = words[..<body].filter { word in
            !portalWords.contains(word) && !word.hasPrefix("时间：") && !word.hasPrefix("当前位置") && !word.hasPrefix("您的位置")
        }
        return Array(before) + [words[body...].joined(separator: " ")]
    }

    /// The text after the last heading: the section's prose, then the signature (agency, date) and portal words,
    /// apart.
    static func tail(_ text: String) -> [String] {
        guard let lastStop = text.lastIndex(where: { $0 == "。" || $0 == "；" }) else { return [text] }
        let prose = String(text[...lastStop])
        var pieces: [String] = [prose]
        for word in text[text.index(after: lastStop)...].split(whereSeparator: { $0 == " " || $0 == "\u{3000}" }).map(String.init) {
            guard !portalWords.contains(word) else { continue }
            pieces += signature(word)
        }
        return pieces
    }

    /// `某某局2024年1月5日` → `某某局`, `2024年1月5日` (a signature whose agency and date lost their line break).
    static func signature(_ word: String) -> [String] {
        let chars = Array(word)
        guard chars.count > 10, let yearStart = (0..<(chars.count - 4)).first(where: { i in
            (i..<(i + 4)).allSatisfy { chars[$0].isASCII && chars[$0].isNumber } && chars[i + 4] == "年"
        }), yearStart > 0, word.hasSuffix("日") || word.hasSuffix("日印发") else { return [word] }
        return [String(chars[..<yearStart]), String(chars[yearStart...])]
    }
}
