import Foundation
import GongkaiCore
import GongkaiStore
import Testing
import Vapor
import VaporTesting

@testable import GongkaiWeb

/// Files an application at the counter and returns its code.
private func fileCase(_ clerk: Browser, _ overrides: [String: String] = [:]) async throws -> String {
    let filed = try await clerk.request(.POST, "/staff/cases", form: application(["channel": "post", "received": "2026-03-02"].merging(overrides) { $1 }))
    #expect(filed.status == .seeOther)
    let location = try #require(filed.headers.first(name: .location))
    return try #require(location.firstMatch(of: /cases\/([0-9-]+)/)?.1).description
}

@Suite("The case page as a clerk uses it")
struct StepFormTests {
    @Test("No step is chosen for the clerk; choosing one shows only its fields; the outcomes grouped as table 三 with their articles")
    func stepFirst() async throws {
        try await withServer(.sqlite) { app, _ in
            let clerk = Browser(app)
            _ = try await clerk.logIn("clerk", "Passw0rd-clerk")
            let code = try await fileCase(clerk)
            let page = try await clerk.request(.GET, "/staff/cases/\(code)").body.string
            #expect(page.contains("先选择要登记的环节"))
            #expect(!page.contains("id=\"event-form\""), "no form before a step is chosen: one careless click records nothing")
            #expect(page.contains("?step=correctionRequested#step\">告知补正</a>") && page.contains("?step=decided#step\">作出答复</a>"))
            #expect(!page.contains("?step=correctionReceived"), "收到补正 only after 告知补正")
            #expect(!page.contains("?step=extended"), "a clerk is not offered the extension")
            #expect(page.contains("延长答复期限须经签发人批准，由签发人登记。"))

            let decide = try await clerk.request(.GET, "/staff/cases/\(code)?step=decided").body.string
            #expect(decide.contains(#"<input type="hidden" name="kind" value="decided">"#))
            #expect(decide.contains("<legend>（三）不予公开</legend>") && decide.contains("<legend>（六）其他处理</legend>"))
            #expect(decide.contains(#"<span>1.属于国家秘密<small class="muted">条例第十四条、第三十六条第（三）项</small></span>"#))
            #expect(!decide.contains("value=\"otherHandling.noCorrection\""), "逾期不补正 needs an unanswered 补正 request")
            #expect(!decide.contains("id=\"party\"") && !decide.contains("id=\"amount\""), "only the step's own fields")
            #expect(decide.contains("<script src=\"/steps.js\"></script>"), "the outcomes can be filtered by typing")
            let consult = try await clerk.request(.GET, "/staff/cases/\(code)?step=consultationStarted").body.string
            #expect(consult.contains("id=\"party\"") && !consult.contains("name=\"outcome\""))

            #expect(try await clerk.request(.POST, "/staff/cases/\(code)/events",
                                            form: ["kind": "correctionRequested", "date": "2026-03-02"]).status == .seeOther)
            let waiting = try await clerk.request(.GET, "/staff/cases/\(code)?step=decided").body.string
            #expect(waiting.contains("value=\"otherHandling.noCorrection\""), "now 逾期不补正 is possible")
            #expect(!waiting.contains("?step=correctionRequested"), "补正 is asked once")
            // A step the history does not allow is not chosen even when asked for in the address.
            #expect(!(try await clerk.request(.GET, "/staff/cases/\(code)?step=feePaid").body.string.contains("name=\"kind\"")))

            let signer = Browser(app)
            _ = try await signer.logIn("signer", "Passw0rd-signer")
            #expect(try await signer.request(.GET, "/staff/cases/\(code)").body.string.contains("?step=extended#step\">延长答复期限</a>"))
        }
    }

    @Test("A page that withholds an action says which role it needs")
    func rolesNamed() async throws {
        try await withServer(.sqlite) { app, _ in
            let clerk = Browser(app)
            _ = try await clerk.logIn("clerk", "Passw0rd-clerk")
            let code = try await fileCase(clerk)
            let admin = Browser(app)
            _ = try await admin.logIn("admin", "Passw0rd-admin")
            let page = try await admin.request(.GET, "/staff/cases/\(code)").body.string
            #expect(page.contains("需要经办人、审核人或签发人角色；你在本机关的角色是管理员"))
            #expect(page.contains("（仅办理人员可见）") && !page.contains("（已隐藏）"))
            let builder = try await admin.request(.GET, "/staff/reports/2025").body.string
            #expect(builder.contains("编辑和保存草稿需要经办人或审核人角色。") && builder.contains("签发需要签发人角色。"))
        }
    }
}

@Suite("All cases: found again after they are closed")
struct CaseSearchTests {
    @Test("Search by applicant's name, code or request words; filter by status, year, outcome and channel; paged; in the API too",
          arguments: WebDatabase.available)
    func search(database: WebDatabase) async throws {
        try await withServer(database) { app, _ in
            let clerk = Browser(app)
            _ = try await clerk.logIn("clerk", "Passw0rd-clerk")
            let closed = try await fileCase(clerk, ["name": "欧阳娜", "description": "某某河道整治项目的环境影响评价批复"])
            #expect(try await clerk.request(.POST, "/staff/cases/\(closed)/events",
                                            form: ["kind": "decided", "date": "2026-03-02", "outcome": "granted"]).status == .seeOther)
            for i in 0..<3 { _ = try await fileCase(clerk, ["name": "王\(i)", "channel": "inPerson"]) }

            let found = try await clerk.request(.GET, "/staff/cases?q=欧阳".addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!)
            #expect(found.status == .ok)
            let page = found.body.string
            #expect(page.contains("符合条件的申请 <strong>1</strong> 件"))
            #expect(page.contains("href=\"/staff/cases/\(closed)\""), "the closed case is found by a two-character part of the name")
            #expect(page.contains("欧阳娜（自然人）") && page.contains("2026-03-02 办结"))
            #expect(page.contains("aria-current=\"page\">全部申请</a>"))
            let words = try await clerk.request(.GET, "/staff/cases?q=" + "河道 批复".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
            #expect(words.body.string.contains("符合条件的申请 <strong>1</strong> 件"), "every word must match")

            let open = try clerk.object(try await clerk.request(.GET, "/api/cases?status=open"))
            #expect(open["total"] as? Int == 3)
            let byOutcome = try clerk.object(try await clerk.request(.GET, "/api/cases?outcome=granted&year=2026"))
            let cases = byOutcome["cases"] as? [[String: Any]] ?? []
            #expect(byOutcome["total"] as? Int == 1 && (cases.first?["case"] as? [String: Any])?["id"] as? String == closed)
            #expect(cases.first?["open"] as? Bool == false && cases.first?["closedOn"] as? String == "2026-03-02")
            #expect(try clerk.object(try await clerk.request(.GET, "/api/cases?channel=inPerson"))["total"] as? Int == 3)
            #expect(try clerk.object(try await clerk.request(.GET, "/api/cases?year=2025"))["total"] as? Int == 0)
            let paged = try clerk.object(try await clerk.request(.GET, "/api/cases?status=all&pageSize=3&page=2"))
            #expect(paged["total"] as? Int == 4 && paged["pageCount"] as? Int == 2 && (paged["cases"] as? [Any])?.count == 1)
            #expect(try await clerk.request(.GET, "/api/cases?q=50%25_").status == .ok, "LIKE's wildcards are taken literally")
            #expect(try clerk.object(try await clerk.request(.GET, "/api/cases?q=%25"))["total"] as? Int == 0)

            let bad = try await clerk.request(.GET, "/api/cases?status=finished")
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("status 应为 all、open 或 closed"))
            #expect(try await clerk.request(.GET, "/staff/cases?year=twenty").body.string.contains("year 应为四位年份"))
            // Without parameters, GET /api/cases is still the due list its users' scripts read.
            #expect(try clerk.object(try await clerk.request(.GET, "/api/cases"))["today"] as? String == "2026-03-02")
        }
    }
}

@Suite("A report's true dates")
struct ReportDatesTests {
    @Test("No field for the 成文日期: it is the day of sign-off, the 发布日期 the day of publication, both on the public page")
    func trueDates() async throws {
        try await withServer(.sqlite, settings: { $0.today = { CivilDate(iso: "2026-02-10")! } }) { app, _ in
            let clerk = Browser(app)
            _ = try await clerk.logIn("clerk", "Passw0rd-clerk")
            let builder = try await clerk.request(.GET, "/staff/reports/2025").body.string
            #expect(!builder.contains("name=\"publishedOn\""))
            #expect(builder.contains("成文日期在签发时自动记为签发当日") && builder.contains("2026年1月31日前发布本年度报告；已过期限"))
            let names = builder.matches(of: /name="(t2\.[a-zA-Z.]+)"/).map { String($0.1) }
            var fields = Dictionary(uniqueKeysWithValues: names.map { ($0, "0") })
            for n in 1...6 { fields["section.\(n)"] = "本机关认真贯彻落实《中华人民共和国政府信息公开条例》。" }
            let typedDate = try await clerk.request(.PUT, "/api/report-drafts/2025", json: fields.merging(["publishedOn": "2026-01-20"]) { $1 })
            #expect(typedDate.status == .unprocessableEntity && typedDate.body.string.contains("成文日期不能填写"))
            #expect(try await clerk.request(.POST, "/staff/reports/2025", form: fields).status == .seeOther)
            let signer = Browser(app)
            _ = try await signer.logIn("signer", "Passw0rd-signer")
            #expect(try await signer.request(.POST, "/staff/reports/2025/approve", form: [:]).status == .seeOther)
            #expect(try await clerk.request(.POST, "/staff/reports/2025/publish", form: [:]).status == .seeOther)
            let published = try await Browser(app).request(.GET, "/reports/2025").body.string
            // Signed on the office's day (fixed here); published at the moment of publishing, by the clock.
            #expect(published.contains("成文日期 2026年2月10日，发布日期 \(CivilDate.today.chineseDescription)"), "\(published.prefix(1200))")
        }
    }
}

@Suite("Next year's holiday notice pasted on a page")
struct CalendarImportPageTests {
    /// A made-up notice for 2027 (the real one is not out yet), shared with the CLI tests.
    static let notice2027 = try! String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Shared/notice-2027-sample.txt"), encoding: .utf8)

    @Test("Read, shown day by day for confirmation, imported; provisional dates become final and the moved cases are listed")
    func pasteAndConfirm() async throws {
        try await withServer(.sqlite, settings: { $0.today = { CivilDate(iso: "2026-12-15")! } }) { app, store in
            let citizen = Browser(app)
            try await citizen.request(.GET, "/apply")
            #expect(try await citizen.request(.POST, "/apply", form: application()).status == .ok)
            let admin = Browser(app)
            _ = try await admin.logIn("admin", "Passw0rd-admin")
            let page = try await admin.request(.GET, "/staff/calendar").body.string
            #expect(page.contains("2027–2028 年") && page.contains("随程序提供"))

            let refused = try await admin.request(.POST, "/staff/calendar", form: ["text": "一、元旦：1月1日（周四）放假，共1天。", "year": "2027"])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("读不懂这份通知，未导入：通知写 1月1日是周四，但 2027-01-01 是周五"))

            let preview = try await admin.request(.POST, "/staff/calendar", form: ["text": Self.notice2027])
            #expect(preview.status == .ok)
            let shown = preview.body.string
            #expect(shown.contains("元旦：2027-01-01（周五） 至 2027-01-03（周日） 放假，共 3 天"))
            #expect(shown.contains("共放假 27 天，调休上班 4 天"))
            #expect(shown.contains("未办结申请 1 件中有 <strong>1</strong> 件的答复期限会重新推算"))
            #expect(try await store.importedNoticeYears().isEmpty, "nothing is imported before it is confirmed")

            let done = try await admin.request(.POST, "/staff/calendar", form: ["text": Self.notice2027, "confirm": "1"])
            #expect(done.body.string.contains("已导入 2027 年的放假安排"))
            #expect(done.body.string.contains("<td>2026-000001</td><td>某某市某某局</td><td>2027-01-13（暂定）</td><td>2027-01-13</td>"),
                    "\(done.body.string)")
            #expect(try await store.importedNoticeYears().map(\.year) == [2027])
            let clerk = Browser(app)
            _ = try await clerk.logIn("clerk", "Passw0rd-clerk")
            #expect(!(try await clerk.request(.GET, "/staff").body.string.contains("暂定")))
            // Only administrators import the installation's calendar.
            #expect(try await clerk.request(.GET, "/staff/calendar").status == .forbidden)
        }
    }
}

@Suite("The report checker on Gongkai's own report JSON")
struct CheckOwnJSONTests {
    @Test("A report JSON is read as the contract and checked, not called \"not a report\"; a broken one is named")
    func ownJSON() async throws {
        try await withServer(.sqlite) { app, _ in
            let client = Browser(app)
            _ = try await client.logIn("clerk", "Passw0rd-clerk")
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            let json = try String(contentsOf: root.appendingPathComponent("examples/report-2021-with-errors.json"), encoding: .utf8)
            let result = try await client.request(.POST, "/api/check?name=report.json", raw: (ByteBuffer(string: json), "application/octet-stream"))
            #expect(result.status == .ok)
            let report = try client.object(result)
            let codes = (report["findings"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
            #expect(report["agency"] as? String == "杭州市余杭区卫生健康局" || (report["agency"] as? String)?.contains("余杭") == true)
            #expect(!codes.contains("NOT-A-REPORT") && codes.contains("T3-BALANCE"), "\(codes)")
            let broken = try await client.request(.POST, "/api/check?name=x.json", raw: (ByteBuffer(string: "{\"year\": \"二〇二一\"}"), "application/octet-stream"))
            #expect(broken.status == .unprocessableEntity)
            #expect((try client.object(broken)["error"] as? String)?.contains("「x.json」不是有效的报告 JSON") == true)
            let text = try await client.request(.POST, "/api/check?name=note.txt", raw: (ByteBuffer(string: "会议通知\n明天开会。"), "application/octet-stream"))
            #expect(try client.object(text)["findings"].map { "\($0)".contains("NOT-A-REPORT") } == true)
        }
    }
}
