import Foundation
import GongkaiCore

extension ReportShapes {
    /// A report as Markdown converters write a Word table with merged cells: every merged cell repeated in each column
    /// and row it covers (`| 一、本年新收… | 一、本年新收… | 一、本年新收… | 3 | 0 | … |`; table 四's two header rows
    /// repeated across their spans).
    public static func spannedMarkdown(_ report: AnnualReport) -> String {
        var out: [String] = ["# \(report.agency ?? "")\(report.year.map(String.init) ?? "")年政府信息公开工作年度报告", ""]
        func pipe(_ cells: [String]) -> String { "| " + cells.joined(separator: " | ") + " |" }
        func rule(_ count: Int) -> String { pipe([String](repeating: "---", count: count)) }
        for spec in report.format.spec.sections {
            let section = report.section(spec.number)
            out += ["## " + (section?.heading ?? spec.heading), ""]
            if let text = section?.text, !text.isEmpty { out += [text, ""] }
            switch spec.number {
            case 2:
                guard let table = report.table2 else { break }
                for block in table.format.spec.table2 {
                    let spans = block.valueSpans
                    out.append(pipe([String](repeating: block.header, count: 4)))
                    out.append(rule(4))
                    var header = ["信息内容"]
                    for (field, span) in zip(block.fields, spans) { header += [String](repeating: field.label, count: span) }
                    out.append(pipe(header))
                    for row in block.rows {
                        var cells = [row.label]
                        for (field, span) in zip(row.fields, spans) {
                            cells += [String](repeating: table[row.key, field.key].map { "\($0)" } ?? "", count: span)
                        }
                        out.append(pipe(cells))
                    }
                    out.append("")
                }
            case 3:
                guard let table = report.table3 else { break }
                let note = Table3Column.balanceNote
                out.append(pipe([note, note, note] + [String](repeating: Table3Column.spanningHeader, count: 7)))
                out.append(rule(10))
                out.append(pipe([note, note, note, "自然人"] + [String](repeating: Table3Column.organisationHeader, count: 5) + ["总计"]))
                out.append(pipe([note, note, note, "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]))
                var part = "", group = ""
                for rowLayout in table.format.spec.table3Layout {
                    let label = rowLayout.spec.label
                    if case let .starts(text, _)? = rowLayout.part { part = text }
                    if case let .starts(text, _)? = rowLayout.group { group = text }
                    let labels: [String] = switch rowLayout.labelSpan {
                    case 3: [label, label, label]
                    case 2: [part, label, label]
                    default: [part, group, label]
                    }
                    out.append(pipe(labels + table[rowLayout.spec.row].map { $0.map(String.init) ?? "" }))
                }
                out.append("")
            case 4:
                guard let table = report.table4 else { break }
                let columns = Table4BlockSpec.columns
                out.append(pipe([String](repeating: "行政复议", count: 5) + [String](repeating: "行政诉讼", count: 10)))
                out.append(rule(15))
                out.append(pipe(columns + [String](repeating: "未经复议直接起诉", count: 5) + [String](repeating: "复议后起诉", count: 5)))
                out.append(pipe(columns + columns + columns))
                out.append(pipe(Table4Block.allCases.flatMap { table[$0].map { $0.map(String.init) ?? "" } }))
                out.append("")
            default: break
            }
        }
        if let agency = report.agency { out.append(agency) }
        if let date = report.publishedOn { out.append(date.chineseDescription) }
        return out.joined(separator: "\n")
    }
}
