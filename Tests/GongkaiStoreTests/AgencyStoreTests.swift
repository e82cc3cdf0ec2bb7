import Foundation
import GongkaiCore
import Testing

@testable import GongkaiStore

@Suite("Agencies in the store (SQLite and PostgreSQL)", .serialized)
struct AgencyStoreTests {
    static func day(_ iso: String) -> Int { CivilDate(iso: iso)!.dayNumber }

    /// A database as version 2 left it (before sessions by user and before agencies), filled with raw SQL in that
    /// schema: cases with events and a review, an intake, an account with roles, a draft, a published report, the
    /// case counter and audit lines.
    static func fillVersion2(_ store: CaseStore) async throws {
        let granted = Table3Row.granted.key
        let t = "2026-01-05T02:00:00Z"
        try await store.execute("""
            INSERT INTO cases (no, code, applicant_type, applicant_name, channel, received_day, request, recorded_at, recorded_by) VALUES
            (1, '2025-000001', 'naturalPerson', '张三', 'online', \(day("2025-03-03")), '申请公开某项目的批复', '\(t)', '在线申请'),
            (2, '2025-000002', 'commercialEnterprise', '某公司', 'post', \(day("2025-11-20")), '申请公开招标结果', '\(t)', 'clerk'),
            (3, '2025-000003', 'naturalPerson', NULL, 'inPerson', \(day("2025-12-29")), NULL, '\(t)', 'clerk')
            """)
        try await store.execute("""
            INSERT INTO case_events (case_no, seq, applicant_type, type, day, party, amount, outcome, note, review_no, review_kind,
              review_result, recorded_at, recorded_by) VALUES
            (1, 1, 'naturalPerson', 'decided', \(day("2025-03-20")), NULL, NULL, '\(granted)', NULL, NULL, NULL, NULL, '\(t)', 'clerk'),
            (1, 2, 'naturalPerson', 'reviewFiled', \(day("2025-04-10")), NULL, NULL, NULL, NULL, 1, '\(Table4Block.reconsideration.key)', NULL, '\(t)', 'clerk'),
            (2, 1, 'commercialEnterprise', 'decided', \(day("2025-12-10")), NULL, NULL, '\(granted)', '已答复', NULL, NULL, NULL, '\(t)', 'clerk')
            """)
        try await store.execute("""
            INSERT INTO intakes (case_code, tracking_code, document_kind, document_number, contact, phone, address, email, provision)
            VALUES ('2025-000001', 'ABCDEFGH23', 'residentID', '11010519491231002X', NULL, '13800138000', '某市某路 1 号', NULL, 'paper')
            """)
        try await store.execute("""
            INSERT INTO users (username, display_name, password_hash, roles, active, created_at) VALUES
            ('clerk', '李华', 'x', 'clerk,reviewer', true, '\(t)'), ('boss', '王强', 'y', 'signer', true, '\(t)')
            """)
        try await store.execute("""
            INSERT INTO report_drafts (year, content, status, approved_content, approved_by, approved_at, updated_at, updated_by)
            VALUES (2025, '{"format":"2021"}', 'draft', NULL, NULL, NULL, '\(t)', 'clerk')
            """)
        try await store.execute("""
            INSERT INTO published_reports (year, version, content, published_at, published_by) VALUES
            (2024, 1, '{"v":1}', '\(t)', 'boss'), (2024, 2, '{"v":2}', '\(t)', 'boss')
            """)
        try await store.execute("INSERT INTO counters (name, value) VALUES ('case-2025', 3), ('audit', 2)")
        try await store.execute("""
            INSERT INTO audit_log (no, at, actor, action, target, detail) VALUES
            (1, '\(t)', 'clerk', '登记申请', '2025-000002', ''), (2, '\(t)', 'clerk', '登记申请', '2025-000003', '')
            """)
    }

    @Test("A version-2 database upgrades with nothing lost: every row under the first agency, keys per agency",
          arguments: ScratchStore.available)
    func upgradeFromVersion2(database: ScratchStore) async throws {
        try await database.withStore(upgradingFrom: 4, legacy: Self.fillVersion2) { store in
            let agencies = try await store.agencies()
            #expect(agencies.map(\.id) == [Agency.firstID] && agencies[0].name.isEmpty, "the first agency, named on first start")
            #expect(try await store.caseCount(agency: Agency.firstID) == 3)
            let first = try #require(try await store.record("2025-000001", agency: Agency.firstID))
            #expect(first.applicant.name == "张三" && first.closing?.outcome == .granted && first.reviews.count == 1)
            #expect(try await store.record("2025-000002", agency: Agency.firstID)?.events.first?.note == "已答复")
            let intake = try #require(try await store.intake(of: "2025-000001", agency: Agency.firstID))
            #expect(intake.trackingCode == "ABCDEFGH23" && intake.intake.documentNumber == "11010519491231002X")
            #expect(try await store.lookUp(trackingCode: "ABCDEFGH23", phone: "138 0013 8000", agency: Agency.firstID)?.id == "2025-000001")
            // The users' roles are now the first agency's.
            let clerk = try #require(try await store.user("clerk"))
            #expect(clerk.grants == [Agency.firstID: [.clerk, .reviewer]])
            #expect(try await store.user("boss")?.grants == [Agency.firstID: [.signer]])
            #expect(try await store.draft(year: 2025, agency: Agency.firstID)?.content == #"{"format":"2021"}"#)
            #expect(try await store.published(year: 2024, agency: Agency.firstID)?.version == 2)
            #expect(try await store.publishedReports(agency: Agency.firstID).map(\.content) == [#"{"v":2}"#])
            let tally = try await store.tally(year: 2025, agency: Agency.firstID)
            let report = tally.report(year: 2025)
            #expect(report.table3?[.received, 6] == 3 && report.table3?[.granted, 6] == 2 && report.table3?[.carriedForward, 6] == 1)
            // The case counter continues under the agency; the audit log keeps its lines and numbers.
            let intakeForm = Intake(applicantType: .naturalPerson, name: "赵六", documentKind: .residentID, documentNumber: "11010519491231002X",
                                    contact: nil, phone: "13900139000", address: "某市某路 2 号", email: nil,
                                    description: "申请公开某文件", provision: .paper)
            let filed = try await store.file(intakeForm, channel: .inPerson, received: CivilDate(iso: "2025-12-30")!, agency: Agency.firstID,
                                             by: "clerk")
            #expect(filed.code == "2025-000004")
            let log = try await store.auditLog()
            #expect(log.count == 3 && log.map(\.no) == [3, 2, 1])
            // The history stays append-only after the rebuild.
            await #expect(throws: (any Error).self) { try await store.execute("UPDATE cases SET applicant_name = 'x'") }
            await #expect(throws: (any Error).self) { try await store.execute("DELETE FROM case_events") }
            await #expect(throws: (any Error).self) { try await store.execute("DELETE FROM intakes") }
        }
    }

    @Test("Two agencies: the same case code in each, counted, listed and looked up apart", arguments: ScratchStore.available)
    func twoAgencies(database: ScratchStore) async throws {
        try await database.withStore { store in
            let other = try await store.createAgency(Agency(id: 0, code: "jyj", name: "示例县教育局", level: .department,
                                                            parentID: Agency.firstID), by: "测试")
            #expect(other.id == 2)
            await #expect(throws: StoreError.self) {
                _ = try await store.createAgency(Agency(id: 0, code: "jyj", name: "重复", level: .department), by: "测试")
            }
            var generator = CaseGenerator(seed: 5, years: 2025...2025, today: CivilDate(iso: "2025-12-15")!)
            let pending = CaseRecord(id: "2025-900001", applicant: Applicant(type: .naturalPerson, name: "钱七"), channel: .online,
                                     received: CivilDate(iso: "2025-12-01")!, request: "申请公开某文件")
            let mine = generator.records(40) + [pending]
            try await store.insert(mine, agency: Agency.firstID)
            // The same codes again, in the other agency: allowed there, refused twice in one.
            let theirs = Array(mine.prefix(9)) + [pending]
            try await store.insert(theirs, agency: other.id)
            await #expect(throws: StoreError.self) { try await store.insert([theirs[0]], agency: other.id) }
            #expect(try await store.caseCount(agency: Agency.firstID) == 41)
            #expect(try await store.caseCount(agency: other.id) == theirs.count)
            #expect(theirs.count == 10)
            let a = try await store.tally(year: 2025, agency: Agency.firstID).report(year: 2025).table3
            let b = try await store.tally(year: 2025, agency: other.id).report(year: 2025).table3
            #expect(a == CaseTally(cases: mine, year: 2025).report(year: 2025).table3)
            #expect(b == CaseTally(cases: theirs, year: 2025).report(year: 2025).table3)
            #expect(try await store.openCases(agency: other.id) == theirs.filter { $0.closing == nil })
            // An event goes to the case of its own agency only.
            let open = try #require(theirs.first { $0.closing == nil })
            try await store.append([CaseEvent(.withdrawn, CivilDate(iso: "2025-12-31")!)], to: open.id, agency: other.id)
            #expect(try await store.record(open.id, agency: other.id)?.closing != nil)
            #expect(try await store.record(open.id, agency: Agency.firstID)?.closing == nil)
            // Filing numbers per agency and year.
            let form = Intake(applicantType: .naturalPerson, name: "赵六", documentKind: .residentID, documentNumber: "11010519491231002X",
                              contact: nil, phone: "13900139000", address: "某市某路 2 号", email: nil, description: "申请公开某文件",
                              provision: .paper)
            let x = try await store.file(form, channel: .online, received: CivilDate(iso: "2026-01-05")!, agency: Agency.firstID, by: "t")
            let y = try await store.file(form, channel: .online, received: CivilDate(iso: "2026-01-05")!, agency: other.id, by: "t")
            #expect(x.code == "2026-000001" && y.code == "2026-000001")
            #expect(try await store.lookUp(trackingCode: y.trackingCode, phone: "13900139000", agency: Agency.firstID) == nil)
            #expect(try await store.lookUp(trackingCode: y.trackingCode, phone: "13900139000", agency: other.id)?.id == "2026-000001")
            // Drafts and published reports per agency.
            try await store.saveDraft(year: 2025, agency: other.id, content: "{}", by: "t")
            #expect(try await store.draft(year: 2025, agency: Agency.firstID) == nil)
            let lineage = try await store.agencies().first { $0.id == other.id }?.lineage
            #expect(lineage == [other.id, Agency.firstID])
        }
    }
}
