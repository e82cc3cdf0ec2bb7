import Foundation
import GongkaiCore
import GongkaiStore
import Testing
import Vapor
import VaporTesting

@testable import GongkaiWeb

/// A county's platform: the county government (the installation's first agency, at the site's root) and its
/// education bureau under it (`/a/jyj/`). Each agency's cases, drafts, tables and reports are its own; a 督查 of
/// the government sees both.
@Suite("Agencies on one installation (SQLite and PostgreSQL)", .serialized)
struct AgencyWebTests {
    static func table3(_ browser: Browser, _ path: String) async throws -> [String: Any] {
        let draft = try browser.object(try await browser.request(.GET, path))
        let report = try #require(draft["report"] as? [String: Any])
        return try #require(report["table3"] as? [String: Any])
    }

    @Test("Two agencies: a clerk of one cannot see or change the other's records on any route; the 督查 above sees both; tables count their own",
          arguments: WebDatabase.available)
    func twoAgencies(database: WebDatabase) async throws {
        try await withServer(database, settings: { $0.agency = "示例县人民政府"; $0.level = .government }) { app, store in
            let admin = Browser(app)
            #expect(try await admin.logIn("admin", "Passw0rd-admin").status == .seeOther)
            // The administrator of the government adds the bureau under it; a bad credit code is named.
            let bad = try await admin.request(.POST, "/api/agencies", json: ["code": "jyj", "name": "示例县教育局", "parent": "main",
                                                                             "creditCode": "11620622013933539A"])
            #expect(bad.status == .unprocessableEntity)
            #expect(try admin.object(bad)["field"] as? String == "creditCode")
            let created = try await admin.request(.POST, "/api/agencies", json: [
                "code": "jyj", "name": "示例县教育局", "parent": "main", "level": "部门", "creditCode": "11620622013933539B",
            ])
            #expect(created.status == .created, "\(created.body.string)")
            #expect(try admin.object(created)["path"] as? String == "/a/jyj/")
            // …and its clerk, from the bureau's accounts page (the government's administrator reaches down).
            let account = try await admin.request(.POST, "/a/jyj/api/users", json: [
                "username": "jclerk", "displayName": "教育局经办", "password": "Passw0rd-jclerk", "roles": "clerk",
            ])
            #expect(account.status == .created, "\(account.body.string)")
            #expect(try admin.object(account)["roles"] as? [String] == ["clerk"])

            // The public: the home page lists both; each agency's form files with that agency.
            let citizen = Browser(app)
            let home = try await citizen.request(.GET, "/")
            #expect(home.body.string.contains("href=\"/a/jyj/\"") && home.body.string.contains("示例县教育局"))
            #expect(try await citizen.request(.GET, "/a/jyj/").body.string.contains("<title>政府信息公开 - 示例县教育局</title>"))
            #expect(try await citizen.request(.GET, "/a/nosuch/").status == .notFound)
            let mainFiled = try citizen.object(try await citizen.request(.POST, "/api/applications", json: application()))
            let bureauFiled = try citizen.object(try await citizen.request(.POST, "/a/jyj/api/applications",
                                                                           json: application(["name": "王芳"])))
            _ = try await citizen.request(.POST, "/a/jyj/api/applications", json: application(["name": "赵丽"]))
            #expect(mainFiled["code"] as? String == "2026-000001" && bureauFiled["code"] as? String == "2026-000001",
                    "each agency numbers its own cases")
            let tracking = try #require(bureauFiled["trackingCode"] as? String)
            let lookUpHere = try await citizen.request(.POST, "/a/jyj/api/track", json: ["trackingCode": tracking, "phone": "13812345678"])
            #expect(lookUpHere.status == .ok)
            let lookUpThere = try await citizen.request(.POST, "/api/track", json: ["trackingCode": tracking, "phone": "13812345678"])
            #expect(lookUpThere.status == .notFound, "a tracking code is looked up at its own agency")

            let clerk = Browser(app)
            _ = try await clerk.logIn("clerk", "Passw0rd-clerk")
            let jclerk = Browser(app)
            _ = try await jclerk.logIn("jclerk", "Passw0rd-jclerk")
            // The bureau's clerk, landing on the site's staff home, is taken to the bureau's.
            let landing = try await jclerk.request(.GET, "/staff")
            #expect(landing.status == .seeOther && landing.headers.first(name: .location) == "/a/jyj/staff")
            let mine = try await jclerk.request(.GET, "/a/jyj/staff/cases/2026-000001")
            #expect(mine.status == .ok && mine.body.string.contains("王") && !mine.body.string.contains("李明"))
            #expect(try await clerk.request(.GET, "/staff/cases/2026-000001").body.string.contains("李"))

            // Every route of an agency, tried by the other agency's clerk: refused.
            var tried = 0
            for route in GongkaiServer.routeTable(app) where route.path.hasPrefix("/a/:agency/") && route.access != "everyone" {
                guard !route.path.hasSuffix("logout") else { continue }
                func fill(_ path: String) -> String {
                    path.replacingOccurrences(of: ":code", with: "2026-000001").replacingOccurrences(of: ":year", with: "2026")
                        .replacingOccurrences(of: ":username", with: "jclerk")
                }
                let method = HTTPMethod(rawValue: route.method)
                let bureauPath = fill(route.path.replacingOccurrences(of: ":agency", with: "jyj"))
                let rootPath = fill(String(route.path.dropFirst("/a/:agency".count)))
                let isAPI = rootPath.hasPrefix("/api/")
                let intoBureau = try await clerk.request(method, bureauPath, form: isAPI ? nil : [:])
                let intoGovernment = try await jclerk.request(method, rootPath, form: isAPI ? nil : [:])
                if rootPath == "/staff" {
                    // The staff home of an agency one has no role in sends to one's own.
                    #expect(intoBureau.status == .seeOther && intoBureau.headers.first(name: .location) == "/staff")
                    #expect(intoGovernment.status == .seeOther && intoGovernment.headers.first(name: .location) == "/a/jyj/staff")
                } else {
                    #expect(intoBureau.status == .forbidden, "\(route.method) \(bureauPath) as the government's clerk: \(intoBureau.status)")
                    #expect(intoGovernment.status == .forbidden, "\(route.method) \(rootPath) as the bureau's clerk: \(intoGovernment.status)")
                }
                tried += 1
            }
            #expect(tried >= 25)
            // Nothing was changed by those attempts.
            #expect(try await store.record("2026-000001", agency: 2)?.events.isEmpty == true)
            #expect(try await store.draft(year: 2026, agency: 2) == nil)
            #expect(try await store.draft(year: 2026, agency: 1) == nil)

            // The government's 督查 sees the bureau's cases and the bureau's audit log; the clerks see only their own.
            let supervisor = Browser(app)
            _ = try await supervisor.logIn("supervisor", "Passw0rd-supervisor")
            let due = try supervisor.object(try await supervisor.request(.GET, "/a/jyj/api/cases"))
            #expect((due["cases"] as? [Any])?.count == 2)
            #expect(try await supervisor.request(.GET, "/a/jyj/staff").body.string.contains("2026-000002"))
            #expect(try await supervisor.request(.GET, "/a/jyj/staff/audit").status == .ok)
            #expect(try await supervisor.request(.POST, "/a/jyj/staff/cases/2026-000001/events", form: ["kind": "withdrawn", "date": "2026-03-02"])
                .status == .forbidden, "a 督查 looks, does not handle")

            // Tables 三 count each agency's own cases.
            let governmentTable = try await Self.table3(clerk, "/api/report-drafts/2026")
            let bureauTable = try await Self.table3(jclerk, "/a/jyj/api/report-drafts/2026")
            #expect((governmentTable["received"] as? [Int])?.last == 1)
            #expect((bureauTable["received"] as? [Int])?.last == 2)
            // The bureau's own administrator runs the bureau, and nothing above it.
            let jadminAccount = try await admin.request(.POST, "/a/jyj/api/users", json: [
                "username": "jadmin", "displayName": "教育局管理员", "password": "Passw0rd-jadmin", "roles": "admin",
            ])
            #expect(jadminAccount.status == .created)
            let jadmin = Browser(app)
            _ = try await jadmin.logIn("jadmin", "Passw0rd-jadmin")
            let renamed = try await jadmin.request(.POST, "/a/jyj/staff/agencies/jyj", form: [
                "name": "示例县教育体育局", "level": "department", "parent": "main", "creditCode": "11620622013933539B",
                "reconsiderationBody": "示例县人民政府", "court": "示例县人民法院",
            ])
            #expect(renamed.status == .seeOther, "\(renamed.body.string.prefix(300))")
            #expect(try await store.agencies().first { $0.code == "jyj" }?.remedies.court == "示例县人民法院")
            let moved = try await jadmin.request(.PUT, "/a/jyj/api/agencies/jyj", json: ["parent": ""])
            #expect(moved.status == .forbidden, "moving the bureau out from under the government needs the government's administrator")
            let takeover = try await jadmin.request(.PUT, "/a/jyj/api/users/admin", json: ["password": "Taken-over-123"])
            #expect(takeover.status == .forbidden, "another agency's administrator's password is not the bureau's to reset")
            #expect(try await jadmin.request(.GET, "/staff/users").status == .forbidden)
            // The bureau's builder is in the bureau's name, with its own address in every form.
            let builder = try await jclerk.request(.GET, "/a/jyj/staff/reports/2025")
            #expect(builder.body.string.contains("示例县教育体育局") && builder.body.string.contains("action=\"/a/jyj/staff/reports/2025\""))
        }
    }
}
