import Foundation

/// Table 二 of the 2021 format as it follows from the catalogue (CATALOGUE-JSONL.md): for 规章 and 行政规范性文件,
/// 本年制发 (formed in the year), 本年废止 (repealed or expired in the year) and 现行有效 (formed by 31 December and not
/// repealed or expired by then), so that 现行有效(Y) = 现行有效(Y − 1) + 制发(Y) − 废止(Y) by construction; and the
/// 行政许可, 行政处罚, 行政强制 decisions formed in the year, for agencies that publish them as records.
public struct CatalogueCounts: Sendable, Equatable {
    public struct Policy: Sendable, Equatable {
        public var issued = 0
        public var repealed = 0
        public var inForce = 0
    }

    public var rules = Policy()
    public var normativeDocuments = Policy()
    public var licensing = 0
    public var penalty = 0
    public var coercion = 0

    public init() {}

    /// The counts of year `year` over `records` (only records made public proactively count: the catalogue's).
    public init(records: some Sequence<CatalogueRecord>, year: Int) {
        let members = Self.members(records, year: year)
        func n(_ key: String) -> Int { members[key]?.count ?? 0 }
        rules = Policy(issued: n("rules.issued"), repealed: n("rules.repealed"), inForce: n("rules.inForce"))
        normativeDocuments = Policy(issued: n("normativeDocuments.issued"), repealed: n("normativeDocuments.repealed"),
                                    inForce: n("normativeDocuments.inForce"))
        licensing = n("licensing.decisions")
        penalty = n("penalty.decisions")
        coercion = n("coercion.decisions")
    }

    /// The records behind each cell, by `row.field` (`rules.inForce`, `licensing.decisions`): the one rule of
    /// CATALOGUE-JSONL.md, which the counts are the sizes of.
    public static func members(_ records: some Sequence<CatalogueRecord>, year: Int) -> [String: [CatalogueRecord]] {
        let end = CivilDate(year: year, month: 12, day: 31)!
        var members: [String: [CatalogueRecord]] = [:]
        for record in records where record.disclosure == .proactive {
            let formedInYear = record.formedOn.year == year
            func policy(_ row: String) {
                if formedInYear { members[row + ".issued", default: []].append(record) }
                if record.validity == .repealed || record.validity == .expired, record.validityChangedOn?.year == year {
                    members[row + ".repealed", default: []].append(record)
                }
                if record.isInForce(on: end) { members[row + ".inForce", default: []].append(record) }
            }
            switch record.kind {
            case .rule: policy("rules")
            case .normativeDocument: policy("normativeDocuments")
            case .licensingDecision where formedInYear: members["licensing.decisions", default: []].append(record)
            case .penaltyDecision where formedInYear: members["penalty.decisions", default: []].append(record)
            case .coercionDecision where formedInYear: members["coercion.decisions", default: []].append(record)
            default: break
            }
        }
        return members
    }

    /// The rows of table 二 a catalogue counts: the policy rows when it holds any 规章 or 规范性文件, a decision row
    /// when it holds any decision of that kind (an agency that does not keep them in the catalogue types them).
    public static func countedRows(_ records: some Sequence<CatalogueRecord>) -> Set<String> {
        var rows: Set<String> = []
        for record in records where record.disclosure == .proactive {
            switch record.kind {
            case .rule, .normativeDocument: rows.formUnion(["rules", "normativeDocuments"])
            case .licensingDecision: rows.insert("licensing")
            case .penaltyDecision: rows.insert("penalty")
            case .coercionDecision: rows.insert("coercion")
            default: break
            }
        }
        return rows
    }

    /// The cells of table 二 (2021 format) these counts fill, by row and field key.
    public var cells: [(row: String, field: String, value: Int)] {
        [("rules", "issued", rules.issued), ("rules", "repealed", rules.repealed), ("rules", "inForce", rules.inForce),
         ("normativeDocuments", "issued", normativeDocuments.issued), ("normativeDocuments", "repealed", normativeDocuments.repealed),
         ("normativeDocuments", "inForce", normativeDocuments.inForce),
         ("licensing", "decisions", licensing), ("penalty", "decisions", penalty), ("coercion", "decisions", coercion)]
    }

    /// Writes the counts into a report's table 二 (2021 format); the other cells (fees) stay as they are.
    public func fill(_ table: inout Table2) {
        for cell in cells { table[cell.row, cell.field] = Decimal(cell.value) }
    }
}

/// The publication clock of 条例 Art. 26: a record is due 20 working days after the information is formed (or
/// changed), on the working-day calendar the case system uses; a 政策解读 is expected within 3 working days of the
/// document it interprets (a local rule many agencies follow: research/catalogue.md §1.2).
public struct PublicationClock: Sendable {
    public let calculator: DeadlineCalculator
    public static let workingDays = 20
    public static let interpretationWorkingDays = 3

    public init(calculator: DeadlineCalculator = DeadlineCalculator()) {
        self.calculator = calculator
    }

    /// The last day to publish a record formed (or changed) on `formed`; nil when the calendar does not reach it.
    public func due(formed: CivilDate) -> DeadlineCalculator.Result? {
        try? calculator.add(workingDays: Self.workingDays, to: formed, what: "公开期限（条例第二十六条）")
    }

    /// Whether a record is late on `today` (unpublished past its due date) or was published late.
    public func isLate(_ record: CatalogueRecord, today: CivilDate) -> Bool {
        guard let due = due(formed: record.formedOn)?.date else { return false }
        return (record.publishedOn ?? today) > due
    }

    /// The published policy documents (规章, 规范性文件) still in force that have no 政策解读 three working days after
    /// publication.
    public func missingInterpretations(_ records: [CatalogueRecord], today: CivilDate) -> [CatalogueRecord] {
        let interpreted = Set(records.compactMap { $0.kind == .policyInterpretation ? $0.interprets.map(IndexNumber.comparable) : nil })
        return records.filter { record in
            guard record.kind.hasValidity, record.isInForce(on: today), let published = record.publishedOn, let number = record.indexNumber,
                  !interpreted.contains(IndexNumber.comparable(number)),
                  let expected = try? calculator.add(workingDays: Self.interpretationWorkingDays, to: published, what: "政策解读")
            else { return false }
            return today > expected.date
        }
    }
}
