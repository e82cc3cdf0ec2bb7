/// The information processing fee charged per item (按件计收, 国办函〔2020〕109号 Art. 4): for one applicant, items are
/// counted cumulatively within a calendar month; the first 10 are free, items 11–30 cost 100 元 each, and from item 31
/// on every further tier of 10 items costs 100 元 more per item (31–40: 200 元, 41–50: 300 元, …).
public enum InformationFee {
    /// The fee for the `k`-th item of the month (1-based), in 元.
    public static func rate(ofItem k: Int) -> Int {
        switch k {
        case ...10: 0
        case 11...30: 100
        default: 100 * (2 + (k - 31) / 10)
        }
    }

    /// The fee for `items` new items when `before` items were already counted this month for the same applicant.
    public static func fee(items: Int, before: Int = 0) -> Int {
        guard items > 0 else { return 0 }
        return ((before + 1)...(before + items)).reduce(0) { $0 + rate(ofItem: $1) }
    }

    /// An application of one applicant: when it was received and how many items it holds.
    public struct Application: Sendable, Hashable {
        public let received: CivilDate
        public let items: Int
        public init(received: CivilDate, items: Int) {
            self.received = received
            self.items = items
        }
    }

    /// The fee of each application of one applicant, in order of receipt, the count restarting each calendar month.
    public static func fees(of applications: [Application]) -> [Int] {
        var counted: [Int: Int] = [:]  // year * 12 + month → items so far
        return applications.map { application in
            let month = application.received.year * 12 + application.received.month
            let before = counted[month, default: 0]
            counted[month] = before + application.items
            return fee(items: application.items, before: before)
        }
    }

    /// The last day to pay: 20 working days counted from the day after the fee notice was received (Art. 5 as restated
    /// by the provinces); not paid by then, the application is closed as `otherHandling.feeUnpaid`.
    public static func paymentDeadline(noticeReceived: CivilDate, calculator: DeadlineCalculator = DeadlineCalculator())
        throws(WorkdayCalendar.UnknownYear) -> DeadlineCalculator.Result
    {
        var fromNextDay = calculator
        fromNextDay.countsReceiptDay = false
        return try fromNextDay.add(workingDays: 20, to: noticeReceived, what: "缴费期限（收到收费通知的次日起 20 个工作日）")
    }
}
