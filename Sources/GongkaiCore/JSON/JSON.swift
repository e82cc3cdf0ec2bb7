/// A JSON value that remembers the source line it was read from.
///
/// Gongkai reads and writes its JSON through this type rather than `Codable` for three reasons: error messages must
/// name the line and the field (`第 12 行 table3.received`), objects must keep the contract's key order when written,
/// and numbers must stay exact decimals (money in 万元).
public struct JSON: Sendable, Equatable {
    public enum Value: Sendable, Equatable {
        case null
        case bool(Bool)
        /// The number's literal text, validated against the JSON grammar (e.g. `-8`, `12.50`, `1e3`).
        case number(String)
        case string(String)
        case array([JSON])
        /// Members in source (or insertion) order. Duplicate keys are rejected by the parser.
        case object([(key: String, value: JSON)])

        public static func == (lhs: Value, rhs: Value) -> Bool {
            switch (lhs, rhs) {
            case (.null, .null): true
            case let (.bool(a), .bool(b)): a == b
            case let (.number(a), .number(b)): a == b
            case let (.string(a), .string(b)): a == b
            case let (.array(a), .array(b)): a == b
            case let (.object(a), .object(b)):
                a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
            default: false
            }
        }
    }

    public var value: Value
    /// 1-based line of the value's first character in the source; 0 for values built in code.
    public var line: Int

    public init(_ value: Value, line: Int = 0) {
        self.value = value
        self.line = line
    }

    /// Equality of content; source lines are ignored.
    public static func == (lhs: JSON, rhs: JSON) -> Bool { lhs.value == rhs.value }

    // MARK: Building

    public static let null = JSON(.null)
    public static func string(_ s: String) -> JSON { JSON(.string(s)) }
    public static func int(_ i: Int) -> JSON { JSON(.number(String(i))) }
    public static func bool(_ b: Bool) -> JSON { JSON(.bool(b)) }
    /// A date as `YYYY-MM-DD`, or null when there is none.
    public static func date(_ d: CivilDate?) -> JSON { d.map { .string($0.description) } ?? .null }
    public static func array(_ items: [JSON]) -> JSON { JSON(.array(items)) }
    public static func object(_ members: [(String, JSON)]) -> JSON {
        JSON(.object(members.map { (key: $0.0, value: $0.1) }))
    }

    // MARK: Reading

    /// The member for a key, when this is an object.
    public subscript(key: String) -> JSON? {
        guard case let .object(members) = value else { return nil }
        return members.first { $0.key == key }?.value
    }

    public var isNull: Bool { value == .null }

    /// A short Chinese name of the value's type, for messages.
    public var typeName: String {
        switch value {
        case .null: "null"
        case .bool: "布尔值"
        case .number: "数字"
        case .string: "字符串"
        case .array: "数组"
        case .object: "对象"
        }
    }
}
