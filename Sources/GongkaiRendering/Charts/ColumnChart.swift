import GongkaiCore

/// Stacked columns drawn as SVG on the server: one column per category (a year), each the sum of its series
/// (按期 / 逾期 / 未收到, or the outcomes of applications), with a legend and the total above each column. The
/// page shows the same numbers in a table beside it; tones are CSS classes, as in ``BarChart``.
public enum ColumnChart {
    public struct Series: Sendable {
        public let label: String
        /// One value per category.
        public let values: [Double]
        public let tone: String

        public init(label: String, values: [Double], tone: String) {
            self.label = label
            self.values = values
            self.tone = tone
        }
    }

    /// The `<svg>` element. `title` names the chart for screen readers.
    public static func svg(categories: [String], series: [Series], title: String, width: Int = 560) -> String {
        let legendRows = (series.count + 2) / 3
        let top = 8 + legendRows * 20
        let plot = 180
        let bottom = 24
        let height = top + 20 + plot + bottom
        let totals = categories.indices.map { k in series.reduce(0) { $0 + max(0, k < $1.values.count ? $1.values[k] : 0) } }
        let maximum = max(totals.max() ?? 0, 1)
        let left = 12
        let slot = Double(width - left * 2) / Double(max(1, categories.count))
        let columnWidth = min(56, Int(slot * 0.6))
        var out = "<svg class=\"chart columns\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-label=\"\(MarkupText.escape(title))\">"
        out += "<title>\(MarkupText.escape(title))</title>"
        // The legend, three to a row.
        for (i, s) in series.enumerated() {
            let x = left + (i % 3) * ((width - left * 2) / 3)
            let y = 8 + (i / 3) * 20
            out += "<g class=\"bar \(MarkupText.escape(s.tone))\"><rect x=\"\(x)\" y=\"\(y + 3)\" width=\"12\" height=\"12\" rx=\"2\"/>"
            out += "<text x=\"\(x + 18)\" y=\"\(y + 14)\">\(MarkupText.escape(s.label))</text></g>"
        }
        let base = top + 20 + plot
        out += "<line class=\"axis\" x1=\"\(left)\" y1=\"\(base)\" x2=\"\(width - left)\" y2=\"\(base)\" stroke=\"currentColor\" stroke-width=\"1\"/>"
        for (k, category) in categories.enumerated() {
            let center = left + Int(slot * (Double(k) + 0.5))
            let x = center - columnWidth / 2
            var y = Double(base)
            for s in series {
                let value = k < s.values.count ? max(0, s.values[k]) : 0
                guard value > 0 else { continue }
                let h = value / maximum * Double(plot)
                y -= h
                out += "<g class=\"bar \(MarkupText.escape(s.tone))\"><title>\(MarkupText.escape(category))·\(MarkupText.escape(s.label))：\(number(value))</title>"
                out += "<rect x=\"\(x)\" y=\"\(Int(y.rounded()))\" width=\"\(columnWidth)\" height=\"\(max(1, Int(h.rounded())))\"/></g>"
            }
            out += "<text class=\"value\" x=\"\(center)\" y=\"\(Int(y.rounded()) - 5)\" text-anchor=\"middle\">\(number(totals[k]))</text>"
            out += "<text x=\"\(center)\" y=\"\(base + 17)\" text-anchor=\"middle\">\(MarkupText.escape(category))</text>"
        }
        return out + "</svg>"
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
