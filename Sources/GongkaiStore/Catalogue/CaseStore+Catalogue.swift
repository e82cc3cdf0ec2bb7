import FluentKit
import Foundation
import GongkaiCore
import SQLKit

/// A published version of a catalogue record, as stored.
public struct StoredCatalogueRecord: Sendable, Hashable {
    /// The version's row.
    public var no: Int
    /// The record's identity (the row of its first version).
    public var recordNo: Int
    /// 1, 2, …: a published record changes only by a new version.
    public var version: Int
    /// The record as published in this version: its 索引号 and 发布日期 are set.
    public var record: CatalogueRecord
    public var recordedAt: String
    public var recordedBy: String?
    /// The draft it was published from (nil: imported).
    public var draftNo: Int?

    public var indexNumber: String { record.indexNumber ?? "" }
}

/// Which current records a list or a search covers; nil fields do not filter.
public struct CatalogueFilter: Sendable, Hashable {
    public var agency: Int?
    public var kind: CatalogueKind?
    /// The year the information was formed (生成日期).
    public var year: Int?
    public var validity: Validity?
    public var article20: Int?
    /// Only 主动公开 records (the public portal); false for staff lists.
    public var publicOnly: Bool

    public init(agency: Int? = nil, kind: CatalogueKind? = nil, year: Int? = nil, validity: Validity? = nil, article20: Int? = nil,
                publicOnly: Bool = true)
    {
        self.agency = agency
        self.kind = kind
        self.year = year
        self.validity = validity
        self.article20 = article20
        self.publicOnly = publicOnly
    }
}

extension CaseStore {
    // MARK: - Publishing

    /// Imports an agency's catalogue, all or nothing: `records` were published elsewhere and are published as they
    /// were (each keeps its 索引号 when it has one; one without gets the next number of `rule` for the year it was
    /// published); `drafts` were not published yet and become drafts. Refused, with nothing written, when a 索引号 is
    /// already used in the agency, or when an attachment's content is neither in `files` nor stored already.
    public func importCatalogue(_ records: [CatalogueRecord], drafts: [CatalogueRecord] = [], files: [[UInt8]] = [], agency: Int,
                                rule: IndexNumber.Rule?, by actor: String, audit note: AuditNote?) async throws -> (published: [StoredCatalogueRecord], drafts: [Int])
    {
        let given = records.compactMap(\.indexNumber).map(IndexNumber.comparable)
        var taken: Set<String> = []
        for chunk in given.chunks(of: 500) {
            let rows = try await sql.select().column("index_key").from("catalogue_current").where("agency_id", .equal, agency)
                .where("index_key", .in, Array(chunk)).all()
            for row in rows { taken.insert(try row.decode(column: "index_key", as: String.self)) }
        }
        if !taken.isEmpty {
            let numbers = records.compactMap(\.indexNumber).filter { taken.contains(IndexNumber.comparable($0)) }
            throw StoreError.conflict("\(numbers.count) 个索引号已在目录中（\(numbers.prefix(3).joined(separator: "、"))\(numbers.count > 3 ? "等" : "")），未导入任何记录")
        }
        if rule == nil, records.contains(where: { $0.indexNumber == nil }) {
            throw StoreError("有记录没有索引号，而本机关还没有索引号规则（请先填写统一社会信用代码）", kind: .invalid)
        }
        let result = try await database.transaction { db in
            let sql = db as! any SQLDatabase
            try await CatalogueFiles.save(files, for: records + drafts, on: sql)
            var stored: [StoredCatalogueRecord] = []
            for record in records {
                stored.append(try await Self.publish(record, agency: agency, rule: rule, recordNo: nil, draftNo: nil, by: actor, on: sql))
            }
            var numbers: [Int] = []
            for draft in drafts { numbers.append(try await Self.insertDraft(draft, recordNo: nil, agency: agency, by: actor, on: sql)) }
            if let note { try await Self.audit(note, on: sql) }
            return (stored, numbers)
        }
        // PostgreSQL's statistics of the search index's table brought up to date after a batch (as autovacuum would
        // later): a search chooses how to read a page from the number of rows (see ``searchCatalogue``).
        if sql.dialect.name == "postgresql", !records.isEmpty { try await sql.raw("ANALYZE catalogue_search").run() }
        return result
    }

    /// Publishes one version inside the caller's transaction: a new record (`recordNo` nil; its 索引号 allocated
    /// from `rule` unless it has one) or a new version of `recordNo` (same 索引号). Writes the version row, the
    /// record's current row and its search index.
    static func publish(_ given: CatalogueRecord, agency: Int, rule: IndexNumber.Rule?, recordNo: Int?, draftNo: Int?, by actor: String,
                        on sql: any SQLDatabase) async throws -> StoredCatalogueRecord
    {
        guard let published = given.publishedOn else { throw StoreError("记录「\(given.title)」没有发布日期", kind: .invalid) }
        // Publishing transactions take their counters (the year's serial, the row number) in different orders; on
        // PostgreSQL they first queue on one lock so that they cannot deadlock (SQLite runs one writer at a time).
        if sql.dialect.name == "postgresql" {
            try await sql.raw("INSERT INTO counters (name, value) VALUES ('catalogue-rows', 0) ON CONFLICT (name) DO NOTHING").run()
            _ = try await sql.raw("SELECT value FROM counters WHERE name = 'catalogue-rows' FOR UPDATE").first()
        }
        var record = given
        var version = 1
        if let recordNo {
            guard let current = try await sql.raw("""
                SELECT r.index_number AS n, r.version AS v FROM catalogue_current c JOIN catalogue_records r ON r.no = c.no
                WHERE c.record_no = \(bind: recordNo) AND c.agency_id = \(bind: agency)
                """).first() else { throw StoreError.notFound("目录中没有这条记录（\(recordNo)）") }
            record.indexNumber = try current.decode(column: "n", as: String.self)
            version = try current.decode(column: "v", as: Int.self) + 1
        } else if record.indexNumber == nil {
            guard let rule else { throw StoreError("本机关还没有索引号规则（请先填写统一社会信用代码）", kind: .invalid) }
            let year = published.year
            let serial = try await nextNumber("catalogue-\(agency)-\(year)", on: sql) {
                try await sql.raw("""
                    SELECT COALESCE(MAX(index_serial), 0) AS n FROM catalogue_records
                    WHERE agency_id = \(bind: agency) AND index_prefix = \(bind: rule.prefix) AND index_year = \(bind: year)
                    """).first()?.decode(column: "n", as: Int.self) ?? 0
            }
            record.indexNumber = rule.number(year: year, serial: serial)
        }
        let indexNumber = record.indexNumber!
        let key = IndexNumber.comparable(indexNumber)
        var prefix: String?, year: Int?, serial: Int?
        if case let .standard(p, y, s) = IndexNumber.check(indexNumber) { (prefix, year, serial) = (p, y, s) }
        let no = try await nextNumber("catalogue-rows", on: sql) {
            try await sql.raw("SELECT COALESCE(MAX(no), 0) AS n FROM catalogue_records").first()?.decode(column: "n", as: Int.self) ?? 0
        }
        let identity = recordNo ?? no
        let now = Self.now()
        let values: [any Encodable & Sendable] = [
            no, agency, identity, version, indexNumber, key, prefix, year, serial, record.title, record.summary,
            record.formedOn.dayNumber, published.dayNumber, record.issuer, record.documentNumber, record.kind.rawValue,
            record.article20, record.validity?.rawValue, record.validityChangedOn?.dayNumber, record.disclosure.rawValue,
            record.interprets, record.text, draftNo, now, actor, record.replacedBy, CatalogueFiles.column(record.attachments),
        ]
        try await sql.insert(into: "catalogue_records").columns(
            "no", "agency_id", "record_no", "version", "index_number", "index_key", "index_prefix", "index_year", "index_serial",
            "title", "summary", "formed_day", "published_day", "issuer", "document_number", "kind", "article20", "validity",
            "validity_changed_day", "disclosure", "interprets", "body", "draft_no", "recorded_at", "recorded_by", "replaced_by", "attachments"
        ).values(values).run()
        try await indexCurrent(record, no: no, recordNo: identity, agency: agency, key: key, replacing: recordNo != nil, on: sql)
        return StoredCatalogueRecord(no: no, recordNo: identity, version: version, record: record, recordedAt: now, recordedBy: actor,
                                     draftNo: draftNo)
    }

    /// Makes `no` the current version of record `recordNo`, with its search index.
    static func indexCurrent(_ record: CatalogueRecord, no: Int, recordNo: Int, agency: Int, key: String, replacing: Bool,
                             on sql: any SQLDatabase) async throws
    {
        let plain = CatalogueIndex.plain(record)
        if replacing {
            try await sql.delete(from: "catalogue_current").where("record_no", .equal, recordNo).run()
            switch sql.dialect.name {
            case "sqlite": try await sql.raw("DELETE FROM catalogue_fts WHERE rowid = \(bind: recordNo)").run()
            case "postgresql": try await sql.raw("DELETE FROM catalogue_search WHERE record_no = \(bind: recordNo)").run()
            default: break
            }
        }
        let values: [any Encodable & Sendable] = [
            recordNo, agency, no, key, record.kind.rawValue, record.formedOn.year, record.publishedOn!.dayNumber, record.article20,
            record.validity?.rawValue, record.disclosure.rawValue, plain, record.interprets.map(IndexNumber.comparable),
            record.replacedBy.map(IndexNumber.comparable),
        ]
        try await sql.insert(into: "catalogue_current").columns(
            "record_no", "agency_id", "no", "index_key", "kind", "formed_year", "published_day", "article20", "validity", "disclosure", "plain",
            "interprets_key", "replaced_by_key"
        ).values(values).run()
        switch sql.dialect.name {
        case "sqlite":
            try await CatalogueIndex.insertFTS(record, recordNo: recordNo, agency: agency, on: sql)
        case "postgresql":
            try await CatalogueIndex.insertVector(record, recordNo: recordNo, agency: agency, on: sql)
        default:
            break
        }
    }

    // MARK: - Reading

    /// Every version of the record with this 索引号 in the agency, newest first (empty: none).
    public func catalogueVersions(indexNumber: String, agency: Int) async throws -> [StoredCatalogueRecord] {
        let rows = try await sql.select().column("*").from("catalogue_records").where("agency_id", .equal, agency)
            .where("index_key", .equal, IndexNumber.comparable(indexNumber)).orderBy("version", .descending).all()
        return try rows.map(Self.storedRecord)
    }

    /// The current version of a record.
    public func catalogueRecord(recordNo: Int, agency: Int) async throws -> StoredCatalogueRecord? {
        try await sql.raw("""
            SELECT r.* FROM catalogue_current c JOIN catalogue_records r ON r.no = c.no
            WHERE c.record_no = \(bind: recordNo) AND c.agency_id = \(bind: agency)
            """).first().map(Self.storedRecord)
    }

    /// Current records under a filter, newest published first, and how many there are in all.
    public func catalogueList(_ filter: CatalogueFilter, limit: Int = 20, offset: Int = 0) async throws
        -> (total: Int, records: [StoredCatalogueRecord])
    {
        let condition = Self.condition(filter)
        let total = try await sql.raw("SELECT COUNT(*) AS n FROM catalogue_current c WHERE " + condition).first()?
            .decode(column: "n", as: Int.self) ?? 0
        let rows = try await sql.raw("""
            SELECT r.* FROM catalogue_current c JOIN catalogue_records r ON r.no = c.no WHERE \(condition) \
            ORDER BY c.published_day DESC, c.record_no DESC LIMIT \(literal: limit) OFFSET \(literal: offset)
            """).all()
        return (total, try rows.map(Self.storedRecord))
    }

    /// The current version of every record of an agency, in the order published (for counting and export).
    public func catalogueRecords(agency: Int) async throws -> [StoredCatalogueRecord] {
        let rows = try await sql.raw("""
            SELECT r.* FROM catalogue_current c JOIN catalogue_records r ON r.no = c.no
            WHERE c.agency_id = \(bind: agency) ORDER BY c.record_no
            """).all()
        return try rows.map(Self.storedRecord)
    }

    /// The current records that point at `indexNumber`: its 政策解读 (`interprets`) and the documents it replaced
    /// (`replacedBy`), newest first.
    public func catalogueLinks(to indexNumber: String, agency: Int, publicOnly: Bool = true) async throws
        -> (interpretations: [StoredCatalogueRecord], replaced: [StoredCatalogueRecord])
    {
        let key = IndexNumber.comparable(indexNumber)
        var condition = Self.condition(CatalogueFilter(agency: agency, publicOnly: publicOnly))
        condition += " AND (c.interprets_key = \(bind: key) OR c.replaced_by_key = \(bind: key))"
        let rows = try await sql.raw("""
            SELECT r.*, c.interprets_key AS linked_interprets FROM catalogue_current c JOIN catalogue_records r ON r.no = c.no \
            WHERE \(condition) ORDER BY c.published_day DESC, c.record_no DESC LIMIT 500
            """).all()
        var interpretations: [StoredCatalogueRecord] = [], replaced: [StoredCatalogueRecord] = []
        for row in rows {
            let stored = try Self.storedRecord(row)
            if try row.decode(column: "linked_interprets", as: String?.self) == key { interpretations.append(stored) } else { replaced.append(stored) }
        }
        return (interpretations, replaced)
    }

    /// How many current 主动公开 records each 条例 Art. 20 item has in an agency (items without records are absent).
    public func catalogueItemCounts(agency: Int) async throws -> [Int: Int] {
        let rows = try await sql.raw("""
            SELECT c.article20 AS item, COUNT(*) AS n FROM catalogue_current c
            WHERE c.agency_id = \(bind: agency) AND c.disclosure = 'proactive' AND c.article20 IS NOT NULL GROUP BY c.article20
            """).all()
        var counts: [Int: Int] = [:]
        for row in rows { counts[try row.decode(column: "item", as: Int.self)] = try row.decode(column: "n", as: Int.self) }
        return counts
    }

    /// The number of current records (of one agency, or all).
    public func catalogueCount(agency: Int? = nil) async throws -> Int {
        let filter = CatalogueFilter(agency: agency, publicOnly: false)
        return try await sql.raw("SELECT COUNT(*) AS n FROM catalogue_current c WHERE " + Self.condition(filter)).first()?
            .decode(column: "n", as: Int.self) ?? 0
    }

    /// A number that grows with every publication (of any agency's record), for caches of pages made from the
    /// catalogue: they stay good while it is the same. The newest version row, read from the primary key's index (a
    /// per-agency maximum scanned the agency's rows: 100,000 of them took the public pages' p99 to 690 ms).
    public func catalogueVersion() async throws -> Int {
        try await sql.raw("SELECT COALESCE(MAX(no), 0) AS n FROM catalogue_records").first()?.decode(column: "n", as: Int.self) ?? 0
    }

    static func condition(_ filter: CatalogueFilter) -> SQLQueryString {
        var condition: SQLQueryString = "1 = 1"
        if let agency = filter.agency { condition += " AND c.agency_id = \(bind: agency)" }
        if let kind = filter.kind { condition += " AND c.kind = \(bind: kind.rawValue)" }
        if let year = filter.year { condition += " AND c.formed_year = \(bind: year)" }
        if let validity = filter.validity { condition += " AND c.validity = \(bind: validity.rawValue)" }
        if let item = filter.article20 { condition += " AND c.article20 = \(bind: item)" }
        if filter.publicOnly { condition += " AND c.disclosure = 'proactive'" }
        return condition
    }

    static func storedRecord(_ row: any SQLRow) throws -> StoredCatalogueRecord {
        func field<T: Decodable>(_ name: String, _ type: T.Type = T.self) throws -> T { try row.decode(column: name, as: T.self) }
        let index: String = try field("index_number")
        guard let kind = CatalogueKind(rawValue: try field("kind")),
              let disclosure = Disclosure(rawValue: try field("disclosure"))
        else { throw StoreError("库中目录记录 \(index) 的类别或公开属性无法识别", kind: .corrupt) }
        let validity = try field("validity", String?.self).map { value in
            guard let validity = Validity(rawValue: value) else { throw StoreError("库中目录记录 \(index) 的有效性无法识别", kind: .corrupt) }
            return validity
        }
        let record = CatalogueRecord(
            indexNumber: index, title: try field("title"), summary: try field("summary"),
            formedOn: CivilDate(dayNumber: try field("formed_day")), publishedOn: CivilDate(dayNumber: try field("published_day")),
            issuer: try field("issuer"), documentNumber: try field("document_number"), kind: kind, article20: try field("article20"),
            validity: validity, validityChangedOn: try field("validity_changed_day", Int?.self).map(CivilDate.init(dayNumber:)),
            disclosure: disclosure, interprets: try field("interprets"), text: try field("body"), replacedBy: try field("replaced_by"),
            attachments: try CatalogueFiles.attachments(try field("attachments", String?.self), of: index))
        return StoredCatalogueRecord(no: try field("no"), recordNo: try field("record_no"), version: try field("version"), record: record,
                                     recordedAt: try field("recorded_at"), recordedBy: try field("recorded_by"), draftNo: try field("draft_no"))
    }
}

/// What the search indexes hold for a record.
enum CatalogueIndex {
    /// The normalised text a one-character query scans: title, summary, 文号 and text, one per line.
    static func plain(_ record: CatalogueRecord) -> String {
        SearchText.normalized([record.title, record.summary, record.documentNumber ?? "", record.text ?? ""].joined(separator: "\n"))
    }

    /// The filter words of a record in the FTS5 table's `tags` column (`agency3 public kindnotice year2024 item13
    /// validityinforce`), so that SQLite answers a search with filters from the index alone: counting the hits and
    /// taking a page of them never reads the table.
    static func tags(_ record: CatalogueRecord, agency: Int) -> String {
        var tags = ["agency\(agency)", "kind\(record.kind.rawValue.lowercased())", "year\(record.formedOn.year)"]
        if record.disclosure == .proactive { tags.append("public") }
        if let item = record.article20 { tags.append("item\(item)") }
        if let validity = record.validity { tags.append("validity\(validity.rawValue.lowercased())") }
        return tags.joined(separator: " ")
    }

    /// The same words as an FTS5 condition for a filter (empty when it filters nothing).
    static func tagQuery(_ filter: CatalogueFilter) -> [String] {
        var terms: [String] = []
        if let agency = filter.agency { terms.append("tags:agency\(agency)") }
        if let kind = filter.kind { terms.append("tags:kind\(kind.rawValue.lowercased())") }
        if let year = filter.year { terms.append("tags:year\(year)") }
        if let item = filter.article20 { terms.append("tags:item\(item)") }
        if let validity = filter.validity { terms.append("tags:validity\(validity.rawValue.lowercased())") }
        if filter.publicOnly { terms.append("tags:public") }
        return terms
    }

    static func insertFTS(_ record: CatalogueRecord, recordNo: Int, agency: Int, on sql: any SQLDatabase) async throws {
        try await sql.raw("""
            INSERT INTO catalogue_fts (rowid, title, summary, docno, body, tags) VALUES (\(bind: recordNo), \
            \(bind: SearchText.indexed(record.title)), \(bind: SearchText.indexed(record.summary)), \
            \(bind: SearchText.indexed(record.documentNumber ?? "")), \(bind: SearchText.indexed(record.text ?? "")), \
            \(bind: tags(record, agency: agency)))
            """).run()
    }

    /// PostgreSQL's `tsvector` of a record, written out (`'疫苗':1A,9A '苗接':2A …`) rather than parsed by
    /// `to_tsvector`, whose parser depends on the server's locale: the same tokens as SQLite's index, each with its
    /// positions and the weight of its field (title A, 文号 B, summary C, text D). Fields are apart by a gap of 2, so a
    /// phrase never spans two. PostgreSQL keeps positions up to 16383: text beyond ~16,000 pieces is found by words
    /// near it at most.
    ///
    /// Two kinds of lexemes without positions come after, so that the GIN index answers a filtered search without
    /// reading the rows' vectors again (no recheck: measured by `gongkai bench search`): the filter words of ``tags(_:agency:)``
    /// as `#agency3`, `#public` …, and each token of the title and 文号 again as `^疫苗`, for the heading tier of the
    /// ranking. Neither `#` nor `^` occurs in a token.
    static func vector(_ record: CatalogueRecord, agency: Int) -> String {
        var positions: [String: [String]] = [:]
        var order: [String] = []
        var position = 1
        var heading: [String] = []
        for (text, weight) in [(record.title, "A"), (record.documentNumber ?? "", "B"), (record.summary, "C"), (record.text ?? "", "D")] {
            for token in SearchText.tokens(text) {
                let lexeme = String(token.prefix(200))
                if positions[lexeme] == nil { order.append(lexeme) }
                if weight <= "B", token != SearchText.boundary, !heading.contains(lexeme) { heading.append(lexeme) }
                if position <= 16383, positions[lexeme, default: []].count < 256 {
                    positions[lexeme, default: []].append("\(position)\(weight)")
                } else if positions[lexeme] == nil {
                    positions[lexeme] = []
                }
                position += 1
            }
            position += 2
        }
        func quoted(_ lexeme: String) -> String { "'" + lexeme.replacingOccurrences(of: "'", with: "''") + "'" }
        let words = order.map { lexeme in
            let list = positions[lexeme]!
            return quoted(lexeme) + (list.isEmpty ? "" : ":" + list.joined(separator: ","))
        }
        let tags = tags(record, agency: agency).split(separator: " ").map { quoted("#" + $0) }
        return (words + tags + heading.map { quoted("^" + $0) }).joined(separator: " ")
    }

    static func insertVector(_ record: CatalogueRecord, recordNo: Int, agency: Int, on sql: any SQLDatabase) async throws {
        try await sql.raw("""
            INSERT INTO catalogue_search (record_no, agency_id, doc) VALUES (\(bind: recordNo), \(bind: agency), \
            \(bind: vector(record, agency: agency))::tsvector)
            """).run()
    }

    /// A filter as `tsquery` terms matching the lexemes of ``vector(_:agency:)``.
    static func tagTerms(_ filter: CatalogueFilter) -> [String] {
        tagQuery(filter).map { "'#" + $0.dropFirst("tags:".count) + "'" }
    }
}
