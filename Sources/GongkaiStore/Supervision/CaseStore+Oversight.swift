import FluentKit
import Foundation
import GongkaiCore
import SQLKit

/// A roster unit as stored: its number and the agency of this installation it is (nil: not on the platform).
public struct StoredRosterUnit: Sendable, Hashable {
    public let no: Int
    public let unit: RosterUnit
    /// The name as matched (``RosterUnit/key(_:)``), as stored.
    public let nameKey: String
}

/// A report a supervising office collected: the file, what the reader made of it, the unit it belongs to.
public struct CollectedReport: Sendable, Hashable {
    public let no: Int
    public let sha256: String
    public let fileName: String
    public let importedAt: String
    public let importedBy: String
    /// The agency as the report names it.
    public let agencyName: String?
    public let year: Int?
    /// The roster unit (nil: waiting to be assigned by hand).
    public let unitNo: Int?
    public let publishedOn: CivilDate?
    /// The report as REPORT-JSON.
    public let report: String

    public init(no: Int, sha256: String, fileName: String, importedAt: String, importedBy: String, agencyName: String?, year: Int?,
                unitNo: Int?, publishedOn: CivilDate?, report: String)
    {
        self.no = no
        self.sha256 = sha256
        self.fileName = fileName
        self.importedAt = importedAt
        self.importedBy = importedBy
        self.agencyName = agencyName
        self.year = year
        self.unitNo = unitNo
        self.publishedOn = publishedOn
        self.report = report
    }
}

/// One file to collect, read already.
public struct CollectedFile: Sendable {
    public let fileName: String
    public let bytes: [UInt8]
    public let sha256: String
    public let agencyName: String?
    public let year: Int?
    public let unitNo: Int?
    public let publishedOn: CivilDate?
    public let report: String

    public init(fileName: String, bytes: [UInt8], sha256: String, agencyName: String?, year: Int?, unitNo: Int?,
                publishedOn: CivilDate?, report: String)
    {
        self.fileName = fileName
        self.bytes = bytes
        self.sha256 = sha256
        self.agencyName = agencyName
        self.year = year
        self.unitNo = unitNo
        self.publishedOn = publishedOn
        self.report = report
    }
}

/// A finding of a collected report, with its stable key and, for 雷同, the report the text is shared with.
public struct StoredFinding: Sendable, Hashable {
    public let report: Int
    public let key: String
    public let finding: Finding
    public let reuse: TextReuse.Match?

    public init(report: Int, key: String, finding: Finding, reuse: TextReuse.Match? = nil) {
        self.report = report
        self.key = key
        self.finding = finding
        self.reuse = reuse
    }
}

/// How many findings of a code (and severity) a report has.
public struct FindingTally: Sendable, Hashable {
    public let code: FindingCode
    public let severity: Severity
    public var count: Int

    public init(code: FindingCode, severity: Severity, count: Int) {
        self.code = code
        self.severity = severity
        self.count = count
    }

    /// A report's tallies as stored: `CODE:severity:count` joined by `;` (empty for none).
    public static func encode(_ tallies: [FindingTally]) -> String {
        tallies.map { "\($0.code.rawValue):\($0.severity.rawValue):\($0.count)" }.joined(separator: ";")
    }

    /// What ``encode(_:)`` wrote; nil when it is not such a text.
    public static func decode(_ text: String) -> [FindingTally]? {
        // By bytes: splitting the String (by Characters, or even its UTF-8 view) cost 50–100 ms over a year's
        // 10,000 tallies, more than reading them.
        var text = text
        return text.withUTF8 { bytes -> [FindingTally]? in
            var result: [FindingTally] = []
            var start = 0
            var colons: [Int] = []
            for i in 0...bytes.count {
                let byte = i == bytes.count ? UInt8(ascii: ";") : bytes[i]
                if byte == UInt8(ascii: ":") {
                    colons.append(i)
                } else if byte == UInt8(ascii: ";"), i > start {
                    guard colons.count == 2, colons[1] + 1 < i else { return nil }
                    func text(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
                    guard let severity = Severity(rawValue: text((colons[0] + 1)..<colons[1])) else { return nil }
                    var count = 0
                    for k in (colons[1] + 1)..<i {
                        guard (48...57).contains(bytes[k]) else { return nil }
                        count = count * 10 + Int(bytes[k] - 48)
                    }
                    result.append(FindingTally(code: FindingCode(rawValue: text(start..<colons[0])), severity: severity, count: count))
                    start = i + 1
                    colons.removeAll(keepingCapacity: true)
                } else if byte == UInt8(ascii: ";") {
                    start = i + 1
                }
            }
            return result
        }
    }

    /// Findings counted by code and severity, in the order each pair first occurs; added to `tallies` when given.
    public static func count(_ findings: some Sequence<Finding>, adding tallies: [FindingTally] = []) -> [FindingTally] {
        var result = tallies
        for finding in findings {
            if let k = result.firstIndex(where: { $0.code == finding.code && $0.severity == finding.severity }) {
                result[k].count += 1
            } else {
                result.append(FindingTally(code: finding.code, severity: finding.severity, count: 1))
            }
        }
        return result
    }

    /// Stored findings counted by report, code and severity.
    public static func count(_ findings: [StoredFinding]) -> [Int: [FindingTally]] {
        Dictionary(grouping: findings, by: \.report).mapValues { count($0.map(\.finding)) }
    }
}

/// A current report's figures, as stored for the year's tables, trends and rankings.
public struct StoredFigures: Sendable, Hashable {
    public let report: Int
    public let unitNo: Int?
    public let year: Int
    public let format: ReportFormat
    public let publishedOn: CivilDate?
    /// Published after the roster's deadline (nil: undated, or no deadline).
    public let late: Bool?
    /// How many of its sections were found copied (TEXT-REUSED).
    public let reused: Int
    public let figures: ReportFigures
    /// Its cells (``ReportCell/encode(_:)``); empty when not read.
    public let cells: String

    public init(report: Int, unitNo: Int?, year: Int, format: ReportFormat, publishedOn: CivilDate?, late: Bool?, reused: Int,
                figures: ReportFigures, cells: String)
    {
        self.report = report
        self.unitNo = unitNo
        self.year = year
        self.format = format
        self.publishedOn = publishedOn
        self.late = late
        self.reused = reused
        self.figures = figures
        self.cells = cells
    }
}

/// A year's figures added up over the roster units' reports.
public struct FigureTotals: Sendable, Hashable {
    public let reports: Int
    public let late: Int
    public let undated: Int
    /// Reports with a section found copied.
    public let reused: Int
    /// Each figure's sum over the reports that give it (nil: none gives it).
    public let sums: ReportFigures
    /// How many reports give each figure, in ``ReportFigures/columns`` order.
    public let given: [Int]
}

/// A person's status of a finding, as last recorded.
public struct FindingReview: Sendable, Hashable {
    public enum Status: String, Sendable, CaseIterable {
        case open, confirmed, dismissed

        public var displayName: String {
            switch self {
            case .open: "待核实"
            case .confirmed: "已确认"
            case .dismissed: "已排除"
            }
        }

        public init?(text: String) {
            if let s = Status(rawValue: text) { self = s; return }
            guard let s = Status.allCases.first(where: { $0.displayName == text }) else { return nil }
            self = s
        }
    }

    public let unitNo: Int
    public let year: Int
    public let key: String
    public let status: Status
    public let reviewer: String
    public let reason: String?
    public let at: String
}

extension CaseStore {
    // MARK: - Roster

    /// Adds the units not on the roster and updates those that are (by name), in one transaction with the audit
    /// line. Units of the roster missing from `units` stay (their reports stay theirs). Returns (added, updated).
    public func saveRoster(_ units: [RosterUnit], owner: Int, audit note: AuditNote) async throws
        -> (added: Int, updated: Int, assignedYears: Set<Int>)
    {
        try await database.transaction { db in
            let sql = db as! any SQLDatabase
            var existing: [String: Int] = [:]
            for row in try await sql.select().column("no").column("name_key").from("oversee_units").where("owner_id", .equal, owner).all() {
                existing[try row.decode(column: "name_key", as: String.self)] = try row.decode(column: "no", as: Int.self)
            }
            let now = Self.now()
            var added = 0, updated = 0
            for unit in units {
                let key = RosterUnit.key(unit.name)
                if let no = existing[key] {
                    try await sql.update("oversee_units").set("name", to: unit.name).set("credit_code", to: unit.creditCode)
                        .set("level", to: unit.level.rawValue).set("parent", to: unit.parent)
                        .set("local_deadline", to: unit.localDeadline?.description).set("imported_at", to: now)
                        .where("no", .equal, no).run()
                    updated += 1
                } else {
                    let no = try await Self.nextNumber("oversee_units", on: sql) {
                        try await sql.raw("SELECT COALESCE(MAX(no), 0) AS n FROM oversee_units").first()?.decode(column: "n", as: Int.self) ?? 0
                    }
                    try await sql.insert(into: "oversee_units")
                        .columns("no", "owner_id", "name", "name_key", "credit_code", "level", "parent", "local_deadline", "imported_at")
                        .values(no, owner, unit.name, key, unit.creditCode, unit.level.rawValue, unit.parent, unit.localDeadline?.description, now)
                        .run()
                    existing[key] = no
                    added += 1
                }
            }
            // Reports waiting for a unit of these names are theirs now.
            let waiting = try await sql.select().column("no").column("agency_name").column("year").from("oversee_reports")
                .where("owner_id", .equal, owner).where("unit_no", .is, SQLLiteral.null).all()
            var years: Set<Int> = []
            for row in waiting {
                guard let name = try row.decode(column: "agency_name", as: String?.self), let unit = existing[RosterUnit.key(name)] else { continue }
                try await sql.update("oversee_reports").set("unit_no", to: unit).where("no", .equal, try row.decode(column: "no", as: Int.self)).run()
                if let year = try row.decode(column: "year", as: Int?.self) { years.insert(year) }
            }
            try await Self.touchOversight(owner, on: sql)
            try await Self.audit(note, on: sql)
            return (added, updated, years)
        }
    }

    /// The roster of a supervising agency, by name.
    /// The roster by name; only the units numbered `only`, when given.
    public func roster(owner: Int, only: [Int]? = nil) async throws -> [StoredRosterUnit] {
        var query = sql.select().columns("no", "name", "name_key", "credit_code", "level", "parent", "local_deadline").from("oversee_units")
            .where("owner_id", .equal, owner)
        if let only { query = query.where("no", .in, only) }
        let rows = try await bulk(query.orderBy("name").query)
        return try rows.map { row in
            let level = try row.string("level")
            guard let parsed = AgencyLevel(rawValue: level) else { throw StoreError("库中名册单位的层级「\(level)」无法识别", kind: .corrupt) }
            return StoredRosterUnit(no: try row.int("no"), unit: RosterUnit(
                name: try row.string("name"), creditCode: try row.stringOrNil("credit_code"), level: parsed,
                parent: try row.stringOrNil("parent"), localDeadline: try row.stringOrNil("local_deadline").flatMap(MonthDay.init(text:))),
                nameKey: try row.string("name_key"))
        }
    }

    // MARK: - What changed

    /// Marks a change of an office's supervision data (in the writing transaction): its stamp moves — the reviews'
    /// part for a review of a finding, the data's for anything else.
    static func touchOversight(_ owner: Int, reviews: Bool = false, on sql: any SQLDatabase) async throws {
        try await sql.raw("""
            INSERT INTO counters (name, value) VALUES (\(bind: "oversee.\(reviews ? "reviews" : "changes").\(owner)"), 1)
            ON CONFLICT (name) DO UPDATE SET value = counters.value + 1
            """).run()
    }

    /// A stamp of what a supervising office's year is worked out from, in two parts: `data`, everything but the
    /// reviews (its roster, reports, findings and figures, the reports published on this installation and its
    /// agencies: their number and the counter every change of one moves), and `reviews`, the people's reviews of the
    /// findings. The same stamp, the same data: a view worked out under it may be used again (one that does not show
    /// reviews, under `data` alone).
    public struct OversightStamp: Sendable, Equatable {
        public let data: String
        public let reviews: Int
    }

    public func oversightStamp(owner: Int) async throws -> OversightStamp {
        let row = try await sql.raw("""
            SELECT (SELECT value FROM counters WHERE name = \(bind: "oversee.changes.\(owner)")) AS changes,
                   (SELECT value FROM counters WHERE name = \(bind: "oversee.reviews.\(owner)")) AS reviews,
                   (SELECT COUNT(*) FROM published_reports) AS published,
                   (SELECT COUNT(*) FROM agencies) + COALESCE((SELECT value FROM counters WHERE name = 'agencies'), 0) AS agencies
            """).first()
        let changes = try row?.decode(column: "changes", as: Int?.self) ?? 0
        let reviews = try row?.decode(column: "reviews", as: Int?.self) ?? 0
        let published = try row?.decode(column: "published", as: Int.self) ?? 0
        let agencies = try row?.decode(column: "agencies", as: Int.self) ?? 0
        return OversightStamp(data: "\(identity)|\(changes)|\(published)|\(agencies)", reviews: reviews)
    }

    // MARK: - Collected reports

    /// Stores the files not collected yet by this office (the same content twice is one report: its number is
    /// returned with `new == false`), each original kept by its SHA-256, with the audit line, in one transaction.
    public func collect(_ files: [CollectedFile], owner: Int, by actor: String, audit note: AuditNote) async throws
        -> [(no: Int, new: Bool)]
    {
        try await database.transaction { db in
            let sql = db as! any SQLDatabase
            var known: [String: Int] = [:]
            for chunk in Array(Set(files.map(\.sha256))).chunks(of: 500) {
                let rows = try await sql.select().column("no").column("sha256").from("oversee_reports").where("owner_id", .equal, owner)
                    .where("sha256", .in, Array(chunk)).all()
                for row in rows { known[try row.decode(column: "sha256", as: String.self)] = try row.decode(column: "no", as: Int.self) }
            }
            var stored: Set<String> = []
            for chunk in Array(Set(files.map(\.sha256))).chunks(of: 500) {
                let rows = try await sql.select().column("sha256").from("oversee_originals").where("sha256", .in, Array(chunk)).all()
                for row in rows { stored.insert(try row.decode(column: "sha256", as: String.self)) }
            }
            let now = Self.now()
            // The new files (the first of each content), numbered in one step and written a few dozen rows a
            // statement: a batch costs a handful of round trips, not five per file.
            var fresh: [CollectedFile] = []
            var seen = Set(known.keys)
            for file in files where seen.insert(file.sha256).inserted { fresh.append(file) }
            let originals = fresh.filter { !stored.contains($0.sha256) }
            for chunk in originals.chunks(of: 25) {
                var insert = sql.insert(into: "oversee_originals").columns("sha256", "size", "content", "stored_at")
                for file in chunk { insert = insert.values(file.sha256, file.bytes.count, Data(file.bytes), now) }
                try await insert.run()
            }
            if !fresh.isEmpty {
                let numbers = try await Self.nextNumbers("oversee_reports", count: fresh.count, on: sql) {
                    try await sql.raw("SELECT COALESCE(MAX(no), 0) AS n FROM oversee_reports").first()?.decode(column: "n", as: Int.self) ?? 0
                }
                for (file, no) in zip(fresh, numbers) { known[file.sha256] = no }
                for chunk in fresh.chunks(of: 25) {
                    var insert = sql.insert(into: "oversee_reports")
                        .columns("no", "owner_id", "sha256", "file_name", "imported_at", "imported_by", "agency_name", "year", "unit_no",
                                 "published_on", "report")
                    for file in chunk {
                        insert = insert.values(known[file.sha256]!, owner, file.sha256, file.fileName, now, actor, file.agencyName, file.year,
                                               file.unitNo, file.publishedOn?.description, file.report)
                    }
                    try await insert.run()
                }
            }
            let new = Set(fresh.map(\.sha256))
            var reported = Set<String>()
            let result: [(no: Int, new: Bool)] = files.map { file in
                (known[file.sha256]!, new.contains(file.sha256) && reported.insert(file.sha256).inserted)
            }
            try await Self.touchOversight(owner, on: sql)
            try await Self.audit(note, on: sql)
            return result
        }
    }

    /// The reports of the given years (and those with no year, when `undated`), oldest import first; without their
    /// content (`report` empty) unless `content`; only the unit's, when `unit` is given.
    ///
    /// `brief`: without the hash and who imported it when either (the year's overview over thousands of units).
    public func collectedReports(owner: Int, years: [Int], undated: Bool = false, content: Bool = true, unit: Int? = nil,
                                 brief: Bool = false) async throws -> [CollectedReport]
    {
        func column(_ name: String, _ wanted: Bool) -> any SQLExpression {
            wanted ? SQLColumn(name) : SQLAlias(SQLLiteral.string(""), as: SQLIdentifier(name))
        }
        var query = sql.select().columns("no", "file_name", "agency_name", "year", "unit_no", "published_on")
            .column(column("sha256", !brief)).column(column("imported_at", !brief)).column(column("imported_by", !brief))
            .column(column("report", content))
            .from("oversee_reports").where("owner_id", .equal, owner)
        query = query.where { group in
            group.where("year", .in, years)
            if undated { group.orWhere("year", .is, SQLLiteral.null) }
            return group
        }
        if let unit { query = query.where("unit_no", .equal, unit) }
        return try await bulk(query.orderBy("no").query).map(Self.collected)
    }

    /// The years of the reports an office collected.
    public func collectedYears(owner: Int) async throws -> Set<Int> {
        let rows = try await sql.select().distinct().column("year").from("oversee_reports").where("owner_id", .equal, owner)
            .where("year", .isNot, SQLLiteral.null).all()
        return Set(try rows.map { try $0.decode(column: "year", as: Int.self) })
    }

    /// The reports numbered `nos`, without their content.
    public func collectedReports(owner: Int, nos: [Int]) async throws -> [CollectedReport] {
        guard !nos.isEmpty else { return [] }
        return try await bulk(collectedColumns(content: false).from("oversee_reports").where("owner_id", .equal, owner)
            .where("no", .in, nos).orderBy("no").query).map(Self.collected)
    }

    /// The reports waiting for a unit (no roster unit has the name they give).
    public func unassignedReports(owner: Int) async throws -> [CollectedReport] {
        try await bulk(collectedColumns(content: true).from("oversee_reports").where("owner_id", .equal, owner)
            .where("unit_no", .is, SQLLiteral.null).orderBy("no").query).map(Self.collected)
    }

    public func collectedReport(no: Int, owner: Int) async throws -> CollectedReport? {
        try await bulk(collectedColumns(content: true).from("oversee_reports").where("owner_id", .equal, owner)
            .where("no", .equal, no).query).first.map(Self.collected)
    }

    /// A select of a collected report's columns (its content empty unless `content`).
    private func collectedColumns(content: Bool) -> SQLSelectBuilder {
        sql.select().columns("no", "sha256", "file_name", "imported_at", "imported_by", "agency_name", "year", "unit_no", "published_on")
            .column(content ? SQLColumn("report") : SQLAlias(SQLLiteral.string(""), as: SQLIdentifier("report")))
    }

    static func collected(_ row: BulkRow) throws -> CollectedReport {
        CollectedReport(
            no: try row.int("no"), sha256: try row.string("sha256"), fileName: try row.string("file_name"),
            importedAt: try row.string("imported_at"), importedBy: try row.string("imported_by"), agencyName: try row.stringOrNil("agency_name"),
            year: try row.intOrNil("year"), unitNo: try row.intOrNil("unit_no"),
            publishedOn: try row.stringOrNil("published_on").flatMap(CivilDate.init(iso:)), report: try row.string("report"))
    }

    /// Assigns a report to a roster unit by hand, with the audit line.
    public func assign(report no: Int, to unit: Int, owner: Int, audit note: AuditNote) async throws {
        try await database.transaction { db in
            let sql = db as! any SQLDatabase
            try await sql.update("oversee_reports").set("unit_no", to: unit).where("no", .equal, no).where("owner_id", .equal, owner).run()
            try await Self.touchOversight(owner, on: sql)
            try await Self.audit(note, on: sql)
        }
    }

    /// An original file by its SHA-256, checked against it.
    public func collectedOriginal(sha256 digest: String) async throws -> [UInt8]? {
        guard let row = try await sql.select().column("content").from("oversee_originals").where("sha256", .equal, digest).first()
        else { return nil }
        let data = try row.decode(column: "content", as: Data.self)
        guard CatalogueFiles.sha256(data) == digest else {
            throw StoreError("库中报告原件 \(digest.prefix(12))… 的内容与其 SHA-256 不符", kind: .corrupt)
        }
        return [UInt8](data)
    }

    // MARK: - A year's findings

    /// Replaces the findings of a year's reports (computed by the office after an import).
    public func replaceFindings(_ findings: [StoredFinding], figures: [StoredFigures] = [], year: Int, owner: Int) async throws {
        try await rewriteFindings(year: year, owner: owner) { rewrite in try await rewrite.insert(findings, figures: figures) }
    }

    /// Works out a year's findings and figures afresh in one transaction: they are deleted, then `body` reads the
    /// reports and writes the new ones page by page through the ``FindingsRewrite`` it is given (so that a year of
    /// 100,000 reports is never held in memory at once). Readers see the old year until the new one is complete.
    public func rewriteFindings(year: Int, owner: Int, _ body: @escaping @Sendable (FindingsRewrite) async throws -> Void) async throws {
        try await database.transaction { db in
            let sql = db as! any SQLDatabase
            try await Self.touchOversight(owner, on: sql)
            try await sql.delete(from: "oversee_figures").where("owner_id", .equal, owner).where("year", .equal, year).run()
            try await sql.delete(from: "oversee_findings").where("owner_id", .equal, owner).where("year", .equal, year).run()
            try await body(FindingsRewrite(store: self, db: db, year: year, owner: owner))
        }
    }

    /// The stored findings of a year; only those of the reports numbered `reports`, when given.
    public func storedFindings(year: Int, owner: Int, reports: [Int]? = nil) async throws -> [StoredFinding] {
        if let reports, reports.isEmpty { return [] }
        var query = sql.select().columns("report_no", "finding_key", "code", "severity", "message", "loc_table", "loc_row", "loc_column",
                                         "loc_section", "other_no", "share", "same_unit")
            .from("oversee_findings").where("owner_id", .equal, owner).where("year", .equal, year)
        if let reports { query = query.where("report_no", .in, reports) }
        return try await bulk(query.query).map { row in
            let report = try row.int("report_no")
            let severity = try row.string("severity")
            guard let level = Severity(rawValue: severity) else { throw StoreError("库中督查问题（报告 \(report)）的级别无法读取", kind: .corrupt) }
            var location = Location()
            location.table = try row.stringOrNil("loc_table").flatMap(TableID.init(rawValue:))
            location.row = try row.stringOrNil("loc_row")
            if let column = try row.stringOrNil("loc_column") {
                location.column = column.hasPrefix("i:") ? Int(column.dropFirst(2)).map(Location.Column.index) : .field(String(column.dropFirst(2)))
            }
            location.section = try row.intOrNil("loc_section")
            let finding = Finding(code: FindingCode(rawValue: try row.string("code")), severity: level, message: try row.string("message"),
                                  location: location)
            var reuse: TextReuse.Match?
            if let other = try row.intOrNil("other_no"), let share = try row.doubleOrNil("share") {
                reuse = TextReuse.Match(report: report, other: other, section: location.section ?? 0, share: share,
                                        sameUnit: try row.boolOrNil("same_unit") ?? false)
            }
            return StoredFinding(report: report, key: try row.string("finding_key"), finding: finding, reuse: reuse)
        }
    }

    /// The stored findings of a year counted by report, code and severity: what the year's overview needs, without
    /// the messages and places. Read from each report's stored tally; by grouping the findings when a row has none
    /// (written before tallies were kept).
    public func findingTallies(year: Int, owner: Int) async throws -> [Int: [FindingTally]] {
        let stored = try await bulk(sql.select().column("report_no").column("tally").from("oversee_figures")
            .where("owner_id", .equal, owner).where("year", .equal, year).query)
        var result: [Int: [FindingTally]] = [:]
        result.reserveCapacity(stored.count)
        for row in stored {
            guard let text = try row.stringOrNil("tally"), let tallies = FindingTally.decode(text) else { return try await groupedTallies(year: year, owner: owner) }
            result[try row.int("report_no")] = tallies
        }
        return result
    }

    /// The year's findings counted by grouping them.
    public func groupedTallies(year: Int, owner: Int) async throws -> [Int: [FindingTally]] {
        let rows = try await sql.select().column("report_no").column("code").column("severity")
            .column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n")))
            .from("oversee_findings").where("owner_id", .equal, owner).where("year", .equal, year)
            .groupBy("report_no").groupBy("code").groupBy("severity")
        var result: [Int: [FindingTally]] = [:]
        for row in try await bulk(rows.query) {
            let report = try row.int("report_no")
            let severity = try row.string("severity")
            guard let level = Severity(rawValue: severity) else { throw StoreError("库中督查问题（报告 \(report)）的级别无法读取", kind: .corrupt) }
            result[report, default: []].append(FindingTally(code: FindingCode(rawValue: try row.string("code")), severity: level,
                                                            count: try row.int("n")))
        }
        return result
    }

    // MARK: - A year's figures

    /// The figures of a year's current reports of roster units (the unit's only, when `unit` is given). With `cells`,
    /// the table cells too (the region's sums and a sum's units; the ranking, read after them, takes the figures).
    public func storedFigures(owner: Int, years: [Int], unit: Int? = nil, cells: Bool = false) async throws -> [StoredFigures] {
        var query = sql.select().columns(["report_no", "unit_no", "year", "format", "published_on", "late", "reused"] + ReportFigures.columns)
            .column(cells ? SQLColumn("cells") : SQLAlias(SQLLiteral.string(""), as: SQLIdentifier("cells")))
            .from("oversee_figures").where("owner_id", .equal, owner).where("year", .in, years)
        query = unit.map { query.where("unit_no", .equal, $0) } ?? query.where("unit_no", .isNot, SQLLiteral.null)
        return try await bulk(query.orderBy("year").query).map { row in
            let format = try row.string("format")
            guard let parsed = ReportFormat(rawValue: format) else { throw StoreError("库中督查数据的格式「\(format)」无法识别", kind: .corrupt) }
            return StoredFigures(
                report: try row.int("report_no"), unitNo: try row.intOrNil("unit_no"), year: try row.int("year"), format: parsed,
                publishedOn: try row.stringOrNil("published_on").flatMap(CivilDate.init(iso:)), late: try row.boolOrNil("late"),
                reused: try row.int("reused"),
                figures: ReportFigures(values: try ReportFigures.columns.map { try row.intOrNil($0) }),
                cells: try row.string("cells"))
        }
    }

    /// The figures of the roster units' reports added up per year, in SQL: how many reports, how many late, how
    /// many with a copied section, and each figure's sum with the number of reports that give it.
    public func figureTotals(owner: Int, years: [Int]) async throws -> [Int: FigureTotals] {
        var query = sql.select().column("year")
            .column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("reports")))
            .column(SQLAlias(SQLRaw("CAST(SUM(CASE WHEN late THEN 1 ELSE 0 END) AS BIGINT)"), as: SQLIdentifier("late_n")))
            .column(SQLAlias(SQLRaw("CAST(SUM(CASE WHEN late IS NULL THEN 1 ELSE 0 END) AS BIGINT)"), as: SQLIdentifier("undated_n")))
            .column(SQLAlias(SQLRaw("CAST(SUM(CASE WHEN reused > 0 THEN 1 ELSE 0 END) AS BIGINT)"), as: SQLIdentifier("reused_n")))
        for column in ReportFigures.columns {
            // PostgreSQL sums BIGINT as NUMERIC: cast back.
            query = query.column(SQLAlias(SQLRaw("CAST(SUM(\(column)) AS BIGINT)"), as: SQLIdentifier("s_" + column)))
                .column(SQLAlias(SQLFunction("COUNT", args: SQLColumn(column)), as: SQLIdentifier("n_" + column)))
        }
        let rows = try await query.from("oversee_figures").where("owner_id", .equal, owner).where("year", .in, years)
            .where("unit_no", .isNot, SQLLiteral.null).groupBy("year").all()
        var result: [Int: FigureTotals] = [:]
        for row in rows {
            let year = try row.decode(column: "year", as: Int.self)
            result[year] = FigureTotals(
                reports: try row.decode(column: "reports", as: Int.self), late: try row.decode(column: "late_n", as: Int?.self) ?? 0,
                undated: try row.decode(column: "undated_n", as: Int?.self) ?? 0, reused: try row.decode(column: "reused_n", as: Int?.self) ?? 0,
                sums: ReportFigures(values: try ReportFigures.columns.map { try row.decode(column: "s_" + $0, as: Int?.self) }),
                given: try ReportFigures.columns.map { try row.decode(column: "n_" + $0, as: Int.self) })
        }
        return result
    }

    // MARK: - Finding reviews

    public func reviewFinding(unit: Int, year: Int, key: String, status: FindingReview.Status, reason: String?, owner: Int,
                              by actor: String, audit note: AuditNote) async throws
    {
        try await database.transaction { db in
            let sql = db as! any SQLDatabase
            let no = try await Self.nextNumber("oversee_reviews", on: sql) {
                try await sql.raw("SELECT COALESCE(MAX(no), 0) AS n FROM oversee_reviews").first()?.decode(column: "n", as: Int.self) ?? 0
            }
            try await sql.insert(into: "oversee_reviews")
                .columns("no", "owner_id", "unit_no", "year", "finding_key", "status", "reviewer", "reason", "at")
                .values(no, owner, unit, year, key, status.rawValue, actor, reason, Self.now()).run()
            try await Self.touchOversight(owner, reviews: true, on: sql)
            try await Self.audit(note, on: sql)
        }
    }

    /// The last status recorded for each finding of a year, by unit and key.
    public func findingReviews(year: Int, owner: Int) async throws -> [String: FindingReview] {
        let rows = try await sql.select().columns("unit_no", "finding_key", "status", "reviewer", "reason", "at").from("oversee_reviews")
            .where("owner_id", .equal, owner).where("year", .equal, year).orderBy("no").all()
        var result: [String: FindingReview] = [:]
        for row in rows {
            let unit = try row.decode(column: "unit_no", as: Int.self)
            let key = try row.decode(column: "finding_key", as: String.self)
            guard let status = FindingReview.Status(rawValue: try row.decode(column: "status", as: String.self)) else { continue }
            result["\(unit)|\(key)"] = FindingReview(unitNo: unit, year: year, key: key, status: status,
                                                     reviewer: try row.decode(column: "reviewer", as: String.self),
                                                     reason: try row.decode(column: "reason", as: String?.self),
                                                     at: try row.decode(column: "at", as: String.self))
        }
        return result
    }
}

/// A year's findings being written again, inside the transaction of ``CaseStore/rewriteFindings(year:owner:_:)``.
public struct FindingsRewrite: Sendable {
    let store: CaseStore
    let db: any Database
    public let year: Int
    public let owner: Int

    var sql: any SQLDatabase { db as! any SQLDatabase }

    /// The content (REPORT-JSON) of the reports numbered `nos`, by number.
    public func contents(_ nos: [Int]) async throws -> [Int: String] {
        guard !nos.isEmpty else { return [:] }
        let rows = try await store.bulk(sql.select().columns("no", "report").from("oversee_reports").where("owner_id", .equal, owner)
            .where("no", .in, nos).query, on: db)
        var result: [Int: String] = [:]
        result.reserveCapacity(rows.count)
        for row in rows { result[try row.int("no")] = try row.string("report") }
        return result
    }

    /// Writes findings and the figures of their reports (each report's tally counts the findings given here: add a
    /// report's later findings with ``add(_:reused:earlier:)``).
    public func insert(_ findings: [StoredFinding], figures: [StoredFigures]) async throws {
        let tallies = FindingTally.count(findings)
        for chunk in figures.chunks(of: 100) {
            var insert = sql.insert(into: "oversee_figures")
                .columns(["owner_id", "year", "report_no", "unit_no", "format", "published_on", "late", "reused"] + ReportFigures.columns + ["cells", "tally"])
            for f in chunk {
                var values: [any Encodable & Sendable] = [owner, year, f.report, f.unitNo, f.format.rawValue, f.publishedOn?.description, f.late, f.reused]
                values += f.figures.values.map { $0 as any Encodable & Sendable }
                values.append(f.cells)
                values.append(FindingTally.encode(tallies[f.report] ?? []))
                insert = insert.values(values)
            }
            try await insert.run()
        }
        try await insertFindings(findings)
    }

    /// Adds findings to reports whose figures are written already (the 雷同 found once the whole year is read), and
    /// sets their reports' count of reused sections and tally: `earlier`'s (what ``insert(_:figures:)`` counted) and
    /// these.
    public func add(_ findings: [StoredFinding], reused: [Int: Int], earlier: [Int: [FindingTally]]) async throws {
        try await insertFindings(findings)
        let added = Dictionary(grouping: findings, by: \.report)
        for report in Set(added.keys).union(reused.keys).sorted() {
            let tally = FindingTally.count((added[report] ?? []).map(\.finding), adding: earlier[report] ?? [])
            try await sql.update("oversee_figures").set("reused", to: reused[report] ?? 0).set("tally", to: FindingTally.encode(tally))
                .where("owner_id", .equal, owner).where("year", .equal, year).where("report_no", .equal, report).run()
        }
    }

    private func insertFindings(_ findings: [StoredFinding]) async throws {
        for chunk in findings.chunks(of: 200) {
            var insert = sql.insert(into: "oversee_findings")
                .columns("owner_id", "year", "report_no", "finding_key", "code", "severity", "message", "loc_table", "loc_row", "loc_column",
                         "loc_section", "other_no", "share", "same_unit")
            for f in chunk {
                let l = f.finding.location
                let column: String? = switch l.column {
                case let .index(i)?: "i:\(i)"
                case let .field(name)?: "f:" + name
                case nil: nil
                }
                insert = insert.values(owner, year, f.report, f.key, f.finding.code.rawValue, f.finding.severity.rawValue, f.finding.message,
                                       l.table?.rawValue, l.row, column, l.section, f.reuse?.other, f.reuse?.share, f.reuse?.sameUnit)
            }
            try await insert.run()
        }
    }
}
