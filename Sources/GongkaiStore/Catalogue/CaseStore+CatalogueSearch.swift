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

    /// The current records matching every word of `query` under `filter`, and how many match in all. On SQLite the
    /// records with every word in their title or 文号 come first, then the others, newest first in each (on PostgreSQL
    /// the heading tier is those with every piece of the words in the title or 文号); a scan (one-character words only)
    /// lists newest first. `plan` forces a plan (the benchmark's `LIKE` baseline); nil chooses.
    ///
    /// With `countUpTo`, the hits are counted up to that many (`more` then says there are more): a common
    /// word's exact count reads every hit's row (33,000 hits for a two-character word in 100,000 records: 35 ms on
    /// PostgreSQL, whose GIN index cannot count alone), the first thousand a fraction of that. A page past the cap is
    /// counted exactly (its place among the tiers depends on it).
    public func searchCatalogue(_ query: SearchText.Query, filter: CatalogueFilter, limit: Int = 20, offset: Int = 0,
                                countUpTo cap: Int? = nil, plan forced: CatalogueSearchPlan? = nil) async throws
        -> (total: Int, more: Bool, records: [StoredCatalogueRecord], plan: CatalogueSearchPlan)
    {
        guard !query.isEmpty else {
            let list = try await catalogueList(filter, limit: limit, offset: offset)
            return (list.total, false, list.records, .scan)
        }
        // Beyond the cap, exact counts.
        let cap = cap.flatMap { offset + max(limit, 0) <= $0 ? $0 : nil }
        let plan = forced ?? (query.phrases.isEmpty ? .scan : .index)
        var condition = Self.condition(filter)
        let words = plan == .like ? query.words : query.scanned
        let isSQLite = sql.dialect.name == "sqlite"
        for word in words {
            condition += isSQLite ? " AND instr(c.plain, \(bind: word)) > 0" : " AND strpos(c.plain, \(bind: word)) > 0"
        }
        let page = " LIMIT \(max(limit, 0)) OFFSET \(max(offset, 0))"
        switch (plan, isSQLite) {
        case (.index, true) where query.scanned.isEmpty:
            // From the index alone: the hits in the title or 文号 first, then the others, newest first in each.
            let words = query.phrases.map { "\"" + $0.joined(separator: " ") + "\"" }.joined(separator: " AND ")
            let tags = CatalogueIndex.tagQuery(filter)
            let all = ([ "(" + words + ")" ] + tags).joined(separator: " AND ")
            let heading = "{title docno}: (" + words + ")"
            let headed = ([heading] + tags).joined(separator: " AND ")
            let sql = self.sql
            @Sendable func count(_ match: String) async throws -> Int {
                try await Self.count("FROM catalogue_fts WHERE catalogue_fts MATCH \(bind: match)", upTo: cap, on: sql)
            }
            @Sendable func page(_ match: String, _ limit: Int, _ offset: Int, _: Int?) async throws -> [Int] {
                try await sql.raw("""
                    SELECT rowid AS n FROM catalogue_fts WHERE catalogue_fts MATCH \(bind: match) \
                    ORDER BY rowid DESC LIMIT \(literal: limit) OFFSET \(literal: offset)
                    """).all().map { try $0.decode(column: "n", as: Int.self) }
            }
            let (total, records) = try await tiered(all: all, headed: headed, rest: "(" + all + ") NOT " + heading, limit: limit,
                                                    offset: offset, count: count, page: page)
            return Self.capped(total, cap, records, plan)
        case (.index, true):
            // Words that the index cannot decide alone (one character beside others, punctuation): the rows it finds,
            // checked; newest first.
            let words = query.phrases.map { "\"" + $0.joined(separator: " ") + "\"" }.joined(separator: " AND ")
            let match = ([ "(" + words + ")" ] + CatalogueIndex.tagQuery(filter)).joined(separator: " AND ")
            let from: SQLQueryString = "FROM catalogue_fts f JOIN catalogue_current c ON c.record_no = f.rowid WHERE catalogue_fts MATCH \(bind: match) AND "
            let total = try await Self.count(from + condition, upTo: cap, on: sql)
            let fromRecords: SQLQueryString = "FROM catalogue_fts f JOIN catalogue_current c ON c.record_no = f.rowid JOIN catalogue_records r ON r.no = c.no WHERE catalogue_fts MATCH \(bind: match) AND "
            let rows = try await sql.raw("SELECT r.* " + fromRecords + condition + " ORDER BY f.rowid DESC\(unsafeRaw: page)").all()
            return Self.capped(total, cap, try rows.map(Self.storedRecord), plan)
        case (.index, false):
            // The GIN index answers the words and the filter together (filter lexemes in the vector; a word of one
            // piece needs no recheck). Hits whose every piece is in the title or 文号 first, then the others, newest
            // first in each, as on SQLite. Words the index cannot decide alone are checked on the rows it finds.
            func phrase(_ pieces: [String]) -> String { "(" + pieces.map { "'\($0)'" }.joined(separator: " <-> ") + ")" }
            let tags = CatalogueIndex.tagTerms(filter)
            let all = (query.phrases.map(phrase) + tags).joined(separator: " & ")
            let heading = Array(Set(query.phrases.joined())).sorted().map { "'^\($0)'" }.joined(separator: " & ")
            let headed = all + " & " + heading
            // Words the index cannot decide alone are checked on the current rows' text.
            var joined: SQLQueryString = "FROM catalogue_search s"
            var checks: SQLQueryString = ""
            if !query.scanned.isEmpty {
                joined += " JOIN catalogue_current c ON c.record_no = s.record_no"
                for word in query.scanned { checks += " AND strpos(c.plain, \(bind: word)) > 0" }
            }
            let (from, checked, sql) = (joined, checks, self.sql)
            @Sendable func count(_ match: String) async throws -> Int {
                try await Self.count(from + " WHERE s.doc @@ \(bind: match)::tsquery" + checked, upTo: cap, on: sql)
            }
            // A word of several pieces is a phrase whose positions are checked on every row: both counts in one pass
            // over the hits then (47.6 against 58.1 ms for four characters). A word of one piece is counted from the
            // index alone, twice at once (one pass would read every row: 17.7 against 11.9 ms for two).
            @Sendable func counts(_ all: String, _ headed: String) async throws -> (Int, Int) {
                let row = try await sql.raw("SELECT COUNT(*) AS n, COUNT(*) FILTER (WHERE s.doc @@ \(bind: headed)::tsquery) AS h "
                    + from + " WHERE s.doc @@ \(bind: all)::tsquery" + checked).first()
                return (try row?.decode(column: "n", as: Int.self) ?? 0, try row?.decode(column: "h", as: Int.self) ?? 0)
            }
            // The planner cannot tell how many rows a phrase matches (it guesses one or five): for a common one it reads
            // every hit and sorts them (22 ms for the 2,400 of 家庭医生 in 100,000 records) where going down the records,
            // newest first, testing each, finds a page in a few hundred rows (1 ms). With the tier's count known, the
            // page is read that way when it would test fewer rows than `orderedRows`.
            let store = self
            // The table's rows, once for the search (words checked on the text are never read that way).
            let rows = query.scanned.isEmpty ? try await searchRows() : nil
            @Sendable func page(_ match: String, _ limit: Int, _ offset: Int, _ hits: Int?) async throws -> [Int] {
                let text: SQLQueryString = "SELECT s.record_no AS n " + from + " WHERE s.doc @@ \(bind: match)::tsquery" + checked
                    + " ORDER BY s.record_no DESC LIMIT \(literal: limit) OFFSET \(literal: offset)"
                var ordered = false
                if let rows, let hits, hits > 0 { ordered = (offset + limit) * rows / hits <= Self.orderedRows }
                let found = ordered ? try await store.newestFirst(text) : try await sql.raw(text).all()
                return try found.map { try $0.decode(column: "n", as: Int.self) }
            }
            // Counted up to the cap, each count stops at it (the two at once would read every hit).
            let (total, records) = try await tiered(all: all, headed: headed, rest: all + " & !(" + heading + ")", limit: limit,
                                                    offset: offset, count: count,
                                                    together: cap == nil && query.phrases.contains { $0.count > 1 } ? counts : nil,
                                                    countsFirst: cap != nil, page: page)
            return Self.capped(total, cap, records, plan)
        default:
            // One-character words only, or the LIKE baseline: the words are in `condition`.
            let total = try await Self.count("FROM catalogue_current c WHERE " + condition, upTo: cap, on: sql)
            let rows = try await sql.raw("SELECT r.* FROM catalogue_current c JOIN catalogue_records r ON r.no = c.no WHERE " + condition
                + " ORDER BY c.published_day DESC, c.record_no DESC\(unsafeRaw: page)").all()
            return Self.capped(total, cap, try rows.map(Self.storedRecord), plan)
        }
    }

    /// The number of rows of `hits` (a `FROM … WHERE …`), or with `cap`, of at most `cap + 1` of them (more than
    /// `cap`: there are more).
    private static func count(_ hits: SQLQueryString, upTo cap: Int?, on sql: any SQLDatabase) async throws -> Int {
        let query: SQLQueryString = if let cap { "SELECT COUNT(*) AS n FROM (SELECT 1 " + hits + " LIMIT \(literal: cap + 1)) t" }
            else { "SELECT COUNT(*) AS n " + hits }
        return try await sql.raw(query).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// A search's answer with its count made by ``count(_:upTo:on:)``: at most `cap`, and whether there are more.
    private static func capped(_ total: Int, _ cap: Int?, _ records: [StoredCatalogueRecord], _ plan: CatalogueSearchPlan)
        -> (total: Int, more: Bool, records: [StoredCatalogueRecord], plan: CatalogueSearchPlan)
    {
        guard let cap, total > cap else { return (total, false, records, plan) }
        return (cap, true, records, plan)
    }

    /// Rows tested at most when a page is read newest first (see the PostgreSQL search).
    static let orderedRows = 4000

    /// The rows of PostgreSQL's search table as its statistics last counted them (nil before they have).
    func searchRows() async throws -> Int? {
        let rows = try await sql.raw("SELECT reltuples::bigint AS n FROM pg_class WHERE relname = 'catalogue_search'").first()?
            .decode(column: "n", as: Int.self)
        return rows.flatMap { $0 > 0 ? $0 : nil }
    }

    /// Runs a page's query on PostgreSQL going down the record numbers (newest first), testing each row, instead of
    /// collecting every hit from the index and sorting them.
    func newestFirst(_ query: SQLQueryString) async throws -> [any SQLRow] {
        try await database.transaction { db in
            let sql = db as! any SQLDatabase
            try await sql.raw("SET LOCAL enable_bitmapscan = off").run()
            try await sql.raw("SET LOCAL enable_seqscan = off").run()
            return try await sql.raw(query).all()
        }
    }

    /// A page of hits in two tiers: those matching `headed` (every word in the title or 文号) first, then `rest`, newest
    /// first in each; `count` and `page` run a match on the database's index (record numbers, newest first; `page`
    /// is told the tier's count when it is known), and `together`, when given, counts `all` and `headed` in one query.
    /// The counts and, for the first page, the heading tier's page run at once (one after another they were most of a
    /// search's time on PostgreSQL), unless `countsFirst` (capped counts are quick, and the page is read better
    /// knowing them).
    private func tiered(all: String, headed: String, rest: String, limit: Int, offset: Int,
                        count: @escaping @Sendable (String) async throws -> Int,
                        together: (@Sendable (String, String) async throws -> (Int, Int))? = nil, countsFirst: Bool = false,
                        page: @escaping @Sendable (String, Int, Int, Int?) async throws -> [Int]) async throws
        -> (total: Int, records: [StoredCatalogueRecord])
    {
        let (limit, offset) = (max(limit, 0), max(offset, 0))
        @Sendable func counts() async throws -> (Int, Int) {
            if let together { return try await together(all, headed) }
            async let total = count(all)
            async let inHeading = count(headed)
            return try await (total, inHeading)
        }
        let (total, inHeading): (Int, Int)
        var first: [Int]?
        if countsFirst || offset > 0 {
            (total, inHeading) = try await counts()
        } else {
            async let both = counts()
            async let firstPage = page(headed, limit, 0, nil)
            ((total, inHeading), first) = try await (both, firstPage)
        }
        var ids: [Int] = []
        if offset < inHeading {
            if let first { ids = first } else { ids = try await page(headed, limit, offset, inHeading) }
        }
        if ids.count < limit, offset + ids.count < total {
            ids += try await page(rest, limit - ids.count, max(0, offset - inHeading), total - inHeading)
        }
        guard !ids.isEmpty else { return (total, []) }
        let rows = try await sql.raw("""
            SELECT r.* FROM catalogue_current c JOIN catalogue_records r ON r.no = c.no WHERE c.record_no IN (\(binds: ids))
            """).all()
        let byRecord = Dictionary(try rows.map { row in let s = try Self.storedRecord(row); return (s.recordNo, s) }) { a, _ in a }
        return (total, ids.compactMap { byRecord[$0] })
    }
}
