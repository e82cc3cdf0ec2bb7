import Foundation
import Testing

@testable import GongkaiCore

@Suite("Working-day deadlines (条例 Art. 30–34)")
struct DeadlineTests {
    static func d(_ text: String) -> CivilDate { CivilDate(iso: text)! }
    let calculator = DeadlineCalculator()

    @Test("20 working days from receipt, counted from the next day", arguments: [
        // DOMAIN.md §3 vectors.
        ("2021-09-30", "2021-11-03"),  // 国庆 2021-10-01…07, 调休 10-09 (Sat)
        ("2024-02-08", "2024-03-13"),  // 春节 2024-02-10…17, 调休 02-18 (Sun)
        ("2025-12-31", "2026-01-29"),  // year boundary, 元旦 2026-01-01…03, 调休 01-04 (Sun)
        // Worked out by hand from the notices.
        ("2023-09-28", "2023-11-01"),  // 中秋+国庆 09-29…10-06, 调休 10-07 (Sat) and 10-08 (Sun) count
        ("2024-09-13", "2024-10-17"),  // 调休 09-14 (Sat), 中秋 09-15…17, 调休 09-29 (Sun), 国庆 10-01…07, 调休 10-12 (Sat)
        ("2022-12-29", "2023-02-01"),  // 元旦 2022-12-31…2023-01-02 (2023 notice), 春节 01-21…27, 调休 01-28/29
        ("2020-01-20", "2020-02-25"),  // 春节 extended for COVID to 02-02 (国办发明电〔2020〕1号)
        ("2019-09-27", "2019-10-30"),  // 调休 09-29 (Sun), 国庆 10-01…07, 调休 10-12 (Sat)
        ("2021-02-05", "2021-03-10"),  // 调休 02-07 (Sun), 春节 02-11…17, 调休 02-20 (Sat)
        ("2022-04-22", "2022-05-23"),  // 调休 04-24 (Sun), 劳动节 04-30…05-04, 调休 05-07 (Sat)
        ("2023-06-20", "2023-07-19"),  // 端午 06-22…24, 调休 06-25 (Sun)
        ("2025-01-24", "2025-02-27"),  // 调休 01-26 (Sun), 春节 01-28…02-04 (from 除夕), 调休 02-08 (Sat)
        ("2025-09-26", "2025-10-30"),  // 调休 09-28 (Sun), 国庆+中秋 10-01…08, 调休 10-11 (Sat)
        ("2026-02-12", "2026-03-18"),  // 调休 02-14 (Sat), 春节 02-15…23 (nine days), 调休 02-28 (Sat)
        ("2026-04-30", "2026-06-01"),  // 劳动节 05-01…05, 调休 05-09 (Sat)
        ("2024-04-02", "2024-04-30"),  // 清明 04-04…06, 调休 04-07 (Sun) and 04-28 (Sun)
    ])
    func answerDate(received: String, due: String) throws {
        #expect(try calculator.deadlines(received: Self.d(received)).due.date == Self.d(due))
    }

    @Test("The extension adds 20 working days after the first due date")
    func extended() throws {
        let a = try calculator.deadlines(received: Self.d("2021-09-30"), extended: true)
        #expect(a.extended?.date == Self.d("2021-12-01"))  // DOMAIN.md: 40th working day
        let b = try calculator.deadlines(received: Self.d("2019-09-27"), extended: true)
        #expect(b.extended?.date == Self.d("2019-11-27"))
    }

    @Test("补正: notice within 7 working days; the 20 days run again from the corrected application")
    func correction() throws {
        #expect(try calculator.deadlines(received: Self.d("2026-02-13")).correctionNotice.date == Self.d("2026-03-02"))
        let c = try calculator.deadlines(received: Self.d("2024-04-30"), correctionReceived: Self.d("2024-05-10"))
        #expect(c.correctionNotice.date == Self.d("2024-05-13"))  // 劳动节 05-01…05, 调休 05-11 (Sat)
        #expect(c.due.date == Self.d("2024-06-06"))
    }

    @Test("A consultation of a third party (Art. 32) does not count, and the explanation says why")
    func pause() throws {
        let p = try calculator.deadlines(received: Self.d("2022-03-01"),
                                         pauses: [Pause(from: Self.d("2022-03-10"), to: Self.d("2022-03-20"))])
        #expect(p.due.date == Self.d("2022-04-08"))  // 调休 04-02 (Sat), 清明 04-03…05
        #expect(p.due.explanation == [
            "答复期限（第三十三条）：自 2022-03-01（星期二）的次日起算 20 个工作日",
            "2022-03-10 至 2022-03-20 征求意见期间，不计",
            "2022-04-02（星期六） 调休上班，计为第 17 个工作日",
            "2022-04-03 至 2022-04-05 放假，不计",
            "其间周末 4 天不计",  // 03-05/06 and 03-26/27; those of 03-12/13 and 03-19/20 fall in the pause
            "第 20 个工作日：2022-04-08（星期五）",
        ])
    }

    @Test("Past the known notices: two provisional years from the statutory holidays, then an error, never a weekday guess")
    func unknownYear() throws {
        let provisional = try calculator.deadlines(received: Self.d("2026-12-20"))
        #expect(provisional.due.date == Self.d("2027-01-18") && provisional.due.provisionalYears == [2027])
        #expect(provisional.due.explanation.last?.hasPrefix("暂定：2027 年的放假安排") == true)
        #expect(try !calculator.deadlines(received: Self.d("2026-11-02")).due.isProvisional)
        #expect(throws: WorkdayCalendar.UnknownYear.self) { try calculator.deadlines(received: Self.d("2028-12-20")) }
        #expect(throws: WorkdayCalendar.UnknownYear.self) { try WorkdayCalendar.shipped.day(Self.d("2018-12-28")) }
        #expect(try WorkdayCalendar.shipped.day(Self.d("2018-12-29")) == .adjustedWorkday)
    }

    @Test("Counting the day of receipt is a setting")
    func receiptDaySetting() throws {
        var counting = DeadlineCalculator()
        counting.countsReceiptDay = true
        // 2021-09-30 itself is the first working day, so the 20th comes one working day earlier.
        #expect(try counting.deadlines(received: Self.d("2021-09-30")).due.date == Self.d("2021-11-02"))
    }
}

@Suite("Beijing time of stored timestamps")
struct BeijingTimeTests {
    @Test("UTC timestamps are read on a clock in China: the date turns at 16:00 UTC")
    func beijingTime() {
        #expect(BeijingTime(iso8601: "2026-01-19T23:05:00Z")?.description == "2026-01-20 07:05")
        #expect(BeijingTime.day("2026-01-19T15:59:59Z") == "2026-01-19")
        #expect(BeijingTime.day("2026-01-19T16:00:00Z") == "2026-01-20")
        #expect(BeijingTime.display("2025-12-31T16:30:00Z") == "2026-01-01 00:30")
        // Not a timestamp: shown as stored, never a crash.
        #expect(BeijingTime.display("昨天") == "昨天")
        #expect(BeijingTime.day("2026-03-02 上午") == "2026-03-02")
    }

    @Test("The date and time by arithmetic agree with Foundation's calendar in Asia/Shanghai, leap days and year ends included")
    func arithmeticMatchesCalendar() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        var random = SeededGenerator(seed: 8)
        let instants = (0..<3_000).map { _ in Double(Int.random(in: 694_224_000..<4_102_444_800, using: &random)) }
            + [951_753_600, 951_839_999, 1_767_196_799, 1_767_196_800, 1_709_136_000 - 1].map(Double.init)  // 2000-02-29, 2025-12-31/2026-01-01, 2024-02-28
        for seconds in instants {
            let instant = Date(timeIntervalSince1970: seconds)
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: instant)
            let time = BeijingTime(instant)
            let expected = CivilDate(year: parts.year!, month: parts.month!, day: parts.day!)
            #expect(time.date == expected, "\(seconds)")
            #expect(time.hour == parts.hour! && time.minute == parts.minute!, "\(seconds)")
        }
    }
}

@Suite("Statutory holidays: the provisional years")
struct StatutoryHolidayTests {
    static func d(_ text: String) -> CivilDate { CivilDate(iso: text)! }

    @Test("The statutory holidays reproduce the real notices' holidays (before 调休), lunar dates and 补假 included")
    func statutoryHolidays() throws {
        // 2027 (no notice yet): 元旦 Fri; 春节 除夕 2-05 to 初三 2-08, 2-06/07 on a weekend made up 2-09/10; 清明 4-05 (Mon);
        // 劳动节 5-01/02 (Sat/Sun) made up 5-03/04; 端午 6-09; 中秋 9-15; 国庆 10-01…03 (Fri–Sun) made up 10-04/05.
        let days = Set(StatutoryHolidays.days(of: 2027).map(\.description))
        #expect(days == ["2027-01-01", "2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08", "2027-02-09", "2027-02-10",
                         "2027-04-05", "2027-05-01", "2027-05-02", "2027-05-03", "2027-05-04", "2027-06-09", "2027-09-15",
                         "2027-10-01", "2027-10-02", "2027-10-03", "2027-10-04", "2027-10-05"])
        // Every statutory day of a year with a real notice is a holiday or a weekend in that notice (the notices give
        // more days off, never fewer): 2025 and 2026, under the 2024 rules.
        for year in [2025, 2026] {
            for day in StatutoryHolidays.days(of: year) where !day.isWeekend {
                #expect(try WorkdayCalendar.shipped.day(day) == .holiday, "\(day) is a holiday in the \(year) notice")
            }
        }
        let qingming = [2019: "04-05", 2020: "04-04", 2021: "04-04", 2022: "04-05", 2023: "04-05", 2024: "04-04", 2025: "04-04",
                        2026: "04-05", 2027: "04-05", 2028: "04-04"]
        for (year, day) in qingming { #expect(StatutoryHolidays.qingming(year) == Self.d("\(year)-\(day)"), "清明 \(year)") }
        #expect(WorkdayCalendar.shipped.provisionalYears == 2027...2028)
        #expect(WorkdayCalendar.shipped.isProvisional(Self.d("2027-03-01")) && !WorkdayCalendar.shipped.isProvisional(Self.d("2026-03-02")))
    }
}
