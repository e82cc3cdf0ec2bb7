import Foundation
import GongkaiCore

/// Writes a report as a Word document (OOXML), laid out as government documents are (GB/T 9704): A4 with margins of
/// 3.7/3.5/2.8/2.6 cm, the title in 方正小标宋简体 二号, headings in 黑体 三号, the body in 仿宋_GB2312 三号 on a fixed
/// 28-point line, page numbers `— 1 —` in the footer, and tables 二, 三 and 四 with the national format's merged
/// cells. Missing fonts fall back (fontTable `w:altName`, then the reader's own substitutions).
public enum DocxRenderer {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The `.docx` bytes.
    public static func render(_ report: AnnualReport) throws -> Data {
        try package(documentXML: documentXML(report), title: ReportTitle.text(of: report), creator: report.agency ?? "")
    }

    /// A Word package around a `word/document.xml` written with this renderer's styles (Title, Heading1, Signature,
    /// TableText, ReportTable), fonts and page-number footer.
    static func package(documentXML: String, title: String, creator: String) throws -> Data {
        let parts: [(String, String)] = [
            ("[Content_Types].xml", contentTypes),
            ("_rels/.rels", rootRelationships),
            ("docProps/core.xml", coreProperties(title: title, creator: creator)),
            ("word/_rels/document.xml.rels", documentRelationships),
            ("word/document.xml", documentXML),
            ("word/styles.xml", styles),
            ("word/fontTable.xml", fontTable),
            ("word/settings.xml", settings),
            ("word/footer1.xml", footer),
        ]
        do {
            return try Zip.package(parts)
        } catch {
            throw Failure(description: "无法生成 DOCX 文件（\(error.description)）")
        }
    }

    // MARK: - document.xml

    static let namespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    /// The body of the document (also the part the golden files compare).
    public static func documentXML(_ report: AnnualReport) -> String {
        var body: [String] = [paragraph(ReportTitle.text(of: report), style: "Title")]
        for part in ReportLayout.parts(of: report) {
            body.append(paragraph(part.heading, style: "Heading1"))
            for text in part.paragraphs { body.append(paragraph(text, style: nil)) }
            switch part.table {
            case .table2?: if let t = report.table2 { body.append(table2(t)) }
            case .table3?: if let t = report.table3 { body.append(table3(t)) }
            case .table4?: if let t = report.table4 { body.append(table4(t)) }
            case nil: break
            }
        }
        if let agency = report.agency { body.append(paragraph(agency, style: "Signature")) }
        if let date = report.publishedOn { body.append(paragraph(date.chineseDescription, style: "Signature")) }
        return document(body)
    }

    /// `word/document.xml` around body elements, with the page of GB/T 9704: A4; margins top 37 mm, bottom 35 mm,
    /// left 28 mm, right 26 mm; the footer with page numbers.
    static func document(_ body: [String]) -> String {
        let section = """
            <w:sectPr><w:footerReference w:type="default" r:id="rIdFooter1"/>\
            <w:pgSz w:w="11906" w:h="16838"/>\
            <w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/>\
            <w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="579"/></w:sectPr>
            """
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:document xmlns:w="\(namespace)" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>
            \(body.joined(separator: "\n"))
            \(section)
            </w:body></w:document>

            """
    }

    static func escape(_ text: String) -> String { MarkupText.escape(text) }

    static func run(_ text: String) -> String {
        text.isEmpty ? "" : "<w:r><w:t xml:space=\"preserve\">\(escape(text))</w:t></w:r>"
    }

    static func paragraph(_ text: String, style: String?) -> String {
        let properties = style.map { "<w:pPr><w:pStyle w:val=\"\($0)\"/></w:pPr>" } ?? ""
        return "<w:p>\(properties)\(run(text))</w:p>"
    }

    /// A table cell: its width (twentieths of a point), horizontal span, vertical merge, and a centred paragraph.
    static func cell(_ text: String, width: Int, span: Int = 1, merge: String? = nil, alignLeft: Bool = false) -> String {
        var properties = "<w:tcW w:w=\"\(width)\" w:type=\"dxa\"/>"
        if span > 1 { properties += "<w:gridSpan w:val=\"\(span)\"/>" }
        if let merge { properties += merge == "restart" ? "<w:vMerge w:val=\"restart\"/>" : "<w:vMerge/>" }
        properties += "<w:vAlign w:val=\"center\"/>"
        let justification = alignLeft ? "left" : "center"
        return "<w:tc><w:tcPr>\(properties)</w:tcPr><w:p><w:pPr><w:pStyle w:val=\"TableText\"/>"
            + "<w:jc w:val=\"\(justification)\"/></w:pPr>\(run(text))</w:p></w:tc>"
    }

    /// Builds a table row by row on fixed column widths.
    struct Grid {
        let widths: [Int]
        var rows: [String] = []
        private var column = 0

        init(_ widths: [Int]) { self.widths = widths }

        private mutating func width(_ span: Int) -> Int {
            defer { column += span }
            return widths[min(column, widths.count - 1)..<min(column + span, widths.count)].reduce(0, +)
        }

        /// A row; `header` rows are repeated at the top of every page the table runs onto.
        mutating func row(header: Bool = false, _ build: (inout Grid) -> [String]) {
            column = 0
            let cells = build(&self)
            let properties = header ? "<w:cantSplit/><w:tblHeader/>" : "<w:cantSplit/>"
            rows.append("<w:tr><w:trPr>\(properties)</w:trPr>" + cells.joined() + "</w:tr>")
        }

        mutating func cell(_ text: String, span: Int = 1, merge: String? = nil, left: Bool = false) -> String {
            DocxRenderer.cell(text, width: width(span), span: span, merge: merge, alignLeft: left)
        }

        var xml: String {
            "<w:tbl><w:tblPr><w:tblStyle w:val=\"ReportTable\"/><w:tblW w:w=\"\(widths.reduce(0, +))\" w:type=\"dxa\"/>"
                + "<w:jc w:val=\"center\"/><w:tblLayout w:type=\"fixed\"/></w:tblPr><w:tblGrid>"
                + widths.map { "<w:gridCol w:w=\"\($0)\"/>" }.joined() + "</w:tblGrid>" + rows.joined() + "</w:tbl>"
        }
    }

    /// The text width of the page: 21 cm − 2.8 cm − 2.6 cm = 15.6 cm = 8844 twips.
    static let textWidth = 8844

    static func table2(_ table: Table2) -> String {
        var grid = Grid([2472, 2124, 2124, 2124])
        for block in table.format.spec.table2 {
            let spans = block.valueSpans
            grid.row { g in [g.cell(block.header, span: 4)] }
            grid.row { g in [g.cell("信息内容")] + zip(block.fields, spans).map { g.cell($0.label, span: $1) } }
            for row in block.rows {
                grid.row { g in
                    [g.cell(row.label, left: true)]
                        + zip(row.fields, spans).map { g.cell(MarkdownRenderer.cell(table[row.key, $0.key]), span: $1) }
                }
            }
        }
        return grid.xml
    }

    static func table3(_ table: Table3) -> String {
        var grid = Grid([884, 884, 2568] + Array(repeating: 644, count: 7))
        grid.row(header: true) { g in
            [g.cell(Table3Column.balanceNote, span: 3, merge: "restart"), g.cell(Table3Column.spanningHeader, span: 7)]
        }
        grid.row(header: true) { g in
            [g.cell("", span: 3, merge: "continue"), g.cell("自然人", merge: "restart"),
             g.cell(Table3Column.organisationHeader, span: 5), g.cell("总计", merge: "restart")]
        }
        grid.row(header: true) { g in
            [g.cell("", span: 3, merge: "continue"), g.cell("", merge: "continue")]
                + Table3Column.all.filter { $0.group != nil }.map { g.cell($0.label) } + [g.cell("", merge: "continue")]
        }
        func merged(_ label: MergedLabel, _ g: inout Grid) -> String {
            switch label {
            case let .starts(text, _): g.cell(text, merge: "restart")
            case .continues: g.cell("", merge: "continue")
            }
        }
        for layout in table.format.spec.table3Layout {
            grid.row { g in
                var cells: [String] = []
                if let part = layout.part { cells.append(merged(part, &g)) }
                if let group = layout.group { cells.append(merged(group, &g)) }
                cells.append(g.cell(layout.spec.label, span: layout.labelSpan, left: true))
                return cells + table[layout.spec.row].map { g.cell(MarkdownRenderer.cell($0)) }
            }
        }
        return grid.xml
    }

    static func table4(_ table: Table4) -> String {
        var grid = Grid(Array(repeating: 589, count: 15))
        grid.row(header: true) { g in [g.cell("行政复议", span: 5, merge: "restart"), g.cell("行政诉讼", span: 10)] }
        grid.row(header: true) { g in
            [g.cell("", span: 5, merge: "continue"), g.cell("未经复议直接起诉", span: 5), g.cell("复议后起诉", span: 5)]
        }
        grid.row(header: true) { g in Array(repeating: Table4BlockSpec.columns, count: 3).flatMap { $0 }.map { g.cell($0) } }
        grid.row { g in Table4Block.allCases.flatMap { table[$0].map { g.cell(MarkdownRenderer.cell($0)) } } }
        return grid.xml
    }

    // MARK: - The other parts

    static let contentTypes = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
        <Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>\
        <Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>\
        <Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>\
        <Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>\
        <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
        </Types>
        """

    static let rootRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>\
        <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>\
        </Relationships>
        """

    static let documentRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
        <Relationship Id="rIdFonts" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/>\
        <Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>\
        <Relationship Id="rIdFooter1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>\
        </Relationships>
        """

    static func coreProperties(title: String, creator: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
        xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" \
        xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\
        <dc:title>\(escape(title))</dc:title>\
        <dc:creator>\(escape(creator))</dc:creator>\
        <dc:language>zh-CN</dc:language>\
        </cp:coreProperties>
        """
    }

    /// Fonts with their fallbacks: where 方正小标宋简体 or 仿宋_GB2312 is not installed, Word and LibreOffice use the
    /// alternative named here.
    static let fontTable = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\
        <w:font w:name="方正小标宋简体"><w:altName w:val="华文中宋"/><w:charset w:val="86"/><w:family w:val="script"/></w:font>\
        <w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/><w:charset w:val="86"/><w:family w:val="modern"/></w:font>\
        <w:font w:name="仿宋"><w:altName w:val="FangSong"/><w:charset w:val="86"/><w:family w:val="modern"/></w:font>\
        <w:font w:name="黑体"><w:altName w:val="SimHei"/><w:charset w:val="86"/><w:family w:val="modern"/></w:font>\
        <w:font w:name="宋体"><w:altName w:val="SimSun"/><w:charset w:val="86"/><w:family w:val="auto"/></w:font>\
        <w:font w:name="Times New Roman"><w:charset w:val="00"/><w:family w:val="roman"/></w:font>\
        </w:fonts>
        """

    static let settings = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\
        <w:defaultTabStop w:val="420"/><w:characterSpacingControl w:val="compressPunctuation"/>\
        <w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>\
        </w:settings>
        """

    /// 三号 = 16 pt = 32 half-points; 二号 = 22 pt; 五号 = 10.5 pt.
    static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\
        <w:docDefaults><w:rPrDefault><w:rPr>\
        <w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="仿宋_GB2312" w:cs="Times New Roman"/>\
        <w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault>\
        <w:pPrDefault><w:pPr><w:spacing w:line="560" w:lineRule="exact"/></w:pPr></w:pPrDefault></w:docDefaults>\
        <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>\
        <w:pPr><w:ind w:firstLineChars="200" w:firstLine="640"/><w:jc w:val="both"/></w:pPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:qFormat/>\
        <w:pPr><w:spacing w:before="0" w:after="560" w:line="700" w:lineRule="exact"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr>\
        <w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="方正小标宋简体"/><w:sz w:val="44"/><w:szCs w:val="44"/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:qFormat/>\
        <w:pPr><w:keepNext/><w:outlineLvl w:val="0"/></w:pPr>\
        <w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="黑体"/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Signature"><w:name w:val="Signature"/><w:basedOn w:val="Normal"/>\
        <w:pPr><w:ind w:firstLineChars="0" w:firstLine="0" w:right="640"/><w:jc w:val="right"/></w:pPr></w:style>\
        <w:style w:type="paragraph" w:styleId="TableText"><w:name w:val="Table Text"/><w:basedOn w:val="Normal"/>\
        <w:pPr><w:spacing w:line="260" w:lineRule="atLeast"/><w:ind w:firstLineChars="0" w:firstLine="0"/></w:pPr>\
        <w:rPr><w:rFonts w:eastAsia="宋体"/><w:sz w:val="21"/><w:szCs w:val="21"/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/>\
        <w:pPr><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr>\
        <w:rPr><w:rFonts w:eastAsia="宋体"/><w:sz w:val="28"/></w:rPr></w:style>\
        <w:style w:type="table" w:styleId="ReportTable"><w:name w:val="Report Table"/><w:tblPr>\
        <w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/>\
        <w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/>\
        <w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/>\
        <w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tblBorders>\
        <w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>\
        </w:styles>
        """

    /// `— 1 —`, centred: the page number as official documents print it.
    static let footer = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr>\
        <w:r><w:t xml:space="preserve">— </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>\
        <w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>\
        <w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>
        """
}
