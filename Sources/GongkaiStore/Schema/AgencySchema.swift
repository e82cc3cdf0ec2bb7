import FluentKit
import SQLKit

extension Schema {
    /// Agencies as data. An `agencies` table (name, 统一社会信用代码, level, parent, remedies), and `user_roles`: a
    /// user's roles per agency. Cases, their events, intakes, drafts, published reports, audit entries and case
    /// counters belong to an agency: `agency_id` on each, case codes unique per agency (`2026-000001` in two
    /// agencies), drafts keyed by agency and year, intakes by the case's internal number. Existing rows go to agency 1,
    /// created here with an empty name that the first start fills in (`--agency`).
    ///
    /// The keys cannot be altered in place on SQLite, so the keyed tables are rebuilt (new table, rows copied, old
    /// dropped, new renamed; the same statements on PostgreSQL), in one transaction, and the row counts compared.
    struct Agencies: AsyncMigration {
        var name: String { "gongkai.agencies.v4" }

        func prepare(on database: any Database) async throws {
            try await database.transaction { db in
                guard let sql = db as? any SQLDatabase else { return }
                try await db.schema("agencies")
                    .field("id", .int64, .identifier(auto: false))
                    .field("code", .string, .required)
                    .field("name", .string, .required)
                    .field("credit_code", .string)
                    .field("level", .string, .required)
                    .field("parent_id", .int64)
                    .field("reconsideration_body", .string)
                    .field("court", .string)
                    .field("created_at", .string, .required)
                    .unique(on: "code")
                    .create()
                try await sql.insert(into: "agencies").columns("id", "code", "name", "level", "created_at")
                    .values(1, "main", "", "department", CaseStore.now()).run()

                try await db.schema("user_roles")
                    .field("username", .string, .required)
                    .field("agency_id", .int64, .required, .references("agencies", "id"))
                    .field("roles", .string, .required)
                    .compositeIdentifier(over: "username", "agency_id")
                    .create()
                try await sql.raw("INSERT INTO user_roles (username, agency_id, roles) SELECT username, 1, roles FROM users WHERE roles <> ''").run()
                try await sql.raw("ALTER TABLE users DROP COLUMN roles").run()

                try await db.schema("cases_v4")
                    .field("no", .int64, .identifier(auto: false))
                    .field("agency_id", .int64, .required, .references("agencies", "id"))
                    .field("code", .string, .required)
                    .field("applicant_type", .string, .required)
                    .field("applicant_name", .string)
                    .field("channel", .string, .required)
                    .field("received_day", .int64, .required)
                    .field("request", .string)
                    .field("recorded_at", .string, .required)
                    .field("recorded_by", .string)
                    .unique(on: "agency_id", "code")
                    .create()
                try await copy(into: "cases_v4", from: "cases", columns: ["no", "code", "applicant_type", "applicant_name", "channel",
                                                                           "received_day", "request", "recorded_at", "recorded_by"], on: sql)
                try await db.schema("case_events_v4")
                    .field("case_no", .int64, .required, .references("cases_v4", "no"))
                    .field("seq", .int32, .required)
                    .field("agency_id", .int64, .required)
                    .field("applicant_type", .string, .required)
                    .field("type", .string, .required)
                    .field("day", .int64, .required)
                    .field("party", .string)
                    .field("amount", .int64)
                    .field("outcome", .string)
                    .field("note", .string)
                    .field("review_no", .int32)
                    .field("review_kind", .string)
                    .field("review_result", .string)
                    .field("recorded_at", .string, .required)
                    .field("recorded_by", .string)
                    .compositeIdentifier(over: "case_no", "seq")
                    .create()
                try await copy(into: "case_events_v4", from: "case_events", columns: [
                    "case_no", "seq", "applicant_type", "type", "day", "party", "amount", "outcome", "note", "review_no",
                    "review_kind", "review_result", "recorded_at", "recorded_by",
                ], on: sql)
                try await db.schema("intakes_v4")
                    .field("case_no", .int64, .identifier(auto: false), .references("cases_v4", "no"))
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
                try await sql.raw("""
                    INSERT INTO intakes_v4 (case_no, tracking_code, document_kind, document_number, contact, phone, address, email, provision)
                    SELECT c.no, i.tracking_code, i.document_kind, i.document_number, i.contact, i.phone, i.address, i.email, i.provision
                    FROM intakes i JOIN cases c ON c.code = i.case_code
                    """).run()
                try await sameCount("intakes_v4", "intakes", on: sql)
                try await db.schema("report_drafts_v4")
                    .field("agency_id", .int64, .required, .references("agencies", "id"))
                    .field("year", .int64, .required)
                    .field("content", .string, .required)
                    .field("status", .string, .required)
                    .field("approved_content", .string)
                    .field("approved_by", .string)
                    .field("approved_at", .string)
                    .field("updated_at", .string, .required)
                    .field("updated_by", .string, .required)
                    .compositeIdentifier(over: "agency_id", "year")
                    .create()
                try await copy(into: "report_drafts_v4", from: "report_drafts", columns: [
                    "year", "content", "status", "approved_content", "approved_by", "approved_at", "updated_at", "updated_by",
                ], on: sql)
                try await db.schema("published_reports_v4")
                    .field("agency_id", .int64, .required, .references("agencies", "id"))
                    .field("year", .int64, .required)
                    .field("version", .int64, .required)
                    .field("content", .string, .required)
                    .field("published_at", .string, .required)
                    .field("published_by", .string, .required)
                    .compositeIdentifier(over: "agency_id", "year", "version")
                    .create()
                try await copy(into: "published_reports_v4", from: "published_reports",
                               columns: ["year", "version", "content", "published_at", "published_by"], on: sql)

                // Children first (PostgreSQL refuses to drop a table others reference); dropping a table drops its
                // triggers and indexes, and fires no trigger.
                for table in ["intakes", "case_events", "cases", "report_drafts", "published_reports"] {
                    try await sql.raw("DROP TABLE \(ident: table)").run()
                }
                for table in ["cases", "case_events", "intakes", "report_drafts", "published_reports"] {
                    try await sql.raw("ALTER TABLE \(ident: table + "_v4") RENAME TO \(ident: table)").run()
                }
                try await sql.create(index: "cases_type_received").on("cases")
                    .column("agency_id").column("applicant_type").column("received_day").run()
                try await sql.create(index: "case_events_type_day").on("case_events")
                    .column("agency_id").column("type").column("day").column("applicant_type").column("outcome").run()
                try await AppendOnly.install(on: sql, tables: ["cases", "case_events", "intakes", "published_reports"])

                try await sql.raw("ALTER TABLE audit_log ADD COLUMN agency_id BIGINT").run()
                try await sql.create(index: "audit_log_agency").on("audit_log").column("agency_id").column("no").run()
                // Case counters were per year (`case-2026`); now per agency and year (`case-1-2026`).
                try await sql.raw("""
                    UPDATE counters SET name = 'case-1-' || substr(name, 6) WHERE name LIKE 'case-%' AND length(name) = 9
                    """).run()
            }
        }

        /// Copies every row of `source` into `target` under agency 1, and checks that none was lost.
        private func copy(into target: String, from source: String, columns: [String], on sql: any SQLDatabase) async throws {
            let list = columns.joined(separator: ", ")
            try await sql.raw("""
                INSERT INTO \(ident: target) (agency_id, \(unsafeRaw: list)) SELECT 1, \(unsafeRaw: list) FROM \(ident: source)
                """).run()
            try await sameCount(target, source, on: sql)
        }

        private func sameCount(_ target: String, _ source: String, on sql: any SQLDatabase) async throws {
            func count(_ table: String) async throws -> Int {
                try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()?.decode(column: "n", as: Int.self) ?? 0
            }
            let (copied, original) = (try await count(target), try await count(source))
            guard copied == original else {
                throw StoreError("升级数据库时 \(source) 表的 \(original) 行只复制了 \(copied) 行：升级已撤销，数据未改动", kind: .corrupt)
            }
        }

        func revert(on database: any Database) async throws {
            throw StoreError("机关数据的升级（gongkai.agencies.v4）不能撤销：请从升级前的备份恢复", kind: .invalid)
        }
    }
}
