import Foundation
import GongkaiCore
import GongkaiOffice
import GongkaiParsing
import GongkaiRendering
import GongkaiStore
import Vapor

enum AccountPages {
    struct LoginBody: Encodable {
        let next: String
        let username: String
        let error: String?
    }


    struct UsersBody: Encodable {
        struct Row: Encodable {
            let username: String
            let name: String
            let roles: [String]
            let roleNames: String
            let active: Bool
        }

        /// What was typed into the "create" form, kept when it is refused (never the password).
        struct Draft: Encodable {
            var username = ""
            var displayName = ""
            var roles: [String] = []
        }

        let users: [Row]
        struct RoleOption: Encodable {
            let value: String
            let label: String
            /// What the role may do, in words.
            let may: String
            /// Whether it also counts in the agencies under this one.
            let reachesDown: Bool
        }

        let roles: [RoleOption]
        let error: String?
        let draft: Draft
    }

    struct AuditBody: Encodable {
        struct Row: Encodable {
            let at: String
            let actor: String
            let action: String
            let target: String
            let detail: String
        }

        let rows: [Row]
    }


    /// Logging in and out and one's own password: the installation's, whatever agency one works in.
    static func registerInstallation(_ app: Application) {
        app.endpoint(.GET, "staff/login", access: .everyone, summary: "工作人员登录页", responseType: "text/html") { req in
            if req.staff != nil { return req.redirect(to: "/staff") }
            let next = (try? req.query.get(String.self, at: "next")) ?? "/staff"
            return try await req.page("login", title: "工作人员登录", LoginBody(next: NextPath.safe(next), username: "", error: nil))
        }
        app.endpoint(.POST, "staff/login", access: .everyone, summary: "登录", responseType: "text/html") { req in
            let fields = try req.form()
            let next = NextPath.safe(fields["next"])
            do {
                let user = try await req.office.logIn(username: fields["username"] ?? "", password: fields["password"] ?? "",
                                                      from: req.clientAddress)
                let response = req.redirect(to: next)
                try await SessionMiddleware.logIn(user, request: req, response: response)
                return response
            } catch let error as OfficeError where error.status == .unauthorized || error.status == .tooManyRequests {
                return try await req.page("login", title: "工作人员登录",
                                          LoginBody(next: next, username: String((fields["username"] ?? "").prefix(32)), error: error.message),
                                          status: error.status)
            }
        }
        app.endpoint(.POST, "staff/logout", access: .staff, summary: "退出登录", responseType: "text/html") { req in
            let response = req.redirect(to: "/staff/login")
            try await SessionMiddleware.logOut(request: req, response: response)
            return response
        }
        app.endpoint(.GET, "staff/password", access: .staff, summary: "修改密码页", responseType: "text/html") { req in
            try await req.page("password", title: "修改密码", LoginBody(next: "", username: "", error: nil))
        }
        app.endpoint(.POST, "staff/password", access: .staff, summary: "修改密码", responseType: "text/html") { req in
            let fields = try req.form()
            do {
                try await req.office.changePassword(current: fields["current"] ?? "", new: fields["new"] ?? "",
                                                    repeated: fields["repeat"] ?? "", session: req.sessionID, by: req.actor)
                return req.redirect(to: "/staff/password?ok=password")
            } catch let error as OfficeError where error.status == .unprocessableEntity {
                return try await req.page("password", title: "修改密码", LoginBody(next: "", username: "", error: error.message),
                                          status: error.status)
            }
        }
    }

    /// An agency's accounts and audit log.
    static func register(_ app: any RoutesBuilder) {
        app.endpoint(.GET, "staff/users", access: .permission(.manageUsers), summary: "账户管理", responseType: "text/html") { req in
            try await req.page("users", title: "账户管理", try await usersBody(req, error: nil))
        }
        app.endpoint(.POST, "staff/users", access: .permission(.manageUsers), summary: "创建账户", responseType: "text/html") { req in
            let fields = try req.form()
            do {
                _ = try await req.office.createAccount(try Fields(fields), by: req.actor)
                return req.redirect(to: req.base + "/staff/users?ok=created")
            } catch let error as OfficeError where error.status == .unprocessableEntity || error.status == .conflict {
                let draft = UsersBody.Draft(username: fields["username"] ?? "", displayName: fields["displayName"] ?? "",
                                            roles: Role.allCases.map(\.rawValue).filter { fields["role.\($0)"] != nil })
                return try await req.page("users", title: "账户管理", try await usersBody(req, error: error.message, draft: draft),
                                          status: error.status)
            }
        }
        app.endpoint(.POST, "staff/users/:username", access: .permission(.manageUsers), summary: "修改账户角色或停用", responseType: "text/html") { req in
            do {
                _ = try await req.office.updateAccount(req.parameters.get("username") ?? "", try req.fields(), by: req.actor)
                return req.redirect(to: req.base + "/staff/users?ok=updated")
            } catch let error as OfficeError where error.status == .unprocessableEntity || error.status == .conflict {
                return try await req.page("users", title: "账户管理", try await usersBody(req, error: error.message), status: error.status)
            }
        }
        app.endpoint(.GET, "staff/audit", access: .permission(.viewAudit), summary: "操作日志", responseType: "text/html") { req in
            let entries = try await req.office.auditLog(limit: 500, by: req.actor)
            return try await req.page("audit", title: "操作日志", AuditBody(rows: entries.map {
                .init(at: BeijingTime.display($0.at), actor: $0.actor, action: $0.action, target: $0.target, detail: $0.detail)
            }))
        }
    }

    static func usersBody(_ req: Request, error: String?, draft: UsersBody.Draft = .init()) async throws -> UsersBody {
        let users = try await req.office.users(by: req.actor)
        let agency = try req.office.agency
        return UsersBody(
            users: users.map { user in
                let roles = (user.grants[agency.id] ?? []).sorted()
                return .init(username: user.username, name: user.displayName, roles: roles.map(\.rawValue),
                             roleNames: roles.map(\.displayName).joined(separator: "、"), active: user.active)
            },
            roles: Role.allCases.map { role in
                .init(value: role.rawValue, label: role.displayName,
                      may: Permission.allCases.filter { role.permissions.contains($0) }.map(\.displayName).joined(separator: "、"),
                      reachesDown: role.reachesDown)
            }, error: error, draft: draft)
    }

}
