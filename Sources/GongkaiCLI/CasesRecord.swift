import ArgumentParser
import GongkaiCore
import GongkaiStore

extension CaseEvent.Kind: ExpressibleByArgument {}
extension CaseEvent.Party: ExpressibleByArgument {}
extension Review.Result: ExpressibleByArgument {}

extension CasesCommand {
    /// `gongkai cases add ID KIND --date D …`: appends one event to a stored case.
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "给一件申请追加一个事件（台账只追加不改写；追加前按条例核对整个经过）。",
            discussion: """
                事件：correctionRequested（告知补正）、correctionReceived（收到补正）、consultationStarted（开始征求意见，\
                --party thirdParty 或 agency）、consultationEnded、extended（延期）、feeNoticed（收费通知，--amount 元）、feePaid、\
                decided（答复，--outcome 为表三办理结果，如 granted、withheld.thirdPartyRights）、withdrawn（撤回）。
                """)

        @Argument(help: "申请编号。")
        var id: String

        @Argument(help: "事件类型。")
        var kind: CaseEvent.Kind

        @Option(help: "事件日期（YYYY-MM-DD）。")
        var date: String

        @Option(help: "答复的办理结果（decided 必填）。")
        var outcome: String?

        @Option(help: "征求意见的对象：thirdParty 或 agency（consultationStarted 必填）。")
        var party: CaseEvent.Party?

        @Option(help: "信息处理费金额，元（feeNoticed 必填）。")
        var amount: Int?

        @Option(help: "说明；答复时为理由，印入答复书。")
        var note: String?

        @Option(help: "经办人。")
        var by: String?

        @Option(help: "以这一天为“今天”（YYYY-MM-DD，默认系统日期）：不能记录今天以后的事件。")
        var today: String?

        @OptionGroup var store: StoreOptions

        func validate() throws {
            switch kind {
            case .decided where outcome == nil: throw ValidationError("decided 需要 --outcome（表三办理结果，如 granted）")
            case .consultationStarted where party == nil: throw ValidationError("consultationStarted 需要 --party thirdParty 或 agency")
            case .feeNoticed where amount == nil: throw ValidationError("feeNoticed 需要 --amount（元）")
            default: break
            }
            if let amount, amount < 0 { throw ValidationError("--amount 不能为负数") }
        }

        func run() async throws {
            let date = try DeadlineCommand.date(date, "--date")
            let today = try DeadlineCommand.today(today)
            guard date <= today else { throw ValidationError("--date \(date) 晚于今天 \(today)：不能预先记录尚未发生的事件") }
            var event = CaseEvent(kind, date, note: note, by: by)
            if kind == .decided, let outcome {
                guard let row = Table3Row(key: outcome), Table3Row.decisionOutcomes.contains(row) else {
                    throw ValidationError("--outcome “\(outcome)”不是 2021 年格式表三的办理结果（如 granted、partlyGranted、withheld.stateSecret、otherHandling.other）")
                }
                event.outcome = row
            }
            if kind == .consultationStarted { event.party = party }
            if kind == .feeNoticed { event.amount = amount }
            try await store.withStore { store in
                let record = try await store.append([event], to: id, recordedBy: by)
                let progress = CaseProgress(of: record, calculator: DeadlineCalculator(calendar: try await store.calendar()))
                var line = "已记录：\(id) \(date) \(kind.displayName)。当前状态：\(progress.stage.displayName)"
                if progress.stage.isOpen, let due = progress.dueDate { line += "；答复期限 \(due)" }
                print(line + "。")
            }
        }
    }

    /// `gongkai cases review ID --kind K --filed D [--decided D --result R]`: a 复议/诉讼 against a case.
    struct ReviewCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "review",
            abstract: "记录针对一件申请的行政复议或行政诉讼：提起，或（同一 --kind 与 --filed）审结。")

        @Argument(help: "申请编号。")
        var id: String

        @Option(help: "reconsideration（行政复议）、litigationDirect（未经复议直接起诉）或 litigationAfterReconsideration（复议后起诉）。")
        var kind: String

        @Option(help: "提起日期（YYYY-MM-DD）。")
        var filed: String

        @Option(help: "审结日期（YYYY-MM-DD）。")
        var decided: String?

        @Option(help: "审结结果：upheld（维持）、corrected（纠正）、other（其他）。")
        var result: Review.Result?

        @Option(help: "经办人。")
        var by: String?

        @OptionGroup var store: StoreOptions

        func run() async throws {
            guard let block = Table4Block(key: kind) else {
                throw ValidationError("--kind “\(kind)”应为 reconsideration、litigationDirect 或 litigationAfterReconsideration")
            }
            guard (decided == nil) == (result == nil) else { throw ValidationError("--decided 与 --result 须同时给出") }
            let review = Review(kind: block, filed: try DeadlineCommand.date(filed, "--filed"),
                                decided: try decided.map { try DeadlineCommand.date($0, "--decided") }, result: result)
            try await store.withStore { store in
                _ = try await store.append([], reviews: [review], to: id, recordedBy: by)
                let what = Table4BlockSpec.spec(block).shortName
                print(review.result.map { "已记录：\(id) 的\(what)于 \(review.decided!) 审结（\($0.displayName)）。" }
                      ?? "已记录：\(id) 于 \(review.filed) 提起\(what)。")
            }
        }
    }
}
