import Foundation
import GongkaiCore
import GongkaiOffice
import GongkaiSamples
@testable import GongkaiStore
import GongkaiWeb
import Testing

/// A county office's year: five departments, of which one published on time, one late, one not at all, one copied
/// another's section, and one whose table 三 does not balance.
@Suite("Supervision (督查)")
struct OversightTests {
    static let today = CivilDate(iso: "2025-03-01")!
    static let roster = """
        名称,统一社会信用代码,层级,上级
        示例县甲局,,部门,示例县人民政府
        示例县乙局,,部门,示例县人民政府
        示例县丙局,,部门,示例县人民政府
        示例县丁局,,部门,示例县人民政府
        示例县戊局,,部门,示例县人民政府

        """

    /// A unit's 2024 report as a text file, with its own prose.
    static func report(_ agency: String, published: String, seed: UInt64, edit: (inout AnnualReport) -> Void = { _ in }) -> AnnualReport {
        OversightShapes.report(agency, year: 2024, published: published, seed: seed, edit: edit)
    }

    static func file(_ report: AnnualReport) -> [UInt8] { Array(ReportShapes.text(report, layout: .tabs).utf8) }

    static func office(_ store: CaseStore) async throws -> Office {
        let office = Office(store: store, settings: OfficeSettings(agency: "示例县人民政府", today: { today }), passwords: BcryptHasher(cost: 4))
        return office.scoped(to: try await office.firstAgency())
    }

    @Test("Status and findings say who is on time, late, missing, copied and unbalanced", arguments: ScratchStore.available)
    func year(_ database: ScratchStore) async throws {
        try await database.withStore { store in
            let office = try await Self.office(store)
            let actor = Actor.commandLine("督查员")
            let (units, errors) = RosterFile.parse(Array(Self.roster.utf8))
            #expect(errors.isEmpty)
            let saved = try await office.importRoster(units, file: "名册.csv", by: actor)
            #expect(saved.added == 5)

            let jia = Self.report("示例县甲局", published: "2025-01-20", seed: 1)
            let yi = Self.report("示例县乙局", published: "2025-02-10", seed: 2)
            // 丁 copies 甲's section 一 (its own name put in), publishing later.
            let ding = OversightShapes.copying(jia, into: Self.report("示例县丁局", published: "2025-01-27", seed: 4))
            // 戊's table 三: one more application received than its rows account for.
            let wu = Self.report("示例县戊局", published: "2025-01-15", seed: 5) { report in
                report.table3![.received, 0] = (report.table3![.received, 0] ?? 0) + 1
            }
            let stranger = Self.report("外县某局", published: "2025-01-10", seed: 6)
            let files = [("甲.txt", jia), ("乙.txt", yi), ("丁.txt", ding), ("戊.txt", wu), ("外县.txt", stranger)].map { ($0.0, Self.file($0.1)) }
            let collected = try await office.collect(files, by: actor)
            #expect(collected.added.count == 5 && collected.unassigned == ["外县.txt"] && collected.years == [2024])

            let view = try await office.oversight(year: 2024, by: actor)
            let standing = Dictionary(uniqueKeysWithValues: view.units.map { ($0.unit.unit.name, $0.standing) })
            #expect(standing == ["示例县甲局": .onTime, "示例县乙局": .late, "示例县丙局": .missing, "示例县丁局": .onTime, "示例县戊局": .onTime])
            #expect(view.units.first?.unit.unit.name == "示例县丙局")  // the worst first
            #expect(view.unassigned.map(\.fileName) == ["外县.txt"])

            func codes(_ name: String) -> Set<String> {
                Set(view.units.first { $0.unit.unit.name == name }!.findings.filter { $0.finding.severity != .info }.map(\.finding.code.rawValue))
            }
            #expect(codes("示例县甲局").isEmpty)
            #expect(codes("示例县乙局") == ["LATE-PUBLICATION"])
            #expect(codes("示例县丙局").isEmpty)
            #expect(codes("示例县丁局") == ["TEXT-REUSED"])
            #expect(codes("示例县戊局").contains("T3-ROW-TOTAL") || codes("示例县戊局").contains("T3-BALANCE"))
            #expect(!codes("示例县戊局").contains("TEXT-REUSED"))
            let reused = view.units.first { $0.unit.unit.name == "示例县丁局" }!.findings.first { $0.finding.code == .textReused }!
            #expect(reused.finding.message.contains("「一、总体情况」") && reused.finding.message.contains("「示例县甲局」2024 年度报告"))
            #expect(reused.reuse!.share > 0.9)

            // The dashboard's summary counts what the full view lists; a unit's own read lists the same findings.
            try await Self.expectSameCounts(office, year: 2024, actor: actor)

            // The JSON the CLI prints.
            let status = JSONWriter.string(view.statusJSON, style: .compact)
            #expect(status.contains(#""name":"示例县乙局","creditCode":null,"level":"department","status":"late","deadline":"2025-01-31","publishedOn":"2025-02-10""#))

            // The pages read before a review (and remembered) show it after: the summary's count and the trend's
            // copied reports; the tables, which do not show reviews, stay as they were.
            func dingWarnings() async throws -> Int {
                try await office.oversightSummary(year: 2024, by: actor).units.first { $0.unit.unit.name == "示例县丁局" }!.count(.warning)
            }
            let warningsBefore = try await dingWarnings()
            let copiedBefore = try await office.oversightTrend(years: 2024...2024, by: actor)[0].reused
            let tablesBefore = try await office.oversightTables(year: 2024, by: actor).rollups.map(\.reports)
            #expect(warningsBefore >= 1 && copiedBefore == 1)

            // The same file again is one report; 乙's corrected re-publication is a second version; a dismissed
            // finding stays dismissed after it.
            try await office.review(finding: reused.key, unit: view.units.first { $0.unit.unit.name == "示例县丁局" }!.unit.no, year: 2024,
                                    status: .dismissed, reason: "经核实为联合发文，文字相同属正常", by: actor)
            #expect(try await dingWarnings() == warningsBefore - 1)
            #expect(try await office.oversightTrend(years: 2024...2024, by: actor)[0].reused == 0)
            #expect(try await office.oversightTables(year: 2024, by: actor).rollups.map(\.reports) == tablesBefore)
            var corrected = yi
            corrected.publishedOn = CivilDate(iso: "2025-02-12")
            corrected.sections![5].text += "经复核，更正了发布日期。"
            let again = try await office.collect([("甲.txt", Self.file(jia)), ("乙-更正.txt", Self.file(corrected))], by: actor)
            #expect(again.duplicates == ["甲.txt"] && again.added == ["乙-更正.txt"])
            let after = try await office.oversight(year: 2024, by: actor)
            let yiNow = after.units.first { $0.unit.unit.name == "示例县乙局" }!
            #expect(yiNow.versions == 2 && yiNow.publishedOn == CivilDate(iso: "2025-02-12"))
            // The two versions and what changed: the date and the sentence added; no cell.
            let versions = try await office.oversightVersions(year: 2024, unit: yiNow.unit.no, by: actor)
            #expect(versions.map(\.report.fileName) == ["乙.txt", "乙-更正.txt"])
            let change = try #require(versions[1].diff)
            #expect(versions[0].diff == nil && change.cells.isEmpty)
            #expect(change.publishedOn?.new == CivilDate(iso: "2025-02-12"))
            #expect(change.sections.count == 1 && change.sections[0].added.last == "经复核，更正了发布日期。")
            let dingNow = after.units.first { $0.unit.unit.name == "示例县丁局" }!
            #expect(dingNow.findings.first { $0.finding.code == .textReused }?.status == .dismissed)
            #expect(dingNow.count(.warning) == 0)
            try await Self.expectSameCounts(office, year: 2024, actor: actor)  // the dismissal counted alike

            // The roster learns 外县某局: its waiting report is its now.
            _ = try await office.importRoster([RosterUnit(name: "外县某局", level: .department)], file: "补充.csv", by: actor)
            let last = try await office.oversight(year: 2024, by: actor)
            #expect(last.unassigned.isEmpty)
            #expect(last.units.first { $0.unit.unit.name == "外县某局" }?.standing == .onTime)
            // Every original is kept as it was.
            #expect(try await store.collectedOriginal(sha256: CatalogueFiles.sha256(Self.file(wu))) == Self.file(wu))
        }
    }

    /// The three reads of a year agree: the summary's counts are the full view's, and each unit's own read has the
    /// full view's findings.
    static func expectSameCounts(_ office: Office, year: Int, actor: Actor) async throws {
        let full = try await office.oversight(year: year, by: actor)
        let summary = try await office.oversightSummary(year: year, by: actor)
        #expect(summary.units.map(\.unit.no) == full.units.map(\.unit.no))
        // The tallies stored with each report's figures are the findings counted.
        let owner = try office.agency.id
        let stored = try await office.store.findingTallies(year: year, owner: owner).filter { !$0.value.isEmpty }
        #expect(stored.mapValues(Set.init) == (try await office.store.groupedTallies(year: year, owner: owner)).mapValues(Set.init))
        for (a, b) in zip(full.units, summary.units) {
            #expect(b.findings.isEmpty)
            #expect(Set(a.tally) == Set(b.tally), "\(a.unit.unit.name)")
            #expect(a.standing == b.standing && a.versions == b.versions && a.report?.no == b.report?.no)
            let (one, _) = try await office.oversight(year: year, unit: a.unit.no, by: actor)
            #expect(one.findings.map(\.key).sorted() == a.findings.map(\.key).sorted(), "\(a.unit.unit.name)")
            #expect(one.findings.map(\.status) == one.findings.map { item in a.findings.first { $0.key == item.key }!.status })
        }
    }

    @Test("An agency of this installation under the office is on its roster, and its published report counts", arguments: [ScratchStore.sqlite])
    func platformAgency(_ database: ScratchStore) async throws {
        try await database.withStore { store in
            let office = try await Self.office(store)
            let county = try await office.firstAgency()
            let bureau = try await store.createAgency(Agency(id: 0, code: "jia", name: "示例县甲局", level: .department, parentID: county.id), by: "admin")
            let report = Self.report("示例县甲局", published: "2025-01-20", seed: 1)
            try await store.saveDraft(year: 2024, agency: bureau.id, content: report.jsonText(), by: "clerk")
            try await store.approveDraft(year: 2024, agency: bureau.id, content: report.jsonText(), by: "signer")
            _ = try await store.publish(year: 2024, agency: bureau.id, by: "clerk")
            let view = try await office.oversight(year: 2024, by: .commandLine(nil))
            #expect(view.units.map(\.unit.unit.name) == ["示例县甲局"])
            #expect(view.units[0].standing == .onTime && view.units[0].report?.fileName == "本平台发布（第 1 版）")
            #expect(try await office.roster(by: .commandLine(nil)).count == 1)  // added once
        }
    }

    @Test("Only a 督查 may oversee; a file with no report in it is named, not collected", arguments: [ScratchStore.sqlite])
    func refusals(_ database: ScratchStore) async throws {
        try await database.withStore { store in
            let office = try await Self.office(store)
            let clerk = StaffUser(username: "clerk", displayName: "经办人", passwordHash: "", grants: [Agency.firstID: [.clerk]])
            await #expect(throws: OfficeError.self) { try await office.roster(by: .staff(clerk)) }
            let result = try await office.collect([("空.txt", Array("这不是年度报告".utf8))], by: .commandLine(nil))
            #expect(result.added.isEmpty && result.unreadable.count == 1 && result.unreadable[0].file == "空.txt")
        }
    }
}
