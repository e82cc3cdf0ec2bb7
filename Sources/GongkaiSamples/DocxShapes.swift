import Foundation
import GongkaiCore
import ZIPFoundation

/// Builds Word documents in code: the report's text, and its tables with the official merged cells
/// (`w:gridSpan` across columns, `w:vMerge` down rows) on a grid of real column widths, as Word itself writes them.
public enum DocxShapes {
    /// How the document is laid out.
    public enum Style: Sendable {
        /// Wide columns, no page setup: every label on one line.
        case plain
        /// As agencies lay out the report they print to PDF: an A4 page with the official margins and a page number
        /// in the footer (`— 3 —`), 仿宋 三号 text and a title that wraps, bordered tables in 五号 with narrow number
        /// columns (the applicant header wraps: `社会` / `公益` / `组织`), row labels wrapping over two lines with the
        /// numbers centred beside them, and the tall merged label `三、本年度办理结果` one character a line down a
        /// narrow column; the tables break across pages.
        case agency
        /// The same with the numbers at the foot of their cells: beside the last line of a wrapped label (`2.其他法律
        /// 行政法规` / `禁止公开  0  0 …`), a long number's first digits on the line above its last; and table 三's
        /// three header rows repeated at the top of the page it continues on (Word's 重复标题行).
        case agencyNumbersBelow
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    static func paragraph(_ text: String, style: Style = .plain, title: Bool = false) -> String {
        switch style {
        case .plain:
            return "<w:p><w:pPr><w:jc w:val=\"left\"/></w:pPr><w:r><w:rPr><w:rFonts w:eastAsia=\"仿宋\"/></w:rPr><w:t xml:space=\"preserve\">\(escape(text))</w:t></w:r></w:p>"
        case .agency, .agencyNumbersBelow:
            let (align, font, size) = title ? ("center", "方正小标宋简体", 44) : ("both", "仿宋_GB2312", 32)
            let indent = title ? "" : "<w:ind w:firstLine=\"640\"/>"
            return "<w:p><w:pPr><w:jc w:val=\"\(align)\"/><w:spacing w:line=\"560\" w:lineRule=\"exact\"/>\(indent)</w:pPr><w:r><w:rPr><w:rFonts w:eastAsia=\"\(font)\"/><w:sz w:val=\"\(size)\"/></w:rPr><w:t xml:space=\"preserve\">\(escape(text))</w:t></w:r></w:p>"
        }
    }

    public enum Merge: Sendable { case none, restart, `continue` }

    /// Builds one table: column widths (twentieths of a point), and the column the next cell starts at, so that a
    /// cell's width is the sum of the columns it spans.
    final class Builder {
        let widths: [Int]
        let style: Style
        var column = 0
        init(_ widths: [Int], style: Style = .plain) {
            self.widths = widths
            self.style = style
        }

        func cell(_ text: String, span: Int = 1, merge: Merge = .none) -> String {
            let width = widths[min(column, widths.count - 1)..<min(column + span, widths.count)].reduce(0, +)
            column += span
            return DocxShapes.cell(text, width: width, span: span, merge: merge, style: style)
        }

        func cell(_ v: Int?) -> String { cell(v.map(String.init) ?? "") }

        func row(_ cells: () -> [String]) -> [String] {
            column = 0
            return cells()
        }

        /// The table; its first `headerRows` rows are repeated at the top of each page it continues on when the style
        /// says so (Word's 重复标题行, `w:tblHeader`).
        func table(_ rows: [[String]], headerRows: Int = 0) -> String {
            let grid = "<w:tblGrid>" + widths.map { "<w:gridCol w:w=\"\($0)\"/>" }.joined() + "</w:tblGrid>"
            let borders = style == .plain ? "" : "<w:tblBorders>" + ["top", "left", "bottom", "right", "insideH", "insideV"]
                .map { "<w:\($0) w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>" }.joined() + "</w:tblBorders>"
            return "<w:tbl><w:tblPr><w:tblW w:w=\"\(widths.reduce(0, +))\" w:type=\"dxa\"/>\(borders)<w:tblLayout w:type=\"fixed\"/></w:tblPr>"
                + grid + rows.enumerated().map { k, cells in
                    let repeated = style == .agencyNumbersBelow && k < headerRows ? "<w:trPr><w:tblHeader/></w:trPr>" : ""
                    return "<w:tr>" + repeated + cells.joined() + "</w:tr>"
                }.joined() + "</w:tbl>"
        }
    }

    static func cell(_ text: String, width: Int, span: Int, merge: Merge, style: Style = .plain) -> String {
        var pr = "<w:tcW w:w=\"\(width)\" w:type=\"dxa\"/>"
        if span > 1 { pr += "<w:gridSpan w:val=\"\(span)\"/>" }
        switch merge {
        case .none: break
        case .restart: pr += "<w:vMerge w:val=\"restart\"/>"
        case .continue: pr += "<w:vMerge/>"
        }
        switch style {
        case .plain:
            let run = text.isEmpty ? "" : "<w:r><w:t>\(escape(text))</w:t></w:r>"
            return "<w:tc><w:tcPr>\(pr)</w:tcPr><w:p>\(run)</w:p></w:tc>"
        case .agency, .agencyNumbersBelow:
            let number = !text.isEmpty && text.allSatisfy { $0.isASCII && ($0.isNumber || $0 == ".") }
            pr += "<w:vAlign w:val=\"\(number && style == .agencyNumbersBelow ? "bottom" : "center")\"/>"
            let run = text.isEmpty ? "" : "<w:r><w:rPr><w:rFonts w:eastAsia=\"宋体\"/><w:sz w:val=\"21\"/></w:rPr><w:t>\(escape(text))</w:t></w:r>"
            return "<w:tc><w:tcPr>\(pr)</w:tcPr><w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr>\(run)</w:p></w:tc>"
        }
    }


    static func table2(_ t: Table2, style: Style = .plain) -> String {
        let b = Builder(style == .plain ? [2400, 2200, 2200, 2200] : [2640, 2060, 2060, 2060], style: style)
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

    static func table3(_ t: Table3, style: Style = .plain) -> String {
        // Agencies' tables are as wide as the text (8,820 twips): seven number columns of 1.3 cm, the labels narrow —
        // `三、本年度办理结果` one character a line down its column, the groups two or three.
        let b = Builder(style == .plain ? [1000, 1300, 2900] + Array(repeating: 600, count: 7)
            : [400, 1000, 2200] + Array(repeating: 746, count: 7), style: style)
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
        return b.table(rows, headerRows: 3)
    }

    static func table4(_ t: Table4, style: Style = .plain) -> String {
        let b = Builder(Array(repeating: style == .plain ? 620 : 588, count: 15), style: style)
        return b.table([
            b.row { [b.cell("行政复议", span: 5, merge: .restart), b.cell("行政诉讼", span: 10)] },
            b.row { [b.cell("", span: 5, merge: .continue), b.cell("未经复议直接起诉", span: 5), b.cell("复议后起诉", span: 5)] },
            b.row { Array(repeating: Table4BlockSpec.columns, count: 3).flatMap { $0 }.map { b.cell($0) } },
            b.row { Table4Block.allCases.flatMap { t[$0].map { b.cell($0) } } },
        ])
    }

    static func documentXML(_ report: AnnualReport, style: Style = .plain) -> String {
        var body: [String] = [paragraph("\(report.agency ?? "")\(report.year.map(String.init) ?? "")年政府信息公开工作年度报告", style: style, title: true)]
        for spec in report.format.spec.sections {
            let section = report.section(spec.number)
            body.append(paragraph(section?.heading ?? spec.heading, style: style))
            for p in (section?.text ?? "").split(separator: "\n") { body.append(paragraph(String(p), style: style)) }
            switch spec.number {
            case 2: if let t = report.table2 { body.append(table2(t, style: style)) }
            case 3: if let t = report.table3 { body.append(table3(t, style: style)) }
            case 4: if let t = report.table4 { body.append(table4(t, style: style)) }
            default: break
            }
        }
        if let agency = report.agency { body.append(paragraph(agency, style: style)) }
        if let date = report.publishedOn { body.append(paragraph(date.chineseDescription, style: style)) }
        // A4, the official margins (3.7 / 3.5 / 2.8 / 2.6 cm), the page number in the footer.
        let section = style == .plain ? "<w:sectPr/>"
            : "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rIdFooter\"/><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1588\" w:header=\"851\" w:footer=\"1304\" w:gutter=\"0\"/></w:sectPr>"
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>\(body.joined())\(section)</w:body></w:document>
            """
    }

    /// The footer: `— 3 —`, the page number between dashes, as government documents print it.
    static let footerXML = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:t xml:space="preserve">— </w:t></w:r><w:fldSimple w:instr=" PAGE "><w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:t>1</w:t></w:r></w:fldSimple><w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>
        """

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

    public static func docx(_ report: AnnualReport, style: Style = .plain) throws -> Data {
        let footer = style == .plain ? "" : "<Override PartName=\"/word/footer1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>"
        let types = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\(footer)</Types>
            """
        let rels = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>
            """
        var parts = [
            ("[Content_Types].xml", Data(types.utf8)), ("_rels/.rels", Data(rels.utf8)),
            ("word/document.xml", Data(documentXML(report, style: style).utf8)),
        ]
        if style != .plain {
            let documentRels = """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdFooter" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>
                """
            parts += [("word/_rels/document.xml.rels", Data(documentRels.utf8)), ("word/footer1.xml", Data(footerXML.utf8))]
        }
        return try archive(parts)
    }

    /// Word documents turned into PDF by one LibreOffice run (`soffice --convert-to pdf`), as agencies make their PDFs.
    /// Throws when LibreOffice is not installed or a document did not convert.
    public static func pdfs(from documents: [Data]) throws -> [Data] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let inputs = try documents.enumerated().map { i, document in
            let url = dir.appendingPathComponent("r\(i).docx")
            try document.write(to: url)
            return url.path
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["soffice", "-env:UserInstallation=file://\(dir.path)/profile", "--headless",
                             "--convert-to", "pdf", "--outdir", dir.path] + inputs
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return try documents.indices.map { try Data(contentsOf: dir.appendingPathComponent("r\($0).pdf")) }
    }
}
