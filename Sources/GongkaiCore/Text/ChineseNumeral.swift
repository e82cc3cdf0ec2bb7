/// Chinese numerals as used in report headings (一、二、…) and in prose.
public enum ChineseNumeral {
    private static let digits: [Character] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"]

    /// The ordinal of a heading, 1 → `一`, 10 → `十`, 12 → `十二`, 21 → `二十一` (1…99).
    public static func ordinal(_ n: Int) -> String {
        precondition((1...99).contains(n), "ordinal out of range: \(n)")
        if n < 10 { return String(digits[n]) }
        let tens = n / 10, ones = n % 10
        let head = tens == 1 ? "十" : String(digits[tens]) + "十"
        return ones == 0 ? head : head + String(digits[ones])
    }

    /// The value of a small Chinese numeral (`一` … `九十九`, also `两`, `〇`/`零`), or nil.
    public static func value(of text: some StringProtocol) -> Int? {
        if text.isEmpty { return nil }
        func digit(_ c: Character) -> Int? {
            if c == "两" { return 2 }
            if c == "〇" { return 0 }
            return digits.firstIndex(of: c)
        }
        let chars = Array(text)
        if let ten = chars.firstIndex(of: "十") {
            guard chars.count <= 3 else { return nil }
            let tens = ten == 0 ? 1 : (ten == 1 ? digit(chars[0]) : nil)
            guard let tens else { return nil }
            let rest = chars[(ten + 1)...]
            if rest.isEmpty { return tens * 10 }
            guard rest.count == 1, let ones = rest.first.flatMap(digit), ones > 0 else { return nil }
            return tens * 10 + ones
        }
        guard chars.count == 1 else { return nil }
        return digit(chars[0])
    }
}
