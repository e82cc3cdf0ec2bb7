import Foundation

/// A store made for one run and thrown away: a SQLite file in a temporary folder, or a new database on the
/// PostgreSQL server of `GONGKAI_TEST_DATABASE_URL` (created, then dropped). For the test suites of the package.
package enum ScratchStore: String, CaseIterable, CustomStringConvertible, Sendable {
    case sqlite, postgres

    package var description: String { rawValue }

    package static let postgresURL = ProcessInfo.processInfo.environment["GONGKAI_TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }

    /// SQLite always; PostgreSQL when its URL is set (scripts/test sets it).
    package static var available: [ScratchStore] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    /// Runs `body` with a new, empty store; closes and removes it afterwards, whether `body` throws or not.
    package func withStore<T>(_ body: (CaseStore) async throws -> T) async throws -> T {
        try await withStore(upgradingFrom: nil, legacy: { _ in }, body)
    }

    /// A store made at an earlier schema (its first `migrations` migrations), filled by `legacy`, closed, then opened
    /// again as the current version opens it (migrating the rest) for `body`.
    package func withStore<T>(upgradingFrom migrations: Int?, legacy: (CaseStore) async throws -> Void,
                              _ body: (CaseStore) async throws -> T) async throws -> T
    {
        let store: CaseStore
        let remove: () async -> Void
        switch self {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-scratch-\(UUID().uuidString)")
            let backend = Backend.sqlite(path: directory.appendingPathComponent("gongkai.sqlite").path)
            if let migrations {
                let old = try await CaseStore.open(backend, migrating: true, only: migrations)
                do { try await legacy(old) } catch { await old.close(); throw error }
                await old.close()
            }
            store = try await CaseStore.open(backend)
            remove = { try? FileManager.default.removeItem(at: directory) }
        case .postgres:
            guard let base = Self.postgresURL, var parts = URLComponents(string: base) else {
                throw StoreError("没有设置 GONGKAI_TEST_DATABASE_URL，不能建立 PostgreSQL 测试库")
            }
            let name = "gongkai_scratch_\(UUID().uuidString.prefix(8).lowercased())"
            // The server's own database is only used to create and drop scratch ones: not migrated (tests opening it at once
            // would race to create its tables).
            let admin = try await CaseStore.open(.postgres(url: base), migrating: false)
            try await admin.execute("CREATE DATABASE \(name)")
            parts.path = "/" + name
            let backend = Backend.postgres(url: parts.string ?? base)
            if let migrations {
                let old = try await CaseStore.open(backend, migrating: true, only: migrations)
                do { try await legacy(old) } catch { await old.close(); throw error }
                await old.close()
            }
            store = try await CaseStore.open(backend)
            remove = {
                try? await admin.execute("DROP DATABASE IF EXISTS \(name)")
                await admin.close()
            }
        }
        do {
            let result = try await body(store)
            await store.close()
            await remove()
            return result
        } catch {
            await store.close()
            await remove()
            throw error
        }
    }
}
