import Foundation
import GongkaiCore
import GongkaiOffice
import GongkaiParsing
import GongkaiStore
import Vapor

/// Sessions and accounts in the JSON API.
enum AccountAPI {
    static func json(_ object: Any, status: HTTPResponseStatus = .ok) throws -> Response { try APIResponse.json(object, status: status) }

    static func userJSON(_ user: StaffUser) -> [String: Any] {
        ["username": user.username, "displayName": user.displayName, "roles": user.roles.sorted().map(\.rawValue),
         "active": user.active, "permissions": user.permissions.map(\.rawValue).sorted()]
    }

    static func register(_ api: any RoutesBuilder) {
        api.endpoint(.GET, "session", access: .everyone, summary: "当前会话：登录的用户和 CSRF 令牌",
                     response: Schemas.session) { req in
            try json(["user": req.staff.map(userJSON) as Any? ?? NSNull(), "csrfToken": req.csrfToken])
        }
        api.endpoint(.POST, "login", access: .everyone, summary: "登录", request: Schemas.login, response: Schemas.user) { req in
            let fields = try req.form()
            let user = try await req.office.logIn(username: fields["username"] ?? "", password: fields["password"] ?? "",
                                                  from: req.clientAddress)
            let response = try json(userJSON(user))
            try await SessionMiddleware.logIn(user, request: req, response: response)
            return response
        }
        api.endpoint(.POST, "logout", access: .staff, summary: "退出登录", response: Schemas.ok) { req in
            let response = try json(["ok": true])
            try await SessionMiddleware.logOut(request: req, response: response)
            return response
        }
        api.endpoint(.GET, "users", access: .permission(.manageUsers), summary: "账户列表", response: Schemas.users) { req in
            try json(try await req.office.users(by: req.actor).map(userJSON))
        }
        api.endpoint(.POST, "users", access: .permission(.manageUsers), summary: "创建账户", request: Schemas.newUser, response: Schemas.user) { req in
            try json(userJSON(try await req.office.createAccount(try req.fields(), by: req.actor)), status: .created)
        }
        api.endpoint(.PUT, "users/:username", access: .permission(.manageUsers),
                     summary: "修改账户：只改所给的字段（姓名、角色、启用、重设密码），全部成功或全部不改",
                     request: Schemas.updateUser, response: Schemas.user) { req in
            try json(userJSON(try await req.office.updateAccount(req.parameters.get("username") ?? "", try req.fields(), by: req.actor)))
        }
        api.endpoint(.POST, "password", access: .staff, summary: "修改自己的密码（其他会话随之结束）", request: Schemas.password,
                     response: Schemas.ok) { req in
            let fields = try req.form()
            try await req.office.changePassword(current: fields["current"] ?? "", new: fields["new"] ?? "", repeated: fields["new"] ?? "",
                                                session: req.sessionID, by: req.actor)
            return try json(["ok": true])
        }
        api.endpoint(.GET, "audit", access: .permission(.viewAudit), summary: "操作日志（新的在前，?before=编号 翻页）", response: Schemas.audit) { req in
            let before = try? req.query.get(Int.self, at: "before")
            return try json(try await req.office.auditLog(limit: 200, before: before, by: req.actor).map {
                ["no": $0.no, "at": $0.at, "actor": $0.actor, "action": $0.action, "target": $0.target, "detail": $0.detail] as [String: Any]
            })
        }
    }
}
