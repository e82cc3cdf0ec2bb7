import Foundation
import GongkaiCore
import GongkaiStore

/// The agencies, read once and kept until one is added or changed. Every request needs its agency: the list is
/// taken as it is for `age` (a second), then checked against the version counter (one small query) — a change made
/// through this office is seen at once, one made by another process (`gongkai agencies add`) within `age`.
actor AgencyDirectory {
    private var version = -1
    private var agencies: [Agency] = []
    private var checked: ContinuousClock.Instant
    private let age: Duration
    /// The version of the list as last checked (see ``Office/pageStamp``).
    nonisolated let recent: RecentValue<Int>

    init(age: Duration) {
        self.age = age
        checked = .now
        recent = RecentValue(age: age)
    }

    func all(_ store: CaseStore) async throws -> [Agency] {
        let now = ContinuousClock.now
        if !agencies.isEmpty, now - checked < age { return agencies }
        let current = try await store.agenciesVersion()
        if current != version || agencies.isEmpty {
            agencies = try await store.agencies()
            version = current
        }
        checked = now
        recent.set(version, readAt: now)
        return agencies
    }

    /// Forgets the list (after a change through this office).
    func invalidate() {
        agencies = []
        recent.forget()
    }
}

extension Office {
    /// Every agency of the installation, the first one first. A server names the first agency from its settings the
    /// first time it is needed (the database was just made: see ``prepareFirstAgency(by:)``).
    public func agencies() async throws -> [Agency] {
        let all = try await stored { try await directory.all(store) }
        if settings.namesFirstAgency, all.contains(where: { $0.id == Agency.firstID && $0.name.isEmpty }) {
            try await prepareFirstAgency(by: .commandLine("首次启动"))
            return try await stored { try await directory.all(store) }
        }
        return all
    }

    /// The agency of an address code (`/a/{code}/`).
    public func agency(code: String) async throws -> Agency {
        try Self.agency(code: code, in: try await agencies())
    }

    /// The agency of an address code among `all`, or the one refusal for a code that names none.
    public static func agency(code: String, in all: [Agency]) throws(OfficeError) -> Agency {
        guard let agency = all.agency(code: code) else { throw .notFound("没有代码为 \(code) 的机关") }
        return agency
    }

    /// The installation's first agency: the one at the site's root addresses and the CLI's default.
    public func firstAgency() async throws -> Agency {
        guard let agency = try await agencies().firstAgency else {
            throw OfficeError.corrupt("库中没有任何机关（数据库未完成升级？）")
        }
        return agency
    }

    /// The agencies an actor has a role in (directly or reaching down from above).
    public func agencies(of actor: Actor) async throws -> [Agency] {
        try await agencies().filter { agency in
            switch actor.kind {
            case let .staff(user): !user.roles(in: agency).isEmpty
            case .commandLine: true
            case .visitor: false
            }
        }
    }

    /// On start: the first agency gets its name (and level, remedies) from the settings the first time, when the
    /// database was just made. Later starts leave it as it is (change it with `gongkai agencies update`); returns it.
    @discardableResult
    public func prepareFirstAgency(by actor: Actor) async throws -> Agency {
        await directory.invalidate()
        let all = try await stored { try await directory.all(store) }
        guard let first = all.agency(id: Agency.firstID) else {
            throw OfficeError.corrupt("库中没有首个机关（数据库未完成升级？）")
        }
        guard first.name.isEmpty else { return first }
        let name = settings.agency.trimmingWhitespace
        guard !name.isEmpty, name.count <= 100 else { throw OfficeError.invalid("机关名称应为 1–100 个字", field: "agency") }
        var agency = first
        agency.name = name
        agency.level = settings.level ?? AgencyLevel.guess(from: name)
        agency.remedies = settings.remedies
        try await stored {
            try await store.nameFirstAgency(agency, by: actor.name, detail: "首次启动：名称 \(name)；层级 \(agency.level.displayName)")
        }
        await directory.invalidate()
        return try await firstAgency()
    }

    /// Adds an agency: `code` (its address), `name`, `level` (部门 / 县级以上人民政府 / 乡镇街道 or the raw values),
    /// `creditCode` (统一社会信用代码, optional, checked), `parent` (the code of the agency it belongs to), and the
    /// remedies its letters name (`reconsiderationBody`, `court`). Administrators of the parent (or of the
    /// installation's first agency, for a top-level one) may add agencies; at the command line anyone may.
    public func createAgency(_ fields: Fields, by actor: Actor) async throws -> Agency {
        let all = try await agencies()
        let code = (fields["code"] ?? "").lowercased()
        if let problem = Agency.codeProblem(code) { throw OfficeError.invalid(problem, field: "code") }
        guard !all.contains(where: { $0.code == code }) else { throw OfficeError.conflict("机关代码 \(code) 已被使用") }
        var agency = Agency(id: 0, code: code, name: "", level: .department)
        try Self.apply(fields, to: &agency, among: all)
        guard let authority = all.agency(id: agency.parentID) ?? all.firstAgency else {
            throw OfficeError.corrupt("库中没有任何机关（数据库未完成升级？）")
        }
        try actor.require(.manageUsers, in: authority)
        let created = try await stored { try await store.createAgency(agency, by: actor.name) }
        await directory.invalidate()
        return try await agencies().agency(id: created.id) ?? created
    }

    /// Changes what is sent of an agency (its code stays: it is in addresses people have saved). Administrators of
    /// the agency (or above it) may.
    public func updateAgency(code: String, _ fields: Fields, by actor: Actor) async throws -> Agency {
        let all = try await agencies()
        var agency = try Self.agency(code: code, in: all)
        try actor.require(.manageUsers, in: agency)
        let before = agency
        try Self.apply(fields, to: &agency, among: all)
        var changes: [String] = []
        if before.name != agency.name { changes.append("名称 \(before.name) → \(agency.name)") }
        if before.level != agency.level { changes.append("层级 \(before.level.displayName) → \(agency.level.displayName)") }
        if before.creditCode != agency.creditCode { changes.append("统一社会信用代码 \(before.creditCode ?? "无") → \(agency.creditCode ?? "无")") }
        if before.parentID != agency.parentID {
            // Moving an agency puts it under other supervisors and administrators: those of the new place must agree.
            let destination = all.agency(id: agency.parentID) ?? all.firstAgency
            guard let place = destination, actor.may(.manageUsers, in: place) else {
                throw OfficeError.forbidden("只有「\(destination?.title ?? "首个机关")」的管理员可以把机关移到它之下")
            }
            func name(_ id: Int?) -> String { all.agency(id: id)?.name ?? "无" }
            changes.append("上级 \(name(before.parentID)) → \(name(agency.parentID))")
        }
        if before.remedies != agency.remedies { changes.append("救济途径") }
        for field in Agency.Contact.fields where before.contact[keyPath: field.key] != agency.contact[keyPath: field.key] {
            changes.append("\(field.label) \(before.contact[keyPath: field.key] ?? "无") → \(agency.contact[keyPath: field.key] ?? "无")")
        }
        guard !changes.isEmpty else { return before }
        let updated = agency
        try await stored { try await store.updateAgency(updated, by: actor.name, detail: changes.joined(separator: "；")) }
        await directory.invalidate()
        return try await agencies().agency(id: updated.id) ?? updated
    }

    /// The form's fields applied to an agency, each checked: a name of 1–100 characters, a known level, a valid
    /// credit code, a parent that exists and is not the agency itself or below it.
    static func apply(_ fields: Fields, to agency: inout Agency, among all: [Agency]) throws(OfficeError) {
        // The first agency may stay unnamed (its name comes with the server's first start) while other fields are set,
        // such as the 统一社会信用代码 scripts/start gives the example office.
        if fields["name"] != nil || (agency.name.isEmpty && agency.id != Agency.firstID) {
            agency.name = try fields.required("name", "机关名称", maxLength: 100)
        }
        if let text = fields.text("level") {
            guard let level = AgencyLevel(text: text) else {
                throw .invalid("层级应为 部门、县级以上人民政府 或 乡镇街道（现为「\(text)」）", field: "level")
            }
            agency.level = level
        } else if fields["level"] == nil, agency.id == 0 {
            agency.level = AgencyLevel.guess(from: agency.name)
        }
        if let value = fields["creditCode"] {
            if value.isEmpty {
                agency.creditCode = nil
            } else {
                if let problem = CreditCode.problem(value) { throw .invalid(problem, field: "creditCode") }
                agency.creditCode = CreditCode.normalized(value)
            }
        }
        if let value = fields["parent"] {
            if value.isEmpty {
                agency.parentID = nil
            } else {
                guard let parent = all.agency(code: value.lowercased()) else {
                    throw .invalid("没有代码为 \(value) 的上级机关", field: "parent")
                }
                if agency.id != 0, parent.isWithin(agency.id) {
                    throw .invalid("上级机关不能是本机关或其下属机关", field: "parent")
                }
                agency.parentID = parent.id
            }
        }
        if let value = fields["reconsiderationBody"] {
            guard value.count <= 100 else { throw .invalid("复议机关名称不能超过 100 个字", field: "reconsiderationBody") }
            agency.remedies.reconsiderationBody = value.isEmpty ? nil : value
        }
        if let value = fields["court"] {
            guard value.count <= 100 else { throw .invalid("法院名称不能超过 100 个字", field: "court") }
            agency.remedies.court = value.isEmpty ? nil : value
        }
        // The 指南's contact block: `office`, `address`, `postcode`, `hours`, `phone`, `fax`, `email`.
        for field in Agency.Contact.fields {
            guard let value = fields[field.name] else { continue }
            guard value.count <= 200 else { throw .invalid("\(field.label)不能超过 200 个字", field: field.name) }
            if field.name == "email", !value.isEmpty, !(value.contains("@") && !value.contains(" ")) {
                throw .invalid("电子邮箱「\(value)」的格式不对", field: field.name)
            }
            agency.contact[keyPath: field.key] = value.isEmpty ? nil : value
        }
    }
}
