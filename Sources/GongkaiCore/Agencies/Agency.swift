/// An agency on the platform: its name as printed, its 统一社会信用代码, its level (which decides the statutory
/// publication deadline of its annual report, 条例 Art. 49), the government it belongs to, and the remedies its
/// reply letters name. Every case, draft, published report and counter belongs to one.
public struct Agency: Sendable, Hashable {
    /// The internal key.
    public var id: Int
    /// The short code in its public address (`/a/{code}/`): lower-case letters, digits and `-`.
    public var code: String
    /// The name as printed on letters and reports, e.g. `某某市某某局`.
    public var name: String
    /// The 统一社会信用代码 (GB 32100-2015), when known.
    public var creditCode: String?
    public var level: AgencyLevel
    /// The agency it belongs to (a department's government), nil at the top.
    public var parentID: Int?
    public var remedies: ReplyLetter.Remedies
    /// Where and how the public reaches its OGI office (the 指南's contact block).
    public var contact: Contact
    /// This agency's id, then its parent's, up to the top (filled in by the store).
    public var lineage: [Int]

    public init(id: Int, code: String, name: String, creditCode: String? = nil, level: AgencyLevel, parentID: Int? = nil,
                remedies: ReplyLetter.Remedies = .init(), contact: Contact = .init(), lineage: [Int] = [])
    {
        self.id = id
        self.code = code
        self.name = name
        self.creditCode = creditCode
        self.level = level
        self.parentID = parentID
        self.remedies = remedies
        self.contact = contact
        self.lineage = lineage.isEmpty ? [id] : lineage
    }

    /// The OGI office's contact details that 条例 Art. 12 requires the 指南 to give: the office's name, address, office
    /// hours, phone, fax and Internet contact. Nil fields are not known yet (the 指南 says so).
    public struct Contact: Sendable, Hashable {
        /// The office that handles applications (政府信息公开工作机构), e.g. `某某局办公室`.
        public var office: String?
        public var address: String?
        public var postcode: String?
        /// 办公时间, e.g. `工作日 上午 9:00–12:00，下午 13:30–17:30`.
        public var hours: String?
        public var phone: String?
        public var fax: String?
        public var email: String?

        public init(office: String? = nil, address: String? = nil, postcode: String? = nil, hours: String? = nil, phone: String? = nil,
                    fax: String? = nil, email: String? = nil)
        {
            self.office = office
            self.address = address
            self.postcode = postcode
            self.hours = hours
            self.phone = phone
            self.fax = fax
            self.email = email
        }

        /// The fields by key, with their labels, in the order a 指南 prints them.
        public static var fields: [(key: WritableKeyPath<Contact, String?>, name: String, label: String)] {
            [
            (\.office, "office", "受理机构"), (\.address, "address", "通信地址"), (\.postcode, "postcode", "邮政编码"),
            (\.hours, "hours", "办公时间"), (\.phone, "phone", "咨询电话"), (\.fax, "fax", "传真"), (\.email, "email", "电子邮箱"),
            ]
        }

        /// The labels of the fields the 条例 requires that are still empty.
        public var missing: [String] {
            Self.fields.filter { $0.name != "postcode" && $0.name != "fax" && self[keyPath: $0.key] == nil }.map(\.label)
        }
    }

    /// The installation's first agency, made when the database is created: the one at the site's root addresses.
    public static let firstID = 1

    /// The name, or a placeholder while the first agency waits to be named by the server's first start.
    public var title: String { name.isEmpty ? "（未命名机关：首次启动 gongkai serve --agency 名称 时命名）" : name }

    /// Whether this agency is `other` or lies under it.
    public func isWithin(_ other: Int) -> Bool { lineage.contains(other) }

    /// The statutory last day to publish the report of `year`.
    public func deadline(reportYear year: Int) -> PublicationDeadline { PublicationDeadline(level: level, reportYear: year) }

    /// Why an address code cannot be used, or nil.
    public static func codeProblem(_ code: String) -> String? {
        guard (1...32).contains(code.count) else { return "机关代码应为 1–32 个字符" }
        guard code.allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }), code.first != "-", code.last != "-"
        else { return "机关代码只能由小写英文字母、数字和中间的横线组成（用于网址 /a/代码/）" }
        return nil
    }
}

/// The three levels of the 条例 and the national report formats.
public enum AgencyLevel: String, Sendable, Hashable, CaseIterable {
    /// 县级以上人民政府部门: publishes by 31 January.
    case department
    /// 县级以上人民政府 (its OGI office): publishes by 31 March.
    case government
    /// 乡镇人民政府、街道办事处: no date in the 条例.
    case township

    public var displayName: String {
        switch self {
        case .department: "部门"
        case .government: "县级以上人民政府"
        case .township: "乡镇街道"
        }
    }

    /// A level written as in a roster (`部门`, `县级以上人民政府`, `乡镇街道`, or the raw value); nil if unknown.
    public init?(text: String) {
        let text = text.trimmingWhitespace
        if let level = AgencyLevel(rawValue: text) { self = level; return }
        switch text {
        case "部门", "县级以上人民政府部门", "政府部门": self = .department
        case "县级以上人民政府", "人民政府", "政府": self = .government
        case "乡镇街道", "乡镇", "街道", "乡镇人民政府", "街道办事处": self = .township
        default: return nil
        }
    }

    /// A first guess from a name (`某某县人民政府` → government, `某某镇人民政府` → township, else department), for an
    /// agency created from a name alone; the administrator can change it.
    public static func guess(from name: String) -> AgencyLevel {
        switch PublicationDeadline.kind(of: name) {
        case .government: .government
        case .township: .township
        case .department, .unknown: .department
        }
    }
}

extension Agency {
    /// Agencies as a tree: each top-level agency, then the agencies under it (depth first, by id), with their depth.
    public static func treeOrder(_ agencies: [Agency]) -> [(agency: Agency, depth: Int)] {
        let ids = Set(agencies.map(\.id))
        var children: [Int?: [Agency]] = [:]
        for agency in agencies {
            // A parent that is not in the list (or a cycle's member) puts the agency at the top.
            let parent = agency.parentID.flatMap { ids.contains($0) && $0 != agency.id ? $0 : nil }
            children[parent, default: []].append(agency)
        }
        var result: [(Agency, Int)] = []
        var seen: Set<Int> = []
        func visit(_ parent: Int?, depth: Int) {
            for agency in (children[parent] ?? []).sorted(by: { $0.id < $1.id }) where seen.insert(agency.id).inserted {
                result.append((agency, depth))
                visit(agency.id, depth: depth + 1)
            }
        }
        visit(nil, depth: 0)
        // Agencies on a cycle of parents (not reachable from the top) still appear.
        for agency in agencies where !seen.contains(agency.id) { result.append((agency, 0)) }
        return result
    }
}

extension Collection where Element == Agency {
    /// The agency of an id (nil for nil or an unknown id).
    public func agency(id: Int?) -> Agency? { id.flatMap { id in first { $0.id == id } } }

    /// The agency of an address code.
    public func agency(code: String) -> Agency? { first { $0.code == code } }

    /// The installation's first agency among these (the one at the site's root), or the first listed.
    public var firstAgency: Agency? { agency(id: Agency.firstID) ?? first }
}
