import Foundation

/// One number of a report's tables, named by its REPORT-JSON key: `table2.rules.issued`, `table3.granted[6]`,
/// `table4.reconsideration[1]`.
public enum ReportCell: Sendable, Hashable {
    case table2(row: String, field: String)
    case table3(Table3Row, Int)
    case table4(Table4Block, Int)

    /// The contract key.
    public var key: String {
        switch self {
        case let .table2(row, field): "table2.\(row).\(field)"
        case let .table3(row, column): "table3.\(row.key)[\(column)]"
        case let .table4(block, column): "table4.\(block.key)[\(column)]"
        }
    }

    /// The cell of a contract key, or nil when no format has it.
    public init?(key: String) {
        guard let cell = Self.byKey[key] else { return nil }
        self = cell
    }

    /// Every cell of a format's three tables, in official order.
    public static func all(_ format: ReportFormat) -> [ReportCell] {
        format == .y2021 ? all2021 : all2019
    }

    private static func make(_ format: ReportFormat) -> [ReportCell] {
        format.spec.table2Rows.flatMap { row in row.fields.map { ReportCell.table2(row: row.key, field: $0.key) } }
            + format.spec.table3RowKeys.flatMap { row in (0..<Table3.columnCount).map { ReportCell.table3(row, $0) } }
            + Table4Block.allCases.flatMap { block in (0..<Table4.columnCount).map { ReportCell.table4(block, $0) } }
    }

    private static let all2021 = make(.y2021)
    private static let all2019 = make(.y2019)
    private static let byKey: [String: ReportCell] = Dictionary((all2021 + all2019).map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })

    /// What a person reads for the cell: `表三 （一）予以公开 · 总计`.
    public func label(_ format: ReportFormat) -> String {
        switch self {
        case let .table2(row, field):
            let spec = format.spec.table2Rows.first { $0.key == row }
            return "表二 \(spec?.label ?? row) · \(spec?.fields.first { $0.key == field }?.label ?? field)"
        case let .table3(row, column):
            let spec = format.spec.table3Rows.first { $0.row == row }
            return "表三 \(spec?.shortName ?? row.key) · \(Table3Column.all[column].label)"
        case let .table4(block, column):
            return "表四 \(Table4BlockSpec.spec(block).shortName) · \(Table4BlockSpec.columns[column])"
        }
    }
}

extension AnnualReport {
    /// A cell's value (nil: null, or the report has no such table or row).
    public func value(_ cell: ReportCell) -> Decimal? {
        switch cell {
        case let .table2(row, field):
            return table2.flatMap { $0.format.spec.table2Rows.contains { $0.key == row } ? $0[row, field] : nil }
        case let .table3(row, column):
            return table3.flatMap { $0.has(row) ? $0[row, column].map { Decimal($0) } : nil }
        case let .table4(block, column):
            return table4?[block, column].map { Decimal($0) }
        }
    }

    /// Every cell of the report's format with its value.
    public var cells: [(cell: ReportCell, value: Decimal?)] {
        ReportCell.all(format).map { ($0, value($0)) }
    }
}

/// The few figures a supervisor compares across units and years, from a report's tables (nil: the report does not
/// give the figure). Table 三's figures are its 总计 column; the outcome groups add up their rows.
public struct ReportFigures: Sendable, Hashable {
    /// 一、本年新收政府信息公开申请数量.
    public var received: Int?
    /// 二、上年结转政府信息公开申请数量.
    public var carriedOver: Int?
    /// （一）予以公开.
    public var granted: Int?
    /// （二）部分公开.
    public var partlyGranted: Int?
    /// （三）不予公开, its eight rows.
    public var withheld: Int?
    /// （四）无法提供, its three rows.
    public var unavailable: Int?
    /// （五）不予处理, its five rows.
    public var notProcessed: Int?
    /// （六）其他处理 (the 2019 format's one row, or the 2021 format's three).
    public var otherHandling: Int?
    /// （七）总计: applications closed this year.
    public var closed: Int?
    /// 四、结转下年度继续办理.
    public var carriedForward: Int?
    /// 行政复议 总计, and of them 结果纠正.
    public var reconsidered: Int?
    public var reconsiderationCorrected: Int?
    /// 行政诉讼 (both blocks) 总计, and of them 结果纠正.
    public var litigated: Int?
    public var litigationCorrected: Int?

    public init() {}

    public init(_ report: AnnualReport) {
        let total = Table3Column.totalIndex
        let t3 = report.table3
        func three(_ rows: Table3Row...) -> Int? {
            guard let t3 else { return nil }
            let present = rows.filter { t3.has($0) }
            guard !present.isEmpty else { return nil }
            var sum = 0
            for row in present {
                guard let value = t3[row, total] else { return nil }
                sum += value
            }
            return sum
        }
        func add(_ a: Int?, _ b: Int?) -> Int? { a.flatMap { a in b.map { a + $0 } } }
        received = three(.received)
        carriedOver = three(.carriedOver)
        granted = three(.granted)
        partlyGranted = three(.partlyGranted)
        withheld = three(.withheldStateSecret, .withheldProhibitedByLaw, .withheldSecurityStability, .withheldThirdPartyRights,
                         .withheldInternalAffairs, .withheldProcessInformation, .withheldEnforcementFile, .withheldAdministrativeQuery)
        unavailable = three(.unavailableNotHeld, .unavailableNeedsCreation, .unavailableUnclearAfterCorrection)
        notProcessed = three(.notProcessedComplaint, .notProcessedRepeated, .notProcessedPublication, .notProcessedExcessive,
                             .notProcessedConfirmation)
        otherHandling = report.format == .y2019 ? three(.otherHandling) : three(.otherHandlingNoCorrection, .otherHandlingFeeUnpaid, .otherHandlingOther)
        closed = three(.total)
        carriedForward = three(.carriedForward)
        let t4 = report.table4
        reconsidered = t4?[.reconsideration, Table4BlockSpec.totalIndex]
        reconsiderationCorrected = t4?[.reconsideration, 1]
        litigated = add(t4?[.litigationDirect, Table4BlockSpec.totalIndex], t4?[.litigationAfterReconsideration, Table4BlockSpec.totalIndex])
        litigationCorrected = add(t4?[.litigationDirect, 1], t4?[.litigationAfterReconsideration, 1])
    }

    /// The figures with their column names (as stored and as exported), in this order.
    public static let columns = ["received", "carried_over", "granted", "partly_granted", "withheld", "unavailable", "not_processed",
                                 "other_handling", "closed", "carried_forward", "reconsidered", "reconsideration_corrected", "litigated",
                                 "litigation_corrected"]

    public var values: [Int?] {
        [received, carriedOver, granted, partlyGranted, withheld, unavailable, notProcessed, otherHandling, closed, carriedForward,
         reconsidered, reconsiderationCorrected, litigated, litigationCorrected]
    }

    public init(values: [Int?]) {
        precondition(values.count == Self.columns.count)
        (received, carriedOver, granted, partlyGranted, withheld, unavailable, notProcessed) =
            (values[0], values[1], values[2], values[3], values[4], values[5], values[6])
        (otherHandling, closed, carriedForward, reconsidered, reconsiderationCorrected, litigated, litigationCorrected) =
            (values[7], values[8], values[9], values[10], values[11], values[12], values[13])
    }

    /// 公开率: granted in full or in part over closed (nil when nothing was closed or a figure is unknown).
    public var grantedShare: Double? {
        guard let granted, let partlyGranted, let closed, closed > 0 else { return nil }
        return Double(granted + partlyGranted) / Double(closed)
    }

    /// 纠错率: corrected over all reconsiderations and lawsuits (nil when there were none).
    public var correctedShare: Double? {
        let cases = (reconsidered ?? 0) + (litigated ?? 0)
        guard cases > 0 else { return nil }
        return Double((reconsiderationCorrected ?? 0) + (litigationCorrected ?? 0)) / Double(cases)
    }
}
