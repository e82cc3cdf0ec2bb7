import Foundation
import Testing

@testable import GongkaiCore

@Suite("The report JSON contract: writing, reading, and clear errors")
struct JSONTests {
    /// Random reports of both formats with some cells, tables and fields set to null, and findings attached.
    static func randomReports(count: Int, seed: UInt64) -> [AnnualReport] {
        var rng = SeededGenerator(seed: seed)
        let generator = ReportGenerator()
        return (0..<count).map { i in
            var report = generator.report(format: i % 2 == 0 ? .y2019 : .y2021,
                                          scale: ReportGenerator.Scale.allCases[i % 3], using: &rng)
            if i % 5 == 1 { report.table3![.granted, Int.random(in: 0..<7, using: &rng)] = nil }
            if i % 7 == 2 { report.table4![.reconsideration] = [nil, nil, nil, nil, nil] }
            if i % 11 == 3 { report.table2 = nil }
            if i % 13 == 4 { report.sections = nil }
            if i % 3 == 0 { report.publishedOn = nil; report.agency = nil }
            if i % 4 == 0, let row = report.format.spec.table2Rows.last, let field = row.fields.last {
                report.table2?[row.key, field.key] = Decimal(string: "1234.56")
            }
            if i % 6 == 5 { report.sections?[0].text = "含有“引号”、\\反斜杠\\、\t制表符和\n换行的正文。" }
            return report.rechecked()
        }
    }

    @Test("Write then read gives the identical report, for both formats, with nulls and findings")
    func roundTrip() throws {
        for report in Self.randomReports(count: 300, seed: 5) {
            for style in [JSONWriter.Style.pretty, .compact] {
                let text = report.jsonText(style: style)
                let back = try AnnualReport(jsonBytes: Array(text.utf8))
                #expect(back == report)
            }
        }
    }

    @Test("Keys come in the contract's order and arrays of cells stay on one line")
    func layout() throws {
        let text = Fixtures.report2021().rechecked().jsonText()
        let keys = ["\"schemaVersion\"", "\"format\"", "\"agency\"", "\"year\"", "\"publishedOn\"", "\"sections\"",
                    "\"table2\"", "\"table3\"", "\"table4\"", "\"findings\""]
        let positions = keys.map { text.range(of: $0)!.lowerBound }
        #expect(positions == positions.sorted())
        #expect(text.contains("\"received\": [38, 4, 0, 1, 1, 0, 44],"))
        #expect(text.contains("\"amount\": 12.5"))
        #expect(text.contains("\"agency\": \"宁海县卫生健康局\""))
        #expect(text.contains("\"publishedOn\": \"2022-01-20\""))
    }

    @Test("Reads the seeds' expected files (no sections key, null table, null cells)")
    func readsSeedExpectations() throws {
        let text = """
            {"schemaVersion": 1, "agency": "建宁县卫生健康局", "year": 2020, "format": "2019",
             "publishedOn": "2021-01-12", "table2": null,
             "table3": {"received": [0,0,0,0,0,0,0], "otherHandling": [0,0,0,0,0,0,0]},
             "table4": {"reconsideration": [null,null,null,null,null], "litigationDirect": [0,0,0,0,0],
                        "litigationAfterReconsideration": [0,0,0,0,0]}}
            """
        let report = try AnnualReport(jsonBytes: Array(text.utf8))
        #expect(report.format == .y2019)
        #expect(report.sections == nil)
        #expect(report.table2 == nil)
        #expect(report.table3?[.otherHandling] == [0, 0, 0, 0, 0, 0, 0])
        #expect(report.table3?[.granted] == [nil, nil, nil, nil, nil, nil, nil])
        #expect(report.table4?[.reconsideration] == [nil, nil, nil, nil, nil])
        #expect(report.publishedOn == CivilDate(year: 2021, month: 1, day: 12))
    }

    @Test("Errors name the line and the field, in Chinese", arguments: [
        ("{\n  \"format\": \"2021\",\n  \"table3\": {\"received\": [0, 0, 0, 0, 0, 0]}\n}",
         "第 3 行，字段 table3.received：应有 7 个数，实际有 6 个"),
        ("{\n  \"format\": \"2020\"\n}", "第 2 行，字段 format：未知的报告格式 \"2020\"（应为 \"2019\" 或 \"2021\"）"),
        ("{\"year\": 2021}", "第 1 行，字段 format：缺少报告格式（应为 \"2019\" 或 \"2021\"）"),
        ("{\"format\": \"2019\",\n\"table3\": {\n\"otherHandling.other\": [0,0,0,0,0,0,0]}}",
         "第 3 行，字段 table3.otherHandling.other：2019 年格式的表三没有这一行"),
        ("{\"format\": \"2021\", \"table3\": {\"granted\": [1.5,0,0,0,0,0,0]}}",
         "第 1 行，字段 table3.granted[0]：应为整数，实际是 1.5"),
        ("{\"format\": \"2021\", \"table2\": {\"licensing\": {\"decisions\": \"3\"}}}",
         "第 1 行，字段 table2.licensing.decisions：应为数字，实际是字符串"),
        ("{\"format\": \"2021\", \"table2\": {\"procurement\": {}}}",
         "第 1 行，字段 table2.procurement：2021 年格式的表二没有这一行（应为 rules、normativeDocuments、licensing、penalty、coercion、fees 之一）"),
        ("{\"format\": \"2021\", \"publishedOn\": \"2022-02-30\"}",
         "第 1 行，字段 publishedOn：日期 \"2022-02-30\" 无效（应为 YYYY-MM-DD）"),
        ("{\n\"format\": \"2021\",\n\"year\": 2021,\n}", "第 4 行：JSON 格式错误（第 1 列）：右花括号前有多余的逗号"),
        ("{\"format\": \"2021\" \"year\": 2021}", "第 1 行：JSON 格式错误（第 19 列）：缺少逗号或右花括号，实际是 “\"”"),
        ("{\"format\": \"2021\", \"format\": \"2019\"}", "第 1 行：JSON 格式错误（第 20 列）：键 \"format\" 重复出现"),
        ("[1, 2]", "第 1 行：报告应为 JSON 对象，实际是数组"),
        ("", "第 1 行：JSON 格式错误（第 1 列）：内容意外结束，缺少值"),
    ])
    func errors(input: String, message: String) {
        #expect(throws: ReportDecodingError.self) { try AnnualReport(jsonBytes: Array(input.utf8)) }
        do {
            _ = try AnnualReport(jsonBytes: Array(input.utf8))
        } catch {
            #expect(error.description == message)
        }
    }

    @Test("The parser handles escapes, surrogate pairs, a BOM, and refuses hostile nesting")
    func parser() throws {
        let json = try JSONParser.parse(Array("\u{FEFF}{\"a\": \"\\u4e2d\\ud83d\\ude00\\n\", \"b\": [true, null, -1.5e3]}".utf8))
        #expect(json["a"] == .string("中😀\n"))
        #expect(json["b"] == .array([.bool(true), .null, JSON(.number("-1.5e3"))]))
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(deep) }
        for bad in ["01", "1.", "-", "\"\\x\"", "\"abc", "tru", "{\"a\" 1}", "[1,]", "\"\\ud800\""] {
            #expect(throws: JSONSyntaxError.self, "\(bad)") { try JSONParser.parse(bad) }
        }
    }

    @Test("The writer escapes what JSON needs and keeps Chinese as it is")
    func writer() throws {
        let value = JSON.object([("s", .string("引号\"、反斜杠\\、\u{01}")), ("n", .null), ("a", .array([]))])
        #expect(JSONWriter.string(value, style: .compact) == "{\"s\":\"引号\\\"、反斜杠\\\\、\\u0001\",\"n\":null,\"a\":[]}")
        #expect(try JSONParser.parse(JSONWriter.string(value)) == value)
        // Line ends of every kind, JavaScript's line separators, and an escape at either end of the string.
        let ends = JSON.string("\"第一行\n第二行\r\t制表\u{2028}段\u{2029}末\u{1F}€😀\\")
        #expect(JSONWriter.string(ends, style: .compact) == #""\"第一行\n第二行\r\t制表\u2028段\u2029末\u001f€😀\\""#)
        #expect(try JSONParser.parse(JSONWriter.string(ends)) == ends)
        #expect(JSONWriter.string(.string(""), style: .compact) == "\"\"")
    }
}
