/// The text of a State Council notice on the year's holidays (国务院办公厅关于 YYYY 年部分节假日安排的通知) as an
/// administrator pastes it: `一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。…`, read into the
/// year's holidays and 调休 working days.
///
/// Nothing is guessed: every date of a 放假 or 上班 sentence must be read, a range must have as many days as the
/// notice says (`共3天`), a weekday the notice gives (`（周四）`, `（星期六）`) must be that date's, a 上班 day must be a
/// Saturday or Sunday, and the statutory holidays of the year (《全国年节及纪念日放假办法》) must all be among the days
/// read. Sentences with dates that say neither (`安排职工在除夕（2月9日）休息`, the date of signature) are kept aside and
/// shown, not used.
public enum NoticeText {
    /// One numbered item of the notice (`二、春节：…`).
    public struct Item: Sendable, Equatable {
        /// `春节`, `中秋节、国庆节`.
        public let festival: String
        public let holidays: [CivilDate]
        public let workdays: [CivilDate]
    }

    public struct Reading: Sendable, Equatable {
        public let year: Int
        public let items: [Item]
        /// Sentences with a date that are neither a 放假 nor a 上班 sentence: shown for confirmation, not used.
        public let ignored: [String]

        public var notice: WorkdayCalendar.Notice {
            WorkdayCalendar.Notice(holidays: items.flatMap(\.holidays).sorted().map(\.description),
                                   workdays: items.flatMap(\.workdays).sorted().map(\.description))
        }

        /// One line per item, as shown for confirmation: `春节：2026-02-15（周日）至 2026-02-23（周一）放假，共 9 天；…`.
        public var lines: [String] {
            items.map { item in
                var parts = NoticeText.runs(item.holidays).map { run in
                    run.count == 1 ? "\(describe(run[0])) 放假"
                        : "\(describe(run[0])) 至 \(describe(run[run.count - 1])) 放假，共 \(run.count) 天"
                }
                if !item.workdays.isEmpty { parts.append(item.workdays.map(describe).joined(separator: "、") + " 上班") }
                return "\(item.festival)：" + parts.joined(separator: "；")
            }
        }

        private func describe(_ date: CivilDate) -> String { "\(date)（\(NoticeText.weekdayName(date))）" }
    }

    /// Why the text cannot be taken: the reason, with the sentence it concerns.
    public struct Unreadable: Error, Sendable, Equatable, CustomStringConvertible {
        public let reason: String
        public let sentence: String?
        public var description: String { sentence.map { "\(reason)（“\($0)”）" } ?? reason }
    }

    /// Reads a notice. `year` is the year it arranges; when nil, it is read from the text (`2027年元旦、春节…`, `关于2027年
    /// 部分节假日安排的通知`).
    public static func read(_ raw: String, year given: Int? = nil) throws(Unreadable) -> Reading {
        let text = normalized(raw)
        guard let year = given ?? statedYear(text) else {
            throw Unreadable(reason: "没有读到通知安排的是哪一年（如“关于2027年部分节假日安排的通知”），请一并粘贴通知的标题或说明年份", sentence: nil)
        }
        guard (2000...2100).contains(year) else { throw Unreadable(reason: "年份 \(year) 不在 2000–2100 之间", sentence: nil) }
        let headings = Array(text.matches(of: /(?:^|[。\n\s])([一二三四五六七八九十]{1,2})、([^：:。\n]{1,16})[：:]/))
        guard !headings.isEmpty else {
            throw Unreadable(reason: "没有读到“一、元旦：……”这样的分项：请粘贴通知正文中从“一、元旦”起的各项", sentence: nil)
        }
        var items: [Item] = []
        var ignored: [String] = []
        for (index, heading) in headings.enumerated() {
            let festival = String(heading.2)
            let end = index + 1 < headings.count ? headings[index + 1].range.lowerBound : text.endIndex
            let body = text[heading.range.upperBound..<end]
            var holidays: [CivilDate] = []
            var workdays: [CivilDate] = []
            for sentence in body.split(whereSeparator: { $0 == "。" || $0 == "\n" }) {
                let sentence = String(sentence).trimmingWhitespace
                guard !sentence.isEmpty else { continue }
                let tokens = dateTokens(sentence)
                func work(_ tokens: [Token]) throws(Unreadable) {
                    for token in tokens {
                        let date = try token.date(year: year, festival: festival, in: sentence)
                        guard date.isWeekend else {
                            throw Unreadable(reason: "\(date) 是\(weekdayName(date))，调休上班日应为周六或周日", sentence: sentence)
                        }
                        workdays.append(date)
                    }
                }
                if let stop = sentence.range(of: "放假") {
                    let days = try holidayDays(sentence, before: stop.lowerBound, tokens: tokens, year: year, festival: festival)
                    try checkCount(sentence, days: days)
                    holidays += days
                    // `…放假调休，共7天，9月29日（星期日）上班` in one sentence: the dates after 放假 are the 上班 days.
                    let after = tokens.filter { $0.range.lowerBound >= stop.upperBound }
                    if sentence[stop.upperBound...].contains("上班") { try work(after) }
                    else if !after.isEmpty { ignored.append(sentence) }
                } else if sentence.contains("上班"), !tokens.isEmpty {
                    try work(tokens)
                } else if !tokens.isEmpty {
                    ignored.append(sentence)
                }
            }
            guard !holidays.isEmpty else {
                throw Unreadable(reason: "“\(festival)”一项没有读到放假日期", sentence: String(body).trimmingWhitespace)
            }
            items.append(Item(festival: festival, holidays: holidays, workdays: workdays))
        }
        let holidays = Set(items.flatMap(\.holidays))
        let workdays = Set(items.flatMap(\.workdays))
        if let both = holidays.intersection(workdays).min() {
            throw Unreadable(reason: "\(both) 既读作放假又读作上班", sentence: nil)
        }
        for date in holidays.union(workdays).sorted() where !(date.year == year || date.year == year - 1 && date.month == 12) {
            throw Unreadable(reason: "\(date) 不属于 \(year) 年的放假安排：通知的年份是否不对？", sentence: nil)
        }
        for (date, name) in StatutoryHolidays.required(of: year) where !holidays.contains(date) {
            throw Unreadable(reason: "读到的放假日期中没有 \(year) 年的法定节假日 \(date)（\(name)）：通知的文字是否不全，或年份不对？",
                             sentence: nil)
        }
        return Reading(year: year, items: items, ignored: ignored)
    }

    // MARK: - Reading the text

    /// Full-width digits and brackets as the notices mix them, made one form; spaces inside the text dropped.
    static func normalized(_ raw: String) -> String {
        var out = ""
        out.reserveCapacity(raw.utf8.count)
        for scalar in raw.unicodeScalars {
            switch scalar.value {
            case 0xFF10...0xFF19: out.unicodeScalars.append(Unicode.Scalar(scalar.value - 0xFF10 + 0x30)!)
            case 0x28: out.append("（")
            case 0x29: out.append("）")
            case 0x3A: out.append("：")
            case 0x0D: continue
            case 0x20, 0x09, 0x3000, 0xA0: continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// `2027年元旦`, `关于2027年部分节假日安排`, `现将2027年元旦、春节…`.
    static func statedYear(_ text: String) -> Int? {
        if let match = text.firstMatch(of: /(\d{4})年(?:部分节假日|元旦|节假日)/) { return Int(match.1) }
        return nil
    }

    /// A date as the notice writes it: `2022年12月31日`, `1月31日`, `3日`, with what follows it in brackets.
    struct Token {
        let year: Int?
        let month: Int?
        let day: Int
        let weekday: Int?
        let range: Range<String.Index>

        /// The date, with the notice's year (the December days of a 元旦 item belong to the year before), checked
        /// against the weekday the notice gives.
        func date(year notice: Int, festival: String, month inherited: Int? = nil, yearInherited: Int? = nil,
                  in sentence: String) throws(Unreadable) -> CivilDate
        {
            guard let month = month ?? inherited else {
                throw Unreadable(reason: "“\(day)日”前没有月份", sentence: sentence)
            }
            let year = year ?? yearInherited ?? (month == 12 && festival.contains("元旦") ? notice - 1 : notice)
            guard let date = CivilDate(year: year, month: month, day: day) else {
                throw Unreadable(reason: "\(year)年\(month)月\(day)日不是有效日期", sentence: sentence)
            }
            if let weekday, weekday != date.isoWeekday {
                throw Unreadable(reason: "通知写 \(month)月\(day)日是\(NoticeText.weekdayNames[weekday - 1])，但 \(date) 是\(NoticeText.weekdayName(date))："
                    + "年份是否不对？", sentence: sentence)
            }
            return date
        }
    }

    static func dateTokens(_ sentence: String) -> [Token] {
        sentence.matches(of: /(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日(?:（([^）]*)）)?/).compactMap { match in
            guard let day = Int(match.3) else { return nil }
            var weekday: Int?
            if let note = match.4, let found = note.firstMatch(of: /(?:周|星期)([一二三四五六日天])/) {
                weekday = "一二三四五六日".firstIndex(of: found.1 == "天" ? "日" : found.1.first!)
                    .map { "一二三四五六日".distance(from: "一二三四五六日".startIndex, to: $0) + 1 }
            }
            return Token(year: match.1.flatMap { Int($0) }, month: match.2.flatMap { Int($0) }, day: day, weekday: weekday,
                         range: match.range)
        }
    }

    /// The days of a 放假 sentence: the dates before `放假`, each alone or a range `X至Y` (Y taking X's month and
    /// year when it gives none).
    static func holidayDays(_ sentence: String, before stop: String.Index, tokens: [Token], year: Int, festival: String)
        throws(Unreadable) -> [CivilDate]
    {
        let dated = tokens.filter { $0.range.upperBound <= stop }
        guard !dated.isEmpty else { throw Unreadable(reason: "放假的日期没有读到", sentence: sentence) }
        var days: [CivilDate] = []
        var index = 0
        while index < dated.count {
            let start = try dated[index].date(year: year, festival: festival, in: sentence)
            if index + 1 < dated.count {
                let between = sentence[dated[index].range.upperBound..<dated[index + 1].range.lowerBound]
                if ["至", "—", "-", "－", "～", "~", "到"].contains(String(between)) {
                    let end = try dated[index + 1].date(year: year, festival: festival, month: start.month,
                                                        yearInherited: dated[index + 1].month == nil ? start.year : nil, in: sentence)
                    guard end >= start, end.dayNumber - start.dayNumber < 31 else {
                        throw Unreadable(reason: "\(start) 至 \(end) 不是一段放假日期", sentence: sentence)
                    }
                    days += (start.dayNumber...end.dayNumber).map(CivilDate.init(dayNumber:))
                    index += 2
                    continue
                }
            }
            days.append(start)
            index += 1
        }
        return days
    }

    /// `共3天` / `放假1天` must be the number of days read.
    static func checkCount(_ sentence: String, days: [CivilDate]) throws(Unreadable) {
        guard let match = sentence.firstMatch(of: /(?:共|放假)(\d{1,2})天/), let stated = Int(match.1) else { return }
        if stated != days.count {
            throw Unreadable(reason: "通知写共 \(stated) 天，读到的放假日期是 \(days.count) 天", sentence: sentence)
        }
    }

    static let weekdayNames = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]

    static func weekdayName(_ date: CivilDate) -> String { weekdayNames[date.isoWeekday - 1] }

    /// Consecutive runs of days.
    static func runs(_ days: [CivilDate]) -> [[CivilDate]] {
        var runs: [[CivilDate]] = []
        for day in days.sorted() {
            if let last = runs.last?.last, last.adding(days: 1) == day { runs[runs.count - 1].append(day) } else { runs.append([day]) }
        }
        return runs
    }
}
