import GongkaiOffice
import NIOConcurrencyHelpers
import Vapor

/// Public pages rendered once and served again while what they are made of stays the same: the agency list (its
/// names, contact details…), the day, and the catalogue's version (which grows with every publication). What differs
/// per visitor is only the CSRF token in the page's `<meta>` and forms: the cached copy keeps the page cut at the
/// token, and each visitor's is put in. Staff pages are never cached (they show who is logged in and what they may
/// do). At most `capacity` bytes are kept; the least recently used go first.
final class PageCache: Sendable {
    private struct Entry {
        let parts: [[UInt8]]
        let contentType: String
        let size: Int
        var used: UInt64
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var bytes = 0
        var clock: UInt64 = 0
        var hits = 0
        var misses = 0
        /// Hits answered by ``answer(_:)``, ahead of the router.
        var early = 0
    }

    private let state = NIOLockedValueBox(State())
    let capacity: Int

    init(capacity: Int = 32 << 20) { self.capacity = capacity }

    /// The page for `req`: the cached one, or `render`'s (kept when it is a 200 page). The agency list and the
    /// catalogue version are read (at most once a second from the store) before the key is made.
    func page(_ req: Request, render: () async throws -> Response) async throws -> Response {
        guard req.staff == nil, req.method == .GET else { return try await render() }
        _ = try await req.allAgencies()
        _ = try await req.office.catalogueVersion()
        guard let stamp = req.office.pageStamp else { return try await render() }
        let key = Self.key(req, stamp)
        let token = req.csrfToken
        if let cached = entry(key, early: false) { return Self.response(cached, token: token) }
        let response = try await render()
        guard response.status == .ok, let buffer = response.body.buffer, token.count >= 16 else { return response }
        let html = String(buffer: buffer)
        let entry = Entry(parts: html.components(separatedBy: token).map { Array($0.utf8) }, contentType: response.headers.first(name: .contentType) ?? "text/html",
                          size: html.utf8.count, used: 0)
        guard entry.size <= capacity / 8 else { return response }
        state.withLockedValue { state in
            state.clock += 1
            var entry = entry
            entry.used = state.clock
            if let old = state.entries.updateValue(entry, forKey: key) { state.bytes -= old.size }
            state.bytes += entry.size
            if state.bytes > capacity {
                // Drop the least recently used half.
                let order = state.entries.sorted { $0.value.used < $1.value.used }
                for (key, old) in order.prefix(order.count / 2 + 1) where state.bytes > capacity / 2 {
                    state.entries[key] = nil
                    state.bytes -= old.size
                }
            }
        }
        return response
    }

    /// The cached page for a visitor not logged in, answered on the event loop before the router, the middleware and
    /// any task (see ``PublicPageResponder``): nil when the request is not a plain GET, carries a session cookie (it
    /// may be staff's: the long way finds out), the versions are not fresh, or the page is not cached. It does what
    /// the session and security-header middleware would: the visitor's CSRF token (a new one, set as a cookie, on a
    /// first visit) and the headers of every response.
    func answer(_ req: Request) -> Response? {
        guard req.method == .GET, let stamp = req.application.office.pageStamp else { return nil }
        let cookies = req.headers.cookie
        guard cookies?[Cookies.session] == nil, let cached = entry(Self.key(req, stamp), early: true) else { return nil }
        let visitor = Cookies.visitorToken(cookies)
        let response = Self.response(cached, token: visitor.token)
        Cookies.give(visitor.token, existing: visitor.existing, to: response, secure: req.application.settings.secureCookies)
        SecurityHeadersMiddleware.add(to: response, staff: false, path: req.pathInAgency)
        return response
    }

    /// A page's key: its path and query as asked (the path names the agency), the versions and the day.
    private static func key(_ req: Request, _ stamp: PageStamp) -> String {
        "\(req.path)?\(req.url.query ?? "")|\(stamp.catalogue)|\(stamp.agencies)|\(stamp.day)"
    }

    /// The entry under `key`, counted as a hit (and as `early`, ahead of the router) or, on the long way, as a miss.
    private func entry(_ key: String, early: Bool) -> Entry? {
        state.withLockedValue { state -> Entry? in
            guard var entry = state.entries[key] else {
                if !early { state.misses += 1 }
                return nil
            }
            state.clock += 1
            entry.used = state.clock
            state.entries[key] = entry
            state.hits += 1
            if early { state.early += 1 }
            return entry
        }
    }

    private static func response(_ cached: Entry, token: String) -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: cached.contentType)
        var body = ByteBufferAllocator().buffer(capacity: cached.size + 64)
        let separator = Array(token.utf8)
        for (i, part) in cached.parts.enumerated() {
            if i > 0 { body.writeBytes(separator) }
            body.writeBytes(part)
        }
        return Response(status: .ok, headers: headers, body: .init(buffer: body))
    }

    /// Hits (and of them those answered ahead of the router) and misses so far, for the tests.
    var counts: (hits: Int, misses: Int, early: Int) { state.withLockedValue { ($0.hits, $0.misses, $0.early) } }
}

extension Application {
    struct PageCacheKey: StorageKey { typealias Value = PageCache }

    var pageCache: PageCache {
        guard let cache = storage[PageCacheKey.self] else { fatalError("GongkaiServer.configure was not called") }
        return cache
    }
}

extension Request {
    /// A public page made of the agency list, the catalogue and the day, cached while they stay the same (see
    /// ``PageCache``): the catalogue's pages, the 指南, and the empty home, form and look-up pages.
    func cachedPage(render: () async throws -> Response) async throws -> Response {
        try await application.pageCache.page(self, render: render)
    }
}

/// The application's responder: a cached public page is answered at once (``PageCache/answer(_:)``); everything
/// else goes to Vapor's router and the middleware. On the event loop, with no task, no route lookup and no
/// middleware chain, a cached record page costs about two thirds of what it did.
struct PublicPageResponder: Responder {
    let next: any Responder
    let cache: PageCache

    func respond(to request: Request) -> EventLoopFuture<Response> {
        if let response = cache.answer(request) { return request.eventLoop.makeSucceededFuture(response) }
        return next.respond(to: request)
    }
}
