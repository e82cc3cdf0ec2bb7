import FluentKit
import SQLKit

extension Schema {
    /// The office's tables beside the ledger: staff accounts, sessions, the audit log, what applicants gave on the
    /// form (with the tracking code), the year's report in preparation and the published versions.
    /// `audit_log`, `intakes` and `published_reports` are append-only like the ledger.
    struct CreateOffice: AsyncMigration {
        var name: String { "gongkai.office.v1" }

        func prepare(on database: any Database) async throws {
            try await database.schema("users")
                .field("username", .string, .identifier(auto: false))
                .field("display_name", .string, .required)
                .field("password_hash", .string, .required)
                .field("roles", .string, .required)
                .field("active", .bool, .required)
                .field("created_at", .string, .required)
                .create()
            try await database.schema("sessions")
                .field("id", .string, .identifier(auto: false))
                .field("data", .string, .required)
                .field("expires_at", .int64, .required)
                .create()
            try await database.schema("audit_log")
                .field("no", .int64, .identifier(auto: false))
                .field("at", .string, .required)
                .field("actor", .string, .required)
                .field("action", .string, .required)
                .field("target", .string, .required)
                .field("detail", .string, .required)
                .create()
            try await database.schema("intakes")
                .field("case_code", .string, .identifier(auto: false))
                .field("tracking_code", .string, .required)
                .field("document_kind", .string, .required)
                .field("document_number", .string, .required)
                .field("contact", .string)
                .field("phone", .string, .required)
                .field("address", .string, .required)
                .field("email", .string)
                .field("provision", .string, .required)
                .unique(on: "tracking_code")
                .create()
            try await database.schema("report_drafts")
                .field("year", .int64, .identifier(auto: false))
                .field("content", .string, .required)
                .field("status", .string, .required)
                .field("approved_content", .string)
                .field("approved_by", .string)
                .field("approved_at", .string)
                .field("updated_at", .string, .required)
                .field("updated_by", .string, .required)
                .create()
            try await database.schema("published_reports")
                .field("year", .int64, .required)
                .field("version", .int64, .required)
                .field("content", .string, .required)
                .field("published_at", .string, .required)
                .field("published_by", .string, .required)
                .compositeIdentifier(over: "year", "version")
                .create()
            guard let sql = database as? any SQLDatabase else { return }
            try await sql.create(index: "sessions_expires").on("sessions").column("expires_at").run()
            try await AppendOnly.install(on: sql, tables: ["audit_log", "intakes", "published_reports"])
        }

        func revert(on database: any Database) async throws {
            for table in ["published_reports", "report_drafts", "intakes", "audit_log", "sessions", "users"] {
                try await database.schema(table).delete()
            }
        }
    }

    /// Numbers handed out one at a time (case codes per year, audit-log entries): a row per counter, incremented in
    /// the transaction that uses the number. MAX + 1 with a retry on unique-key conflicts failed under load on
    /// PostgreSQL (8 of 3,400 filings refused with 32 at once).
    struct CreateCounters: AsyncMigration {
        var name: String { "gongkai.office.v2" }

        func prepare(on database: any Database) async throws {
            try await database.schema("counters")
                .field("name", .string, .identifier(auto: false))
                .field("value", .int64, .required)
                .create()
        }

        func revert(on database: any Database) async throws {
            try await database.schema("counters").delete()
        }
    }
}

extension Schema {
    /// Sessions found by their user through an index (a password change ends them all; the data column holds the
    /// CSRF token bound to the session, no longer the user's name in JSON), and user names unique without regard to
    /// letter case (`ADMIN` could be created beside `admin`). Sessions of earlier versions are dropped: people log
    /// in again once.
    struct SessionsByUser: AsyncMigration {
        var name: String { "gongkai.office.v3" }

        func prepare(on database: any Database) async throws {
            guard let sql = database as? any SQLDatabase else { return }
            try await sql.raw("DELETE FROM sessions").run()
            try await database.schema("sessions").field("username", .string).update()
            try await sql.create(index: "sessions_username").on("sessions").column("username").run()
            try await sql.raw("CREATE UNIQUE INDEX users_username_lower ON users (lower(username))").run()
        }

        func revert(on database: any Database) async throws {
            guard let sql = database as? any SQLDatabase else { return }
            try await sql.raw("DROP INDEX users_username_lower").run()
            try await sql.raw("DROP INDEX sessions_username").run()
            try await database.schema("sessions").deleteField("username").update()
        }
    }
}
