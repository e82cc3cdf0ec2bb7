import GongkaiCore

/// What a user submitted, field by field, as text: a web form, a JSON body or command-line options all come as
/// this, so that each rule on a field is written once. Values are trimmed. Control characters are refused where
/// they enter (a NUL in a name cut what was shown of it): line breaks and tabs only in the multi-line fields.
public struct Fields: Sendable {
    public private(set) var values: [String: String]

    /// Fields whose text may have several lines.
    static func isMultiline(_ key: String) -> Bool {
        key.hasPrefix("section.") || ["description", "note", "request", "address"].contains(key)
    }

    public init(_ values: [String: String]) throws(OfficeError) {
        var clean: [String: String] = [:]
        for (key, value) in values {
            let multiline = Self.isMultiline(key)
            if value.unicodeScalars.contains(where: { Self.isControl($0, multiline: multiline) }) {
                throw .invalid("「\(FieldNames.label(key))」含有控制字符（如 NUL、退格或换行），请删去后再提交", field: key)
            }
            clean[key] = value.trimmingWhitespace
        }
        self.values = clean
    }

    static func isControl(_ scalar: Unicode.Scalar, multiline: Bool) -> Bool {
        switch scalar.value {
        case 0x0A, 0x0D, 0x09: !multiline
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0xFFFE, 0xFFFF: true
        default: false
        }
    }

    public subscript(_ key: String) -> String? { values[key] }

    /// The field's text, or nil when absent or empty.
    public func text(_ key: String) -> String? { values[key].flatMap { $0.isEmpty ? nil : $0 } }

    public func required(_ key: String, _ label: String, maxLength: Int = 200) throws(OfficeError) -> String {
        guard let text = text(key) else { throw .invalid("请填写\(label)", field: key) }
        guard text.count <= maxLength else { throw .invalid("\(label)不能超过 \(maxLength) 个字", field: key) }
        return text
    }

    /// A date (YYYY-MM-DD).
    public func date(_ key: String, _ label: String) throws(OfficeError) -> CivilDate {
        guard let text = text(key) else { throw .invalid("请填写\(label)", field: key) }
        guard let date = CivilDate(iso: text) else { throw .invalid("\(label)「\(text)」不是有效日期（应为 YYYY-MM-DD）", field: key) }
        return date
    }

    public func optionalDate(_ key: String, _ label: String) throws(OfficeError) -> CivilDate? {
        text(key) == nil ? nil : try date(key, label)
    }

    /// A whole number within `range`.
    public func int(_ key: String, _ label: String, in range: ClosedRange<Int>) throws(OfficeError) -> Int {
        guard let text = text(key) else { throw .invalid("请填写\(label)", field: key) }
        guard let value = Int(TextNormalizer.comparable(text)), range.contains(value) else {
            throw .invalid("\(label)应为 \(range.lowerBound)–\(range.upperBound) 之间的整数，这里是「\(text)」", field: key)
        }
        return value
    }

    /// A yes/no field (`on`, `true`, `1`, `yes` are yes); nil when absent.
    public func flag(_ key: String) -> Bool? {
        values[key].map { ["on", "true", "1", "yes"].contains($0.lowercased()) }
    }
}

/// The names users know the fields by, for messages about them.
enum FieldNames {
    static let labels: [String: String] = [
        "name": "姓名或名称", "documentNumber": "证件号码", "contact": "联系人", "phone": "联系电话", "address": "通信地址",
        "email": "电子邮箱", "description": "所需信息的描述", "note": "说明", "username": "用户名", "displayName": "姓名",
        "password": "密码", "agency": "机关名称", "publishedOn": "成文日期", "date": "日期", "trackingCode": "查询码",
        "received": "收到日期", "filed": "提起日期", "decided": "审结日期", "amount": "金额", "current": "当前密码", "new": "新密码",
    ]

    static func label(_ key: String) -> String {
        if let label = labels[key] { return label }
        if key.hasPrefix("section."), let n = Int(key.dropFirst(8)), let spec = SectionSpec.all.first(where: { $0.number == n }) {
            return spec.heading
        }
        return key
    }
}
