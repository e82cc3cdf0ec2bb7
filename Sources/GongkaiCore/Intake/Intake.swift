/// What an applicant gives when applying (条例 Art. 29): who they are and how to reach them, a description of the
/// information wanted, and the form in which they want it. Stored beside the case (which keeps what the annual
/// tables need); personal data is shown in lists only masked (``Masking``).
public struct Intake: Sendable, Hashable {
    /// How the applicant wants the information provided (条例 Art. 29 第二款第（三）项, Art. 40).
    public enum Provision: String, Sendable, Hashable, CaseIterable {
        case paper, email, disc, inspection

        public var displayName: String {
            switch self {
            case .paper: "纸质文本"
            case .email: "电子邮件"
            case .disc: "光盘等电子介质"
            case .inspection: "当场查阅、抄录"
            }
        }
    }

    /// The kind of identity document.
    public enum DocumentKind: String, Sendable, Hashable, CaseIterable {
        case residentID, passport, otherID, creditCode

        public var displayName: String {
            switch self {
            case .residentID: "居民身份证"
            case .passport: "护照"
            case .otherID: "其他有效身份证件"
            case .creditCode: "统一社会信用代码"
            }
        }
    }

    public var applicantType: ApplicantType
    /// The person's name, or the organisation's.
    public var name: String
    public var documentKind: DocumentKind
    public var documentNumber: String
    /// For an organisation: the person to contact.
    public var contact: String?
    public var phone: String
    public var address: String
    public var email: String?
    /// 所需政府信息的名称、文号或者便于行政机关查询的其他特征性描述.
    public var description: String
    public var provision: Provision

    public init(applicantType: ApplicantType, name: String, documentKind: DocumentKind, documentNumber: String,
                contact: String? = nil, phone: String, address: String, email: String? = nil, description: String,
                provision: Provision)
    {
        self.applicantType = applicantType
        self.name = name
        self.documentKind = documentKind
        self.documentNumber = documentNumber
        self.contact = contact
        self.phone = phone
        self.address = address
        self.email = email
        self.description = description
        self.provision = provision
    }

    /// A field that cannot be accepted, with the reason in Chinese.
    public struct Problem: Sendable, Hashable {
        /// The form field, e.g. `documentNumber`.
        public let field: String
        public let message: String

        public init(field: String, message: String) {
            self.field = field
            self.message = message
        }
    }

    /// Every problem of the form, field by field (empty when it can be accepted). Values are compared trimmed.
    public func problems() -> [Problem] {
        var problems: [Problem] = []
        func require(_ value: String?, _ field: String, _ label: String, max: Int) {
            let text = value?.trimmingWhitespace ?? ""
            if text.isEmpty { problems.append(Problem(field: field, message: "请填写\(label)")) }
            else if text.count > max { problems.append(Problem(field: field, message: "\(label)不能超过 \(max) 个字")) }
        }
        require(name, "name", applicantType.isOrganisation ? "单位名称" : "姓名", max: 100)
        if applicantType.isOrganisation { require(contact, "contact", "联系人", max: 50) }
        require(address, "address", "通信地址", max: 200)
        require(description, "description", "所需信息的内容描述", max: 4000)
        let document = documentNumber.trimmingWhitespace
        switch documentKind {
        case .residentID:
            if applicantType.isOrganisation {
                problems.append(Problem(field: "documentKind", message: "法人或其他组织请填写统一社会信用代码"))
            } else {
                do throws(IdentityNumber.Problem) { _ = try IdentityNumber(document) }
                catch { problems.append(Problem(field: "documentNumber", message: error.description)) }
            }
        case .creditCode:
            if !applicantType.isOrganisation {
                problems.append(Problem(field: "documentKind", message: "自然人请填写身份证件号码"))
            } else if let problem = CreditCode.problem(document) {
                problems.append(Problem(field: "documentNumber", message: problem))
            }
        case .passport, .otherID:
            if applicantType.isOrganisation {
                problems.append(Problem(field: "documentKind", message: "法人或其他组织请填写统一社会信用代码"))
            }
            require(document, "documentNumber", "证件号码", max: 40)
        }
        let digits = phone.trimmingWhitespace.filter { $0 != "-" && $0 != " " }
        if digits.isEmpty { problems.append(Problem(field: "phone", message: "请填写联系电话")) }
        else if !(7...15).contains(digits.count) || !digits.allSatisfy({ $0.isASCII && $0.isNumber }) {
            problems.append(Problem(field: "phone", message: "联系电话应为 7–15 位数字（可含“-”）"))
        }
        if let email = email?.trimmingWhitespace, !email.isEmpty {
            let parts = email.split(separator: "@", omittingEmptySubsequences: false)
            if parts.count != 2 || parts[0].isEmpty || !parts[1].contains(".") {
                problems.append(Problem(field: "email", message: "电子邮箱格式不对"))
            }
        }
        if provision == .email, (email?.trimmingWhitespace ?? "").isEmpty {
            problems.append(Problem(field: "email", message: "选择以电子邮件提供的，请填写电子邮箱"))
        }
        return problems
    }

    /// The same form with every field trimmed and the phone reduced to its digits and dashes.
    public var normalized: Intake {
        var copy = self
        copy.name = name.trimmingWhitespace
        copy.documentNumber = TextNormalizer.comparable(documentNumber).uppercased()
        copy.contact = contact?.trimmingWhitespace.nilIfEmpty
        copy.phone = Self.normalizedPhone(phone)
        copy.address = address.trimmingWhitespace
        copy.email = email?.trimmingWhitespace.nilIfEmpty
        copy.description = description.trimmingWhitespace
        return copy
    }

    /// A phone number as compared when an applicant looks a case up: digits only.
    public static func normalizedPhone(_ text: String) -> String {
        String(TextNormalizer.comparable(text).filter { $0.isASCII && $0.isNumber })
    }
}

/// The 18-character 统一社会信用代码 (GB 32100-2015), whose last character is a MOD 31 check.
public enum CreditCode {
    private static let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    private static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    /// The code as it is kept: full-width characters folded, letters upper-cased, spaces removed.
    public static func normalized(_ text: String) -> String {
        String(TextNormalizer.comparable(text).uppercased().filter { !$0.isWhitespace })
    }

    /// Why a text is not a valid code, or nil.
    public static func problem(_ text: String) -> String? {
        let characters = Array(TextNormalizer.comparable(text).uppercased())
        guard characters.count == 18 else { return "统一社会信用代码应为 18 位，这里是 \(characters.count) 位" }
        var values: [Int] = []
        for c in characters {
            guard let v = alphabet.firstIndex(of: c) else { return "统一社会信用代码含有不允许的字符「\(c)」" }
            values.append(v)
        }
        let sum = zip(values.prefix(17), weights).reduce(0) { $0 + $1.0 * $1.1 }
        let check = (31 - sum % 31) % 31
        return values[17] == check ? nil : "统一社会信用代码的校验位不对，请核对"
    }
}

extension String {
    public var nilIfEmpty: String? { isEmpty ? nil : self }
}
