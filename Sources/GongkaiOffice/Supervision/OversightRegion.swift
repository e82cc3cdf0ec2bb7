import Foundation
import GongkaiCore
import GongkaiStore

/// The region as a supervisor sees it over the years: the roster units' tables added up, five-year trends (who
/// published late, applications and their outcomes, reconsiderations and lawsuits, copied sections), rankings of
/// units with enough applications to compare, and, behind every sum, the units that make it. All of it reads the
/// figures stored when each year's findings were worked out (``refresh(year:owner:)``) and decodes only the few
/// reports published on this installation.
extension Office {
    /// A region's year: its tables added up, one rollup per format the reports are in (the most used first).
    public struct RegionTables: Sendable {
        public let year: Int
        public let rollups: [Rollup]
    }

    public func oversightTables(year: Int, by actor: Actor) async throws -> RegionTables {
        let agency = try require(.oversee, actor)
        return try await remembered("tables|\(year)", owner: agency, reviews: false) { try await tables(year: year, owner: agency) }
    }

    func tables(year: Int, owner agency: Agency) async throws -> RegionTables {
        let figures = try await yearFigures(owner: agency, years: [year], cells: true)
        var rollups: [ReportFormat: Rollup] = [:]
        for item in figures {
            rollups[item.figures.format, default: Rollup(format: item.figures.format, year: year)].add(encoded: item.figures.cells[...])
        }
        return RegionTables(year: year, rollups: rollups.values.sorted { ($0.reports, $0.format.rawValue) > ($1.reports, $1.format.rawValue) })
    }

    /// One unit's value behind a region's sum.
    public struct CellValue: Sendable {
        public let unit: StoredRosterUnit
        /// nil: the report leaves the cell null.
        public let value: Decimal?
    }

    /// The units behind a sum of the region's tables: every roster unit whose report of the year gives the cell a
    /// number that is not zero, the largest first, then those whose report leaves it null.
    public func oversightCell(year: Int, key: String, by actor: Actor) async throws -> (cell: ReportCell, format: ReportFormat, units: [CellValue]) {
        let agency = try require(.oversee, actor)
        guard let cell = ReportCell(key: key) else { throw OfficeError.invalid("没有「\(key)」这一格", field: "key") }
        let (format, units) = try await remembered("cell|\(year)|\(key)", owner: agency, reviews: false) { try await cellUnits(year: year, cell: cell, owner: agency) }
        return (cell, format, units)
    }

    func cellUnits(year: Int, cell: ReportCell, owner agency: Agency) async throws -> (ReportFormat, [CellValue]) {
        let figures = try await yearFigures(owner: agency, years: [year], cells: true)
        var values: [CellValue] = []
        var formats: [ReportFormat: Int] = [:]
        // Which formats have the cell, once (not a search of a format's cells for each report).
        let hasCell = Dictionary(uniqueKeysWithValues: ReportFormat.allCases.map { ($0, ReportCell.all($0).contains(cell)) })
        for item in figures where hasCell[item.figures.format] == true {
            formats[item.figures.format, default: 0] += 1
            guard let found = ReportCell.value(of: cell, format: item.figures.format, in: item.figures.cells), found != 0 else { continue }
            values.append(CellValue(unit: item.unit, value: found))
        }
        // The largest first, then the nulls; among equals the roster's order (by name), as the figures come.
        let keys = values.map { $0.value.map { NSDecimalNumber(decimal: $0).doubleValue } ?? -.infinity }
        values = values.indices.sorted { (keys[$0], -$0) > (keys[$1], -$1) }.map { values[$0] }
        let format = formats.max { $0.value < $1.value }?.key ?? .y2021
        return (format, values)
    }

    /// A year of the region's trend.
    public struct TrendYear: Sendable {
        public let year: Int
        /// Roster units (as the roster is now).
        public let units: Int
        /// Reports of roster units collected or published here.
        public let reports: Int
        public let late: Int
        /// Reports giving no date of publication.
        public let undated: Int
        /// Reports with a section found copied (and not every such finding dismissed).
        public let reused: Int
        /// Each figure's sum over the reports that give it.
        public let sums: ReportFigures
        /// How many reports give each figure (``ReportFigures/columns`` order).
        public let given: [Int]

        public var onTime: Int { reports - late - undated }
        /// Units of the roster with no report of the year here.
        public var notReceived: Int { max(0, units - reports) }
    }

    /// The region's years, in order (a year with no report has zeros).
    public func oversightTrend(years: ClosedRange<Int>, by actor: Actor) async throws -> [TrendYear] {
        let agency = try require(.oversee, actor)
        return try await remembered("trend|\(years)", owner: agency) { try await trend(years: years, owner: agency, by: actor) }
    }

    /// What a trend is made of but the reviews: the roster's size, the stored figures' totals by year and the figures
    /// of the reports published here.
    struct TrendBase: Sendable {
        let units: Int
        let totals: [Int: FigureTotals]
        let platform: [StoredFigures]
    }

    func trend(years: ClosedRange<Int>, owner agency: Agency, by actor: Actor) async throws -> [TrendYear] {
        let store = store
        // Kept apart from the reviews (a review moves only what follows).
        let base = try await remembered("trend-base|\(years)", owner: agency, reviews: false) {
            async let totalsRead = stored { try await store.figureTotals(owner: agency.id, years: Array(years)) }
            let units = try await platformRoster(agency, by: actor)
            let platform = try await platformFigures(units, years: Array(years)).map(\.figures)
            return TrendBase(units: units.count, totals: try await totalsRead, platform: platform)
        }
        let (totals, platform) = (base.totals, base.platform)
        // A report whose every 雷同 a person dismissed is not counted as copied (reviews are few: read per unit).
        var cleared: [Int: Int] = [:]
        for year in years {
            var dismissed: [Int: Int] = [:]
            for review in try await stored({ try await store.findingReviews(year: year, owner: agency.id) }).values
            where review.status == .dismissed && review.key.hasPrefix(FindingCode.textReused.rawValue + "|") {
                dismissed[review.unitNo, default: 0] += 1
            }
            for (unit, count) in dismissed {
                let figures = try await stored { try await store.storedFigures(owner: agency.id, years: [year], unit: unit) }
                if let reused = figures.last?.reused, reused > 0, count >= reused { cleared[year, default: 0] += 1 }
            }
        }
        return years.map { year in
            let total = totals[year]
            var reports = total?.reports ?? 0, late = total?.late ?? 0, undated = total?.undated ?? 0
            var sums = total?.sums.values ?? Array(repeating: nil, count: ReportFigures.columns.count)
            var given = total?.given ?? Array(repeating: 0, count: ReportFigures.columns.count)
            for item in platform where item.year == year {
                reports += 1
                if item.late == true { late += 1 }
                if item.late == nil, item.publishedOn == nil { undated += 1 }
                for (k, value) in item.figures.values.enumerated() {
                    guard let value else { continue }
                    sums[k] = (sums[k] ?? 0) + value
                    given[k] += 1
                }
            }
            return TrendYear(year: year, units: base.units, reports: reports, late: late, undated: undated, reused: (total?.reused ?? 0) - (cleared[year] ?? 0),
                             sums: ReportFigures(values: sums), given: given)
        }
    }

    /// A unit in a ranking.
    public struct Ranked: Sendable {
        public let unit: StoredRosterUnit
        public let figures: ReportFigures
    }

    /// The units with at least `minimum` applications received in the year, by 公开率 (granted in full or in part over
    /// closed), the highest first; and how many units had fewer (left out: a rate over a handful says nothing).
    public func oversightRanking(year: Int, minimum: Int, by actor: Actor) async throws -> (ranked: [Ranked], fewer: Int) {
        let agency = try require(.oversee, actor)
        let result = try await remembered("ranking|\(year)|\(minimum)", owner: agency, reviews: false) {
            let (ranked, fewer) = try await ranking(year: year, minimum: minimum, owner: agency)
            return Ranking(ranked: ranked, fewer: fewer)
        }
        return (result.ranked, result.fewer)
    }

    struct Ranking: Sendable {
        let ranked: [Ranked]
        let fewer: Int
    }

    func ranking(year: Int, minimum: Int, owner agency: Agency) async throws -> (ranked: [Ranked], fewer: Int) {
        let figures = try await yearFigures(owner: agency, years: [year], cells: false)
        var ranked: [Ranked] = []
        var fewer = 0
        for item in figures {
            if let received = item.figures.figures.received, received >= minimum {
                ranked.append(Ranked(unit: item.unit, figures: item.figures.figures))
            } else {
                fewer += 1
            }
        }
        ranked.sort { a, b in
            let x = a.figures.grantedShare ?? -1, y = b.figures.grantedShare ?? -1
            return x != y ? x > y : (a.figures.received ?? 0, b.unit.unit.name) > (b.figures.received ?? 0, a.unit.unit.name)
        }
        return (ranked, fewer)
    }

    /// A unit's figures over the years, in order (years with no report left out).
    public func unitTrend(unit no: Int, years: ClosedRange<Int>, by actor: Actor) async throws -> [StoredFigures] {
        let agency = try require(.oversee, actor)
        let units = try await stored { try await store.roster(owner: agency.id, only: [no]) }
        let stored = try await stored { try await store.storedFigures(owner: agency.id, years: Array(years), unit: no) }
        let platform = try await platformFigures(units, years: Array(years)).map(\.figures)
        // A report collected from a file comes after the one published here (as in the year's view).
        var byYear: [Int: StoredFigures] = [:]
        for item in platform + stored { byYear[item.year] = item }
        return byYear.keys.sorted().map { byYear[$0]! }
    }

    // MARK: - Helpers

    /// The figures of the roster units' current reports of the years, with their units: those stored, and those of
    /// the reports published here (worked out now).
    func yearFigures(owner agency: Agency, years: [Int], cells: Bool) async throws -> [(unit: StoredRosterUnit, figures: StoredFigures)] {
        // The region's tables, the units behind a sum and the ranking read the same rows (the region's API and a sum
        // opened from the tables read them one after another): the first after a change reads them for the others
        // (the figures come with the cells; the ranking alone reads no cells).
        let question = "figures|\(Set(years).sorted())"
        if !cells, let read: [(unit: StoredRosterUnit, figures: StoredFigures)] = try await recalled(question + "|cells", owner: agency, reviews: false) {
            return read
        }
        return try await remembered(question + (cells ? "|cells" : ""), owner: agency, reviews: false) {
            try await readYearFigures(owner: agency, years: years, cells: cells)
        }
    }

    private func readYearFigures(owner agency: Agency, years: [Int], cells: Bool) async throws -> [(unit: StoredRosterUnit, figures: StoredFigures)] {
        // The figures are read while the roster is.
        let store = store
        async let storedRead = stored { try await store.storedFigures(owner: agency.id, years: years, cells: cells) }
        let units = try await platformRoster(agency, by: .commandLine(nil))
        let platform = try await platformFigures(units, years: years)
        let stored = try await storedRead
        // By year, then in the roster's order (by name); a file collected comes after the report published here, a
        // later file after an earlier one. Positions, not copies: the figures are large and there are thousands.
        return Set(years).sorted().flatMap { year -> [(unit: StoredRosterUnit, figures: StoredFigures)] in
            var collected: [Int: Int] = [:]
            for k in stored.indices where stored[k].year == year { if let no = stored[k].unitNo { collected[no] = k } }
            var published: [Int: Int] = [:]
            for k in platform.indices where platform[k].figures.year == year { published[platform[k].unit.no] = k }
            return units.compactMap { unit in
                if let k = collected[unit.no] { return (unit, stored[k]) }
                return published[unit.no].map { (unit, platform[$0].figures) }
            }
        }
    }

    /// The figures of the reports the roster's units published on this installation.
    func platformFigures(_ units: [StoredRosterUnit], years: [Int]) async throws -> [(unit: StoredRosterUnit, figures: StoredFigures)] {
        let reports = try await platformReports(units, years: years)
        let byNo = Dictionary(units.map { ($0.no, $0) }, uniquingKeysWith: { a, _ in a })
        return reports.compactMap { report in
            guard let unit = report.unitNo.flatMap({ byNo[$0] }), let year = report.year, let read = try? Self.decode(report) else { return nil }
            return (unit, Self.figures(of: read, report: report, unit: unit, year: year, reused: 0))
        }
    }
}
