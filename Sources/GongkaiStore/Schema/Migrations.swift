import FluentKit
import SQLKit

/// The schema, as Fluent migrations. The case history is append-only: the migrations install triggers that refuse
/// UPDATE and DELETE on `cases` and `case_events`, on both databases.
enum Schema {
    static let migrations: [any Migration] = [
        CreateCases(), CreateCalendarNotices(), CreateOffice(), CreateCounters(), SessionsByUser(), Agencies(), Catalogue(), CatalogueTags(), CatalogueLinks(), CatalogueVectors(), CatalogueSearchTable(), Oversight(), OversightFigures(), OversightTallyIndex(), OversightFigureTally(), OversightUnitIndexes(), OversightFigureReportIndex(),
    ]

    /// `cases`: the intake facts of each application (who, how, when received). `no` is the internal key; `code` the
    /// agency's case number.
    /// `case_events`: the ledger, one row per dated event (the CASES-JSONL events plus `reviewFiled` /
    /// `reviewDecided`), numbered per case by `seq`; `recorded_at` / `recorded_by` say who entered it and when.
    /// `applicant_type` is the case's (which never changes: both tables are append-only), copied onto each row so that
    /// a year's counts are scans of one index, without a join (1,000,000 cases: see `gongkai bench tables`).
    struct CreateCases: AsyncMigration {
        var name: String { "gongkai.cases.v1" }

        func prepare(on database: any Database) async throws {
            try await database.schema("cases")
                .field("no", .int64, .identifier(auto: false))
                .field("code", .string, .required)
                .field("applicant_type", .string, .required)
                .field("applicant_name", .string)
                .field("channel", .string, .required)
                .field("received_day", .int64, .required)
                .field("request", .string)
                .field("recorded_at", .string, .required)
                .field("recorded_by", .string)
                .unique(on: "code")
                .create()
            try await database.schema("case_events")
                .field("case_no", .int64, .required, .references("cases", "no"))
                .field("seq", .int32, .required)
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
            guard let sql = database as? any SQLDatabase else { return }
            try await sql.create(index: "cases_type_received").on("cases").column("applicant_type").column("received_day").run()
            // The closing events (decided / withdrawn) and the review events are what the yearly tables read.
            try await sql.create(index: "case_events_type_day").on("case_events")
                .column("type").column("day").column("applicant_type").column("outcome").run()
            try await AppendOnly.install(on: sql, tables: ["cases", "case_events"])
        }

        func revert(on database: any Database) async throws {
            try await database.schema("case_events").delete()
            try await database.schema("cases").delete()
        }
    }

    /// Calendar notices imported after release (`gongkai calendar import`), by year; they complete or replace the
    /// shipped ones.
    struct CreateCalendarNotices: AsyncMigration {
        var name: String { "gongkai.calendar-notices.v1" }

        func prepare(on database: any Database) async throws {
            try await database.schema("calendar_notices")
                .field("year", .int64, .identifier(auto: false))
                .field("holidays", .string, .required)
                .field("workdays", .string, .required)
                .field("imported_at", .string, .required)
                .create()
        }

        func revert(on database: any Database) async throws {
            try await database.schema("calendar_notices").delete()
        }
    }
}

/// Triggers that make tables append-only.
enum AppendOnly {
    static func install(on sql: any SQLDatabase, tables: [String]) async throws {
        switch sql.dialect.name {
        case "sqlite":
            for table in tables {
                for operation in ["UPDATE", "DELETE"] {
                    try await sql.raw("""
                        CREATE TRIGGER \(unsafeRaw: table)_no_\(unsafeRaw: operation.lowercased()) BEFORE \(unsafeRaw: operation) ON \(unsafeRaw: table)
                        BEGIN SELECT RAISE(ABORT, 'gongkai: \(unsafeRaw: table) is append-only'); END
                        """).run()
                }
            }
        case "postgresql":
            try await sql.raw("""
                CREATE OR REPLACE FUNCTION gongkai_append_only() RETURNS trigger AS $$
                BEGIN RAISE EXCEPTION 'gongkai: % is append-only', TG_TABLE_NAME; END $$ LANGUAGE plpgsql
                """).run()
            for table in tables {
                try await sql.raw("""
                    CREATE TRIGGER \(unsafeRaw: table)_append_only BEFORE UPDATE OR DELETE ON \(unsafeRaw: table)
                    FOR EACH STATEMENT EXECUTE FUNCTION gongkai_append_only()
                    """).run()
            }
        default:
            break
        }
    }
}
