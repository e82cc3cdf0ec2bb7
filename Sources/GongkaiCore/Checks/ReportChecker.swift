import Foundation

/// Runs every check of the report engine over a report and returns the findings, in a stable order.
///
/// For example:
/// ```
/// let findings = ReportChecker.check(report, previous: lastYear)
/// let blocking = findings.contains { $0.severity == .error }
/// ```
public enum ReportChecker {
    /// The codes the checks can produce. A report's findings with other codes (from reading a source, say) are left
    /// alone when the checks are run again.
    public static let codes: Set<FindingCode> = [
        .t3Balance, .t3RowTotal, .t3OutcomeTotal, .t4Total, .negativeCount, .negativeAmount, .missingSection,
        .headingMismatch, .missingTable, .missingCell, .formatYearMismatch, .latePublication, .earlyPublication,
        .narrativeMismatch, .carryoverMismatch, .t2PublishedTotal, .missingYear,
    ]

    /// All findings for a report. `previous` is the same agency's report for the year before, when known; it enables
    /// `CARRYOVER-MISMATCH`. `level` is the agency's, when known (it decides the publication deadline; otherwise it is
    /// told from the agency's name).
    public static func check(_ report: AnnualReport, previous: AnnualReport? = nil, level: AgencyLevel? = nil) -> [Finding] {
        var findings: [Finding] = []
        findings.reserveCapacity(8)
        checkStructure(report, into: &findings)
        checkYear(report, level: level, into: &findings)
        if let table2 = report.table2 { checkTable2(table2, into: &findings) }
        if let table3 = report.table3 { checkTable3(table3, into: &findings) }
        if let table4 = report.table4 { checkTable4(table4, into: &findings) }
        if report.sections != nil { NarrativeCheck.check(report, into: &findings) }
        if let previous { checkCarryover(report, previous: previous, into: &findings) }
        return findings
    }

    // MARK: - Sections and tables present

    static func checkStructure(_ report: AnnualReport, into findings: inout [Finding]) {
        if let sections = report.sections {
            for spec in report.format.spec.sections {
                guard let section = sections.first(where: { $0.number == spec.number }) else {
                    findings.append(Finding(
                        code: .missingSection, severity: .error,
                        message: "缺少第\(spec.numeral)部分「\(spec.heading)」",
                        location: Location(section: spec.number)))
                    continue
                }
                if let finding = HeadingCheck.check(section, spec: spec, all: report.format.spec.sections) {
                    findings.append(finding)
                }
            }
        }
        for table in TableID.allCases where !report.has(table) {
            findings.append(Finding(
                code: .missingTable, severity: .error,
                message: "缺少\(table.displayName)（\(table.title)）",
                location: Location(table: table)))
        }
    }

    // MARK: - Format, year, publication date

    static func checkYear(_ report: AnnualReport, level: AgencyLevel? = nil, into findings: inout [Finding]) {
        guard let year = report.year else {
            findings.append(Finding(
                code: .missingYear, severity: .info,
                message: "未给出报告年度，无法检查格式与年度是否相符及是否按期发布"))
            return
        }
        if let prescribed = ReportFormat.prescribed(forReportYear: year) {
            if prescribed != report.format {
                findings.append(Finding(
                    code: .formatYearMismatch, severity: .error,
                    message: "\(year) 年度报告应使用\(prescribed.displayName)（\(prescribed.documentNumber)），"
                        + "实际使用的是\(report.format.displayName)"))
            }
        } else {
            findings.append(Finding(
                code: .formatYearMismatch, severity: .error,
                message: "报告年度 \(year) 早于统一格式的施行（2019 年度起），不适用\(report.format.displayName)"))
        }
        guard let published = report.publishedOn else { return }
        let yearEnd = CivilDate(year: year, month: 12, day: 31)
        if let yearEnd, published <= yearEnd {
            findings.append(Finding(
                code: .earlyPublication, severity: .warning,
                message: "发布日期 \(published) 不晚于统计年度结束日 \(yearEnd)，年度报告应在年度结束后发布（日期或年度是否写错？）"))
            return
        }
        let deadline = level.map { PublicationDeadline(level: $0, reportYear: year) }
            ?? PublicationDeadline(agency: report.agency, reportYear: year)
        if let date = deadline.date, published > date {
            findings.append(Finding(
                code: .latePublication, severity: .error,
                message: "发布日期 \(published) 晚于法定期限 \(date)（\(deadline.rule)）"))
        }
    }

    // MARK: - Table 二

    static func checkTable2(_ table: Table2, into findings: inout [Finding]) {
        let spec = table.format.spec
        var missing: [(row: Table2RowSpec, fields: [Table2Field])] = []
        for row in spec.table2Rows {
            var absent: [Table2Field] = []
            for field in row.fields {
                guard let value = table[row.key, field.key] else { absent.append(field); continue }
                guard value < 0 else { continue }
                let location = Location(table: .table2, row: row.key, column: .field(field.key))
                switch field.kind {
                case .count:
                    findings.append(Finding(
                        code: .negativeCount, severity: .error,
                        message: "表二「\(row.label)」的「\(field.label)」为 \(value)，数量不能为负", location: location))
                case .money:
                    findings.append(Finding(
                        code: .negativeAmount, severity: .error,
                        message: "表二「\(row.label)」的「\(field.label)」为 \(value)，金额不能为负", location: location))
                case .signedCount:
                    break
                }
            }
            if !absent.isEmpty { missing.append((row, absent)) }
            if table.format == .y2019, let made = table[row.key, "newlyPublished"],
               let total = table[row.key, "totalPublished"], total < made
            {
                findings.append(Finding(
                    code: .t2PublishedTotal, severity: .warning,
                    message: "表二「\(row.label)」：对外公开总数量 \(total) 小于本年新公开数量 \(made)",
                    location: Location(table: .table2, row: row.key, column: .field("totalPublished"))))
            }
        }
        reportMissing(table: .table2, rows: missing.map { entry in
            (entry.row.key, "「\(entry.row.label)」", entry.fields.map(\.label), entry.fields.count == entry.row.fields.count)
        }, cellCount: spec.table2Rows.reduce(0) { $0 + $1.fields.count }, into: &findings)
    }

    // MARK: - Table 三

    static func checkTable3(_ table: Table3, into findings: inout [Finding]) {
        let spec = table.format.spec
        let columns = Table3Column.all
        var missing: [(String, String, [String], Bool)] = []

        for rowSpec in spec.table3Rows {
            let cells = table[rowSpec.row]
            let absent = columns.filter { cells[$0.index] == nil }
            if !absent.isEmpty {
                missing.append((rowSpec.key, "「\(rowSpec.shortName)」", absent.map(\.label), absent.count == cells.count))
            }
            for column in columns {
                if let v = cells[column.index], v < 0 {
                    findings.append(Finding(
                        code: .negativeCount, severity: .error,
                        message: "表三「\(rowSpec.shortName)」行 \(column.shortName)列为 \(v)，申请数量不能为负",
                        location: Location(table: .table3, row: rowSpec.key, column: .index(column.index))))
                }
            }
            // 总计 = the six applicant columns.
            let applicants = cells.prefix(Table3Column.applicantCount)
            if let total = cells[Table3Column.totalIndex], applicants.allSatisfy({ $0 != nil }) {
                let sum = applicants.reduce(0) { $0 + ($1 ?? 0) }
                if sum != total {
                    let terms = zip(columns, applicants).map { "\($0.shortName) \($1 ?? 0)" }.joined(separator: " + ")
                    findings.append(Finding(
                        code: .t3RowTotal, severity: .error,
                        message: "表三「\(rowSpec.shortName)」行：\(terms) = \(sum) ≠ 总计 \(total)",
                        location: Location(table: .table3, row: rowSpec.key, column: .index(Table3Column.totalIndex))))
                }
            }
        }
        reportMissing(table: .table3, rows: missing, cellCount: spec.table3Rows.count * Table3.columnCount,
                      into: &findings)

        let outcomes = spec.table3Rows.filter { $0.role == .outcome }
        for column in columns {
            let c = column.index
            // （七）总计 = the sum of the outcome rows.
            if let total = table[.total, c] {
                let values = outcomes.map { (spec: $0, value: table[$0.row, c]) }
                if values.allSatisfy({ $0.value != nil }) {
                    let sum = values.reduce(0) { $0 + ($1.value ?? 0) }
                    if sum != total {
                        let nonZero = values.filter { $0.value != 0 }
                        let detail = nonZero.isEmpty || nonZero.count > 6
                            ? "各项办理结果之和 \(sum)"
                            : nonZero.map { "\($0.spec.shortName) \($0.value ?? 0)" }.joined(separator: " + ") + " = \(sum)"
                        findings.append(Finding(
                            code: .t3OutcomeTotal, severity: .error,
                            message: "表三 \(column.shortName)列：\(detail) ≠ （七）总计 \(total)",
                            location: Location(table: .table3, row: Table3Row.total.key, column: .index(c))))
                    }
                }
            }
            // 一 + 二 = 三 + 四.
            if let received = table[.received, c], let carriedOver = table[.carriedOver, c],
               let total = table[.total, c], let carriedForward = table[.carriedForward, c],
               received + carriedOver != total + carriedForward
            {
                findings.append(Finding(
                    code: .t3Balance, severity: .error,
                    message: "表三 \(column.shortName)列：新收 \(received) + 上年结转 \(carriedOver) ≠ "
                        + "办理结果总计 \(total) + 结转下年度 \(carriedForward)",
                    location: Location(table: .table3, column: .index(c))))
            }
        }
    }

    // MARK: - Table 四

    static func checkTable4(_ table: Table4, into findings: inout [Finding]) {
        var missing: [(String, String, [String], Bool)] = []
        for spec in Table4BlockSpec.all {
            let cells = table[spec.block]
            let absent = Table4BlockSpec.columns.indices.filter { cells[$0] == nil }
            if !absent.isEmpty {
                missing.append((spec.block.key, "「\(spec.shortName)」", absent.map { Table4BlockSpec.columns[$0] },
                                absent.count == cells.count))
            }
            for (i, value) in cells.enumerated() {
                if let value, value < 0 {
                    findings.append(Finding(
                        code: .negativeCount, severity: .error,
                        message: "表四 \(spec.shortName)「\(Table4BlockSpec.columns[i])」为 \(value)，案件数量不能为负",
                        location: Location(table: .table4, row: spec.block.key, column: .index(i))))
                }
            }
            let parts = cells.prefix(Table4BlockSpec.totalIndex)
            if let total = cells[Table4BlockSpec.totalIndex], parts.allSatisfy({ $0 != nil }) {
                let sum = parts.reduce(0) { $0 + ($1 ?? 0) }
                if sum != total {
                    let terms = zip(Table4BlockSpec.columns, parts).map { "\($0) \($1 ?? 0)" }.joined(separator: " + ")
                    findings.append(Finding(
                        code: .t4Total, severity: .error,
                        message: "表四 \(spec.shortName)：\(terms) = \(sum) ≠ 总计 \(total)",
                        location: Location(table: .table4, row: spec.block.key, column: .index(Table4BlockSpec.totalIndex))))
                }
            }
        }
        reportMissing(table: .table4, rows: missing, cellCount: 15, into: &findings)
    }

    /// One `MISSING-CELL` per row with null cells, or one for the whole table when every cell is null.
    private static func reportMissing(
        table: TableID, rows: [(key: String, name: String, columns: [String], whole: Bool)], cellCount: Int,
        into findings: inout [Finding]
    ) {
        let nullCount = rows.reduce(0) { $0 + $1.columns.count }
        if nullCount == cellCount {
            findings.append(Finding(
                code: .missingCell, severity: .error,
                message: "\(table.displayName)的 \(cellCount) 个数全部缺失", location: Location(table: table)))
            return
        }
        for row in rows {
            let what = row.whole ? "整行缺失" : "缺少" + row.columns.joined(separator: "、")
            findings.append(Finding(
                code: .missingCell, severity: .error,
                message: "\(table.displayName)\(row.name)：\(what)（\(row.columns.count) 个数）",
                location: Location(table: table, row: row.key)))
        }
    }

    // MARK: - Two consecutive years

    static func checkCarryover(_ report: AnnualReport, previous: AnnualReport, into findings: inout [Finding]) {
        if let year = report.year, let previousYear = previous.year, previousYear != year - 1 {
            findings.append(Finding(
                code: .carryoverMismatch, severity: .warning,
                message: "用于比对的上一年度报告是 \(previousYear) 年度，不是 \(year - 1) 年度，未比对结转数",
                location: Location(table: .table3, row: Table3Row.carriedOver.key)))
            return
        }
        checkInForce(report, previous: previous, into: &findings)
        guard let current = report.table3, let last = previous.table3 else { return }
        let label = previous.year.map { "\($0) 年度报告" } ?? "上一年度报告"
        for column in Table3Column.all {
            guard let carriedOver = current[.carriedOver, column.index],
                  let carriedForward = last[.carriedForward, column.index],
                  carriedOver != carriedForward else { continue }
            findings.append(Finding(
                code: .carryoverMismatch, severity: .warning,
                message: "表三 \(column.shortName)列：本年「上年结转」\(carriedOver) ≠ \(label)「结转下年度」\(carriedForward)",
                location: Location(table: .table3, row: Table3Row.carriedOver.key, column: .index(column.index))))
        }
    }
}

extension ReportChecker {
    /// 现行有效(Y) = 现行有效(Y − 1) + 本年制发(Y) − 本年废止(Y) for 规章 and 行政规范性文件 (2021 format, both years): what
    /// the catalogue guarantees by construction, and what a typed table 二 often breaks.
    static func checkInForce(_ report: AnnualReport, previous: AnnualReport, into findings: inout [Finding]) {
        guard report.format == .y2021, previous.format == .y2021, let current = report.table2, let last = previous.table2 else { return }
        let label = previous.year.map { "\($0) 年度报告" } ?? "上一年度报告"
        for (row, name) in [("rules", "规章"), ("normativeDocuments", "行政规范性文件")] {
            guard let inForce = current[row, "inForce"], let issued = current[row, "issued"], let repealed = current[row, "repealed"],
                  let before = last[row, "inForce"] else { continue }
            let expected = before + issued - repealed
            guard inForce != expected else { continue }
            findings.append(Finding(
                code: .t2InForceCarryover, severity: .warning,
                message: "表二 \(name)：现行有效 \(inForce) ≠ \(label)现行有效 \(before) + 本年制发 \(issued) − 本年废止 \(repealed) = \(expected)",
                location: Location(table: .table2, row: row, column: .field("inForce"))))
        }
    }
}

extension AnnualReport {
    /// Whether the report has a table.
    public func has(_ table: TableID) -> Bool {
        switch table {
        case .table2: table2 != nil
        case .table3: table3 != nil
        case .table4: table4 != nil
        }
    }

    /// The report with its check findings brought up to date: findings of other origins (the reader's) are kept,
    /// check findings are computed afresh.
    public func rechecked(previous: AnnualReport? = nil) -> AnnualReport {
        var copy = self
        copy.findings = findings.filter { !ReportChecker.codes.contains($0.code) }
            + ReportChecker.check(self, previous: previous)
        return copy
    }
}
