import FluentKit
import GongkaiCore
import SQLKit

extension Schema {
    /// The proactive-disclosure catalogue (主动公开目录), per agency.
    ///
    /// - `catalogue_records`: every published version of every record, append-only (a published record is changed only
    ///   by a new version; the old one stays, superseded). `record_no` is the record's identity (the `no` of its first
    ///   version); its 索引号 is the same in all its versions, and unique in the agency (`index_key`: the number as
    ///   compared). `index_prefix` / `index_year` / `index_serial` are filled for numbers of the national form, so the
    ///   agency's next serial is read from an index.
    /// - `catalogue_current`: the newest version of each record, with what lists and filters read (kind, year,
    ///   有效性), the normalised text a one-character search scans, and on PostgreSQL the search vector (`doc`, with a
    ///   GIN index). Rewritten when a new version is published, in the same transaction.
    /// - `catalogue_fts` (SQLite): an FTS5 index of the current versions' search tokens (``SearchText/indexed(_:)``),
    ///   `unicode61` tokenizer, no stored content; rowid = `record_no`.
    /// - `catalogue_drafts`: information being prepared, as a CATALOGUE-JSONL line (`content`), editable while drafting;
    ///   `record_no` when it is a new version of a published record. `catalogue_steps`: its review, append-only.
    struct Catalogue: AsyncMigration {
        var name: String { "gongkai.catalogue.v5" }

        func prepare(on database: any Database) async throws {
            guard let sql = database as? any SQLDatabase else { return }
            try await database.schema("catalogue_records")
                .field("no", .int64, .identifier(auto: false))
                .field("agency_id", .int64, .required, .references("agencies", "id"))
                .field("record_no", .int64, .required)
                .field("version", .int32, .required)
                .field("index_number", .string, .required)
                .field("index_key", .string, .required)
                .field("index_prefix", .string)
                .field("index_year", .int32)
                .field("index_serial", .int64)
                .field("title", .string, .required)
                .field("summary", .string, .required)
                .field("formed_day", .int64, .required)
                .field("published_day", .int64, .required)
                .field("issuer", .string)
                .field("document_number", .string)
                .field("kind", .string, .required)
                .field("article20", .int32)
                .field("validity", .string)
                .field("validity_changed_day", .int64)
                .field("disclosure", .string, .required)
                .field("interprets", .string)
                .field("body", .string)
                .field("draft_no", .int64)
                .field("recorded_at", .string, .required)
                .field("recorded_by", .string)
                .unique(on: "agency_id", "index_key", "version")
                .create()
            try await sql.create(index: "catalogue_records_record").on("catalogue_records").column("record_no").column("version").run()
            try await sql.create(index: "catalogue_records_serial").on("catalogue_records")
                .column("agency_id").column("index_prefix").column("index_year").column("index_serial").run()
            try await AppendOnly.install(on: sql, tables: ["catalogue_records"])

            try await database.schema("catalogue_current")
                .field("record_no", .int64, .identifier(auto: false))
                .field("agency_id", .int64, .required)
                .field("no", .int64, .required)
                .field("index_key", .string, .required)
                .field("kind", .string, .required)
                .field("formed_year", .int32, .required)
                .field("published_day", .int64, .required)
                .field("article20", .int32)
                .field("validity", .string)
                .field("disclosure", .string, .required)
                .field("plain", .string, .required)
                .unique(on: "agency_id", "index_key")
                .create()
            try await sql.create(index: "catalogue_current_list").on("catalogue_current")
                .column("agency_id").column("published_day").run()
            try await sql.create(index: "catalogue_current_kind").on("catalogue_current")
                .column("agency_id").column("kind").column("formed_year").run()
            switch sql.dialect.name {
            case "sqlite":
                try await sql.raw("""
                    CREATE VIRTUAL TABLE catalogue_fts USING fts5(title, summary, docno, body, \
                    content='', contentless_delete=1, tokenize='unicode61', detail=full)
                    """).run()
            case "postgresql":
                try await sql.raw("ALTER TABLE catalogue_current ADD COLUMN doc tsvector").run()
                try await sql.raw("CREATE INDEX catalogue_current_doc ON catalogue_current USING GIN (doc)").run()
            default:
                break
            }

            try await database.schema("catalogue_drafts")
                .field("no", .int64, .identifier(auto: false))
                .field("agency_id", .int64, .required, .references("agencies", "id"))
                .field("record_no", .int64)
                .field("content", .string, .required)
                .field("created_at", .string, .required)
                .field("created_by", .string, .required)
                .field("updated_at", .string, .required)
                .create()
            try await sql.create(index: "catalogue_drafts_agency").on("catalogue_drafts").column("agency_id").column("no").run()
            try await database.schema("catalogue_steps")
                .field("draft_no", .int64, .required, .references("catalogue_drafts", "no"))
                .field("seq", .int32, .required)
                .field("kind", .string, .required)
                .field("actor", .string, .required)
                .field("at", .string, .required)
                .field("disclosure", .string)
                .field("grounds", .string)
                .field("note", .string)
                .compositeIdentifier(over: "draft_no", "seq")
                .create()
            try await AppendOnly.install(on: sql, tables: ["catalogue_steps"])
        }

        func revert(on database: any Database) async throws {
            if let sql = database as? any SQLDatabase, sql.dialect.name == "sqlite" {
                try await sql.raw("DROP TABLE catalogue_fts").run()
            }
            for table in ["catalogue_steps", "catalogue_drafts", "catalogue_current", "catalogue_records"] {
                try await database.schema(table).delete()
            }
        }
    }

    /// SQLite's search index gets a `tags` column (agency, kind, year, item, 有效性, public: ``CatalogueIndex/tags``)
    /// so that a filtered search is answered from the index alone (measured by `gongkai bench search`: the join with
    /// the table made a two-character word 263 ms at p95 over 100,000 records). The index is rebuilt from the
    /// current versions.
    struct CatalogueTags: AsyncMigration {
        var name: String { "gongkai.catalogue-tags.v6" }

        func prepare(on database: any Database) async throws {
            guard let sql = database as? any SQLDatabase, sql.dialect.name == "sqlite" else { return }
            try await sql.raw("DROP TABLE catalogue_fts").run()
            try await sql.raw("""
                CREATE VIRTUAL TABLE catalogue_fts USING fts5(title, summary, docno, body, tags, \
                content='', contentless_delete=1, tokenize='unicode61', detail=full)
                """).run()
            try await forEachCurrentRecord(on: sql) { stored, agency in
                try await CatalogueIndex.insertFTS(stored.record, recordNo: stored.recordNo, agency: agency, on: sql)
            }
        }

        func revert(on database: any Database) async throws {}
    }
}

extension Schema {
    /// Links and files of catalogue records, and the agency's contact details for its 指南:
    /// - `catalogue_records.replaced_by`: the 索引号 of the document that replaced a repealed or expired one (修订);
    ///   `attachments`: the version's files as a JSON array (name, sha256, bytes, mediaType).
    /// - `catalogue_current.interprets_key` / `replaced_by_key`: the same links as compared (``IndexNumber/comparable(_:)``),
    ///   indexed, so that a document's page finds its interpretations and the documents it replaced by one lookup.
    /// - `catalogue_files`: file contents by SHA-256, kept once however many records or versions name them; never
    ///   changed or deleted (append-only, like the versions that name them).
    /// - `agencies`: the 指南's contact block (条例 Art. 12: the OGI body's name, address, office hours, phone, fax, e-mail).
    struct CatalogueLinks: AsyncMigration {
        var name: String { "gongkai.catalogue-links.v7" }

        func prepare(on database: any Database) async throws {
            guard let sql = database as? any SQLDatabase else { return }
            try await sql.raw("ALTER TABLE catalogue_records ADD COLUMN replaced_by TEXT").run()
            try await sql.raw("ALTER TABLE catalogue_records ADD COLUMN attachments TEXT").run()
            try await sql.raw("ALTER TABLE catalogue_current ADD COLUMN interprets_key TEXT").run()
            try await sql.raw("ALTER TABLE catalogue_current ADD COLUMN replaced_by_key TEXT").run()
            var after = 0
            while true {
                let rows = try await sql.raw("""
                    SELECT c.record_no AS n, r.interprets AS i FROM catalogue_current c JOIN catalogue_records r ON r.no = c.no
                    WHERE c.record_no > \(bind: after) AND r.interprets IS NOT NULL ORDER BY c.record_no LIMIT 2000
                    """).all()
                guard !rows.isEmpty else { break }
                for row in rows {
                    after = try row.decode(column: "n", as: Int.self)
                    let key = IndexNumber.comparable(try row.decode(column: "i", as: String.self))
                    try await sql.raw("UPDATE catalogue_current SET interprets_key = \(bind: key) WHERE record_no = \(bind: after)").run()
                }
            }
            try await sql.create(index: "catalogue_current_interprets").on("catalogue_current").column("agency_id").column("interprets_key").run()
            try await sql.create(index: "catalogue_current_replaced").on("catalogue_current").column("agency_id").column("replaced_by_key").run()
            try await database.schema("catalogue_files")
                .field("sha256", .string, .identifier(auto: false))
                .field("size", .int64, .required)
                .field("content", .data, .required)
                .field("stored_at", .string, .required)
                .create()
            try await AppendOnly.install(on: sql, tables: ["catalogue_files"])
            for column in ["office_name", "address", "postcode", "hours", "phone", "fax", "email"] {
                try await sql.raw("ALTER TABLE agencies ADD COLUMN \(unsafeRaw: column) TEXT").run()
            }
        }

        func revert(on database: any Database) async throws {}
    }
}

extension Schema {
    /// PostgreSQL's search vectors get the filter words and the heading tier as lexemes of their own
    /// (``CatalogueIndex/vector(_:agency:)``), so that the GIN index answers a filtered search without rechecking
    /// rows; the vectors of the current versions are recomputed.
    struct CatalogueVectors: AsyncMigration {
        var name: String { "gongkai.catalogue-vectors.v8" }

        func prepare(on database: any Database) async throws {
            guard let sql = database as? any SQLDatabase, sql.dialect.name == "postgresql" else { return }
            try await forEachCurrentRecord(on: sql) { stored, agency in
                try await sql.raw("""
                    UPDATE catalogue_current SET doc = \(bind: CatalogueIndex.vector(stored.record, agency: agency))::tsvector \
                    WHERE record_no = \(bind: stored.recordNo)
                    """).run()
            }
        }

        func revert(on database: any Database) async throws {}
    }

    /// PostgreSQL's search vectors move to a narrow table of their own, `catalogue_search` (record, agency, vector),
    /// whose vectors are stored out of line (`toast_tuple_target = 128`): counting the hits of a common word then reads
    /// a few hundred small pages instead of the wide current rows (measured by `gongkai bench search` over 100,000
    /// records: 14,425 heap pages read to count the 33,000 hits of 许可, 99 ms at p95 for two-character words).
    struct CatalogueSearchTable: AsyncMigration {
        var name: String { "gongkai.catalogue-search.v9" }

        func prepare(on database: any Database) async throws {
            guard let sql = database as? any SQLDatabase, sql.dialect.name == "postgresql" else { return }
            try await sql.raw("""
                CREATE TABLE catalogue_search (record_no BIGINT PRIMARY KEY, agency_id BIGINT NOT NULL, doc tsvector NOT NULL) \
                WITH (toast_tuple_target = 128)
                """).run()
            try await sql.raw("""
                INSERT INTO catalogue_search (record_no, agency_id, doc) SELECT record_no, agency_id, doc FROM catalogue_current \
                WHERE doc IS NOT NULL
                """).run()
            try await sql.raw("CREATE INDEX catalogue_search_doc ON catalogue_search USING GIN (doc)").run()
            try await sql.raw("DROP INDEX IF EXISTS catalogue_current_doc").run()
            try await sql.raw("ALTER TABLE catalogue_current DROP COLUMN doc").run()
            try await sql.raw("ANALYZE catalogue_search").run()
        }

        func revert(on database: any Database) async throws {}
    }
}

extension Schema {
    /// Every current record version with its agency, 2,000 at a time in record order (for migrations that rebuild an
    /// index from the records).
    static func forEachCurrentRecord(on sql: any SQLDatabase, _ body: (StoredCatalogueRecord, Int) async throws -> Void) async throws {
        var after = 0
        while true {
            let rows = try await sql.raw("""
                SELECT r.* FROM catalogue_current c JOIN catalogue_records r ON r.no = c.no
                WHERE c.record_no > \(bind: after) ORDER BY c.record_no LIMIT 2000
                """).all()
            guard !rows.isEmpty else { return }
            for row in rows {
                let stored = try CaseStore.storedRecord(row)
                try await body(stored, try row.decode(column: "agency_id", as: Int.self))
                after = stored.recordNo
            }
        }
    }
}
