import FluentKit
import Foundation
import GongkaiCore
import SQLKit

/// A logged-in session: whose it is, and the CSRF token bound to it.
public struct StaffSession: Sendable, Hashable {
    public var username: String
    public var csrfToken: String
}

extension CaseStore {
    /// The live session of an id (nil when unknown or expired).
    public func session(_ id: String, now: Int) async throws -> StaffSession? {
        guard let row = try await sql.select().column("username").column("data").from("sessions").where("id", .equal, id)
            .where("expires_at", .greaterThan, now).first() else { return nil }
        guard let username = try row.decode(column: "username", as: String?.self) else { return nil }
        return StaffSession(username: username, csrfToken: try row.decode(column: "data", as: String.self))
    }

    /// Saves a session of a user; `data` is the CSRF token bound to it.
    public func saveSession(_ id: String, username: String, csrfToken: String, expiresAt: Int) async throws {
        try await database.transaction { db in
            let sql = db as! any SQLDatabase
            try await sql.delete(from: "sessions").where("id", .equal, id).run()
            try await sql.insert(into: "sessions").columns("id", "username", "data", "expires_at")
                .values(id, username, csrfToken, expiresAt).run()
        }
    }

    public func deleteSession(_ id: String) async throws {
        try await sql.delete(from: "sessions").where("id", .equal, id).run()
    }

    /// Removes expired sessions; returns how many.
    @discardableResult
    public func purgeSessions(now: Int) async throws -> Int {
        let n = try await sql.raw("SELECT COUNT(*) AS n FROM sessions WHERE expires_at <= \(bind: now)").first()?
            .decode(column: "n", as: Int.self) ?? 0
        if n > 0 { try await sql.delete(from: "sessions").where("expires_at", .lessThanOrEqual, now).run() }
        return n
    }

    /// Logs a user out everywhere (found through the index on `sessions.username`).
    public func deleteSessions(of username: String) async throws {
        _ = try await Self.deleteSessions(of: username, keeping: nil, on: sql)
    }

    /// The number of live sessions of a user (for tests and the accounts page).
    public func sessionCount(of username: String, now: Int) async throws -> Int {
        try await sql.raw("SELECT COUNT(*) AS n FROM sessions WHERE username = \(bind: username) AND expires_at > \(bind: now)")
            .first()?.decode(column: "n", as: Int.self) ?? 0
    }

    static func deleteSessions(of username: String, keeping: String?, on sql: any SQLDatabase) async throws -> Int {
        let n = try await sql.raw("""
            SELECT COUNT(*) AS n FROM sessions WHERE username = \(bind: username) AND id <> \(bind: keeping ?? "")
            """).first()?.decode(column: "n", as: Int.self) ?? 0
        guard n > 0 else { return 0 }
        try await sql.raw("DELETE FROM sessions WHERE username = \(bind: username) AND id <> \(bind: keeping ?? "")").run()
        return n
    }
}
