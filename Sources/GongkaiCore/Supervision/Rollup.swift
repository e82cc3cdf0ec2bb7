import Foundation

/// Many reports' tables added up: a region's table 二, 三 and 四 for a year, one format at a time, with, for each
/// cell, how many reports leave it null (not read, or undecidable from the source). A sum over reports that do not
/// all give a cell is a lower bound, and is shown as one.
public struct Rollup: Sendable {
    public let format: ReportFormat
    public let year: Int
    /// How many reports were added.
    public private(set) var reports = 0
    private var sums: [Decimal]
    private var nulls: [Int]

    public init(format: ReportFormat, year: Int) {
        self.format = format
        self.year = year
        let count = ReportCell.all(format).count
        sums = Array(repeating: 0, count: count)
        nulls = Array(repeating: 0, count: count)
    }

    public mutating func add(_ report: AnnualReport) {
        precondition(report.format == format, "a rollup adds reports of one format")
        for (k, cell) in ReportCell.all(format).enumerated() {
            if let value = report.value(cell) { sums[k] += value } else { nulls[k] += 1 }
        }
        reports += 1
    }

    /// Adds a report's cells as ``ReportCell/encode(_:)`` wrote them.
    public mutating func add(encoded text: Substring) {
        let index = ReportCell.index(format)
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "="), let k = index[String(line[..<equals])] else { continue }
            let value = line[line.index(after: equals)...]
            if value.isEmpty {
                nulls[k] += 1
            } else if let int = Int(value) {
                sums[k] += Decimal(int)
            } else if let decimal = Decimal(string: String(value), locale: Locale(identifier: "en_US_POSIX")) {
                sums[k] += decimal
            }
        }
        reports += 1
    }

    /// The sum of a cell (over the reports that give it).
    public func sum(_ cell: ReportCell) -> Decimal? {
        ReportCell.index(format)[cell.key].map { sums[$0] }
    }

    /// How many of the reports leave the cell null.
    public func unknown(_ cell: ReportCell) -> Int {
        ReportCell.index(format)[cell.key].map { nulls[$0] } ?? 0
    }

    /// The sums as a report of the format with its three tables (a cell no report gives stays null).
    public var tables: AnnualReport {
        var report = AnnualReport(format: format, year: year)
        var t2 = Table2(format: format), t3 = Table3(format: format), t4 = Table4()
        for (k, cell) in ReportCell.all(format).enumerated() where nulls[k] < reports {
            switch cell {
            case let .table2(row, field): t2[row, field] = sums[k]
            case let .table3(row, column): t3[row, column] = NSDecimalNumber(decimal: sums[k]).intValue
            case let .table4(block, column): t4[block, column] = NSDecimalNumber(decimal: sums[k]).intValue
            }
        }
        report.table2 = t2
        report.table3 = t3
        report.table4 = t4
        return report
    }
}

extension ReportCell {
    /// A report's cells as stored for supervision: one `key=value` line per cell that is not zero, `key=` for a null
    /// cell; a cell not written is zero.
    public static func encode(_ report: AnnualReport) -> String {
        var lines: [String] = []
        for (cell, value) in report.cells where value != 0 {
            lines.append(cell.key + "=" + (value.map { "\($0)" } ?? ""))
        }
        return lines.joined(separator: "\n")
    }

    /// The value of one cell in what ``encode(_:)`` wrote: `.some(nil)` for a null cell, nil when the text does not
    /// name it (zero).
    public static func value(of key: String, in text: String) -> Decimal?? {
        for line in text.split(separator: "\n") where line.hasPrefix(key + "=") {
            let value = line.dropFirst(key.count + 1)
            return value.isEmpty ? .some(nil) : Decimal(string: String(value), locale: Locale(identifier: "en_US_POSIX"))
        }
        return nil
    }

    /// Cell positions by key, for a format.
    static func index(_ format: ReportFormat) -> [String: Int] {
        format == .y2021 ? index2021 : index2019
    }

    private static let index2021 = Dictionary(uniqueKeysWithValues: all(.y2021).enumerated().map { ($1.key, $0) })
    private static let index2019 = Dictionary(uniqueKeysWithValues: all(.y2019).enumerated().map { ($1.key, $0) })
}
