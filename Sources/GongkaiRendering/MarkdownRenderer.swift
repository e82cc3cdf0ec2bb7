import Foundation
import GongkaiCore

/// Renders a report as Markdown: the title, the six sections in order with tables 二, 三 and 四 in their sections,
/// null cells left blank, and the findings listed at the end.
public enum MarkdownRenderer {
    public static func render(_ report: AnnualReport) -> String {
        var out: [String] = ["# \(ReportTitle.text(of: report))", ""]
        for part in ReportLayout.parts(of: report) {
            out.append("## \(part.heading)")
            out.append("")
            for paragraph in part.paragraphs {
                out.append(escape(paragraph.trimmingCharacters(in: .whitespaces)))
                out.append("")
            }
            switch part.table {
            case .table2?: if let t = report.table2 { out.append(contentsOf: table2(t)) }
            case .table3?: if let t = report.table3 { out.append(contentsOf: table3(t)) }
            case .table4?: if let t = report.table4 { out.append(contentsOf: table4(t)) }
            case nil: break
            }
        }
        if report.agency != nil || report.publishedOn != nil {
            if let agency = report.agency { out.append(agency); out.append("") }
            if let date = report.publishedOn { out.append(date.chineseDescription); out.append("") }
        }
        if !report.findings.isEmpty {
            out.append("## 检查结果")
            out.append("")
            for finding in report.findings {
                out.append("- \(finding.severity.displayName) `\(finding.code)`：\(escape(finding.message))")
            }
            out.append("")
        }
        return out.joined(separator: "\n")
    }

    /// Escapes the characters that would start Markdown syntax inside prose or a table cell.
    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            if "|*_`\\<[]#".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }

    private static func row(_ cells: [String]) -> String {
        "| " + cells.map { $0.isEmpty ? " " : escape($0) }.joined(separator: " | ") + " |"
    }

    private static func separator(labels: Int, numbers: Int) -> String {
        "|" + String(repeating: " --- |", count: labels) + String(repeating: " ---: |", count: numbers)
    }

    static func cell(_ value: Int?) -> String { value.map(String.init) ?? "" }
    static func cell(_ value: Decimal?) -> String { value.map { "\($0)" } ?? "" }

    static func table2(_ table: Table2) -> [String] {
        var out: [String] = []
        for block in table.format.spec.table2 {
            out.append("**\(block.header)**")
            out.append("")
            out.append(row(["信息内容"] + block.fields.map(\.label)))
            out.append(separator(labels: 1, numbers: block.fields.count))
            for r in block.rows {
                out.append(row([r.label] + r.fields.map { cell(table[r.key, $0.key]) }))
            }
            out.append("")
        }
        return out
    }

    static func table3(_ table: Table3) -> [String] {
        var out: [String] = []
        // Markdown has one header row: the spanning headers go into the column labels.
        out.append(row([Table3Column.balanceNote, "", ""] + Table3Column.all.map { column in
            column.group.map { "\($0)：\(column.label)" } ?? column.label
        }))
        out.append(separator(labels: 3, numbers: Table3.columnCount))
        for layout in table.format.spec.table3Layout {
            // A merged cell's label stands on its first row only, as in the official table.
            var labels = ["", "", ""]
            if case let .starts(text, _)? = layout.part { labels[0] = text }
            if case let .starts(text, _)? = layout.group { labels[1] = text }
            labels[3 - layout.labelSpan] = layout.spec.label
            out.append(row(labels + table[layout.spec.row].map(cell)))
        }
        out.append("")
        return out
    }

    static func table4(_ table: Table4) -> [String] {
        var out: [String] = []
        out.append(row(["类别"] + Table4BlockSpec.columns))
        out.append(separator(labels: 1, numbers: Table4.columnCount))
        for spec in Table4BlockSpec.all {
            out.append(row([spec.shortName] + table[spec.block].map(cell)))
        }
        out.append("")
        return out
    }
}

/// The title of a report: `宁海县卫生健康局2021年政府信息公开工作年度报告`.
public enum ReportTitle {
    public static func text(of report: AnnualReport) -> String {
        (report.agency ?? "") + (report.year.map { "\($0)年" } ?? "") + "政府信息公开工作年度报告"
    }
}
