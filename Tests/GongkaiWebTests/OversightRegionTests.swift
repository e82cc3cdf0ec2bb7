import Foundation
import GongkaiCore
import GongkaiOffice
import GongkaiParsing
import GongkaiSamples
@testable import GongkaiStore
import Testing

/// A county's region over two years: its tables added up, the trend, the ranking and a unit's history read the
/// figures stored with each year's findings, and agree with the reports themselves.
@Suite("Supervision: the region over the years")
struct OversightRegionTests {
    static func report(_ agency: String, year: Int, published: String, seed: UInt64) -> AnnualReport {
        OversightShapes.report(agency, year: year, published: published, seed: seed)
    }

    @Test("Tables, the units behind a sum, the trend, the ranking and a unit's years", arguments: ScratchStore.available)
    func region(_ database: ScratchStore) async throws {
        try await database.withStore { store in
            let office = try await OversightTests.office(store)
            let actor = Actor.commandLine("督查员")
            let names = ["示例县甲局", "示例县乙局", "示例县丙局"]
            _ = try await office.importRoster(names.map { RosterUnit(name: $0, level: .department) }, file: "名册.csv", by: actor)
            // 2023: 甲 and 乙; 2024: all three, 乙 late; and a report of a stranger that is no unit's.
            let y2023 = [Self.report("示例县甲局", year: 2023, published: "2024-01-10", seed: 31),
                         Self.report("示例县乙局", year: 2023, published: "2024-01-12", seed: 32)]
            var y2024 = [Self.report("示例县甲局", year: 2024, published: "2025-01-10", seed: 41),
                         Self.report("示例县乙局", year: 2024, published: "2025-02-12", seed: 42),
                         Self.report("示例县丙局", year: 2024, published: "2025-01-20", seed: 43)]
            // 丙's table 二 规章 row not printed: the region's sum of it is a lower bound, and 丙 is named behind it.
            y2024[2].table2!["rules", "issued"] = nil
            let stranger = Self.report("外县某局", year: 2024, published: "2025-01-05", seed: 44)
            let files = (y2023 + y2024 + [stranger]).enumerated().map { k, report in ("\(k).txt", OversightTests.file(report)) }
            _ = try await office.collect(files, by: actor)
            // What the reader read is what is added up (a glued or cell-per-line layout may leave cells null).
            let read = y2024.map { try! ReportReader.read(bytes: OversightTests.file($0)) }

            let tables = try await office.oversightTables(year: 2024, by: actor)
            #expect(tables.rollups.count == 1 && tables.rollups[0].reports == 3)  // the stranger is no unit's
            let rollup = tables.rollups[0]
            for cell in [ReportCell.table3(.received, 6), .table3(.granted, 0), .table4(.reconsideration, 4)] {
                #expect(rollup.sum(cell) == read.reduce(Decimal(0)) { $0 + ($1.value(cell) ?? 0) }, "\(cell.key)")
            }
            for cell in ReportCell.all(.y2021) {
                #expect(rollup.unknown(cell) == read.filter { $0.value(cell) == nil }.count, "\(cell.key)")
            }
            #expect(read[2].value(.table2(row: "rules", field: "issued")) == nil)
            #expect(rollup.unknown(.table2(row: "rules", field: "issued")) >= 1)

            let (cell, _, behind) = try await office.oversightCell(year: 2024, key: "table2.rules.issued", by: actor)
            #expect(cell == .table2(row: "rules", field: "issued"))
            #expect(behind.last?.unit.unit.name == "示例县丙局" && behind.last?.value == nil)  // not given: last
            let values = behind.compactMap(\.value)
            #expect(values == values.sorted(by: >))  // the largest first
            #expect(values.allSatisfy { $0 != 0 })  // zeros are not listed
            await #expect(throws: OfficeError.self) { try await office.oversightCell(year: 2024, key: "table9.x", by: actor) }

            let trend = try await office.oversightTrend(years: 2022...2024, by: actor)
            #expect(trend.map(\.year) == [2022, 2023, 2024])
            #expect(trend.map(\.reports) == [0, 2, 3])
            #expect(trend[2].late == 1 && trend[2].onTime == 2 && trend[2].notReceived == 0)
            #expect(trend[1].notReceived == 1)  // 丙 sent no 2023 report
            #expect(trend[2].sums.received == read.compactMap { ReportFigures($0).received }.reduce(0, +))

            // Ranked only with enough applications; the highest 公开率 first.
            let (ranked, fewer) = try await office.oversightRanking(year: 2024, minimum: 1, by: actor)
            #expect(ranked.count + fewer == 3)
            let shares = ranked.map { $0.figures.grantedShare ?? -1 }
            #expect(shares == shares.sorted(by: >))
            let (none, all) = try await office.oversightRanking(year: 2024, minimum: 1_000_000, by: actor)
            #expect(none.isEmpty && all == 3)

            let units = try await office.roster(by: actor)
            let jia = units.first { $0.unit.name == "示例县甲局" }!
            let history = try await office.unitTrend(unit: jia.no, years: 2020...2024, by: actor)
            #expect(history.map(\.year) == [2023, 2024])
            #expect(history.map(\.late) == [false, false])

            // The stranger joins the roster: its report is a unit's now, and counts.
            _ = try await office.importRoster([RosterUnit(name: "外县某局", level: .department)], file: "补充.csv", by: actor)
            #expect(try await office.oversightTables(year: 2024, by: actor).rollups[0].reports == 4)
        }
    }
}
