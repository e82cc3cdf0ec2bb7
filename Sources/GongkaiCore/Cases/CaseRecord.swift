/// One application for information (依申请公开) with its whole history: who applied, how and when it arrived, and
/// the dated events that followed. Status and due dates are never stored: they are derived from the events
/// (``CaseProgress``). This is a line of the CASES-JSONL contract.
public struct CaseRecord: Sendable, Hashable {
    /// The agency's own case number, e.g. `2024-0001`; unique.
    public var id: String
    public var applicant: Applicant
    public var channel: Channel
    /// The receipt date under 条例 Art. 31 (see ``Channel/receiptRule``).
    public var received: CivilDate
    /// What the applicant asks for, in their words (optional in the contract).
    public var request: String?
    /// The history after receipt, in date order.
    public var events: [CaseEvent]
    /// 行政复议 and 行政诉讼 brought against the handling of this application.
    public var reviews: [Review]

    public init(id: String, applicant: Applicant, channel: Channel, received: CivilDate, request: String? = nil,
                events: [CaseEvent] = [], reviews: [Review] = [])
    {
        self.id = id
        self.applicant = applicant
        self.channel = channel
        self.received = received
        self.request = request
        self.events = events
        self.reviews = reviews
    }

    /// The event that closed the case (`decided` or `withdrawn`), if any.
    public var closing: CaseEvent? { events.last { $0.kind.closesCase } }

    /// The table 三 row the case counts under once closed: its outcome, or `otherHandling.other` for a withdrawal.
    public var outcomeRow: Table3Row? {
        guard let closing else { return nil }
        return closing.kind == .withdrawn ? .otherHandlingOther : closing.outcome
    }
}

/// Who applied.
public struct Applicant: Sendable, Hashable {
    public var type: ApplicantType
    public var name: String?

    public init(type: ApplicantType, name: String? = nil) {
        self.type = type
        self.name = name
    }
}

/// The six applicant columns of table 三, in order.
public enum ApplicantType: String, Sendable, Hashable, CaseIterable {
    case naturalPerson
    case commercialEnterprise
    case researchInstitution
    case socialWelfareOrganization
    case legalServiceInstitution
    case otherOrganization

    /// The table 三 column (0…5).
    public var column: Int { Self.allCases.firstIndex(of: self)! }

    /// `自然人`, `商业企业`, ….
    public var displayName: String { Table3Column.all[column].shortName }

    public var isOrganisation: Bool { self != .naturalPerson }
}

/// A dated step in a case's history.
public struct CaseEvent: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The agency asked the applicant to correct the application (补正告知, Art. 30).
        case correctionRequested
        /// The corrected application arrived: the 20 working days run again from this day.
        case correctionReceived
        /// A third party (Art. 32) or another agency (Art. 34) was consulted: the deadline stops running.
        case consultationStarted
        case consultationEnded
        /// The one extension of at most 20 working days (Art. 33 ¶2).
        case extended
        /// The fee notice (国办函〔2020〕109号), with the amount in 元.
        case feeNoticed
        case feePaid
        /// The answer, with its outcome (a table 三 outcome row of the 2021 format).
        case decided
        /// The applicant withdrew; counted as decided on that day under `otherHandling.other`.
        case withdrawn

        public var closesCase: Bool { self == .decided || self == .withdrawn }

        /// `补正告知`, ….
        public var displayName: String {
            switch self {
            case .correctionRequested: "告知补正"
            case .correctionReceived: "收到补正"
            case .consultationStarted: "开始征求意见"
            case .consultationEnded: "征求意见结束"
            case .extended: "延长答复期限"
            case .feeNoticed: "发出收费通知"
            case .feePaid: "缴费"
            case .decided: "作出答复"
            case .withdrawn: "申请人撤回申请"
            }
        }
    }

    /// Whom a consultation asked.
    public enum Party: String, Sendable, Hashable, CaseIterable {
        /// A third party whose rights disclosure may harm (Art. 32).
        case thirdParty
        /// Another agency, e.g. a co-producer of the information (Art. 34).
        case agency

        public var displayName: String { self == .thirdParty ? "第三方" : "其他机关" }
        public var article: String { self == .thirdParty ? "第三十二条" : "第三十四条" }
    }

    public var kind: Kind
    public var date: CivilDate
    /// `consultationStarted`: whom.
    public var party: Party?
    /// `feeNoticed`: the amount in 元.
    public var amount: Int?
    /// `decided`: the outcome.
    public var outcome: Table3Row?
    /// `decided`: the reasons given to the applicant (printed in the 答复书); any event: a note.
    public var note: String?
    /// Who recorded it (a user name), when known.
    public var by: String?

    public init(_ kind: Kind, _ date: CivilDate, party: Party? = nil, amount: Int? = nil, outcome: Table3Row? = nil,
                note: String? = nil, by: String? = nil)
    {
        self.kind = kind
        self.date = date
        self.party = party
        self.amount = amount
        self.outcome = outcome
        self.note = note
        self.by = by
    }
}

/// A 行政复议 or 行政诉讼 about the handling of an application; one block of table 四.
extension CaseEvent {
    /// The event in one line, e.g. `开始征求意见（第三方）`, `发出收费通知（120 元）`, `作出答复：予以公开`.
    public func summary(showingParty: Bool = true) -> String {
        var text = kind.displayName
        if showingParty, let party { text += "（\(party.displayName)）" }
        if let amount { text += "（\(amount) 元）" }
        if let outcome { text += "：" + (ReportFormat.y2021.spec.table3Row(outcome)?.shortName ?? outcome.key) }
        return text
    }
}

public struct Review: Sendable, Hashable {
    public enum Result: String, Sendable, Hashable, CaseIterable {
        case upheld, corrected, other

        /// The table 四 column (结果维持, 结果纠正, 其他结果).
        public var column: Int {
            switch self {
            case .upheld: 0
            case .corrected: 1
            case .other: 2
            }
        }

        public var displayName: String { Table4BlockSpec.columns[column] }
    }

    public var kind: Table4Block
    public var filed: CivilDate
    /// Set once decided, together with ``result``.
    public var decided: CivilDate?
    public var result: Result?

    public init(kind: Table4Block, filed: CivilDate, decided: CivilDate? = nil, result: Result? = nil) {
        self.kind = kind
        self.filed = filed
        self.decided = decided
        self.result = result
    }
}

extension Table3Row {
    /// The rows a decision can take: the outcome rows of the 2021 format (部分公开 is exclusive of the others).
    public static let decisionOutcomes: [Table3Row] = ReportFormat.y2021.spec.table3Rows
        .filter { $0.role == .outcome }.map(\.row)
}
