/// Compares a section's printed heading with the one the format prescribes for its place (`HEADING-MISMATCH`).
enum HeadingCheck {
    /// A heading split into its ordinal and its title.
    struct Parsed: Equatable {
        /// The value of the ordinal (`一、` → 1, `1、` → 1, `（三）` → 3), if any.
        var ordinal: Int?
        /// Whether the ordinal is written the prescribed way (`一、`).
        var prescribedStyle: Bool
        /// The title in comparable form.
        var title: String
    }

    static func parse(_ heading: String) -> Parsed {
        var text = Substring(TextNormalizer.comparable(heading))
        while let last = text.last, "。：.、".contains(last) { text = text.dropLast() }
        // 一、 / 一. / 十二、
        let numerals = text.prefix { "一二三四五六七八九十".contains($0) }
        if !numerals.isEmpty, let value = ChineseNumeral.value(of: numerals) {
            let rest = text.dropFirst(numerals.count)
            if let sep = rest.first, "、.".contains(sep) {
                return Parsed(ordinal: value, prescribedStyle: sep == "、", title: String(rest.dropFirst()))
            }
        }
        // 1、 / 1.
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, let value = Int(digits) {
            let rest = text.dropFirst(digits.count)
            if let sep = rest.first, "、.".contains(sep) {
                return Parsed(ordinal: value, prescribedStyle: false, title: String(rest.dropFirst()))
            }
        }
        // （一） / （1）
        if text.first == "（", let close = text.firstIndex(of: "）") {
            let inner = text[text.index(after: text.startIndex)..<close]
            if let value = ChineseNumeral.value(of: inner) ?? Int(inner) {
                return Parsed(ordinal: value, prescribedStyle: false, title: String(text[text.index(after: close)...]))
            }
        }
        return Parsed(ordinal: nil, prescribedStyle: false, title: String(text))
    }

    static func check(_ section: ReportSection, spec: SectionSpec, all: [SectionSpec]) -> Finding? {
        let location = Location(section: spec.number)
        let name = "第\(spec.numeral)部分"
        let printed = section.heading.trimmingWhitespace
        guard !printed.isEmpty else {
            return Finding(code: .headingMismatch, severity: .warning,
                           message: "\(name)没有标题（应为「\(spec.heading)」）", location: location)
        }
        let parsed = parse(printed)
        let accepted = ([spec.heading] + spec.acceptedVariants).map { parse($0).title }
        if accepted.contains(parsed.title) {
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
        if let other = all.first(where: { $0.number != spec.number && parse($0.heading).title == parsed.title }) {
            return Finding(code: .headingMismatch, severity: .warning,
                           message: "\(name)的标题「\(printed)」是第\(other.numeral)部分的标题（应为「\(spec.heading)」）",
                           location: location)
        }
        return Finding(code: .headingMismatch, severity: .warning,
                       message: "\(name)标题「\(printed)」与格式规定的「\(spec.heading)」不符", location: location)
    }
}

extension StringProtocol {
    /// The text without leading and trailing whitespace (ideographic spaces included).
    var trimmingWhitespace: String {
        guard let first = firstIndex(where: { !$0.isWhitespace }),
              let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[first...last])
    }
}
