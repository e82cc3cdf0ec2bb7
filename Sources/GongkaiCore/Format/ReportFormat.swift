/// One of the two national layouts of the annual report (政府信息公开工作年度报告格式).
///
/// - ``y2019``: 国办公开办函〔2019〕60号, the trial format (试行), for report years 2019 and 2020.
/// - ``y2021``: 国办公开办函〔2021〕30号, for report years 2021 onwards.
///
/// The raw value is the contract's `format` value (`"2019"` or `"2021"`).
public enum ReportFormat: String, Sendable, Hashable, CaseIterable, Comparable {
    case y2019 = "2019"
    case y2021 = "2021"

    /// The 文号 of the notice that issued this format.
    public var documentNumber: String {
        switch self {
        case .y2019: "国办公开办函〔2019〕60号"
        case .y2021: "国办公开办函〔2021〕30号"
        }
    }

    /// A short Chinese name for messages, e.g. `2021 年格式`.
    public var displayName: String { "\(rawValue) 年格式" }

    /// The report years this format is prescribed for.
    public var reportYears: ClosedRange<Int> {
        switch self {
        case .y2019: 2019...2020
        case .y2021: 2021...Int.max
        }
    }

    /// The format prescribed for a report year, or nil before 2019 (no national format existed).
    public static func prescribed(forReportYear year: Int) -> ReportFormat? {
        allCases.first { $0.reportYears.contains(year) }
    }

    /// Everything that lays this format out: headings, tables, rows, columns, labels and contract keys.
    public var spec: FormatSpec {
        switch self {
        case .y2019: FormatSpec.y2019
        case .y2021: FormatSpec.y2021
        }
    }

    public static func < (lhs: ReportFormat, rhs: ReportFormat) -> Bool { lhs.rawValue < rhs.rawValue }
}
