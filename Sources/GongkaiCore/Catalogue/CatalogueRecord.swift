/// A record of the proactive-disclosure catalogue (政府信息公开目录, 条例 Art. 12): the four fields the law requires
/// (索引号, 名称, 内容概述, 生成日期) and the metadata real portals show. This is a line of CATALOGUE-JSONL.
public struct CatalogueRecord: Sendable, Hashable {
    /// 索引号: unique and permanent; nil for a record not yet published (it is allocated when it is).
    public var indexNumber: String?
    /// 名称: the official title.
    public var title: String
    /// 内容概述.
    public var summary: String
    /// 生成日期: the day the information was formed (a 公文's signing date).
    public var formedOn: CivilDate
    /// 发布日期; nil while not published.
    public var publishedOn: CivilDate?
    /// 发布机构 (full official name).
    public var issuer: String?
    /// 文号, e.g. `宁卫〔2025〕12号`.
    public var documentNumber: String?
    public var kind: CatalogueKind
    /// The item of 条例 Art. 20 (1–15) the record fulfils.
    public var article20: Int?
    /// 有效性; nil where it does not apply.
    public var validity: Validity?
    /// The day it was repealed or expired.
    public var validityChangedOn: CivilDate?
    /// 公开属性.
    public var disclosure: Disclosure
    /// A 政策解读: the 索引号 of the document it interprets.
    public var interprets: String?
    /// The full text (searched).
    public var text: String?
    /// For a record repealed or expired because another replaced it (修订): the 索引号 of the replacing document.
    public var replacedBy: String?
    /// The files published with it.
    public var attachments: [CatalogueAttachment]

    public init(indexNumber: String? = nil, title: String, summary: String, formedOn: CivilDate, publishedOn: CivilDate? = nil,
                issuer: String? = nil, documentNumber: String? = nil, kind: CatalogueKind, article20: Int? = nil,
                validity: Validity? = nil, validityChangedOn: CivilDate? = nil, disclosure: Disclosure = .proactive,
                interprets: String? = nil, text: String? = nil, replacedBy: String? = nil, attachments: [CatalogueAttachment] = [])
    {
        self.indexNumber = indexNumber
        self.title = title
        self.summary = summary
        self.formedOn = formedOn
        self.publishedOn = publishedOn
        self.issuer = issuer
        self.documentNumber = documentNumber
        self.kind = kind
        self.article20 = article20
        self.validity = validity
        self.validityChangedOn = validityChangedOn
        self.disclosure = disclosure
        self.interprets = interprets
        self.text = text
        self.replacedBy = replacedBy
        self.attachments = attachments
    }

    /// Whether the record is in force at the end of `day` (for validity-bearing kinds; others are never counted).
    public func isInForce(on day: CivilDate) -> Bool {
        guard formedOn <= day, validity != nil else { return false }
        if let changed = validityChangedOn, validity != .inForce, changed <= day { return false }
        return true
    }
}

/// What a record is (`kind` of CATALOGUE-JSONL).
public enum CatalogueKind: String, Sendable, Hashable, CaseIterable {
    case rule, normativeDocument, policyInterpretation, licensingDecision, penaltyDecision, coercionDecision
    case plan, notice, personnel, budget, procurement, other

    public var displayName: String {
        switch self {
        case .rule: "规章"
        case .normativeDocument: "行政规范性文件"
        case .policyInterpretation: "政策解读"
        case .licensingDecision: "行政许可"
        case .penaltyDecision: "行政处罚"
        case .coercionDecision: "行政强制"
        case .plan: "规划计划"
        case .notice: "通知公告"
        case .personnel: "人事信息"
        case .budget: "财政预决算"
        case .procurement: "政府采购"
        case .other: "其他"
        }
    }

    /// Kinds whose records have a 有效性 (the policy documents table 二 counts).
    public var hasValidity: Bool { self == .rule || self == .normativeDocument }
}

/// 有效性.
public enum Validity: String, Sendable, Hashable, CaseIterable {
    case inForce, repealed, expired

    public var displayName: String {
        switch self {
        case .inForce: "有效"
        case .repealed: "废止"
        case .expired: "失效"
        }
    }
}

/// 公开属性 (条例 Art. 13–16).
public enum Disclosure: String, Sendable, Hashable, CaseIterable {
    case proactive, onRequest, withheld

    public var displayName: String {
        switch self {
        case .proactive: "主动公开"
        case .onRequest: "依申请公开"
        case .withheld: "不予公开"
        }
    }
}

/// The fifteen items of 条例 Art. 20 (what every agency must publish proactively), short.
public enum Article20 {
    public static let items: [String] = [
        "行政法规、规章和行政规范性文件",
        "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名",
        "国民经济和社会发展规划、专项规划、区域规划及相关政策",
        "国民经济和社会发展统计信息",
        "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果",
        "实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定",
        "财政预算、决算信息",
        "行政事业性收费项目及其依据、标准",
        "政府集中采购项目的目录、标准及实施情况",
        "重大建设项目的批准和实施情况",
        "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况",
        "突发公共事件的应急预案、预警信息及应对情况",
        "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况",
        "公务员招考的职位、名额、报考条件等事项以及录用结果",
        "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息",
    ]

    /// `（一）行政法规、规章和行政规范性文件`.
    public static func title(_ item: Int) -> String? {
        guard (1...items.count).contains(item) else { return nil }
        return "（\(ChineseNumeral.ordinal(item))）" + items[item - 1]
    }
}
