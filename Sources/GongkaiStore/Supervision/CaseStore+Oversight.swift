import FluentKit
import Foundation
import GongkaiCore
import SQLKit

/// A roster unit as stored: its number and the agency of this installation it is (nil: not on the platform).
public struct StoredRosterUnit: Sendable, Hashable {
    public let no: Int
    public let unit: RosterUnit
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
    public func saveRoster(_ units: [RosterUnit], owner: Int, audit note: AuditNote) async throws -> (added: Int, updated: Int) {
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
            let waiting = try await sql.select().column("no").column("agency_name").from("oversee_reports").where("owner_id", .equal, owner)
                .where("unit_no", .is, SQLLiteral.null).all()
            for row in waiting {
                guard let name = try row.decode(column: "agency_name", as: String?.self), let unit = existing[RosterUnit.key(name)] else { continue }
                try await sql.update("oversee_reports").set("unit_no", to: unit).where("no", .equal, try row.decode(column: "no", as: Int.self)).run()
            }
            try await Self.audit(note, on: sql)
            return (added, updated)
        }
    }

    /// The roster of a supervising agency, by name.
    /// The roster by name; only the units numbered `only`, when given.
    public func roster(owner: Int, only: [Int]? = nil) async throws -> [StoredRosterUnit] {
        var query = sql.select().columns("no", "name", "credit_code", "level", "parent", "local_deadline").from("oversee_units")
            .where("owner_id", .equal, owner)
        if let only { query = query.where("no", .in, only) }
        let rows = try await query.orderBy("name").all()
        return try rows.map { row in
            let level = try row.decode(column: "level", as: String.self)
            guard let parsed = AgencyLevel(rawValue: level) else { throw StoreError("库中名册单位的层级「\(level)」无法识别", kind: .corrupt) }
            return StoredRosterUnit(no: try row.decode(column: "no", as: Int.self), unit: RosterUnit(
                name: try row.decode(column: "name", as: String.self),
                creditCode: try row.decode(column: "credit_code", as: String?.self), level: parsed,
                parent: try row.decode(column: "parent", as: String?.self),
                localDeadline: try row.decode(column: "local_deadline", as: String?.self).flatMap(MonthDay.init(text:))))
        }
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
            var result: [(no: Int, new: Bool)] = []
            for file in files {
                if let no = known[file.sha256] { result.append((no, false)); continue }
                if !stored.contains(file.sha256) {
                    try await sql.insert(into: "oversee_originals").columns("sha256", "size", "content", "stored_at")
                        .values(file.sha256, file.bytes.count, Data(file.bytes), now).run()
                    stored.insert(file.sha256)
                }
                let no = try await Self.nextNumber("oversee_reports", on: sql) {
                    try await sql.raw("SELECT COALESCE(MAX(no), 0) AS n FROM oversee_reports").first()?.decode(column: "n", as: Int.self) ?? 0
                }
                try await sql.insert(into: "oversee_reports")
                    .columns("no", "owner_id", "sha256", "file_name", "imported_at", "imported_by", "agency_name", "year", "unit_no",
                             "published_on", "report")
                    .values(no, owner, file.sha256, file.fileName, now, actor, file.agencyName, file.year, file.unitNo,
                            file.publishedOn?.description, file.report)
                    .run()
                known[file.sha256] = no
                result.append((no, true))
            }
            try await Self.audit(note, on: sql)
            return result
        }
    }

    /// The reports of the given years (and those with no year, when `undated`), oldest import first; without their
    /// content (`report` empty) unless `content`; only the unit's, when `unit` is given.
    public func collectedReports(owner: Int, years: [Int], undated: Bool = false, content: Bool = true, unit: Int? = nil) async throws
        -> [CollectedReport]
    {
        var query = sql.select().columns("no", "sha256", "file_name", "imported_at", "imported_by", "agency_name", "year", "unit_no",
                                         "published_on")
            .column(content ? SQLColumn("report") : SQLAlias(SQLLiteral.string(""), as: SQLIdentifier("report")))
            .from("oversee_reports").where("owner_id", .equal, owner)
        query = query.where { group in
            group.where("year", .in, years)
            if undated { group.orWhere("year", .is, SQLLiteral.null) }
            return group
        }
        if let unit { query = query.where("unit_no", .equal, unit) }
        return try await query.orderBy("no").all().map(Self.collected)
    }

    /// The reports numbered `nos`, without their content.
    public func collectedReports(owner: Int, nos: [Int]) async throws -> [CollectedReport] {
        guard !nos.isEmpty else { return [] }
        return try await sql.select().columns("no", "sha256", "file_name", "imported_at", "imported_by", "agency_name", "year", "unit_no",
                                              "published_on")
            .column(SQLAlias(SQLLiteral.string(""), as: SQLIdentifier("report")))
            .from("oversee_reports").where("owner_id", .equal, owner).where("no", .in, nos).orderBy("no").all().map(Self.collected)
    }

    /// The reports waiting for a unit (no roster unit has the name they give).
    public func unassignedReports(owner: Int) async throws -> [CollectedReport] {
        try await sql.select().columns("no", "sha256", "file_name", "imported_at", "imported_by", "agency_name", "year", "unit_no",
                                       "published_on", "report")
            .from("oversee_reports").where("owner_id", .equal, owner).where("unit_no", .is, SQLLiteral.null).orderBy("no").all()
            .map(Self.collected)
    }

    public func collectedReport(no: Int, owner: Int) async throws -> CollectedReport? {
        try await sql.select().columns("no", "sha256", "file_name", "imported_at", "imported_by", "agency_name", "year", "unit_no",
                                       "published_on", "report")
            .from("oversee_reports").where("owner_id", .equal, owner).where("no", .equal, no).first().map(Self.collected)
    }

    static func collected(_ row: any SQLRow) throws -> CollectedReport {
        CollectedReport(
            no: try row.decode(column: "no", as: Int.self), sha256: try row.decode(column: "sha256", as: String.self),
            fileName: try row.decode(column: "file_name", as: String.self), importedAt: try row.decode(column: "imported_at", as: String.self),
            importedBy: try row.decode(column: "imported_by", as: String.self),
            agencyName: try row.decode(column: "agency_name", as: String?.self), year: try row.decode(column: "year", as: Int?.self),
            unitNo: try row.decode(column: "unit_no", as: Int?.self),
            publishedOn: try row.decode(column: "published_on", as: String?.self).flatMap(CivilDate.init(iso:)),
            report: try row.decode(column: "report", as: String.self))
    }

    /// Assigns a report to a roster unit by hand, with the audit line.
    public func assign(report no: Int, to unit: Int, owner: Int, audit note: AuditNote) async throws {
        try await database.transaction { db in
            let sql = db as! any SQLDatabase
            try await sql.update("oversee_reports").set("unit_no", to: unit).where("no", .equal, no).where("owner_id", .equal, owner).run()
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
    public func replaceFindings(_ findings: [StoredFinding], year: Int, owner: Int) async throws {
        try await database.transaction { db in
            let sql = db as! any SQLDatabase
            try await sql.delete(from: "oversee_findings").where("owner_id", .equal, owner).where("year", .equal, year).run()
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

    /// The stored findings of a year; only those of the reports numbered `reports`, when given.
    public func storedFindings(year: Int, owner: Int, reports: [Int]? = nil) async throws -> [StoredFinding] {
        if let reports, reports.isEmpty { return [] }
        var query = sql.select().columns("report_no", "finding_key", "code", "severity", "message", "loc_table", "loc_row", "loc_column",
                                         "loc_section", "other_no", "share", "same_unit")
            .from("oversee_findings").where("owner_id", .equal, owner).where("year", .equal, year)
        if let reports { query = query.where("report_no", .in, reports) }
        let rows = try await query.all()
        return try rows.map { row in
            let report = try row.decode(column: "report_no", as: Int.self)
            let severity = try row.decode(column: "severity", as: String.self)
            guard let level = Severity(rawValue: severity) else { throw StoreError("库中督查问题（报告 \(report)）的级别无法读取", kind: .corrupt) }
            var location = Location()
            location.table = try row.decode(column: "loc_table", as: String?.self).flatMap(TableID.init(rawValue:))
            location.row = try row.decode(column: "loc_row", as: String?.self)
            if let column = try row.decode(column: "loc_column", as: String?.self) {
                location.column = column.hasPrefix("i:") ? Int(column.dropFirst(2)).map(Location.Column.index) : .field(String(column.dropFirst(2)))
            }
            location.section = try row.decode(column: "loc_section", as: Int?.self)
            let finding = Finding(code: FindingCode(rawValue: try row.decode(column: "code", as: String.self)), severity: level,
                                  message: try row.decode(column: "message", as: String.self), location: location)
            var reuse: TextReuse.Match?
            if let other = try row.decode(column: "other_no", as: Int?.self), let share = try row.decode(column: "share", as: Double?.self) {
                reuse = TextReuse.Match(report: report, other: other, section: location.section ?? 0, share: share,
                                        sameUnit: try row.decode(column: "same_unit", as: Bool?.self) ?? false)
            }
            return StoredFinding(report: report, key: try row.decode(column: "finding_key", as: String.self), finding: finding, reuse: reuse)
        }
    }

    /// The stored findings of a year counted by report, code and severity: what the year's overview needs, without
    /// the messages and places.
    public func findingTallies(year: Int, owner: Int) async throws -> [Int: [FindingTally]] {
        let rows = try await sql.select().column("report_no").column("code").column("severity")
            .column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n")))
            .from("oversee_findings").where("owner_id", .equal, owner).where("year", .equal, year)
            .groupBy("report_no").groupBy("code").groupBy("severity").all()
        var result: [Int: [FindingTally]] = [:]
        for row in rows {
            let report = try row.decode(column: "report_no", as: Int.self)
            let severity = try row.decode(column: "severity", as: String.self)
            guard let level = Severity(rawValue: severity) else { throw StoreError("库中督查问题（报告 \(report)）的级别无法读取", kind: .corrupt) }
            result[report, default: []].append(FindingTally(
                code: FindingCode(rawValue: try row.decode(column: "code", as: String.self)), severity: level,
                count: try row.decode(column: "n", as: Int.self)))
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
