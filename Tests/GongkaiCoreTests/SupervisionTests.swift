import Foundation
import GongkaiCore
import Testing

@Suite("Supervision: roster and 雷同")
struct SupervisionTests {
    static let header = "名称,统一社会信用代码,层级,上级,备注\n"

    @Test("A roster in GB18030 with quoted fields, extra columns and a local deadline")
    func rosterGB18030() throws {
        let text = "序号,名称,统一社会信用代码,层级,上级,发布期限\n"
            + "1,示例县卫生健康局,11330100MB0000000N,部门,示例县人民政府,1月25日\n"
            + "2,\"示例县人民政府\",,县级以上人民政府,示例市人民政府,\n"
            + "3,示例县城关镇人民政府,,乡镇街道,示例县人民政府,03-25\n"
        let bytes = [UInt8](text.data(using: TextFile.gb18030)!)
        let (units, errors) = RosterFile.parse(bytes)
        #expect(errors.isEmpty)
        #expect(units.map(\.name) == ["示例县卫生健康局", "示例县人民政府", "示例县城关镇人民政府"])
        #expect(units[0].level == .department && units[0].creditCode == "11330100MB0000000N")
        #expect(units[0].deadline(reportYear: 2024).date == CivilDate(iso: "2025-01-25"))
        #expect(units[1].deadline(reportYear: 2024).date == CivilDate(iso: "2025-03-31"))
        #expect(units[2].deadline(reportYear: 2024).date == CivilDate(iso: "2025-03-25"))
        // A township with no local date has no deadline.
        #expect(RosterUnit(name: "某镇", level: .township).deadline(reportYear: 2024).date == nil)
    }

    @Test("Every wrong line is named, and nothing is read from a file with one")
    func rosterErrors() {
        let text = Self.header + "甲局,123,部门,,\n乙局,,处室,,\n甲局,,部门,,\n,,部门,,\n"
        let (units, errors) = RosterFile.parse(Array(text.utf8))
        #expect(units.isEmpty)
        #expect(errors.count == 4)
        #expect(errors[0].hasPrefix("第 2 行「统一社会信用代码」123"))
        #expect(errors[1].contains("第 3 行「层级」「处室」不认识"))
        #expect(errors[2] == "第 4 行「甲局」与第 2 行重复")
        #expect(errors[3] == "第 5 行「名称」为空")
        let noHeader = RosterFile.parse(Array("名称,层级\n甲局,部门\n".utf8)).errors
        #expect(noHeader == ["第 1 行：表头缺少「统一社会信用代码」「上级」列（表头应为「名称,统一社会信用代码,层级,上级」，其他列忽略）"])
    }

    static let own = "围绕惠民安康行动推进政务公开专区建设，在城东片区设立公开查阅点十二个，组织乡村干部专题培训，群众满意度明显提升。"
        + "依托智慧政务平台优化政策解读栏目，编印惠企政策明白纸，基层群众获取信息更加便捷。"
    static let other = "结合老旧小区改造项目规范信息发布审核制度，编制重点领域公开清单，社会关注热点得到及时回应。"
        + "深化政府开放日活动，邀请人大代表政协委员走进机关，工作人员业务能力有所增强。"

    static func document(_ id: Int, unit: Int, _ text: String, name: String = "") -> TextReuse.Document {
        TextReuse.Document(id: id, unit: unit, sections: [ReportSection(number: 1, heading: "一、总体情况", text: text)], removing: [name])
    }

    @Test("A section copied from another unit is found, with its name changed and new figures; different text is not")
    func reuseAcrossUnits() {
        let copied = Self.own.replacingOccurrences(of: "十二", with: "8") .replacingOccurrences(of: "甲局", with: "乙局")
        let matches = TextReuse.matches(current: [
            Self.document(1, unit: 1, "甲局" + Self.own, name: "甲局"),
            Self.document(2, unit: 2, "乙局" + copied, name: "乙局"),
            Self.document(3, unit: 3, Self.other),
        ])
        #expect(Set(matches.map { [$0.report, $0.other] }) == [[1, 2], [2, 1]])
        #expect(matches.allSatisfy { $0.share > 0.9 && !$0.sameUnit && $0.section == 1 })
    }

    @Test("A section kept from the unit's own previous year is found; wording every unit uses is no copy")
    func reuseAcrossYears() {
        let boilerplate = "本机关认真贯彻落实中华人民共和国政府信息公开条例扎实推进政务公开工作。"
        // Twelve units that write the same opening and little else of their own.
        let current = (1...12).map { n in Self.document(n, unit: n, boilerplate + "本单位全年按要求完成各项工作任务。") }
            + [Self.document(20, unit: 20, boilerplate + Self.own)]
        let previous = [Self.document(120, unit: 20, Self.own + Self.other)]
        let matches = TextReuse.matches(current: current, previous: previous)
        // All of unit 20's own text is last year's; the common opening counts on neither side.
        #expect(matches.map { [$0.report, $0.other] } == [[20, 120]])
        #expect(matches[0].sameUnit && matches[0].share > 0.9)
    }

    @Test("Long sections are measured on a sample: a copy of 70 % is found with about that share, one of 40 % is not, and the sample stays small")
    func reuseSampled() {
        var random = SeededGenerator(seed: 12)
        // Text of random ideographs from a small range (so that shingles are distinct), 2,000 characters a section.
        func text(_ count: Int) -> String {
            String(String.UnicodeScalarView((0..<count).map { _ in Unicode.Scalar(UInt32.random(in: 0x4E00...0x4FFF, using: &random))! }))
        }
        let a = text(2_000)
        let b = String(a.prefix(1_400)) + text(600)
        let c = String(a.prefix(800)) + text(1_200)
        let others = (10..<40).map { Self.document($0, unit: $0, text(2_000)) }
        let matches = TextReuse.matches(current: [Self.document(1, unit: 1, a), Self.document(2, unit: 2, b), Self.document(3, unit: 3, c)] + others)
        let exact = Double(Set(TextReuse.shingles(b, removing: [])).intersection(TextReuse.shingles(a, removing: [])).count)
            / Double(TextReuse.shingles(b, removing: []).count)
        let found = matches.first { $0.report == 2 && $0.other == 1 }
        #expect(abs((found?.share ?? 0) - exact) < 0.12, "estimated \(found?.share ?? 0), exact \(exact)")
        #expect(!matches.contains { $0.report == 3 })
        #expect(!matches.contains { $0.report >= 10 })
        #expect(Self.document(9, unit: 9, text(20_000)).sampleCount <= TextReuse.samples)
    }

    @Test("Reused sentences are marked for the side-by-side view")
    func sentences() {
        let marked = TextReuse.sentences(of: Self.own + Self.other, against: Self.own, removing: [])
        #expect(marked.map(\.reused) == [true, true, false, false])
    }

    @Test("CSV rows: quotes, doubled quotes, CRLF, line breaks inside a field")
    func csv() {
        let rows = CSV.rows("a,\"b,c\",\"d\"\"e\"\r\n\"x\ny\",z\n")
        #expect(rows.map(\.fields) == [["a", "b,c", "d\"e"], ["x\ny", "z"]])
        #expect(rows.map(\.line) == [1, 2])
        #expect(CSV.field("a,b") == "\"a,b\"" && CSV.field("ab") == "ab")
    }
}
