import FluentKit
import Foundation
import GongkaiCore
import SQLKit

/// A staff account. The password is kept only as a hash made by the caller (the server uses Bcrypt).
public struct StaffUser: Sendable, Hashable {
    public var username: String
    public var displayName: String
    public var passwordHash: String
    public var roles: Set<Role>
    public var active: Bool
    public var createdAt: String

    public init(username: String, displayName: String, passwordHash: String, roles: Set<Role>, active: Bool = true,
                createdAt: String = "")
    {
        self.username = username
        self.displayName = displayName
        self.passwordHash = passwordHash
        self.roles = roles
        self.active = active
        self.createdAt = createdAt
    }

    public var permissions: Set<Permission> { active ? roles.reduce(into: []) { $0.formUnion($1.permissions) } : [] }

    public func may(_ permission: Permission) -> Bool { permissions.contains(permission) }
}

/// One line of the audit log: who changed what, when.
public struct AuditEntry: Sendable, Hashable {
    public var no: Int
    public var at: String
    public var actor: String
    public var action: String
    public var target: String
    public var detail: String
}

/// The year's report as it is being prepared: the report JSON (agency, table 二, sections; tables 三/四 are counted
/// from the cases when shown), its status, and the content the 签发人 signed off.
public struct ReportDraft: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable {
        case draft, approved, published

        public var displayName: String {
            switch self {
            case .draft: "编制中"
            case .approved: "已签发，待发布"
            case .published: "已发布"
            }
        }
    }

    public var year: Int
    /// Report JSON (the contract's shape).
    public var content: String
    public var status: Status
    /// The full report JSON as signed off (tables 三/四 included): what is published.
    public var approvedContent: String?
    public var approvedBy: String?
    public var approvedAt: String?
    public var updatedAt: String
    public var updatedBy: String
}

/// A published version of a year's report.
public struct PublishedReport: Sendable, Hashable {
    public var year: Int
    public var version: Int
    public var content: String
    public var publishedAt: String
    public var publishedBy: String
}

/// What an applicant gave on the form, as stored (with the case's code and the tracking code).
public struct StoredIntake: Sendable, Hashable {
    public var caseCode: String
    public var trackingCode: String
    public var intake: Intake
}

extension CaseStore {
    // MARK: - Users

    public func userCount() async throws -> Int {
        try await sql.raw("SELECT COUNT(*) AS n FROM users").first()?.decode(column: "n", as: Int.self) ?? 0
    }

    public func users() async throws -> [StaffUser] {
        try await sql.select().column("*").from("users").orderBy("username").all().map(Self.user(row:))
    }

    public func user(_ username: String) async throws -> StaffUser? {
        try await sql.select().column("*").from("users").where("username", .equal, username).first().map(Self.user(row:))
    }

    private static func user(row: any SQLRow) throws -> StaffUser {
        StaffUser(
            username: try row.decode(column: "username", as: String.self),
            displayName: try row.decode(column: "display_name", as: String.self),
            passwordHash: try row.decode(column: "password_hash", as: String.self),
            roles: Role.set(from: try row.decode(column: "roles", as: String.self)) ?? [],
            active: try row.decode(column: "active", as: Bool.self),
            createdAt: try row.decode(column: "created_at", as: String.self))
    }

    /// Creates an account; refuses a username already taken.
    public func createUser(_ user: StaffUser, by actor: String) async throws {
        guard Self.validUsername(user.username) else {
            throw StoreError("用户名只能由 3–32 个英文字母、数字、点、横线或下划线组成")
        }
        if try await self.user(user.username) != nil { throw StoreError("用户名 \(user.username) 已被使用") }
        try await database.transaction { db in
            let sql = db as! any SQLDatabase
            try await sql.insert(into: "users")
                .columns("username", "display_name", "password_hash", "roles", "active", "created_at")
                .values(user.username, user.displayName, user.passwordHash, Role.text(of: user.roles), user.active, Self.now())
                .run()
            try await Self.audit(actor: actor, action: "创建账户", target: user.username,
                                 detail: "姓名 \(user.displayName)；角色 \(Self.roleNames(user.roles))", on: sql)
        }
    }

    /// Changes roles, name or whether the account may log in.
    public func updateUser(_ username: String, displayName: String, roles: Set<Role>, active: Bool, by actor: String)
        async throws
    {
        guard let before = try await user(username) else { throw StoreError("没有用户 \(username)") }
        try await database.transaction { db in
            let sql = db as! any SQLDatabase
            try await sql.update("users").set("display_name", to: displayName).set("roles", to: Role.text(of: roles))
                .set("active", to: active).where("username", .equal, username).run()
            var changes: [String] = []
            if before.displayName != displayName { changes.append("姓名 \(before.displayName) → \(displayName)") }
            if before.roles != roles { changes.append("角色 \(Self.roleNames(before.roles)) → \(Self.roleNames(roles))") }
            if before.active != active { changes.append(active ? "启用" : "停用") }
            try await Self.audit(actor: actor, action: "修改账户", target: username,
                                 detail: changes.isEmpty ? "无变化" : changes.joined(separator: "；"), on: sql)
        }
        if !active { try await deleteSessions(of: username) }
    }

    public func setPassword(_ username: String, hash: String, by actor: String) async throws {
        try await database.transaction { db in
            let sql = db as! any SQLDatabase
            try await sql.update("users").set("password_hash", to: hash).where("username", .equal, username).run()
            try await Self.audit(actor: actor, action: "修改密码", target: username, detail: "", on: sql)
        }
    }

    static func validUsername(_ name: String) -> Bool {
        (3...32).contains(name.count) && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
    }

    private static func roleNames(_ roles: Set<Role>) -> String {
        roles.isEmpty ? "无" : roles.sorted().map(\.displayName).joined(separator: "、")
    }

    // MARK: - Audit log

    /// Adds a line to the audit log.
    public func audit(actor: String, action: String, target: String, detail: String = "") async throws {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await database.transaction { db in
                    try await Self.audit(actor: actor, action: action, target: target, detail: detail, on: db as! any SQLDatabase)
                }
            } catch where attempt < 8 && Self.isUniqueViolation(error) {
                // Another change took the same number at the same moment.
                try await Task.sleep(nanoseconds: UInt64.random(in: 1_000_000...20_000_000))
            }
        }
    }

    static func audit(actor: String, action: String, target: String, detail: String, on sql: any SQLDatabase) async throws {
        let next = try await nextNumber("audit", on: sql) {
            try await sql.raw("SELECT COALESCE(MAX(no), 0) AS n FROM audit_log").first()?.decode(column: "n", as: Int.self) ?? 0
        }
        try await sql.insert(into: "audit_log").columns("no", "at", "actor", "action", "target", "detail")
            .values(next, now(), actor, action, target, detail).run()
    }

    /// The newest entries first.
    public func auditLog(limit: Int = 200, before: Int? = nil) async throws -> [AuditEntry] {
        let query = sql.select().column("*").from("audit_log")
        if let before { query.where("no", .lessThan, before) }
        return try await query.orderBy("no", .descending).limit(limit).all().map { row in
            AuditEntry(no: try row.decode(column: "no", as: Int.self), at: try row.decode(column: "at", as: String.self),
                       actor: try row.decode(column: "actor", as: String.self),
                       action: try row.decode(column: "action", as: String.self),
                       target: try row.decode(column: "target", as: String.self),
                       detail: try row.decode(column: "detail", as: String.self))
        }
    }

    // MARK: - Sessions

    public func session(_ id: String, now: Int) async throws -> String? {
        guard let row = try await sql.select().column("data").from("sessions").where("id", .equal, id)
            .where("expires_at", .greaterThan, now).first() else { return nil }
        return try row.decode(column: "data", as: String.self)
    }

    public func saveSession(_ id: String, data: String, expiresAt: Int) async throws {
        try await database.transaction { db in
            let sql = db as! any SQLDatabase
            try await sql.delete(from: "sessions").where("id", .equal, id).run()
            try await sql.insert(into: "sessions").columns("id", "data", "expires_at").values(id, data, expiresAt).run()
        }
    }

    public func deleteSession(_ id: String) async throws {
        try await sql.delete(from: "sessions").where("id", .equal, id).run()
    }

    /// Removes expired sessions.
    public func purgeSessions(now: Int) async throws {
        try await sql.delete(from: "sessions").where("expires_at", .lessThanOrEqual, now).run()
    }

    /// Logs a user out everywhere (after deactivation).
    public func deleteSessions(of username: String) async throws {
        // Session data is JSON written by the server: {"user":"NAME",…}.
        let rows = try await sql.select().column("id").column("data").from("sessions").all()
        for row in rows where (try? row.decode(column: "data", as: String.self))?.contains("\"user\":\"\(username)\"") == true {
            try await deleteSession(try row.decode(column: "id", as: String.self))
        }
    }

    // MARK: - Applications from the form

    /// Files an application: a new case received on `received` through `channel`, with what the applicant gave.
    /// Returns the case code (`2026-000123`) and a tracking code for the applicant (10 characters, no 0/O/1/I).
    public func file(_ intake: Intake, channel: Channel, received: CivilDate, by actor: String) async throws
        -> (code: String, trackingCode: String)
    {
        let intake = intake.normalized
        if let problem = intake.problems().first { throw StoreError(problem.message) }
        // Numbers come from a counter locked by the filing transaction; the unique keys stay the last guard (a tracking
        // code drawn twice, a case imported under the number at the same moment), and such a conflict is tried again.
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await fileOnce(intake, channel: channel, received: received, by: actor)
            } catch where attempt < 8 && Self.isUniqueViolation(error) {
                try await Task.sleep(nanoseconds: UInt64.random(in: 1_000_000...20_000_000))
            }
        }
    }

    /// The next number of a counter, taken inside the caller's transaction. The counter's row stays locked until that
    /// transaction ends (PostgreSQL; SQLite runs one writer at a time), so concurrent transactions wait for each other
    /// instead of taking the same number, and a transaction that rolls back gives its number back. `used` is the
    /// highest number already taken (read after the lock: cases imported with codes of the same form are skipped).
    static func nextNumber(_ name: String, on sql: any SQLDatabase, used: () async throws -> Int) async throws -> Int {
        func increment() async throws -> (any SQLRow)? {
            try await sql.raw("UPDATE counters SET value = value + 1 WHERE name = \(bind: name) RETURNING value").first()
        }
        // The counter's row is made the first time only (not one more statement for every number).
        var updated = try await increment()
        if updated == nil {
            try await sql.raw("INSERT INTO counters (name, value) VALUES (\(bind: name), 0) ON CONFLICT (name) DO NOTHING").run()
            updated = try await increment()
        }
        guard let row = updated else { throw StoreError("编号计数器「\(name)」无法更新") }
        var number = try row.decode(column: "value", as: Int.self)
        let taken = try await used()
        if taken >= number {
            number = taken + 1
            try await sql.update("counters").set("value", to: number).where("name", .equal, name).run()
        }
        return number
    }

    /// Whether an error is a unique-key violation (SQLite or PostgreSQL).
    static func isUniqueViolation(_ error: any Error) -> Bool {
        let text = String(reflecting: error)
        return text.contains("UNIQUE constraint failed") || text.contains("23505") || text.contains("unique_violation")
            || text.contains("duplicate key")
    }

    private func fileOnce(_ intake: Intake, channel: Channel, received: CivilDate, by actor: String) async throws
        -> (code: String, trackingCode: String)
    {
        try await database.transaction { db in
            let sql = db as! any SQLDatabase
            let prefix = String(format: "%04d-", received.year)
            let number = try await Self.nextNumber("case-\(received.year)", on: sql) {
                let last = try await sql.raw("""
                    SELECT MAX(code) AS m FROM cases WHERE code LIKE \(bind: prefix + "%") AND LENGTH(code) = 11
                    """).first()?.decode(column: "m", as: String?.self)
                return last.flatMap { Int($0.dropFirst(5)) } ?? 0
            }
            let code = prefix + String(format: "%06d", number)
            let record = CaseRecord(id: code, applicant: Applicant(type: intake.applicantType, name: intake.name),
                                    channel: channel, received: received, request: intake.description)
            try await Self.insertRows([record], recordedBy: actor, on: sql)
            let tracking = Self.newTrackingCode()
            try await sql.insert(into: "intakes")
                .columns("case_code", "tracking_code", "document_kind", "document_number", "contact", "phone", "address",
                         "email", "provision")
                .values(code, tracking, intake.documentKind.rawValue, intake.documentNumber, intake.contact, intake.phone,
                        intake.address, intake.email, intake.provision.rawValue)
                .run()
            try await Self.audit(actor: actor, action: "登记申请", target: code,
                                 detail: "\(channel.displayName)；\(intake.applicantType.displayName) \(Masking.name(intake.name))", on: sql)
            return (code, tracking)
        }
    }

    private static let trackingAlphabet = Array("23456789ABCDEFGHJKLMNPQRSTUVWXYZ")

    static func newTrackingCode() -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<10).map { _ in trackingAlphabet.randomElement(using: &generator)! })
    }

    /// What the applicant gave for a case filed through the form or entered by staff; nil for imported cases.
    public func intake(of code: String) async throws -> StoredIntake? {
        guard let row = try await sql.select().column("*").from("intakes").where("case_code", .equal, code).first(),
              let record = try await record(code) else { return nil }
        return try Self.storedIntake(row: row, record: record)
    }

    /// The case of a tracking code, only when the phone matches too (digits compared); nil otherwise — the same
    /// answer whether the code or the phone is wrong, so that codes cannot be probed.
    public func lookUp(trackingCode: String, phone: String) async throws -> CaseRecord? {
        let code = TextNormalizer.comparable(trackingCode).uppercased()
        guard code.count == 10,
              let row = try await sql.select().column("*").from("intakes").where("tracking_code", .equal, code).first()
        else { return nil }
        let stored = try row.decode(column: "phone", as: String.self)
        guard !stored.isEmpty, Intake.normalizedPhone(stored) == Intake.normalizedPhone(phone) else { return nil }
        return try await record(try row.decode(column: "case_code", as: String.self))
    }

    private static func storedIntake(row: any SQLRow, record: CaseRecord) throws -> StoredIntake {
        StoredIntake(
            caseCode: record.id,
            trackingCode: try row.decode(column: "tracking_code", as: String.self),
            intake: Intake(
                applicantType: record.applicant.type, name: record.applicant.name ?? "",
                documentKind: Intake.DocumentKind(rawValue: try row.decode(column: "document_kind", as: String.self)) ?? .otherID,
                documentNumber: try row.decode(column: "document_number", as: String.self),
                contact: try row.decode(column: "contact", as: String?.self),
                phone: try row.decode(column: "phone", as: String.self),
                address: try row.decode(column: "address", as: String.self),
                email: try row.decode(column: "email", as: String?.self),
                description: record.request ?? "",
                provision: Intake.Provision(rawValue: try row.decode(column: "provision", as: String.self)) ?? .paper))
    }

    // MARK: - Annual reports

    public func draft(year: Int) async throws -> ReportDraft? {
        guard let row = try await sql.select().column("*").from("report_drafts").where("year", .equal, year).first()
        else { return nil }
        return ReportDraft(
            year: year,
            content: try row.decode(column: "content", as: String.self),
            status: ReportDraft.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .draft,
            approvedContent: try row.decode(column: "approved_content", as: String?.self),
            approvedBy: try row.decode(column: "approved_by", as: String?.self),
            approvedAt: try row.decode(column: "approved_at", as: String?.self),
            updatedAt: try row.decode(column: "updated_at", as: String.self),
            updatedBy: try row.decode(column: "updated_by", as: String.self))
    }

    /// Saves the editable part of a year's report; a signed-off report that is edited needs signing off again.
    public func saveDraft(year: Int, content: String, by actor: String) async throws {
        let existing = try await draft(year: year)
        try await database.transaction { db in
            let sql = db as! any SQLDatabase
            if existing == nil {
                try await sql.insert(into: "report_drafts")
                    .columns("year", "content", "status", "updated_at", "updated_by")
                    .values(year, content, ReportDraft.Status.draft.rawValue, Self.now(), actor).run()
            } else {
                try await sql.update("report_drafts").set("content", to: content)
                    .set("status", to: ReportDraft.Status.draft.rawValue)
                    .set("approved_content", to: String?.none).set("approved_by", to: String?.none)
                    .set("approved_at", to: String?.none)
                    .set("updated_at", to: Self.now()).set("updated_by", to: actor)
                    .where("year", .equal, year).run()
            }
            let note = existing?.status == .approved ? "（签发作废，需重新签发）" : ""
            try await Self.audit(actor: actor, action: "编辑年度报告", target: "\(year) 年度报告", detail: "保存草稿\(note)", on: sql)
        }
    }

    /// Signs off a year's report: `content` is the full report as it will be published.
    public func approveDraft(year: Int, content: String, by actor: String) async throws {
        guard try await draft(year: year) != nil else { throw StoreError("\(year) 年度报告还没有草稿") }
        try await database.transaction { db in
            let sql = db as! any SQLDatabase
            try await sql.update("report_drafts").set("status", to: ReportDraft.Status.approved.rawValue)
                .set("approved_content", to: content).set("approved_by", to: actor).set("approved_at", to: Self.now())
                .where("year", .equal, year).run()
            try await Self.audit(actor: actor, action: "签发年度报告", target: "\(year) 年度报告", detail: "", on: sql)
        }
    }

    /// Publishes the signed-off content as a new version.
    @discardableResult
    public func publish(year: Int, by actor: String) async throws -> PublishedReport {
        guard let draft = try await draft(year: year), draft.status != .draft, let content = draft.approvedContent else {
            throw StoreError("\(year) 年度报告尚未签发，不能发布")
        }
        return try await database.transaction { db in
            let sql = db as! any SQLDatabase
            let version = (try await sql.raw("SELECT COALESCE(MAX(version), 0) + 1 AS n FROM published_reports WHERE year = \(bind: year)")
                .first()?.decode(column: "n", as: Int.self)) ?? 1
            let now = Self.now()
            try await sql.insert(into: "published_reports").columns("year", "version", "content", "published_at", "published_by")
                .values(year, version, content, now, actor).run()
            try await sql.update("report_drafts").set("status", to: ReportDraft.Status.published.rawValue)
                .where("year", .equal, year).run()
            try await Self.audit(actor: actor, action: "发布年度报告", target: "\(year) 年度报告", detail: "第 \(version) 版", on: sql)
            return PublishedReport(year: year, version: version, content: content, publishedAt: now, publishedBy: actor)
        }
    }

    /// The newest published version of each year, newest year first.
    public func publishedReports() async throws -> [PublishedReport] {
        let rows = try await sql.raw("""
            SELECT p.* FROM published_reports p WHERE p.version = \
            (SELECT MAX(q.version) FROM published_reports q WHERE q.year = p.year) ORDER BY p.year DESC
            """).all()
        return try rows.map(Self.published(row:))
    }

    public func published(year: Int) async throws -> PublishedReport? {
        try await sql.select().column("*").from("published_reports").where("year", .equal, year)
            .orderBy("version", .descending).limit(1).first().map(Self.published(row:))
    }

    private static func published(row: any SQLRow) throws -> PublishedReport {
        PublishedReport(year: try row.decode(column: "year", as: Int.self), version: try row.decode(column: "version", as: Int.self),
                        content: try row.decode(column: "content", as: String.self),
                        publishedAt: try row.decode(column: "published_at", as: String.self),
                        publishedBy: try row.decode(column: "published_by", as: String.self))
    }
}
