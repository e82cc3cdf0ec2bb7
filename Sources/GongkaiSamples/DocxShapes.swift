import Foundation
import GongkaiCore
import ZIPFoundation

/// Builds Word documents in code: the report's text, and its tables with the official merged cells
/// (`w:gridSpan` across columns, `w:vMerge` down rows) on a grid of real column widths, as Word itself writes them.
public enum DocxShapes {
    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    static func paragraph(_ text: String) -> String {
        "<w:p><w:pPr><w:jc w:val=\"left\"/></w:pPr><w:r><w:rPr><w:rFonts w:eastAsia=\"仿宋\"/></w:rPr><w:t xml:space=\"preserve\">\(escape(text))</w:t></w:r></w:p>"
    }

    public enum Merge: Sendable { case none, restart, `continue` }

    /// Builds one table: column widths (twentieths of a point), and the column the next cell starts at, so that a
    /// cell's width is the sum of the columns it spans.
    final class Builder {
        let widths: [Int]
        var column = 0
        init(_ widths: [Int]) { self.widths = widths }

        func cell(_ text: String, span: Int = 1, merge: Merge = .none) -> String {
            let width = widths[min(column, widths.count - 1)..<min(column + span, widths.count)].reduce(0, +)
            column += span
            return DocxShapes.cell(text, width: width, span: span, merge: merge)
        }

        func cell(_ v: Int?) -> String { cell(v.map(String.init) ?? "") }

        func row(_ cells: () -> [String]) -> [String] {
            column = 0
            return cells()
        }

        func table(_ rows: [[String]]) -> String {
            let grid = "<w:tblGrid>" + widths.map { "<w:gridCol w:w=\"\($0)\"/>" }.joined() + "</w:tblGrid>"
            return "<w:tbl><w:tblPr><w:tblW w:w=\"\(widths.reduce(0, +))\" w:type=\"dxa\"/><w:tblLayout w:type=\"fixed\"/></w:tblPr>"
                + grid + rows.map { "<w:tr>" + $0.joined() + "</w:tr>" }.joined() + "</w:tbl>"
        }
    }

    static func cell(_ text: String, width: Int, span: Int, merge: Merge) -> String {
        var pr = "<w:tcW w:w=\"\(width)\" w:type=\"dxa\"/>"
        if span > 1 { pr += "<w:gridSpan w:val=\"\(span)\"/>" }
        switch merge {
        case .none: break
        case .restart: pr += "<w:vMerge w:val=\"restart\"/>"
        case .continue: pr += "<w:vMerge/>"
        }
        let run = text.isEmpty ? "" : "<w:r><w:t>\(escape(text))</w:t></w:r>"
        return "<w:tc><w:tcPr>\(pr)</w:tcPr><w:p>\(run)</w:p></w:tc>"
    }


    static func table2(_ t: Table2) -> String {
        let b = Builder([2400, 2200, 2200, 2200])
        var rows: [[String]] = []
        for block in t.format.spec.table2 {
            rows.append(b.row { [b.cell(block.header, span: 4)] })
            let spans = block.valueSpans
            rows.append(b.row { [b.cell("信息内容")] + zip(block.fields, spans).map { b.cell($0.label, span: $1) } })
            for r in block.rows {
                rows.append(b.row {
                    [b.cell(r.label)] + zip(r.fields, spans).map { b.cell(t[r.key, $0.key].map { "\($0)" } ?? "", span: $1) }
                })
            }
        }
        return b.table(rows)
    }

    static func table3(_ t: Table3) -> String {
        let b = Builder([1000, 1300, 2900] + Array(repeating: 600, count: 7))
        var rows: [[String]] = [
            b.row { [b.cell(Table3Column.balanceNote, span: 3, merge: .restart), b.cell(Table3Column.spanningHeader, span: 7)] },
            b.row { [b.cell("", span: 3, merge: .continue), b.cell("自然人", merge: .restart), b.cell(Table3Column.organisationHeader, span: 5),
                   b.cell("总计", merge: .restart)] },
            b.row { [b.cell("", span: 3, merge: .continue), b.cell("", merge: .continue)]
                + ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"].map { b.cell($0) } + [b.cell("", merge: .continue)] },
        ]
        func merged(_ label: MergedLabel) -> String {
            switch label {
            case let .starts(text, _): b.cell(text, merge: .restart)
            case .continues: b.cell("", merge: .continue)
            }
        }
        for layout in t.format.spec.table3Layout {
            b.column = 0
            let labels = [layout.part.map(merged), layout.group.map(merged)].compactMap { $0 }
                + [b.cell(layout.spec.label, span: layout.labelSpan)]
            rows.append(labels + t[layout.spec.row].map { b.cell($0) })
        }
        return b.table(rows)
    }

    static func table4(_ t: Table4) -> String {
        let b = Builder(Array(repeating: 620, count: 15))
        return b.table([
            b.row { [b.cell("行政复议", span: 5, merge: .restart), b.cell("行政诉讼", span: 10)] },
            b.row { [b.cell("", span: 5, merge: .continue), b.cell("未经复议直接起诉", span: 5), b.cell("复议后起诉", span: 5)] },
            b.row { Array(repeating: Table4BlockSpec.columns, count: 3).flatMap { $0 }.map { b.cell($0) } },
            b.row { Table4Block.allCases.flatMap { t[$0].map { b.cell($0) } } },
        ])
    }

    static func documentXML(_ report: AnnualReport) -> String {
        var body: [String] = [paragraph("\(report.agency ?? "")\(report.year.map(String.init) ?? "")年政府信息公开工作年度报告")]
        for spec in report.format.spec.sections {
            let section = report.section(spec.number)
            body.append(paragraph(section?.heading ?? spec.heading))
            for p in (section?.text ?? "").split(separator: "\n") { body.append(paragraph(String(p))) }
            switch spec.number {
            case 2: if let t = report.table2 { body.append(table2(t)) }
            case 3: if let t = report.table3 { body.append(table3(t)) }
            case 4: if let t = report.table4 { body.append(table4(t)) }
            default: break
            }
        }
        if let agency = report.agency { body.append(paragraph(agency)) }
        if let date = report.publishedOn { body.append(paragraph(date.chineseDescription)) }
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>\(body.joined())<w:sectPr/></w:body></w:document>
            """
    }

    /// A DOCX archive with the given parts.
    public static func archive(_ parts: [(String, Data)], compression: CompressionMethod = .deflate) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, data) in parts {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count),
                                 compressionMethod: compression) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return archive.data ?? Data()
    }

    public static func docx(_ report: AnnualReport) throws -> Data {
        let types = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>
            """
        let rels = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>
            """
        return try archive([
            ("[Content_Types].xml", Data(types.utf8)), ("_rels/.rels", Data(rels.utf8)),
            ("word/document.xml", Data(documentXML(report).utf8)),
        ])
    }
}
