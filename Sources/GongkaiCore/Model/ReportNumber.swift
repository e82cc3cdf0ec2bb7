import Foundation

/// The bounds of a number in a report: what the JSON contract reads back, so also what any form may store. A count
/// or amount of a trillion or more is no real agency's, and a fee (万元) has at most four decimals.
public enum ReportNumber {
    public static let limit = Decimal(1_000_000_000_000)
    public static let maxFractionDigits = 4

    public static func inRange(_ value: Decimal) -> Bool { value.isFinite && value.magnitude < limit }

    /// Whether the value has no more than `maxFractionDigits` decimals.
    public static func hasAllowedPrecision(_ value: Decimal) -> Bool {
        var copy = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &copy, maxFractionDigits, .plain)
        return rounded == value
    }
}
