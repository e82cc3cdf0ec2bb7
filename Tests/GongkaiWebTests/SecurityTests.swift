import Foundation
import GongkaiCore
import GongkaiOffice
import GongkaiStore
import Testing
import Vapor
import VaporTesting

@testable import GongkaiWeb

/// The defects found by probing a running server as an attacker would (issue 11), each with the request that showed it.
@Suite("gongkai serve: what an attacker tried", .serialized)
struct SecurityTests {
    @Test("After login, `next` is followed only as a path of this site: no header injection, no open redirect")
    func nextPath() async throws {
        try await withServer(.sqlite) { app, _ in
            for next in ["/\t/evil.example", "/\n/evil.example", "/\u{0B}/evil.example", "//evil.example", "/\\evil.example",
                         "https://evil.example/", "/\r\nSet-Cookie: gongkai-csrf=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "/staff/logout",
                         "/ /evil.example", "/\u{3000}/evil.example"] {
                let browser = Browser(app)
                try await browser.request(.GET, "/staff/login")
                let response = try await browser.request(.POST, "/staff/login",
                                                         form: ["username": "clerk", "password": "Passw0rd-clerk", "next": next])
                #expect(response.status == .seeOther)
                #expect(response.headers.first(name: .location) == "/staff", "next \(next.debugDescription)")
                #expect(!response.headers[.setCookie].contains { $0.contains("AAAAAAAAAAAA") })
                // The login page given the same `next` in its query writes only the safe path into its form.
                var components = URLComponents(string: "/staff/login")!
                components.queryItems = [URLQueryItem(name: "next", value: next)]
                let page = try await Browser(app).request(.GET, components.percentEncodedPath + "?" + (components.percentEncodedQuery ?? ""))
                #expect(page.body.string.contains("name=\"next\" value=\"/staff\""), "login page with next \(next.debugDescription)")
            }
            let browser = Browser(app)
            try await browser.request(.GET, "/staff/login")
            let fine = try await browser.request(.POST, "/staff/login",
                                                 form: ["username": "clerk", "password": "Passw0rd-clerk", "next": "/staff/cases/2026-000001?x=1"])
            #expect(fine.headers.first(name: .location) == "/staff/cases/2026-000001?x=1")
        }
    }

    @Test("Every response carries the security headers; staff pages and the API are never stored")
    func headers() async throws {
        try await withServer(.sqlite) { app, _ in
            let browser = Browser(app)
            for path in ["/", "/apply", "/staff/login", "/api/session", "/nowhere", "/site.css"] {
                let response = try await browser.request(.GET, path)
                let csp = response.headers.first(name: "Content-Security-Policy") ?? ""
                #expect(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"), "\(path)")
                #expect(!csp.contains("'unsafe-inline'; img") || csp.contains("style-src 'self' 'unsafe-inline'"))
                #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff", "\(path)")
                #expect(response.headers.first(name: "Referrer-Policy") == "same-origin", "\(path)")
            }
            _ = try await browser.logIn("clerk", "Passw0rd-clerk")
            for path in ["/staff", "/staff/check", "/api/cases"] {
                #expect(try await browser.request(.GET, path).headers.first(name: .cacheControl) == "no-store", "\(path)")
            }
            // The pages' own scripts are files (the CSP refuses inline ones): no page has an inline handler or script.
            for path in ["/", "/apply", "/track", "/staff", "/staff/reports/2025", "/staff/check", "/staff/password"] {
                let page = try await browser.request(.GET, path).body.string
                #expect(page.firstMatch(of: /<script>|<script [^s]|\son[a-z]+=|javascript:/) == nil, "\(path)")
            }
        }
    }

    @Test("The static files come from memory with their type and an ETag; a browser that has one gets 304; other paths are routes")
    func staticFiles() async throws {
        try await withServer(.sqlite) { app, _ in
            let browser = Browser(app)
            let css = try await browser.request(.GET, "/site.css")
            #expect(css.status == .ok && css.headers.first(name: .contentType) == "text/css; charset=utf-8")
            #expect(css.body.string.contains("{"))
            let etag = try #require(css.headers.first(name: .eTag))
            let again = try await browser.request(.GET, "/site.css", headers: ["If-None-Match": etag])
            #expect(again.status == .notModified && again.body.readableBytes == 0)
            #expect(try await browser.request(.GET, "/favicon.svg").headers.first(name: .contentType) == "image/svg+xml; charset=utf-8")
            #expect(try await browser.request(.GET, "/nowhere.css").status == .notFound)
        }
    }

    @Test("A number too large for table 二 is refused where it is typed; an unreadable draft is shown with its error and repaired")
    func boundedNumbers() async throws {
        try await withServer(.sqlite) { app, store in
            let clerk = Browser(app)
            _ = try await clerk.logIn("clerk", "Passw0rd-clerk")
            for (field, value) in [("t2.rules.issued", "1000000000000"), ("t2.fees.amount", "12345678901234567890123456789012345678"),
                                   ("t2.fees.amount", "0.000001"), ("t2.rules.issued", "1e5")] {
                let saved = try await clerk.request(.POST, "/staff/reports/2025", form: [field: value])
                #expect(saved.status == .unprocessableEntity, "\(field)=\(value)")
                #expect(saved.body.string.contains("aria-invalid"), "\(field)=\(value) marked")
            }
            #expect(try await clerk.request(.GET, "/staff/reports/2025").status == .ok)
            #expect(try await clerk.request(.GET, "/api/report-drafts/2025").status == .ok)
            // A draft stored by an earlier version that cannot be read back: the page says so and saving replaces it.
            #expect(try await clerk.request(.POST, "/staff/reports/2025", form: ["section.1": "总体情况。"]).status == .seeOther)
            try await store.execute("UPDATE report_drafts SET content = '{\"format\":\"2021\",\"table2\":{\"rules\":{\"issued\":1e40}}}'")
            let broken = try await clerk.request(.GET, "/staff/reports/2025")
            #expect(broken.status == .ok)
            #expect(broken.body.string.contains("草稿无法读取"))
            let api = try clerk.object(try await clerk.request(.GET, "/api/report-drafts/2025"))
            #expect((api["problem"] as? String)?.contains("无法读取") == true)
            #expect(try await clerk.request(.POST, "/staff/reports/2025", form: ["section.1": "重新填写。"]).status == .seeOther)
            let repaired = try await clerk.request(.GET, "/staff/reports/2025").body.string
            #expect(!repaired.contains("草稿无法读取") && repaired.contains("重新填写。"))
        }
    }

    @Test("Blocked logins are audited once per window with the name cut short, and the address is in every login entry")
    func auditFlood() async throws {
        try await withServer(.sqlite, settings: { $0.loginAttempts = 2 }) { app, store in
            let long = String(repeating: "x", count: 100_000)
            let browser = Browser(app)
            for _ in 0..<10 { _ = try await browser.logIn(long, "wrong-password-1") }
            let blocked = try await store.auditLog(limit: 100).filter { $0.action == "登录被限制" }
            #expect(blocked.count == 1)
            #expect(blocked.allSatisfy { $0.actor.count <= 33 && $0.target.count <= 33 && $0.detail.count < 200 })
            _ = try await Browser(app).logIn("clerk", "Passw0rd-clerk")
            let login = try #require(try await store.auditLog(limit: 5).first { $0.action == "登录" })
            #expect(login.detail.hasPrefix("来自 ") && !login.detail.contains("eq.clientAddress") && !login.detail.contains("\r"))
        }
    }

    @Test("A password change ends the user's other sessions, a reset all of them; expired sessions are purged")
    func sessionsEnd() async throws {
        try await withServer(.sqlite) { app, store in
            let phone = Browser(app), desk = Browser(app)
            _ = try await phone.logIn("clerk", "Passw0rd-clerk")
            _ = try await desk.logIn("clerk", "Passw0rd-clerk")
            let changed = try await desk.request(.POST, "/staff/password",
                                                 form: ["current": "Passw0rd-clerk", "new": "NewPassw0rd-1", "repeat": "NewPassw0rd-1"])
            #expect(changed.status == .seeOther)
            #expect(try await desk.request(.GET, "/staff").status == .ok, "the session that changed it goes on")
            #expect(try await phone.request(.GET, "/staff").status == .seeOther, "the other session has ended")
            let admin = Browser(app)
            _ = try await admin.logIn("admin", "Passw0rd-admin")
            let reset = try await admin.request(.PUT, "/api/users/clerk", json: ["password": "Reset-Passw0rd"])
            #expect(reset.status == .ok)
            #expect(try await desk.request(.GET, "/staff").status == .seeOther, "a reset ends every session of the user")
            try await store.saveSession(String(repeating: "e", count: 43), username: "signer", csrfToken: String(repeating: "t", count: 43),
                                        expiresAt: 1)
            #expect(try await app.office.purgeSessions() == 1)
        }
    }

    @Test("Updating an account changes only what is sent, refuses unknown roles, and is all or nothing")
    func partialUpdate() async throws {
        try await withServer(.sqlite) { app, store in
            let admin = Browser(app)
            _ = try await admin.logIn("admin", "Passw0rd-admin")
            let renamed = try await admin.request(.PUT, "/api/users/clerk", json: ["displayName": "李华"])
            #expect(renamed.status == .ok)
            var clerk = try #require(try await store.user("clerk"))
            #expect(clerk.displayName == "李华" && clerk.roles == [.clerk] && clerk.active)
            let unknown = try await admin.request(.PUT, "/api/users/clerk", json: ["roles": "clerk,boss", "displayName": "王五"])
            #expect(unknown.status == .unprocessableEntity)
            #expect(try admin.object(unknown)["error"] as? String == "没有「boss」这个角色（可用：admin、clerk、reviewer、signer、supervisor）")
            let weak = try await admin.request(.PUT, "/api/users/clerk", json: ["roles": "clerk,signer", "password": "short"])
            #expect(weak.status == .unprocessableEntity)
            clerk = try #require(try await store.user("clerk"))
            #expect(clerk.displayName == "李华" && clerk.roles == [.clerk], "a refused change leaves everything as it was")
            // The page's form lists its checkboxes: none checked means no role — refused unless the account is disabled.
            let page = try await admin.request(.POST, "/staff/users/clerk", form: ["fields": "roles,active", "role.clerk": "on"])
            #expect(page.status == .seeOther)
            #expect(try await store.user("clerk")?.active == false)
        }
    }

    @Test("User names are unique without regard to case; a CSRF token planted before login is worthless after it")
    func namesAndTokens() async throws {
        try await withServer(.sqlite) { app, store in
            let admin = Browser(app)
            _ = try await admin.logIn("admin", "Passw0rd-admin")
            let twin = try await admin.request(.POST, "/api/users",
                                               json: ["username": "ADMIN", "displayName": "冒名", "password": "Passw0rd-x1", "roles": "admin"])
            #expect(twin.status == .conflict)
            #expect(try await store.users().count == 5)
            #expect(try await Browser(app).logIn("CLERK", "Passw0rd-clerk").status == .seeOther)
            // An attacker who can set the victim's cookie (a sibling subdomain, the header injection above) plants a token.
            let planted = String(repeating: "A", count: 43)
            let victim = Browser(app)
            victim.cookies["gongkai-csrf"] = planted
            _ = try await victim.request(.POST, "/staff/login", form: ["username": "clerk", "password": "Passw0rd-clerk", "next": "/staff"])
            #expect(victim.csrf != planted, "login gives a new token")
            let forged = try await victim.request(.POST, "/api/cases/2026-000001/events", json: ["kind": "withdrawn", "date": "2026-03-02"],
                                                  csrf: false, headers: ["X-CSRF-Token": planted])
            #expect(forged.status == .forbidden)
        }
    }

    @Test("Control characters are refused in text fields; bodies are limited per route")
    func inputLimits() async throws {
        try await withServer(.sqlite) { app, store in
            let citizen = Browser(app)
            try await citizen.request(.GET, "/apply")
            let nul = try await citizen.request(.POST, "/apply", form: application(["name": "张\u{0}三"]))
            #expect(nul.status == .unprocessableEntity)
            #expect(nul.body.string.contains("控制字符"))
            let api = try await citizen.request(.POST, "/api/applications", json: application(["name": "张\u{8}三"]))
            #expect(api.status == .unprocessableEntity)
            #expect(try citizen.object(api)["field"] as? String == "name")
            #expect(try await store.caseCount() == 0)
            // Through a real server (the in-memory tester hands over bodies whole, past any limit).
            let live = Browser(app)
            live.mode = .running(hostname: "127.0.0.1", port: Int.random(in: 20000...40000))
            try await live.request(.GET, "/apply")
            let huge = try await live.request(.POST, "/apply", form: application(["description": String(repeating: "字", count: 40_000)]))
            #expect(huge.status == .payloadTooLarge)
            #expect(try await store.caseCount() == 0)
            let fine = try await live.request(.POST, "/apply", form: application(["description": String(repeating: "字", count: 4_000)]))
            #expect(fine.status == .ok)
        }
    }

    @Test("What applicants and staff type is escaped on every page: names, notes, uploaded reports")
    func escaping() async throws {
        try await withServer(.sqlite) { app, _ in
            let script = "<script>alert(1)</script>"
            let citizen = Browser(app)
            try await citizen.request(.GET, "/apply")
            let receipt = try await citizen.request(.POST, "/apply", form: application(["name": "李\(script)明", "description": "要\(script)的信息"]))
            #expect(receipt.status == .ok)
            let clerk = Browser(app)
            _ = try await clerk.logIn("clerk", "Passw0rd-clerk")
            let step = try await clerk.request(.POST, "/staff/cases/2026-000001/events",
                                               form: ["kind": "decided", "date": "2026-03-02", "outcome": "granted", "note": "理由\(script)"])
            #expect(step.status == .seeOther)
            let admin = Browser(app)
            _ = try await admin.logIn("admin", "Passw0rd-admin")
            for (browser, path) in [(clerk, "/staff"), (clerk, "/staff/cases/2026-000001"), (clerk, "/staff/cases/2026-000001/letter?format=html"),
                                    (admin, "/staff/audit")] {
                let page = try await browser.request(.GET, path).body.string
                #expect(!page.contains(script), "\(path)")
            }
            #expect(try await clerk.request(.GET, "/staff/cases/2026-000001").body.string.contains("&lt;script&gt;"))
            let upload = "# 某局\(script)2021年政府信息公开工作年度报告\n\n一、总体情况\n\n\(script)本年度。\n"
            let checked = try await clerk.request(.POST, "/staff/check?name=r.md", raw: (ByteBuffer(string: upload), "application/octet-stream"))
            #expect(checked.status == .ok || checked.status == .unprocessableEntity)
            #expect(!checked.body.string.contains(script))
        }
    }
}

/// Bad case steps and the office's refusal of each: the CLI test (`CLITests.sameRules`) sends the same through
/// `gongkai cases add/review` and expects the same words.
let sharedRefusals: [(fields: [String: String], message: String)] = [
    (["kind": "feeNoticed", "date": "2026-03-02", "amount": "0"], "收费金额（元）应为 1–1000000 之间的整数，这里是「0」"),
    (["kind": "feeNoticed", "date": "2026-03-02", "amount": "5000000"], "收费金额（元）应为 1–1000000 之间的整数，这里是「5000000」"),
    (["kind": "correctionRequested", "date": "2026-03-09"], "日期不能晚于今天（2026-03-02）"),
    (["kind": "decided", "date": "2026-03-02"], "请选择答复结果（2021 年格式表三的办理结果，如 granted、partlyGranted、withheld.stateSecret）"),
    (["kind": "decided", "date": "2026-03-02", "outcome": "granted", "note": "理由\u{8}"], "「说明」含有控制字符（如 NUL、退格或换行），请删去后再提交"),
    (["reviewKind": "reconsideration", "filed": "2026-04-01"], "提起日期不能晚于今天（2026-03-02）"),
    (["reviewKind": "reconsideration", "filed": "2026-03-02", "decided": "2026-03-01", "result": "upheld"], "审结日期不能早于提起日期"),
]

@Suite("One rule set: the web refuses what the CLI refuses, in the same words")
struct SharedRulesTests {
    @Test("Bad steps through the API get the office's refusal")
    func sameRules() async throws {
        try await withServer(.sqlite) { app, _ in
            let citizen = Browser(app)
            try await citizen.request(.GET, "/apply")
            #expect(try await citizen.request(.POST, "/apply", form: application()).status == .ok)
            let clerk = Browser(app)
            _ = try await clerk.logIn("clerk", "Passw0rd-clerk")
            for (fields, message) in sharedRefusals {
                let path = fields["reviewKind"] == nil ? "events" : "reviews"
                let response = try await clerk.request(.POST, "/api/cases/2026-000001/\(path)", json: fields)
                #expect(response.status == .unprocessableEntity, "\(fields)")
                #expect(try clerk.object(response)["error"] as? String == message, "\(fields)")
            }
        }
    }
}
