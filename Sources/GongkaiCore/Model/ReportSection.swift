/// One of the six sections of a report, as written: its number, the heading the agency printed, and its prose.
public struct ReportSection: Sendable, Hashable {
    /// 1…6: the place of the section in the prescribed order.
    public var number: Int
    /// The heading as printed, e.g. `一、总体情况`.
    public var heading: String
    /// The section's prose (tables excluded), paragraphs separated by newlines.
    public var text: String

    public init(number: Int, heading: String, text: String) {
        self.number = number
        self.heading = heading
        self.text = text
    }
}
