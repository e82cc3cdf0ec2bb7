/// The statutory date by which an annual report must be published (条例 Art. 49).
///
/// - County-level-and-above government **departments** publish the previous year's report by 31 January.
/// - The OGI authority of a county-level-and-above **people's government** publishes that government's report by
///   31 March.
/// - The 条例 sets no date for townships (乡、镇) and sub-districts (街道); local notices set internal dates.
///
/// The kind of agency is told from its name; an unknown agency gets the later, 31 March, deadline, so that a report
/// is only called late when it is late whatever the agency is.
public struct PublicationDeadline: Sendable, Hashable {
    public enum AgencyKind: Sendable, Hashable {
        case department
        case government
        case township
        case unknown
    }

    public let kind: AgencyKind
    /// The last day of publication, or nil when the 条例 sets none.
    public let date: CivilDate?

    public init(agency: String?, reportYear: Int) {
        self.init(kind: Self.kind(of: agency), reportYear: reportYear)
    }

    /// The deadline of an agency whose level is known (an agency of the platform or of a roster).
    public init(level: AgencyLevel, reportYear: Int) {
        let kind: AgencyKind = switch level {
        case .department: .department
        case .government: .government
        case .township: .township
        }
        self.init(kind: kind, reportYear: reportYear)
    }

    public init(kind: AgencyKind, reportYear: Int) {
        self.kind = kind
        switch kind {
        case .department: date = CivilDate(year: reportYear + 1, month: 1, day: 31)
        case .government, .unknown: date = CivilDate(year: reportYear + 1, month: 3, day: 31)
        case .township: date = nil
        }
    }

    /// The rule, cited for messages.
    public var rule: String {
        switch kind {
        case .department: "《政府信息公开条例》第四十九条：县级以上人民政府部门应于每年1月31日前公布本部门上一年度报告"
        case .government: "《政府信息公开条例》第四十九条：县级以上地方人民政府应于每年3月31日前公布本级政府上一年度报告"
        case .unknown: "《政府信息公开条例》第四十九条：最迟应于每年3月31日前公布上一年度报告（未给出机关名称，按较晚期限判断）"
        case .township: "《政府信息公开条例》未规定乡镇、街道的发布期限"
        }
    }

    /// Tells the kind of agency from its name, e.g. `宁海县卫生健康局` → department, `宁海县人民政府` → government,
    /// `西店镇人民政府` → township.
    public static func kind(of agency: String?) -> AgencyKind {
        guard let name = agency?.removingWhiteSpace, !name.isEmpty else { return .unknown }
        if name.hasSuffix("街道办事处") || name.hasSuffix("街道") { return .township }
        if name.hasSuffix("人民政府") {
            let place = name.dropLast(4)
            if place.hasSuffix("镇") || place.hasSuffix("乡") { return .township }
            return .government
        }
        return .department
    }
}
