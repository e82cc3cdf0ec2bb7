/// Where a case stands and what is due next, derived from its history (nothing here is stored).
public struct CaseProgress: Sendable {
    public enum Stage: Sendable, Hashable {
        /// Received, being handled.
        case handling
        /// The applicant was asked to correct the application; the answer period restarts on receipt (Art. 30).
        case awaitingCorrection
        /// A third party or another agency is being consulted; the answer period stops running (Art. 32, 34).
        case consulting(CaseEvent.Party)
        /// A fee notice was sent and is unpaid.
        case awaitingPayment
        case decided(Table3Row)
        case withdrawn

        public var isOpen: Bool {
            switch self {
            case .decided, .withdrawn: false
            default: true
            }
        }

        /// `办理中`, `待补正`, ….
        public var displayName: String {
            switch self {
            case .handling: "办理中"
            case .awaitingCorrection: "待申请人补正"
            case let .consulting(party): "征求\(party.displayName)意见中"
            case .awaitingPayment: "待缴费"
            case let .decided(row): "已答复（\(ReportFormat.y2021.spec.table3Row(row)?.shortName ?? row.key)）"
            case .withdrawn: "申请人已撤回"
            }
        }
    }

    public let stage: Stage
    /// The answer period (20 working days, Art. 33), with pauses and the restart after 补正; nil while the period
    /// does not run (awaiting correction, consultation open) or the calendar lacks a year.
    public let answerDue: DeadlineCalculator.Result?
    /// The extended answer period, when the case was extended.
    public let extendedDue: DeadlineCalculator.Result?
    /// The 补正 notice period (7 working days from receipt, Art. 30).
    public let correctionNoticeDue: DeadlineCalculator.Result?
    /// The consulted party's answer period (15 working days, Art. 32 and 34), while a consultation is open.
    public let consultationReplyDue: DeadlineCalculator.Result?
    /// The last day to pay a noticed fee (20 working days from the day after the notice).
    public let paymentDue: DeadlineCalculator.Result?
    /// The calendar has no notice for a year the deadlines reach into.
    public let calendarGap: WorkdayCalendar.UnknownYear?
    /// When the case was closed.
    public let closedOn: CivilDate?

    /// The day the agency must answer by: the extended period when there is one.
    public var dueDate: CivilDate? { (extendedDue ?? answerDue)?.date }

    /// Whether that day is provisional (暂定): it runs into a year whose holiday notice is not imported yet.
    public var dueDateIsProvisional: Bool { (extendedDue ?? answerDue)?.isProvisional == true }

    /// The due date as shown: `2027-01-13（暂定）` when provisional.
    public var dueDateText: String? { dueDate.map { $0.description + (dueDateIsProvisional ? "（暂定）" : "") } }

    /// Whether the answer is (or was) later than the due date, on `today` for open cases.
    public func isLate(today: CivilDate) -> Bool {
        guard let due = dueDate else { return false }
        return (closedOn ?? today) > due
    }

    public init(of record: CaseRecord, calculator: DeadlineCalculator = DeadlineCalculator()) {
        var correctionRequested: CivilDate?
        var correctionReceived: CivilDate?
        var pauses: [Pause] = []
        var openConsultation: (party: CaseEvent.Party, from: CivilDate)?
        var extended = false
        var feeNoticed: CivilDate?
        var feePaid = false
        var stage: Stage = .handling
        var closedOn: CivilDate?
        for event in record.events {
            switch event.kind {
            case .correctionRequested: correctionRequested = event.date
            case .correctionReceived: correctionReceived = event.date
            case .consultationStarted: openConsultation = (event.party ?? .thirdParty, event.date)
            case .consultationEnded:
                if let open = openConsultation {
                    pauses.append(Pause(from: open.from, to: event.date, reason: "征求\(open.party.displayName)意见（\(open.party.article)）"))
                }
                openConsultation = nil
            case .extended: extended = true
            case .feeNoticed: feeNoticed = event.date
            case .feePaid: feePaid = true
            case .decided:
                stage = .decided(event.outcome ?? .otherHandlingOther)
                closedOn = event.date
            case .withdrawn:
                stage = .withdrawn
                closedOn = event.date
            }
        }
        let awaitingCorrection = correctionRequested != nil && correctionReceived == nil
        if closedOn == nil {
            if awaitingCorrection {
                stage = .awaitingCorrection
            } else if let open = openConsultation {
                stage = .consulting(open.party)
            } else if feeNoticed != nil, !feePaid {
                stage = .awaitingPayment
            }
        }
        var gap: WorkdayCalendar.UnknownYear?
        func compute<T>(_ body: () throws(WorkdayCalendar.UnknownYear) -> T?) -> T? {
            do { return try body() } catch {
                if gap == nil { gap = error }
                return nil
            }
        }
        // A decided case keeps the deadlines it had (to tell whether it was answered on time); an open consultation
        // of a decided case ended with the decision.
        if let open = openConsultation, let closedOn {
            pauses.append(Pause(from: open.from, to: closedOn.adding(days: -1), reason: "征求\(open.party.displayName)意见（\(open.party.article)）"))
            openConsultation = nil
        }
        let runs = !(awaitingCorrection && closedOn == nil) && openConsultation == nil
        let deadlines = runs
            ? compute { () throws(WorkdayCalendar.UnknownYear) in
                try calculator.deadlines(received: record.received, correctionReceived: correctionReceived,
                                         pauses: pauses, extended: extended)
            }
            : nil
        answerDue = deadlines?.due
        extendedDue = deadlines?.extended
        correctionNoticeDue = correctionRequested == nil && closedOn == nil
            ? compute { () throws(WorkdayCalendar.UnknownYear) in
                try calculator.add(workingDays: 7, to: record.received, what: "补正告知期限（第三十条）")
            }
            : nil
        consultationReplyDue = openConsultation.flatMap { open in
            compute { () throws(WorkdayCalendar.UnknownYear) in
                try calculator.add(workingDays: 15, to: open.from, what: "\(open.party.displayName)答复期限（\(open.party.article)，15 个工作日）")
            }
        }
        paymentDue = stage == .awaitingPayment
            ? feeNoticed.flatMap { notice in
                compute { () throws(WorkdayCalendar.UnknownYear) in try InformationFee.paymentDeadline(noticeReceived: notice, calculator: calculator) }
            }
            : nil
        self.stage = stage
        self.closedOn = closedOn
        self.calendarGap = gap
    }
}
