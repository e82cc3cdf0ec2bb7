import Foundation
import Testing

@testable import GongkaiCore

@Suite("Holiday notices pasted as text")
struct NoticeTextTests {
    /// `examples/notices/`: the real notices, shipped as examples of what an administrator pastes.
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("examples/notices")

    static func text(_ year: Int) throws -> String {
        try String(contentsOf: directory.appendingPathComponent("\(year).txt"), encoding: .utf8)
    }

    @Test("The real notices of 2019–2026 read to the days of the shipped calendar", arguments: Array(2019...2026))
    func realNotices(year: Int) throws {
        let reading = try NoticeText.read(try Self.text(year))
        #expect(reading.year == year, "the year is read from the title")
        var expected = try #require(WorkdayCalendar.shippedNotices[year])
        if year == 2020 {
            // The shipped calendar holds the Spring Festival extended to 2 February (国办发明电〔2020〕1号, a separate
            // notice): 31 January–2 February holidays, 1 February no longer a working day.
            expected = WorkdayCalendar.Notice(
                holidays: expected.holidays.filter { !["2020-01-31", "2020-02-01", "2020-02-02"].contains($0) },
                workdays: (expected.workdays + ["2020-02-01"]).sorted())
        }
        #expect(reading.notice.holidays == expected.holidays)
        #expect(reading.notice.workdays == expected.workdays)
        #expect(reading.items.count == (year == 2020 || year == 2023 || year == 2025 ? 6 : 7))
    }

    @Test("What is shown for confirmation: each item's runs and working days, and the dated sentences not used")
    func confirmation() throws {
        let reading = try NoticeText.read(try Self.text(2026))
        #expect(reading.lines[0] == "元旦：2026-01-01（周四） 至 2026-01-03（周六） 放假，共 3 天；2026-01-04（周日） 上班")
        #expect(reading.lines[1].hasPrefix("春节：2026-02-15（周日） 至 2026-02-23（周一） 放假，共 9 天；2026-02-14（周六）、2026-02-28（周六） 上班"))
        #expect(reading.ignored == ["2025年11月4日"], "the date of signature is not a holiday")
        let eve = try NoticeText.read(try Self.text(2024))
        #expect(eve.ignored.contains("鼓励各单位结合带薪年休假等制度落实，安排职工在除夕（2月9日）休息"),
                "2024's 除夕 was only encouraged as a rest day: not a holiday, and said so")
        #expect(!eve.notice.holidays.contains("2024-02-09"))
    }

    @Test("A notice with one line, full-width digits or the year given by hand reads the same")
    func shapes() throws {
        let oneLine = try Self.text(2026).replacingOccurrences(of: "\n", with: "")
        #expect(try NoticeText.read(oneLine).notice == WorkdayCalendar.shippedNotices[2026])
        let items = try Self.text(2025).split(separator: "\n").filter { $0.hasPrefix("一") || $0.hasPrefix("二") || $0.hasPrefix("三")
            || $0.hasPrefix("四") || $0.hasPrefix("五") || $0.hasPrefix("六") }.joined(separator: "\n")
        let wide = items.map { c -> String in
            guard let digit = c.wholeNumberValue, c.isASCII else { return String(c) }
            return String(UnicodeScalar(0xFF10 + digit)!)
        }.joined()
        #expect(try NoticeText.read(wide, year: 2025).notice == WorkdayCalendar.shippedNotices[2025])
    }

    @Test("Refused, with the reason, when the text cannot be taken as it is", arguments: [
        ("2027", "没有读到通知安排的是哪一年"),
        ("经国务院批准，现将2027年元旦放假安排通知如下。元旦放假一天。", "没有读到“一、元旦：……”这样的分项"),
        ("2026年部分节假日安排\n一、元旦：1月1日（周五）至3日（周日）放假调休，共3天。", "通知写 1月1日是周五，但 2026-01-01 是周四"),
        ("2026年部分节假日安排\n一、元旦：1月1日至3日放假调休，共4天。", "通知写共 4 天，读到的放假日期是 3 天"),
        ("2026年部分节假日安排\n一、元旦：1月1日至3日放假调休，共3天。1月5日（周一）上班。", "2026-01-05 是周一，调休上班日应为周六或周日"),
        ("2026年部分节假日安排\n一、元旦：1月1日至3日放假调休，共3天。\n二、春节：调休另行通知。", "“春节”一项没有读到放假日期"),
        ("2026年部分节假日安排\n一、元旦：1月1日至3日放假调休，共3天。", "没有 2026 年的法定节假日 2026-02-16（春节·除夕）"),
    ])
    func refusals(text: String, reason: String) {
        #expect {
            _ = try NoticeText.read(text)
        } throws: { error in
            (error as? NoticeText.Unreadable)?.description.contains(reason) == true
        }
    }

    @Test("The statutory days a notice must grant: 除夕 and 2 May from 2025 on")
    func required() {
        let days2024 = StatutoryHolidays.required(of: 2024).map(\.date.description)
        #expect(!days2024.contains("2024-02-09") && !days2024.contains("2024-05-02") && days2024.contains("2024-02-10"))
        let days2027 = StatutoryHolidays.required(of: 2027).map(\.date.description)
        #expect(days2027.contains("2027-02-05") && days2027.contains("2027-02-06") && days2027.contains("2027-05-02"))
        #expect(days2027.count == 13)
    }
}
