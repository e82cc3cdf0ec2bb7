import GongkaiCore
import GongkaiOffice
import GongkaiStore

/// The step form of the case page as a clerk uses it: first the step, among those the case's history allows and the
/// user's roles permit (no step is chosen for them); then only that step's fields. The outcomes of a decision are
/// grouped as table 三 groups them, with their full labels and the articles of the 条例 they rest on.
struct StepForm: Encodable {
    struct Step: Encodable {
        let value: String
        let label: String
        let selected: Bool
    }

    struct Outcome: Encodable {
        let value: String
        let label: String
        let articles: String
        let selected: Bool
    }

    struct Group: Encodable {
        /// `（三）不予公开`; empty for the rows that stand alone (（一）予以公开, （二）部分公开).
        let label: String
        let outcomes: [Outcome]
    }

    let steps: [Step]
    /// Steps the history allows that this user may not record, with who may (`延长答复期限须经签发人批准，由签发人登记`).
    let withheld: [String]
    /// The chosen step's raw value; empty before one is chosen.
    let chosen: String
    let chosenLabel: String
    let isChosen: Bool
    let hint: String
    let needsParty: Bool
    let needsAmount: Bool
    let needsOutcome: Bool
    let noteLabel: String
    let groups: [Group]

    /// What each step means, in a line a clerk reads before recording it.
    static func hint(_ kind: CaseEvent.Kind) -> String {
        switch kind {
        case .correctionRequested: "申请内容不明确的，自收到申请之日起 7 个工作日内一次性告知补正（第三十条）；答复期限自收到补正之日起重新计算，未补正前不计算。"
        case .correctionReceived: "收到补正后的申请：答复期限自该日起重新计算 20 个工作日。"
        case .consultationStarted: "书面征求第三方（第三十二条）或其他机关（第三十四条）意见；征求意见所需时间不计入答复期限。"
        case .consultationEnded: "收到意见或意见期限届满：答复期限自次日起继续计算。"
        case .extended: "需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长不超过 20 个工作日，只能延长一次（第三十三条第二款）。"
        case .feeNoticed: "按《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）发出收费通知；申请人自收到通知次日起 20 个工作日内缴费。"
        case .feePaid: "申请人已缴纳信息处理费。"
        case .decided: "选择答复结果：它就是年度报告表三中这件申请所计入的行，并决定答复书的措辞和依据。"
        case .withdrawn: "申请人撤回申请：申请办结，年度报告中计入表三“（六）其他处理”。"
        }
    }

    init(record: CaseRecord, user: StaffUser, agency: Agency, chosen typed: String, outcome typedOutcome: String) {
        let allowed = record.possibleSteps
        let permitted = allowed.filter { $0 != .extended || user.may(.approveExtension, in: agency) }
        withheld = allowed.contains(.extended) && !permitted.contains(.extended) ? ["延长答复期限须经签发人批准，由签发人登记。"] : []
        let kind = CaseEvent.Kind(rawValue: typed).flatMap { permitted.contains($0) ? $0 : nil }
        steps = permitted.map { Step(value: $0.rawValue, label: $0.displayName, selected: $0 == kind) }
        chosen = kind?.rawValue ?? ""
        chosenLabel = kind?.displayName ?? ""
        isChosen = kind != nil
        hint = kind.map(Self.hint) ?? ""
        needsParty = kind == .consultationStarted
        needsAmount = kind == .feeNoticed
        needsOutcome = kind == .decided
        noteLabel = kind == .decided ? "理由或说明（写入答复书）" : "说明（可不填）"
        groups = kind == .decided ? Self.groups(record.possibleOutcomes, selected: typedOutcome) : []
    }

    static func groups(_ outcomes: [Table3Row], selected: String) -> [Group] {
        var groups: [Group] = []
        for spec in ReportFormat.y2021.spec.table3Rows where outcomes.contains(spec.row) {
            let outcome = Outcome(value: spec.key, label: spec.label, articles: "条例" + ReplyLetter.articles(for: spec.row),
                                  selected: spec.key == selected)
            let label = spec.group ?? ""
            if let last = groups.last, last.label == label {
                groups[groups.count - 1] = Group(label: label, outcomes: last.outcomes + [outcome])
            } else {
                groups.append(Group(label: label, outcomes: [outcome]))
            }
        }
        return groups
    }
}
