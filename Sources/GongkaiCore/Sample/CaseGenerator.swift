import Foundation

/// Random but valid case histories, for property tests, benchmarks and the demo: a realistic mix of applicants,
/// channels, 补正, consultations, extensions, fees, outcomes, withdrawals, open cases and reviews.
public struct CaseGenerator {
    public var random: SeededGenerator
    /// Receipt dates are drawn from these years (they must lie within the calendar's years for due dates).
    public var years: ClosedRange<Int>
    /// Cases received on or after this day may still be open.
    public var today: CivilDate

    public init(seed: UInt64, years: ClosedRange<Int> = 2023...2025, today: CivilDate? = nil) {
        random = SeededGenerator(seed: seed)
        self.years = years
        self.today = today ?? CivilDate(year: years.upperBound, month: 12, day: 31)!
    }

    private static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗")
    private static let givenNames = Array("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华")
    /// Names of each kind of organisation (the table 三 columns).
    private static let organisations: [ApplicantType: [String]] = [
        .commercialEnterprise: ["某某建设有限公司", "某某科技有限公司", "某某商贸有限公司", "某某物业服务有限公司"],
        .researchInstitution: ["某某研究院", "某某大学某某研究中心", "某某设计研究所", "某某科学院某某所"],
        .socialWelfareOrganization: ["某某公益基金会", "某某环保志愿者协会", "某某社会工作服务中心", "某某慈善会"],
        .legalServiceInstitution: ["某某律师事务所", "某某法律服务所", "某某律师事务所某某分所", "某某公证处"],
        .otherOrganization: ["某某业主委员会", "某某村民委员会", "某某行业协会", "某某商会"],
    ]
    private static let requests = [
        "申请公开某某路道路改造工程的立项批复文件",
        "申请公开本人房屋所在地块的征收补偿方案",
        "申请公开 2023 年度某某专项资金的分配明细",
        "申请公开某某小区规划许可证及附图",
        "申请公开对某某公司行政处罚决定书",
        "申请公开某某河道整治项目的环境影响评价批复",
    ]

    private mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &random) < p }
    private mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &random)] }
    private mutating func days(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }

    public mutating func applicant() -> Applicant {
        let weights: [(ApplicantType, Int)] = [
            (.naturalPerson, 80), (.commercialEnterprise, 9), (.researchInstitution, 1),
            (.socialWelfareOrganization, 2), (.legalServiceInstitution, 5), (.otherOrganization, 3),
        ]
        var roll = days(1...100)
        var type = ApplicantType.naturalPerson
        for (candidate, weight) in weights {
            roll -= weight
            if roll <= 0 { type = candidate; break }
        }
        let name = type == .naturalPerson
            ? String(pick(Self.surnames)) + String(pick(Self.givenNames)) + (chance(0.5) ? String(pick(Self.givenNames)) : "")
            : pick(Self.organisations[type] ?? ["某某有限公司"])
        return Applicant(type: type, name: name)
    }

    /// One case numbered `number` (its id is `YEAR-NNNNNN`).
    public mutating func record(number: Int) -> CaseRecord {
        let yearStart = CivilDate(year: years.lowerBound, month: 1, day: 1)!.dayNumber
        let yearEnd = CivilDate(year: years.upperBound, month: 12, day: 31)!.dayNumber
        let received = CivilDate(dayNumber: days(yearStart...min(yearEnd, today.dayNumber)))
        var events: [CaseEvent] = []
        var date = received
        func step(_ range: ClosedRange<Int>) -> CivilDate {
            date = date.adding(days: days(range))
            return date
        }
        var closingOutcome: Table3Row?
        var withdrawn = false
        if chance(0.12) {
            events.append(CaseEvent(.correctionRequested, step(1...9)))
            if chance(0.7) {
                events.append(CaseEvent(.correctionReceived, step(2...20)))
                if chance(0.1) { closingOutcome = .unavailableUnclearAfterCorrection }
            } else {
                closingOutcome = .otherHandlingNoCorrection
            }
        }
        if closingOutcome == nil, chance(0.08) {
            events.append(CaseEvent(.consultationStarted, step(1...10), party: chance(0.7) ? .thirdParty : .agency))
            events.append(CaseEvent(.consultationEnded, step(3...25)))
        }
        if closingOutcome == nil, chance(0.06) { events.append(CaseEvent(.extended, step(10...25))) }
        if closingOutcome == nil, chance(0.03) {
            events.append(CaseEvent(.feeNoticed, step(1...10), amount: 100 * days(1...20)))
            if chance(0.6) { events.append(CaseEvent(.feePaid, step(1...20))) } else { closingOutcome = .otherHandlingFeeUnpaid }
        }
        if closingOutcome == nil {
            if chance(0.03) {
                withdrawn = true
            } else {
                let weighted: [(Table3Row, Int)] = [
                    (.granted, 40), (.partlyGranted, 10), (.withheldStateSecret, 1), (.withheldProhibitedByLaw, 1),
                    (.withheldSecurityStability, 1), (.withheldThirdPartyRights, 2), (.withheldInternalAffairs, 2),
                    (.withheldProcessInformation, 3), (.withheldEnforcementFile, 1), (.withheldAdministrativeQuery, 1),
                    (.unavailableNotHeld, 15), (.unavailableNeedsCreation, 4), (.notProcessedComplaint, 5),
                    (.notProcessedRepeated, 3), (.notProcessedPublication, 1), (.notProcessedExcessive, 1),
                    (.notProcessedConfirmation, 1), (.otherHandlingOther, 3),
                ]
                var roll = days(1...weighted.reduce(0) { $0 + $1.1 })
                for (row, weight) in weighted {
                    roll -= weight
                    if roll <= 0 { closingOutcome = row; break }
                }
            }
        }
        let closingDate = step(1...24)
        var reviews: [Review] = []
        if closingDate <= today {
            if withdrawn {
                events.append(CaseEvent(.withdrawn, closingDate))
            } else if let outcome = closingOutcome {
                events.append(CaseEvent(.decided, closingDate, outcome: outcome, note: outcome == .granted ? nil : "依据条例相关规定"))
            }
            if !withdrawn, closingOutcome != .granted, chance(0.04) {
                let kinds: [Table4Block] = [.reconsideration, .reconsideration, .litigationDirect]
                let filed = closingDate.adding(days: days(5...55))
                var review = Review(kind: pick(kinds), filed: filed)
                let decided = filed.adding(days: days(30...150))
                if decided <= today, chance(0.85) {
                    review.decided = decided
                    review.result = pick([.upheld, .upheld, .upheld, .corrected, .other])
                }
                reviews.append(review)
                if review.kind == .reconsideration, review.decided != nil, chance(0.2) {
                    let again = review.decided!.adding(days: days(5...14))
                    reviews.append(Review(kind: .litigationAfterReconsideration, filed: again))
                }
            }
        } else {
            // Still open today: keep only the events up to today.
            events.removeAll { $0.date > today }
        }
        let year = received.year
        return CaseRecord(id: String(format: "%d-%06d", year, number), applicant: applicant(), channel: pick(Channel.allCases),
                          received: received, request: pick(Self.requests), events: events, reviews: reviews)
    }

    /// `count` cases numbered from 1.
    public mutating func records(_ count: Int) -> [CaseRecord] {
        (0..<max(count, 0)).map { record(number: $0 + 1) }
    }
}
