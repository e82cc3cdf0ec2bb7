import FluentKit
import Foundation
import GongkaiCore
import SQLKit

extension CaseStore {
    /// How a search was answered (for the benchmark and the tests).
    public enum CatalogueSearchPlan: String, Sendable {
        /// Through the token index (FTS5 on SQLite, the GIN index on PostgreSQL), one-character words checked on the
        /// rows it found.
        case index
        /// Only one-character words: a scan of the filtered rows' text.
        case scan
        /// `LIKE '%word%'` over the filtered rows: the baseline the benchmark compares with.
        case like
    }

    /// The current records matching every word of `query` under `filter`: ranked by where the words occur (title
    /// first, then 文号, summary, text) when the index answers, newest first when only a scan can; and how many match
    /// in all. `plan` forces a plan (the benchmark's `LIKE` baseline); nil chooses.
    public func searchCatalogue(_ query: SearchText.Query, filter: CatalogueFilter, limit: Int = 20, offset: Int = 0,
                                plan forced: CatalogueSearchPlan? = nil) async throws
        -> (total: Int, records: [StoredCatalogueRecord], plan: CatalogueSearchPlan)
    {
        guard !query.isEmpty else {
            let list = try await catalogueList(filter, limit: limit, offset: offset)
            return (list.total, list.records, .scan)
        }
        let plan = forced ?? (query.phrases.isEmpty ? .scan : .index)
        var condition = Self.condition(filter)
        let words = plan == .like ? query.words : query.scanned
        let isSQLite = sql.dialect.name == "sqlite"
        for word in words {
            condition += isSQLite ? " AND instr(c.plain, \(bind: word)) > 0" : " AND strpos(c.plain, \(bind: word)) > 0"
        }
        let page = " LIMIT \(max(limit, 0)) OFFSET \(max(offset, 0))"
        switch (plan, isSQLite) {
        case (.index, true):
            let match = query.phrases.map { "\"" + $0.joined(separator: " ") + "\"" }.joined(separator: " AND ")
            let from: SQLQueryString = "FROM catalogue_fts f JOIN catalogue_current c ON c.record_no = f.rowid WHERE catalogue_fts MATCH \(bind: match) AND "
            let total = try await sql.raw("SELECT COUNT(*) AS n " + from + condition).first()?.decode(column: "n", as: Int.self) ?? 0
            let fromRecords: SQLQueryString = "FROM catalogue_fts f JOIN catalogue_current c ON c.record_no = f.rowid JOIN catalogue_records r ON r.no = c.no WHERE catalogue_fts MATCH \(bind: match) AND "
            let rows = try await sql.raw("SELECT r.* " + fromRecords + condition
                + " ORDER BY bm25(catalogue_fts, 10.0, 3.0, 8.0, 1.0), c.published_day DESC\(unsafeRaw: page)").all()
            return (total, try rows.map(Self.storedRecord), plan)
        case (.index, false):
            let tsquery = query.phrases.map { "(" + $0.map { "'\($0)'" }.joined(separator: " <-> ") + ")" }.joined(separator: " & ")
            condition += " AND c.doc @@ \(bind: tsquery)::tsquery"
            let total = try await sql.raw("SELECT COUNT(*) AS n FROM catalogue_current c WHERE " + condition).first()?
                .decode(column: "n", as: Int.self) ?? 0
            let rows = try await sql.raw("SELECT r.* FROM catalogue_current c JOIN catalogue_records r ON r.no = c.no WHERE " + condition
                + " ORDER BY ts_rank(c.doc, \(bind: tsquery)::tsquery) DESC, c.published_day DESC\(unsafeRaw: page)").all()
            return (total, try rows.map(Self.storedRecord), plan)
        default:
            // One-character words only, or the LIKE baseline: the words are in `condition`.
            let total = try await sql.raw("SELECT COUNT(*) AS n FROM catalogue_current c WHERE " + condition).first()?
                .decode(column: "n", as: Int.self) ?? 0
            let rows = try await sql.raw("SELECT r.* FROM catalogue_current c JOIN catalogue_records r ON r.no = c.no WHERE " + condition
                + " ORDER BY c.published_day DESC, c.record_no DESC\(unsafeRaw: page)").all()
            return (total, try rows.map(Self.storedRecord), plan)
        }
    }
}
