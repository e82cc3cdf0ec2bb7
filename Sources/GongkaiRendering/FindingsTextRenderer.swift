import GongkaiCore

/// Renders findings for a terminal: one finding a line, severity, code and place in aligned columns (Chinese
/// characters counted as two columns), the message last, and a closing count.
public enum FindingsTextRenderer {
    public static func render(_ findings: [Finding], title: String) -> String {
        var lines = [title]
        if findings.isEmpty {
            lines.append("未发现问题。")
            return lines.joined(separator: "\n") + "\n"
        }
        let rows = findings.map { f in
            [f.severity.displayName, f.code.label, f.code.rawValue, LocationText.describe(f.location), f.message]
        }
        let header = ["级别", "问题", "代码", "位置", "说明"]
        let widths = (0..<4).map { i in ([header[i]] + rows.map { $0[i] }).map(DisplayWidth.of).max() ?? 0 }
        func line(_ cells: [String]) -> String {
            (0..<4).map { DisplayWidth.padded(cells[$0], to: widths[$0]) }.joined(separator: "  ") + "  " + cells[4]
        }
        lines.append(line(header))
        lines.append(contentsOf: rows.map(line))
        let counts = Severity.allCases.map { s in "\(s.displayName) \(findings.filter { $0.severity == s }.count)" }
        lines.append("共 \(findings.count) 项：" + counts.joined(separator: "，"))
        return lines.joined(separator: "\n") + "\n"
    }
}
