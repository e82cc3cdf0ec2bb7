import Foundation
import GongkaiCore

/// Lays a report out as text in the shapes real published reports come in (DOMAIN.md §0), so that the reader can be
/// tested against known numbers.
enum ReportShapes {
    enum Layout: CaseIterable {
        /// One table row per line, cells separated by tabs (PDF/DOCX → text).
        case tabs
        /// Each cell on its own line, tab-indented, rows separated by blank lines (DOCX → text converters).
        case cellPerLine
        /// Every cell of a table glued together with no separator (crawler text).
        case glued
    }

    static func text(_ report: AnnualReport, layout: Layout, cutTable3AfterRows: Int? = nil) -> String {
        var out: [String] = []
        out.append(report.agency ?? "")
        out.append("\(report.year.map(String.init) ?? "")年政府信息公开工作年度报告")
        out.append("")
        for spec in report.format.spec.sections {
            let section = report.section(spec.number)
            out.append(section?.heading ?? spec.heading)
            if let text = section?.text { out.append(text) }
            switch spec.number {
            case 2: if let t = report.table2 { out += table2(t, layout) }
            case 3:
                if let t = report.table3 {
                    let lines = table3(t, layout, cutAfter: cutTable3AfterRows)
                    out += lines
                    if cutTable3AfterRows != nil { return out.joined(separator: "\n") }
                }
            case 4: if let t = report.table4 { out += table4(t, layout) }
            default: break
            }
        }
        if let agency = report.agency { out.append(agency) }
        if let date = report.publishedOn { out.append(date.chineseDescription) }
        return out.joined(separator: "\n")
    }

    static func cell(_ v: Int?) -> String { v.map(String.init) ?? "" }
    static func cell(_ v: Decimal?) -> String { v.map { "\($0)" } ?? "" }

    /// Lines for one table row made of label cells and value cells.
    static func row(_ labels: [String], _ values: [String], _ layout: Layout) -> [String] {
        switch layout {
        case .tabs: return [(labels + values).joined(separator: "\t")]
        case .cellPerLine: return (labels + values).map { "\t" + $0 } + [""]
        case .glued: return [(labels + values).joined()]
        }
    }

    static func table2(_ table: Table2, _ layout: Layout) -> [String] {
        var out: [String] = []
        for block in table.format.spec.table2 {
            out += row([block.header], [], layout)
            out += row(["信息内容"] + block.fields.map(\.label), [], layout)
            for r in block.rows {
                out += row([r.label], r.fields.map { cell(table[r.key, $0.key]) }, layout)
            }
        }
        return layout == .glued ? [out.joined()] : out
    }

    static func table3(_ table: Table3, _ layout: Layout, cutAfter: Int? = nil) -> [String] {
        var out: [String] = []
        out += row([Table3Column.balanceNote, Table3Column.spanningHeader], [], layout)
        out += row(["", "自然人", Table3Column.organisationHeader, "总计"], [], layout)
        out += row(["", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""], [], layout)
        var lastGroup: String?
        var lastPart: String?
        for (i, spec) in table.format.spec.table3Rows.enumerated() {
            if let cut = cutAfter, i >= cut { break }
            var labels: [String] = []
            if let part = spec.part {
                labels.append(part == lastPart ? "" : part)
                if let group = spec.group { labels.append(group == lastGroup ? "" : group) }
            }
            labels.append(spec.label)
            lastPart = spec.part
            lastGroup = spec.group
            out += row(layout == .glued ? labels.filter { !$0.isEmpty } : labels, table[spec.row].map(cell), layout)
        }
        return layout == .glued ? [out.joined()] : out
    }

    static func table4(_ table: Table4, _ layout: Layout) -> [String] {
        var out: [String] = []
        out += row(["行政复议", "行政诉讼"], [], layout)
        out += row(["", "未经复议直接起诉", "复议后起诉"], [], layout)
        out += row(Array(repeating: Table4BlockSpec.columns, count: 3).flatMap { $0 }, [], layout)
        out += row([], Table4Block.allCases.flatMap { table[$0].map(cell) }, layout)
        return layout == .glued ? [out.joined()] : out
    }
}
