import Foundation
import GongkaiCore

/// Writes sheets as an Excel workbook (OOXML SpreadsheetML, the parts Excel and LibreOffice need and no more): text
/// as inline strings (so nothing typed by a unit becomes a formula), numbers as numbers, the header row bold, frozen
/// and filterable, and the columns sized to their contents.
public enum XLSXWriter {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The `.xlsx` bytes of a workbook with these sheets, in order. `title` goes into the document's properties.
    public static func workbook(_ sheets: [Sheet], title: String, creator: String) throws -> Data {
        guard !sheets.isEmpty else { throw Failure(description: "工作簿至少要有一张表") }
        var parts: [(String, String)] = [
            ("[Content_Types].xml", contentTypes(sheets.count)),
            ("_rels/.rels", rootRelationships),
            ("docProps/core.xml", DocxRenderer.coreProperties(title: title, creator: creator)),
            ("xl/workbook.xml", workbookXML(sheets)),
            ("xl/_rels/workbook.xml.rels", workbookRelationships(sheets.count)),
            ("xl/styles.xml", styles),
        ]
        for (i, sheet) in sheets.enumerated() { parts.append(("xl/worksheets/sheet\(i + 1).xml", worksheet(sheet))) }
        do {
            return try Zip.package(parts)
        } catch {
            throw Failure(description: "无法生成 XLSX 文件（\(error.description)）")
        }
    }

    /// `A`, `B`, … `Z`, `AA`, … for a 0-based column.
    public static func columnName(_ index: Int) -> String {
        var n = index + 1
        var name = ""
        while n > 0 {
            let r = (n - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + r))) + name
            n = (n - 1) / 26
        }
        return name
    }

    /// A sheet's name as Excel allows it: at most 31 characters, none of `[]:*?/\`.
    static func sheetName(_ name: String) -> String {
        let cleaned = String(name.map { "[]:*?/\\".contains($0) ? "_" : $0 }.prefix(31))
        return cleaned.isEmpty ? "Sheet" : cleaned
    }

    static func worksheet(_ sheet: Sheet) -> String {
        let columns = max(sheet.header.count, sheet.rows.map(\.count).max() ?? 0)
        // Widths in characters: a CJK character counts two, as Excel measures.
        var widths = [Int](repeating: 6, count: columns)
        for (i, title) in sheet.header.enumerated() { widths[i] = max(widths[i], DisplayWidth.of(title) + 2) }
        for row in sheet.rows.prefix(2_000) {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], min(60, DisplayWidth.of(cell.text) + 2)) }
        }
        var out = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="\(mainNamespace)" xmlns:r="\(relationshipNamespace)">
            """
        let frozenCell = "\(columnName(sheet.frozenColumns))2"
        let split = sheet.frozenColumns > 0 ? " xSplit=\"\(sheet.frozenColumns)\"" : ""
        let pane = sheet.frozenColumns > 0 ? "bottomRight" : "bottomLeft"
        out += "<sheetViews><sheetView workbookViewId=\"0\"><pane\(split) ySplit=\"1\" topLeftCell=\"\(frozenCell)\" activePane=\"\(pane)\" state=\"frozen\"/>"
        out += "<selection pane=\"\(pane)\" activeCell=\"\(frozenCell)\" sqref=\"\(frozenCell)\"/></sheetView></sheetViews>"
        if columns > 0 {
            out += "<cols>"
            for (i, width) in widths.enumerated() { out += "<col min=\"\(i + 1)\" max=\"\(i + 1)\" width=\"\(width)\" customWidth=\"1\"/>" }
            out += "</cols>"
        }
        out += "<sheetData>"
        func row(_ number: Int, _ cells: [Sheet.Cell], style: Int) {
            out += "<row r=\"\(number)\">"
            for (i, cell) in cells.enumerated() {
                let ref = "\(columnName(i))\(number)"
                let s = style == 0 ? "" : " s=\"\(style)\""
                switch cell {
                case .empty: continue
                case let .text(text): out += "<c r=\"\(ref)\" t=\"inlineStr\"\(s)><is><t xml:space=\"preserve\">\(MarkupText.escape(text))</t></is></c>"
                case let .int(n): out += "<c r=\"\(ref)\"\(s)><v>\(n)</v></c>"
                case let .decimal(d): out += "<c r=\"\(ref)\"\(s)><v>\(MarkupText.escape(d))</v></c>"
                }
            }
            out += "</row>"
        }
        row(1, sheet.header.map(Sheet.Cell.text), style: 1)
        for (i, cells) in sheet.rows.enumerated() { row(i + 2, cells, style: 0) }
        out += "</sheetData>"
        if columns > 0 { out += "<autoFilter ref=\"A1:\(columnName(columns - 1))\(sheet.rows.count + 1)\"/>" }
        out += "<pageMargins left=\"0.5\" right=\"0.5\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>"
        out += "<pageSetup paperSize=\"9\" orientation=\"landscape\"/></worksheet>\n"
        return out
    }

    static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationshipNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    static func contentTypes(_ sheets: Int) -> String {
        var overrides = """
            <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
            <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
            <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
            """
        for i in 1...sheets {
            overrides += "<Override PartName=\"/xl/worksheets/sheet\(i).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\(overrides)</Types>
            """
    }

    static let rootRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
        <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>\
        </Relationships>
        """

    static func workbookXML(_ sheets: [Sheet]) -> String {
        var used = Set<String>()
        var entries = ""
        for (i, sheet) in sheets.enumerated() {
            var name = sheetName(sheet.name)
            while !used.insert(name).inserted { name = String(name.prefix(28)) + "_\(i + 1)" }
            entries += "<sheet name=\"\(MarkupText.escape(name))\" sheetId=\"\(i + 1)\" r:id=\"rId\(i + 1)\"/>"
        }
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="\(mainNamespace)" xmlns:r="\(relationshipNamespace)"><sheets>\(entries)</sheets></workbook>
            """
    }

    static func workbookRelationships(_ sheets: Int) -> String {
        var entries = ""
        for i in 1...sheets {
            entries += "<Relationship Id=\"rId\(i)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\(i).xml\"/>"
        }
        entries += "<Relationship Id=\"rId\(sheets + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\(entries)</Relationships>
            """
    }

    /// Two cell styles: 0 plain, 1 the header (bold, grey, wrapped). The default font is one every Chinese office has.
    static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
        <fonts count="2"><font><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font>\
        <font><b/><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font></fonts>\
        <fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>\
        <fill><patternFill patternType="solid"><fgColor rgb="FFE7E6E6"/><bgColor indexed="64"/></patternFill></fill></fills>\
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
        <xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" applyAlignment="1">\
        <alignment vertical="center" wrapText="1"/></xf></cellXfs>\
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>
        """
}
