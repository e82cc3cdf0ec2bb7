/// The layout of one national report format, as data.
///
/// This file is the single place where official labels and contract keys are written down. Every other part of
/// Gongkai (the checks, the renderers, the reader) looks them up here. Labels are reproduced exactly as printed in
/// the national format (see DOMAIN.md §1–2); `aliases` hold real-world variants that mean the same cell.
public struct FormatSpec: Sendable {
    public let format: ReportFormat
    /// The six sections, in order.
    public let sections: [SectionSpec]
    /// Table 二 (主动公开政府信息情况), block by block.
    public let table2: [Table2Block]
    /// Table 三's numeric rows, in official order.
    public let table3Rows: [Table3RowSpec]
    /// Table 三's seven columns (identical in both formats).
    public var table3Columns: [Table3Column] { Table3Column.all }
    /// Table 四's three blocks (identical in both formats).
    public var table4Blocks: [Table4BlockSpec] { Table4BlockSpec.all }

    /// The table 二 rows of this format, flattened in official order.
    public let table2Rows: [Table2RowSpec]
    /// The table 三 rows of this format, in official order.
    public let table3RowKeys: [Table3Row]
    /// Whether the format has a table 三 row, by ``Table3Row`` position.
    let hasTable3Row: [Bool]
    /// Table 三's rows with their merged label cells, as the official table draws them.
    public let table3Layout: [Table3LayoutRow]

    init(format: ReportFormat, sections: [SectionSpec], table2: [Table2Block], table3Rows: [Table3RowSpec]) {
        self.format = format
        self.sections = sections
        self.table2 = table2
        self.table3Rows = table3Rows
        self.table2Rows = table2.flatMap(\.rows)
        self.table3RowKeys = table3Rows.map(\.row)
        self.hasTable3Row = Table3Row.allCases.map { row in table3Rows.contains { $0.row == row } }
        self.table3Layout = Table3LayoutRow.layout(table3Rows)
    }

    /// The block that holds a table 二 row.
    public func table2Block(containing rowKey: String) -> Table2Block? {
        table2.first { block in block.rows.contains { $0.key == rowKey } }
    }

    /// The spec of a table 三 row, if the row belongs to this format.
    public func table3Row(_ row: Table3Row) -> Table3RowSpec? {
        table3Rows.first { $0.row == row }
    }
}

// MARK: - Sections

/// One of the six required sections (条例 Art. 50; both formats).
public struct SectionSpec: Sendable, Hashable {
    /// 1…6.
    public let number: Int
    /// The prescribed heading, e.g. `一、总体情况`.
    public let heading: String
    /// Longer or older wordings that agencies use for the same section and that are acceptable.
    public let acceptedVariants: [String]

    /// The heading without its ordinal, e.g. `总体情况`.
    public var title: String {
        guard let comma = heading.firstIndex(of: "、") else { return heading }
        return String(heading[heading.index(after: comma)...])
    }

    /// The Chinese ordinal, e.g. `一`.
    public var numeral: String { ChineseNumeral.ordinal(number) }

    public static let all: [SectionSpec] = [
        SectionSpec(number: 1, heading: "一、总体情况", acceptedVariants: []),
        SectionSpec(number: 2, heading: "二、主动公开政府信息情况", acceptedVariants: []),
        SectionSpec(number: 3, heading: "三、收到和处理政府信息公开申请情况", acceptedVariants: []),
        SectionSpec(
            number: 4,
            heading: "四、政府信息公开行政复议、行政诉讼情况",
            acceptedVariants: [
                "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况",
                "四、因政府信息公开工作被申请行政复议和提起行政诉讼情况",
                "四、政府信息公开行政复议和行政诉讼情况",
            ]
        ),
        SectionSpec(number: 5, heading: "五、存在的主要问题及改进情况", acceptedVariants: []),
        SectionSpec(number: 6, heading: "六、其他需要报告的事项", acceptedVariants: []),
    ]
}

// MARK: - Table 二

/// What kind of number a cell holds.
public enum ValueKind: Sendable, Hashable {
    /// A non-negative whole number.
    case count
    /// A whole number that may be negative (2019 format 「本年增/减」).
    case signedCount
    /// An amount of money (万元 in the 2021 fee cell), possibly fractional, non-negative.
    case money
}

/// A column of a table 二 block, e.g. `本年制发件数` stored under the contract field `issued`.
public struct Table2Field: Sendable, Hashable {
    public let key: String
    public let label: String
    public let kind: ValueKind
}

/// A row of table 二, e.g. `规章` stored under the contract key `rules`.
public struct Table2RowSpec: Sendable, Hashable {
    public let key: String
    public let label: String
    /// The columns of the block this row belongs to.
    public let fields: [Table2Field]
}

/// A block of table 二, headed by the 条例 Art. 20 item it reports.
public struct Table2Block: Sendable, Hashable {
    /// e.g. `第二十条第（一）项`.
    public let header: String
    public let fields: [Table2Field]
    public let rows: [Table2RowSpec]

    init(header: String, fields: [Table2Field], rows: [(key: String, label: String)]) {
        self.header = header
        self.fields = fields
        self.rows = rows.map { Table2RowSpec(key: $0.key, label: $0.label, fields: fields) }
    }
}

// MARK: - Table 三

/// The numeric rows of table 三 across both formats, in official order; ``key`` is the contract key.
///
/// Rows are identified by position (an Int raw value), not by their key string, so that tables can be stored as
/// arrays and looked up without hashing strings.
public enum Table3Row: Int, Sendable, Hashable, CaseIterable {
    case received
    case carriedOver
    case granted
    case partlyGranted
    case withheldStateSecret
    case withheldProhibitedByLaw
    case withheldSecurityStability
    case withheldThirdPartyRights
    case withheldInternalAffairs
    case withheldProcessInformation
    case withheldEnforcementFile
    case withheldAdministrativeQuery
    case unavailableNotHeld
    case unavailableNeedsCreation
    case unavailableUnclearAfterCorrection
    case notProcessedComplaint
    case notProcessedRepeated
    case notProcessedPublication
    case notProcessedExcessive
    case notProcessedConfirmation
    case otherHandlingNoCorrection
    case otherHandlingFeeUnpaid
    case otherHandlingOther
    /// The single 其他处理 row of the 2019 format.
    case otherHandling
    case total
    case carriedForward

    /// The contract key, e.g. `withheld.stateSecret`.
    public var key: String {
        switch self {
        case .received: "received"
        case .carriedOver: "carriedOver"
        case .granted: "granted"
        case .partlyGranted: "partlyGranted"
        case .withheldStateSecret: "withheld.stateSecret"
        case .withheldProhibitedByLaw: "withheld.prohibitedByLaw"
        case .withheldSecurityStability: "withheld.securityStability"
        case .withheldThirdPartyRights: "withheld.thirdPartyRights"
        case .withheldInternalAffairs: "withheld.internalAffairs"
        case .withheldProcessInformation: "withheld.processInformation"
        case .withheldEnforcementFile: "withheld.enforcementFile"
        case .withheldAdministrativeQuery: "withheld.administrativeQuery"
        case .unavailableNotHeld: "unavailable.notHeld"
        case .unavailableNeedsCreation: "unavailable.needsCreation"
        case .unavailableUnclearAfterCorrection: "unavailable.unclearAfterCorrection"
        case .notProcessedComplaint: "notProcessed.complaint"
        case .notProcessedRepeated: "notProcessed.repeated"
        case .notProcessedPublication: "notProcessed.publication"
        case .notProcessedExcessive: "notProcessed.excessive"
        case .notProcessedConfirmation: "notProcessed.confirmation"
        case .otherHandlingNoCorrection: "otherHandling.noCorrection"
        case .otherHandlingFeeUnpaid: "otherHandling.feeUnpaid"
        case .otherHandlingOther: "otherHandling.other"
        case .otherHandling: "otherHandling"
        case .total: "total"
        case .carriedForward: "carriedForward"
        }
    }

    /// The row of a contract key, or nil when no format has it.
    public init?(key: String) {
        guard let row = Self.byKey[key] else { return nil }
        self = row
    }

    private static let byKey = Dictionary(uniqueKeysWithValues: allCases.map { ($0.key, $0) })
}

/// What a table 三 row means in the 勾稽关系.
public enum Table3RowRole: Sendable, Hashable {
    /// 一、本年新收 and 二、上年结转.
    case intake
    /// One of the 办理结果 rows that add up to （七）总计.
    case outcome
    /// （七）总计.
    case total
    /// 四、结转下年度继续办理.
    case carriedForward
}

/// A numeric row of table 三 with its official labels.
public struct Table3RowSpec: Sendable, Hashable {
    public let row: Table3Row
    /// The row's own label, e.g. `1.属于国家秘密` or `（一）予以公开`.
    public let label: String
    /// The group label the row sits under, e.g. `（三）不予公开`; nil for rows that stand alone.
    public let group: String?
    /// The part label, `三、本年度办理结果`, for the outcome rows and （七）总计.
    public let part: String?
    public let role: Table3RowRole
    /// A short name used in messages, e.g. `不予公开·属于国家秘密`.
    public let shortName: String
    /// Real-world wordings of the row's own label, seen in published reports (the reader matches them like the
    /// official label; a variant that only continues the official label, `四、结转下年度继续办理的`, needs none).
    public let aliases: [String]

    /// The key of the contract.
    public var key: String { row.key }

    /// The full label path as the official table reads from left to right.
    public var fullLabel: String { [part, group, label].compactMap { $0 }.joined(separator: " ") }
}

/// One of the seven columns of table 三.
public struct Table3Column: Sendable, Hashable {
    public let index: Int
    public let label: String
    /// `法人或其他组织` for the five organisation sub-columns.
    public let group: String?
    /// The name used in messages, unambiguous on its own.
    public let shortName: String

    public static let applicantCount = 6
    public static let totalIndex = 6

    public static let all: [Table3Column] = [
        Table3Column(index: 0, label: "自然人", group: nil, shortName: "自然人"),
        Table3Column(index: 1, label: "商业企业", group: "法人或其他组织", shortName: "商业企业"),
        Table3Column(index: 2, label: "科研机构", group: "法人或其他组织", shortName: "科研机构"),
        Table3Column(index: 3, label: "社会公益组织", group: "法人或其他组织", shortName: "社会公益组织"),
        Table3Column(index: 4, label: "法律服务机构", group: "法人或其他组织", shortName: "法律服务机构"),
        Table3Column(index: 5, label: "其他", group: "法人或其他组织", shortName: "其他组织"),
        Table3Column(index: 6, label: "总计", group: nil, shortName: "总计"),
    ]

    /// The corner cell of the official table, stating the 勾稽关系.
    public static let balanceNote = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    /// The spanning header over the seven columns.
    public static let spanningHeader = "申请人情况"
    /// The header over the five organisation sub-columns.
    public static let organisationHeader = "法人或其他组织"
}

// MARK: - Table 四

/// The three blocks of table 四, in official order; ``key`` is the contract key.
public enum Table4Block: Int, Sendable, Hashable, CaseIterable {
    case reconsideration
    case litigationDirect
    case litigationAfterReconsideration

    /// The contract key, e.g. `litigationDirect`.
    public var key: String {
        switch self {
        case .reconsideration: "reconsideration"
        case .litigationDirect: "litigationDirect"
        case .litigationAfterReconsideration: "litigationAfterReconsideration"
        }
    }

    /// The block of a contract key.
    public init?(key: String) {
        guard let block = Self.allCases.first(where: { $0.key == key }) else { return nil }
        self = block
    }
}

/// A block of table 四 with its labels.
public struct Table4BlockSpec: Sendable, Hashable {
    public let block: Table4Block
    /// `行政复议` or `行政诉讼`.
    public let header: String
    /// `未经复议直接起诉` / `复议后起诉` under 行政诉讼; nil for 行政复议.
    public let subheader: String?
    /// A name used in messages, e.g. `行政诉讼·复议后起诉`.
    public var shortName: String { [header, subheader].compactMap { $0 }.joined(separator: "·") }

    /// The five columns of every block: 结果维持, 结果纠正, 其他结果, 尚未审结, 总计.
    public static let columns = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    public static let totalIndex = 4

    public static let all: [Table4BlockSpec] = [
        Table4BlockSpec(block: .reconsideration, header: "行政复议", subheader: nil),
        Table4BlockSpec(block: .litigationDirect, header: "行政诉讼", subheader: "未经复议直接起诉"),
        Table4BlockSpec(block: .litigationAfterReconsideration, header: "行政诉讼", subheader: "复议后起诉"),
    ]

    public static func spec(_ block: Table4Block) -> Table4BlockSpec {
        switch block {
        case .reconsideration: all[0]
        case .litigationDirect: all[1]
        case .litigationAfterReconsideration: all[2]
        }
    }
}

// MARK: - Table titles

/// The titles of the three tables as the sections that carry them.
public enum TableID: String, Sendable, Hashable, CaseIterable {
    case table2
    case table3
    case table4

    /// e.g. `表二`.
    public var displayName: String {
        switch self {
        case .table2: "表二"
        case .table3: "表三"
        case .table4: "表四"
        }
    }

    /// The table's official title, the same as its section's title.
    public var title: String {
        switch self {
        case .table2: "主动公开政府信息情况"
        case .table3: "收到和处理政府信息公开申请情况"
        case .table4: "政府信息公开行政复议、行政诉讼情况"
        }
    }

    /// The section (2…4) the table belongs to.
    public var sectionNumber: Int {
        switch self {
        case .table2: 2
        case .table3: 3
        case .table4: 4
        }
    }
}

// MARK: - The two formats

extension FormatSpec {
    private static let count = ValueKind.count

    static let y2021 = FormatSpec(
        format: .y2021,
        sections: SectionSpec.all,
        table2: [
            Table2Block(
                header: "第二十条第（一）项",
                fields: [
                    Table2Field(key: "issued", label: "本年制发件数", kind: count),
                    Table2Field(key: "repealed", label: "本年废止件数", kind: count),
                    Table2Field(key: "inForce", label: "现行有效件数", kind: count),
                ],
                rows: [("rules", "规章"), ("normativeDocuments", "行政规范性文件")]
            ),
            Table2Block(
                header: "第二十条第（五）项",
                fields: [Table2Field(key: "decisions", label: "本年处理决定数量", kind: count)],
                rows: [("licensing", "行政许可")]
            ),
            Table2Block(
                header: "第二十条第（六）项",
                fields: [Table2Field(key: "decisions", label: "本年处理决定数量", kind: count)],
                rows: [("penalty", "行政处罚"), ("coercion", "行政强制")]
            ),
            Table2Block(
                header: "第二十条第（八）项",
                fields: [Table2Field(key: "amount", label: "本年收费金额（单位：万元）", kind: .money)],
                rows: [("fees", "行政事业性收费")]
            ),
        ],
        table3Rows: commonTable3Head + [
            outcome(.otherHandlingNoCorrection, "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                    group: "（六）其他处理", short: "其他处理·逾期不补正"),
            outcome(.otherHandlingFeeUnpaid, "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                    group: "（六）其他处理", short: "其他处理·逾期未缴费"),
            outcome(.otherHandlingOther, "3.其他", group: "（六）其他处理", short: "其他处理·其他"),
        ] + commonTable3Tail
    )

    static let y2019 = FormatSpec(
        format: .y2019,
        sections: SectionSpec.all,
        table2: [
            Table2Block(
                header: "第二十条第（一）项",
                fields: [
                    Table2Field(key: "newlyMade", label: "本年新制作数量", kind: count),
                    Table2Field(key: "newlyPublished", label: "本年新公开数量", kind: count),
                    Table2Field(key: "totalPublished", label: "对外公开总数量", kind: count),
                ],
                rows: [("rules", "规章"), ("normativeDocuments", "规范性文件")]
            ),
            Table2Block(
                header: "第二十条第（五）项",
                fields: itemFields2019,
                rows: [("licensing", "行政许可"), ("otherServices", "其他对外管理服务事项")]
            ),
            Table2Block(
                header: "第二十条第（六）项",
                fields: itemFields2019,
                rows: [("penalty", "行政处罚"), ("coercion", "行政强制")]
            ),
            Table2Block(
                header: "第二十条第（八）项",
                fields: Array(itemFields2019.prefix(2)),
                rows: [("fees", "行政事业性收费")]
            ),
            Table2Block(
                header: "第二十条第（九）项",
                fields: [
                    Table2Field(key: "projects", label: "采购项目数量", kind: count),
                    Table2Field(key: "amount", label: "采购总金额", kind: .money),
                ],
                rows: [("procurement", "政府集中采购")]
            ),
        ],
        table3Rows: commonTable3Head + [
            outcome(.otherHandling, "（六）其他处理", group: nil, short: "其他处理"),
        ] + commonTable3Tail
    )

    private static let itemFields2019 = [
        Table2Field(key: "previousItems", label: "上一年项目数量", kind: count),
        Table2Field(key: "change", label: "本年增/减", kind: .signedCount),
        Table2Field(key: "decisions", label: "处理决定数量", kind: count),
    ]

    private static let resultsPart = "三、本年度办理结果"

    private static func outcome(
        _ row: Table3Row, _ label: String, group: String?, short: String, aliases: [String] = []
    ) -> Table3RowSpec {
        Table3RowSpec(row: row, label: label, group: group, part: resultsPart, role: .outcome,
                      shortName: short, aliases: aliases)
    }

    /// Rows 一, 二 and （一）–（五）: identical in both formats.
    private static let commonTable3Head: [Table3RowSpec] = [
        Table3RowSpec(row: .received, label: "一、本年新收政府信息公开申请数量", group: nil, part: nil, role: .intake,
                      shortName: "本年新收", aliases: ["一、本年度新收政府信息公开申请数量", "一、本年新收到政府信息公开申请数量"]),
        Table3RowSpec(row: .carriedOver, label: "二、上年结转政府信息公开申请数量", group: nil, part: nil,
                      role: .intake, shortName: "上年结转",
                      aliases: ["二、上年度结转政府信息公开申请数量", "二、上年结转的政府信息公开申请数量"]),
        outcome(.granted, "（一）予以公开", group: nil, short: "予以公开"),
        outcome(.partlyGranted, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", group: nil, short: "部分公开",
                aliases: ["（二）部分公开"]),
        outcome(.withheldStateSecret, "1.属于国家秘密", group: "（三）不予公开", short: "不予公开·属于国家秘密"),
        outcome(.withheldProhibitedByLaw, "2.其他法律行政法规禁止公开", group: "（三）不予公开",
                short: "不予公开·其他法律行政法规禁止公开"),
        outcome(.withheldSecurityStability, "3.危及“三安全一稳定”", group: "（三）不予公开",
                short: "不予公开·危及“三安全一稳定”"),
        outcome(.withheldThirdPartyRights, "4.保护第三方合法权益", group: "（三）不予公开",
                short: "不予公开·保护第三方合法权益"),
        outcome(.withheldInternalAffairs, "5.属于三类内部事务信息", group: "（三）不予公开",
                short: "不予公开·属于三类内部事务信息"),
        outcome(.withheldProcessInformation, "6.属于四类过程性信息", group: "（三）不予公开",
                short: "不予公开·属于四类过程性信息"),
        outcome(.withheldEnforcementFile, "7.属于行政执法案卷", group: "（三）不予公开",
                short: "不予公开·属于行政执法案卷"),
        outcome(.withheldAdministrativeQuery, "8.属于行政查询事项", group: "（三）不予公开",
                short: "不予公开·属于行政查询事项"),
        outcome(.unavailableNotHeld, "1.本机关不掌握相关政府信息", group: "（四）无法提供",
                short: "无法提供·本机关不掌握相关政府信息", aliases: ["1.本机关不掌握相关的政府信息"]),
        outcome(.unavailableNeedsCreation, "2.没有现成信息需要另行制作", group: "（四）无法提供",
                short: "无法提供·没有现成信息需要另行制作", aliases: ["2.没有现成信息，需要另行制作"]),
        outcome(.unavailableUnclearAfterCorrection, "3.补正后申请内容仍不明确", group: "（四）无法提供",
                short: "无法提供·补正后申请内容仍不明确"),
        outcome(.notProcessedComplaint, "1.信访举报投诉类申请", group: "（五）不予处理",
                short: "不予处理·信访举报投诉类申请", aliases: ["1.信访、举报、投诉类申请"]),
        outcome(.notProcessedRepeated, "2.重复申请", group: "（五）不予处理", short: "不予处理·重复申请"),
        outcome(.notProcessedPublication, "3.要求提供公开出版物", group: "（五）不予处理",
                short: "不予处理·要求提供公开出版物"),
        outcome(.notProcessedExcessive, "4.无正当理由大量反复申请", group: "（五）不予处理",
                short: "不予处理·无正当理由大量反复申请"),
        outcome(.notProcessedConfirmation, "5.要求行政机关确认或重新出具已获取信息", group: "（五）不予处理",
                short: "不予处理·要求行政机关确认或重新出具已获取信息", aliases: ["5.要求行政机关确认或重新出具已获取的信息"]),
    ]

    /// Rows （七） and 四: identical in both formats.
    private static let commonTable3Tail: [Table3RowSpec] = [
        Table3RowSpec(row: .total, label: "（七）总计", group: nil, part: resultsPart, role: .total,
                      shortName: "办理结果总计", aliases: ["（七）合计"]),
        Table3RowSpec(row: .carriedForward, label: "四、结转下年度继续办理", group: nil, part: nil,
                      role: .carriedForward, shortName: "结转下年度", aliases: []),
    ]
}
