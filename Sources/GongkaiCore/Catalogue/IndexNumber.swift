/// 索引号: the unique, permanent identifier of a catalogue record. The national pattern (《政府信息公开目录系统实施指引》)
/// is 「前段码/后段码」: the publisher's code, then the year and a serial. Real sites write it in several forms
/// (research/catalogue.md §4.2), all accepted on import: `0142768-8/2022-00185` (the old 9-character 组织机构代码 with its
/// dash), `053533505/2021-00106`, `11620622013933539B/2021-03844` (the 18-character 统一社会信用代码),
/// `01527918X-2020-153077` (dashes, 6-digit serial); other local forms are kept as given when nothing in them is
/// broken.
public enum IndexNumber {
    /// An agency's rule for new numbers: `前段码` + `/` + year + `-` + serial of `serialWidth` digits.
    public struct Rule: Sendable, Hashable {
        /// The agency's 统一社会信用代码 (or its old 9-character code), without spaces.
        public var prefix: String
        public var separator: String
        public var serialWidth: Int

        public init(prefix: String, separator: String = "/", serialWidth: Int = 5) {
            self.prefix = prefix
            self.separator = separator
            self.serialWidth = min(max(serialWidth, 4), 6)
        }

        /// `11330226MB1234567X/2025-00012`.
        public func number(year: Int, serial: Int) -> String {
            let digits = String(serial)
            return prefix + separator + "\(year)-" + String(repeating: "0", count: max(serialWidth - digits.count, 0)) + digits
        }
    }

    /// What an imported number is.
    public enum Check: Sendable, Equatable {
        /// The national pattern: the publisher's code, year and serial.
        case standard(prefix: String, year: Int, serial: Int)
        /// Another local form with nothing broken in it: kept as given.
        case local
        /// Not a usable number, with the reason.
        case broken(String)
    }

    public static func check(_ raw: String) -> Check {
        let text = raw.trimmingWhitespace
        guard !text.isEmpty else { return .broken("索引号为空") }
        guard text.count <= 64 else { return .broken("索引号超过 64 个字符") }
        if text.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 }) {
            return .broken("索引号中有空格或控制字符")
        }
        let lower = text.lowercased()
        for remnant in ["null", "undefined", "nan", "{{", "${", "<%"] where lower.contains(remnant) {
            return .broken("索引号含有“\(remnant)”：是模板未生成的编号，不是真实的索引号")
        }
        guard text.contains(where: \.isNumber) else { return .broken("索引号中没有数字") }
        if let match = text.wholeMatch(of: /([0-9A-Z]{7,8}-[0-9A-Z]|[0-9A-Z]{9}|[0-9A-Z]{18})[\/-]((?:19|20)\d\d)-(\d{4,6})/) {
            let prefix = String(match.1)
            if let problem = prefixProblem(prefix) { return .broken(problem) }
            return .standard(prefix: prefix, year: Int(match.2)!, serial: Int(match.3)!)
        }
        if let year = text.firstMatch(of: /[\/-](\d{4})-\d+$/), let value = Int(year.1), !(1990...2100).contains(value) {
            return .broken("索引号中的年份 \(value) 不可能")
        }
        return .local
    }

    /// The check digit of the publisher's code: GB 32100 for 18 characters, GB 11714 for the old 9.
    static func prefixProblem(_ prefix: String) -> String? {
        let code = prefix.replacingOccurrences(of: "-", with: "")
        if code.count == 18 { return CreditCode.problem(code).map { "索引号前段码：" + $0 } }
        let characters = Array(code)
        guard characters.count == 9 else { return nil }
        let weights = [3, 7, 9, 10, 5, 8, 4, 2]
        var sum = 0
        for (character, weight) in zip(characters.prefix(8), weights) {
            guard let value = character.isNumber ? character.wholeNumberValue
                : character.asciiValue.map({ Int($0) - 55 }), (0...35).contains(value) else { return "索引号前段码含有不允许的字符" }
            sum += value * weight
        }
        let check = 11 - sum % 11
        let expected: Character = check == 10 ? "X" : (check == 11 ? "0" : Character(String(check)))
        return characters[8] == expected ? nil : "索引号前段码（组织机构代码）的校验位不对，应为 \(expected)"
    }

    /// The number as compared for uniqueness: full-width characters folded, letters upper-cased.
    public static func comparable(_ text: String) -> String {
        TextNormalizer.comparable(text).uppercased()
    }
}
