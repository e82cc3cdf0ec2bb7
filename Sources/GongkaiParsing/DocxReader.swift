import Foundation
import ZIPFoundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Reads a Word document (DOCX) into the reader's lines: paragraphs as lines, and each table row as one line of
/// cells laid out on the table's real grid (`w:gridSpan` and `w:vMerge` give empty cells in the places they cover).
///
/// Archives are opened from a temporary file (ZIPFoundation's in-memory archives trap when a malformed archive seeks
/// past the end of the buffer; libFuzzer found it) and refused, with a clear reason, when they are not DOCX files, when a part is
/// larger than ``maximumPartSize`` once inflated (zip bombs: the inflated bytes are counted, not the sizes the
/// archive declares), or when they hold more than ``maximumEntries`` entries.
enum DocxReader {
    /// 8 MB of XML: real reports' `document.xml` are 0.1–2 MB, and the XML parser takes about fifteen times the
    /// part's size in memory (a 64 MB limit let a 240 KB upload take 1 GB of a server's memory).
    static let maximumPartSize = 8 * 1024 * 1024
    static let maximumEntries = 5000

    /// Whether bytes are a ZIP archive (a DOCX file is one).
    static func isZip(_ bytes: [UInt8]) -> Bool { bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) }

    static func lines(_ bytes: [UInt8]) throws(ReadError) -> [SourceLine] {
        let xml = try documentXML(bytes)
        // FoundationXML traps (crashes the process) on names with invalid UTF-8, which libxml2 passes through; the
        // fuzzer found it. A Word document's XML is UTF-8 without NUL bytes: anything else is refused here.
        guard !xml.contains(0), xml.withUnsafeBytes({ String(validating: $0.bindMemory(to: UInt8.self), as: UTF8.self) }) != nil
        else {
            throw ReadError(reason: "DOCX 文件中的 word/document.xml 不是有效的 UTF-8 文本（文件已损坏），拒绝读取")
        }
        let parser = XMLParser(data: xml)
        let delegate = DocumentDelegate()
        parser.delegate = delegate
        parser.shouldProcessNamespaces = false
        guard parser.parse() || !delegate.lines.isEmpty else {
            let reason = parser.parserError.map { "\($0.localizedDescription)" } ?? "未知错误"
            throw ReadError(reason: "DOCX 文件中的 word/document.xml 无法解析（第 \(parser.lineNumber) 行：\(reason)）")
        }
        delegate.finish()
        return delegate.lines
    }

    private struct TooLarge: Error {}

    /// The bytes of `word/document.xml`, inflated under the size limit.
    static func documentXML(_ bytes: [UInt8]) throws(ReadError) -> Data {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-\(UUID().uuidString).docx")
        defer { try? FileManager.default.removeItem(at: file) }
        let archive: Archive
        do {
            try Data(bytes).write(to: file)
        } catch {
            throw ReadError(reason: "无法写入临时文件以读取 DOCX（\(error.localizedDescription)）")
        }
        do {
            archive = try Archive(url: file, accessMode: .read)
        } catch {
            throw ReadError(reason: "不是有效的 ZIP/DOCX 文件（文件已损坏或被截断）")
        }
        var count = 0
        var document: Entry?
        for entry in archive {
            count += 1
            if count > maximumEntries { throw ReadError(reason: "DOCX 文件包含的条目过多（超过 \(maximumEntries) 个），拒绝读取") }
            if entry.path == "word/document.xml" { document = entry }
        }
        guard let entry = document else {
            throw ReadError(reason: "ZIP 文件中没有 word/document.xml，不是 Word（DOCX）文档")
        }
        guard entry.uncompressedSize <= UInt64(maximumPartSize) else {
            throw ReadError(reason: "DOCX 正文部分声明大小 \(entry.uncompressedSize / 1_048_576) MB，超过上限 \(maximumPartSize / 1_048_576) MB，拒绝读取")
        }
        var xml = Data()
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                guard xml.count + chunk.count <= maximumPartSize else { throw TooLarge() }
                xml.append(chunk)
            }
        } catch is TooLarge {
            throw ReadError(reason: "DOCX 正文部分解压后超过 \(maximumPartSize / 1_048_576) MB（疑似压缩炸弹），拒绝读取")
        } catch {
            throw ReadError(reason: "DOCX 文件中的 word/document.xml 无法解压（文件已损坏）")
        }
        return xml
    }
}

/// Walks `word/document.xml`, collecting paragraphs and table grids.
private final class DocumentDelegate: NSObject, XMLParserDelegate {
    private(set) var lines: [SourceLine] = []
    private var number = 0

    /// Text of the paragraph being read (outside tables).
    private var paragraph = ""
    private var inText = false

    /// Tables being read (nested tables are folded into their cell).
    private final class Table {
        var rows: [[Cell]] = []
        var currentRow: [Cell]?
        var currentCell: Cell?
    }

    private struct Cell {
        var text = ""
        var span = 1
        /// `restart` starts a vertical merge, `continue` continues one (an empty cell on the grid).
        var vMerge: String?
    }

    private var tables: [Table] = []

    private func emit(_ cells: [String], grid: Bool) {
        number += 1
        lines.append(SourceLine(number: number, text: cells.filter { !$0.isEmpty }.joined(separator: " "),
                                cells: cells, isMarkdownHeading: false, isGridRow: grid))
    }

    private func append(_ text: String) {
        if let table = tables.last, table.currentCell != nil {
            table.currentCell?.text += text
        } else {
            paragraph += text
        }
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:])
    {
        switch name {
        case "w:t": inText = true
        case "w:tab": append("\t")
        case "w:br", "w:cr": append("\n")
        case "w:tbl":
            if tables.isEmpty { flushParagraph() }
            tables.append(Table())
        case "w:tr": tables.last?.currentRow = []
        case "w:tc": tables.last?.currentCell = Cell()
        case "w:gridSpan": tables.last?.currentCell?.span = max(1, min(Int(attributes["w:val"] ?? "") ?? 1, 64))
        case "w:vMerge": tables.last?.currentCell?.vMerge = attributes["w:val"] ?? "continue"
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "w:t": inText = false
        case "w:p":
            if let table = tables.last, table.currentCell != nil { table.currentCell?.text += "\n" } else { flushParagraph() }
        case "w:tc":
            guard let table = tables.last, let cell = table.currentCell else { return }
            table.currentRow?.append(cell)
            table.currentCell = nil
        case "w:tr":
            guard let table = tables.last, let row = table.currentRow else { return }
            table.rows.append(row)
            table.currentRow = nil
        case "w:tbl":
            guard let table = tables.popLast() else { return }
            let grid = layout(table.rows)
            if let outer = tables.last, outer.currentCell != nil {
                outer.currentCell?.text += grid.map { $0.joined(separator: " ") }.joined(separator: " ")
            } else {
                for row in grid { emit(row, grid: true) }
            }
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText { append(string) }
    }

    private func flushParagraph() {
        let text = paragraph.trimmingWhitespace
        if !text.isEmpty {
            // Tabs inside a paragraph separate cells, as in a text export.
            emit(paragraph.split(separator: "\t", omittingEmptySubsequences: false).map { $0.trimmingWhitespace }, grid: false)
        }
        paragraph = ""
    }

    func finish() {
        flushParagraph()
        while let table = tables.popLast() { for row in layout(table.rows) { emit(row, grid: true) } }
    }

    /// The rows on the table's grid: a cell spanning columns is followed by empty cells, a continued vertical
    /// merge is an empty cell.
    private func layout(_ rows: [[Cell]]) -> [[String]] {
        rows.map { row in
            row.flatMap { cell -> [String] in
                let text = cell.vMerge == "continue" ? "" : HTMLReader.collapse(cell.text)
                return [text] + [String](repeating: "", count: cell.span - 1)
            }
        }
    }
}
