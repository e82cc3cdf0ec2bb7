import Foundation

/// The public holidays of 《全国年节及纪念日放假办法》 as revised in 2024 (国务院令第 795 号, in force 1 January 2025),
/// for a year whose State Council notice is not published yet: 元旦 1 day (1 January); 春节 4 days (农历除夕 and 正月
/// 初一至初三); 清明节 1 day (the solar term); 劳动节 2 days (1–2 May); 端午节 1 day (农历五月初五); 中秋节 1 day (农历八月
/// 十五); 国庆节 3 days (1–3 October). Art. 6: a holiday that falls on a Saturday or Sunday is made up on a working day
/// (补假) — here the first weekday after the holiday's run that is not a holiday itself.
///
/// The notice itself also moves weekends (调休): those cannot be foreseen, so a date computed from these days is
/// provisional (暂定) and is recomputed when the notice is imported.
public enum StatutoryHolidays {
    /// The holidays of a year, with their make-up days, sorted. Worked out once per year and kept: a calendar is made
    /// for every deadline the office computes, and the lunar dates take a year of day-by-day conversions.
    public static func days(of year: Int) -> [CivilDate] {
        cache.lock.lock()
        let known = cache.years[year]
        cache.lock.unlock()
        if let known { return known }
        let days = compute(year)
        cache.lock.lock()
        cache.years[year] = days
        cache.lock.unlock()
        return days
    }

    /// The statutory days themselves (no 补假) with their festival: those every notice of the year must grant. Before
    /// 2025 (the revision), 春节 was 正月初一至初三 and 劳动节 1 May only.
    public static func required(of year: Int) -> [(date: CivilDate, festival: String)] {
        var days: [(CivilDate, String)] = []
        func add(_ month: Int, _ day: Int, _ name: String) {
            if let date = CivilDate(year: year, month: month, day: day) { days.append((date, name)) }
        }
        add(1, 1, "元旦")
        let lunar = lunarDays(year)
        if let newYear = lunar.newYear {
            if year >= 2025 { days.append((newYear.adding(days: -1), "春节·除夕")) }
            days += [(newYear, "春节·正月初一"), (newYear.adding(days: 1), "春节·正月初二"), (newYear.adding(days: 2), "春节·正月初三")]
        }
        days.append((qingming(year), "清明节"))
        add(5, 1, "劳动节")
        if year >= 2025 { add(5, 2, "劳动节") }
        if let dragonBoat = lunar.dragonBoat { days.append((dragonBoat, "端午节")) }
        if let midAutumn = lunar.midAutumn { days.append((midAutumn, "中秋节")) }
        add(10, 1, "国庆节"); add(10, 2, "国庆节"); add(10, 3, "国庆节")
        return days.sorted { $0.0 < $1.0 }
    }

    private final class Cache: @unchecked Sendable {
        let lock = NSLock()
        var years: [Int: [CivilDate]] = [:]
    }

    private static let cache = Cache()

    private static func compute(_ year: Int) -> [CivilDate] {
        var days: [CivilDate] = []
        func add(_ month: Int, _ day: Int) { if let date = CivilDate(year: year, month: month, day: day) { days.append(date) } }
        add(1, 1)
        add(5, 1); add(5, 2)
        add(10, 1); add(10, 2); add(10, 3)
        days.append(qingming(year))
        let lunar = lunarDays(year)
        if let newYear = lunar.newYear {
            days += [newYear.adding(days: -1), newYear, newYear.adding(days: 1), newYear.adding(days: 2)]
        }
        if let dragonBoat = lunar.dragonBoat { days.append(dragonBoat) }
        if let midAutumn = lunar.midAutumn { days.append(midAutumn) }
        var set = Set(days.map(\.dayNumber))
        // 补假: each holiday on a weekend gives the first free weekday after its run.
        for date in days.sorted() where date.isWeekend {
            var next = date.adding(days: 1)
            while set.contains(next.dayNumber) || next.isWeekend { next = next.adding(days: 1) }
            set.insert(next.dayNumber)
        }
        return set.sorted().map(CivilDate.init(dayNumber:))
    }

    /// 清明: the solar term at 15° of the sun's longitude, on 4 or 5 April (5 April in 2026–2027, 4 April in 2028):
    /// the usual formula for the 21st century, C = 4.81 (the day of April is ⌊Y·0.2422 + C⌋ − ⌊Y/4⌋, Y the last two digits
    /// of the year; checked against 2019–2026).
    static func qingming(_ year: Int) -> CivilDate {
        let y = year % 100
        let day = Int(Double(y) * 0.2422 + 4.81) - y / 4
        return CivilDate(year: year, month: 4, day: min(max(day, 4), 6))!
    }

    /// 正月初一, 五月初五 and 八月十五 of the Chinese calendar that fall in Gregorian `year` (Foundation's Chinese
    /// calendar, ICU's), in Beijing time.
    static func lunarDays(_ year: Int) -> (newYear: CivilDate?, dragonBoat: CivilDate?, midAutumn: CivilDate?) {
        guard let beijing = TimeZone(identifier: "Asia/Shanghai") else { return (nil, nil, nil) }
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = beijing
        var chinese = Calendar(identifier: .chinese)
        chinese.timeZone = beijing
        var result: (newYear: CivilDate?, dragonBoat: CivilDate?, midAutumn: CivilDate?) = (nil, nil, nil)
        guard var date = gregorian.date(from: DateComponents(year: year, month: 1, day: 1, hour: 12)),
              let first = CivilDate(year: year, month: 1, day: 1)
        else { return result }
        var civil = first
        while civil.year == year {
            let parts = chinese.dateComponents([.month, .day, .isLeapMonth], from: date)
            if parts.isLeapMonth != true {
                switch (parts.month, parts.day) {
                case (1, 1): result.newYear = civil
                case (5, 5): result.dragonBoat = civil
                case (8, 15): result.midAutumn = civil
                default: break
                }
            }
            guard let next = gregorian.date(byAdding: .day, value: 1, to: date) else { break }
            date = next
            civil = civil.adding(days: 1)
        }
        return result
    }
}
