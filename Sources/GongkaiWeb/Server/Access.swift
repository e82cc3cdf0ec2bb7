import Foundation
import GongkaiCore
import GongkaiOffice
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
    /// The call answers 201 Created when it makes something (otherwise 200).
    let creates: Bool

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

    /// The CSRF token of this request's forms: the one bound to the session when logged in, else the browser's
    /// `gongkai-csrf` cookie (made on first visit).
    var csrfToken: String {
        get { storage[CSRFKey.self] ?? "" }
        set { storage[CSRFKey.self] = newValue }
    }

    var isAPI: Bool { pathInAgency.hasPrefix("/api/") || path == "/openapi.json" }

    private struct PathKey: StorageKey { typealias Value = String }

    /// `url.path`, worked out once a request: Vapor's getter goes through `URLComponents` and a search and replace
    /// each time, and the four calls of a cached page were a tenth of serving it.
    var path: String {
        if let path = storage[PathKey.self] { return path }
        let path = url.path
        storage[PathKey.self] = path
        return path
    }

    /// The path without an agency's `/a/{code}` prefix (`/a/jyj/staff/cases` → `/staff/cases`).
    var pathInAgency: String {
        let path = self.path
        guard path.hasPrefix("/a/") else { return path }
        let rest = path.dropFirst(3)
        return rest.firstIndex(of: "/").map { String(rest[$0...]) } ?? "/"
    }

    /// The staff member, or an error that sends a browser to the login page and tells an API caller 401.
    func requireStaff() throws -> StaffUser {
        guard let staff else { throw OfficeError.unauthenticated("请先登录") }
        return staff
    }

    /// The visitor's address, for limits and the audit log: the peer, or behind a proxy the address it forwarded.
    var clientAddress: String {
        if settings.behindProxy,
           let forwarded = headers.first(name: "X-Forwarded-For")?.split(separator: ",").last?.trimmingCharacters(in: .whitespaces),
           !forwarded.isEmpty, forwarded.count <= 64, forwarded.allSatisfy({ $0.isHexDigit || $0 == "." || $0 == ":" })
        {
            return forwarded
        }
        return remoteAddress?.ipAddress ?? "?"
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

    /// A visitor's CSRF token: the one their cookie carries, when it is long enough to be one of ours; a new one
    /// otherwise.
    static func visitorToken(_ cookies: HTTPCookies?) -> (token: String, existing: String?) {
        let existing = cookies?[csrf]?.string
        return (existing.flatMap { $0.count >= 32 ? $0 : nil } ?? randomToken(), existing)
    }

    /// Sets the token as the CSRF cookie when the browser does not have it yet (and the response sets none).
    static func give(_ token: String, existing: String?, to response: Response, secure: Bool) {
        guard existing != token, response.cookies[csrf] == nil else { return }
        response.cookies[csrf] = make(token, maxAge: nil, secure: secure)
    }

    static func randomToken(bytes: Int = 32) -> String {
        // Eight bytes per call to the system's generator (a byte per call was 32 system calls), written as base64url
        // without padding by hand (Foundation's base64 and three replacements were a tenth of a cached page's cost).
        var generator = SystemRandomNumberGenerator()
        var raw: [UInt8] = []
        raw.reserveCapacity(bytes + 8)
        while raw.count < bytes {
            var word = generator.next()
            for _ in 0..<8 { raw.append(UInt8(truncatingIfNeeded: word)); word >>= 8 }
        }
        raw.removeLast(raw.count - bytes)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        var out: [UInt8] = []
        out.reserveCapacity((bytes * 4 + 2) / 3)
        var i = 0
        while i + 3 <= raw.count {
            let n = UInt32(raw[i]) << 16 | UInt32(raw[i + 1]) << 8 | UInt32(raw[i + 2])
            for shift in [18, 12, 6, 0] { out.append(alphabet[Int((n >> UInt32(shift)) & 63)]) }
            i += 3
        }
        let rest = raw.count - i
        if rest > 0 {
            let n = UInt32(raw[i]) << 16 | (rest > 1 ? UInt32(raw[i + 1]) << 8 : 0)
            for shift in [18, 12, 6].prefix(rest + 1) { out.append(alphabet[Int((n >> UInt32(shift)) & 63)]) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Compares two tokens in time that depends only on their length (no early exit at the first difference).
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in x.indices { difference |= x[i] ^ y[i] }
        return difference == 0
    }
}

/// Finds the staff member of the session cookie (sessions live in the database: a restart keeps people logged in),
/// and gives every browser a CSRF token cookie. A logged-in session has its own token, made at login and kept with
/// the session: a token planted in the browser's cookie before login is worth nothing after it.
struct SessionMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let store = request.office.store
        var sessionToken: String?
        if let id = request.cookies[Cookies.session]?.string, id.count >= 32,
           let session = try await store.session(id, now: Int(Date().timeIntervalSince1970)),
           let user = try await store.user(session.username), user.active
        {
            request.staff = user
            request.sessionID = id
            sessionToken = session.csrfToken
        }
        let visitor = Cookies.visitorToken(request.cookies)
        request.csrfToken = sessionToken ?? visitor.token
        let response = try await next.respond(to: request)
        Cookies.give(request.csrfToken, existing: visitor.existing, to: response, secure: request.settings.secureCookies)
        return response
    }

    /// Starts a session for a user (a new id and a new CSRF token each time: no session fixation).
    static func logIn(_ user: StaffUser, request: Request, response: Response) async throws {
        if let old = request.sessionID { try await request.office.store.deleteSession(old) }
        let id = Cookies.randomToken()
        let token = Cookies.randomToken()
        try await request.office.store.saveSession(id, username: user.username, csrfToken: token,
                                                   expiresAt: Int(Date().timeIntervalSince1970) + Cookies.sessionLifetime)
        let secure = request.settings.secureCookies
        response.cookies[Cookies.session] = Cookies.make(id, maxAge: Cookies.sessionLifetime, secure: secure)
        response.cookies[Cookies.csrf] = Cookies.make(token, maxAge: nil, secure: secure)
        request.csrfToken = token
    }

    static func logOut(request: Request, response: Response) async throws {
        if let id = request.sessionID { try await request.office.store.deleteSession(id) }
        response.cookies[Cookies.session] = Cookies.make("", maxAge: 0, secure: request.settings.secureCookies)
        let token = Cookies.randomToken()
        response.cookies[Cookies.csrf] = Cookies.make(token, maxAge: nil, secure: request.settings.secureCookies)
        request.csrfToken = token
    }
}

/// Headers on every response: a Content-Security-Policy that allows only the site's own scripts (the pages have no
/// inline script or handler; the report and letter pages carry their stylesheet inline), no framing, no sniffing,
/// no referrer to other sites; and staff pages and the API never stored by browsers or proxies (ID numbers).
struct SecurityHeadersMiddleware: AsyncMiddleware {
    static let policy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        Self.add(to: response, staff: request.staff != nil, path: request.pathInAgency)
        return response
    }

    static let headers = [
        ("Content-Security-Policy", policy), ("X-Content-Type-Options", "nosniff"), ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "same-origin"),
    ]

    /// The headers for a response to `path` (without an agency's prefix), for staff or not.
    static func add(to response: Response, staff: Bool, path: String) {
        for (name, value) in headers where !response.headers.contains(name: name) { response.headers.replaceOrAdd(name: name, value: value) }
        if path == "/staff" || path.hasPrefix("/staff/") || path.hasPrefix("/api/") || staff {
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        }
    }
}

/// Forgets expired sessions when the server starts and every hour after.
struct SessionPurger: LifecycleHandler {
    final class Box: @unchecked Sendable { var task: Task<Void, Never>? }
    let box = Box()

    func didBootAsync(_ application: Application) async throws {
        let office = application.office
        let logger = application.logger
        box.task = Task {
            while !Task.isCancelled {
                do { _ = try await office.purgeSessions() } catch { logger.warning("过期会话清理失败：\(error)") }
                try? await Task.sleep(nanoseconds: 3600 * 1_000_000_000)
            }
        }
    }

    func shutdownAsync(_ application: Application) async { box.task?.cancel() }
}

extension RoutesBuilder {
    /// Registers a route with who may call it. Staff routes answer 401 (API) or send to the login page (pages)
    /// without a session and 403 without the permission; every route that changes something checks the CSRF token.
    /// Bodies are limited to `maxBody` (a form's size unless the route takes more).
    @discardableResult
    func endpoint<Result: AsyncResponseEncodable>(
        _ method: HTTPMethod, _ path: String, access: Access, summary: String,
        request: [String: any Sendable]? = nil, response: [String: any Sendable]? = nil, responseType: String = "application/json",
        maxBody: ByteCount = Limits.form, creates: Bool = false,
        _ handler: @escaping @Sendable (Request) async throws -> Result
    ) -> Route {
        let components = path.split(separator: "/").map { PathComponent(stringLiteral: String($0)) }
        let route = on(method, components, body: .collect(maxSize: maxBody)) { req async throws -> Response in
            let agency = try await req.resolveAgency()
            switch access {
            case .everyone:
                break
            case .staff:
                _ = try req.requireStaff()
            case let .permission(permission):
                _ = try req.requireStaff()
                try req.actor.require(permission, in: agency)
            }
            if method != .GET, method != .HEAD { try CSRF.verify(req) }
            return try await handler(req).encodeResponse(for: req)
        }
        route.userInfo[RouteInfo.key] = RouteInfo(access: access, summary: summary, request: request, response: response,
                                                  responseType: responseType, creates: creates)
        return route.description(summary)
    }
}

/// How large a request body may be.
enum Limits {
    /// Forms and JSON calls.
    static let form: ByteCount = "256kb"
    /// The report builder (six sections of prose and table 二).
    static let reportForm: ByteCount = "4mb"

    /// Report uploads: the configured file size and room for the form around it.
    static func upload(req app: Application) -> ByteCount { ByteCount(value: app.settings.maxUploadBytes + (1 << 20)) }
}

/// CSRF tokens: the same value as the session's token (logged in) or the browser's cookie (not logged in) must come
/// in the form (`_csrf`) or the `X-CSRF-Token` header. Another site can make a browser send the cookie but cannot
/// read it to put it in the form.
enum CSRF {
    static func verify(_ req: Request) throws {
        var sent = req.headers.first(name: "X-CSRF-Token")
        if sent == nil, let type = req.headers.contentType,
           type == .urlEncodedForm || type.type == "multipart"
        {
            sent = try? req.content.get(String.self, at: "_csrf")
        }
        let expected = req.staff != nil ? req.csrfToken : (req.cookies[Cookies.csrf]?.string ?? "")
        guard expected.count >= 32, let sent, Cookies.same(sent, expected) else {
            throw Abort(.forbidden, reason: "页面已过期或来源不明（CSRF 校验失败），请刷新页面后重试")
        }
    }
}

/// Where to go after logging in: only a path of this site. Browsers drop tabs and line breaks from URLs and read `\`
/// as `/`, so `/\t/evil.example` is `//evil.example`, another site: any control character, space or backslash, and
/// any `//` start, sends to the staff home instead. A stale link to logging out lands there too.
enum NextPath {
    static func safe(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), next.count <= 2000,
              !next.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value == 0x7F || $0 == "\\" || ($0.value >= 0x80 && $0.properties.isWhitespace) })
        else { return "/staff" }
        let path = next.split(separator: "?", maxSplits: 1).first.map(String.init) ?? next
        if next.hasPrefix("//") || path.hasPrefix("/staff/logout") || path.hasPrefix("/staff/login") { return "/staff" }
        return next
    }
}
