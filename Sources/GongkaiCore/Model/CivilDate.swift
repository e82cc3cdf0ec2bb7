/// A calendar date with no time and no time zone, as printed on a report (`2022-01-07`) or a case record.
///
/// Arithmetic uses a day number (days since 1970-01-01 in the proleptic Gregorian calendar), so it never depends on
/// the machine's time zone.
public struct CivilDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Creates a date, or nil when the day does not exist (2023-02-29, 2024-13-01).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...CivilDate.daysInMonth(year: year, month: month)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD` exactly (four, two and two digits).
    public init?(iso text: some StringProtocol) {
        let utf8 = Array(text.utf8)
        guard utf8.count == 10, utf8[4] == UInt8(ascii: "-"), utf8[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in utf8[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The date of a day number (days since 1970-01-01).
    public init(dayNumber: Int) {
        // Howard Hinnant's civil_from_days.
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    /// Days since 1970-01-01.
    public var dayNumber: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    public var isoWeekday: Int {
        let wd = (dayNumber + 3) % 7  // 1970-01-01 was a Thursday (ISO 4).
        return (wd < 0 ? wd + 7 : wd) + 1
    }

    public var isWeekend: Bool { isoWeekday >= 6 }

    /// The date `days` later (or earlier, when negative).
    public func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + days) }

    /// `2022-01-07`.
    public var description: String {
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// `2022年1月7日`, the way Chinese documents print dates.
    public var chineseDescription: String { "\(year)年\(month)月\(day)日" }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

import Foundation

extension CivilDate {
    /// Today in China (UTC+8), whatever the machine's time zone: deadlines run on Beijing time.
    public static var today: CivilDate { BeijingTime(Date()).date }
}

/// An instant as read on a clock in China (UTC+8): stored timestamps are UTC (ISO 8601), people read Beijing time.
public struct BeijingTime: Sendable, Hashable {
    public let date: CivilDate
    public let hour: Int
    public let minute: Int

    public init(_ instant: Date) {
        // Beijing has kept UTC+8 without summer time since 1992: the date and time by arithmetic (a Calendar with its
        // time zone and components cost more than serving a cached public page, which asks for today's date).
        let seconds = instant.timeIntervalSince1970
        if seconds >= 694_224_000, seconds < 32_503_680_000 {  // 1992-01-01 … 3000-01-01 (UTC)
            let local = Int(seconds.rounded(.down)) + 8 * 3600
            let days = local.quotientAndRemainder(dividingBy: 86_400)
            date = CivilDate(dayNumber: days.quotient)
            hour = days.remainder / 3600
            minute = days.remainder % 3600 / 60
            return
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: instant)
        date = CivilDate(year: parts.year!, month: parts.month!, day: parts.day!)!
        hour = parts.hour!
        minute = parts.minute!
    }

    /// A stored ISO 8601 timestamp (`2026-01-19T23:05:00Z`); nil if it is not one.
    public init?(iso8601 text: String) {
        guard let instant = ISO8601DateFormatter().date(from: text) else { return nil }
        self.init(instant)
    }

    /// `2026-01-20 07:05`
    public var description: String {
        date.description + " " + (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)"
    }

    /// The Beijing date and time of a stored timestamp, or the text as it is when it is not one.
    public static func display(_ stored: String) -> String { BeijingTime(iso8601: stored)?.description ?? stored }

    /// The Beijing date of a stored timestamp (the UTC date differs from 16:00 UTC on), or the first ten characters.
    public static func day(_ stored: String) -> String { BeijingTime(iso8601: stored)?.date.description ?? String(stored.prefix(10)) }

    /// The Beijing date of a stored timestamp as people write it (`2026年1月20日`), or the first ten characters.
    public static func chineseDay(_ stored: String) -> String {
        BeijingTime(iso8601: stored)?.date.chineseDescription ?? String(stored.prefix(10))
    }
}
