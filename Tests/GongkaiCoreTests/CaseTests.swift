import Testing

@testable import GongkaiCore

@Suite("Cases: CASES-JSONL, history rules, progress, tables, 答复书")
struct CaseTests {
    static func d(_ text: String) -> CivilDate { CivilDate(iso: text)! }

    /// The example of CASES-JSONL.md, on one line.
    static let contractExample = #"""
        {"id": "2024-0001", "applicant": {"type": "naturalPerson", "name": "张三"}, "channel": "online", "received": "2024-09-27", "events": [{"type": "correctionRequested", "date": "2024-09-30"}, {"type": "correctionReceived",  "date": "2024-10-10"}, {"type": "consultationStarted", "date": "2024-10-11", "party": "thirdParty"}, {"type": "consultationEnded",   "date": "2024-10-20"}, {"type": "extended",            "date": "2024-11-05"}, {"type": "feeNoticed",          "date": "2024-11-06", "amount": 200}, {"type": "feePaid",             "date": "2024-11-08"}, {"type": "decided",             "date": "2024-11-20", "outcome": "partlyGranted"}], "reviews": [{"kind": "reconsideration", "filed": "2024-12-01", "decided": "2025-02-01", "result": "upheld"}]}
        """#

    @Test("The contract's example reads, and its deadlines are the ones worked out by hand")
    func contractExample() throws {
        let record = try CaseRecord(jsonLine: Array(Self.contractExample.utf8), line: 1)
        #expect(record.id == "2024-0001")
        #expect(record.events.count == 8)
        #expect(record.outcomeRow == .partlyGranted)
        #expect(record.reviews == [Review(kind: .reconsideration, filed: Self.d("2024-12-01"), decided: Self.d("2025-02-01"), result: .upheld)])
        let progress = CaseProgress(of: record)
        // 20 working days from the corrected application (10-10), 10-11…10-20 paused: 10-21 is day 1, 11-15 day 20;
        // extended by 20 more: 12-13.
        #expect(progress.answerDue?.date == Self.d("2024-11-15"))
        #expect(progress.extendedDue?.date == Self.d("2024-12-13"))
        #expect(progress.dueDate == Self.d("2024-12-13"))
        #expect(progress.stage == .decided(.partlyGranted))
        #expect(!progress.isLate(today: Self.d("2026-01-01")))
        #expect(progress.answerDue!.explanation.contains { $0.contains("征求第三方意见") && $0.contains("不计") })
    }

    @Test("Generated histories are valid and survive a JSON Lines round trip unchanged")
    func roundTrip() throws {
        var generator = CaseGenerator(seed: 7, years: 2022...2025, today: Self.d("2025-12-20"))
        let records = generator.records(2000)
        for record in records { #expect(record.validate() == nil, "\(record.jsonLine)") }
        let text = CaseFile.write(records)
        let (read, errors) = CaseFile.parse(Array(text.utf8))
        #expect(errors.isEmpty)
        #expect(read == records)
        #expect(CaseFile.write(read) == text)
    }

    @Test("A bad line is reported with its line number, case id and field", arguments: [
        (#"{"id": "A", "applicant": {"type": "robot"}, "channel": "online", "received": "2024-01-05"}"#, "applicant.type", "robot"),
        (#"{"id": "A", "applicant": {"type": "naturalPerson"}, "channel": "pigeon", "received": "2024-01-05"}"#, "channel", "pigeon"),
        (#"{"id": "A", "applicant": {"type": "naturalPerson"}, "channel": "online", "received": "2024-02-30"}"#, "received", "有效日期"),
        (#"{"id": "A", "applicant": {"type": "naturalPerson"}, "channel": "online"}"#, "received", "缺少"),
        (#"{"id": "A", "applicant": {"type": "naturalPerson"}, "channel": "online", "received": "2024-01-05", "events": [{"type": "decided", "date": "2024-01-09", "outcome": "approved"}]}"#, "events[0].outcome", "approved"),
        (#"{"id": "A", "applicant": {"type": "naturalPerson"}, "channel": "online", "received": "2024-01-05", "events": [{"type": "decided", "date": "2024-01-09", "outcome": "otherHandling"}]}"#, "events[0].outcome", "2021"),
        (#"{"id": "A", "applicant": {"type": "naturalPerson"}, "channel": "online", "received": "2024-01-05", "events": [{"type": "extended", "date": "2024-01-03"}]}"#, "events[0].date", "早于收到申请"),
        (#"{"id": "A", "applicant": {"type": "naturalPerson"}, "channel": "online", "received": "2024-01-05", "events": [{"type": "feeNoticed", "date": "2024-01-08", "amount": 100}, {"type": "extended", "date": "2024-01-07"}]}"#, "events[1].date", "先后"),
        (#"{"id": "A", "applicant": {"type": "naturalPerson"}, "channel": "online", "received": "2024-01-05", "events": [{"type": "decided", "date": "2024-01-08", "outcome": "granted"}, {"type": "extended", "date": "2024-01-09"}]}"#, "events[1]", "其后不能"),
        (#"{"id": "A", "applicant": {"type": "naturalPerson"}, "channel": "online", "received": "2024-01-05", "events": [{"type": "extended", "date": "2024-01-08"}, {"type": "extended", "date": "2024-01-09"}]}"#, "events[1]", "只能延长一次"),
        (#"{"id": "A", "applicant": {"type": "naturalPerson"}, "channel": "online", "received": "2024-01-05", "events": [{"type": "correctionReceived", "date": "2024-01-08"}]}"#, "events[0]", "没有告知补正"),
        (#"{"id": "A", "applicant": {"type": "naturalPerson"}, "channel": "online", "received": "2024-01-05", "events": [{"type": "decided", "date": "2024-01-08", "outcome": "otherHandling.noCorrection"}]}"#, "events[0].outcome", "逾期不补正"),
        (#"{"id": "A", "applicant": {"type": "naturalPerson"}, "channel": "online", "received": "2024-01-05", "events": [{"type": "feeNoticed", "date": "2024-01-08"}]}"#, "events[0].amount", "金额"),
        (#"{"id": "A", "applicant": {"type": "naturalPerson"}, "channel": "online", "received": "2024-01-05", "reviews": [{"kind": "reconsideration", "filed": "2024-03-01", "decided": "2024-02-01", "result": "upheld"}]}"#, "reviews[0].decided", "早于提起"),
        (#"{"id": "A", "applicant": {"type": "naturalPerson"}, "channel": "online", "received": "2024-01-05", "reviews": [{"kind": "reconsideration", "filed": "2024-03-01", "decided": "2024-04-01"}]}"#, "reviews[0].result", "没有结果"),
        (#"{"id": "A", "applicant": {"type": "naturalPerson"}, "channel": "online", "received": "2024-01-05""#, "", "JSON 格式错误"),
        (#"["not", "an", "object"]"#, "", "JSON 对象"),
    ])
    func badLine(line: String, path: String, fragment: String) {
        let good = #"{"id": "OK-1", "applicant": {"type": "naturalPerson"}, "channel": "online", "received": "2024-01-05"}"#
        let file = good + "\n\n" + line + "\n"
        let (records, errors) = CaseFile.parse(Array(file.utf8))
        #expect(records.count == 1)
        #expect(errors.count == 1)
        let error = try! #require(errors.first)
        #expect(error.line == 3)
        #expect(error.path == path)
        #expect(error.description.contains(fragment), "\(error.description)")
        #expect(error.description.hasPrefix("第 3 行"))
    }

    @Test("Duplicate ids, CRLF line ends, a BOM and blank lines")
    func fileShapes() {
        let a = #"{"id": "X", "applicant": {"type": "naturalPerson"}, "channel": "post", "received": "2024-01-05"}"#
        let file = "\u{FEFF}" + a + "\r\n\r\n" + a + "\r\n"
        let (records, errors) = CaseFile.parse(Array(file.utf8))
        #expect(records.count == 1)
        #expect(errors.map(\.line) == [3])
        #expect(errors.first?.description.contains("与第 1 行重复") == true)
    }

    // MARK: - Tables

    /// The straightforward recount: each cell by its own filter over all cases.
    static func recount(_ cases: [CaseRecord], year: Int) -> CaseTally {
        let start = CivilDate(year: year, month: 1, day: 1)!, end = CivilDate(year: year, month: 12, day: 31)!
        var tally = CaseTally()
        for type in ApplicantType.allCases {
            let mine = cases.filter { $0.applicant.type == type }
            let c = type.column
            tally.add(.received, column: c, count: mine.filter { (start...end).contains($0.received) }.count)
            tally.add(.carriedOver, column: c, count: mine.filter { $0.received < start && !($0.closing.map { $0.date < start } ?? false) }.count)
            tally.add(.carriedForward, column: c, count: mine.filter { $0.received <= end && !($0.closing.map { $0.date <= end } ?? false) }.count)
            for row in Table3Row.decisionOutcomes {
                tally.add(row, column: c, count: mine.filter { record in
                    guard let closing = record.closing, (start...end).contains(closing.date) else { return false }
                    return closing.kind == .withdrawn ? row == .otherHandlingOther : closing.outcome == row
                }.count)
            }
        }
        let reviews = cases.flatMap(\.reviews)
        for block in Table4Block.allCases {
            let mine = reviews.filter { $0.kind == block }
            for result in Review.Result.allCases {
                tally.add(block, column: result.column, count: mine.filter { $0.result == result && $0.decided.map { (start...end).contains($0) } == true }.count)
            }
            tally.add(block, column: 3, count: mine.filter { $0.filed <= end && !($0.decided.map { $0 <= end } ?? false) }.count)
        }
        return tally
    }

    @Test("Thousands of random histories: the tables pass every check, equal a recount, and carry over year to year",
          arguments: [11, 12, 13] as [UInt64])
    func tablesFromCases(seed: UInt64) throws {
        var generator = CaseGenerator(seed: seed, years: 2021...2025, today: Self.d("2025-11-30"))
        let cases = generator.records(3000)
        var previous: AnnualReport?
        for year in 2020...2026 {
            let report = CaseTally(cases: cases, year: year).report(year: year, agency: "某某市某某局")
            let recounted = Self.recount(cases, year: year).report(year: year, agency: "某某市某某局")
            #expect(report == recounted, "year \(year)")
            let findings = ReportChecker.check(report, previous: previous).filter { $0.location.table == .table3 || $0.location.table == .table4 || $0.code == .carryoverMismatch }
            #expect(findings.isEmpty, "year \(year): \(findings.map(\.message))")
            let t3 = try #require(report.table3)
            // 一 + 二 = 三（七） + 四 in the total column.
            #expect(t3[.received, 6]! + t3[.carriedOver, 6]! == t3[.total, 6]! + t3[.carriedForward, 6]!)
            if let previous { #expect(previous.table3?[.carriedForward] == report.table3?[.carriedOver]) }
            previous = report
        }
        // The mix is realistic: most years have cases in most rows.
        let y2024 = CaseTally(cases: cases, year: 2024).report(year: 2024).table3!
        #expect(y2024[.received, 6]! > 400)
        #expect(y2024[.granted, 6]! > 100)
        #expect(y2024[.otherHandlingNoCorrection, 6]! > 0)
    }

    @Test("The 2019 format (report years 2019–2020) folds the three 其他处理 rows into one")
    func format2019() {
        let cases = [
            CaseRecord(id: "1", applicant: Applicant(type: .naturalPerson), channel: .online, received: Self.d("2020-03-02"),
                       events: [CaseEvent(.correctionRequested, Self.d("2020-03-04")), CaseEvent(.decided, Self.d("2020-04-20"), outcome: .otherHandlingNoCorrection)]),
            CaseRecord(id: "2", applicant: Applicant(type: .legalServiceInstitution), channel: .post, received: Self.d("2020-05-06"),
                       events: [CaseEvent(.withdrawn, Self.d("2020-05-08"))]),
            CaseRecord(id: "3", applicant: Applicant(type: .naturalPerson), channel: .inPerson, received: Self.d("2020-12-30")),
        ]
        let report = CaseTally(cases: cases, year: 2020).report(year: 2020)
        #expect(report.format == .y2019)
        #expect(report.table3?[.otherHandling] == [1, 0, 0, 0, 1, 0, 2])
        #expect(report.table3?[.carriedForward] == [1, 0, 0, 0, 0, 0, 1])
        #expect(report.table3?[.received] == [2, 0, 0, 0, 1, 0, 3])
        #expect(ReportChecker.check(report).filter { $0.location.table == .table3 }.isEmpty)
    }

    // MARK: - Progress

    @Test("Stages and the deadlines that run in each")
    func stages() {
        let received = Self.d("2025-09-26")  // Friday; 调休 09-28 (Sun), 国庆+中秋 10-01…08, 调休 10-11 (Sat)
        var record = CaseRecord(id: "S", applicant: Applicant(type: .naturalPerson), channel: .online, received: received)
        var progress = CaseProgress(of: record)
        #expect(progress.stage == .handling)
        // 09-28 (Sun, 调休) 1, 09-29 2, 09-30 3, 10-09 4, 10-10 5, 10-11 (Sat, 调休) 6, 10-13…17 7–11, 10-20…24 12–16,
        // 10-27…30 17–20.
        #expect(progress.answerDue?.date == Self.d("2025-10-30"))
        // 7 working days for the 补正 notice: 09-28, 09-29, 09-30, 10-09, 10-10, 10-11, 10-13.
        #expect(progress.correctionNoticeDue?.date == Self.d("2025-10-13"))

        record.events = [CaseEvent(.correctionRequested, Self.d("2025-09-29"))]
        progress = CaseProgress(of: record)
        #expect(progress.stage == .awaitingCorrection)
        #expect(progress.dueDate == nil)
        #expect(progress.correctionNoticeDue == nil)

        record.events.append(CaseEvent(.correctionReceived, Self.d("2025-10-15")))
        record.events.append(CaseEvent(.consultationStarted, Self.d("2025-10-16"), party: .agency))
        progress = CaseProgress(of: record)
        #expect(progress.stage == .consulting(.agency))
        #expect(progress.dueDate == nil)
        // 15 working days for the consulted agency (Art. 34): 10-17 … 11-06.
        #expect(progress.consultationReplyDue?.date == Self.d("2025-11-06"))

        record.events.append(CaseEvent(.consultationEnded, Self.d("2025-10-24")))
        record.events.append(CaseEvent(.feeNoticed, Self.d("2025-10-27"), amount: 300))
        progress = CaseProgress(of: record)
        #expect(progress.stage == .awaitingPayment)
        // From 10-15, 10-16…24 paused: 10-27 is day 1 … 11-21 day 20.
        #expect(progress.answerDue?.date == Self.d("2025-11-21"))
        #expect(progress.paymentDue?.date == Self.d("2025-11-24"))
        #expect(progress.isLate(today: Self.d("2025-11-24")))
        #expect(!progress.isLate(today: Self.d("2025-11-21")))

        record.events.append(CaseEvent(.decided, Self.d("2025-11-25"), outcome: .otherHandlingFeeUnpaid))
        #expect(record.validate() == nil)
        progress = CaseProgress(of: record)
        #expect(progress.stage == .decided(.otherHandlingFeeUnpaid))
        #expect(progress.closedOn == Self.d("2025-11-25"))
        #expect(progress.isLate(today: Self.d("2030-01-01")))
    }

    @Test("A due date in a year without a notice is provisional, and said so; beyond the provisional years a stated gap")
    func calendarGap() {
        let record = CaseRecord(id: "G", applicant: Applicant(type: .naturalPerson), channel: .online, received: Self.d("2026-12-15"))
        let progress = CaseProgress(of: record)
        #expect(progress.dueDate == Self.d("2027-01-13") && progress.dueDateIsProvisional && progress.dueDateText == "2027-01-13（暂定）")
        #expect(progress.calendarGap == nil)
        let far = CaseRecord(id: "F", applicant: Applicant(type: .naturalPerson), channel: .online, received: Self.d("2028-12-15"))
        #expect(CaseProgress(of: far).dueDate == nil)
        #expect(CaseProgress(of: far).calendarGap?.date.year == 2029)
        let with2027 = WorkdayCalendar(notices: WorkdayCalendar.shippedNotices.merging([2027: .init(holidays: ["2027-01-01"], workdays: [])]) { $1 })
        let final = CaseProgress(of: record, calculator: DeadlineCalculator(calendar: with2027))
        #expect(final.dueDate == Self.d("2027-01-13") && !final.dueDateIsProvisional)
    }

    // MARK: - Letters

    @Test("Every outcome has a 答复书 with its articles, the reasons, and both remedies", arguments: Table3Row.decisionOutcomes)
    func letter(outcome: Table3Row) throws {
        var events: [CaseEvent] = []
        if outcome == .otherHandlingNoCorrection || outcome == .unavailableUnclearAfterCorrection {
            events.append(CaseEvent(.correctionRequested, Self.d("2024-03-05")))
        }
        if outcome == .otherHandlingFeeUnpaid { events.append(CaseEvent(.feeNoticed, Self.d("2024-03-05"), amount: 200)) }
        events.append(CaseEvent(.decided, Self.d("2024-04-02"), outcome: outcome, note: "经核查相关档案"))
        let record = CaseRecord(id: "2024-0042", applicant: Applicant(type: .commercialEnterprise, name: "某某科技有限公司"),
                                channel: .online, received: Self.d("2024-03-01"), request: "某某项目的批复文件。", events: events)
        #expect(record.validate() == nil)
        let letter = try ReplyLetter(case: record, agency: "某某市自然资源和规划局",
                                     remedies: .init(reconsiderationBody: "某某市人民政府", court: "某某区人民法院"))
        #expect(letter.salutation == "某某科技有限公司：")
        #expect(letter.basis.hasPrefix("《中华人民共和国政府信息公开条例》第"))
        let text = letter.paragraphs.joined()
        // Chinese typography: no spaces around the date; the request's own stop not doubled after the quote.
        #expect(text.hasPrefix("本机关于2024年3月1日收到你单位提出的政府信息公开申请，申请获取“某某项目的批复文件”。"), "\(text.prefix(80))")
        #expect(!text.contains(" 20") && !text.contains("日 "))
        #expect(text.contains("你单位"))
        #expect(text.contains("理由：经核查相关档案。"))
        #expect(text.contains("六十日内向某某市人民政府申请行政复议"))
        #expect(text.contains("六个月内向某某区人民法院提起行政诉讼"))
        #expect(letter.date == Self.d("2024-04-02"))
    }

    @Test("No 答复书 for an open or withdrawn case")
    func noLetter() {
        var record = CaseRecord(id: "W", applicant: Applicant(type: .naturalPerson, name: "李四"), channel: .online, received: Self.d("2024-03-01"))
        #expect(throws: ReplyLetter.Unavailable.self) { try ReplyLetter(case: record, agency: "某局") }
        record.events = [CaseEvent(.withdrawn, Self.d("2024-03-04"))]
        #expect(throws: ReplyLetter.Unavailable.self) { try ReplyLetter(case: record, agency: "某局") }
    }

    // MARK: - Calendar files

    @Test("A new year's notice is read and checked")
    func calendarFile() throws {
        let good = #"{"2027": {"holidays": ["2026-12-31", "2027-01-01"], "workdays": ["2027-02-06"]}}"#
        let notices = try CalendarFile.parse(Array(good.utf8))
        #expect(notices[2027]?.holidays == ["2026-12-31", "2027-01-01"])
        for (bad, fragment) in [
            (#"{"2027": {"holidays": ["2027-01-01"], "workdays": ["2027-02-08"]}}"#, "不是周六或周日"),
            (#"{"2027": {"holidays": ["2025-01-01"], "workdays": []}}"#, "不属于 2027 年"),
            (#"{"2027": {"holidays": ["2027-02-06"], "workdays": ["2027-02-06"]}}"#, "既是放假日又是调休上班日"),
            (#"{"2027": {"holidays": ["2027-13-01"], "workdays": []}}"#, "有效日期"),
            (#"{"二〇二七": {"holidays": [], "workdays": []}}"#, "不是年份"),
            (#"{"2027": {"workdays": []}}"#, "缺少"),
        ] {
            #expect(throws: CalendarFile.Invalid.self) { try CalendarFile.parse(Array(bad.utf8)) }
            do { _ = try CalendarFile.parse(Array(bad.utf8)) } catch { #expect(error.description.contains(fragment), "\(error)") }
        }
    }
}

@Suite("The steps a case allows next, and the example office")
struct NextStepTests {
    static func d(_ text: String) -> CivilDate { CivilDate(iso: text)! }

    @Test("The steps follow the history's rules: 补正 once, one extension, consultations in turn, the outcomes the history permits")
    func nextSteps() {
        var record = CaseRecord(id: "2026-000001", applicant: Applicant(type: .naturalPerson), channel: .online, received: Self.d("2026-03-02"))
        #expect(record.possibleSteps == [.correctionRequested, .consultationStarted, .extended, .feeNoticed, .decided, .withdrawn])
        #expect(!record.possibleOutcomes.contains(.otherHandlingNoCorrection) && !record.possibleOutcomes.contains(.otherHandlingFeeUnpaid))
        record.events.append(CaseEvent(.correctionRequested, Self.d("2026-03-03")))
        #expect(record.possibleSteps.contains(.correctionReceived) && !record.possibleSteps.contains(.correctionRequested))
        #expect(record.possibleOutcomes.contains(.otherHandlingNoCorrection))
        record.events.append(CaseEvent(.consultationStarted, Self.d("2026-03-04"), party: .thirdParty))
        #expect(record.possibleSteps.contains(.consultationEnded) && !record.possibleSteps.contains(.consultationStarted))
        record.events.append(CaseEvent(.decided, Self.d("2026-03-05"), outcome: .granted))
        #expect(record.possibleSteps.isEmpty && record.possibleOutcomes.isEmpty)
    }

    @Test("On any day, the example office's to-do list is a day at the office", arguments: [
        "2026-12-02", "2027-01-04", "2026-06-15", "2028-10-09", "2025-02-05",
    ])
    func exampleOffice(today text: String) throws {
        let today = Self.d(text)
        let records = ExampleOffice.cases(today: today)
        let calculator = DeadlineCalculator()
        #expect(records.allSatisfy { $0.validate() == nil })
        #expect(Set(records.map(\.id)).count == records.count)
        #expect(records.allSatisfy { $0.received <= today && $0.events.allSatisfy { $0.date <= today } })
        #expect(records.allSatisfy { $0.id.hasPrefix("\($0.received.year)-") }, "numbered within the year of receipt")
        let lastYear = records.filter { $0.received.year == today.year - 1 }
        #expect(lastYear.count > 100)
        #expect(lastYear.filter { $0.closing == nil }.allSatisfy { $0.received >= today.adding(days: -60) },
                "last year's tables are ready to build: only the to-do list is open")
        let list = DueList(cases: records.filter { $0.closing == nil }, today: today, calculator: calculator, within: nil)
        let left = list.entries.compactMap(\.workingDaysLeft)
        #expect(left.filter { $0 < 0 }.count == 1, "one overdue")
        #expect(left.filter { (0...5).contains($0) }.count >= 3, "a few due this week")
        let stages = list.entries.map(\.progress.stage)
        #expect(stages.contains(.awaitingCorrection) && stages.contains(.consulting(.thirdParty)) && stages.contains(.awaitingPayment))
        #expect(records.filter { $0.closing != nil }.count > 10 * list.entries.count, "most are answered")
        #expect(ExampleOffice.cases(today: today) == records, "the same day gives the same ledger")
    }
}
