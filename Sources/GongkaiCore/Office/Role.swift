/// The roles of an agency's open-government office. A user may hold several.
public enum Role: String, Sendable, Hashable, CaseIterable, Comparable {
    case admin, clerk, reviewer, signer, supervisor

    public var displayName: String {
        switch self {
        case .admin: "管理员"
        case .clerk: "经办人"
        case .reviewer: "审核人"
        case .signer: "签发人"
        case .supervisor: "督查"
        }
    }

    /// What the role may do.
    public var permissions: Set<Permission> {
        switch self {
        case .admin: [.viewCases, .manageUsers, .viewAudit]
        case .clerk: [.viewCases, .handleCases, .editReport, .publishReport, .draftCatalogue]
        case .reviewer: [.viewCases, .handleCases, .editReport, .draftCatalogue, .reviewCatalogue]
        // Extensions (条例 Art. 33 第二款) need the approval of the person in charge of the office: the 签发人.
        // The signer also decides what the catalogue publishes (条例 Art. 17: 审查 before release).
        case .signer: [.viewCases, .handleCases, .approveExtension, .approveReport, .publishReport, .approveCatalogue]
        case .supervisor: [.viewCases, .viewAudit, .oversee]
        }
    }

    /// Roles given at a government that count in the agencies under it too (a county's 督查 oversees its departments;
    /// its administrator keeps their accounts). Handling cases and reports stays with each agency's own staff.
    public var reachesDown: Bool { self == .supervisor || self == .admin }

    public static func < (a: Role, b: Role) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }

    /// Roles written as a comma-separated list of raw values (`clerk,signer`); nil if one is unknown.
    public static func set(from text: String) -> Set<Role>? {
        var roles: Set<Role> = []
        for part in text.split(separator: ",") {
            guard let role = Role(rawValue: part.trimmingWhitespace) else { return nil }
            roles.insert(role)
        }
        return roles
    }

    public static func text(of roles: Set<Role>) -> String { roles.sorted().map(\.rawValue).joined(separator: ",") }
}

/// Something a staff member may do; every staff route requires one.
public enum Permission: String, Sendable, Hashable, CaseIterable {
    /// See cases, the to-do list, reports in preparation, the report checker.
    case viewCases
    /// Enter applications and record the steps of a case.
    case handleCases
    /// Record an extension of the answer period.
    case approveExtension
    /// Edit the year's report.
    case editReport
    /// Sign off the year's report.
    case approveReport
    /// Publish a signed-off report.
    case publishReport
    /// Create users, give roles.
    case manageUsers
    /// Read the audit log.
    case viewAudit
    /// Draft catalogue records and propose their 公开属性; import a catalogue.
    case draftCatalogue
    /// Check drafts and record the 保密审查.
    case reviewCatalogue
    /// Approve a draft for publication (or filing).
    case approveCatalogue
    /// Keep a roster, collect reports, review their findings (督查).
    case oversee

    public var displayName: String {
        switch self {
        case .viewCases: "查看申请与报告"
        case .handleCases: "办理申请"
        case .approveExtension: "批准延期答复"
        case .editReport: "编制年度报告"
        case .approveReport: "签发年度报告"
        case .publishReport: "发布年度报告"
        case .manageUsers: "管理账户"
        case .viewAudit: "查看操作日志"
        case .draftCatalogue: "起草主动公开信息"
        case .reviewCatalogue: "审核主动公开信息"
        case .approveCatalogue: "签发主动公开信息"
        case .oversee: "督查年度报告"
        }
    }

    /// The roles that have it, for messages such as 「需要签发人权限」.
    public var roles: [Role] { Role.allCases.filter { $0.permissions.contains(self) } }
}
