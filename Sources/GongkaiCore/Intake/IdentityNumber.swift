/// A 18-digit 居民身份证号码 (GB 11643-1999): six digits of region, the birth date (YYYYMMDD), three digits of
/// sequence and a check character computed by ISO 7064 MOD 11-2 (`0`–`9` or `X`).
public struct IdentityNumber: Sendable, Hashable, CustomStringConvertible {
    /// The 18 characters, with a lower-case `x` made upper-case.
    public let value: String

    /// Why a text is not a valid number, in Chinese.
    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        case length(Int)
        case characters
        case birthDate
        case checkCharacter(expected: Character)

        public var description: String {
            switch self {
            case let .length(n): "居民身份证号码应为 18 位，这里是 \(n) 位"
            case .characters: "居民身份证号码前 17 位应为数字，最后一位为数字或 X"
            case .birthDate: "居民身份证号码中的出生日期（第 7–14 位）不是有效日期"
            case .checkCharacter: "居民身份证号码的校验位不对，请核对是否有输错的数字"
            }
        }
    }

    private static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    private static let checkCharacters: [Character] = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"]

    /// Validates a number as typed (surrounding spaces and full-width digits are accepted).
    public init(_ text: String) throws(Problem) {
        let characters = Array(TextNormalizer.comparable(text).uppercased())
        guard characters.count == 18 else { throw .length(characters.count) }
        let digits = characters.prefix(17).compactMap(\.wholeNumberValue)
        guard digits.count == 17, characters.prefix(17).allSatisfy(\.isASCII),
              characters[17] == "X" || (characters[17].isASCII && characters[17].isNumber)
        else { throw .characters }
        let year = digits[6] * 1000 + digits[7] * 100 + digits[8] * 10 + digits[9]
        let month = digits[10] * 10 + digits[11]
        let day = digits[12] * 10 + digits[13]
        guard year >= 1900, CivilDate(year: year, month: month, day: day) != nil else { throw .birthDate }
        let sum = zip(digits, Self.weights).reduce(0) { $0 + $1.0 * $1.1 }
        let expected = Self.checkCharacters[sum % 11]
        guard characters[17] == expected else { throw .checkCharacter(expected: expected) }
        value = String(characters)
    }

    /// For lists and logs: the first three and last two characters, e.g. `330***********123X` → `330*************3X`.
    public var masked: String { Masking.mask(value, keepingFirst: 3, last: 2) }

    public var description: String { masked }
}

/// Personal data shown in lists and logs only in part.
public enum Masking {
    /// `text` with all but the first `first` and last `last` characters replaced by `*`.
    public static func mask(_ text: String, keepingFirst first: Int, last: Int) -> String {
        let characters = Array(text)
        guard characters.count > first + last else { return String(repeating: "*", count: characters.count) }
        return String(characters.prefix(first)) + String(repeating: "*", count: characters.count - first - last)
            + String(characters.suffix(last))
    }

    /// A phone number as `138****5678`.
    public static func phone(_ text: String) -> String { mask(text, keepingFirst: 3, last: 4) }

    /// A name as `张*` / `王**明`: the first character (and the last of names over two characters).
    public static func name(_ text: String) -> String {
        let characters = Array(text)
        switch characters.count {
        case 0, 1: return text
        case 2: return String(characters[0]) + "*"
        default: return String(characters[0]) + String(repeating: "*", count: characters.count - 2) + String(characters.last!)
        }
    }
}
