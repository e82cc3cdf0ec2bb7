import Foundation
import GongkaiCore

/// Lays a report out as text in the shapes real published reports come in (DOMAIN.md §0), so that the reader can be
/// tested and measured against known numbers.
public enum ReportShapes {
    public enum Layout: Sendable, CaseIterable {
        /// One table row per line, cells separated by tabs (PDF/DOCX → text).
        case tabs
        /// Each cell on its own line, tab-indented, rows separated by blank lines (DOCX → text converters).
        case cellPerLine
        /// Every cell of a table glued together with no separator (crawler text).
        case glued
    }

    public static func text(_ report: AnnualReport, layout: Layout, cutTable3AfterRows: Int? = nil) -> String {
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
        for (i, rowLayout) in table.format.spec.table3Layout.enumerated() {
            if let cut = cutAfter, i >= cut { break }
            // Text exports keep an empty cell where a merged label continues, and no cell where there is no column.
            func text(_ merged: MergedLabel) -> String {
                if case let .starts(label, _) = merged { return label }
                return ""
            }
            let labels = [rowLayout.part.map(text), rowLayout.group.map(text)].compactMap { $0 } + [rowLayout.spec.label]
            out += row(layout == .glued ? labels.filter { !$0.isEmpty } : labels, table[rowLayout.spec.row].map(cell), layout)
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

extension ReportShapes {
    /// The report as a portal page: navigation, the report with the official merged cells, a footer.
    public static func html(_ report: AnnualReport, inScript: Bool = false) -> String {
        var body: [String] = []
        body.append("<h1 class=\"title\">\(report.agency ?? "")\(report.year.map(String.init) ?? "")年政府信息公开工作年度报告</h1>")
        body.append("<div class=\"meta\">发布时间：2022-01-20&nbsp;&nbsp;来源：本站</div>")
        for spec in report.format.spec.sections {
            let section = report.section(spec.number)
            body.append("<p style=\"text-indent:2em\"><strong>\(section?.heading ?? spec.heading)</strong></p>")
            for paragraph in (section?.text ?? "").split(separator: "\n") { body.append("<p>\(paragraph)</p>") }
            switch spec.number {
            case 2: if let t = report.table2 { body.append(htmlTable2(t)) }
            case 3: if let t = report.table3 { body.append(htmlTable3(t)) }
            case 4: if let t = report.table4 { body.append(htmlTable4(t)) }
            default: break
            }
        }
        if let agency = report.agency { body.append("<p style=\"text-align:right\">\(agency)</p>") }
        if let date = report.publishedOn { body.append("<p style=\"text-align:right\">\(date.chineseDescription)</p>") }
        var content = body.joined(separator: "\n")
        if inScript {
            let escaped = content.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "总体", with: "\\u603b\\u4f53")
            content = "<div id=\"app\"></div><script type=\"text/javascript\">var content = \"\(escaped)\";\n"
                + "document.getElementById('app').innerHTML = content;</script>"
        }
        return """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>年度报告</title>
            <style>td { border: 1px solid #000; }</style></head>
            <body><div class="nav"><a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 政府信息公开年报</div>
            <div class="content">
            \(content)
            </div>
            <div class="footer">版权所有：某某县人民政府办公室 &nbsp; 网站标识码：3302260001</div>
            </body></html>
            """
    }

    static func td(_ text: String, rowspan: Int = 1, colspan: Int = 1) -> String {
        let r = rowspan > 1 ? " rowspan=\"\(rowspan)\"" : ""
        let c = colspan > 1 ? " colspan=\(colspan)" : ""
        return "<td\(r)\(c)>\(text.isEmpty ? "&nbsp;" : text)</td>"
    }

    static func htmlTable2(_ table: Table2) -> String {
        var rows: [String] = []
        for block in table.format.spec.table2 {
            rows.append("<tr>" + td(block.header, colspan: 4) + "</tr>")
            let spans = block.valueSpans
            rows.append("<tr>" + td("信息内容") + zip(block.fields, spans).map { td($0.label, colspan: $1) }.joined() + "</tr>")
            for r in block.rows {
                rows.append("<tr>" + td(r.label)
                    + zip(r.fields, spans).map { td(cell(table[r.key, $0.key]), colspan: $1) }.joined() + "</tr>")
            }
        }
        return "<table border=\"1\" cellspacing=\"0\">\n" + rows.joined(separator: "\n") + "\n</table>"
    }

    static func htmlTable3(_ table: Table3) -> String {
        var rows: [String] = [
            "<tr>" + td(Table3Column.balanceNote, rowspan: 3, colspan: 3) + td(Table3Column.spanningHeader, colspan: 7) + "</tr>",
            "<tr>" + td("自然人", rowspan: 2) + td(Table3Column.organisationHeader, colspan: 5) + td("总计", rowspan: 2) + "</tr>",
            "<tr>" + ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"].map { td($0) }.joined() + "</tr>",
        ]
        for layout in table.format.spec.table3Layout {
            var labels = ""
            if case let .starts(text, rowCount)? = layout.part { labels += td(text, rowspan: rowCount) }
            if case let .starts(text, rowCount)? = layout.group { labels += td(text, rowspan: rowCount) }
            labels += td(layout.spec.label, colspan: layout.labelSpan)
            rows.append("<tr>" + labels + table[layout.spec.row].map { td(cell($0)) }.joined() + "</tr>")
        }
        return "<table border=\"1\">\n<tbody>\n" + rows.joined(separator: "\n") + "\n</tbody></table>"
    }

    static func htmlTable4(_ table: Table4) -> String {
        let headers = Array(repeating: Table4BlockSpec.columns, count: 3).flatMap { $0 }
        return "<table border=\"1\">"
            + "<tr>" + td("行政复议", rowspan: 2, colspan: 5) + td("行政诉讼", colspan: 10) + "</tr>"
            + "<tr>" + td("未经复议直接起诉", colspan: 5) + td("复议后起诉", colspan: 5) + "</tr>"
            + "<tr>" + headers.map { td($0) }.joined() + "</tr>"
            + "<tr>" + Table4Block.allCases.flatMap { table[$0].map { td(cell($0)) } }.joined() + "</tr></table>"
    }
}
