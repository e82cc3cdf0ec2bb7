/// The Chinese working-day calendar: a working day is Monday–Friday not in a holiday of the State Council's notice,
/// or a weekend day the notice declares a working day (调休). The two years after the last notice are **provisional**
/// (暂定): their holidays are the statutory ones (``StatutoryHolidays``), because the notice of next year comes out
/// only in November or December, when applications already run into it; a date that relies on them says so. Days
/// beyond those are an error, never a weekday guess.
public struct WorkdayCalendar: Sendable {
    /// What a day is.
    public enum Day: Sendable, Hashable {
        case workday
        /// A Saturday or Sunday declared a working day by the notice (调休上班).
        case adjustedWorkday
        case weekend
        /// A day inside a 放假 range of the notice.
        case holiday
    }

    /// A date the calendar has no notice for.
    public struct UnknownYear: Error, Sendable, Equatable, CustomStringConvertible {
        public let date: CivilDate
        public let known: ClosedRange<Int>
        public var description: String {
            "\(date) 所在的 \(date.year) 年没有节假日安排数据（已有 \(known.lowerBound)–\(known.upperBound) 年，"
                + "其后两年按法定节假日暂定）；请先用 gongkai calendar import 导入国务院办公厅当年的放假通知"
        }
    }

    private let holidays: Set<Int>
    private let workdays: Set<Int>
    /// The calendar years the notices cover.
    public let years: ClosedRange<Int>
    /// The years after them that are provisional (statutory holidays only).
    public let provisionalYears: ClosedRange<Int>
    private let provisionalHolidays: Set<Int>

    /// A calendar from notices keyed by notice year (the shipped ones by default).
    public init(notices: [Int: Notice] = WorkdayCalendar.shippedNotices) {
        func days(_ dates: [String]) -> Set<Int> { Set(dates.compactMap { CivilDate(iso: $0)?.dayNumber }) }
        holidays = days(notices.values.flatMap(\.holidays))
        workdays = days(notices.values.flatMap(\.workdays))
        let keys = notices.keys.sorted()
        years = (keys.first ?? 0)...(keys.last ?? 0)
        provisionalYears = (years.upperBound + 1)...(years.upperBound + 2)
        provisionalHolidays = Set(provisionalYears.flatMap { StatutoryHolidays.days(of: $0) }.map(\.dayNumber))
    }

    /// The shipped calendar (2019–2026).
    public static let shipped = WorkdayCalendar()

    /// What a date is; throws for a date beyond the provisional years.
    public func day(_ date: CivilDate) throws(UnknownYear) -> Day {
        let n = date.dayNumber
        // The notice of a year can reach back into the last days of the year before (2018-12-29…31).
        if !years.contains(date.year), !holidays.contains(n), !workdays.contains(n) {
            guard provisionalYears.contains(date.year) else { throw UnknownYear(date: date, known: years) }
            if provisionalHolidays.contains(n) { return .holiday }
            return date.isWeekend ? .weekend : .workday
        }
        if workdays.contains(n) { return .adjustedWorkday }
        if holidays.contains(n) { return .holiday }
        return date.isWeekend ? .weekend : .workday
    }

    /// Whether what a date is rests on the statutory holidays only (its year's notice is not imported yet).
    public func isProvisional(_ date: CivilDate) -> Bool {
        let n = date.dayNumber
        return !years.contains(date.year) && !holidays.contains(n) && !workdays.contains(n) && provisionalYears.contains(date.year)
    }

    public func isWorkday(_ date: CivilDate) throws(UnknownYear) -> Bool {
        switch try day(date) {
        case .workday, .adjustedWorkday: true
        case .weekend, .holiday: false
        }
    }
}

/// A period during which the deadline does not run (a consultation of a third party, Art. 32, or of another agency,
/// Art. 34), both days included.
public struct Pause: Sendable, Hashable {
    public let from: CivilDate
    public let to: CivilDate
    public let reason: String

    public init(from: CivilDate, to: CivilDate, reason: String = "征求意见") {
        self.from = min(from, to)
        self.to = max(from, to)
        self.reason = reason
    }

    func contains(_ date: CivilDate) -> Bool { from <= date && date <= to }
}

/// Working-day deadlines with their explanation: the day counting starts from, each pause, each holiday and 调休 day
/// met on the way, and the result.
///
/// Convention (a setting, `countsReceiptDay`): the 条例 does not say whether the day of receipt counts; general
/// practice (民法典 Art. 201) starts counting on the next day, which is the default.
public struct DeadlineCalculator: Sendable {
    public let calendar: WorkdayCalendar
    /// Whether the day of receipt is itself the first day counted (default false: counting starts the next day).
    public var countsReceiptDay = false

    public init(calendar: WorkdayCalendar = .shipped, countsReceiptDay: Bool = false) {
        self.calendar = calendar
        self.countsReceiptDay = countsReceiptDay
    }

    /// A deadline and how it was reached.
    public struct Result: Sendable, Equatable {
        public let date: CivilDate
        public let explanation: [String]
        /// The years whose notice is not imported yet that the count went through: the date is provisional (暂定).
        public var provisionalYears: [Int] = []

        public var isProvisional: Bool { !provisionalYears.isEmpty }
    }

    /// The `count`-th working day after `start`, not counting the paused days.
    public func add(workingDays count: Int, to start: CivilDate, pauses: [Pause] = [], what: String)
        throws(WorkdayCalendar.UnknownYear) -> Result
    {
        var explanation: [String] = []
        var date = countsReceiptDay ? start.adding(days: -1) : start
        explanation.append(countsReceiptDay
            ? "\(what)：自 \(Self.describe(start))当日起算 \(count) 个工作日"
            : "\(what)：自 \(Self.describe(start))的次日起算 \(count) 个工作日")
        var counted = 0
        var weekendDays = 0
        var provisional: Set<Int> = []
        var run: (kind: String, from: CivilDate, to: CivilDate)?
        func flush() {
            guard let r = run else { return }
            let span = r.from == r.to ? Self.describe(r.from) : "\(r.from) 至 \(r.to)"
            explanation.append("\(span) \(r.kind)，不计")
            run = nil
        }
        func skip(_ kind: String, _ day: CivilDate) {
            if let r = run, r.kind == kind, r.to.adding(days: 1) == day {
                run = (kind, r.from, day)
            } else {
                flush()
                run = (kind, day, day)
            }
        }
        while counted < count {
            date = date.adding(days: 1)
            if let pause = pauses.first(where: { $0.contains(date) }) {
                skip(pause.reason + "期间", date)
                continue
            }
            if calendar.isProvisional(date) { provisional.insert(date.year) }
            switch try calendar.day(date) {
            case .workday:
                flush()
                counted += 1
            case .adjustedWorkday:
                flush()
                counted += 1
                explanation.append("\(Self.describe(date)) 调休上班，计为第 \(counted) 个工作日")
            case .weekend:
                weekendDays += 1
                // Weekends are many and unremarkable: counted, not listed, unless they extend a holiday run.
                if let r = run, r.kind == "放假", r.to.adding(days: 1) == date { run = ("放假", r.from, date) }
            case .holiday:
                skip("放假", date)
            }
        }
        flush()
        if weekendDays > 0 { explanation.append("其间周末 \(weekendDays) 天不计") }
        explanation.append("第 \(count) 个工作日：\(Self.describe(date))" + (provisional.isEmpty ? "" : "（暂定）"))
        if !provisional.isEmpty {
            let list = provisional.sorted().map(String.init).joined(separator: "、")
            explanation.append("暂定：\(list) 年的放假安排（国务院办公厅通知）尚未导入，暂按《全国年节及纪念日放假办法》的法定节假日"
                + "及适逢周末的补假推算，调休未计；导入当年通知后重新计算")
        }
        return Result(date: date, explanation: explanation, provisionalYears: provisional.sorted())
    }

    /// `2021-10-09（星期六）`.
    static func describe(_ date: CivilDate) -> String {
        let names = ["一", "二", "三", "四", "五", "六", "日"]
        return "\(date)（星期\(names[date.isoWeekday - 1])）"
    }

    /// The deadlines of an application (条例 Art. 30, 33).
    public struct Deadlines: Sendable, Equatable {
        /// The answer is due (20 working days).
        public let due: Result
        /// The answer is due after the one extension (20 more working days), when granted.
        public let extended: Result?
        /// The 补正 notice is due (7 working days from receipt).
        public let correctionNotice: Result
    }

    /// The deadlines of an application received on `received`; when a corrected application was received, the 20
    /// days run again from that day (Art. 30). Paused days do not count (Art. 32, 34).
    public func deadlines(received: CivilDate, correctionReceived: CivilDate? = nil, pauses: [Pause] = [],
                          extended: Bool = false) throws(WorkdayCalendar.UnknownYear) -> Deadlines
    {
        let notice = try add(workingDays: 7, to: received, what: "补正告知期限（第三十条）")
        let start = correctionReceived ?? received
        let what = correctionReceived == nil ? "答复期限（第三十三条）" : "答复期限（第三十条：自收到补正后的申请起重新计算）"
        let due = try add(workingDays: 20, to: start, pauses: pauses, what: what)
        let longer = extended
            ? try add(workingDays: 20, to: due.date, pauses: pauses, what: "延长答复期限（第三十三条，最长 20 个工作日）")
            : nil
        return Deadlines(due: due, extended: longer, correctionNotice: notice)
    }
}
