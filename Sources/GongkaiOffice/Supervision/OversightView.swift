import GongkaiCore
import GongkaiStore

/// A supervisor's year: how each roster unit stands (on time, late, missing…) and what was found in its report.
///
/// Three reads of the same rule, by what the page needs: ``oversightSummary(year:by:)`` counts the findings in SQL
/// (the dashboard and `oversee status` over thousands of units), ``oversight(year:by:)`` has every finding (exports,
/// the 通报, `oversee findings`), ``oversight(year:unit:by:)`` one unit's (its page and its evidence). None decodes a
/// collected report: the findings were worked out when the reports were collected (``refresh(year:owner:)``);
/// lateness is judged here, by the roster's deadline as it is now.
extension Office {
    /// How a unit stands for a year.
    public enum Standing: String, Sendable, CaseIterable {
        /// Published by the deadline (or with no deadline set).
        case onTime
        /// Published after the deadline.
        case late
        /// Not published, and the deadline has passed.
        case missing
        /// Not published yet, and the deadline has not passed.
        case pending
        /// A report is here, but it gives no date of publication.
        case undated

        public var displayName: String {
            switch self {
            case .onTime: "按期发布"
            case .late: "逾期发布"
            case .missing: "未发布"
            case .pending: "未到期限"
            case .undated: "已收到，发布日期不详"
            }
        }
    }

    /// A finding with its key (stable across re-imports) and a person's status.
    public struct ReviewedFinding: Sendable {
        public let finding: Finding
        public let key: String
        public let review: FindingReview?
        /// For TEXT-REUSED: the report the text is shared with.
        public let reuse: TextReuse.Match?

        public var status: FindingReview.Status { review?.status ?? .open }
    }

    /// A unit's year.
    public struct UnitYear: Sendable {
        public let unit: StoredRosterUnit
        public let standing: Standing
        public let deadline: CivilDate?
        public let deadlineRule: String
        public let publishedOn: CivilDate?
        /// The current version (nil: none collected).
        public let report: CollectedReport?
        /// How many versions of the year's report were collected.
        public let versions: Int
        /// Every finding with its review (empty in the summary).
        public let findings: [ReviewedFinding]
        /// The findings counted by code and severity, dismissed ones left out (in every read).
        public let tally: [FindingTally]

        public func count(_ severity: Severity) -> Int {
            tally.reduce(0) { $0 + ($1.severity == severity ? $1.count : 0) }
        }
    }

    /// The year as a supervisor sees it.
    public struct OversightYear: Sendable {
        public let year: Int
        public let today: CivilDate
        /// Every roster unit (or the one asked for), the worst first (missing, late, then by findings).
        public let units: [UnitYear]
        /// Reports of the year no roster unit could be matched to.
        public let unassigned: [CollectedReport]
        /// The collected reports the units' findings name (their current ones, and the other side of a 雷同), by number.
        public let reports: [Int: CollectedReport]
        public let unitNames: [Int: String]
    }

    /// The year with every unit's findings counted (not listed): the dashboard's read.
    public func oversightSummary(year: Int, by actor: Actor) async throws -> OversightYear {
        let agency = try require(.oversee, actor)
        return try await remembered("summary|\(year)", owner: agency) {
            // What the summary is made of but the reviews is kept apart: after a review (a supervisor goes through
            // the findings one by one) only the reviews and the reviewed units' findings are read again.
            let base = try await remembered("summary-base|\(year)", owner: agency, reviews: false) {
                let units = try await platformRoster(agency, by: actor)
                return try await yearBase(year: year, owner: agency, units: units, detail: .counts)
            }
            let reviews = try await stored { try await store.findingReviews(year: year, owner: agency.id) }
            return try await view(year: year, owner: agency, base: base, reviews: reviews, detail: .counts)
        }
    }

    /// The year with every finding of every unit.
    public func oversight(year: Int, by actor: Actor) async throws -> OversightYear {
        let agency = try require(.oversee, actor)
        let units = try await platformRoster(agency, by: actor)
        return try await view(year: year, owner: agency, units: units, detail: .findings)
    }

    /// One unit's year with its findings, read for that unit only.
    public func oversight(year: Int, unit no: Int, by actor: Actor) async throws -> (unit: UnitYear, view: OversightYear) {
        let agency = try require(.oversee, actor)
        let units = try await stored { try await store.roster(owner: agency.id, only: [no]) }
        guard !units.isEmpty else { throw OfficeError.notFound("名册中没有编号为 \(no) 的单位") }
        let view = try await view(year: year, owner: agency, units: units, detail: .unit(no))
        return (view.units[0], view)
    }

    enum Detail: Equatable {
        /// Counts only, for every unit.
        case counts
        /// Every finding of every unit.
        case findings
        /// Every finding of one unit.
        case unit(Int)
    }

    /// What a year's view is made of, but the reviews: the units, their reports (collected, and published here) and
    /// the current version of each, the findings counted per report (for the summary).
    struct YearBase: Sendable {
        let units: [StoredRosterUnit]
        let collected: [CollectedReport]
        let current: [UnitYearKey: CollectedReport]
        let versions: [Int: Int]
        let tallies: [Int: [FindingTally]]
    }

    func yearBase(year: Int, owner agency: Agency, units: [StoredRosterUnit], detail: Detail) async throws -> YearBase {
        let scope: Int? = if case let .unit(no) = detail { no } else { nil }
        // The year's reports and counts do not depend on one another: read at once (on PostgreSQL the rows are
        // decoded while the next result arrives).
        let store = store
        async let collectedRead = stored {
            try await store.collectedReports(owner: agency.id, years: [year], content: false, unit: scope, brief: detail == .counts)
        }
        async let talliesRead = detail == .counts ? stored { try await store.findingTallies(year: year, owner: agency.id) } : [:]
        let platform = try await platformReports(units, years: [year - 1, year])
        let collected = try await collectedRead
        // A unit's report collected from a file comes after the one it published here (a later re-publication).
        let current = Self.currentVersions(platform + collected)
        var versions: [Int: Int] = [:]
        for report in platform + collected where report.year == year {
            if let unit = report.unitNo { versions[unit, default: 0] += 1 }
        }
        return YearBase(units: units, collected: collected, current: current, versions: versions, tallies: try await talliesRead)
    }

    func view(year: Int, owner agency: Agency, units: [StoredRosterUnit], detail: Detail) async throws -> OversightYear {
        let store = store
        async let reviews = stored { try await store.findingReviews(year: year, owner: agency.id) }
        let base = try await yearBase(year: year, owner: agency, units: units, detail: detail)
        return try await view(year: year, owner: agency, base: base, reviews: reviews, detail: detail)
    }

    func view(year: Int, owner agency: Agency, base: YearBase, reviews: [String: FindingReview], detail: Detail) async throws -> OversightYear {
        let scope: Int? = if case let .unit(no) = detail { no } else { nil }
        let (units, collected, current, versions) = (base.units, base.collected, base.current, base.versions)
        let today = today
        // The findings: listed for the units asked (and, in the summary, for the units a person reviewed: a dismissal
        // changes their counts), counted for the others.
        let reviewedUnits = Set(reviews.values.map(\.unitNo))
        let listed: [Int] = units.compactMap { unit in
            guard let report = current[UnitYearKey(unit.no, year)], report.no != 0 else { return nil }
            return detail != .counts || reviewedUnits.contains(unit.no) ? report.no : nil
        }
        let saved = try await stored {
            try await store.storedFindings(year: year, owner: agency.id, reports: detail == .findings ? nil : listed)
        }
        let tallies = base.tallies
        var findingsOf: [Int: [StoredFinding]] = [:]
        for finding in saved { findingsOf[finding.report, default: []].append(finding) }

        // The reports named: the units' own, and the other side of each 雷同.
        var reports: [Int: CollectedReport] = [:]
        for report in collected { reports[report.no] = report }
        let others = Set(saved.compactMap { $0.reuse?.other }).subtracting(reports.keys)
        if !others.isEmpty {
            for report in try await stored({ try await store.collectedReports(owner: agency.id, nos: others.sorted()) }) {
                reports[report.no] = report
            }
        }
        var unitNames = Dictionary(units.map { ($0.no, $0.unit.name) }, uniquingKeysWith: { a, _ in a })
        let otherUnits = Set(reports.values.compactMap(\.unitNo)).subtracting(unitNames.keys)
        if !otherUnits.isEmpty {
            for unit in try await stored({ try await store.roster(owner: agency.id, only: otherUnits.sorted()) }) { unitNames[unit.no] = unit.unit.name }
        }

        var rows: [UnitYear] = []
        rows.reserveCapacity(units.count)
        // The statutory deadline is the same for every unit of a level (units with a local date are worked out alone).
        var deadlines: [AgencyLevel: (date: CivilDate?, rule: String)] = [:]
        for unit in units {
            let (deadline, rule): (CivilDate?, String)
            if unit.unit.localDeadline == nil {
                if deadlines[unit.unit.level] == nil { deadlines[unit.unit.level] = unit.unit.deadline(reportYear: year) }
                (deadline, rule) = deadlines[unit.unit.level]!
            } else {
                (deadline, rule) = unit.unit.deadline(reportYear: year)
            }
            let report = current[UnitYearKey(unit.no, year)]
            let published = report?.publishedOn
            let standing: Standing
            if report == nil {
                standing = deadline.map { today > $0 } ?? false ? .missing : .pending
            } else if let published {
                standing = deadline.map { published > $0 } ?? false ? .late : .onTime
            } else {
                standing = .undated
            }
            var found: [StoredFinding]?
            if let report {
                if report.no == 0 {
                    // Published here: checked now (a few agencies), against the unit's report of the year before.
                    let previous = current[UnitYearKey(unit.no, year - 1)].flatMap { $0.no == 0 ? try? Self.decode($0) : nil }
                    found = (try? Self.decode(report)).map { Self.findings(of: $0, previous: previous, report: 0) } ?? []
                } else {
                    found = findingsOf[report.no]
                }
            }
            var findings = (found ?? []).map { item in
                ReviewedFinding(finding: item.finding, key: item.key, review: reviews["\(unit.no)|\(item.key)"], reuse: item.reuse)
            }
            if standing == .late, let published, let deadline {
                let finding = Finding(code: .latePublication, severity: .error, message: "发布日期 \(published) 晚于期限 \(deadline)（\(rule)）")
                let key = Self.key(finding)
                findings.append(ReviewedFinding(finding: finding, key: key, review: reviews["\(unit.no)|\(key)"], reuse: nil))
            }
            var tally: [FindingTally]
            if found == nil, let report, let counted = tallies[report.no] {
                tally = counted
                if standing == .late { tally.append(FindingTally(code: .latePublication, severity: .error, count: 1)) }
                findings = []
            } else {
                tally = Self.tally(findings)
                if detail == .counts { findings = [] }
            }
            rows.append(UnitYear(unit: unit, standing: standing, deadline: deadline, deadlineRule: rule, publishedOn: published,
                                 report: report, versions: versions[unit.no] ?? 0, findings: findings, tally: tally))
        }
        // The worst first; among equals, the roster's order (by name).
        let order: [Standing] = [.missing, .late, .undated, .pending, .onTime]
        let keyed = rows.enumerated().map { k, row in
            (k, order.firstIndex(of: row.standing)!, row.count(.error), row.count(.warning))
        }
        rows = keyed.sorted { a, b in (a.1, -a.2, -a.3, a.0) < (b.1, -b.2, -b.3, b.0) }.map { rows[$0.0] }
        let unassigned = scope == nil ? collected.filter { $0.unitNo == nil && $0.year == year } : []
        return OversightYear(year: year, today: today, units: rows, unassigned: unassigned, reports: reports, unitNames: unitNames)
    }

    /// Findings counted by code and severity, dismissed ones left out.
    static func tally(_ findings: [ReviewedFinding]) -> [FindingTally] {
        FindingTally.count(findings.lazy.filter { $0.status != .dismissed }.map(\.finding))
    }
}

extension Office {
    /// A version of a unit's report of a year, and what changed from the one before it.
    public struct ReportVersion: Sendable {
        public let report: CollectedReport
        /// nil for the first version.
        public let diff: ReportDiff?
    }

    /// Every version of a unit's report of a year, oldest first (the last is the current one), each with its changes
    /// against the one before: the cells by their contract keys, and the sentences of each section.
    public func oversightVersions(year: Int, unit no: Int, by actor: Actor) async throws -> [ReportVersion] {
        let agency = try require(.oversee, actor)
        let units = try await stored { try await store.roster(owner: agency.id, only: [no]) }
        guard !units.isEmpty else { throw OfficeError.notFound("名册中没有编号为 \(no) 的单位") }
        let platform = try await platformReports(units, years: [year]).filter { $0.year == year }
        let collected = try await stored { try await store.collectedReports(owner: agency.id, years: [year], content: true, unit: no) }
        var result: [ReportVersion] = []
        var previous: AnnualReport?
        for report in platform + collected {
            let read = try Self.decode(report)
            result.append(ReportVersion(report: report, diff: previous.map { ReportDiff(from: $0, to: read) }))
            previous = read
        }
        return result
    }
}

