import Foundation
import GongkaiCore
import GongkaiStore
import Testing
import Vapor
import VaporTesting

@testable import GongkaiWeb

@Suite("The calendar never runs out: provisional due dates on the pages")
struct CalendarWebTests {
    @Test("In December, an application's due date in next year is given, marked 暂定, on the receipt, the lookup and the to-do list")
    func provisionalDueDates() async throws {
        try await withServer(.sqlite, settings: { $0.today = { CivilDate(iso: "2026-12-15")! } }) { app, _ in
            let citizen = Browser(app)
            try await citizen.request(.GET, "/apply")
            let receipt = try await citizen.request(.POST, "/apply", form: application())
            #expect(receipt.status == .ok)
            #expect(receipt.body.string.contains("2027年1月13日（暂定）"), "\(receipt.body.string.prefix(2000))")
            #expect(receipt.body.string.contains("暂定：2027 年的放假安排") && receipt.body.string.contains("暂按法定节假日推算"))
            let filed = try citizen.object(try await citizen.request(.POST, "/api/applications", json: application()))
            #expect(filed["answerDue"] as? String == "2027-01-13" && filed["answerDueProvisional"] as? Bool == true)
            let status = try citizen.object(try await citizen.request(.POST, "/api/track", json: [
                "trackingCode": filed["trackingCode"] as? String ?? "", "phone": "13812345678",
            ]))
            #expect(status["dueDate"] as? String == "2027-01-13" && status["dueDateProvisional"] as? Bool == true)
            let clerk = Browser(app)
            _ = try await clerk.logIn("clerk", "Passw0rd-clerk")
            #expect(try await clerk.request(.GET, "/staff").body.string.contains("2027-01-13（暂定）"))
            #expect(try await clerk.request(.GET, "/staff/cases/2026-000001").body.string.contains("2027-01-13（暂定）"))
        }
    }
}

@Suite("Lateness recorded, never blocking")
struct LateReportTests {
    @Test("A report signed off after its deadline is signed off and published, its lateness kept as a finding")
    func lateSignOff() async throws {
        try await withServer(.sqlite, settings: { $0.today = { CivilDate(iso: "2026-04-10")! } }) { app, _ in
            let clerk = Browser(app)
            _ = try await clerk.logIn("clerk", "Passw0rd-clerk")
            let builder = try await clerk.request(.GET, "/staff/reports/2025")
            let names = builder.body.string.matches(of: /name="(t2\.[a-zA-Z.]+)"/).map { String($0.1) }
            var fields = Dictionary(uniqueKeysWithValues: names.map { ($0, "0") })
            for n in 1...6 { fields["section.\(n)"] = "本机关认真贯彻落实《中华人民共和国政府信息公开条例》。" }
            #expect(try await clerk.request(.POST, "/staff/reports/2025", form: fields).status == .seeOther)
            let draft = try clerk.object(try await clerk.request(.GET, "/api/report-drafts/2025"))
            let findings = (draft["report"] as? [String: Any])?["findings"] as? [[String: Any]] ?? []
            #expect(findings.contains { $0["code"] as? String == "LATE-PUBLICATION" }, "the lateness is a finding: \(findings)")
            let signer = Browser(app)
            _ = try await signer.logIn("signer", "Passw0rd-signer")
            let page = try await signer.request(.GET, "/staff/reports/2025")
            #expect(page.body.string.contains("id=\"approve\">签发"), "the sign-off button is not disabled by lateness")
            let approved = try await signer.request(.POST, "/staff/reports/2025/approve", form: [:])
            #expect(approved.status == .seeOther, "\(approved.body.string.prefix(400))")
            #expect(try await clerk.request(.POST, "/staff/reports/2025/publish", form: [:]).status == .seeOther)
            let published = try clerk.object(try await Browser(app).request(.GET, "/api/reports/2025"))
            #expect(published["publishedOn"] as? String == "2026-04-10", "the true date, not a backdated one")
        }
    }
}

@Suite("How the pages write things")
struct PageWordingTests {
    @Test("Dates as people write them on public pages; the audit log's times called Beijing time; a name that is its role said once")
    func wording() async throws {
        try await withServer(.sqlite) { app, store in
            try await store.createUser(StaffUser(username: "chief", displayName: "管理员", passwordHash: try Bcrypt.hash("Passw0rd-chief", cost: 4),
                                                 roles: [.admin]), by: "test")
            let citizen = Browser(app)
            try await citizen.request(.GET, "/apply")
            let receipt = try await citizen.request(.POST, "/apply", form: application())
            #expect(receipt.body.string.contains("收到日期：2026年3月2日") && receipt.body.string.contains("2026年3月30日"))
            // A print button, by the site's own script (no inline handler under the CSP).
            #expect(receipt.body.string.contains("id=\"print-receipt\"") && receipt.body.string.contains("<script src=\"/print.js\"></script>"))
            #expect(try await citizen.request(.GET, "/print.js").body.string.contains("window.print()"))
            #expect(try await citizen.request(.GET, "/track").body.string.contains("aria-current=\"page\">申请查询</a>"))
            let tracking = try #require(receipt.body.string.firstMatch(of: /id="tracking-code">([A-Z0-9]{10})</).map { String($0.1) })
            let status = try await citizen.request(.POST, "/track", form: ["trackingCode": tracking, "phone": "13812345678"])
            #expect(status.body.string.contains("<time datetime=\"2026-03-02\">2026年3月2日</time> 收到申请"))
            let chief = Browser(app)
            _ = try await chief.logIn("chief", "Passw0rd-chief")
            // The accounts page says what each role may do.
            let users = try await chief.request(.GET, "/staff/users")
            #expect(users.body.string.contains("<dt>签发人</dt><dd>查看申请与报告、办理申请、批准延期答复、签发年度报告、发布年度报告、签发主动公开信息</dd>"))
            #expect(users.body.string.contains("<dt>督查</dt><dd>查看申请与报告、查看操作日志、督查年度报告；在下属机关同样有效</dd>"))
            let audit = try await chief.request(.GET, "/staff/audit")
            #expect(audit.body.string.contains("aria-current=\"page\">操作日志</a>"))
            #expect(!audit.body.string.contains("aria-current=\"page\">待办</a>"))
            #expect(audit.body.string.contains("时间（北京时间）") && !audit.body.string.contains("UTC"))
            #expect(audit.body.string.contains("<span class=\"who\">管理员<a") && !audit.body.string.contains("管理员（管理员）"))
        }
    }
}
