/// Section headings: splitting a printed heading into ordinal and title, and comparing it with the one the format
/// prescribes for its place (`HEADING-MISMATCH`).
public enum HeadingCheck {
    /// A heading split into its ordinal and its title.
    public struct Parsed: Equatable, Sendable {
        /// The value of the ordinal (`一、` → 1, `1、` → 1, `（三）` → 3), if any.
        public var ordinal: Int?
        /// Whether the ordinal is written the prescribed way (`一、`).
        public var prescribedStyle: Bool
        /// Whether the ordinal is a Chinese numeral followed by `、` or `.` (`一、`, `一.`), not in brackets.
        public var chineseNumeral: Bool = false
        /// Whether the ordinal is in brackets (`（一）`): the style of sub-headings, not of sections.
        public var bracketed: Bool = false
        /// The title in comparable form.
        public var title: String
    }

    /// The section (1…6) whose prescribed heading or an accepted variant has this comparable title.
    public static func section(forTitle title: String) -> Int? {
        acceptedTitles.first { $0.value.contains(title) }?.key
    }

    public static func parse(_ heading: String) -> Parsed {
        let all = TextNormalizer.comparableScalars(heading)
        var end = all.endIndex
        while end > 0, "。：.、".unicodeScalars.contains(all[end - 1]) { end -= 1 }
        let text = all[..<end]
        func string(_ slice: ArraySlice<Unicode.Scalar>) -> String { String(String.UnicodeScalarView(slice)) }
        func isSeparator(_ i: Int) -> Bool { i < text.endIndex && (text[i] == "、" || text[i] == ".") }

        // 一、 / 一. / 十二、
        var i = text.startIndex
        while i < text.endIndex, "一二三四五六七八九十".unicodeScalars.contains(text[i]) { i += 1 }
        if i > text.startIndex, isSeparator(i), let value = ChineseNumeral.value(of: string(text[..<i])) {
            return Parsed(ordinal: value, prescribedStyle: text[i] == "、", chineseNumeral: true,
                          title: string(text[(i + 1)...]))
        }
        // 1、 / 1.
        i = text.startIndex
        var number = 0
        while i < text.endIndex, ("0"..."9").contains(text[i]), number < 1000 {
            number = number * 10 + Int(text[i].value - 48)
            i += 1
        }
        if i > text.startIndex, isSeparator(i) {
            return Parsed(ordinal: number, prescribedStyle: false, title: string(text[(i + 1)...]))
        }
        // （一） / （1）
        if text.first == "（", let close = text.firstIndex(of: "）") {
            let inner = string(text[(text.startIndex + 1)..<close])
            if let value = ChineseNumeral.value(of: inner) ?? Int(inner) {
                return Parsed(ordinal: value, prescribedStyle: false, bracketed: true, title: string(text[(close + 1)...]))
            }
        }
        return Parsed(ordinal: nil, prescribedStyle: false, title: string(text))
    }

    /// The first character of every prescribed or accepted title (comparable form): a line without an ordinal that
    /// starts otherwise is no section heading.
    public static let titleInitials: Set<Unicode.Scalar> = Set(acceptedTitles.values.flatMap { $0.compactMap(\.unicodeScalars.first) })

    /// The comparable titles of the prescribed headings and their accepted variants, by section number (parsed once).
    private static let acceptedTitles: [Int: Set<String>] = Dictionary(uniqueKeysWithValues: SectionSpec.all.map {
        ($0.number, Set(([$0.heading] + $0.acceptedVariants).map { parse($0).title }))
    })
    private static let prescribedTitles: [Int: String] = Dictionary(uniqueKeysWithValues: SectionSpec.all.map {
        ($0.number, parse($0.heading).title)
    })

    static func check(_ section: ReportSection, spec: SectionSpec, all: [SectionSpec]) -> Finding? {
        let location = Location(section: spec.number)
        let name = "第\(spec.numeral)部分"
        let printed = section.heading.trimmingWhitespace
        guard !printed.isEmpty else {
            return Finding(code: .headingMismatch, severity: .warning,
                           message: "\(name)没有标题（应为「\(spec.heading)」）", location: location)
        }
        let parsed = parse(printed)
        if acceptedTitles[spec.number]?.contains(parsed.title) == true {
            if parsed.ordinal != spec.number {
                let written = parsed.ordinal.map { "“\($0)”" } ?? "缺失"
                return Finding(code: .headingMismatch, severity: .warning,
                               message: "\(name)标题「\(printed)」的编号\(written)与位置不符（应为「\(spec.heading)」）",
                               location: location)
            }
            if !parsed.prescribedStyle {
                return Finding(code: .headingMismatch, severity: .info,
                               message: "\(name)标题「\(printed)」的编号写法与格式不同（应为「\(spec.heading)」）",
                               location: location)
            }
            return nil
        }
        if let other = all.first(where: { $0.number != spec.number && prescribedTitles[$0.number] == parsed.title }) {
            return Finding(code: .headingMismatch, severity: .warning,
                           message: "\(name)的标题「\(printed)」是第\(other.numeral)部分的标题（应为「\(spec.heading)」）",
                           location: location)
        }
        return Finding(code: .headingMismatch, severity: .warning,
                       message: "\(name)标题「\(printed)」与格式规定的「\(spec.heading)」不符", location: location)
    }
}

// The text without leading and trailing whitespace: ASCII, non-breaking and ideographic spaces and every other
// Unicode White_Space scalar.
//
// On scalars with the White_Space set written out (Unicode's property lookup was 5% of reading a report); inlinable,
// and written for String and Substring rather than StringProtocol, so that the reader gets it specialised and
// `String(Substring)` is the direct conversion (the generic one showed in profiles): this runs on every line and cell.

extension String {
    @inlinable package var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isWhiteSpace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.isWhiteSpace }) ?? first
        let end = scalars.index(after: last)
        if first == startIndex, end == endIndex { return self }
        // Scalar indices are string indices.
        return String(self[first..<end])
    }
}

extension Substring {
    @inlinable package var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isWhiteSpace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.isWhiteSpace }) ?? first
        return String(self[first..<scalars.index(after: last)])
    }
}

extension StringProtocol {
    /// The text with every whitespace scalar taken out (`示例市 示例局` → `示例市示例局`).
    @inlinable package var removingWhiteSpace: String {
        var scalars = String.UnicodeScalarView()
        for scalar in unicodeScalars where !scalar.isWhiteSpace { scalars.append(scalar) }
        return String(scalars)
    }
}

extension Unicode.Scalar {
    /// Unicode's White_Space property (PropList.txt), without the table lookup.
    @inlinable package var isWhiteSpace: Bool {
        switch value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }
}
