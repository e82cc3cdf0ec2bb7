import Foundation

/// The applications a new installation starts with: a small office's ledger of last year and of this year up to
/// `today`, so that the first day looks like a day at the office on whatever date it is: last year's cases all
/// answered (its tables ready to build), most of this year's answered, and today's to-do list holding a few cases
/// due this week, one overdue, one waiting for the applicant's 补正, one in consultation with a third party, one
/// extended, one waiting for a fee, and two that have just arrived.
public enum ExampleOffice {
    /// A case of the to-do list: received `received` working days before today, with steps taken `n` working days
    /// before today.
    struct OpenCase {
        var received: Int
        var channel: Channel
        var request: String
        var applicant: Applicant
        var steps: [(kind: CaseEvent.Kind, workdaysAgo: Int)] = []
        var party: CaseEvent.Party?
        var amount: Int?
    }

    static let openCases: [OpenCase] = [
        OpenCase(received: 19, channel: .online, request: "申请公开本街道老旧小区改造项目的招标文件和中标结果",
                 applicant: Applicant(type: .naturalPerson, name: "张伟")),
        OpenCase(received: 18, channel: .post, request: "申请公开某某路拓宽工程的征地批复",
                 applicant: Applicant(type: .naturalPerson, name: "李秀英")),
        OpenCase(received: 16, channel: .email, request: "申请公开本机关上一年度政府采购合同目录",
                 applicant: Applicant(type: .commercialEnterprise, name: "某某科技有限公司")),
        OpenCase(received: 23, channel: .inPerson, request: "申请公开某某小区规划许可证及附图",
                 applicant: Applicant(type: .naturalPerson, name: "王强")),
        OpenCase(received: 6, channel: .online, request: "申请公开那个项目的文件",
                 applicant: Applicant(type: .naturalPerson, name: "刘洋"), steps: [(.correctionRequested, 3)]),
        OpenCase(received: 12, channel: .online, request: "申请公开对某某公司的行政处罚决定书",
                 applicant: Applicant(type: .legalServiceInstitution, name: "某某律师事务所"),
                 steps: [(.consultationStarted, 6)], party: .thirdParty),
        OpenCase(received: 30, channel: .post, request: "申请公开某某河道整治项目历年的环境影响评价批复及监测报告",
                 applicant: Applicant(type: .naturalPerson, name: "陈静"), steps: [(.extended, 12)]),
        OpenCase(received: 9, channel: .post, request: "申请公开 2019 年以来全部建设工程规划许可证的复印件",
                 applicant: Applicant(type: .otherOrganization, name: "某某业主委员会"), steps: [(.feeNoticed, 4)], amount: 300),
        OpenCase(received: 1, channel: .online, request: "申请公开某某专项资金的分配明细",
                 applicant: Applicant(type: .naturalPerson, name: "赵敏")),
        OpenCase(received: 0, channel: .fax, request: "申请公开本人房屋所在地块的征收补偿方案",
                 applicant: Applicant(type: .naturalPerson, name: "黄丽")),
    ]

    /// About this many applications a year (a district department's volume).
    static let perYear = 180

    /// The example ledger on `today`: last year and this year up to today, numbered `YEAR-NNNNNN` by date of receipt
    /// within each year. Deterministic for a given `today` and `seed`.
    public static func cases(today: CivilDate, calendar: WorkdayCalendar = .shipped, seed: UInt64 = 1) -> [CaseRecord] {
        let first = CivilDate(year: today.year - 1, month: 1, day: 1)!
        // The answered history stops a little before the to-do list starts, so that no generated case is still open.
        let historyEnd = today.adding(days: -50)
        var generator = CaseGenerator(seed: seed, years: first.year...today.year, today: today)
        let span = max(historyEnd.dayNumber - first.dayNumber, 0)
        let wanted = span * perYear / 365
        var history: [CaseRecord] = []
        var attempts = 0
        while history.count < wanted, attempts < wanted * 4 {
            attempts += 1
            let record = generator.record(number: attempts)
            guard record.received <= historyEnd, let closing = record.closing, closing.date <= today else { continue }
            history.append(record)
        }
        var all = history + openCases.enumerated().compactMap { index, open in
            record(open, index: index, today: today, calendar: calendar)
        }
        all.sort { ($0.received, $0.id) < ($1.received, $1.id) }
        var serial: [Int: Int] = [:]
        for index in all.indices {
            let year = all[index].received.year
            serial[year, default: 0] += 1
            all[index].id = String(format: "%d-%06d", year, serial[year]!)
        }
        return all
    }

    private static func record(_ open: OpenCase, index: Int, today: CivilDate, calendar: WorkdayCalendar) -> CaseRecord? {
        guard let received = workdays(open.received, before: today, calendar: calendar) else { return nil }
        var events: [CaseEvent] = []
        for step in open.steps {
            guard let date = workdays(step.workdaysAgo, before: today, calendar: calendar) else { return nil }
            events.append(CaseEvent(step.kind, date, party: step.kind == .consultationStarted ? open.party : nil,
                                    amount: step.kind == .feeNoticed ? open.amount : nil))
        }
        return CaseRecord(id: "open-\(index)", applicant: open.applicant, channel: open.channel, received: received,
                          request: open.request, events: events)
    }

    /// The working day `count` working days before `day` (`day` itself, or the last working day before it, for 0).
    static func workdays(_ count: Int, before day: CivilDate, calendar: WorkdayCalendar) -> CivilDate? {
        var date = day
        var left = count
        while true {
            guard let isWorkday = try? calendar.isWorkday(date) else { return nil }
            if isWorkday {
                if left == 0 { return date }
                left -= 1
            }
            date = date.adding(days: -1)
        }
    }
}
