import Foundation
import GongkaiCore
import GongkaiOffice
import GongkaiParsing
import GongkaiStore
import Vapor

/// Sessions and accounts in the JSON API.
enum AccountAPI {
    static func json(_ object: Any, status: HTTPResponseStatus = .ok) throws -> Response { try APIResponse.json(object, status: status) }

    /// An account as the API shows it: `roles` and `permissions` in the request's agency, `agencies` the roles given
    /// in each agency (by its code).
    static func userJSON(_ user: StaffUser, _ req: Request, agencies: [Agency]) -> [String: Any] {
        let here = req.agency
        var grants: [String: Any] = [:]
        for agency in agencies { if let roles = user.grants[agency.id] { grants[agency.code] = roles.sorted().map(\.rawValue) } }
        return ["username": user.username, "displayName": user.displayName,
                "roles": (here.map { user.roles(in: $0) } ?? []).sorted().map(\.rawValue),
                "active": user.active, "permissions": (here.map { user.permissions(in: $0) } ?? []).map(\.rawValue).sorted(),
                "agencies": grants]
    }

    static func userJSON(_ user: StaffUser, _ req: Request) async throws -> [String: Any] {
        userJSON(user, req, agencies: try await req.office.agencies())
    }

    /// Sessions and one's password: the installation's.
    static func registerInstallation(_ api: any RoutesBuilder) {
        api.endpoint(.GET, "session", access: .everyone, summary: "当前会话：登录的用户和 CSRF 令牌",
                     response: Schemas.session) { req in
            let user: Any = if let staff = req.staff { try await userJSON(staff, req) } else { NSNull() }
            return try json(["user": user, "csrfToken": req.csrfToken])
        }
        api.endpoint(.POST, "login", access: .everyone, summary: "登录", request: Schemas.login, response: Schemas.user) { req in
            let fields = try req.form()
            let user = try await req.office.logIn(username: fields["username"] ?? "", password: fields["password"] ?? "",
                                                  from: req.clientAddress)
            let response = try json(try await userJSON(user, req))
            try await SessionMiddleware.logIn(user, request: req, response: response)
            return response
        }
        api.endpoint(.POST, "logout", access: .staff, summary: "退出登录", response: Schemas.ok) { req in
            let response = try json(["ok": true])
            try await SessionMiddleware.logOut(request: req, response: response)
            return response
        }
        api.endpoint(.POST, "password", access: .staff, summary: "修改自己的密码（其他会话随之结束）", request: Schemas.password,
                     response: Schemas.ok) { req in
            let fields = try req.form()
            try await req.office.changePassword(current: fields["current"] ?? "", new: fields["new"] ?? "", repeated: fields["new"] ?? "",
                                                session: req.sessionID, by: req.actor)
            return try json(["ok": true])
        }
    }

    /// An agency's accounts (roles in that agency) and audit log.
    static func register(_ api: any RoutesBuilder) {
        api.endpoint(.GET, "users", access: .permission(.manageUsers), summary: "本机关的账户列表", response: Schemas.users) { req in
            let agencies = try await req.office.agencies()
            return try json(try await req.office.users(by: req.actor).map { userJSON($0, req, agencies: agencies) })
        }
        api.endpoint(.POST, "users", access: .permission(.manageUsers), summary: "创建账户（角色属本机关）", request: Schemas.newUser,
                     response: Schemas.user) { req in
            try json(try await userJSON(try await req.office.createAccount(try req.fields(), by: req.actor), req), status: .created)
        }
        api.endpoint(.PUT, "users/:username", access: .permission(.manageUsers),
                     summary: "修改账户：只改所给的字段（姓名、本机关的角色、启用、重设密码），全部成功或全部不改",
                     request: Schemas.updateUser, response: Schemas.user) { req in
            try json(try await userJSON(try await req.office.updateAccount(req.parameters.get("username") ?? "", try req.fields(),
                                                                           by: req.actor), req))
        }
        api.endpoint(.GET, "audit", access: .permission(.viewAudit), summary: "操作日志（新的在前，?before=编号 翻页）", response: Schemas.audit) { req in
            let before = try? req.query.get(Int.self, at: "before")
            return try json(try await req.office.auditLog(limit: 200, before: before, by: req.actor).map {
                ["no": $0.no, "at": $0.at, "actor": $0.actor, "action": $0.action, "target": $0.target, "detail": $0.detail] as [String: Any]
            })
        }
    }
}
