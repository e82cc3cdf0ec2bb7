import Foundation
import GongkaiCore
import Testing

@testable import GongkaiStore

/// A database made for one test: SQLite, and PostgreSQL when GONGKAI_TEST_DATABASE_URL is set.
typealias TestDatabase = ScratchStore

@Suite("Case store (SQLite and PostgreSQL)", .serialized)
struct StoreTests {
    static func d(_ text: String) -> CivilDate { CivilDate(iso: text)! }

    static func cases(_ count: Int, seed: UInt64 = 3) -> [CaseRecord] {
        var generator = CaseGenerator(seed: seed, years: 2022...2025, today: d("2025-11-30"))
        return generator.records(count)
    }

    @Test("Import then export gives back every case exactly", arguments: TestDatabase.available)
    func roundTrip(database: TestDatabase) async throws {
        let records = Self.cases(1500)
        try await database.withStore { store in
            try await store.insert(records)
            #expect(try await store.caseCount() == 1500)
            var exported: [CaseRecord] = []
            try await store.forEachBatch(of: 400) { exported += $0 }
            #expect(exported.count == records.count)
            #expect(zip(exported, records).filter { $0 != $1 }.map(\.0.id) == [])
            let one = try await store.record(records[17].id)
            #expect(one == records[17])
            #expect(try await store.record("no-such-case") == nil)
            let open = try await store.openCases()
            #expect(open.map(\.id) == records.filter { $0.closing == nil }.map(\.id))
            #expect(open == records.filter { $0.closing == nil })
        }
    }

    @Test("Who recorded each event is kept: the importing user, or the event's own `by`", arguments: TestDatabase.available)
    func recordedBy(database: TestDatabase) async throws {
        var records = Self.cases(30)
        records[0].events = [CaseEvent(.extended, records[0].received.adding(days: 3), by: "经办人乙")]
        try await database.withStore { store in
            try await store.insert(records, recordedBy: "管理员")
            let first = try #require(try await store.record(records[0].id))
            #expect(first.events.map(\.by) == ["经办人乙"])
            let other = try #require(try await store.record(records[1].id))
            #expect(other.events.allSatisfy { $0.by == "管理员" })
        }
    }

    @Test("An import with a case already stored writes nothing", arguments: TestDatabase.available)
    func allOrNothing(database: TestDatabase) async throws {
        let records = Self.cases(300)
        try await database.withStore { store in
            try await store.insert(Array(records[0..<100]))
            await #expect(throws: StoreError.self) { try await store.insert(Array(records[50..<300])) }
            #expect(try await store.caseCount() == 100)
            try await store.insert(Array(records[100..<300]))
            #expect(try await store.caseCount() == 300)
        }
    }

    @Test("The ledger is append-only: the database refuses UPDATE and DELETE", arguments: TestDatabase.available)
    func appendOnly(database: TestDatabase) async throws {
        try await database.withStore { store in
            try await store.insert(Self.cases(20))
            await #expect(throws: (any Error).self) { try await store.execute("UPDATE case_events SET day = 0") }
            await #expect(throws: (any Error).self) { try await store.execute("DELETE FROM case_events") }
            await #expect(throws: (any Error).self) { try await store.execute("UPDATE cases SET applicant_type = 'x'") }
            await #expect(throws: (any Error).self) { try await store.execute("DELETE FROM cases") }
            #expect(try await store.caseCount() == 20)
        }
    }

    @Test("Events are appended after checking the whole history; history is never rewritten", arguments: TestDatabase.available)
    func append(database: TestDatabase) async throws {
        let record = CaseRecord(id: "2025-0100", applicant: Applicant(type: .naturalPerson, name: "王五"), channel: .post,
                                received: Self.d("2025-09-26"), request: "某路段改造批复")
        try await database.withStore { store in
            try await store.insert([record])
            try await store.append([CaseEvent(.correctionRequested, Self.d("2025-09-29"), by: "经办人甲")], to: record.id)
            // A second 补正 request breaks Art. 30 (一次性告知).
            await #expect(throws: StoreError.self) {
                try await store.append([CaseEvent(.correctionRequested, Self.d("2025-09-30"))], to: record.id)
            }
            // An event dated before the last one cannot be slipped in.
            await #expect(throws: StoreError.self) {
                try await store.append([CaseEvent(.correctionReceived, Self.d("2025-09-28"))], to: record.id)
            }
            try await store.append([CaseEvent(.correctionReceived, Self.d("2025-10-15"))], to: record.id)
            try await store.append([CaseEvent(.decided, Self.d("2025-11-03"), outcome: .granted)], to: record.id)
            try await store.append([], reviews: [Review(kind: .reconsideration, filed: Self.d("2025-11-20"))], to: record.id)
            let decided = Review(kind: .reconsideration, filed: Self.d("2025-11-20"), decided: Self.d("2026-01-10"), result: .corrected)
            let stored = try await store.append([], reviews: [decided], to: record.id)
            #expect(stored.reviews == [decided])
            let reloaded = try #require(try await store.record(record.id))
            #expect(reloaded == stored)
            #expect(reloaded.events.first?.by == "经办人甲")
            #expect(CaseProgress(of: reloaded).stage == .decided(.granted))
            await #expect(throws: StoreError.self) {
                try await store.append([CaseEvent(.extended, Self.d("2025-11-04"))], to: record.id)
            }
            await #expect(throws: StoreError.self) { try await store.append([], to: "no-such-case") }
            #expect(try await store.tally(year: 2026).table4[.reconsideration] == [0, 1, 0, 0])
            #expect(try await store.tally(year: 2025).table4[.reconsideration] == [0, 0, 0, 1])
        }
    }

    @Test("The tables counted in the database equal the recount in memory, year by year", arguments: TestDatabase.available)
    func tally(database: TestDatabase) async throws {
        let records = Self.cases(4000, seed: 5)
        try await database.withStore { store in
            try await store.insert(records)
            for year in 2021...2026 {
                let inDatabase = try await store.tally(year: year).report(year: year)
                let inMemory = CaseTally(cases: records, year: year).report(year: year)
                #expect(inDatabase == inMemory, "year \(year)")
                #expect(ReportChecker.check(inDatabase).filter { $0.severity == .error && $0.location.table != .table2 && $0.code != .missingTable }.isEmpty)
            }
        }
    }

    @Test("Applications filed at the same moment get distinct numbers, none refused; the audit log has no gap",
          arguments: TestDatabase.available)
    func concurrentFiling(database: TestDatabase) async throws {
        try await database.withStore { store in
            // A case imported with a number of the same form: the counter goes past it.
            let imported = CaseRecord(id: "2026-000005", applicant: Applicant(type: .naturalPerson, name: "张三"), channel: .post,
                                      received: Self.d("2026-01-05"), request: "某项目的批复")
            try await store.insert([imported], recordedBy: "test")
            let intake = Intake(applicantType: .naturalPerson, name: "李明", documentKind: .residentID,
                                documentNumber: "11010519491231002X", phone: "13812345678", address: "示例市中山路 1 号",
                                description: "某项目的立项批复", provision: .paper)
            let codes = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<40 {
                    group.addTask { try await store.file(intake, channel: .online, received: Self.d("2026-03-02"), by: "test").code }
                }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(Set(codes).count == 40)
            #expect(codes.sorted() == (6...45).map { String(format: "2026-%06d", $0) })
            let numbers = try await store.auditLog(limit: 1000).map(\.no).sorted()
            #expect(numbers == Array(1...numbers.count), "no gap and no repeat")
        }
    }

    @Test("Imported calendar notices complete the shipped ones and survive reopening", arguments: TestDatabase.available)
    func calendar(database: TestDatabase) async throws {
        try await database.withStore { store in
            #expect(try await store.calendar().years == 2019...2026)
            let notice = WorkdayCalendar.Notice(holidays: ["2027-01-01", "2027-02-05"], workdays: ["2027-02-06"])
            try await store.saveNotices([2027: notice])
            try await store.saveNotices([2027: notice])  // replacing is allowed
            let calendar = try await store.calendar()
            #expect(calendar.years == 2019...2027)
            #expect(try calendar.day(Self.d("2027-02-06")) == .adjustedWorkday)
            #expect(try await store.importedNoticeYears().map(\.year) == [2027])
        }
    }
}

@Suite("A report's finding tallies as stored")
struct FindingTallyTests {
    @Test("Encoded and decoded alike; a damaged text is refused, not half read")
    func roundTrip() {
        let tallies = [FindingTally(code: .t3RowTotal, severity: .error, count: 2), FindingTally(code: "TEXT-REUSED", severity: .warning, count: 13),
                       FindingTally(code: "CELL-INFERRED", severity: .info, count: 1)]
        let text = FindingTally.encode(tallies)
        #expect(text == "T3-ROW-TOTAL:error:2;TEXT-REUSED:warning:13;CELL-INFERRED:info:1")
        #expect(FindingTally.decode(text) == tallies)
        #expect(FindingTally.decode("") == [])
        for damaged in ["T3-ROW-TOTAL:error", "T3-ROW-TOTAL:fatal:2", "T3-ROW-TOTAL:error:2x", "T3-ROW-TOTAL:error:", "A:error:1:2"] {
            #expect(FindingTally.decode(damaged) == nil, "\(damaged)")
        }
    }
}
