import Testing

@testable import GongkaiCore
@testable import GongkaiRendering

@Suite("Dates, numerals, widths, deadlines and rendering")
struct SupportTests {
    @Test("CivilDate: day numbers, weekdays, validity")
    func civilDate() {
        let date = CivilDate(iso: "2024-02-29")!
        #expect(CivilDate(dayNumber: date.dayNumber) == date)
        #expect(date.isoWeekday == 4)  // Thursday
        #expect(CivilDate(iso: "2023-02-29") == nil)
        #expect(CivilDate(iso: "2023-1-05") == nil)
        #expect(CivilDate(year: 1970, month: 1, day: 1)!.dayNumber == 0)
        #expect(date.adding(days: 1).description == "2024-03-01")
        #expect(CivilDate(year: 2025, month: 12, day: 31)!.adding(days: 1).description == "2026-01-01")
        for n in stride(from: -719_000, to: 2_900_000, by: 997) {  // years 1…9909
            let d = CivilDate(dayNumber: n)
            #expect(CivilDate(year: d.year, month: d.month, day: d.day)?.dayNumber == n)
        }
    }

    @Test("Chinese numerals both ways")
    func numerals() {
        #expect((1...99).allSatisfy { ChineseNumeral.value(of: ChineseNumeral.ordinal($0)) == $0 })
        #expect(ChineseNumeral.ordinal(4) == "四")
        #expect(ChineseNumeral.value(of: "两") == 2)
        #expect(ChineseNumeral.value(of: "十十") == nil)
    }

    @Test("Agency kinds for the publication deadline")
    func agencyKinds() {
        #expect(PublicationDeadline.kind(of: "宁海县卫生健康局") == .department)
        #expect(PublicationDeadline.kind(of: "宁波市人民政府") == .government)
        #expect(PublicationDeadline.kind(of: "西店镇人民政府") == .township)
        #expect(PublicationDeadline.kind(of: "大明湖街道办事处") == .township)
        #expect(PublicationDeadline.kind(of: nil) == .unknown)
    }

    @Test("Display width counts Chinese characters as two columns")
    func displayWidth() {
        #expect(DisplayWidth.of("表三") == 4)
        #expect(DisplayWidth.of("T3-BALANCE") == 10)
        #expect(DisplayWidth.of("（一）") == 6)
        #expect(DisplayWidth.padded("错误", to: 6) == "错误  ")
    }

    @Test("Findings as aligned text")
    func findingsText() {
        let findings = [
            Finding(code: .missingCell, severity: .error, message: "表四「行政复议」：整行缺失（5 个数）",
                    location: Location(table: .table4, row: "reconsideration")),
            Finding(code: .missingTable, severity: .error, message: "缺少表二（主动公开政府信息情况）",
                    location: Location(table: .table2)),
            Finding(code: .headingMismatch, severity: .info, message: "编号写法不同", location: Location(section: 1)),
        ]
        #expect(FindingsTextRenderer.render(findings, title: "标题") == """
            标题
            级别  问题            代码              位置           说明
            错误  缺少数字        MISSING-CELL      表四·行政复议  表四「行政复议」：整行缺失（5 个数）
            错误  缺少表格        MISSING-TABLE     表二           缺少表二（主动公开政府信息情况）
            提示  标题与格式不符  HEADING-MISMATCH  第一部分       编号写法不同
            共 3 项：错误 2，警告 0，提示 1

            """)
        #expect(FindingsTextRenderer.render([], title: "标题") == "标题\n未发现问题。\n")
    }

    @Test("Markdown: sections in order, tables in their sections, official labels, blanks for nulls")
    func markdown() {
        var report = Fixtures.report2021()
        report.table3![.granted, 2] = nil
        let md = MarkdownRenderer.render(report.rechecked())
        let headings = md.split(separator: "\n").filter { $0.hasPrefix("#") }
        #expect(headings == [
            "# 宁海县卫生健康局2021年政府信息公开工作年度报告",
            "## 一、总体情况", "## 二、主动公开政府信息情况", "## 三、收到和处理政府信息公开申请情况",
            "## 四、政府信息公开行政复议、行政诉讼情况", "## 五、存在的主要问题及改进情况", "## 六、其他需要报告的事项",
            "## 检查结果",
        ])
        #expect(md.contains("| 行政许可 | 3059 |"))
        #expect(md.contains("| 行政事业性收费 | 12.5 |"))
        #expect(md.contains("| 三、本年度办理结果 | （一）予以公开 |   | 20 | 3 |   | 1 | 0 | 0 | 24 |"))
        #expect(md.contains("|   | （三）不予公开 | 1.属于国家秘密 | 0 |"))
        #expect(md.contains("|   |   | 2.其他法律行政法规禁止公开 |"))
        #expect(md.contains("| 行政诉讼·未经复议直接起诉 | 1 | 0 | 0 | 0 | 1 |"))
        #expect(md.contains("- 错误 `MISSING-CELL`：表三「予以公开」：缺少科研机构（1 个数）"))
        #expect(md.contains("2022年1月20日"))
    }
}
