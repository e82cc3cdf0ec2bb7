import Foundation
import GongkaiCore
import GongkaiStore

/// The password rule for staff accounts.
public enum PasswordRule {
    public static func problem(_ password: String) -> String? {
        if password.count < 10 { return "密码至少 10 位" }
        if password.count > 128 { return "密码不能超过 128 位" }
        let kinds = [password.contains(where: \.isLetter), password.contains(where: \.isNumber),
                     password.contains(where: { !$0.isLetter && !$0.isNumber })].filter { $0 }.count
        return kinds < 2 ? "密码须包含字母、数字、符号中的至少两类" : nil
    }

    static func check(_ password: String, field: String) throws(OfficeError) {
        if let problem = problem(password) { throw .invalid(problem, field: field) }
    }
}

extension Office {
    /// Checks a password, with failed attempts limited per address and user name. A login refused for too many
    /// attempts is audited once per block (not once per try: the log is append-only and anyone may try), with the
    /// name cut to the longest a user name can be.
    public func logIn(username: String, password: String, from address: String) async throws -> StaffUser {
        let key = address + "|" + username.lowercased()
        if let block = await logins.blocked(key) {
            if block.first {
                let name = username.count > 32 ? String(username.prefix(32)) + "…" : username
                try? await store.audit(actor: name, action: "登录被限制", target: name,
                                       detail: "来自 \(address)；\(settings.loginAttempts) 次失败，暂停 \(Int(settings.loginWindow / 60)) 分钟")
            }
            throw OfficeError.tooManyAttempts("登录失败次数过多，请 \(block.wait / 60 + 1) 分钟后再试")
        }
        guard username.count <= 32, password.count <= 128,
              let user = try await stored({ try await store.user(username) }), user.active,
              await passwords.verify(password, hash: user.passwordHash)
        else {
            await logins.count(key)
            throw OfficeError.unauthenticated("用户名或密码不对")
        }
        await logins.clear(key)
        try await stored { try await store.audit(actor: user.username, action: "登录", target: user.username, detail: "来自 \(address)") }
        return user
    }

    /// The accounts with a role in this office's agency.
    public func users(by actor: Actor) async throws -> [StaffUser] {
        let agency = try require(.manageUsers, actor)
        return try await stored { try await store.users() }.filter { $0.grants[agency.id] != nil }
    }

    /// Roles as a form sends them: checkboxes `role.clerk=on`, or a list `roles=clerk,signer`; nil when neither is
    /// there. An unknown role is refused (never silently dropped).
    static func roles(_ fields: Fields) throws(OfficeError) -> Set<Role>? {
        var roles: Set<Role>?
        for (key, _) in fields.values where key.hasPrefix("role.") {
            guard let role = Role(rawValue: String(key.dropFirst(5))) else { throw .invalid("没有「\(key.dropFirst(5))」这个角色", field: key) }
            roles = (roles ?? []).union([role])
        }
        if let list = fields["roles"] {
            var parsed: Set<Role> = []
            for part in list.split(separator: ",") {
                let name = part.trimmingWhitespace
                guard let role = Role(rawValue: name) else {
                    throw .invalid("没有「\(name)」这个角色（可用：\(Role.allCases.map(\.rawValue).joined(separator: "、"))）", field: "roles")
                }
                parsed.insert(role)
            }
            roles = (roles ?? []).union(parsed)
        }
        return roles
    }

    /// Creates an account with roles in this office's agency: `username`, `displayName`, `password`, and roles
    /// (`roles` or `role.X`).
    public func createAccount(_ fields: Fields, by actor: Actor) async throws -> StaffUser {
        let agency = try require(.manageUsers, actor)
        let username = fields["username"] ?? ""
        let name = try fields.required("displayName", "姓名", maxLength: 50)
        let password = fields["password"] ?? ""
        try PasswordRule.check(password, field: "password")
        guard let roles = try Self.roles(fields), !roles.isEmpty else { throw OfficeError.invalid("请至少选择一个角色", field: "roles") }
        let user = StaffUser(username: username, displayName: name, passwordHash: try await passwords.hash(password),
                             grants: [agency.id: roles])
        try await stored { try await store.createUser(user, by: actor.name) }
        return user
    }

    /// Changes only what is sent: `displayName`, roles (`roles` / `role.X`; a form that lists `roles` in its
    /// `fields` field sends none checked as no roles), `active`, a new `password`. Everything is checked first and
    /// then written at once, or nothing is. A new password or a deactivation ends the user's sessions.
    ///
    /// Roles are those in this office's agency. The name, the password and the account itself belong to the person,
    /// who may hold roles elsewhere: only an administrator over every agency they work in may change those (the
    /// administrator of one department cannot take over another's account).
    public func updateAccount(_ username: String, _ fields: Fields, by actor: Actor) async throws -> StaffUser {
        let agency = try require(.manageUsers, actor)
        guard let user = try await stored({ try await store.user(username) }) else { throw OfficeError.notFound("没有用户 \(username)") }
        let declared = Set((fields["fields"] ?? "").split(separator: ",").map { $0.trimmingWhitespace })
        var change = AccountChange(agency: agency.id)
        if fields["displayName"] != nil { change.displayName = try fields.required("displayName", "姓名", maxLength: 50) }
        change.roles = try Self.roles(fields) ?? (declared.contains("roles") ? [] : nil)
        change.active = fields.flag("active") ?? (declared.contains("active") ? false : nil)
        let elsewhere = user.grants.keys.contains { $0 != agency.id }
        if let roles = change.roles, roles.isEmpty, change.active != false, !elsewhere {
            throw OfficeError.invalid("请至少选择一个角色（不再使用的账户请停用）", field: "roles")
        }
        let ownAdmin = user.grants[agency.id]?.contains(.admin) == true
        if user.username == actor.user?.username,
           (ownAdmin && change.roles.map({ !$0.contains(.admin) }) == true) || change.active == false
        {
            throw OfficeError.invalid("不能取消或停用自己的管理员账户")
        }
        if change.displayName != nil || change.active != nil || fields.text("password") != nil {
            let all = try await agencies()
            for id in user.grants.keys where id != agency.id {
                guard let other = all.agency(id: id), actor.may(.manageUsers, in: other) else {
                    throw OfficeError.forbidden("\(user.username) 在其他机关也有角色：其姓名、密码和启用状态只能由那些机关共同的管理员修改")
                }
            }
        }
        if let password = fields.text("password") {
            try PasswordRule.check(password, field: "password")
            change.passwordHash = try await passwords.hash(password)
        }
        guard !change.isEmpty else { return user }
        return try await stored { try await store.updateUser(user.username, change, by: actor.name) }
    }

    /// Changes one's own password; one's other sessions end (this one, `session`, stays).
    public func changePassword(current: String, new: String, repeated: String, session: String?, by actor: Actor) async throws {
        guard let user = actor.user else { throw OfficeError.unauthenticated("请先登录") }
        guard await passwords.verify(current, hash: user.passwordHash) else { throw OfficeError.invalid("当前密码不对", field: "current") }
        guard new == repeated else { throw OfficeError.invalid("两次输入的新密码不一致", field: "repeat") }
        try PasswordRule.check(new, field: "new")
        let hash = try await passwords.hash(new)
        try await stored { try await store.setPassword(user.username, hash: hash, by: actor.name, keepingSession: session) }
    }

    /// An administrator from the command line (the first one above all), with its audit line; `roles` may add the
    /// roles of the office's work, for a small office where one person does everything.
    public func createAdministrator(username: String, displayName: String, password: String, roles: Set<Role> = [.admin],
                                    by actor: Actor) async throws
    {
        let list = roles.union([.admin]).sorted().map(\.rawValue).joined(separator: ",")
        let fields = try Fields(["username": username, "displayName": displayName, "password": password, "roles": list])
        _ = try await createAccount(fields, by: actor)
    }

    /// Forgets sessions that have expired (at start and every hour).
    public func purgeSessions() async throws -> Int {
        try await stored { try await store.purgeSessions(now: Int(Date().timeIntervalSince1970)) }
    }

    /// The audit log of this office's agency and the agencies under it; at a top-level agency, also the
    /// installation's own entries (logins, accounts, agencies).
    public func auditLog(limit: Int, before: Int? = nil, by actor: Actor) async throws -> [AuditEntry] {
        let agency = try require(.viewAudit, actor)
        let covered = try await agencies().filter { $0.isWithin(agency.id) }.map(\.id)
        return try await stored {
            try await store.auditLog(limit: limit, before: before, agencies: covered, general: agency.parentID == nil)
        }
    }
}
