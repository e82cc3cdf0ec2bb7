import Foundation

/// Many reports' tables added up: a region's table 二, 三 and 四 for a year, one format at a time, with, for each
/// cell, how many reports leave it null (not read, or undecidable from the source). A sum over reports that do not
/// all give a cell is a lower bound, and is shown as one.
public struct Rollup: Sendable {
    public let format: ReportFormat
    public let year: Int
    /// How many reports were added.
    public private(set) var reports = 0
    /// Whole numbers are added as integers; the few fractional ones (a fee in 万元) as decimals.
    private var integers: [Int]
    private var fractions: [Decimal]
    private var nulls: [Int]

    public init(format: ReportFormat, year: Int) {
        self.format = format
        self.year = year
        let count = ReportCell.all(format).count
        integers = Array(repeating: 0, count: count)
        fractions = Array(repeating: 0, count: count)
        nulls = Array(repeating: 0, count: count)
    }

    public mutating func add(_ report: AnnualReport) {
        precondition(report.format == format, "a rollup adds reports of one format")
        for (k, cell) in ReportCell.all(format).enumerated() {
            guard let value = report.value(cell) else { nulls[k] += 1; continue }
            if let int = Int(exactly: NSDecimalNumber(decimal: value).doubleValue), Decimal(int) == value {
                integers[k] += int
            } else {
                fractions[k] += value
            }
        }
        reports += 1
    }

    /// Adds a report of the format as ``ReportCell/encode(_:)`` wrote it (a row whose cells do not match the
    /// format's count is refused: it was written for another list).
    @discardableResult
    public mutating func add(encoded text: Substring) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.reduce(1, { $1 == Self.comma ? $0 + 1 : $0 }) == integers.count else { return false }
            Self.forEachField(bytes) { k, field in
                if field.isEmpty {
                    nulls[k] += 1
                } else if let int = Self.integer(field) {
                    integers[k] += int
                } else if let decimal = Self.decimal(field) {
                    fractions[k] += decimal
                }
                return true
            }
            reports += 1
            return true
        }
    }

    static let comma = UInt8(ascii: ",")

    /// Calls `body` with each comma-separated field of `bytes` and its position, until it returns false.
    static func forEachField(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (Int, UnsafeBufferPointer<UInt8>) -> Bool) {
        var start = 0, k = 0
        for i in 0...bytes.count where i == bytes.count || bytes[i] == comma {
            guard body(k, UnsafeBufferPointer(rebasing: bytes[start..<i])) else { return }
            k += 1
            start = i + 1
        }
    }

    /// A field of ASCII digits (an optional minus) as an integer; nil for anything else (a decimal).
    static func integer(_ field: UnsafeBufferPointer<UInt8>) -> Int? {
        var value = 0
        var negative = false
        for (i, byte) in field.enumerated() {
            if i == 0, byte == UInt8(ascii: "-") { negative = true; continue }
            guard byte >= 48, byte <= 57 else { return nil }
            value = value &* 10 &+ Int(byte - 48)
        }
        return negative ? -value : value
    }

    static func decimal(_ field: UnsafeBufferPointer<UInt8>) -> Decimal? {
        Decimal(string: String(decoding: field, as: UTF8.self), locale: Locale(identifier: "en_US_POSIX"))
    }

    /// The sum of a cell (over the reports that give it).
    public func sum(_ cell: ReportCell) -> Decimal? {
        ReportCell.index(format)[cell.key].map { Decimal(integers[$0]) + fractions[$0] }
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
            case let .table2(row, field): t2[row, field] = Decimal(integers[k]) + fractions[k]
            case let .table3(row, column): t3[row, column] = integers[k]
            case let .table4(block, column): t4[block, column] = integers[k]
            }
        }
        report.table2 = t2
        report.table3 = t3
        report.table4 = t4
        return report
    }
}

extension ReportCell {
    /// A report's cells as stored for supervision: every cell of its format in ``all(_:)`` order, comma-separated,
    /// empty for a null cell (`12,0,,3,…`). The lists are the national formats' and only ever grow by a new format.
    public static func encode(_ report: AnnualReport) -> String {
        report.cells.map { $0.value.map { "\($0)" } ?? "" }.joined(separator: ",")
    }

    /// The value of one cell in what ``encode(_:)`` wrote for a report of `format`: `.some(nil)` for a null cell, nil
    /// when the format has no such cell (or the text is not such a row).
    public static func value(of cell: ReportCell, format: ReportFormat, in text: String) -> Decimal?? {
        guard let wanted = index(format)[cell.key] else { return nil }
        var text = text
        return text.withUTF8 { bytes in
            var result: Decimal??
            Rollup.forEachField(bytes) { k, field in
                guard k == wanted else { return true }
                result = field.isEmpty ? .some(nil) : .some(Rollup.integer(field).map { Decimal($0) } ?? Rollup.decimal(field))
                return false
            }
            return result
        }
    }

    /// Cell positions by key, for a format.
    static func index(_ format: ReportFormat) -> [String: Int] {
        format == .y2021 ? index2021 : index2019
    }

    private static let index2021 = Dictionary(uniqueKeysWithValues: all(.y2021).enumerated().map { ($1.key, $0) })
    private static let index2019 = Dictionary(uniqueKeysWithValues: all(.y2019).enumerated().map { ($1.key, $0) })
}
