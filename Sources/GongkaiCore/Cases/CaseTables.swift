/// Tables 三 and 四 of a report year counted from the cases, by the rules of CASES-JSONL.md:
///
/// - `received`: cases received in the year; `carriedOver`: received before it and not closed before 1 January;
/// - each outcome row: cases closed in the year with that outcome (a withdrawal counts under `otherHandling.other`);
///   `total`: their sum; `carriedForward`: received by 31 December and not closed by then;
/// - table 四: a review decided in the year counts under its result; one filed by 31 December and not decided by
///   then under 尚未审结; 总计 is the sum of the four.
///
/// So 一 + 二 = 三（七） + 四 holds by construction. This is the straightforward count over records in memory; the
/// store computes the same numbers in the database (and the tests hold the two equal).
public struct CaseTally: Sendable, Equatable {
    /// Counts by table 三 row (the 2021 rows; `total` included) and applicant column (0…5).
    public var table3: [Table3Row: [Int]] = [:]
    /// Counts by table 四 block and column (结果维持, 结果纠正, 其他结果, 尚未审结; 0…3).
    public var table4: [Table4Block: [Int]] = [:]

    public init() {}

    public mutating func add(_ row: Table3Row, column: Int, count: Int = 1) {
        table3[row, default: [Int](repeating: 0, count: 6)][column] += count
    }

    public mutating func add(_ block: Table4Block, column: Int, count: Int = 1) {
        table4[block, default: [Int](repeating: 0, count: 4)][column] += count
    }

    /// Counts the cases for a report year.
    public init(cases: some Sequence<CaseRecord>, year: Int) {
        let start = CivilDate(year: year, month: 1, day: 1)!
        let end = CivilDate(year: year, month: 12, day: 31)!
        for record in cases {
            let column = record.applicant.type.column
            let closed = record.closing?.date
            if record.received >= start, record.received <= end { add(.received, column: column) }
            if record.received < start, closed.map({ $0 >= start }) ?? true { add(.carriedOver, column: column) }
            if let closed, closed >= start, closed <= end, let row = record.outcomeRow { add(row, column: column) }
            if record.received <= end, closed.map({ $0 > end }) ?? true { add(.carriedForward, column: column) }
            for review in record.reviews {
                if let decided = review.decided, let result = review.result, decided >= start, decided <= end {
                    add(review.kind, column: result.column)
                } else if review.filed <= end, review.decided.map({ $0 > end }) ?? true {
                    add(review.kind, column: 3)
                }
            }
        }
    }

    /// The report of the year with tables 三 and 四 filled in (format prescribed for the year; in the 2019 format the
    /// three 其他处理 rows add up to its single row). Table 二 and the prose are not derived from cases.
    public func report(year: Int, agency: String? = nil) -> AnnualReport {
        let format = ReportFormat.prescribed(forReportYear: year) ?? .y2019
        var counts = table3
        if format == .y2019 {
            var merged = [Int](repeating: 0, count: 6)
            for row in [Table3Row.otherHandlingNoCorrection, .otherHandlingFeeUnpaid, .otherHandlingOther] {
                for (i, n) in (counts.removeValue(forKey: row) ?? []).enumerated() { merged[i] += n }
            }
            counts[.otherHandling] = merged
        }
        let zero = [Int](repeating: 0, count: 6)
        var total = zero
        for spec in format.spec.table3Rows where spec.role == .outcome {
            for (i, n) in counts[spec.row, default: zero].enumerated() { total[i] += n }
        }
        counts[.total] = total
        var table3 = Table3(format: format)
        for row in format.spec.table3RowKeys {
            let cells = counts[row, default: zero]
            table3[row] = cells.map { Optional($0) } + [cells.reduce(0, +)]
        }
        var table4 = Table4()
        for block in Table4Block.allCases {
            let cells = self.table4[block] ?? [0, 0, 0, 0]
            table4[block] = cells.map { Optional($0) } + [cells.reduce(0, +)]
        }
        return AnnualReport(format: format, agency: agency, year: year, table3: table3, table4: table4)
    }
}
