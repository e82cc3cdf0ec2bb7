import FluentKit
import Foundation
import GongkaiCore
import SQLKit

/// A staff account. The password is kept only as a hash made by the caller (the server uses Bcrypt). Roles are
/// given per agency (`grants`); a 督查 or 管理员 given at a government covers the agencies under it too.
public struct StaffUser: Sendable, Hashable {
    public var username: String
    public var displayName: String
    public var passwordHash: String
    /// Roles by agency id.
    public var grants: [Int: Set<Role>]
    public var active: Bool
    public var createdAt: String

    public init(username: String, displayName: String, passwordHash: String, grants: [Int: Set<Role>], active: Bool = true,
                createdAt: String = "")
    {
        self.username = username
        self.displayName = displayName
        self.passwordHash = passwordHash
        self.grants = grants.filter { !$0.value.isEmpty }
        self.active = active
        self.createdAt = createdAt
    }

    /// An account with roles in the installation's first agency (one agency: the usual case).
    public init(username: String, displayName: String, passwordHash: String, roles: Set<Role>, active: Bool = true,
                createdAt: String = "")
    {
        self.init(username: username, displayName: displayName, passwordHash: passwordHash,
                  grants: [Agency.firstID: roles], active: active, createdAt: createdAt)
    }

    /// Every role held, in any agency (for display).
    public var roles: Set<Role> { grants.values.reduce(into: []) { $0.formUnion($1) } }

    /// The roles that count in an agency: those given there, and the roles that reach down (督查, 管理员) given at an
    /// agency above it. None when the account is disabled.
    public func roles(in agency: Agency) -> Set<Role> {
        guard active else { return [] }
        var roles = grants[agency.id] ?? []
        for above in agency.lineage.dropFirst() {
            roles.formUnion((grants[above] ?? []).filter(\.reachesDown))
        }
        return roles
    }

    public func permissions(in agency: Agency) -> Set<Permission> {
        roles(in: agency).reduce(into: []) { $0.formUnion($1.permissions) }
    }

    public func may(_ permission: Permission, in agency: Agency) -> Bool { permissions(in: agency).contains(permission) }
}

/// What to change of an account: only the fields given change (nil: as it is). `roles` are the roles in agency
/// `agency` (empty: none there any more). The password is a hash made by the caller.
public struct AccountChange: Sendable, Hashable {
    public var displayName: String?
    public var roles: Set<Role>?
    public var agency: Int
    public var active: Bool?
    public var passwordHash: String?

    public init(displayName: String? = nil, roles: Set<Role>? = nil, agency: Int = Agency.firstID, active: Bool? = nil,
                passwordHash: String? = nil)
    {
        self.displayName = displayName
        self.roles = roles
        self.agency = agency
        self.active = active
        self.passwordHash = passwordHash
    }

    public var isEmpty: Bool { displayName == nil && roles == nil && active == nil && passwordHash == nil }
}

extension CaseStore {
    public func userCount() async throws -> Int {
        try await sql.raw("SELECT COUNT(*) AS n FROM users").first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// Every account, with its roles in every agency.
    public func users() async throws -> [StaffUser] {
        var grants: [String: [Int: Set<Role>]] = [:]
        for row in try await sql.select().columns("username", "agency_id", "roles").from("user_roles").all() {
            grants[try row.decode(column: "username", as: String.self), default: [:]][try row.decode(column: "agency_id", as: Int.self)] =
                Role.set(from: try row.decode(column: "roles", as: String.self)) ?? []
        }
        return try await sql.select().column("*").from("users").orderBy("username").all().map { row in
            try Self.user(row: row, grants: grants[try row.decode(column: "username", as: String.self)] ?? [:])
        }
    }

    /// The account of a user name, whatever its letter case (`ADMIN` is `admin`: names are unique without regard to
    /// case, by a unique index on `lower(username)`).
    public func user(_ username: String) async throws -> StaffUser? {
        guard let row = try await sql.raw("SELECT * FROM users WHERE lower(username) = \(bind: username.lowercased())").first()
        else { return nil }
        let name = try row.decode(column: "username", as: String.self)
        var grants: [Int: Set<Role>] = [:]
        for grant in try await sql.select().columns("agency_id", "roles").from("user_roles").where("username", .equal, name).all() {
            grants[try grant.decode(column: "agency_id", as: Int.self)] = Role.set(from: try grant.decode(column: "roles", as: String.self)) ?? []
        }
        return try Self.user(row: row, grants: grants)
    }

    private static func user(row: any SQLRow, grants: [Int: Set<Role>]) throws -> StaffUser {
        StaffUser(
            username: try row.decode(column: "username", as: String.self),
            displayName: try row.decode(column: "display_name", as: String.self),
            passwordHash: try row.decode(column: "password_hash", as: String.self),
            grants: grants,
            active: try row.decode(column: "active", as: Bool.self),
            createdAt: try row.decode(column: "created_at", as: String.self))
    }

    private static func saveGrant(_ username: String, agency: Int, roles: Set<Role>, on sql: any SQLDatabase) async throws {
        try await sql.delete(from: "user_roles").where("username", .equal, username).where("agency_id", .equal, agency).run()
        guard !roles.isEmpty else { return }
        try await sql.insert(into: "user_roles").columns("username", "agency_id", "roles").values(username, agency, Role.text(of: roles)).run()
    }

    /// Creates an account; refuses a username already taken (in any letter case).
    public func createUser(_ user: StaffUser, by actor: String) async throws {
        guard Self.validUsername(user.username) else {
            throw StoreError("用户名只能由 3–32 个英文字母、数字、点、横线或下划线组成")
        }
        if let existing = try await self.user(user.username) {
            throw StoreError.conflict("用户名 \(user.username) 已被使用" + (existing.username != user.username ? "（\(existing.username)）" : ""))
        }
        do {
            try await database.transaction { db in
                let sql = db as! any SQLDatabase
                try await sql.insert(into: "users")
                    .columns("username", "display_name", "password_hash", "active", "created_at")
                    .values(user.username, user.displayName, user.passwordHash, user.active, Self.now())
                    .run()
                for (agency, roles) in user.grants { try await Self.saveGrant(user.username, agency: agency, roles: roles, on: sql) }
                try await Self.audit(actor: actor, action: "创建账户", target: user.username,
                                     detail: "姓名 \(user.displayName)；角色 \(Self.roleNames(user.roles))",
                                     agency: user.grants.count == 1 ? user.grants.keys.first : nil, on: sql)
            }
        } catch where Self.isUniqueViolation(error) {
            throw StoreError.conflict("用户名 \(user.username) 已被使用")
        }
    }

    /// Changes the fields given, all in one transaction with its audit line: either every change is made or none.
    /// A new password or a deactivation ends the user's sessions (but `keepingSession`, the caller's own).
    @discardableResult
    public func updateUser(_ username: String, _ change: AccountChange, by actor: String, keepingSession: String? = nil)
        async throws -> StaffUser
    {
        guard let before = try await user(username) else { throw StoreError.notFound("没有用户 \(username)") }
        var after = before
        if let name = change.displayName { after.displayName = name }
        if let roles = change.roles { after.grants[change.agency] = roles.isEmpty ? nil : roles }
        if let active = change.active { after.active = active }
        if let hash = change.passwordHash { after.passwordHash = hash }
        let updated = after
        let endSessions = change.passwordHash != nil || (before.active && !after.active)
        try await database.transaction { db in
            let sql = db as! any SQLDatabase
            try await sql.update("users").set("display_name", to: updated.displayName)
                .set("active", to: updated.active).set("password_hash", to: updated.passwordHash)
                .where("username", .equal, before.username).run()
            var changes: [String] = []
            if before.displayName != updated.displayName { changes.append("姓名 \(before.displayName) → \(updated.displayName)") }
            if let roles = change.roles {
                let previous = before.grants[change.agency] ?? []
                if previous != roles {
                    try await Self.saveGrant(before.username, agency: change.agency, roles: roles, on: sql)
                    changes.append("角色 \(Self.roleNames(previous)) → \(Self.roleNames(roles))")
                }
            }
            if before.active != updated.active { changes.append(updated.active ? "启用" : "停用") }
            if change.passwordHash != nil { changes.append(actor == before.username ? "修改密码" : "重设密码") }
            if endSessions {
                let ended = try await Self.deleteSessions(of: before.username, keeping: keepingSession, on: sql)
                if ended > 0 { changes.append("结束其他会话 \(ended) 个") }
            }
            try await Self.audit(actor: actor, action: change.passwordHash != nil && change.roles == nil ? "修改密码" : "修改账户",
                                 target: before.username, detail: changes.isEmpty ? "无变化" : changes.joined(separator: "；"),
                                 agency: change.roles != nil ? change.agency : nil, on: sql)
        }
        return updated
    }

    /// Sets a password (a hash), ending the user's other sessions.
    public func setPassword(_ username: String, hash: String, by actor: String, keepingSession: String? = nil) async throws {
        try await updateUser(username, AccountChange(passwordHash: hash), by: actor, keepingSession: keepingSession)
    }

    static func validUsername(_ name: String) -> Bool {
        (3...32).contains(name.count) && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
    }

    private static func roleNames(_ roles: Set<Role>) -> String {
        roles.isEmpty ? "无" : roles.sorted().map(\.displayName).joined(separator: "、")
    }
}
