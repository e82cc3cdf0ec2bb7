import Foundation
import GongkaiCore

/// Renders a report as HTML in the official layout: the title, the six sections, and tables 二, 三 and 四 with the
/// national format's merged cells (`rowspan`/`colspan`), header cells marked with `scope` for screen readers, null
/// cells left blank, the signature, and the findings. A print stylesheet lays it out on A4 with the fonts government
/// documents use (方正小标宋简体 for the title, 黑体 for headings, 仿宋 for the body, with fallbacks).
public enum HTMLRenderer {
    public enum Mode: Sendable {
        /// A standalone page (`<!DOCTYPE html>` … `</html>`).
        case page
        /// An `<article>` with its own scoped styles, to embed in a portal page.
        case fragment
    }

    public static func render(_ report: AnnualReport, mode: Mode = .page) -> String {
        var out: [String] = []
        out.append("<article class=\"gongkai-report\" lang=\"zh-CN\">")
        out.append("<style>\(stylesheet)</style>")
        out.append("<h1>\(escape(ReportTitle.text(of: report)))</h1>")
        for part in ReportLayout.parts(of: report) {
            out.append("<section>")
            out.append("<h2>\(escape(part.heading))</h2>")
            for paragraph in part.paragraphs { out.append("<p>\(escape(paragraph))</p>") }
            switch part.table {
            case .table2?: if let t = report.table2 { out.append(table2(t)) }
            case .table3?: if let t = report.table3 { out.append(table3(t)) }
            case .table4?: if let t = report.table4 { out.append(table4(t)) }
            case nil: break
            }
            out.append("</section>")
        }
        if report.agency != nil || report.publishedOn != nil {
            out.append("<footer class=\"signature\">")
            if let agency = report.agency { out.append("<p>\(escape(agency))</p>") }
            if let date = report.publishedOn {
                out.append("<p><time datetime=\"\(date)\">\(date.chineseDescription)</time></p>")
            }
            out.append("</footer>")
        }
        if !report.findings.isEmpty {
            out.append("<aside class=\"findings\" aria-label=\"检查结果\">")
            out.append("<h2>检查结果</h2>")
            out.append("<ul>")
            for finding in report.findings {
                out.append("<li class=\"\(finding.severity.rawValue)\"><strong>\(finding.severity.displayName)</strong> "
                    + "<code>\(escape(finding.code.rawValue))</code> \(escape(finding.message))</li>")
            }
            out.append("</ul>")
            out.append("</aside>")
        }
        out.append("</article>")
        return wrap(out.joined(separator: "\n"), title: ReportTitle.text(of: report), mode: mode)
    }

    /// An `<article>` as a fragment, or inside a standalone page with a title.
    static func wrap(_ article: String, title: String, mode: Mode) -> String {
        switch mode {
        case .fragment:
            return article + "\n"
        case .page:
            return """
                <!DOCTYPE html>
                <html lang="zh-CN">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>\(escape(title))</title>
                </head>
                <body>
                \(article)
                </body>
                </html>

                """
        }
    }

    /// Styles scoped to the report, so that the fragment can sit inside any portal page.
    static let stylesheet = """
        .gongkai-report{font-family:"仿宋_GB2312","仿宋",FangSong,STFangsong,"Noto Serif CJK SC","Source Han Serif SC",serif;\
        font-size:16pt;line-height:1.75;color:#000;max-width:52em;margin:0 auto;padding:1em}\
        .gongkai-report h1{font-family:"方正小标宋简体","方正小标宋_GBK","华文中宋",STZhongsong,"Noto Serif CJK SC",serif;\
        font-size:22pt;font-weight:normal;text-align:center;line-height:1.4;margin:0 0 1em}\
        .gongkai-report h2{font-family:"黑体",SimHei,"Noto Sans CJK SC","Source Han Sans SC",sans-serif;font-size:16pt;\
        font-weight:normal;margin:1em 0 .5em}\
        .gongkai-report p{text-indent:2em;margin:0}\
        .gongkai-report table{border-collapse:collapse;width:100%;margin:.75em 0;font-size:10.5pt;line-height:1.4;\
        font-family:"宋体",SimSun,"Noto Serif CJK SC",serif}\
        .gongkai-report th,.gongkai-report td{border:1px solid #000;padding:.25em .4em;text-align:center;\
        vertical-align:middle;font-weight:normal}\
        .gongkai-report th[scope=row]{text-align:left}\
        .gongkai-report td{font-variant-numeric:tabular-nums;white-space:nowrap}\
        .gongkai-report table{table-layout:fixed}.gongkai-report th{overflow-wrap:anywhere}\
        .gongkai-report .signature p{text-align:right;text-indent:0}\
        .gongkai-report .gk-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}\
        .gongkai-report .findings{font-size:11pt;border-top:1px solid #999;margin-top:2em}\
        .gongkai-report .findings li.error strong{color:#b00}\
        .gongkai-report .findings li.warning strong{color:#a60}\
        @media print{@page{size:A4;margin:3.7cm 2.6cm 3.5cm 2.8cm}.gongkai-report{max-width:none;padding:0}\
        .gongkai-report table{page-break-inside:auto}.gongkai-report tr{page-break-inside:avoid}\
        .gongkai-report .findings{display:none}}
        """

    static func escape(_ text: String) -> String { MarkupText.escape(text) }

    static func th(_ text: String, scope: String? = nil, rowspan: Int = 1, colspan: Int = 1) -> String {
        var attributes = ""
        if let scope { attributes += " scope=\"\(scope)\"" }
        if rowspan > 1 { attributes += " rowspan=\"\(rowspan)\"" }
        if colspan > 1 { attributes += " colspan=\"\(colspan)\"" }
        return "<th\(attributes)>\(escape(text))</th>"
    }

    static func td(_ text: String, colspan: Int = 1) -> String {
        colspan > 1 ? "<td colspan=\"\(colspan)\">\(escape(text))</td>" : "<td>\(escape(text))</td>"
    }

    /// Column widths in per cent.
    static func colgroup(_ widths: [Int]) -> String {
        "<colgroup>" + widths.map { "<col style=\"width:\($0)%\">" }.joined() + "</colgroup>"
    }

    /// How a number is written in a cell: escaped text, or what the caller makes of it (a link to the reports behind
    /// a region's sum, a mark for a lower bound); it returns HTML.
    public typealias CellMarkup = @Sendable (ReportCell, String) -> String

    /// The three tables of a report with each number through `cell` (the 督查 region page's tables), with their titles.
    public static func tables(_ report: AnnualReport, cell: @escaping CellMarkup) -> String {
        var out: [String] = []
        if let t = report.table2 { out.append("<h3>二、\(TableID.table2.title)</h3>\n" + table2(t, cell: cell)) }
        if let t = report.table3 { out.append("<h3>三、\(TableID.table3.title)</h3>\n" + table3(t, cell: cell)) }
        if let t = report.table4 { out.append("<h3>四、\(TableID.table4.title)</h3>\n" + table4(t, cell: cell)) }
        return "<div class=\"gongkai-report\"><style>\(stylesheet)</style>" + out.joined(separator: "\n") + "</div>"
    }

    static func number(_ cell: ReportCell, _ text: String, _ markup: CellMarkup?) -> String {
        "<td>" + (markup.map { $0(cell, text) } ?? escape(text)) + "</td>"
    }

    static func table2(_ table: Table2, cell markup: CellMarkup? = nil) -> String {
        var rows: [String] = []
        for block in table.format.spec.table2 {
            let spans = block.valueSpans
            rows.append("<tr>" + th(block.header, scope: "colgroup", colspan: 4) + "</tr>")
            rows.append("<tr>" + th("信息内容", scope: "col")
                + zip(block.fields, spans).map { th($0.label, scope: "col", colspan: $1) }.joined() + "</tr>")
            for row in block.rows {
                rows.append("<tr>" + th(row.label, scope: "row")
                    + zip(row.fields, spans).map { field, span in
                        let text = MarkdownRenderer.cell(table[row.key, field.key])
                        guard let markup else { return td(text, colspan: span) }
                        let html = markup(.table2(row: row.key, field: field.key), text)
                        return span > 1 ? "<td colspan=\"\(span)\">\(html)</td>" : "<td>\(html)</td>"
                    }.joined() + "</tr>")
            }
        }
        return "<table class=\"table2\">\n<caption class=\"gk-sr\">表二 \(TableID.table2.title)</caption>\n"
            + colgroup([28, 24, 24, 24]) + "\n" + rows.joined(separator: "\n") + "\n</table>"
    }

    static func table3(_ table: Table3, cell markup: CellMarkup? = nil) -> String {
        var rows: [String] = [
            "<tr>" + th(Table3Column.balanceNote, rowspan: 3, colspan: 3)
                + th(Table3Column.spanningHeader, scope: "colgroup", colspan: 7) + "</tr>",
            "<tr>" + th("自然人", scope: "col", rowspan: 2) + th(Table3Column.organisationHeader, scope: "colgroup", colspan: 5)
                + th("总计", scope: "col", rowspan: 2) + "</tr>",
            "<tr>" + Table3Column.all.filter { $0.group != nil }.map { th($0.label, scope: "col") }.joined() + "</tr>",
        ]
        for layout in table.format.spec.table3Layout {
            var labels = ""
            if case let .starts(text, rowCount)? = layout.part { labels += th(text, scope: "rowgroup", rowspan: rowCount) }
            if case let .starts(text, rowCount)? = layout.group { labels += th(text, scope: "rowgroup", rowspan: rowCount) }
            labels += th(layout.spec.label, scope: "row", colspan: layout.labelSpan)
            rows.append("<tr>" + labels + table[layout.spec.row].enumerated().map { column, value in
                number(.table3(layout.spec.row, column), MarkdownRenderer.cell(value), markup)
            }.joined() + "</tr>")
        }
        // Label columns wide enough for the longest labels; seven equal number columns wide enough for 法律服务机构.
        return "<table class=\"table3\">\n<caption class=\"gk-sr\">表三 \(TableID.table3.title)</caption>\n"
            + colgroup([9, 9, 26] + Array(repeating: 8, count: 7)) + "\n" + rows.joined(separator: "\n") + "\n</table>"
    }

    static func table4(_ table: Table4, cell markup: CellMarkup? = nil) -> String {
        let headers = Array(repeating: Table4BlockSpec.columns, count: 3).flatMap { $0 }
        return "<table class=\"table4\">\n<caption class=\"gk-sr\">表四 \(TableID.table4.title)</caption>\n"
            + "<tr>" + th("行政复议", scope: "colgroup", rowspan: 2, colspan: 5) + th("行政诉讼", scope: "colgroup", colspan: 10)
            + "</tr>\n"
            + "<tr>" + th("未经复议直接起诉", scope: "colgroup", colspan: 5) + th("复议后起诉", scope: "colgroup", colspan: 5)
            + "</tr>\n"
            + "<tr>" + headers.map { th($0, scope: "col") }.joined() + "</tr>\n"
            + "<tr>" + Table4Block.allCases.flatMap { block in
                table[block].enumerated().map { column, value in number(.table4(block, column), MarkdownRenderer.cell(value), markup) }
            }.joined() + "</tr>\n"
            + "</table>"
    }
}
