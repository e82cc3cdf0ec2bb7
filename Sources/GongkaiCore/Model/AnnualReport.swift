/// An annual report on government information disclosure (政府信息公开工作年度报告), in the shape of the report JSON
/// contract (`REPORT-JSON.md`).
///
/// A cell that the source does not give is nil, never zero. `sections` is nil when the source says nothing about
/// the prose (a JSON file with tables only), and an array — possibly missing some sections — when it does.
public struct AnnualReport: Sendable, Hashable {
    public static let schemaVersion = 1

    public var format: ReportFormat
    /// The issuing agency as written, e.g. `宁海县卫生健康局`.
    public var agency: String?
    /// The year the statistics cover (not the year of publication).
    public var year: Int?
    /// The date printed at the end of the report.
    public var publishedOn: CivilDate?
    /// The sections present, in order.
    public var sections: [ReportSection]?
    public var table2: Table2?
    public var table3: Table3?
    public var table4: Table4?
    public var findings: [Finding]

    public init(
        format: ReportFormat,
        agency: String? = nil,
        year: Int? = nil,
        publishedOn: CivilDate? = nil,
        sections: [ReportSection]? = nil,
        table2: Table2? = nil,
        table3: Table3? = nil,
        table4: Table4? = nil,
        findings: [Finding] = []
    ) {
        self.format = format
        self.agency = agency
        self.year = year
        self.publishedOn = publishedOn
        self.sections = sections
        self.table2 = table2
        self.table3 = table3
        self.table4 = table4
        self.findings = findings
    }

    /// The section with a number, if present.
    public func section(_ number: Int) -> ReportSection? {
        sections?.first { $0.number == number }
    }
}
