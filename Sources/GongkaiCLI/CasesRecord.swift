import ArgumentParser
import GongkaiCore
import GongkaiOffice
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
        @OptionGroup var agencyOption: AgencyOption

        func run() async throws {
            let today = try DeadlineCommand.today(today)
            // The same rules as the web's step form (CaseInput.event), so the same refusals.
            var raw = ["kind": kind.rawValue, "date": date]
            if let outcome { raw["outcome"] = outcome }
            if let party { raw["party"] = party.rawValue }
            if let amount { raw["amount"] = String(amount) }
            if let note { raw["note"] = note }
            let event = try CLI.office { () throws(OfficeError) in try CaseInput.event(try Fields(raw)) }
            try await store.withOffice(today: today, agency: agencyOption.code) { office in
                let record = try await office.record(event, in: id, by: .commandLine(by))
                let progress = try await office.progress(of: record)
                var line = "已记录：\(id) \(event.date) \(kind.displayName)。当前状态：\(progress.stage.displayName)"
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

        @Option(help: "以这一天为“今天”（YYYY-MM-DD，默认系统日期）：不能记录今天以后的日期。")
        var today: String?

        @OptionGroup var store: StoreOptions
        @OptionGroup var agencyOption: AgencyOption

        func run() async throws {
            let today = try DeadlineCommand.today(today)
            var raw = ["reviewKind": kind, "filed": filed]
            if let decided { raw["decided"] = decided }
            if let result { raw["result"] = result.rawValue }
            let review = try CLI.office { () throws(OfficeError) in try CaseInput.review(try Fields(raw)) }
            try await store.withOffice(today: today, agency: agencyOption.code) { office in
                _ = try await office.record(review, in: id, by: .commandLine(by))
                let what = Table4BlockSpec.spec(review.kind).shortName
                print(review.result.map { "已记录：\(id) 的\(what)于 \(review.decided!) 审结（\($0.displayName)）。" }
                      ?? "已记录：\(id) 于 \(review.filed) 提起\(what)。")
            }
        }
    }
}
