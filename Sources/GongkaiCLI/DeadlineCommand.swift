import ArgumentParser
import GongkaiCore

extension Channel: ExpressibleByArgument {}

/// `gongkai deadline --received DATE`: the statutory answer date of an application, with its explanation.
struct DeadlineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deadline",
        abstract: "计算依申请公开的法定答复期限（按国务院节假日安排计算工作日），并说明推算过程。",
        discussion: """
            收到申请之日不计，自次日起算（《民法典》第二百零一条的通常做法）；征求第三方或其他机关意见的期间不计入（条例第三十二、三十四条）；\
            补正后自收到补正申请之日起重新计算（条例第三十条）；延长期限最长 20 个工作日（条例第三十三条）。
            """
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Option(help: "收到申请的日期（YYYY-MM-DD，按条例第三十一条确定）。")
    var received: String

    @Option(help: "申请渠道：inPerson（当面）、post（邮寄签收）、postUnsigned（平信）、online（互联网）、fax（传真）、email、oral（口头）。")
    var channel: Channel?

    @Option(help: "收到补正后申请的日期（YYYY-MM-DD）。")
    var correctionReceived: String?

    @Option(help: "不计入期限的征求意见期间，格式 开始..结束（可多次给出）。")
    var pause: [String] = []

    @Flag(help: "已批准延长答复期限。")
    var extended = false

    @Option(help: "输出格式：text 或 json。")
    var format: OutputFormat = .text

    @OptionGroup var store: StoreOptions

    /// `--today`: the given day, or today in China.
    static func today(_ option: String?) throws -> CivilDate {
        try option.map { try date($0, "--today") } ?? CivilDate.today
    }

    static func date(_ text: String, _ option: String) throws -> CivilDate {
        guard let date = CivilDate(iso: text) else {
            throw ValidationError("\(option) 的日期 “\(text)” 无效（应为 YYYY-MM-DD）")
        }
        return date
    }

    func run() async throws {
        let received = try Self.date(received, "--received")
        let correction = try correctionReceived.map { try Self.date($0, "--correction-received") }
        let pauses = try pause.map { text -> Pause in
            let parts = text.components(separatedBy: "..")
            guard parts.count == 2 else { throw ValidationError("--pause “\(text)” 应为 开始..结束，例如 2024-10-11..2024-10-20") }
            return Pause(from: try Self.date(parts[0], "--pause"), to: try Self.date(parts[1], "--pause"))
        }
        let deadlines: DeadlineCalculator.Deadlines
        do {
            deadlines = try DeadlineCalculator(calendar: try await store.calendarIfStored()).deadlines(
                received: received, correctionReceived: correction, pauses: pauses, extended: extended)
        } catch let error as WorkdayCalendar.UnknownYear {
            CLI.printError(error.description)
            throw CLI.unusableInput
        }
        let rule = channel.map { ["收到日期（渠道「\($0.displayName)」）按\($0.receiptRule)"] } ?? []
        switch format {
        case .json:
            let explanation = rule + deadlines.due.explanation + (deadlines.extended?.explanation ?? [])
            let json = JSON.object([
                ("dueDate", .string(deadlines.due.date.description)),
                ("extendedDueDate", .date(deadlines.extended?.date)),
                ("correctionNoticeDueDate", .string(deadlines.correctionNotice.date.description)),
                ("provisional", .bool(deadlines.due.isProvisional || deadlines.extended?.isProvisional == true)),
                ("explanation", .array(explanation.map(JSON.string))),
            ])
            try CLI.write(JSONWriter.string(json), to: nil)
        case .text:
            func shown(_ result: DeadlineCalculator.Result) -> String {
                result.isProvisional ? "暂定 \(result.date.chineseDescription)（\(result.date)）" : result.date.chineseDescription
            }
            var lines = ["答复期限：\(shown(deadlines.due))"]
            if let longer = deadlines.extended { lines.append("延长后的答复期限：\(shown(longer))") }
            lines.append("补正告知期限：\(shown(deadlines.correctionNotice))")
            lines.append("")
            lines += (rule + deadlines.due.explanation).map { "  " + $0 }
            if let longer = deadlines.extended { lines += longer.explanation.map { "  " + $0 } }
            try CLI.write(lines.joined(separator: "\n") + "\n", to: nil)
        }
    }
}
