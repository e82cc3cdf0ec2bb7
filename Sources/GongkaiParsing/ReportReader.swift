import Foundation
import GongkaiCore

/// Why a file could not be read at all.
public struct ReadError: Error, Sendable, Equatable, CustomStringConvertible {
    public let reason: String
    public var description: String { reason }
}

/// Reads a published annual report — text in any encoding, Markdown — into the report JSON contract, with a finding
/// for everything it could not read or had to work out, and every check of the engine run on the result.
public enum ReportReader {
    /// Reads a file's bytes.
    public static func read(bytes: [UInt8]) throws(ReadError) -> AnnualReport {
        guard !bytes.isEmpty else { throw ReadError(reason: "文件是空的") }
        if DocxReader.isZip(bytes) { return read(lines: try DocxReader.lines(bytes)) }
        return read(text: try decodedText(bytes))
    }

    /// Reads a file's bytes and gives the source lines beside the report, converting the file once (a PDF is one run
    /// of pdftotext, not two).
    public static func readWithSource(bytes: [UInt8]) throws(ReadError) -> (report: AnnualReport, lines: [(number: Int, text: String)]) {
        guard !bytes.isEmpty else { throw ReadError(reason: "文件是空的") }
        if DocxReader.isZip(bytes) {
            let lines = try DocxReader.lines(bytes)
            return (read(lines: lines), lines.map { ($0.number, $0.text) })
        }
        let text = lined(try decodedText(bytes))
        return (read(linedText: text), numbered(text))
    }

    /// Plain text as the reader takes it: a crawled portal page's body put back on lines (``PortalText``); HTML as it is.
    static func lined(_ text: String) -> String {
        HTMLReader.looksLikeHTML(text) ? text : PortalText.reflow(text)
    }

    private static func decodedText(_ bytes: [UInt8]) throws(ReadError) -> String {
        if bytes.starts(with: Array("%PDF".utf8)) { return try PDFText.text(of: bytes) }
        guard let (decoded, _) = SourceDecoder.decode(bytes) else {
            throw ReadError(reason: "无法识别的文本编码（支持 UTF-8、UTF-16、GB18030/GBK）")
        }
        return decoded
    }

    private static func numbered(_ text: String) -> [(number: Int, text: String)] {
        var number = 0
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            number += 1
            return (number, String(line.hasSuffix("\r") ? line.dropLast() : line))
        }
    }

    /// The source as the reader sees it, one entry per numbered line, for showing beside the findings (whose `line`
    /// numbers refer to these): the decoded text, the paragraphs and table rows of a DOCX, the text of a PDF.
    public static func sourceLines(bytes: [UInt8]) throws(ReadError) -> [(number: Int, text: String)] {
        guard !bytes.isEmpty else { throw ReadError(reason: "文件是空的") }
        if DocxReader.isZip(bytes) { return try DocxReader.lines(bytes).map { ($0.number, $0.text) } }
        return numbered(lined(try decodedText(bytes)))
    }

    /// Reads a report from text (plain, Markdown, or an HTML page).
    public static func read(text: String) -> AnnualReport { read(linedText: lined(text)) }

    /// Reads text already put on lines (``lined(_:)``).
    static func read(linedText text: String) -> AnnualReport {
        // Mirror sites convert reports to traditional characters: read them as the agency wrote them.
        let traditional = TraditionalChinese.isTraditional(text)
        let source = traditional ? TraditionalChinese.simplified(text) : text
        var report = read(lines: HTMLReader.looksLikeHTML(source) ? HTMLReader.lines(source) : SourceLines.split(source))
        if traditional {
            report.findings.insert(Finding(
                code: .traditionalScript, severity: .info,
                message: "原文为繁体字（镜像网站转换所致），已转换为简体字后读取"), at: 0)
        }
        return report
    }

    /// Reads a report from the lines of any source.
    static func read(lines: [SourceLine]) -> AnnualReport {
        let lines = withoutRunningTitles(lines)
        var tables = TableReader(lines: lines)
        let header = DocumentHeader(lines: lines)

        let third = tables.readTable3(preferred: header.year.flatMap(ReportFormat.prescribed(forReportYear:)))
        // Table 二 stands before table 三.
        let limit = third?.start ?? tables.stream.count
        let second = tables.readTable2(before: limit, preferred: third?.format)
        let fourth = tables.readTable4(from: third?.end ?? limit)

        var format = third?.format ?? second?.format ?? header.year.flatMap(ReportFormat.prescribed(forReportYear:)) ?? .y2021
        var table3 = third?.table
        var singleOtherRow: [Int?]?
        // A 2021-format report that still prints the 2019 format's single （六）其他处理 row (several counties did):
        // table 二 is of the 2021 shape. The report is read in the 2021 format; the printed row's numbers are kept in
        // a finding, and its three sub-rows stay null unless the row is all zero (then so are they).
        if let old = third?.table, old.format == .y2019, second?.format == .y2021 {
            format = .y2021
            var converted = Table3(format: .y2021)
            for row in converted.rowKeys where old.has(row) { converted[row] = old[row] }
            let single = old[.otherHandling]
            singleOtherRow = single
            for row in [Table3Row.otherHandlingNoCorrection, .otherHandlingFeeUnpaid, .otherHandlingOther] {
                converted[row] = single.map { $0 == 0 ? 0 : nil }
            }
            table3 = converted
        }
        var report = AnnualReport(
            format: format, agency: header.agency, year: header.year, publishedOn: header.publishedOn,
            sections: Sections.read(lines, excluding: Sections.LineMarks(tables.tableLines, header.lines)),
            table2: second?.format == format ? second?.table : nil,
            table3: table3, table4: fourth)
        if let single = singleOtherRow {
            let printed = single.map { $0.map(String.init) ?? "空" }.joined(separator: "、")
            let zero = single.allSatisfy { $0 == 0 }
            report.findings.append(Finding(
                code: .singleOtherHandlingRow, severity: .warning,
                message: "表二为2021 年格式，表三却印着2019 年格式的单行「（六）其他处理」（\(printed)），缺少 2021 年格式的三个分项"
                    + (zero ? "；该行全为 0，三个分项据此为 0" : "；三个分项无法从原文得出，留空"),
                location: Location(table: .table3, row: Table3Row.otherHandlingOther.key)))
        }
        if let second, second.format != format {
            report.findings.append(Finding(
                code: .formatYearMismatch, severity: .warning,
                message: "表二是\(second.format.displayName)，表三是\(format.displayName)，两表格式不一致；表二未读取",
                location: Location(table: .table2)))
        }
        report.findings += tables.findings
        // Rows of table 二 whose glued digits split several ways: the report's prose may say which.
        if var table2 = report.table2, !tables.ambiguousTable2.isEmpty {
            let prose = (report.sections ?? []).map(\.text).joined(separator: "\n")
            report.findings += ProseFacts.decide(&table2, ambiguous: tables.ambiguousTable2, prose: prose)
            report.table2 = table2
        }
        report = report.rechecked()
        if report.sections?.isEmpty != false, third == nil, second == nil, fourth == nil, header.year == nil {
            // Nothing of a report: one clear finding instead of a MISSING-* for every part.
            report.findings = [Finding(code: .notAReport, severity: .error,
                                       message: "文件中没有找到政府信息公开工作年度报告的内容（标题、六个部分和三张表格都没有）")]
        }
        return report
    }
}

extension ReportReader {
    /// The lines without the report's title printed again further down: a PDF's running header at the top of each
    /// page, kept by its converter between a table's cells (where it broke table 四's header) and in the prose. The
    /// first title, and the lines just after it (a title split over lines), stay.
    static func withoutRunningTitles(_ lines: [SourceLine]) -> [SourceLine] {
        // The bytes first (most lines are prose or cells: no title, and ending in 。 when prose).
        func mayBeTitle(_ line: SourceLine) -> Bool {
            let text = line.text
            return text.utf8.count <= 240 && !text.hasUTF8Suffix("。") && text.containsUTF8("政府信息公开")
                && (text.containsUTF8("报告") || text.containsUTF8("年报")) && DocumentHeader.isTitle(text)
        }
        let titles = lines.indices.filter { mayBeTitle(lines[$0]) }
        guard let first = titles.first, first < 400, let last = titles.last, last > first + 2 else { return lines }
        let dropped = Set(titles.filter { $0 > first + 2 })
        return lines.indices.filter { !dropped.contains($0) }.map { lines[$0] }
    }
}

/// The title (agency, year) at the top of a report and the signature (agency, date) at its end.
struct DocumentHeader {
    var agency: String?
    var year: Int?
    var publishedOn: CivilDate?
    /// The lines of the signature, left out of section 六's prose.
    var lines: Set<Int> = []

    init(lines: [SourceLine]) {
        let texts = lines.map(\.text)  // already trimmed by every source
        let nonEmpty = texts.enumerated().filter { !$0.element.isEmpty }
        // The title: the first line that names the report (portal pages put navigation before it), with up to two
        // lines before it when it is split (`建宁县卫生健康局` / `2020 年政府信息公开工作年度报告`).
        // A title printed large wraps where the line is full, even inside a word (`…年政府信息公` / `开工作年度报告`):
        // a short line that is no title alone but is one with the next is taken with it.
        var wrapped: String?
        let firstTitle = nonEmpty.prefix(40).indices.first { i in
            if Self.isTitle(nonEmpty[i].element) { return true }
            let line = nonEmpty[i].element
            guard i + 1 < nonEmpty.count, line.count <= 40, !line.containsBytes("。"), !line.containsBytes("：") else { return false }
            let joined = line + nonEmpty[i + 1].element
            guard Self.isTitle(joined), !Self.isTitle(nonEmpty[i + 1].element) else { return false }
            wrapped = joined
            return true
        }
        if let position = firstTitle {
            let titleEnd = nonEmpty[position]
            var parts = [wrapped ?? titleEnd.element]
            var k = position - 1
            while k >= 0, parts.count < 3, nonEmpty[k].element.count < 30, !nonEmpty[k].element.containsBytes("。"),
                  !nonEmpty[k].element.containsBytes("：") || nonEmpty[k].element.count < 12
            {
                let candidate = nonEmpty[k].element
                // Only lines that can be part of a title: an agency name, or a year.
                guard Self.looksLikeAgency(candidate) || candidate.removingWhiteSpace.hasSuffix("年")
                        || candidate.removingWhiteSpace.hasSuffix("年度") else { break }
                parts.insert(candidate, at: 0)
                k -= 1
            }
            let title = parts.joined().removingWhiteSpace
            (agency, year) = Self.agencyAndYear(fromTitle: title)
        }
        // No year in the title: the statistics period says it (统计数据时限为2021年1月1日至2021年12月31日), or the first
        // sentence of 一、总体情况 (`2020年，我局…`: an excerpt of a report often keeps only that).
        if year == nil {
            for line in nonEmpty.prefix(60) {
                if let y = Self.statisticsYear(in: line.element) { year = y; break }
            }
        }
        if year == nil, let heading = nonEmpty.prefix(80).firstIndex(where: { line in
            let t = line.element.removingWhiteSpace
            return t.hasPrefix("一") && t.containsBytes("总体情况") && t.count <= 12
        }), heading + 1 < nonEmpty.count {
            year = Self.openingYear(nonEmpty[heading + 1].element)
        }
        // The signature: a date among the last lines of the report (before any portal footer), and the agency on the
        // line before it.
        let footerWords = ["版权所有", "ICP", "网站标识码", "主办单位", "技术支持", "公网安备", "联系我们", "Copyright", "网站地图"]
        var bodyEnd = nonEmpty.count
        if let lastHeading = nonEmpty.lastIndex(where: { $0.element.containsBytes("其他需要报告") }) {
            // A portal footer, or the findings Gongkai appends to what it renders (检查结果), ends the report.
            if let footer = nonEmpty[lastHeading...].firstIndex(where: { line in
                line.element == "检查结果" || footerWords.contains { line.element.containsBytes($0) }
            }) {
                bodyEnd = footer
                // The portal's footer is not part of section 六.
                for line in nonEmpty[footer...] { self.lines.insert(lines[line.offset].number) }
            }
        }
        let tail = nonEmpty[max(0, bodyEnd - 5)..<bodyEnd]
        if let dateLine = tail.last(where: { $0.element.utf8.count <= 80 && $0.element.count <= 20 && Self.date(in: $0.element) != nil }) {
            publishedOn = Self.date(in: dateLine.element)
            self.lines.insert(lines[dateLine.offset].number)
            if let before = tail.last(where: { $0.offset < dateLine.offset }),
               texts[(before.offset + 1)..<dateLine.offset].allSatisfy(\.isEmpty),
               before.element.count <= 30, !before.element.containsBytes("。"), Self.looksLikeAgency(before.element)
            {
                let signature = before.element.removingWhiteSpace
                self.lines.insert(lines[before.offset].number)
                if agency == nil || Self.isAbbreviation(agency ?? "", of: signature) { agency = signature }
            }
        }
    }

    /// A line that names the report: `…政府信息公开工作年度报告`, short, not a sentence.
    static func isTitle(_ text: String) -> Bool {
        // Most lines looked at have no 公 (E5 85 AC) at all, spaced out or not: told by the bytes.
        guard text.containsUTF8("公") else { return false }
        let t = text.removingWhiteSpace
        // Compared on the bytes (String's hasPrefix and hasSuffix compare Chinese text through Unicode normalisation).
        guard t.containsUTF8("政府信息公开"), t.containsUTF8("报告") || t.containsUTF8("年报"), !t.hasUTF8Suffix("。"),
              !t.hasUTF8Prefix("根据"), !t.hasUTF8Prefix("本报告") else { return false }
        // A portal's breadcrumb (首页 > 政务公开 > 政府信息公开年报) names the report too, but is not its title.
        let breadcrumb = t.hasUTF8Prefix("首页") || t.containsUTF8("当前位置") || t.containsUTF8("您的位置")
            || t.containsByte(UInt8(ascii: ">")) || t.containsUTF8("＞") || t.containsUTF8("›") || t.containsUTF8("»")
        return !breadcrumb && t.count <= 70
    }

    static func looksLikeAgency(_ text: String) -> Bool {
        let suffixes = ["局", "委", "厅", "办", "院", "会", "政府", "中心", "处", "所", "室", "部", "署", "馆", "站", "队", "公司",
                        "办事处", "委员会"]
        let t = text.removingWhiteSpace
        return suffixes.contains { t.hasUTF8Suffix($0) }
    }

    /// `南关区卫健局` abbreviates `南关区卫生健康局`: same first and last character, and its characters in order.
    static func isAbbreviation(_ short: String, of long: String) -> Bool {
        guard let f = short.first, let l = short.last, long.first == f, long.last == l, short.count <= long.count
        else { return false }
        var it = long.makeIterator()
        for c in short {
            var found = false
            while let d = it.next() { if d == c { found = true; break } }
            if !found { return false }
        }
        return true
    }

    /// Agency and year from a title such as `宁海县卫生健康局2021年政府信息公开工作年度报告` or
    /// `2021年南关区卫健局政府信息公开工作年度报告`.
    private static let titleQuotes: Set<Unicode.Scalar> = ["《", "》", "“", "”", "\"", "：", ":", " "]

    /// The text without these scalars at either end (Foundation's `trimmingCharacters(in:)` with a new CharacterSet
    /// cost more than the rest of finding the title).
    static func trimming(_ text: String, _ set: Set<Unicode.Scalar>) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !set.contains($0) }),
              let last = scalars.lastIndex(where: { !set.contains($0) }) else { return "" }
        return String(scalars[first...last])
    }

    static func agencyAndYear(fromTitle title: String) -> (String?, Int?) {
        let chars = Array(title)
        var year: Int?
        var yearRange: Range<Int>?
        var i = 0
        while i + 4 < chars.count {
            if chars[i..<i + 4].allSatisfy({ $0.isASCII && $0.isNumber }), chars[i + 4] == "年",
               let y = Int(String(chars[i..<i + 4])), (2000...2100).contains(y)
            {
                year = y
                var end = i + 5
                if end < chars.count, chars[end] == "度" { end += 1 }
                yearRange = i..<end
                break
            }
            i += 1
        }
        var agency: String?
        if let r = yearRange {
            var name = String(chars[..<r.lowerBound])
            if name.isEmpty {
                let rest = String(chars[r.upperBound...])
                if let end = rest.range(of: "政府信息公开") { name = String(rest[..<end.lowerBound]) }
            }
            name = Self.trimming(name, Self.titleQuotes)
            if name.hasPrefix("关于") { name.removeFirst(2) }
            // `某某局关于2021年度…报告` (a report sent as a letter).
            if name.hasSuffix("关于"), name.count > 2 { name.removeLast(2) }
            if !name.isEmpty { agency = name }
        } else if let end = title.range(of: "政府信息公开") {
            let name = String(title[..<end.lowerBound])
            if !name.isEmpty { agency = name }
        }
        return (agency, year)
    }

    /// The year a report's first sentence opens with: `2020年，…`, `2020年度，…`, `2020年以来，…`.
    static func openingYear(_ text: String) -> Int? {
        let t = text.removingWhiteSpace
        let chars = Array(t.prefix(10))
        guard chars.count >= 6, chars[0..<4].allSatisfy({ $0.isASCII && $0.isNumber }), chars[4] == "年",
              let y = Int(String(chars[0..<4])), (2000...2100).contains(y) else { return nil }
        let rest = String(chars[5...])
        return rest.hasPrefix("，") || rest.hasPrefix(",") || rest.hasPrefix("度，") || rest.hasPrefix("度,") || rest.hasPrefix("以来") ? y : nil
    }

    /// The year of a statistics period `2021年1月1日至2021年12月31日` (also `…起至…止`).
    static func statisticsYear(in text: String) -> Int? {
        let t = text.removingWhiteSpace
        guard let range = t.range(of: "年1月1日") else { return nil }
        let before = t[..<range.lowerBound].suffix(4)
        guard before.count == 4, let y = Int(before), (2000...2100).contains(y),
              t[range.upperBound...].contains("\(y)年12月31日") else { return nil }
        return y
    }

    /// `二〇二二年一月二十日` → 2022-01-20 (the way formal documents print the date of signature).
    private static let chineseDigits: [Character: Int] = [
        "〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
    ]

    static func chineseDate(_ text: String) -> CivilDate? {
        let t = text.removingWhiteSpace
        guard let yearMark = t.firstIndex(of: "年"), let monthMark = t.firstIndex(of: "月"),
              let dayMark = t.firstIndex(of: "日"), yearMark < monthMark, monthMark < dayMark else { return nil }
        let digits = Self.chineseDigits
        let yearText = t[..<yearMark].suffix(4)
        guard yearText.count == 4 else { return nil }
        var year = 0
        for c in yearText {
            guard let d = digits[c] else { return nil }
            year = year * 10 + d
        }
        guard let month = ChineseNumeral.value(of: t[t.index(after: yearMark)..<monthMark]),
              let day = ChineseNumeral.value(of: t[t.index(after: monthMark)..<dayMark]) else { return nil }
        return CivilDate(year: year, month: month, day: day)
    }

    /// A date written `2022年1月7日`, `2022-01-07`, `2022.1.7` or `二〇二二年一月七日`.
    static func date(in text: String) -> CivilDate? {
        // Every form has 年 or an ASCII separator: most lines looked at (the last cells of table 四) have neither.
        guard text.utf8.contains(where: { $0 == 0x2D || $0 == 0x2E || $0 == 0x2F }) || text.containsBytes("年") else { return nil }
        if let date = chineseDate(text) { return date }
        let t = text.removingWhiteSpace
        var numbers: [Int] = []
        var current = ""
        for c in t {
            if c.isASCII, c.isNumber { current.append(c) } else {
                if !current.isEmpty { numbers.append(Int(current) ?? 0); current = "" }
                guard "年月日-./".contains(c) else { if numbers.count >= 3 { break }; numbers = []; continue }
            }
        }
        if !current.isEmpty { numbers.append(Int(current) ?? 0) }
        guard numbers.count >= 3 else { return nil }
        return CivilDate(year: numbers[0], month: numbers[1], day: numbers[2])
    }
}

/// Finds the six sections by their headings and collects their prose.
enum Sections {
    /// Line numbers marked, one flag each.
    struct LineMarks {
        private var marked: [Bool] = []

        init(_ ranges: [ClosedRange<Int>], _ lines: Set<Int>) {
            let last = max(ranges.map(\.upperBound).max() ?? 0, lines.max() ?? 0)
            marked = Array(repeating: false, count: last + 1)
            for range in ranges where range.lowerBound >= 0 { for n in range { marked[n] = true } }
            for n in lines where n >= 0 { marked[n] = true }
        }

        func contains(_ line: Int) -> Bool { line >= 0 && line < marked.count && marked[line] }
    }

    static func read(_ lines: [SourceLine], excluding skipped: LineMarks) -> [ReportSection] {
        var sections: [ReportSection] = []
        var current: (number: Int, heading: String, text: [String])?
        var next = 1
        for line in lines where !line.isBlank && !skipped.contains(line.number) {
            let text = line.text.trimmingWhitespace
            if let number = headingNumber(text, expected: next) {
                if let c = current { sections.append(ReportSection(number: c.number, heading: c.heading, text: c.text.joined(separator: "\n"))) }
                current = (number, text, [])
                next = number + 1
                continue
            }
            current?.text.append(line.cells.filter { !$0.isEmpty }.joined(separator: " "))
        }
        if let c = current { sections.append(ReportSection(number: c.number, heading: c.heading, text: c.text.joined(separator: "\n"))) }
        return sections
    }

    /// The section a line is the heading of, if it is one: its ordinal is the next section's (or the title is a
    /// section's own title, so that missing sections can be skipped).
    private static let headingNumerals: Set<Unicode.Scalar> = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]

    static func headingNumber(_ text: String, expected next: Int) -> Int? {
        guard next <= 6, text.utf8.count <= 130 else { return nil }
        // A heading starts with its ordinal and its separator (`一、`, `1.`), or is a section's title on its own: a
        // quick look at the first characters before parsing, since most lines (every cell of a table written a
        // cell per line) are no heading.
        var head: [Unicode.Scalar] = []
        TextNormalizer.appendComparableScalars(of: text.unicodeScalars.prefix(16), to: &head)
        guard let first = head.first else { return nil }
        let numerals = Self.headingNumerals
        let ordinalStart: Bool
        // An ordinal below the next section's (the `1.` and `一、` labels of table 三) is no section heading either.
        switch first {
        case "0"..."9":
            guard let end = head.firstIndex(where: { !("0"..."9").contains($0) }), head[end] == "、" || head[end] == ".",
                  let value = Int(String(String.UnicodeScalarView(head[..<end]))), (next...6).contains(value) else { return nil }
            ordinalStart = true
        case _ where numerals.contains(first):
            guard let end = head.firstIndex(where: { !numerals.contains($0) }), head[end] == "、" || head[end] == ".",
                  let value = ChineseNumeral.value(of: String(String.UnicodeScalarView(head[..<end]))), (next...6).contains(value) else { return nil }
            ordinalStart = true
        case "（":
            return nil // `（一）` is a sub-heading's style, never a section's
        case "第":
            ordinalStart = true
        default:
            guard HeadingCheck.titleInitials.contains(first) else { return nil }
            ordinalStart = false
        }
        guard ordinalStart || text.utf8.count <= 80, text.unicodeScalars.last != "。" else { return nil }
        let parsed = HeadingCheck.parse(text)
        let known = HeadingCheck.section(forTitle: parsed.title)
        if parsed.bracketed { return nil }
        if let ordinal = parsed.ordinal, (next...6).contains(ordinal) {
            if parsed.chineseNumeral, known != nil || ordinal == next { return ordinal }
            if known != nil { return ordinal }
            return nil
        }
        if parsed.ordinal == nil, let known, known >= next { return known }
        return nil
    }
}
