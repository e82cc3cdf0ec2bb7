import GongkaiCore

/// A horizontal bar chart drawn as SVG on the server: one bar per item with its label and number, sized to the
/// largest, in colours that stay apart when printed in grey. Accessible (a title and a text equivalent per bar) and
/// printable; the page shows the same numbers in a table beside it.
public enum BarChart {
    public struct Bar: Sendable {
        public let label: String
        public let value: Double
        /// The number as shown (`12`, `85%`).
        public let text: String
        /// One of `ok`, `late`, `missing`, `pending`, `error`, `warning`, `info`, `neutral` (a CSS class, so the
        /// page's stylesheet and print styles decide the colours).
        public let tone: String

        public init(label: String, value: Double, text: String? = nil, tone: String = "neutral") {
            self.label = label
            self.value = value
            self.text = text ?? (value == value.rounded() ? String(Int(value)) : String(value))
            self.tone = tone
        }
    }

    /// The `<svg>` element. `title` names the chart for screen readers.
    public static func svg(_ bars: [Bar], title: String, width: Int = 560) -> String {
        let labelWidth = min(220, 16 + (bars.map { DisplayWidth.of($0.label) }.max() ?? 4) * 7)
        let rowHeight = 26
        let height = max(1, bars.count) * rowHeight + 8
        let maximum = max(bars.map(\.value).max() ?? 0, 1)
        // Room for the longest number written after its bar.
        let reserve = max(56, 12 + (bars.map { DisplayWidth.of($0.text) }.max() ?? 4) * 7)
        let room = Double(width - labelWidth - reserve)
        var out = "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-label=\"\(MarkupText.escape(title))\">"
        out += "<title>\(MarkupText.escape(title))</title>"
        for (i, bar) in bars.enumerated() {
            let y = 4 + i * rowHeight
            let length = bar.value <= 0 ? 0 : max(2, Int((bar.value / maximum * room).rounded()))
            out += "<g class=\"bar \(MarkupText.escape(bar.tone))\"><title>\(MarkupText.escape(bar.label))：\(MarkupText.escape(bar.text))</title>"
            out += "<text x=\"\(labelWidth - 8)\" y=\"\(y + 17)\" text-anchor=\"end\">\(MarkupText.escape(bar.label))</text>"
            out += "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(length)\" height=\"\(rowHeight - 8)\" rx=\"2\"/>"
            out += "<text class=\"value\" x=\"\(labelWidth + length + 6)\" y=\"\(y + 17)\">\(MarkupText.escape(bar.text))</text></g>"
        }
        return out + "</svg>"
    }
}
