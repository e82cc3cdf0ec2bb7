import Testing

@testable import GongkaiCore

@Suite("Properties over thousands of random reports")
struct PropertyTests {
    static let reportsPerFormat = 3000

    @Test("Random consistent reports (zero, small and large numbers) give no finding at all",
          arguments: ReportFormat.allCases)
    func consistentReportsPass(format: ReportFormat) {
        var rng = SeededGenerator(seed: format == .y2019 ? 19 : 21)
        let generator = ReportGenerator()
        for i in 0..<Self.reportsPerFormat {
            let report = generator.report(format: format, scale: ReportGenerator.Scale.allCases[i % 3], using: &rng)
            let findings = ReportChecker.check(report)
            #expect(findings.isEmpty, "report #\(i): \(findings.map(\.message))")
            if !findings.isEmpty { return }
        }
    }

    @Test("Changing any single cell of table 三 or 四 is always caught, at that row and that column",
          arguments: ReportFormat.allCases)
    func singleCellChangeIsCaught(format: ReportFormat) {
        var rng = SeededGenerator(seed: format == .y2019 ? 1919 : 2121)
        let generator = ReportGenerator()
        for i in 0..<Self.reportsPerFormat {
            var report = generator.report(format: format, scale: ReportGenerator.Scale.allCases[i % 3], using: &rng)
            var delta = Int.random(in: -5...5, using: &rng)
            if delta == 0 { delta = 1 }
            if Bool.random(using: &rng) {
                // Table 三: the row total breaks, and so does the column rule the row takes part in.
                let spec = format.spec.table3Rows.randomElement(using: &rng)!
                let column = Int.random(in: 0..<Table3.columnCount, using: &rng)
                report.table3![spec.row, column]! += delta
                let errors = ReportChecker.check(report).errors
                let caughtInRow = errors.contains {
                    $0.code == .t3RowTotal && $0.location.row == spec.key
                }
                let columnCodes: Set<FindingCode> = switch spec.role {
                case .intake, .carriedForward: [.t3Balance]
                case .outcome: [.t3OutcomeTotal]
                case .total: [.t3OutcomeTotal, .t3Balance]
                }
                let caughtInColumn = columnCodes.allSatisfy { code in
                    errors.contains { $0.code == code && $0.location.column == .index(column) }
                }
                #expect(caughtInRow && caughtInColumn, "report #\(i): \(spec.key)[\(column)] \(delta): \(errors.map(\.message))")
                if !(caughtInRow && caughtInColumn) { return }
            } else {
                let block = Table4Block.allCases.randomElement(using: &rng)!
                let column = Int.random(in: 0..<Table4.columnCount, using: &rng)
                report.table4![block, column]! += delta
                let errors = ReportChecker.check(report).errors
                let caught = errors.contains { $0.code == .t4Total && $0.location.row == block.key }
                #expect(caught, "report #\(i): \(block.key)[\(column)] \(delta): \(errors.map(\.message))")
                if !caught { return }
            }
        }
    }

    @Test("A negative count anywhere in table 三 or 四 is caught at its cell")
    func negativeCountIsCaught() {
        var rng = SeededGenerator(seed: 99)
        for i in 0..<500 {
            var report = ReportGenerator().report(format: .y2021, scale: .small, using: &rng)
            let row = report.table3!.rowKeys.randomElement(using: &rng)!
            let column = Int.random(in: 0..<7, using: &rng)
            report.table3![row, column] = -Int.random(in: 1...9, using: &rng)
            let caught = ReportChecker.check(report).contains {
                $0.code == .negativeCount && $0.location == Location(table: .table3, row: row.key, column: .index(column))
            }
            #expect(caught, "report #\(i)")
            if !caught { return }
        }
    }
}
