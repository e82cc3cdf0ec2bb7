import Testing

@testable import GongkaiCore

@Suite("The proactive-disclosure catalogue: records, 索引号, table 二, Chinese search pieces")
struct CatalogueTests {
    static func d(_ text: String) -> CivilDate { CivilDate(iso: text)! }

    @Test("The historical 索引号 forms of real sites are accepted; broken ones are named", arguments: [
        ("0142768-8/2022-00185", true), ("053533505/2021-00106", true), ("11620622013933539B/2021-03844", true),
        ("01527918X-2020-153077", true), ("j602402--2023-0165", true),
    ])
    func historicalForms(number: String, accepted: Bool) {
        if case .broken(let reason) = IndexNumber.check(number) { Issue.record("\(number) refused: \(reason)") }
    }

    @Test("Broken numbers are refused with the reason")
    func brokenNumbers() {
        #expect(IndexNumber.check("null02D/01A/D3C20190807") == .broken("索引号含有“null”：是模板未生成的编号，不是真实的索引号"))
        #expect(IndexNumber.check("  ") == .broken("索引号为空"))
        #expect(IndexNumber.check("053533506/2021-00106") == .broken("索引号前段码（组织机构代码）的校验位不对，应为 5"))
        #expect(IndexNumber.check("11620622013933539A/2021-03844") == .broken("索引号前段码：统一社会信用代码的校验位不对，请核对"))
        #expect(IndexNumber.check("0142768-8/2022-00185") == .standard(prefix: "0142768-8", year: 2022, serial: 185))
        #expect(IndexNumber.Rule(prefix: "11620622013933539B").number(year: 2026, serial: 7) == "11620622013933539B/2026-00007")
    }

    @Test("CATALOGUE-JSONL: the contract's example reads; a wrong line names its line, record and field")
    func jsonLines() {
        let good = #"{"indexNumber": "11620622013933539B/2025-00012", "title": "关于印发《某某办法》的通知", "summary": "明确考核内容。", "formedOn": "2025-03-01", "publishedOn": "2025-03-10", "issuer": "某某局", "documentNumber": "宁卫〔2025〕12号", "kind": "normativeDocument", "article20": 1, "validity": "inForce", "validityChangedOn": null, "disclosure": "proactive", "interprets": null, "text": "各乡镇……"}"#
        let (records, errors) = CatalogueFile.parse(Array((good + "\n" + good.replacingOccurrences(of: "\"inForce\"", with: "\"repealed\"") + "\n"
            + #"{"title": "", "summary": "x", "formedOn": "2025-01-01", "kind": "notice", "disclosure": "proactive"}"#).utf8))
        #expect(records.count == 1)
        #expect(records.first?.documentNumber == "宁卫〔2025〕12号" && records.first?.validity == .inForce)
        #expect(errors.map(\.description) == [
            "第 2 行（记录 11620622013933539B/2025-00012），字段 validityChangedOn：废止或失效的记录应写明日期 validityChangedOn",
            "第 3 行，字段 title：名称不能为空（条例第十二条）",
        ])
        let written = CatalogueFile.write(records)
        #expect(CatalogueFile.parse(Array(written.utf8)).records == records, "export reads back as it was")
    }

    @Test("CATALOGUE-JSONL additions: replacedBy only on a repealed or expired document, attachments by path or by SHA-256 and size; read back as written")
    func linksAndAttachments() {
        let base = #"{"indexNumber": "053533505/2021-00106", "title": "关于印发《某某办法》的通知", "summary": "明确考核内容。", "formedOn": "2021-03-01", "publishedOn": "2021-03-02", "kind": "normativeDocument", "disclosure": "proactive", "#
        let digest = String(repeating: "ab", count: 32)
        let lines = [
            base + #""validity": "repealed", "validityChangedOn": "2023-01-01", "replacedBy": "053533505/2023-00007", "attachments": [{"name": "附件.pdf", "sha256": "\#(digest)", "bytes": 1200}]}"#,
            base.replacingOccurrences(of: "00106", with: "00107") + #""validity": "inForce", "replacedBy": "053533505/2023-00007"}"#,
            base.replacingOccurrences(of: "00106", with: "00108") + #""validity": "inForce", "attachments": [{"name": "a/b.pdf", "path": "x"}]}"#,
            base.replacingOccurrences(of: "00106", with: "00109") + #""validity": "inForce", "attachments": [{"name": "表.xlsx", "sha256": "12"}]}"#,
            base.replacingOccurrences(of: "00106", with: "00110") + #""validity": "inForce", "attachments": [{"name": "表.xlsx"}]}"#,
            base.replacingOccurrences(of: "00106", with: "00111") + #""validity": "inForce", "attachments": [{"name": "表.xlsx", "path": "files/表.xlsx"}]}"#,
        ]
        let (records, errors) = CatalogueFile.parse(Array(lines.joined(separator: "\n").utf8))
        #expect(errors.map(\.description) == [
            "第 2 行（记录 053533505/2021-00107），字段 replacedBy：只有废止或失效的文件写 replacedBy（替代它的文件的索引号）",
            "第 3 行（记录 053533505/2021-00108），字段 attachments[0].name：附件名称“a/b.pdf”不能含有斜杠或控制字符",
            "第 4 行（记录 053533505/2021-00109），字段 attachments[0].sha256：应为 64 位十六进制的 SHA-256",
            "第 5 行（记录 053533505/2021-00110），字段 attachments[0].path：附件应给出文件位置 path（相对于本文件），或已在库中的文件的 sha256",
        ])
        #expect(records.count == 2 && records[0].replacedBy == "053533505/2023-00007")
        #expect(records[0].attachments == [CatalogueAttachment(name: "附件.pdf", sha256: digest, size: 1200, mediaType: "application/pdf")])
        #expect(records[1].attachments.first?.path == "files/表.xlsx" && records[1].attachments.first?.mediaType.hasSuffix("spreadsheetml.sheet") == true)
        #expect(CatalogueFile.parse(Array(CatalogueFile.write([records[0]]).utf8)).records == [records[0]], "export reads back as it was")
        #expect(CatalogueAttachment(name: "x", sha256: digest, size: 3_400_000).sizeDescription == "3.2 MB")
    }

    @Test("Table 二 from the records: 现行有效(Y) = 现行有效(Y−1) + 制发 − 废止 for every year of random lifecycles",
          arguments: [UInt64(1), 2, 3, 4, 5])
    func tableTwoIdentity(seed: UInt64) {
        var generator = CatalogueGenerator(seed: seed)
        let records = generator.records(years: 2019...2025, perYear: 60)
        for year in 2020...2025 {
            let now = CatalogueCounts(records: records, year: year)
            let before = CatalogueCounts(records: records, year: year - 1)
            #expect(now.normativeDocuments.inForce == before.normativeDocuments.inForce + now.normativeDocuments.issued
                - now.normativeDocuments.repealed, "year \(year)")
            let recount = records.filter { $0.kind == .normativeDocument && $0.formedOn.year == year }.count
            #expect(now.normativeDocuments.issued == recount)
        }
        var table = Table2(format: .y2021)
        CatalogueCounts(records: records, year: 2025).fill(&table)
        #expect(table["licensing", "decisions"] != nil && table["normativeDocuments", "inForce"] != nil)
        // The records behind each cell are what the counts count.
        let members = CatalogueCounts.members(records, year: 2025)
        #expect(members["normativeDocuments.inForce", default: []].count == CatalogueCounts(records: records, year: 2025).normativeDocuments.inForce)
        #expect(members["normativeDocuments.inForce", default: []].allSatisfy { $0.isInForce(on: CivilDate(year: 2025, month: 12, day: 31)!) })
    }

    @Test("The example's drafts: unpublished, numbered on publication, one past its Art. 26 due date")
    func exampleDrafts() {
        let today = CivilDate(iso: "2026-12-02")!
        let drafts = CatalogueGenerator(seed: 1).drafts(today: today)
        #expect(drafts.count == 3 && drafts.allSatisfy { $0.publishedOn == nil && $0.indexNumber == nil })
        let clock = PublicationClock()
        #expect(drafts.filter { clock.isLate($0, today: today) }.count == 1)
        // Each is a valid CATALOGUE-JSONL line.
        #expect(CatalogueFile.parse(Array(CatalogueFile.write(drafts).utf8)).errors.isEmpty)
    }

    @Test("Reports whose table 二 comes from the catalogue never break the cross-year identity; a typed one that does is a finding")
    func inForceCarryover() {
        var generator = CatalogueGenerator(seed: 9)
        let records = generator.records(years: 2020...2025, perYear: 80)
        func report(_ year: Int) -> AnnualReport {
            var table = Table2(format: .y2021)
            CatalogueCounts(records: records, year: year).fill(&table)
            return AnnualReport(format: .y2021, agency: "示例市示例局", year: year, table2: table)
        }
        for year in 2022...2025 {
            #expect(!ReportChecker.check(report(year), previous: report(year - 1)).contains { $0.code == .t2InForceCarryover }, "\(year)")
        }
        var typed = report(2025)
        typed.table2!["normativeDocuments", "inForce"] = (typed.table2!["normativeDocuments", "inForce"] ?? 0) + 3
        let findings = ReportChecker.check(typed, previous: report(2024)).filter { $0.code == .t2InForceCarryover }
        #expect(findings.count == 1 && findings[0].message.contains("行政规范性文件") && findings[0].location.row == "normativeDocuments")
    }

    @Test("Search pieces: Chinese as overlapping pairs, ASCII words and numbers whole, 文号 brackets and widths folded")
    func pieces() {
        #expect(SearchText.pieces("疫苗接种") == ["疫苗", "苗接", "接种"])
        #expect(SearchText.pieces("宁卫［２０２５］12号 COVID-19疫苗") == ["宁卫", "2025", "12", "号", "covid", "19", "疫苗"])
        #expect(SearchText.normalized("宁卫[2025]12号") == SearchText.normalized("宁卫〔2025〕12号"))
        let query = SearchText.query("疫苗 药")
        #expect(query.phrases == [["疫苗"]] && query.scanned == ["药"])
        // Runs are indexed apart; a query across punctuation is each run in the index and the whole as typed.
        #expect(SearchText.tokens("疫苗。苗接") == ["疫苗", SearchText.boundary, "苗接"])
        let mixed = SearchText.query("印发《医")
        #expect(mixed.phrases == [["印发"]] && mixed.scanned == ["印发《医"])
        #expect(SearchText.highlight("关于[2025]号", words: ["〔2025〕"]).map(\.hit) == [false, true, false])
    }

    @Test("The Art. 26 clock: 20 working days from formation; a missing 政策解读 three working days after its document")
    func clock() {
        let clock = PublicationClock()
        // 国庆 1–7 October not counted, 10 October (Saturday) a 调休 working day.
        #expect(clock.due(formed: Self.d("2026-09-28"))?.date == Self.d("2026-10-30"))
        let document = CatalogueRecord(indexNumber: "11620622013933539B/2026-00001", title: "办法", summary: "s", formedOn: Self.d("2026-03-02"),
                                       publishedOn: Self.d("2026-03-02"), kind: .normativeDocument, validity: .inForce)
        #expect(clock.missingInterpretations([document], today: Self.d("2026-03-06")).count == 1)
        #expect(clock.missingInterpretations([document], today: Self.d("2026-03-05")).isEmpty)
        let reading = CatalogueRecord(title: "解读", summary: "s", formedOn: Self.d("2026-03-02"), publishedOn: Self.d("2026-03-03"),
                                      kind: .policyInterpretation, interprets: document.indexNumber)
        #expect(clock.missingInterpretations([document, reading], today: Self.d("2026-04-01")).isEmpty)
    }
}
