/// Something a check or the reader found about a report: a code, a severity, a Chinese message and where.
///
/// For example:
/// ```
/// Finding(code: .t3Balance, severity: .error,
///         message: "表三 自然人列：新收 3 + 上年结转 0 ≠ 办理结果总计 2 + 结转下年度 0",
///         location: Location(table: .table3, column: .index(0)))
/// ```
public struct Finding: Sendable, Hashable {
    public var code: FindingCode
    public var severity: Severity
    /// What is wrong, where, and with which numbers, in Chinese.
    public var message: String
    public var location: Location

    public init(code: FindingCode, severity: Severity, message: String, location: Location = Location()) {
        self.code = code
        self.severity = severity
        self.message = message
        self.location = location
    }
}

/// How serious a finding is.
public enum Severity: String, Sendable, Hashable, CaseIterable, Comparable {
    /// The report is wrong or incomplete; it must not be published as it is.
    case error
    /// Probably wrong, or contrary to an expectation that is not an official rule.
    case warning
    /// Worth knowing (e.g. a cell worked out from a total).
    case info

    /// `错误`, `警告`, `提示`.
    public var displayName: String {
        switch self {
        case .error: "错误"
        case .warning: "警告"
        case .info: "提示"
        }
    }

    private var rank: Int {
        switch self {
        case .error: 0
        case .warning: 1
        case .info: 2
        }
    }

    /// Errors sort first.
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A stable finding code (e.g. `T3-BALANCE`). Codes are strings so that new ones can be added without breaking
/// anyone who reads them; the ones the contract names are constants here.
public struct FindingCode: RawRepresentable, Sendable, Hashable, Comparable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
    public static func < (lhs: FindingCode, rhs: FindingCode) -> Bool { lhs.rawValue < rhs.rawValue }

    // The contract's codes (REPORT-JSON.md).
    public static let t3Balance: FindingCode = "T3-BALANCE"
    public static let t3RowTotal: FindingCode = "T3-ROW-TOTAL"
    public static let t3OutcomeTotal: FindingCode = "T3-OUTCOME-TOTAL"
    public static let t4Total: FindingCode = "T4-TOTAL"
    public static let negativeCount: FindingCode = "NEGATIVE-COUNT"
    public static let missingSection: FindingCode = "MISSING-SECTION"
    public static let headingMismatch: FindingCode = "HEADING-MISMATCH"
    public static let missingTable: FindingCode = "MISSING-TABLE"
    public static let missingCell: FindingCode = "MISSING-CELL"
    public static let cellInferred: FindingCode = "CELL-INFERRED"
    public static let formatYearMismatch: FindingCode = "FORMAT-YEAR-MISMATCH"
    public static let latePublication: FindingCode = "LATE-PUBLICATION"
    public static let narrativeMismatch: FindingCode = "NARRATIVE-MISMATCH"
    public static let carryoverMismatch: FindingCode = "CARRYOVER-MISMATCH"

    // Gongkai's own codes.
    /// publishedOn lies before the end of the report year: a report cannot be published before its year is over.
    public static let earlyPublication: FindingCode = "EARLY-PUBLICATION"
    /// A money amount (万元) is negative.
    public static let negativeAmount: FindingCode = "NEGATIVE-AMOUNT"
    /// 2019 format table 二: 对外公开总数量 is smaller than 本年新公开数量.
    public static let t2PublishedTotal: FindingCode = "T2-PUBLISHED-TOTAL"
    /// The report year is not given, so the year-dependent checks could not run.
    public static let missingYear: FindingCode = "MISSING-YEAR"
    /// 2021 format table 二: 现行有效件数 ≠ the previous year's 现行有效 + 本年制发 − 本年废止 (规章 or 规范性文件).
    public static let t2InForceCarryover: FindingCode = "T2-IN-FORCE-CARRYOVER"

    /// What the code means, in a few Chinese words, for people who do not read the codes (`逾期发布`); nil for a code
    /// this version does not know (a newer report's).
    public var displayName: String? { Self.names[rawValue] }

    static let names: [String: String] = [
        "T3-BALANCE": "表三勾稽关系不平", "T3-ROW-TOTAL": "表三行合计不符", "T3-OUTCOME-TOTAL": "表三办理结果合计不符",
        "T4-TOTAL": "表四合计不符", "NEGATIVE-COUNT": "数量为负", "NEGATIVE-AMOUNT": "金额为负",
        "MISSING-SECTION": "缺少部分", "HEADING-MISMATCH": "标题与格式不符", "MISSING-TABLE": "缺少表格",
        "MISSING-CELL": "缺少数字", "CELL-INFERRED": "数字由推算得出", "FORMAT-YEAR-MISMATCH": "格式与年度不符",
        "LATE-PUBLICATION": "逾期发布", "EARLY-PUBLICATION": "发布日期过早", "NARRATIVE-MISMATCH": "正文与表格不符",
        "CARRYOVER-MISMATCH": "结转与上年不符", "T2-PUBLISHED-TOTAL": "表二公开总数小于新公开数", "MISSING-YEAR": "缺少年度",
        "T2-IN-FORCE-CARRYOVER": "现行有效件数与上年不衔接", "TEXT-REUSED": "内容雷同",
        // The reader's own (GongkaiParsing).
        "NOT-A-REPORT": "不是年度报告", "TRADITIONAL-SCRIPT": "繁体已转为简体", "UNREADABLE-TEXT": "表中有无法读取的文字",
        "T2-FROM-PROSE": "表二数字按正文认定", "T3-SINGLE-OTHER-ROW": "表三仍为旧格式的其他处理行", "T3-LABEL-DAMAGED": "表三行名称残缺",
    ]

    /// The Chinese name, or the code itself when there is none.
    public var label: String { displayName ?? rawValue }
}

/// Where a finding points: any of a table cell, a section, a source line.
public struct Location: Sendable, Hashable {
    public var table: TableID?
    /// A contract row key (`received`, `withheld.stateSecret`, `rules`, `reconsideration`, …).
    public var row: String?
    public var column: Column?
    /// 1…6.
    public var section: Int?
    /// 1-based line of the source file.
    public var line: Int?

    /// A column: an index for table 三 and 四, a field name for table 二.
    public enum Column: Sendable, Hashable {
        case index(Int)
        case field(String)
    }

    public init(table: TableID? = nil, row: String? = nil, column: Column? = nil, section: Int? = nil,
                line: Int? = nil)
    {
        self.table = table
        self.row = row
        self.column = column
        self.section = section
        self.line = line
    }

    public var isEmpty: Bool { self == Location() }
}
