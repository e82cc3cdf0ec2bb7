import ArgumentParser
import Foundation
import GongkaiCore
import GongkaiOffice
import GongkaiParsing
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
            abstract: "按申请台账统计某一年度的表三（收到和处理政府信息公开申请情况）和表四（行政复议、行政诉讼情况）；2021 年格式表二中的规章、规范性文件（以及目录中有的许可、处罚、强制决定）由主动公开目录统计。",
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
                // Table 二's cells that the catalogue counts (2021 format; none when the agency keeps no catalogue here).
                let catalogue = year >= 2021 ? try await office.catalogueTable2(year: year) : Office.CountedTable2(cells: [:], members: [:])
                if !catalogue.isEmpty {
                    var table2 = Table2(format: report.format)
                    for (key, value) in catalogue.cells {
                        let parts = key.split(separator: ".").map(String.init)
                        table2[parts[0], parts[1]] = Decimal(value)
                    }
                    report.table2 = table2
                }
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
            abstract: "导入新一年（或更正某一年）的节假日安排：国务院办公厅通知的文字，或 cn-workdays.json 格式的 JSON。",
            discussion: """
                通知的文字（从政府网站复制的“一、元旦：1月1日（周五）至3日（周日）放假调休，共3天。1月4日（周日）上班。……”，\
                存为 UTF-8 或 GB18030 文本文件）：先列出读到的每一天，确认无误后加 --yes 再运行一次即导入；读不懂的文字不导入。\
                JSON：{"2027": {"holidays": [...], "workdays": [...]}}，直接导入。\
                导入后，未办结申请的答复期限随之重新推算（暂定的期限变为确定）；本命令列出期限因此改变的申请。
                """)

        @Argument(help: "通知文字的文本文件，或日历 JSON 文件。")
        var file: String

        @Option(help: "通知安排的年份（通知的文字中没有写明时）。")
        var year: Int?

        @Flag(help: "确认导入读到的通知（不加时只列出读到的日期）。")
        var yes = false

        @Option(help: "导入人（记入操作日志；默认为操作系统用户）。")
        var by: String?

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let bytes = try CLI.withInputErrors { try CLI.read(file) }
            let notices: [Int: WorkdayCalendar.Notice]
            var isText = false
            if JSONParser.startsWithObject(bytes) {
                do {
                    notices = try CalendarFile.parse(bytes)
                } catch {
                    CLI.printError("\(file)：\(error.description)")
                    throw CLI.unusableInput
                }
            } else {
                isText = true
                guard let text = SourceDecoder.decode(bytes)?.text else {
                    CLI.printError("\(file)：不是 UTF-8、UTF-16 或 GB18030 编码的文字")
                    throw CLI.unusableInput
                }
                let reading: NoticeText.Reading
                do {
                    reading = try NoticeText.read(text, year: year)
                } catch {
                    CLI.printError("\(file)：读不懂这份通知，未导入：\(error.description)")
                    throw CLI.unusableInput
                }
                print("从 \(file) 读到 \(reading.year) 年的放假安排：")
                for line in reading.lines { print("  " + line) }
                print("  共放假 \(reading.notice.holidays.count) 天，调休上班 \(reading.notice.workdays.count) 天。")
                if !reading.ignored.isEmpty {
                    print("以下句子中的日期既不是放假也不是上班，未采用：")
                    for sentence in reading.ignored { print("  " + sentence) }
                }
                notices = [reading.year: reading.notice]
            }
            try await store.withOffice { office in
                do {
                    if isText, !yes {
                        let change = try await office.calendarChange(notices, by: .commandLine(by))
                        print("导入后，未办结申请 \(change.openCases) 件中有 \(change.moved.count) 件的答复期限会重新推算。")
                        CLI.printError("未导入：请核对以上日期与通知原文一致，再加 --yes 运行一次：gongkai calendar import \(file) --yes")
                        throw ExitCode(1)
                    }
                    let change = try await office.importCalendar(notices, source: (file as NSString).lastPathComponent, by: .commandLine(by))
                    for year in change.years {
                        print("\(year.year) 年节假日安排：\(year.verb)（放假 \(year.holidays) 天，调休上班 \(year.workdays) 天）")
                    }
                    print(change.moved.isEmpty ? "未办结申请 \(change.openCases) 件，答复期限均未改变。"
                                               : "未办结申请 \(change.openCases) 件中，\(change.moved.count) 件的答复期限重新推算：")
                    let agencies = Set(change.moved.map(\.agency)).count
                    for moved in change.moved {
                        print("  " + (agencies > 1 ? "\(moved.agency) " : "") + "\(moved.code)：\(moved.from) → \(moved.to)")
                    }
                } catch let error as OfficeError where error.status == .unprocessableEntity {
                    throw InputError(file: file, reason: error.message)
                }
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
