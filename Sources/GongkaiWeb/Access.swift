import Foundation
import GongkaiCore
import GongkaiStore
import Vapor

/// Who may call a route: anyone, any logged-in staff member, or staff with a permission.
enum Access: Sendable, Hashable {
    case everyone
    case staff
    case permission(Permission)
}

/// What a route says about itself: the OpenAPI document and the route-role test read it from `Route.userInfo`.
struct RouteInfo: Sendable {
    let access: Access
    let summary: String
    /// For API operations: the request body and the response, as OpenAPI schema objects.
    let request: [String: any Sendable]?
    let response: [String: any Sendable]?
    let responseType: String

    static let key = "gongkai"
}

/// The logged-in staff member and the session, found by `SessionMiddleware`.
extension Request {
    private struct StaffKey: StorageKey { typealias Value = StaffUser }
    private struct SessionIDKey: StorageKey { typealias Value = String }
    private struct CSRFKey: StorageKey { typealias Value = String }

    var staff: StaffUser? {
        get { storage[StaffKey.self] }
        set { storage[StaffKey.self] = newValue }
    }

    var sessionID: String? {
        get { storage[SessionIDKey.self] }
        set { storage[SessionIDKey.self] = newValue }
    }

    /// The CSRF token of this browser (the `gongkai-csrf` cookie, made on first visit): every form carries it.
    var csrfToken: String {
        get { storage[CSRFKey.self] ?? "" }
        set { storage[CSRFKey.self] = newValue }
    }

    var isAPI: Bool { url.path.hasPrefix("/api/") || url.path == "/openapi.json" }

    /// The staff member, or an error that sends a browser to the login page and tells an API caller 401.
    func requireStaff() throws -> StaffUser {
        guard let staff else { throw Abort(.unauthorized, reason: "请先登录") }
        return staff
    }
}

enum Cookies {
    static let session = "gongkai-session"
    static let csrf = "gongkai-csrf"
    /// Eight hours: a working day.
    static let sessionLifetime = 8 * 3600

    static func make(_ value: String, maxAge: Int?, secure: Bool, httpOnly: Bool = true) -> HTTPCookies.Value {
        HTTPCookies.Value(string: value, expires: nil, maxAge: maxAge, domain: nil, path: "/", isSecure: secure,
                          isHTTPOnly: httpOnly, sameSite: .lax)
    }

    static func randomToken(bytes: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        let data = Data((0..<bytes).map { _ in UInt8.random(in: 0...255, using: &generator) })
        return data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

/// Finds the staff member of the session cookie (sessions live in the database: a restart keeps people logged in),
/// and gives every browser a CSRF token cookie.
struct SessionMiddleware: AsyncMiddleware {
    struct Data: Codable { var user: String }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let id = request.cookies[Cookies.session]?.string, id.count >= 32,
           let text = try await request.office.store.session(id, now: Int(Date().timeIntervalSince1970)),
           let data = try? JSONDecoder().decode(Data.self, from: Foundation.Data(text.utf8)),
           let user = try await request.office.store.user(data.user), user.active
        {
            request.staff = user
            request.sessionID = id
        }
        let existing = request.cookies[Cookies.csrf]?.string
        let token = existing.flatMap { $0.count >= 32 ? $0 : nil } ?? Cookies.randomToken()
        request.csrfToken = token
        let response = try await next.respond(to: request)
        if existing != token {
            response.cookies[Cookies.csrf] = Cookies.make(token, maxAge: nil, secure: request.office.settings.secureCookies)
        }
        return response
    }

    /// Starts a session for a user (a new id each time: no session fixation).
    static func logIn(_ user: StaffUser, request: Request, response: Response) async throws {
        if let old = request.sessionID { try await request.office.store.deleteSession(old) }
        let id = Cookies.randomToken()
        let data = String(decoding: try JSONEncoder().encode(Data(user: user.username)), as: UTF8.self)
        try await request.office.store.saveSession(id, data: data, expiresAt: Int(Date().timeIntervalSince1970) + Cookies.sessionLifetime)
        response.cookies[Cookies.session] = Cookies.make(id, maxAge: Cookies.sessionLifetime, secure: request.office.settings.secureCookies)
    }

    static func logOut(request: Request, response: Response) async throws {
        if let id = request.sessionID { try await request.office.store.deleteSession(id) }
        response.cookies[Cookies.session] = Cookies.make("", maxAge: 0, secure: request.office.settings.secureCookies)
    }
}

/// Counts failed attempts per key (address + user name; address for look-ups) in a sliding window.
extension Request {
    /// The visitor's address, for limits and the audit log: the peer, or behind a proxy the address it forwarded.
    var clientAddress: String {
        if office.settings.behindProxy,
           let forwarded = headers.first(name: "X-Forwarded-For")?.split(separator: ",").last?.trimmingCharacters(in: .whitespaces),
           !forwarded.isEmpty {
            return forwarded
        }
        return remoteAddress?.ipAddress ?? "?"
    }
}

actor AttemptLimiter {
    private var failures: [String: [Date]] = [:]
    /// How many keys are kept before the expired ones are forgotten (doubles with the live ones, so that forgetting
    /// stays rare however many addresses are active).
    private var pruneAt = 10_000
    let limit: Int
    let window: TimeInterval

    init(limit: Int, window: TimeInterval) {
        self.limit = limit
        self.window = window
    }

    /// Seconds to wait before trying again, or nil when the key may try.
    func blocked(_ key: String, now: Date = Date()) -> Int? {
        let recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
        failures[key] = recent.isEmpty ? nil : recent
        guard recent.count >= limit, let oldest = recent.first else { return nil }
        return max(1, Int((window - now.timeIntervalSince(oldest)).rounded(.up)))
    }

    func fail(_ key: String, now: Date = Date()) {
        failures[key, default: []].append(now)
        // Many addresses over time: forget those whose attempts are all older than the window.
        if failures.count > pruneAt {
            failures = failures.filter { $0.value.contains { now.timeIntervalSince($0) < window } }
            pruneAt = max(10_000, failures.count * 2)
        }
    }

    func succeed(_ key: String) { failures[key] = nil }
}

extension RoutesBuilder {
    /// Registers a route with who may call it. Staff routes answer 401 (API) or send to the login page (pages)
    /// without a session and 403 without the permission; every route that changes something checks the CSRF token.
    @discardableResult
    func endpoint<Result: AsyncResponseEncodable>(
        _ method: HTTPMethod, _ path: String, access: Access, summary: String,
        request: [String: any Sendable]? = nil, response: [String: any Sendable]? = nil, responseType: String = "application/json",
        body: HTTPBodyStreamStrategy = .collect,
        _ handler: @escaping @Sendable (Request) async throws -> Result
    ) -> Route {
        let components = path.split(separator: "/").map { PathComponent(stringLiteral: String($0)) }
        let route = on(method, components, body: body) { req async throws -> Response in
            switch access {
            case .everyone:
                break
            case .staff:
                _ = try req.requireStaff()
            case let .permission(permission):
                let user = try req.requireStaff()
                guard user.may(permission) else {
                    let roles = permission.roles.map(\.displayName).joined(separator: "、")
                    throw Abort(.forbidden, reason: "需要「\(permission.displayName)」权限（\(roles)）")
                }
            }
            if method != .GET, method != .HEAD { try CSRF.verify(req) }
            return try await handler(req).encodeResponse(for: req)
        }
        route.userInfo[RouteInfo.key] = RouteInfo(access: access, summary: summary, request: request, response: response,
                                                  responseType: responseType)
        return route.description(summary)
    }
}

/// Double-submit CSRF tokens: a random cookie, and the same value in the form (`_csrf`) or the `X-CSRF-Token` header.
/// Another site can make a browser send the cookie but cannot read it to put it in the form.
enum CSRF {
    static func verify(_ req: Request) throws {
        let cookie = req.cookies[Cookies.csrf]?.string ?? ""
        var sent = req.headers.first(name: "X-CSRF-Token")
        if sent == nil, let type = req.headers.contentType,
           type == .urlEncodedForm || type.type == "multipart"
        {
            sent = try? req.content.get(String.self, at: "_csrf")
        }
        guard cookie.count >= 32, let sent, sent == cookie else {
            throw Abort(.forbidden, reason: "页面已过期或来源不明（CSRF 校验失败），请刷新页面后重试")
        }
    }
}
