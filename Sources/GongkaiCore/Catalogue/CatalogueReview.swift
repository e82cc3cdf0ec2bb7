/// The review of a piece of information before it is published (条例 Art. 17; 保密审查 under 《保守国家秘密法》): the
/// drafter proposes its 公开属性 (with the Art. 14–16 grounds when it is not 主动公开), the office checks the draft, the
/// 保密审查 is recorded with its reviewer and time (or the draft is referred for 定密), and the signer decides. Each step
/// is a line appended to the draft's history; the state is the history's last word, so the history is the audit.
public enum CatalogueReview {
    /// One recorded step.
    public struct Step: Sendable, Hashable {
        public var kind: Kind
        public var actor: String
        /// When it was recorded (ISO 8601).
        public var at: String
        /// `propose`: the proposed 公开属性.
        public var disclosure: Disclosure?
        /// `propose`: the grounds for not publishing proactively (the outcomes of table 三's 不予公开 block, the same
        /// list as the case system's, each with its article).
        public var grounds: [Table3Row]
        public var note: String?

        public init(kind: Kind, actor: String, at: String, disclosure: Disclosure? = nil, grounds: [Table3Row] = [], note: String? = nil) {
            self.kind = kind
            self.actor = actor
            self.at = at
            self.disclosure = disclosure
            self.grounds = grounds
            self.note = note
        }
    }

    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The drafter proposes the 公开属性 and sends the draft for review.
        case propose
        /// The office's check passed.
        case checked
        /// 保密审查: no state secret in it.
        case secrecyCleared
        /// 保密审查: it may hold a state secret; referred to the 定密 authority. Nothing moves until the answer.
        case referredForClassification
        /// The signer approves: a 主动公开 record is published in the same transaction; other records are filed.
        case approved
        /// Sent back to the drafter, with the reason (from any reviewing step).
        case returned
        /// Withdrawn by the drafter or decided not to be released at all (e.g. classified after referral).
        case closed

        public var displayName: String {
            switch self {
            case .propose: "提交审核"
            case .checked: "审核通过"
            case .secrecyCleared: "保密审查通过"
            case .referredForClassification: "报请定密"
            case .approved: "签发"
            case .returned: "退回修改"
            case .closed: "终止"
            }
        }
    }

    /// Where a draft is.
    public enum State: String, Sendable, Hashable, CaseIterable {
        case drafting, proposed, checked, cleared, referred, approved, closed

        public var displayName: String {
            switch self {
            case .drafting: "起草中"
            case .proposed: "待审核"
            case .checked: "待保密审查"
            case .cleared: "待签发"
            case .referred: "已报请定密"
            case .approved: "已签发"
            case .closed: "已终止"
            }
        }

        /// Whether the draft's text may still be changed (by its drafter, before review).
        public var isEditable: Bool { self == .drafting }
        public var isFinal: Bool { self == .approved || self == .closed }
    }

    /// The state after a history.
    public static func state(after steps: [Step]) -> State {
        var state = State.drafting
        for step in steps { state = next(state, step.kind) ?? state }
        return state
    }

    /// The state a step leads to from `state`, or nil when the step is not possible there.
    public static func next(_ state: State, _ kind: Kind) -> State? {
        switch (state, kind) {
        case (.drafting, .propose): .proposed
        case (.proposed, .checked): .checked
        case (.checked, .secrecyCleared): .cleared
        case (.checked, .referredForClassification): .referred
        // The 定密 authority's answer: not a secret (cleared), or a secret (closed, never released).
        case (.referred, .secrecyCleared): .cleared
        case (.referred, .closed): .closed
        case (.cleared, .approved): .approved
        case (.proposed, .returned), (.checked, .returned), (.cleared, .returned): .drafting
        case (.drafting, .closed): .closed
        default: nil
        }
    }

    /// The steps possible from a state.
    public static func possible(from state: State) -> [Kind] { Kind.allCases.filter { next(state, $0) != nil } }

    /// The grounds a drafter may give for not publishing proactively: table 三's 不予公开 outcomes (条例 Art. 14–16).
    public static let grounds: [Table3Row] = [
        .withheldStateSecret, .withheldProhibitedByLaw, .withheldSecurityStability, .withheldThirdPartyRights,
        .withheldInternalAffairs, .withheldProcessInformation, .withheldEnforcementFile, .withheldAdministrativeQuery,
    ]

    /// A ground as the drafter reads it: `属于国家秘密（条例第十四条）`.
    public static func groundName(_ row: Table3Row) -> String {
        let label = ReportFormat.y2021.spec.table3Rows.first { $0.row == row }?.label ?? row.key
        let bare = label.drop { $0.isNumber || $0 == "." || $0 == "．" }
        return String(bare) + "（条例" + ReplyLetter.articles(for: row) + "）"
    }

    /// Why a step cannot be recorded as given, or nil. `proposal` is the latest `propose` step before it.
    public static func problem(_ step: Step, in state: State, proposal: Step?) -> String? {
        guard next(state, step.kind) != nil else {
            let allowed = possible(from: state).map(\.displayName).joined(separator: "、")
            return "「\(state.displayName)」的稿件不能\(step.kind.displayName)" + (allowed.isEmpty ? "" : "（可以：\(allowed)）")
        }
        switch step.kind {
        case .propose:
            guard let disclosure = step.disclosure else { return "请选择公开属性" }
            if disclosure != .proactive, step.grounds.isEmpty {
                return "拟定为「\(disclosure.displayName)」，请选择不予主动公开的理由（条例第十四至十六条）"
            }
            if let bad = step.grounds.first(where: { !grounds.contains($0) }) { return "「\(groundName(bad))」不是不予公开的理由" }
        case .returned, .referredForClassification:
            if (step.note ?? "").trimmingWhitespace.isEmpty {
                return step.kind == .returned ? "请写明退回的理由" : "请写明报请定密的事项和理由"
            }
        case .approved:
            guard proposal?.disclosure != nil else { return "没有记录公开属性，不能签发" }
        default:
            break
        }
        return nil
    }
}
