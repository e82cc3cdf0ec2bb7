import Foundation
@testable import GongkaiCore
import GongkaiRendering
import GongkaiSamples
import Testing

@testable import GongkaiParsing

let projectRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
let corpus = projectRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")

/// Random consistent reports with realistic non-zero numbers (and some zero ones).
func sampleReports(_ count: Int, seed: UInt64) -> [AnnualReport] {
    var rng = SeededGenerator(seed: seed)
    return (0..<count).map { i in
        ReportGenerator().report(format: i % 3 == 0 ? .y2019 : .y2021,
                                 scale: [.small, .large, .zero][i % 3], using: &rng)
    }
}

/// Every cell of `read` is the original value or null; a null, or a value worked out rather than read, has a
/// finding naming its table and row. Returns the number of cells read correctly.
@discardableResult
func expectNoSilentError(_ read: AnnualReport, original: AnnualReport, _ context: String) -> Int {
    var correct = 0
    func flagged(_ table: TableID, _ row: String) -> Bool {
        read.findings.contains { $0.location.table == table && ($0.location.row == nil || $0.location.row == row) }
    }
    /// Every cell of both reports: (table, row key, column, value read, original value).
    var cells: [(TableID, String, String, Decimal?, Decimal?)] = []
    if let t = read.table3, let o = original.table3 {
        for row in o.rowKeys {
            for c in 0..<7 { cells.append((.table3, row.key, "\(c)", t[row, c].map { Decimal($0) }, o[row, c].map { Decimal($0) })) }
        }
    }
    if let t = read.table4, let o = original.table4 {
        for block in Table4Block.allCases {
            for c in 0..<5 { cells.append((.table4, block.key, "\(c)", t[block, c].map { Decimal($0) }, o[block, c].map { Decimal($0) })) }
        }
    }
    if let t = read.table2, let o = original.table2 {
        for cell in o.cells { cells.append((.table2, cell.row, cell.field, t[cell.row, cell.field], o[cell.row, cell.field])) }
    }
    for (table, row, column, value, expected) in cells {
        if value == expected { correct += 1 }
        #expect(value == nil || value == expected,
                "\(context): \(table.rawValue) \(row)[\(column)] \(String(describing: value)) ≠ \(String(describing: expected))")
        if value == nil { #expect(flagged(table, row), "\(context): unflagged null at \(table.rawValue) \(row)[\(column)]") }
    }
    return correct
}

/// A report read back equals the one written: format, agency, year, date, sections and every table.
func expectSameReport(_ read: AnnualReport, _ report: AnnualReport, _ context: String,
                      sourceLocation: SourceLocation = #_sourceLocation)
{
    #expect(read.format == report.format, "\(context): format", sourceLocation: sourceLocation)
    #expect(read.agency == report.agency && read.year == report.year && read.publishedOn == report.publishedOn,
            "\(context): agency, year or date", sourceLocation: sourceLocation)
    #expect(read.sections == report.sections, "\(context): sections", sourceLocation: sourceLocation)
    #expect(read.table2 == report.table2, "\(context): table 二", sourceLocation: sourceLocation)
    #expect(read.table3 == report.table3, "\(context): table 三", sourceLocation: sourceLocation)
    #expect(read.table4 == report.table4, "\(context): table 四", sourceLocation: sourceLocation)
}

@Suite("Reading reports in every shape")
struct ReaderTests {
    @Test("The five seeds: every cell right, format, year, agency and date", arguments: [
        "000_559d788ea7c049c3", "001_931eb61caecda62d", "002_1104fc6fa0dc19cc", "003_032528133d267b50",
        "004_62e18fc6e57dfc2d",
    ])
    func seeds(name: String) throws {
        let bytes = [UInt8](try Data(contentsOf: corpus.appendingPathComponent("seeds/\(name).txt")))
        let expected = try AnnualReport(jsonBytes: [UInt8](try Data(contentsOf: corpus.appendingPathComponent(
            "seeds-expected/\(name).json"))))
        let read = try ReportReader.read(bytes: bytes)
        #expect(read.format == expected.format)
        #expect(read.year == expected.year)
        #expect(read.agency == expected.agency)
        #expect(read.publishedOn == expected.publishedOn)
        #expect(read.table2 == expected.table2)
        #expect(read.table3 == expected.table3)
        #expect(read.table4 == expected.table4)
    }

    @Test("The seeds' real defects are named")
    func seedDefects() throws {
        func read(_ name: String) throws -> AnnualReport {
            try ReportReader.read(bytes: [UInt8](try Data(contentsOf: corpus.appendingPathComponent("seeds/\(name).txt"))))
        }
        let s002 = try read("002_1104fc6fa0dc19cc")
        #expect(Set(s002.findings.map(\.code)) == [.missingTable, .missingSection, .missingCell])
        #expect(s002.findings.with(.missingSection).map(\.location.section) == [2, 3])
        #expect(s002.findings.with(.missingTable).map(\.location.table) == [.table2])
        let s003 = try read("003_032528133d267b50")
        #expect(s003.findings.with(.headingMismatch).map(\.location.section) == [1, 4])
        #expect(s003.sections?.map(\.number) == [1, 2, 3, 4, 5, 6])
        // Every heading found, the long variant of 四 included.
        #expect(try read("001_931eb61caecda62d").sections?.map(\.number) == [1, 2, 3, 4, 5, 6])
        #expect(try read("000_559d788ea7c049c3").sections?.map(\.number) == [1, 2, 3, 4, 5, 6])
        let s004 = try read("004_62e18fc6e57dfc2d")
        #expect(s004.findings.allSatisfy { $0.code == .cellInferred })
        #expect(!s004.findings.isEmpty)
    }

    @Test("Tab rows and a cell per line read back exactly, for both formats",
          arguments: [ReportShapes.Layout.tabs, .cellPerLine])
    func separatedLayouts(layout: ReportShapes.Layout) throws {
        for (i, report) in sampleReports(60, seed: 11).enumerated() {
            let read = ReportReader.read(text: ReportShapes.text(report, layout: layout))
            #expect(read.format == report.format)
            #expect(read.year == report.year)
            #expect(read.agency == report.agency)
            #expect(read.publishedOn == report.publishedOn)
            #expect(read.table2 == report.table2, "#\(i)")
            #expect(read.table3 == report.table3, "#\(i)")
            #expect(read.table4 == report.table4, "#\(i)")
            #expect(read.sections?.map(\.heading) == report.sections?.map(\.heading), "#\(i)")
            #expect(read.findings.isEmpty, "#\(i): \(read.findings.map(\.message))")
        }
    }

    @Test("Markdown written by the renderer reads back exactly, null cells included")
    func markdownRoundTrip() throws {
        for (i, original) in sampleReports(60, seed: 12).enumerated() {
            var report = original
            if i % 4 == 1 { report.table4![.reconsideration] = [nil, nil, nil, nil, nil] }
            if i % 5 == 2 { report.table2 = nil }
            let read = ReportReader.read(text: MarkdownRenderer.render(report.rechecked()))
            #expect(read.table2 == report.table2, "#\(i)")
            #expect(read.table3 == report.table3, "#\(i)")
            #expect(read.table4 == report.table4, "#\(i)")
            #expect(read.sections == report.sections, "#\(i)")
            #expect(read.agency == report.agency && read.year == report.year && read.publishedOn == report.publishedOn)
        }
    }

    @Test("Glued digits: every cell is right or null with a finding; zero tables are fully recovered")
    func gluedDigits() throws {
        var correct = 0, total = 0
        for (i, report) in sampleReports(90, seed: 13).enumerated() {
            let read = ReportReader.read(text: ReportShapes.text(report, layout: .glued))
            correct += expectNoSilentError(read, original: report, "glued #\(i)")
            total += 175 + 15 + (report.table2?.cells.count ?? 0)
            if report.table3?[.total, 6] == 0 {
                #expect(read.table3 == report.table3, "zero report #\(i)")
                #expect(read.table4 == report.table4, "zero report #\(i)")
            }
        }
        #expect(correct * 2 > total, "glued: \(correct) of \(total) cells recovered")
    }

    @Test("The example from DOMAIN.md: 801000081 splits into 80,1,0,0,0,0,81")
    func domainGluedExample() {
        let candidates = CellReadings.candidates([.number("801000081")], width: 7, layout: .glued)
        var solver = CellSolver(candidates: [candidates], constraints: [
            (0..<6).map { CellSolver.Term(row: 0, column: $0, coefficient: 1) } + [CellSolver.Term(row: 0, column: 6, coefficient: -1)],
        ])
        solver.solve()
        #expect((0..<7).map { solver.known(0, $0) } == [80, 1, 0, 0, 0, 0, 81])
    }

    @Test("Rows that lost a cell: what is certain is read, the rest is null with a finding")
    func lostCells() throws {
        var rng = SeededGenerator(seed: 14)
        for (i, report) in sampleReports(60, seed: 15).enumerated() {
            var lines = ReportShapes.text(report, layout: .tabs).components(separatedBy: "\n")
            // Drop one value cell from a random table 三 row.
            let rowLines = lines.indices.filter { idx in
                report.format.spec.table3Rows.contains { lines[idx].contains(TextNormalizer.comparable($0.label)) || lines[idx].contains($0.label) }
            }
            guard let target = rowLines.randomElement(using: &rng) else { continue }
            var cells = lines[target].components(separatedBy: "\t")
            let valueIndices = cells.indices.suffix(7)
            cells.remove(at: valueIndices.randomElement(using: &rng)!)
            lines[target] = cells.joined(separator: "\t")
            let read = ReportReader.read(text: lines.joined(separator: "\n"))
            expectNoSilentError(read, original: report, "lost cell #\(i)")
        }
    }

    @Test("A text cut off inside table 三: the rows after the cut are null, never zeros, and named")
    func cutOff() throws {
        for (i, report) in sampleReports(30, seed: 16).enumerated() {
            let cut = 5 + i % 15
            let read = ReportReader.read(text: ReportShapes.text(report, layout: .tabs, cutTable3AfterRows: cut))
            expectNoSilentError(read, original: report, "cut #\(i)")
            #expect(read.table4 == nil)
            #expect(read.findings.contains { $0.code == .missingTable && $0.location.table == .table4 })
            let lastRow = report.format.spec.table3Rows[cut + 1].row
            #expect(read.table3?[lastRow].allSatisfy { $0 == nil } == true, "#\(i)")
            #expect(read.findings.contains { $0.code == .missingCell && $0.location.row == lastRow.key })
        }
    }

    @Test("Encodings are detected from the bytes: GB18030, UTF-16 with and without a mark, UTF-8 with a BOM")
    func encodings() throws {
        let url = corpus.appendingPathComponent("seeds/000_559d788ea7c049c3.txt")
        let text = try String(contentsOf: url, encoding: .utf8)
        let reference = ReportReader.read(text: text)
        let gb = try #require(text.data(using: SourceDecoder.gb18030))
        var utf16LE: [UInt8] = [], utf16BE: [UInt8] = []
        for unit in text.utf16 {
            utf16LE += [UInt8(unit & 0xFF), UInt8(unit >> 8)]
            utf16BE += [UInt8(unit >> 8), UInt8(unit & 0xFF)]
        }
        let variants: [(String, [UInt8], SourceDecoder.Encoding)] = [
            ("GB18030", [UInt8](gb), .gb18030),
            ("UTF-16LE BOM", [0xFF, 0xFE] + utf16LE, .utf16LE),
            ("UTF-16BE BOM", [0xFE, 0xFF] + utf16BE, .utf16BE),
            ("UTF-16LE", utf16LE, .utf16LE),
            ("UTF-8 BOM", [0xEF, 0xBB, 0xBF] + Array(text.utf8), .utf8BOM),
        ]
        for (name, bytes, encoding) in variants {
            #expect(SourceDecoder.decode(bytes)?.encoding == encoding, "\(name)")
            #expect(try ReportReader.read(bytes: bytes) == reference, "\(name)")
        }
        #expect(throws: ReadError.self) { try ReportReader.read(bytes: []) }
    }

    @Test("Variants: half-width brackets, spaces inside labels, full-width digits, 1、 ordinals, traditional headings")
    func variants() throws {
        var report = sampleReports(1, seed: 17)[0]
        report.sections = nil
        var text = ReportShapes.text(report, layout: .tabs)
        text = text.replacingOccurrences(of: "（一）予以公开", with: "(一) 予以公开")
            .replacingOccurrences(of: "1.属于国家秘密", with: "1、属于 国家秘密")
            .replacingOccurrences(of: "结果维持", with: "结果 维持")
        for d in 0...9 {
            text = text.replacingOccurrences(of: "\t\(d)\t", with: "\t\(Character(Unicode.Scalar(0xFF10 + UInt32(d))!))\t")
        }
        let read = ReportReader.read(text: text)
        #expect(read.table3 == report.table3)
        #expect(read.table4 == report.table4)
    }

    @Test("Row labels as real reports word them: the aliases of FormatSpec, and a few characters after a label",
          arguments: [
              ("一、本年新收政府信息公开申请数量", "一、本年度新收政府信息公开申请数量"),
              ("二、上年结转政府信息公开申请数量", "二、上年度结转政府信息公开申请数量"),
              ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "（二）部分公开"),
              ("1.本机关不掌握相关政府信息", "1.本机关不掌握相关的政府信息"),
              ("2.没有现成信息需要另行制作", "2.没有现成信息，需要另行制作"),
              ("1.信访举报投诉类申请", "1.信访、举报、投诉类申请"),
              ("2.重复申请", "2.重复申请的"),
              ("5.要求行政机关确认或重新出具已获取信息", "5.要求行政机关确认或重新出具已获取的信息"),
              ("（七）总计", "（七）合计"),
              ("四、结转下年度继续办理", "四、结转下年度继续办理的"),
          ])
    func labelVariants(official: String, variant: String) throws {
        for (i, original) in sampleReports(6, seed: 23).enumerated() {
            var report = original
            report.sections = nil
            for layout in [ReportShapes.Layout.tabs, .cellPerLine] {
                let text = ReportShapes.text(report, layout: layout)
                #expect(text.contains(official))
                let read = ReportReader.read(text: text.replacingOccurrences(of: official, with: variant))
                #expect(read.table3 == report.table3, "#\(i) \(layout) \(variant)")
                // Read, not worked out from the sums: no finding about the table's cells.
                #expect(!read.findings.contains { [.cellInferred, .unreadableText, .missingCell].contains($0.code) },
                        "#\(i) \(layout) \(variant): \(read.findings.map(\.message))")
            }
        }
    }

    @Test("Seeded random mutations of the seeds never crash the reader")
    func mutations() throws {
        var rng = SeededGenerator(seed: 18)
        let seeds = try FileManager.default.contentsOfDirectory(atPath: corpus.appendingPathComponent("seeds").path)
            .sorted().map { [UInt8](try Data(contentsOf: corpus.appendingPathComponent("seeds/\($0)"))) }
        for i in 0..<150 {
            var bytes = seeds[i % seeds.count]
            for _ in 0..<Int.random(in: 1...40, using: &rng) {
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: bytes[at] = UInt8.random(in: 0...255, using: &rng)
                case 1: bytes.remove(at: at)
                case 2: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + 64)], at: at)
                default: bytes.insert([UInt8(ascii: "\t"), UInt8(ascii: "0"), 0x0A].randomElement(using: &rng)!, at: at)
                }
            }
            let report = try? ReportReader.read(bytes: bytes)
            if let report { _ = report.jsonText() }
        }
    }
}

extension Array where Element == Finding {
    func with(_ code: FindingCode) -> [Finding] { filter { $0.code == code } }
}

@Suite("Reading HTML pages")
struct HTMLTests {
    @Test("Portal pages with merged cells read back exactly; so does a report inside a JavaScript string",
          arguments: [false, true])
    func pages(inScript: Bool) throws {
        for (i, report) in sampleReports(60, seed: 21).enumerated() {
            let read = try ReportReader.read(bytes: Array(ReportShapes.html(report, inScript: inScript).utf8))
            #expect(read.format == report.format, "#\(i)")
            #expect(read.agency == report.agency, "#\(i)")
            #expect(read.year == report.year, "#\(i)")
            #expect(read.publishedOn == report.publishedOn, "#\(i)")
            #expect(read.table2 == report.table2, "#\(i)")
            #expect(read.table3 == report.table3, "#\(i)")
            #expect(read.table4 == report.table4, "#\(i)")
            #expect(read.sections?.map(\.heading) == report.sections?.map(\.heading), "#\(i)")
            #expect(read.sections?.map(\.text) == report.sections?.map(\.text), "#\(i)")
            #expect(read.findings.isEmpty, "#\(i): \(read.findings.map(\.message))")
        }
    }

    @Test("Blank cells in a grid stay in their columns (a blank 总计 is not shifted)")
    func blankCellsKeepTheirColumns() throws {
        var report = sampleReports(2, seed: 22)[1]
        report.table3![.granted, 6] = nil
        report.table3![.received, 0] = nil
        report.table4![.reconsideration] = [nil, nil, nil, nil, nil]
        let read = ReportReader.read(text: ReportShapes.html(report))
        var expected = report.table3!
        // Both blanks are worked out from the sums, and said to be.
        expected[.granted, 6] = report.table3![.granted].prefix(6).reduce(0) { $0 + ($1 ?? 0) }
        expected[.received, 0] = read.table3?[.received, 0]
        #expect(read.table3 == expected)
        #expect(read.table4?[.reconsideration] == [nil, nil, nil, nil, nil])
        #expect(read.findings.contains { $0.code == .cellInferred && $0.location.row == "granted" })
        #expect(read.findings.contains { $0.code == .missingCell && $0.location.row == "reconsideration" })
    }

    @Test("Entities, comments, unclosed tags and stray angle brackets")
    func tolerantTokenizer() {
        let lines = HTMLReader.lines("<p>甲&nbsp;乙 &lt;丙&gt; &#20013;&#x6587; &ldquo;引&rdquo;<!-- 注释 <p>不显示</p> --><p>第二段 a < b<br>第三行")
        #expect(lines.map(\.text) == ["甲 乙 <丙> 中文 “引”", "第二段 a < b", "第三行"])
    }
}

@Suite("Mirror-site copies")
struct MirrorTests {
    @Test("A copy in traditional characters reads like the original, and says so")
    func traditional() throws {
        let url = corpus.appendingPathComponent("seeds/001_931eb61caecda62d.txt")
        let text = try String(contentsOf: url, encoding: .utf8)
        var traditional = ""
        for scalar in text.unicodeScalars {
            let back = TraditionalChinese.table.first { $0.value == scalar }?.key
            traditional.unicodeScalars.append(back ?? scalar)
        }
        #expect(traditional != text)
        let original = ReportReader.read(text: text)
        let read = ReportReader.read(text: traditional)
        #expect(read.table2 == original.table2)
        #expect(read.table3 == original.table3)
        #expect(read.table4 == original.table4)
        #expect(read.agency == original.agency)
        #expect(read.year == original.year)
        #expect(read.sections?.map(\.number) == original.sections?.map(\.number))
        #expect(read.findings.first?.code == .traditionalScript)
    }

    @Test("Spam lines injected between the rows of a table do not change a number")
    func spam() throws {
        for (i, report) in sampleReports(30, seed: 23).enumerated() {
            let lines = ReportShapes.text(report, layout: .tabs).components(separatedBy: "\n")
            var spammed: [String] = []
            for (k, line) in lines.enumerated() {
                spammed.append(line)
                if k % 7 == 3 { spammed.append("【广告】澳门首家线上娱乐平台，注册即送888元，详询微信 vip888") }
            }
            let read = ReportReader.read(text: spammed.joined(separator: "\n"))
            expectNoSilentError(read, original: report, "spam #\(i)")
        }
    }

    @Test("A PDF's page breaks as its converter keeps them — page numbers (— 3 —, 第 3 页 共 7 页, 共7页第3页), the title repeated as a running header, the headers of tables 三 and 四 repeated, a browser's print margins — are no part of a table, in any text shape")
    func pageNumbers() throws {
        let marks = ["— 3 —", "- 4 -", "第 3 页 共 7 页", "共7页第4页", "第5页/共7页", "－ 6 －", "─ 7 ─", "– 8 –"]
        for (i, report) in sampleReports(12, seed: 29).enumerated() {
            for layout in [ReportShapes.Layout.tabs, .cellPerLine] {
                let clean = ReportReader.read(text: ReportShapes.text(report, layout: layout))
                let lines = ReportShapes.text(report, layout: layout).components(separatedBy: "\n")
                var paged: [String] = []
                for (k, line) in lines.enumerated() {
                    paged.append(line)
                    if k % 9 == 4 { paged.append(marks[(k / 9) % marks.count]) }
                }
                let read = ReportReader.read(text: paged.joined(separator: "\n"))
                #expect(read.table2 == clean.table2 && read.table3 == clean.table3 && read.table4 == clean.table4, "#\(i) \(layout)")
                #expect(!read.findings.contains { $0.code == .unreadableText }, "#\(i) \(layout): \(read.findings.map(\.message))")
            }
        }
        // A page break inside tables 三 and 四 as a PDF's converter keeps it: the page number, the report's title
        // repeated at the top of the next page, and the table's header rows repeated over its numbers.
        for (i, report) in sampleReports(12, seed: 31).enumerated() {
            for layout in [ReportShapes.Layout.tabs, .cellPerLine] {
                let text = ReportShapes.text(report, layout: layout)
                let lines = text.components(separatedBy: "\n")
                let head = try #require(lines.firstIndex { $0.contains("申请人情况") })
                let t3 = try #require(lines[head...].firstIndex { $0.contains("予以公开") })
                let t4 = try #require(lines.lastIndex { $0.contains("维持") })
                // Table 四's header (from its 行政复议 cell to the first line of numbers), printed again over the numbers.
                let t4Head = try #require(lines.lastIndex { $0.trimmingCharacters(in: .whitespaces) == "行政复议" || $0.hasPrefix("行政复议\t") })
                let t4Data = try #require(lines[t4Head...].firstIndex { Int($0.trimmingCharacters(in: .whitespaces).components(separatedBy: "\t")[0]) != nil })
                let header = Array(lines[head..<(head + (layout == .tabs ? 3 : 10))])
                let title = "\(report.agency!)\(report.year!)年政府信息公开工作年度报告"
                var paged = lines
                // A portal page printed from a browser: its margins (address and page count, time and page title).
                paged.insert(contentsOf: ["https://www.example.gov.cn/art/2025/1/20/art_1229_5821.html\t3/5", "2025/1/20 上午10:15\t\(title)"],
                             at: t4Data)
                paged.insert(contentsOf: ["第 8 页 共 9 页"] + lines[t4Head..<t4Data], at: t4Data)
                paged.insert(contentsOf: ["- 7 -", "", title, ""], at: t4 + 2)
                paged.insert(contentsOf: ["第 5 页 共 9 页", title] + header, at: t3 + 8)
                let read = ReportReader.read(text: paged.joined(separator: "\n"))
                let clean = ReportReader.read(text: text)
                #expect(read.table2 == clean.table2 && read.table3 == clean.table3 && read.table4 == clean.table4, "#\(i) \(layout)")
                #expect(read.findings.map(\.code) == clean.findings.map(\.code), "#\(i) \(layout): \(read.findings.map(\.message))")
            }
        }
        #expect(SourceLines.isPrintMargin("www.example.gov.cn 2/7") && SourceLines.isPrintMargin("2025/1/20 下午 3:05")
            && SourceLines.isPrintMargin("2025/1/20 10:15 某某局2024年政府信息公开工作年度报告_某某市人民政府"))
        #expect(!SourceLines.isPrintMargin("2025/1/20 印发") && !SourceLines.isPrintMargin("www.gov.cn 中国政府网")
            && !SourceLines.isPrintMargin("2025/1/20 10:15 召开专题会议"))
        // Numbers and prose that only look alike stay.
        #expect(!PDFText.isPageNumber("第3项") && !PDFText.isPageNumber("-") && !PDFText.isPageNumber("共计 3 件")
            && !PDFText.isPageNumber("3") && !PDFText.isPageNumber("第一页") && !PDFText.isPageNumber("—— 2024 ——"))
    }
}

@Suite("Reading Word documents")
struct DocxTests {
    @Test("DOCX with the official merged cells reads back exactly")
    func documents() throws {
        for (i, report) in sampleReports(40, seed: 31).enumerated() {
            let read = try ReportReader.read(bytes: [UInt8](try DocxShapes.docx(report)))
            expectSameReport(read, report, "docx fixture #\(i)")
            #expect(read.findings.isEmpty, "#\(i): \(read.findings.map(\.message))")
        }
    }

    @Test("A zip bomb, a ZIP without a document, and a truncated file are refused with a clear reason")
    func refusals() throws {
        // 100 MB of zeros deflates to about 100 KB.
        let bomb = try DocxShapes.archive([("word/document.xml", Data(count: 100 * 1024 * 1024))])
        #expect(bomb.count < 2 * 1024 * 1024)
        #expect(throws: ReadError(reason: "DOCX 正文部分声明大小 100 MB，超过上限 8 MB，拒绝读取")) {
            try ReportReader.read(bytes: [UInt8](bomb))
        }
        let notWord = try DocxShapes.archive([("readme.txt", Data("hello".utf8))])
        #expect(throws: ReadError(reason: "ZIP 文件中没有 word/document.xml，不是 Word（DOCX）文档")) {
            try ReportReader.read(bytes: [UInt8](notWord))
        }
        let good = try DocxShapes.docx(sampleReports(1, seed: 32)[0])
        #expect(throws: ReadError.self) { try ReportReader.read(bytes: [UInt8](good.prefix(good.count / 2))) }
    }

    @Test("Regressions found by libFuzzer: a bad name in the XML, a ZIP that seeks past its end — refused, never a crash",
          arguments: [
              ("fuzz-xml-invalid-utf8-name.docx", "DOCX 文件中的 word/document.xml 不是有效的 UTF-8 文本（文件已损坏），拒绝读取"),
              ("fuzz-zip-seek-past-end.docx", nil),
          ])
    func fuzzRegressions(name: String, reason: String?) throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
        let bytes = [UInt8](try Data(contentsOf: url))
        if let reason {
            #expect(throws: ReadError(reason: reason)) { try ReportReader.read(bytes: bytes) }
        } else {
            _ = try? ReportReader.read(bytes: bytes)
        }
    }

    @Test("A part that inflates past the limit although its header says otherwise is stopped while inflating")
    func lyingHeader() throws {
        var bomb = [UInt8](try DocxShapes.archive([("word/document.xml", Data(count: 70 * 1024 * 1024))]))
        // Rewrite the declared uncompressed size (local header offset 22, central directory entry offset 24) to 1 KB.
        func patch(_ offset: Int) { bomb[offset] = 0; bomb[offset + 1] = 4; bomb[offset + 2] = 0; bomb[offset + 3] = 0 }
        patch(22)
        if let central = (0..<bomb.count - 4).last(where: { bomb[$0] == 0x50 && bomb[$0 + 1] == 0x4B && bomb[$0 + 2] == 1 && bomb[$0 + 3] == 2 }) {
            patch(central + 24)
        }
        #expect(throws: ReadError(reason: "DOCX 正文部分解压后超过 8 MB（疑似压缩炸弹），拒绝读取")) {
            try ReportReader.read(bytes: bomb)
        }
    }
}

@Suite("Reading PDF files (LibreOffice makes them from DOCX; pdftotext reads them)", .serialized)
struct PDFTests {
    static func pdfs(from documents: [Data]) throws -> [Data] { try DocxShapes.pdfs(from: documents) }

    @Test("PDFs made from DOCX: every cell right or null with a finding")
    func pdfs() throws {
        let reports = sampleReports(6, seed: 41)
        let files = try Self.pdfs(from: reports.map { try DocxShapes.docx($0) })
        var correct = 0
        for (i, (report, pdf)) in zip(reports, files).enumerated() {
            let read = try ReportReader.read(bytes: [UInt8](pdf))
            #expect(read.year == report.year && read.agency == report.agency, "#\(i)")
            correct += expectNoSilentError(read, original: report, "pdf #\(i)")
        }
        #expect(correct > 1000, "PDF: only \(correct) cells read correctly")
    }

    @Test("A number wrapped around its row's line in a centred cell is joined, the first digits of one at its cell's foot marked; the end of the row above is not taken for either")
    func centredWraps() {
        let lines = ["二、上年结转政府信息公开申请数量     111   74    0     37    111   74   407",
                     "三                    769                                791",
                     "      （一）予以公开              74    111    0     0    37",
                     "                      6                                  8"]
        let (joined, kept) = PDFText.joinCentredWraps(lines)
        #expect(joined[1].hasPrefix(String(PDFText.wrapMark)) && joined[1].contains("7696") && joined[1].contains("7918")
                && !joined[3].contains("6"), "\(joined)")
        #expect(kept == [1, 3])
        // The row above keeps its own numbers: 111 is not made 111769.
        #expect(PDFText.joinWrappedDigits(joined, keeping: kept)[0] == lines[0])
        // Three lines of which the middle one has no numbers are no wrap.
        #expect(PDFText.joinCentredWraps(["   12   30", "（三）不予公开", "   5   1"]).joined.isEmpty)
        // Numbers at the foot of their cells: the first digits stand alone over the row (which of its numbers they
        // begin is the row's totals' to say), marked so.
        let foot = PDFText.joinCentredWraps(["                     126                                130",
                                             "一、本年新收政府信息公开申请数量      17   111   111   185    37   0     61",
                                             "二、上年结转政府信息公开申请数量     111    74    0     37   111   74   407"])
        #expect(foot.joined == [0] && foot.lines[0].hasPrefix(String(PDFText.prefixMark)) && foot.lines[1...] == ["一、本年新收政府信息公开申请数量      17   111   111   185    37   0     61", "二、上年结转政府信息公开申请数量     111    74    0     37   111   74   407"])
    }

    @Test("PDFs as agencies print them: A4 pages with page numbers inside the tables, a wrapped title, 三、本年度办理结果 a character a line, wrapped labels and header, large numbers — every cell right or null with a finding")
    func agencyPDFs() throws {
        var rng = SeededGenerator(seed: 43)
        let reports = (0..<6).map { i in
            var report = ReportGenerator().report(format: i % 3 == 0 ? .y2019 : .y2021, scale: [.small, .large, .large][i % 3], using: &rng)
            // Large cities': four- and five-digit applications, five- and six-digit totals (every sum still holds),
            // table 二 in the hundred thousands and millions.
            if i >= 4 {
                let factor = i == 4 ? 9 : 37
                for row in report.table3!.rowKeys { report.table3![row] = report.table3![row].map { $0.map { $0 * factor } } }
                for cell in report.table2!.cells {
                    report.table2![cell.row, cell.field] = report.table2![cell.row, cell.field].map { $0 * 4_999 }
                }
            }
            report.sections = OversightShapes.sections(for: report, length: 2, using: &rng)
            return report
        }
        // Numbers centred in their cells, and (every other report) at their cells' foot.
        let files = try Self.pdfs(from: reports.enumerated().map { i, report in
            try DocxShapes.docx(report, style: i % 2 == 0 ? .agency : .agencyNumbersBelow)
        })
        var correct = 0, total = 0
        for (i, (report, pdf)) in zip(reports, files).enumerated() {
            if let dir = ProcessInfo.processInfo.environment["GONGKAI_KEEP_PDF"] {
                try pdf.write(to: URL(fileURLWithPath: "\(dir)/agency-\(i).pdf"))
            }
            let text = try PDFText.plainText(of: [UInt8](pdf))
            #expect(text.contains("— 2 —"), "#\(i): the page number stands in the text")
            let read = try ReportReader.read(bytes: [UInt8](pdf))
            #expect(read.year == report.year && read.agency == report.agency && read.format == report.format, "#\(i)")
            // Pieces of labels wrapped among the numbers are no stray text; no section is missed.
            let false_ = read.findings.filter { $0.code == .missingSection || $0.code == .unreadableText }
            #expect(false_.isEmpty, "#\(i): \(false_.map(\.message))")
            correct += expectNoSilentError(read, original: report, "agency pdf #\(i)")
            total += (report.table3.map { $0.rowKeys.count * 7 } ?? 0) + 15 + (report.table2?.cells.count ?? 0)
        }
        // Five-digit totals wrap in their narrow centred cells around the row's line (`103` above it, `5` below):
        // joined, and placed in the row by its totals.
        #expect(correct == total, "agency PDFs: \(correct) of \(total) cells read")
    }
}

@Suite("Markdown as crawlers and converters write it")
struct MarkdownVariantTests {
    @Test("Zero-width spaces and byte-order marks inside pipe rows are taken out; rows with “” and （） read as plain rows")
    func artefactsInRows() throws {
        for (i, report) in sampleReports(10, seed: 57).enumerated() {
            let rows = ReportShapes.text(report, layout: .tabs).components(separatedBy: "\n").enumerated().map { k, line -> String in
                let cells = line.components(separatedBy: "\t")
                guard cells.count > 1 else { return line }
                // Every third row has a zero-width space after its label's first character, every fifth a BOM.
                var label = cells[0]
                if k % 3 == 0, !label.isEmpty { label.insert("\u{200B}", at: label.index(after: label.startIndex)) }
                if k % 5 == 0 { label = "\u{FEFF}" + label }
                return "| " + ([label] + cells.dropFirst()).joined(separator: " | ") + " |"
            }
            let read = ReportReader.read(text: rows.joined(separator: "\n"))
            #expect(read.table2 == report.table2 && read.table3 == report.table3 && read.table4 == report.table4, "#\(i)")
            #expect(!read.findings.contains { $0.code == .unreadableText }, "#\(i)")
        }
    }

    @Test("A pipe per line, stray pipe lines, cells padded with |||")
    func pipeVariants() throws {
        for (i, report) in sampleReports(20, seed: 51).enumerated() {
            // Every cell on a line of its own between pipes, with stray "|" lines between rows.
            var lines: [String] = []
            for line in ReportShapes.text(report, layout: .tabs).components(separatedBy: "\n") {
                let cells = line.components(separatedBy: "\t")
                if cells.count > 1 {
                    lines += cells.map { "| \($0) |" }
                    lines.append("|")
                } else {
                    lines.append(line)
                }
            }
            let perLine = ReportReader.read(text: lines.joined(separator: "\n"))
            expectNoSilentError(perLine, original: report, "pipe per line #\(i)")
            #expect(perLine.table4 == report.table4, "#\(i)")
            // Whole rows with empty cells written as |||.
            let padded = ReportShapes.text(report, layout: .tabs).components(separatedBy: "\n").map { line -> String in
                let cells = line.components(separatedBy: "\t")
                return cells.count > 1 ? "|" + cells.joined(separator: "|") + "|||" : line
            }
            let read = ReportReader.read(text: padded.joined(separator: "\n"))
            #expect(read.table3 == report.table3, "padded #\(i)")
            #expect(read.table2 == report.table2, "padded #\(i)")
        }
    }
}

@Suite("Titles, years and dates as agencies write them")
struct HeaderTests {
    func header(_ top: [String], bottom: [String]) -> DocumentHeader {
        let body = ["一、总体情况", "本年度工作平稳开展。", "六、其他需要报告的事项", "无。"]
        return DocumentHeader(lines: SourceLines.split((top + body + bottom).joined(separator: "\n")))
    }

    @Test("Title variants", arguments: [
        (["宁海县卫生健康局2021年政府信息公开工作年度报告"], "宁海县卫生健康局", 2021),
        (["宁海县卫生健康局2022年度政府信息公开工作报告"], "宁海县卫生健康局", 2022),
        (["关于宁海县卫生健康局2023年政府信息公开工作年度报告"], "宁海县卫生健康局", 2023),
        (["首页 > 政务公开 > 政府信息公开年报", "宁海县人民政府", "2020 年政府信息公开工作年度报告"], "宁海县人民政府", 2020),
        (["2021年南关区卫健局", "政府信息公开工作年度报告"], "南关区卫健局", 2021),
    ])
    func titles(top: [String], agency: String, year: Int) {
        let h = header(top, bottom: [])
        #expect(h.agency == agency)
        #expect(h.year == year)
    }

    @Test("A year given only by the statistics period")
    func statisticsPeriod() {
        let h = header(["某某局政府信息公开工作年度报告", "本报告统计数据时限为2024年1月1日至2024年12月31日。"], bottom: [])
        #expect(h.year == 2024)
    }

    @Test("Signature dates: arabic, ISO, and Chinese numerals; the signature's full name replaces an abbreviation",
          arguments: [("2022年1月7日", "2022-01-07"), ("2022-01-07", "2022-01-07"), ("二〇二二年一月二十日", "2022-01-20"),
                      ("二〇二三年十二月三十一日", "2023-12-31")])
    func dates(written: String, iso: String) {
        let h = header(["2021年南关区卫健局", "政府信息公开工作年度报告"], bottom: ["南关区卫生健康局", written])
        #expect(h.publishedOn == CivilDate(iso: iso))
        #expect(h.agency == "南关区卫生健康局")
    }
}

@Suite("Writer → reader round trips")
struct RoundTripTests {
    @Test("HTML pages and fragments written by the renderer read back as the identical report",
          arguments: [HTMLRenderer.Mode.page, .fragment])
    func html(mode: HTMLRenderer.Mode) throws {
        var rng = SeededGenerator(seed: 61)
        for i in 0..<80 {
            var report = ReportGenerator().report(format: i % 2 == 0 ? .y2019 : .y2021,
                                                  scale: [.zero, .small, .large][i % 3], using: &rng)
            // Null cells too: they are written blank and must come back null (or worked out and said so).
            if i % 4 == 1 { report.table4![.reconsideration] = [nil, nil, nil, nil, nil] }
            if i % 5 == 2 { report.table2 = nil }
            let read = ReportReader.read(text: HTMLRenderer.render(report.rechecked(), mode: mode))
            expectSameReport(read, report, "html #\(i)")
        }
    }
}

@Suite("DOCX writer", .serialized)
struct DocxWriterTests {
    @Test("DOCX written by the renderer reads back as the identical report, both formats, with null cells")
    func roundTrip() throws {
        var rng = SeededGenerator(seed: 71)
        for i in 0..<60 {
            var report = ReportGenerator().report(format: i % 2 == 0 ? .y2019 : .y2021,
                                                  scale: [.zero, .small, .large][i % 3], using: &rng)
            if i % 4 == 1 { report.table4![.litigationDirect] = [nil, nil, nil, nil, nil] }
            if i % 5 == 2 { report.sections![0].text = "含有<尖括号>、&符号和“引号”的正文。" }
            let read = try ReportReader.read(bytes: [UInt8](try DocxRenderer.render(report)))
            expectSameReport(read, report, "docx #\(i)")
        }
    }

    @Test("LibreOffice turns rendered DOCX of both formats into PDF; its text holds every label and number")
    func libreOffice() throws {
        var rng = SeededGenerator(seed: 72)
        let reports = [ReportGenerator().report(format: .y2021, scale: .large, using: &rng),
                       ReportGenerator().report(format: .y2019, scale: .small, using: &rng)]
        let pdfs = try PDFTests.pdfs(from: try reports.map { try DocxRenderer.render($0) })
        for (report, pdf) in zip(reports, pdfs) {
            let text = try PDFText.plainText(of: [UInt8](pdf)).filter { !$0.isWhitespace }
            var labels = report.format.spec.table3Rows.flatMap { [$0.label, $0.group, $0.part].compactMap { $0 } }
            labels += report.format.spec.table2.flatMap { [$0.header] + $0.fields.map(\.label) + $0.rows.map(\.label) }
            labels += report.format.spec.sections.map(\.heading) + Table4BlockSpec.columns + ["行政复议", "未经复议直接起诉", "复议后起诉"]
            for label in Set(labels) {
                #expect(text.contains(label.filter { !$0.isWhitespace }), "\(report.format): «\(label)» missing from the PDF")
            }
            // Every number of table 三's total column and of table 四, in order of appearance.
            for value in report.table3!.rowKeys.compactMap({ report.table3![$0, 6] }) + Table4Block.allCases.flatMap({ report.table4![$0].compactMap { $0 } }) {
                #expect(text.contains(String(value)))
            }
            if let dir = ProcessInfo.processInfo.environment["GONGKAI_KEEP_PDF"] {
                try pdf.write(to: URL(fileURLWithPath: "\(dir)/docx-\(report.format.rawValue).pdf"))
            }
            let read = try ReportReader.read(bytes: [UInt8](pdf))
            expectNoSilentError(read, original: report, "docx→pdf \(report.format)")
        }
    }
}

@Suite("Crawled portal pages and glued table 二 rows (issue: the reader on real published reports)")
struct PortalPageTests {
    @Test("A crawled portal page (crawler header, body on one line, headings inline, cells glued): agency and year from the title, all six sections, every cell right or null with a finding")
    func portalPages() throws {
        var correct = 0, total = 0
        for (i, report) in sampleReports(60, seed: 21).enumerated() {
            let page = ReportShapes.portalPage(report)
            let read = ReportReader.read(text: page)
            #expect(read.agency == report.agency && read.year == report.year, "portal #\(i): \(String(describing: read.agency)) \(String(describing: read.year))")
            #expect(read.publishedOn == report.publishedOn, "portal #\(i): the signature's date")
            #expect(!read.findings.contains { $0.code == .missingSection }, "portal #\(i): \(read.findings.filter { $0.code == .missingSection }.map(\.message))")
            #expect(read.sections?.count == 6, "portal #\(i)")
            #expect(read.format == report.format, "portal #\(i)")
            correct += expectNoSilentError(read, original: report, "portal #\(i)")
            total += 175 + 15 + (report.table2?.cells.count ?? 0)
        }
        #expect(correct * 10 > total * 8, "portal pages: \(correct) of \(total) cells read")
    }

    @Test("Glued rows that each split several ways, every split matching the row's own total, are decided over the whole table; a table the columns cannot decide stays null")
    func wholeTableSolve() throws {
        // 予以公开 1|10 or 11|0, 部分公开 2|20 or 22|0: each alone has two readings; only 1 + 22 fits 总计's 23.
        var rng = SeededGenerator(seed: 1)
        var report = ReportGenerator().report(format: .y2021, scale: .zero, using: &rng)
        report.table3![.granted] = [1, 10, 0, 0, 0, 0, 11]
        report.table3![.partlyGranted] = [22, 0, 0, 0, 0, 0, 22]
        report.table3![.total] = [23, 10, 0, 0, 0, 0, 33]
        report.table3![.received] = [23, 10, 0, 0, 0, 0, 33]
        for row in [Table3Row.granted, .partlyGranted] {
            let candidates = CellReadings.candidates([.number(report.table3![row].map { String($0!) }.joined())], width: 7, layout: .glued)
            #expect(candidates.filter { Array($0.prefix(6)).reduce(0) { $0 + $1! } == $0[6] }.count == 2, "\(row) alone is ambiguous")
        }
        let read = ReportReader.read(text: ReportShapes.text(report, layout: .glued))
        #expect(read.table3 == report.table3)
        #expect(read.findings.contains { $0.code == .cellInferred && $0.location.row == "granted" })

        // The same digits for both outcome rows: 1|10 + 11|0 and 11|0 + 1|10 both make 12|10. Nothing is guessed.
        report.table3![.partlyGranted] = [11, 0, 0, 0, 0, 0, 11]
        report.table3![.total] = [12, 10, 0, 0, 0, 0, 22]
        report.table3![.received] = [12, 10, 0, 0, 0, 0, 22]
        let undecided = ReportReader.read(text: ReportShapes.text(report, layout: .glued))
        expectNoSilentError(undecided, original: report, "symmetric")
        #expect(undecided.table3?[.granted, 0] == nil && undecided.table3?[.total, 0] == 12)
    }

    @Test("A table 二 row whose glued digits split several ways is decided by the prose when it states the row's numbers; otherwise left null")
    func proseDecides() {
        let prose = "本年度，我局制发规范性文件15件，废止6件，截至年底现行有效规范性文件698件。"
        var table = Table2(format: .y2021)
        let options = CellReadings.candidates([.number("156698")], width: 3, layout: .glued).map { $0.map { $0.map { Decimal($0) } } }
        #expect(options.count > 1)
        let findings = ProseFacts.decide(&table, ambiguous: ["normativeDocuments": options], prose: prose)
        #expect(table["normativeDocuments", "issued"] == 15 && table["normativeDocuments", "repealed"] == 6
                && table["normativeDocuments", "inForce"] == 698)
        #expect(findings.map(\.code) == [.table2FromProse])
        // A statement that leaves two splits, two numbers for one field, or a clause naming both rows, decide nothing.
        let short = CellReadings.candidates([.number("1566")], width: 3, layout: .glued).map { $0.map { $0.map { Decimal($0) } } }
        var other = Table2(format: .y2021)
        #expect(ProseFacts.decide(&other, ambiguous: ["normativeDocuments": short], prose: "现行有效规范性文件6件。").isEmpty)
        #expect(other["normativeDocuments", "issued"] == nil)
        #expect(ProseFacts.facts(in: "制发规范性文件15件。另制发规范性文件16件。").isEmpty)
        var both = Table2(format: .y2021)
        #expect(ProseFacts.decide(&both, ambiguous: ["normativeDocuments": options], prose: "规章和规范性文件现行有效698件。").isEmpty)
    }
}

@Suite("Markdown from converters that repeat merged cells")
struct SpannedMarkdownTests {
    @Test("Every merged cell repeated across its span: labels are not read as stray text, table 四 is found, every cell right or null with a finding")
    func spannedMarkdown() {
        var correct = 0, total = 0
        for (i, report) in sampleReports(45, seed: 31).enumerated() {
            let read = ReportReader.read(text: ReportShapes.spannedMarkdown(report))
            #expect(!read.findings.contains { $0.code == .unreadableText }, "spanned #\(i): \(read.findings.filter { $0.code == .unreadableText }.map(\.message))")
            #expect(read.table4 != nil && read.table3 != nil && read.format == report.format, "spanned #\(i)")
            correct += expectNoSilentError(read, original: report, "spanned #\(i)")
            total += 175 + 15 + (report.table2?.cells.count ?? 0)
        }
        #expect(correct * 10 > total * 9, "spanned Markdown: \(correct) of \(total) cells read")
    }
}

@Suite("Excerpts: a report cut off after its first part")
struct ExcerptTests {
    @Test("The year from the title, else the statistics period, else the first sentence of 一、总体情况; none claimed when none is written")
    func excerptYear() {
        let opening = "某某县卫生健康局政府信息公开工作年度报告\n一、总体情况\n2020年，我局认真贯彻落实《条例》，主动公开政府信息120条。\n"
        #expect(ReportReader.read(text: opening).year == 2020)
        let since = "某某县卫生健康局政府信息公开工作年度报告\n一、总体情况\n2022年以来，我局持续推进政务公开。\n"
        #expect(ReportReader.read(text: since).year == 2022)
        let none = "某某县卫生健康局政府信息公开工作年度报告\n一、总体情况\n我局认真贯彻落实《条例》，于2019年建立制度。\n"
        let read = ReportReader.read(text: none)
        #expect(read.year == nil, "a year mentioned in passing is not the report's")
        #expect(read.findings.contains { $0.code == .missingYear })
    }
}

@Suite("Labels damaged in the source")
struct DamagedLabelTests {
    @Test("A table 三 label with characters lost or wrong is known by its place and what is left of it; one with too little left stays null with a finding")
    func damagedLabels() throws {
        for (i, report) in sampleReports(12, seed: 51).enumerated() where report.format == .y2021 {
            for layout in [ReportShapes.Layout.tabs, .glued] {
                let text = ReportShapes.text(report, layout: layout)
                    .replacingOccurrences(of: "2.其他法律行政法规禁止公开", with: "2.其他法律行政止公开")
                    .replacingOccurrences(of: "4.保护第三方合法权益", with: "4.保护第三放合法权益")
                let read = ReportReader.read(text: text)
                expectNoSilentError(read, original: report, "damaged #\(i) \(layout)")
                for row in [Table3Row.withheldProhibitedByLaw, .withheldThirdPartyRights] {
                    #expect(read.table3?[row] == report.table3?[row], "#\(i) \(layout) \(row)")
                    #expect(read.findings.contains { $0.code == .damagedLabel && $0.location.row == row.key }, "#\(i) \(layout) \(row)")
                }
                // Too little of the label left to know it: the row is not guessed.
                let worse = ReportReader.read(text: text.replacingOccurrences(of: "7.属于行政执法案卷", with: "7.某某案"))
                expectNoSilentError(worse, original: report, "worse #\(i) \(layout)")
                #expect(!worse.findings.contains { $0.code == .damagedLabel && $0.location.row == Table3Row.withheldEnforcementFile.key })
            }
        }
    }
}
