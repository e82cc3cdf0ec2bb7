import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import GongkaiCore
import SQLKit

/// One line of the audit log: who changed what, when.
public struct AuditEntry: Sendable, Hashable {
    public var no: Int
    public var at: String
    public var actor: String
    public var action: String
    public var target: String
    public var detail: String
    /// The agency whose record changed (nil: the installation's, such as a login).
    public var agency: Int?
}

/// A line to add to the audit log, written in the same transaction as the change it describes.
public struct AuditNote: Sendable, Hashable {
    public var actor: String
    public var action: String
    public var target: String
    public var detail: String
    /// The agency whose record changes (nil: the installation's, such as a login or an account).
    public var agency: Int?

    public init(actor: String, action: String, target: String, detail: String = "", agency: Int? = nil) {
        self.actor = actor
        self.action = action
        self.target = target
        self.detail = detail
        self.agency = agency
    }
}

extension CaseStore {
    /// Adds a line to the audit log (for events that change nothing else, such as a login).
    public func audit(_ note: AuditNote) async throws {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await database.transaction { db in try await Self.audit(note, on: db as! any SQLDatabase) }
            } catch where attempt < 8 && Self.isUniqueViolation(error) {
                // Another change took the same number at the same moment.
                try await Task.sleep(nanoseconds: UInt64.random(in: 1_000_000...20_000_000))
            }
        }
    }

    public func audit(actor: String, action: String, target: String, detail: String = "", agency: Int? = nil) async throws {
        try await audit(AuditNote(actor: actor, action: action, target: target, detail: detail, agency: agency))
    }

    static func audit(_ note: AuditNote, on sql: any SQLDatabase) async throws {
        let next = try await nextNumber("audit", on: sql) {
            try await sql.raw("SELECT COALESCE(MAX(no), 0) AS n FROM audit_log").first()?.decode(column: "n", as: Int.self) ?? 0
        }
        try await sql.insert(into: "audit_log").columns("no", "at", "actor", "action", "target", "detail", "agency_id")
            .values(next, now(), note.actor, note.action, note.target, note.detail, note.agency).run()
    }

    static func audit(actor: String, action: String, target: String, detail: String, agency: Int? = nil,
                      on sql: any SQLDatabase) async throws
    {
        try await audit(AuditNote(actor: actor, action: action, target: target, detail: detail, agency: agency), on: sql)
    }

    /// The newest entries first: of the agencies `agencies` (nil: all), and the installation's own entries (logins,
    /// accounts) when `general`.
    public func auditLog(limit: Int = 200, before: Int? = nil, agencies: [Int]? = nil, general: Bool = true) async throws -> [AuditEntry] {
        let query = sql.select().column("*").from("audit_log")
        if let before { query.where("no", .lessThan, before) }
        if let agencies {
            query.where { group in
                group.where("agency_id", .in, agencies.isEmpty ? [-1] : agencies)
                if general { group.orWhere("agency_id", .is, SQLLiteral.null) }
                return group
            }
        }
        return try await query.orderBy("no", .descending).limit(limit).all().map { row in
            AuditEntry(no: try row.decode(column: "no", as: Int.self), at: try row.decode(column: "at", as: String.self),
                       actor: try row.decode(column: "actor", as: String.self),
                       action: try row.decode(column: "action", as: String.self),
                       target: try row.decode(column: "target", as: String.self),
                       detail: try row.decode(column: "detail", as: String.self))
        }
    }

    /// The next number of a counter, taken inside the caller's transaction. The counter's row stays locked until that
    /// transaction ends (PostgreSQL; SQLite runs one writer at a time), so concurrent transactions wait for each other
    /// instead of taking the same number, and a transaction that rolls back gives its number back. `used` is the
    /// highest number already taken (read after the lock: cases imported with codes of the same form are skipped).
    static func nextNumber(_ name: String, on sql: any SQLDatabase, used: () async throws -> Int) async throws -> Int {
        func increment() async throws -> (any SQLRow)? {
            try await sql.raw("UPDATE counters SET value = value + 1 WHERE name = \(bind: name) RETURNING value").first()
        }
        // The counter's row is made the first time only (not one more statement for every number).
        var updated = try await increment()
        if updated == nil {
            try await sql.raw("INSERT INTO counters (name, value) VALUES (\(bind: name), 0) ON CONFLICT (name) DO NOTHING").run()
            updated = try await increment()
        }
        guard let row = updated else { throw StoreError("编号计数器「\(name)」无法更新", kind: .corrupt) }
        var number = try row.decode(column: "value", as: Int.self)
        let taken = try await used()
        if taken >= number {
            number = taken + 1
            try await sql.update("counters").set("value", to: number).where("name", .equal, name).run()
        }
        return number
    }

    /// `count` numbers in a row from the counter, in one statement (a batch's rows), as ``nextNumber(_:on:used:)``
    /// takes one.
    static func nextNumbers(_ name: String, count: Int, on sql: any SQLDatabase, used: () async throws -> Int) async throws
        -> ClosedRange<Int>
    {
        precondition(count > 0)
        func increment() async throws -> (any SQLRow)? {
            try await sql.raw("UPDATE counters SET value = value + \(bind: count) WHERE name = \(bind: name) RETURNING value").first()
        }
        var updated = try await increment()
        if updated == nil {
            try await sql.raw("INSERT INTO counters (name, value) VALUES (\(bind: name), 0) ON CONFLICT (name) DO NOTHING").run()
            updated = try await increment()
        }
        guard let row = updated else { throw StoreError("编号计数器「\(name)」无法更新", kind: .corrupt) }
        var last = try row.decode(column: "value", as: Int.self)
        let taken = try await used()
        if taken > last - count {
            last = taken + count
            try await sql.update("counters").set("value", to: last).where("name", .equal, name).run()
        }
        return (last - count + 1)...last
    }

    /// Whether an error is a unique-key violation, by the databases' own codes: SQLite's extended result code
    /// (`SQLITE_CONSTRAINT_UNIQUE` / `_PRIMARYKEY`; sqlite-nio opens with extended codes) or PostgreSQL's SQLSTATE
    /// 23505. A trigger's refusal (append-only tables) is a constraint failure too, but not this one.
    static func isUniqueViolation(_ error: any Error) -> Bool {
        if let error = error as? SQLiteError {
            switch error.reason {
            case .constraintUniqueFailed, .constraintPrimaryKeyFailed, .constraintUniqueRowIDFailed: return true
            default: return false
            }
        }
        if let error = error as? PSQLError { return error.serverInfo?[.sqlState] == "23505" }
        return false
    }
}
