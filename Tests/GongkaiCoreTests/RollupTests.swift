import Foundation
import Testing

@testable import GongkaiCore

@Suite("Supervision: a region's tables added up")
struct RollupTests {
    static func reports(_ count: Int, format: ReportFormat, seed: UInt64) -> [AnnualReport] {
        var rng = SeededGenerator(seed: seed)
        return (0..<count).map { _ in ReportGenerator().report(format: format, scale: .small, using: &rng) }
    }

    @Test("Every cell's sum is the sum of the reports, whether added whole or as stored", arguments: [ReportFormat.y2021, .y2019])
    func sums(_ format: ReportFormat) {
        var reports = Self.reports(40, format: format, seed: 7)
        // Some cells not read: the sum is over the reports that give them, and the rest are counted.
        reports[3].table3![.granted, 6] = nil
        reports[9].table3![.granted, 6] = nil
        reports[5].table4![.reconsideration, 1] = nil
        var whole = Rollup(format: format, year: 2024)
        var stored = Rollup(format: format, year: 2024)
        for report in reports {
            whole.add(report)
            stored.add(encoded: ReportCell.encode(report)[...])
        }
        #expect(whole.reports == 40 && stored.reports == 40)
        for cell in ReportCell.all(format) {
            let expected = reports.reduce(Decimal(0)) { $0 + ($1.value(cell) ?? 0) }
            #expect(whole.sum(cell) == expected, "\(cell.key)")
            #expect(stored.sum(cell) == expected, "\(cell.key)")
            #expect(whole.unknown(cell) == stored.unknown(cell), "\(cell.key)")
        }
        #expect(stored.unknown(.table3(.granted, 6)) == 2 && stored.unknown(.table4(.reconsideration, 1)) == 1)
        // The sums as a report of the format, with its three tables.
        let tables = stored.tables
        #expect(tables.format == format)
        #expect(tables.table3![.received, 6] == reports.reduce(0) { $0 + $1.table3![.received, 6]! })
    }

    @Test("A stored cell is found again by its key; zero and null are told apart")
    func storedCells() {
        var report = Self.reports(1, format: .y2021, seed: 3)[0]
        report.table3![.received, 0] = 0
        report.table3![.received, 1] = nil
        report.table3![.received, 2] = 17
        report.table2!["fees", "amount"] = Decimal(string: "12.5")
        let text = ReportCell.encode(report)
        #expect(ReportCell.value(of: .table3(.received, 0), format: .y2021, in: text) == .some(0))
        #expect(ReportCell.value(of: .table3(.received, 1), format: .y2021, in: text) == .some(nil))  // null
        #expect(ReportCell.value(of: .table3(.received, 2), format: .y2021, in: text) == .some(17))
        #expect(ReportCell.value(of: .table2(row: "fees", field: "amount"), format: .y2021, in: text) == .some(Decimal(string: "12.5")))
        #expect(ReportCell.value(of: .table3(.otherHandling, 0), format: .y2021, in: text) == nil)  // not a 2021 cell
        var one = Rollup(format: .y2021, year: 2024)
        let added = one.add(encoded: text[...])
        let refused = one.add(encoded: "1,2,3")  // not a row of this format
        #expect(added && !refused)
        #expect(one.reports == 1 && one.sum(.table2(row: "fees", field: "amount")) == Decimal(string: "12.5"))
        // Keys are the contract's and read back to the same cell.
        for cell in ReportCell.all(.y2021) + ReportCell.all(.y2019) {
            #expect(ReportCell(key: cell.key) == cell)
        }
        #expect(ReportCell(key: "table3.nothing[0]") == nil)
        #expect(ReportCell.table3(.granted, 6).label(.y2021) == "表三 予以公开 · 总计")
    }

    @Test("A report's figures add up its table 三 groups; a group with a null row is unknown")
    func figures() {
        var report = Self.reports(1, format: .y2021, seed: 11)[0]
        let t3 = report.table3!
        let figures = ReportFigures(report)
        #expect(figures.received == t3[.received, 6])
        #expect(figures.withheld == [Table3Row.withheldStateSecret, .withheldProhibitedByLaw, .withheldSecurityStability, .withheldThirdPartyRights,
                                     .withheldInternalAffairs, .withheldProcessInformation, .withheldEnforcementFile, .withheldAdministrativeQuery]
            .reduce(0) { $0 + t3[$1, 6]! })
        #expect(figures.otherHandling == t3[.otherHandlingNoCorrection, 6]! + t3[.otherHandlingFeeUnpaid, 6]! + t3[.otherHandlingOther, 6]!)
        #expect(ReportFigures(values: figures.values) == figures)
        report.table3![.withheldEnforcementFile, 6] = nil
        #expect(ReportFigures(report).withheld == nil)
        #expect(ReportFigures(report).received == figures.received)
    }
}

@Suite("Supervision: what changed between two versions of a report")
struct ReportDiffTests {
    @Test("Cells by key, sentences taken out and put in, the date; no change is no change")
    func diff() {
        var rng = SeededGenerator(seed: 5)
        var old = ReportGenerator().report(format: .y2021, scale: .small, using: &rng)
        old.publishedOn = CivilDate(iso: "2025-01-20")
        old.sections = [ReportSection(number: 1, heading: "一、总体情况", text: "甲句。乙句。丙句。"),
                        ReportSection(number: 2, heading: "二、主动公开政府信息情况", text: "见下表。")]
        #expect(ReportDiff(from: old, to: old).isEmpty)
        var new = old
        new.publishedOn = CivilDate(iso: "2025-02-12")
        new.table3![.received, 0] = (old.table3![.received, 0] ?? 0) + 2
        new.table2!["rules", "issued"] = nil
        new.sections![0].text = "甲句。丙句。丁句。"
        let diff = ReportDiff(from: old, to: new)
        #expect(!diff.isEmpty && !diff.formatChanged)
        #expect(diff.publishedOn?.old == CivilDate(iso: "2025-01-20") && diff.publishedOn?.new == CivilDate(iso: "2025-02-12"))
        #expect(diff.cells.map(\.cell.key) == ["table2.rules.issued", "table3.received[0]"])
        #expect(diff.cells[0].new == nil && diff.cells[1].new == diff.cells[1].old.map { $0 + 2 })
        #expect(diff.sections == [ReportDiff.SectionChange(number: 1, heading: "一、总体情况", removed: ["乙句。"], added: ["丁句。"])])
        // A sentence moved is taken out and put in; a section dropped is all taken out.
        var moved = old
        moved.sections = [ReportSection(number: 1, heading: "一、总体情况", text: "乙句。甲句。丙句。")]
        let m = ReportDiff(from: old, to: moved)
        #expect(m.sections.count == 2 && m.sections[0].removed.count == 1 && m.sections[0].added.count == 1)
        #expect(m.sections[1].removed == ["见下表。"] && m.sections[1].added.isEmpty)
    }
}
