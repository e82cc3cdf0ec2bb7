import NIOConcurrencyHelpers
import Vapor

/// Public pages rendered once and served again while what they are made of stays the same: the agency list (its
/// names, contact details…), the day, and a version the page names (the catalogue's, which grows with every
/// publication). What differs per visitor is only the CSRF token in the page's `<meta>` and forms: the cached copy
/// keeps the page cut at the token, and each visitor's is put in. Staff pages are never cached (they show who is
/// logged in and what they may do). At most `capacity` bytes are kept; the least recently used go first.
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
    }

    private let state = NIOLockedValueBox(State())
    let capacity: Int

    init(capacity: Int = 32 << 20) { self.capacity = capacity }

    /// The page for `req` made from `version`: the cached one, or `render`'s (kept when it is a 200 page).
    func page(_ req: Request, version: Int, render: () async throws -> Response) async throws -> Response {
        guard req.staff == nil, req.method == .GET else { return try await render() }
        let agencies = (try? await req.allAgencies()) ?? []
        let key = "\(req.agency?.id ?? 0)|\(req.path)?\(req.url.query ?? "")|\(version)|\(agencies.hashValue)|\(req.office.today)"
        let token = req.csrfToken
        let cached = state.withLockedValue { state -> Entry? in
            guard var entry = state.entries[key] else {
                state.misses += 1
                return nil
            }
            state.clock += 1
            entry.used = state.clock
            state.entries[key] = entry
            state.hits += 1
            return entry
        }
        if let cached {
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

    /// Hits and misses so far (for the tests and the benchmark's log).
    var counts: (hits: Int, misses: Int) { state.withLockedValue { ($0.hits, $0.misses) } }
}

extension Application {
    struct PageCacheKey: StorageKey { typealias Value = PageCache }

    var pageCache: PageCache {
        guard let cache = storage[PageCacheKey.self] else { fatalError("GongkaiServer.configure was not called") }
        return cache
    }
}

extension Request {
    /// A public page made from the agency's catalogue, cached by its version (see ``PageCache``).
    func cataloguePage(render: () async throws -> Response) async throws -> Response {
        let version = try await office.catalogueVersion()
        return try await application.pageCache.page(self, version: version, render: render)
    }
}
