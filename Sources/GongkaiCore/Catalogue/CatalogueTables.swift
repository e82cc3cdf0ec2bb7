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
        let end = CivilDate(year: year, month: 12, day: 31)!
        for record in records where record.disclosure == .proactive {
            let formedInYear = record.formedOn.year == year
            func count(_ policy: inout Policy) {
                if formedInYear { policy.issued += 1 }
                if record.validity == .repealed || record.validity == .expired, record.validityChangedOn?.year == year {
                    policy.repealed += 1
                }
                if record.isInForce(on: end) { policy.inForce += 1 }
            }
            switch record.kind {
            case .rule: count(&rules)
            case .normativeDocument: count(&normativeDocuments)
            case .licensingDecision where formedInYear: licensing += 1
            case .penaltyDecision where formedInYear: penalty += 1
            case .coercionDecision where formedInYear: coercion += 1
            default: break
            }
        }
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
