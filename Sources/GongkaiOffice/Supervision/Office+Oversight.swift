import Foundation
import GongkaiCore
import GongkaiParsing
import GongkaiStore

/// A supervising office's (政务公开办) use cases: its roster of units, the reports it collects, and each year's
/// view — who published on time, late or not at all, and what is wrong in each report (the engine's and the reader's
/// findings, the cross-year identities against the unit's previous report, lateness against the roster's deadline,
/// and 内容雷同), each finding with a person's status.
extension Office {
    // MARK: - Roster

    /// Adds or updates the roster's units (by name); units not in the file stay. The office is the agency worked for.
    public func importRoster(_ units: [RosterUnit], file: String, by actor: Actor) async throws -> (added: Int, updated: Int) {
        let agency = try require(.oversee, actor)
        guard !units.isEmpty else { throw OfficeError.invalid("\(file)：名册中没有单位") }
        let note = AuditNote(actor: actor.name, action: "导入督查名册", target: file, detail: "\(units.count) 个单位", agency: agency.id)
        let saved = try await stored { try await store.saveRoster(units, owner: agency.id, audit: note) }
        // Reports that waited for these units are theirs now: their years are worked out again (checks against the
        // unit's previous report, the region's figures). So are all years when a deadline may have changed.
        let years = saved.updated > 0 ? try await stored { try await store.collectedYears(owner: agency.id) } : saved.assignedYears
        for year in years.union(years.map { $0 + 1 }).sorted() { try await refresh(year: year, owner: agency.id) }
        return (saved.added, saved.updated)
    }

    public func roster(by actor: Actor) async throws -> [StoredRosterUnit] {
        let agency = try require(.oversee, actor)
        return try await platformRoster(agency, by: actor)
    }

    /// The roster, with the agencies of this installation under the supervising one (and itself) on it: they are
    /// added the first time they are missing (by name), so that their published reports count without a file.
    func platformRoster(_ owner: Agency, by actor: Actor) async throws -> [StoredRosterUnit] {
        let units = try await stored { try await store.roster(owner: owner.id) }
        let names = Set(units.map(\.nameKey))
        let agencies = try await stored { try await store.agencies() }
        let byID = Dictionary(agencies.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let missing = agencies.filter { $0.lineage.contains(owner.id) && !$0.name.isEmpty && !names.contains(RosterUnit.key($0.name)) }
        guard !missing.isEmpty else { return units }
        let added = missing.map { agency in
            RosterUnit(name: agency.name, creditCode: agency.creditCode, level: agency.level, parent: agency.parentID.flatMap { byID[$0]?.name })
        }
        let note = AuditNote(actor: actor.name, action: "名册加入本平台机关", target: "\(added.count) 个机关",
                             detail: added.map(\.name).joined(separator: "、"), agency: owner.id)
        _ = try await stored { try await store.saveRoster(added, owner: owner.id, audit: note) }
        return try await stored { try await store.roster(owner: owner.id) }
    }

    /// The reports published on this installation by the roster's units that are agencies here, for a year: as
    /// collected reports numbered 0 (they have no file; their content is the published REPORT-JSON).
    func platformReports(_ units: [StoredRosterUnit], years: [Int]) async throws -> [CollectedReport] {
        let agencies = try await stored { try await store.agencies() }
        let byName = Dictionary(agencies.map { (RosterUnit.key($0.name), $0) }, uniquingKeysWith: { a, _ in a })
        var result: [CollectedReport] = []
        for unit in units {
            guard let agency = byName[unit.nameKey] else { continue }
            for year in years {
                guard let published = try await stored({ try await store.published(year: year, agency: agency.id) }) else { continue }
                let report = try? AnnualReport(jsonBytes: Array(published.content.utf8))
                let day = report?.publishedOn ?? CivilDate(iso: String(published.publishedAt.prefix(10)))
                result.append(CollectedReport(
                    no: 0, sha256: CatalogueFiles.sha256(Array(published.content.utf8)), fileName: "本平台发布（第 \(published.version) 版）",
                    importedAt: published.publishedAt, importedBy: published.publishedBy, agencyName: agency.name, year: year,
                    unitNo: unit.no, publishedOn: day, report: published.content))
            }
        }
        return result
    }

    // MARK: - Collection

    /// The roster's units by the name key a report's agency is matched with.
    public struct RosterNames: Sendable {
        let byName: [String: Int]
    }

    public func rosterNames(by actor: Actor) async throws -> RosterNames {
        let agency = try require(.oversee, actor)
        let units = try await platformRoster(agency, by: actor)
        return RosterNames(byName: Dictionary(units.map { ($0.nameKey, $0.no) }, uniquingKeysWith: { a, _ in a }))
    }

    /// What one batch of files became.
    public struct Collection: Sendable {
        /// Files collected now, by name.
        public var added: [String] = []
        /// Files collected before (the same content): one report.
        public var duplicates: [String] = []
        /// Files whose report names an agency that is no unit of the roster (or none): to assign by hand.
        public var unassigned: [String] = []
        /// Files with no annual report in them, and why.
        public var unreadable: [(file: String, reason: String)] = []
        /// The report years touched.
        public var years: Set<Int> = []

        public init() {}
    }

    /// Reads and collects files (`name` is what the office sees: a path or an upload's name). The same content twice
    /// is one report; a changed file of a unit's year is a new version of that report. Reading runs on every core.
    /// After the batch, the 雷同 of the years touched is measured again.
    ///
    /// `measure: false` leaves the 雷同 to the caller (a batch of batches measures once, at its end:
    /// ``refresh(years:by:)``).
    ///
    /// `names`: the roster's units by name, read once for a batch of batches (``rosterNames(by:)``); otherwise read
    /// for this batch. Reading a 100,000-unit roster for each batch of 500 made collecting slow down as it went.
    public func collect(_ files: [(name: String, bytes: [UInt8])], measure: Bool = true, names: RosterNames? = nil,
                        by actor: Actor) async throws -> Collection
    {
        let agency = try require(.oversee, actor)
        let byName = if let names { names.byName } else { try await rosterNames(by: actor).byName }
        let read = Self.readAll(files)
        var result = Collection()
        var collected: [CollectedFile] = []
        for (file, outcome) in zip(files, read) {
            switch outcome {
            case let .failure(error):
                result.unreadable.append((file.name, error.reason))
            case let .success(report) where report.findings.contains { $0.code == .notAReport }:
                result.unreadable.append((file.name, report.findings.first { $0.code == .notAReport }!.message))
            case let .success(report):
                let unit = report.agency.flatMap { byName[RosterUnit.key($0)] }
                collected.append(CollectedFile(
                    fileName: file.name, bytes: file.bytes, sha256: CatalogueFiles.sha256(file.bytes), agencyName: report.agency,
                    year: report.year, unitNo: unit, publishedOn: report.publishedOn, report: report.jsonText(style: .compact)))
            }
        }
        guard !collected.isEmpty else { return result }
        let note = AuditNote(actor: actor.name, action: "收集年度报告", target: "\(collected.count) 个文件",
                             detail: collected.prefix(5).map(\.fileName).joined(separator: "、") + (collected.count > 5 ? "等" : ""),
                             agency: agency.id)
        let stored = try await stored { try await store.collect(collected, owner: agency.id, by: actor.name, audit: note) }
        for (file, outcome) in zip(collected, stored) {
            if outcome.new {
                result.added.append(file.fileName)
                if let year = file.year { result.years.insert(year) }
                if file.unitNo == nil { result.unassigned.append(file.fileName) }
            } else {
                result.duplicates.append(file.fileName)
            }
        }
        if measure { try await refresh(years: result.years, by: actor) }
        return result
    }

    /// Works out the findings and the 雷同 of the years again (and of the years after them: a year's depend on the
    /// units' reports of the year before).
    public func refresh(years: Set<Int>, by actor: Actor) async throws {
        let agency = try require(.oversee, actor)
        for year in years.union(years.map { $0 + 1 }).sorted() {
            try await refresh(year: year, owner: agency.id)
        }
    }

    /// Reads files on every core, in order.
    static func readAll(_ files: [(name: String, bytes: [UInt8])]) -> [Result<AnnualReport, ReadError>] {
        let results = Slots<Result<AnnualReport, ReadError>>(count: files.count)
        DispatchQueue.concurrentPerform(iterations: files.count) { k in
            let outcome: Result<AnnualReport, ReadError>
            do throws(ReadError) {
                outcome = .success(try ReportReader.read(bytes: files[k].bytes))
            } catch {
                outcome = .failure(error)
            }
            results.set(k, outcome)
        }
        return results.values
    }

    /// Assigns a report the roster could not match to a unit, by hand.
    public func assign(report no: Int, to unitNo: Int, by actor: Actor) async throws {
        let agency = try require(.oversee, actor)
        let units = try await stored { try await store.roster(owner: agency.id) }
        guard let unit = units.first(where: { $0.no == unitNo }) else { throw OfficeError.notFound("名册中没有编号为 \(unitNo) 的单位") }
        guard let report = try await stored({ try await store.collectedReport(no: no, owner: agency.id) }) else {
            throw OfficeError.notFound("没有编号为 \(no) 的报告")
        }
        let note = AuditNote(actor: actor.name, action: "指定报告所属单位", target: report.fileName, detail: unit.unit.name, agency: agency.id)
        try await stored { try await store.assign(report: no, to: unitNo, owner: agency.id, audit: note) }
        if let year = report.year {
            for y in [year, year + 1] { try await refresh(year: y, owner: agency.id) }
        }
    }

    /// A report's findings as the supervisor sees them: the reader's, and the engine's checks against the unit's
    /// previous report; lateness is left to the year's view (it follows the roster's deadline).
    static func findings(of annual: AnnualReport, previous: AnnualReport?, report: Int) -> [StoredFinding] {
        let readerFindings = annual.findings.filter { !ReportChecker.codes.contains($0.code) }
        let checked = readerFindings + ReportChecker.check(annual, previous: previous).filter { $0.code != .latePublication }
        return checked.map { StoredFinding(report: report, key: key($0), finding: $0) }
    }

    /// Records a person's status of a finding (survives re-imports: it is kept by unit, year and the finding's key).
    public func review(finding key: String, unit: Int, year: Int, status: FindingReview.Status, reason: String?, by actor: Actor) async throws {
        let agency = try require(.oversee, actor)
        if status == .dismissed, (reason ?? "").trimmingWhitespace.isEmpty {
            throw OfficeError.invalid("排除一条问题须写明理由", field: "reason")
        }
        let note = AuditNote(actor: actor.name, action: "核实督查问题", target: "\(year) 年度 单位 \(unit)",
                             detail: "\(key)：\(status.displayName)\(reason.map { "（\($0)）" } ?? "")", agency: agency.id)
        try await stored {
            try await store.reviewFinding(unit: unit, year: year, key: key, status: status, reason: reason, owner: agency.id,
                                          by: actor.name, audit: note)
        }
    }

    // MARK: - Helpers

    /// The current version of each unit's year: the last collected.
    static func currentVersions(_ reports: [CollectedReport]) -> [UnitYearKey: CollectedReport] {
        var current: [UnitYearKey: CollectedReport] = [:]
        current.reserveCapacity(reports.count)
        for report in reports {
            guard let unit = report.unitNo, let year = report.year else { continue }
            current[UnitYearKey(unit, year)] = report  // ordered by number: the last wins
        }
        return current
    }

    /// A roster unit's year.
    struct UnitYearKey: Hashable {
        let unit: Int
        let year: Int
        init(_ unit: Int, _ year: Int) {
            self.unit = unit
            self.year = year
        }
    }

    static func decode(_ report: CollectedReport, content: String? = nil) throws -> AnnualReport {
        do {
            return try AnnualReport(jsonBytes: Array((content ?? report.report).utf8))
        } catch {
            throw OfficeError(StoreError("库中报告「\(report.fileName)」的内容无法读取：\(error)", kind: .corrupt))
        }
    }

    /// A finding's key: its code and place (the message carries figures that change with a corrected re-publication).
    static func key(_ finding: Finding) -> String {
        let l = finding.location
        return [finding.code.rawValue, l.table.map { "\($0)" } ?? "", l.row ?? "", l.column.map { "\($0)" } ?? "", l.section.map(String.init) ?? ""]
            .joined(separator: "|")
    }

    /// A current report's figures as stored: lateness by its unit's deadline (nil with no unit, deadline or date).
    static func figures(of read: AnnualReport, report: CollectedReport, unit: StoredRosterUnit?, year: Int, reused: Int) -> StoredFigures {
        let deadline = unit?.unit.deadline(reportYear: year).date
        let late: Bool? = if let deadline, let published = report.publishedOn { published > deadline } else { nil }
        return StoredFigures(report: report.no, unitNo: report.unitNo, year: year, format: read.format, publishedOn: report.publishedOn,
                             late: late, reused: reused, figures: ReportFigures(read), cells: ReportCell.encode(read))
    }

    static func reuseFinding(_ match: TextReuse.Match, other: CollectedReport, unitNames: [Int: String], format: ReportFormat) -> Finding {
        let section = format.spec.sections.first { $0.number == match.section }
        let name = section.map { "「\($0.heading)」" } ?? "第 \(match.section) 部分"
        let whose = other.unitNo.flatMap { unitNames[$0] } ?? other.agencyName ?? other.fileName
        let source = match.sameUnit ? "本单位 \(other.year.map(String.init) ?? "上一") 年度报告" : "「\(whose)」\(other.year.map { "\($0) 年度" } ?? "")报告"
        let percent = Int((match.share * 100).rounded())
        return Finding(code: .textReused, severity: .warning,
                       message: "\(name)有 \(percent)% 的文字与\(source)相同（内容雷同）",
                       location: Location(section: match.section))
    }

    /// How many of a year's reports a refresh reads and checks at a time (with the units' reports of the year before).
    static let refreshPage = 1_000

    /// Works out a year's findings again, over its current reports and the year before: each report's checks against
    /// the unit's previous report, and 雷同.
    ///
    /// The reports are read a page at a time, on every core, and each page's findings and figures written before the
    /// next is read: what stays in memory for the whole year is each report's 雷同 sample (a few hundred bytes a
    /// section, ``TextReuse/Document``) and its tally, so a year of 100,000 reports is never held at once.
    func refresh(year: Int, owner: Int) async throws {
        let collected = try await stored { try await store.collectedReports(owner: owner, years: [year, year - 1], content: false) }
        let units = try await stored { try await store.roster(owner: owner) }
        let names = Dictionary(units.map { ($0.no, $0.unit.name) }, uniquingKeysWith: { a, _ in a })
        let current = Self.currentVersions(collected)
        // This year's reports: the units' current versions, and those not assigned yet.
        let thisYear = collected.filter { $0.year == year && ($0.unitNo == nil || current[UnitYearKey($0.unitNo!, year)]?.no == $0.no) }
        guard !thisYear.isEmpty else {
            try await stored { try await store.replaceFindings([], figures: [], year: year, owner: owner) }
            return
        }
        let unitByNo = Dictionary(units.map { ($0.no, $0) }, uniquingKeysWith: { a, _ in a })
        let byNo = Dictionary(collected.map { ($0.no, $0) }, uniquingKeysWith: { a, _ in a })
        try await stored {
            try await store.rewriteFindings(year: year, owner: owner) { rewrite in
                var documents: [TextReuse.Document] = []
                var previousDocuments: [TextReuse.Document] = []
                var tallies: [Int: [FindingTally]] = [:]
                var formats: [Int: ReportFormat] = [:]
                documents.reserveCapacity(thisYear.count)
                for start in stride(from: 0, to: thisYear.count, by: Self.refreshPage) {
                    let page = Array(thisYear[start..<min(thisYear.count, start + Self.refreshPage)])
                    let previous = page.map { report in report.unitNo.flatMap { current[UnitYearKey($0, year - 1)] } }
                    let contents = try await rewrite.contents(page.map(\.no) + previous.compactMap { $0?.no })
                    let worked = try Self.check(page, previous: previous, contents: contents, unitByNo: unitByNo, year: year)
                    for item in worked {
                        documents.append(item.document)
                        if let before = item.previousDocument { previousDocuments.append(before) }
                        tallies[item.figures.report] = FindingTally.count(item.findings.map(\.finding))
                        formats[item.figures.report] = item.figures.format
                    }
                    try await rewrite.insert(worked.flatMap(\.findings), figures: worked.map(\.figures))
                }
                var findings: [StoredFinding] = []
                for match in TextReuse.matches(current: documents, previous: previousDocuments) {
                    guard let other = byNo[match.other] else { continue }
                    // Two units with the same text: the one published first is taken as the original (both are named
                    // when the dates are unknown or the same).
                    if !match.sameUnit, let mine = byNo[match.report]?.publishedOn, let theirs = other.publishedOn, theirs > mine { continue }
                    let finding = Self.reuseFinding(match, other: other, unitNames: names, format: formats[match.report] ?? .y2021)
                    let key = "TEXT-REUSED|\(match.section)|\(other.unitNo.map(String.init) ?? other.sha256)|\(other.year ?? 0)"
                    findings.append(StoredFinding(report: match.report, key: key, finding: finding, reuse: match))
                }
                let reused = Dictionary(grouping: findings, by: \.report).mapValues(\.count)
                try await rewrite.add(findings, reused: reused, earlier: tallies)
            }
        }
    }

    /// A page of a year's reports checked, on every core: each one's findings (against the unit's previous report)
    /// and figures, and the 雷同 samples of it and of its previous report.
    struct Checked: Sendable {
        let findings: [StoredFinding]
        let figures: StoredFigures
        let document: TextReuse.Document
        let previousDocument: TextReuse.Document?
    }

    static func check(_ page: [CollectedReport], previous: [CollectedReport?], contents: [Int: String],
                      unitByNo: [Int: StoredRosterUnit], year: Int) throws -> [Checked]
    {
        let slots = Slots<Result<Checked, OfficeError>>(count: page.count)
        DispatchQueue.concurrentPerform(iterations: page.count) { k in
            let report = page[k]
            let unit = report.unitNo.flatMap { unitByNo[$0] }
            func document(_ report: CollectedReport, _ read: AnnualReport) -> TextReuse.Document {
                let own = [read.agency, unit?.unit.name].compactMap { $0 }
                return TextReuse.Document(id: report.no, unit: report.unitNo, sections: read.sections ?? [], removing: own)
            }
            do {
                let read = try decode(report, content: contents[report.no])
                let before = try previous[k].map { ($0, try decode($0, content: contents[$0.no])) }
                let findings = Self.findings(of: read, previous: before?.1, report: report.no)
                slots.set(k, .success(Checked(
                    findings: findings, figures: figures(of: read, report: report, unit: unit, year: year, reused: 0),
                    document: document(report, read), previousDocument: before.map { document($0.0, $0.1) })))
            } catch let error as OfficeError {
                slots.set(k, .failure(error))
            } catch {
                slots.set(k, .failure(OfficeError(StoreError("\(error)", kind: .corrupt))))
            }
        }
        return try slots.values.map { try $0.get() }
    }
}

/// Results written by concurrent workers, each at its own index.
final class Slots<Value>: @unchecked Sendable {
    private var slots: [Value?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Value) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    var values: [Value] { slots.map { $0! } }
}
