import ArgumentParser
import Foundation
import GongkaiCore
import GongkaiOffice
import GongkaiRendering
import GongkaiStore

/// `gongkai report tables --year Y`: tables 三 and 四 of a report year from the stored cases.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "由申请台账生成年度报告的数据。",
        subcommands: [Tables.self]
    )

    struct Tables: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "按申请台账统计某一年度的表三（收到和处理政府信息公开申请情况）和表四（行政复议、行政诉讼情况）。",
            discussion: """
                一、本年新收：当年收到的申请；二、上年结转：此前收到、当年 1 月 1 日前未办结的申请；三、办理结果：当年办结的申请\
                （撤回计入“其他”）；四、结转下年度：年底前收到、年底仍未办结的申请。表四：当年审结的按结果计，年底尚未审结的计入“尚未审结”。\
                输出的报告 JSON 不含表二和正文，findings 是对表三、表四的检查结果。
                """)

        enum Format: String, ExpressibleByArgument, CaseIterable { case json, md, text }

        @Option(help: "报告年度。")
        var year: Int

        @Option(help: "机关名称（写入报告 JSON 的 agency）。")
        var agency: String?

        @Option(help: "输出格式：json（报告 JSON）、md（表格）或 text（检查结果）。")
        var format: Format = .json

        @OptionGroup var store: StoreOptions
        @OptionGroup var agencyOption: AgencyOption

        func run() async throws {
            guard (2000...2100).contains(year) else { throw ValidationError("--year \(year) 不是有效年份") }
            try await store.withOffice(agency: agencyOption.code) { office in
                let here = try office.agency
                let tally = try await office.store.tally(year: year, agency: here.id)
                var report = tally.report(year: year, agency: agency ?? here.name)
                report.findings = ReportChecker.check(report, level: here.level).filter { finding in
                    finding.location.table == .table3 || finding.location.table == .table4
                }
                switch format {
                case .json: try CLI.write(JSONWriter.string(report.json()) + "\n", to: nil)
                case .md: try CLI.write(MarkdownRenderer.render(report), to: nil)
                case .text:
                    let total = report.table3?[.total, 6] ?? 0
                    var text = "\(year) 年度：新收 \(report.table3?[.received, 6] ?? 0) 件，上年结转 \(report.table3?[.carriedOver, 6] ?? 0) 件，"
                        + "办结 \(total) 件，结转下年度 \(report.table3?[.carriedForward, 6] ?? 0) 件。\n"
                    text += report.findings.isEmpty ? "表三、表四的勾稽关系全部成立。\n" : FindingsTextRenderer.render(report.findings, title: "表三、表四检查结果")
                    try CLI.write(text, to: nil)
                }
            }
        }
    }
}

/// `gongkai calendar …`: the holiday notices the working-day calendar is built from.
struct CalendarCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "工作日日历（国务院办公厅节假日安排通知）：查看与导入新一年的安排。",
        subcommands: [Import.self, List.self]
    )

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "导入新一年（或更正某一年）的节假日安排，格式同 cn-workdays.json：{\"2027\": {\"holidays\": [...], \"workdays\": [...]}}。",
            discussion: "导入后，未办结申请的答复期限随之重新推算；本命令列出期限因此改变的申请。")

        @Argument(help: "日历 JSON 文件。")
        var file: String

        @Option(help: "导入人（记入操作日志；默认为操作系统用户）。")
        var by: String?

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let bytes = try CLI.withInputErrors { try CLI.read(file) }
            let notices: [Int: WorkdayCalendar.Notice]
            do {
                notices = try CalendarFile.parse(bytes)
            } catch {
                CLI.printError("\(file)：\(error.description)")
                throw CLI.unusableInput
            }
            try await store.withOffice { office in
                let store = office.store
                let before = try await store.notices()
                var after = before
                for (year, notice) in notices { after[year] = notice }
                let years = after.keys.sorted()
                if let gap = zip(years, years.dropFirst()).first(where: { $1 != $0 + 1 }) {
                    throw InputError(file: file, reason: "导入后日历缺少 \(gap.0 + 1) 年（已有 \(years.first!)–\(gap.0) 年）；请先导入 \(gap.0 + 1) 年的安排")
                }
                let open = try await store.openCases(agency: nil)
                let old = DeadlineCalculator(calendar: WorkdayCalendar(notices: before))
                let new = DeadlineCalculator(calendar: WorkdayCalendar(notices: after))
                try await office.importCalendar(notices, source: (file as NSString).lastPathComponent, by: .commandLine(by))
                for year in notices.keys.sorted() {
                    let verb = before[year] == nil ? "新增" : (before[year] == notices[year] ? "未变（与已有安排相同）" : "替换")
                    print("\(year) 年节假日安排：\(verb)（放假 \(notices[year]!.holidays.count) 天，调休上班 \(notices[year]!.workdays.count) 天）")
                }
                var changed: [String] = []
                for record in open {
                    let a = CaseProgress(of: record, calculator: old)
                    let b = CaseProgress(of: record, calculator: new)
                    if a.dueDate != b.dueDate || a.dueDateIsProvisional != b.dueDateIsProvisional {
                        let from = a.dueDateText ?? (a.calendarGap != nil ? "无法计算" : "—")
                        changed.append("  \(record.id)：\(from) → \(b.dueDateText ?? "—")")
                    }
                }
                print(changed.isEmpty ? "未办结申请 \(open.count) 件，答复期限均未改变。"
                                      : "未办结申请 \(open.count) 件中，\(changed.count) 件的答复期限重新推算：")
                for line in changed { print(line) }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "列出日历已有的年份及来源。")

        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await store.withStore { store in
                let imported = Dictionary(uniqueKeysWithValues: try await store.importedNoticeYears().map { ($0.year, $0.importedAt) })
                for (year, notice) in try await store.notices().sorted(by: { $0.key < $1.key }) {
                    let source = imported[year].map { "导入于 \($0)" } ?? "随程序提供"
                    print("\(year) 年：放假 \(notice.holidays.count) 天，调休上班 \(notice.workdays.count) 天（\(source)）")
                }
            }
        }
    }
}
