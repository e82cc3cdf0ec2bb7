import Foundation
import GongkaiCore
import GongkaiStore
import Testing
import Vapor
import VaporTesting

@testable import GongkaiWeb

/// A browser for the in-memory server: keeps cookies, sends the CSRF token with every form and API call.
final class Browser: @unchecked Sendable {
    let app: Application
    var cookies: [String: String] = [:]
    /// In memory (the default), or through a real server on a port: body limits are applied only there.
    var mode: Application.Method = .inMemory

    init(_ app: Application) { self.app = app }

    var csrf: String { cookies["gongkai-csrf"] ?? "" }

    @discardableResult
    func request(_ method: HTTPMethod, _ path: String, form: [String: String]? = nil, json: [String: Any]? = nil,
                 raw: (ByteBuffer, String)? = nil, csrf sendToken: Bool = true, headers extra: [String: String] = [:])
        async throws -> TestingHTTPResponse
    {
        var headers = HTTPHeaders(extra.map { ($0.key, $0.value) })
        if !cookies.isEmpty { headers.add(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")) }
        var body = ByteBuffer()
        if let form {
            var fields = form
            if sendToken { fields["_csrf"] = csrf }
            var components = URLComponents()
            components.queryItems = fields.map { URLQueryItem(name: $0.key, value: $0.value) }
            let encoded = (components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
            body = ByteBuffer(string: encoded)
            headers.contentType = .urlEncodedForm
        } else if let json {
            body = ByteBuffer(data: try JSONSerialization.data(withJSONObject: json))
            headers.contentType = .json
            if sendToken { headers.add(name: "X-CSRF-Token", value: csrf) }
        } else if let raw {
            body = raw.0
            headers.add(name: .contentType, value: raw.1)
            if sendToken { headers.add(name: "X-CSRF-Token", value: csrf) }
        } else if method != .GET, sendToken {
            headers.add(name: "X-CSRF-Token", value: csrf)
        }
        let response = try await app.testing(method: mode).performTest(request: TestingHTTPRequest(method: method, url: URI(path: path), headers: headers, body: body))
        for header in response.headers[.setCookie] {
            let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            let value = pair.count > 1 ? String(pair[1]) : ""
            if header.contains("Max-Age=0") || value.isEmpty { cookies[String(pair[0])] = nil } else { cookies[String(pair[0])] = value }
        }
        return response
    }

    /// A `multipart/form-data` form, as a browser sends one with files (`files`: field, file name, bytes).
    func request(_ method: HTTPMethod, _ path: String, multipart fields: [String: String], files: [(String, String, [UInt8])]) async throws
        -> TestingHTTPResponse
    {
        let boundary = "----gongkai\(UInt64.random(in: 0...UInt64.max))"
        var body: [UInt8] = []
        func add(_ text: String) { body += Array(text.utf8) }
        for (name, value) in fields.merging(["_csrf": csrf], uniquingKeysWith: { a, _ in a }) {
            add("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        for (field, name, bytes) in files {
            add("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field)\"; filename=\"\(name)\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            body += bytes
            add("\r\n")
        }
        add("--\(boundary)--\r\n")
        return try await request(method, path, raw: (ByteBuffer(bytes: body), "multipart/form-data; boundary=\(boundary)"))
    }

    /// A browser logged in as `username`.
    static func loggedIn(_ app: Application, _ username: String, _ password: String) async throws -> Browser {
        let browser = Browser(app)
        _ = try await browser.logIn(username, password)
        return browser
    }

    /// Visits a page first (to get the CSRF cookie), then logs in.
    func logIn(_ username: String, _ password: String) async throws -> TestingHTTPResponse {
        try await request(.GET, "/staff/login")
        return try await request(.POST, "/staff/login", form: ["username": username, "password": password, "next": "/staff"])
    }

    func object(_ response: TestingHTTPResponse) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any] ?? [:]
    }
}

typealias WebDatabase = ScratchStore

/// Runs a test against a fresh server and database; `today` is fixed to 2026-03-02 (a Monday).
func withServer(_ database: WebDatabase, settings adjust: (inout ServerSettings) -> Void = { _ in },
                _ body: (Application, CaseStore) async throws -> Void) async throws
{
    try await database.withStore { store in
        var settings = ServerSettings(agency: "某某市某某局", today: { CivilDate(iso: "2026-03-02")! }, passwordCost: 4)
        adjust(&settings)
        let app = try await Application.make(.testing)
        do {
            try GongkaiServer.configure(app, store: store, settings: settings)
            for (name, roles) in [("admin", [Role.admin]), ("clerk", [.clerk]), ("reviewer", [.reviewer]), ("signer", [.signer]),
                                  ("supervisor", [.supervisor])] {
                try await store.createUser(StaffUser(username: name, displayName: "测试\(name)",
                                                     passwordHash: try Bcrypt.hash("Passw0rd-\(name)", cost: 4), roles: Set(roles)),
                                           by: "test")
            }
            try await body(app, store)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}

let validID = "11010519491231002X"

func application(_ overrides: [String: String] = [:]) -> [String: String] {
    ["applicantType": "naturalPerson", "name": "李明", "documentKind": "residentID", "documentNumber": validID,
     "phone": "13812345678", "address": "北京市东城区某路 1 号", "description": "2025 年某某道路改造项目的立项批复",
     "provision": "paper"].merging(overrides) { $1 }
}

@Suite("gongkai serve: pages and API (SQLite and PostgreSQL)", .serialized)
struct WebTests {
    @Test("A year in the browser: apply, look up, handle to a decision, build, sign off and publish the report",
          arguments: WebDatabase.available)
    func wholeYear(database: WebDatabase) async throws {
        try await withServer(database) { app, store in
            let citizen = Browser(app)
            let form = try await citizen.request(.GET, "/apply")
            #expect(form.status == .ok)
            #expect(form.body.string.contains("政府信息公开申请"))
            // A wrong check digit is refused with the reason, and what was typed is kept.
            let bad = try await citizen.request(.POST, "/apply", form: application(["documentNumber": "110105194912310021"]))
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("校验位不对"))
            #expect(bad.body.string.contains("2025 年某某道路改造项目的立项批复"))
            let receipt = try await citizen.request(.POST, "/apply", form: application())
            #expect(receipt.status == .ok)
            let page = receipt.body.string
            #expect(page.contains("2026-000001"))
            // Received 2026-03-02 online: 20 working days from the next day → 2026-03-30.
            #expect(page.contains("2026-03-30"))
            let tracking = try #require(page.firstMatch(of: /id="tracking-code">([A-Z0-9]{10})</)?.1).description

            let clerk = Browser(app)
            #expect(try await clerk.logIn("clerk", "wrong-password").status == .unauthorized)
            let login = try await clerk.logIn("clerk", "Passw0rd-clerk")
            #expect(login.status == .seeOther)
            let todo = try await clerk.request(.GET, "/staff")
            #expect(todo.status == .ok)
            #expect(todo.body.string.contains("2026-000001"))
            #expect(!todo.body.string.contains(validID), "lists never show ID numbers")
            #expect(!todo.body.string.contains("13812345678"), "lists never show phone numbers")
            // An extension needs the signer.
            let extend = try await clerk.request(.POST, "/staff/cases/2026-000001/events", form: ["kind": "extended", "date": "2026-03-02"])
            #expect(extend.status == .forbidden)
            #expect(extend.body.string.contains("签发人"))
            let decided = try await clerk.request(.POST, "/staff/cases/2026-000001/events",
                                                  form: ["kind": "decided", "date": "2026-03-02", "outcome": "granted", "note": "经审查予以公开。"])
            #expect(decided.status == .seeOther)
            let letter = try await clerk.request(.GET, "/staff/cases/2026-000001/letter")
            #expect(letter.status == .ok)
            #expect(Array(letter.body.readableBytesView.prefix(2)) == [0x50, 0x4B])
            // The Chinese file name as RFC 5987 UTF-8 bytes (raw Chinese in the header made Chromium save `download`).
            #expect(letter.headers.first(name: .contentDisposition)
                == "attachment; filename=\"2026-000001.docx\"; filename*=UTF-8''%E7%AD%94%E5%A4%8D%E4%B9%A6-2026-000001.docx")

            // The applicant sees the decision; a wrong phone sees nothing.
            let found = try await citizen.request(.POST, "/track", form: ["trackingCode": tracking.lowercased(), "phone": "138-1234-5678"])
            #expect(found.status == .ok)
            #expect(found.body.string.contains("已答复"))
            #expect(!found.body.string.contains("李明"))
            let wrong = try await citizen.request(.POST, "/track", form: ["trackingCode": tracking, "phone": "13900000000"])
            #expect(wrong.status == .notFound)
            #expect(!wrong.body.string.contains("2026-000001"))

            // The 2026 report: table 二 entered, tables 三/四 counted from the cases.
            let builder = try await clerk.request(.GET, "/staff/reports/2026")
            #expect(builder.status == .ok)
            let names = builder.body.string.matches(of: /name="(t2\.[a-zA-Z.]+)"/).map { String($0.1) }
            #expect(names.count >= 10)
            var fields = Dictionary(uniqueKeysWithValues: names.map { ($0, "0") })
            fields["section.1"] = "本机关认真贯彻落实《中华人民共和国政府信息公开条例》。"
            // Live check (nothing saved): a letter in a number cell is refused with the cell named.
            let check = try await clerk.request(.POST, "/api/report-drafts/2026/check", json: ["t2.rules.issued": "十"])
            #expect(check.status == .unprocessableEntity)
            #expect(try clerk.object(check)["error"] as? String == "表二「规章·本年制发件数」应填数字，这里是「十」")
            #expect(try await clerk.request(.POST, "/staff/reports/2026", form: fields).status == .seeOther)
            let draft = try clerk.object(try await clerk.request(.GET, "/api/report-drafts/2026"))
            let report = try #require(draft["report"] as? [String: Any])
            let table3 = try #require(report["table3"] as? [String: Any])
            #expect((table3["granted"] as? [Int]) == [1, 0, 0, 0, 0, 0, 1])
            #expect((table3["received"] as? [Int]) == [1, 0, 0, 0, 0, 0, 1])
            // Only the signer signs off; the clerk publishes.
            #expect(try await clerk.request(.POST, "/staff/reports/2026/approve", form: [:]).status == .forbidden)
            #expect(try await clerk.request(.POST, "/staff/reports/2026/publish", form: [:]).status == .conflict)
            let signer = Browser(app)
            _ = try await signer.logIn("signer", "Passw0rd-signer")
            #expect(try await signer.request(.POST, "/staff/reports/2026/approve", form: [:]).status == .seeOther)
            #expect(try await clerk.request(.POST, "/staff/reports/2026/publish", form: [:]).status == .seeOther)

            let list = try await citizen.request(.GET, "/reports")
            #expect(list.body.string.contains("某某市某某局2026年政府信息公开工作年度报告"))
            let published = try await citizen.request(.GET, "/reports/2026")
            #expect(published.status == .ok)
            #expect(published.body.string.contains("本机关认真贯彻落实"))
            let docx = try await citizen.request(.GET, "/reports/2026/docx")
            #expect(docx.status == .ok)
            #expect(Array(docx.body.readableBytesView.prefix(2)) == [0x50, 0x4B])
            let api = try citizen.object(try await citizen.request(.GET, "/api/reports/2026"))
            #expect(api["year"] as? Int == 2026)

            // The audit log has every change, with the ID number masked.
            let log = try await store.auditLog()
            let actions = Set(log.map(\.action))
            #expect(actions.isSuperset(of: ["登记申请", "登录", "办理申请", "编辑年度报告", "签发年度报告", "发布年度报告"]))
            #expect(!log.contains { $0.detail.contains(validID) || $0.detail.contains("李明") })
        }
    }

    @Test("Every staff route refuses callers without a session or without the role", arguments: WebDatabase.available)
    func everyRouteChecksTheRole(database: WebDatabase) async throws {
        try await withServer(database) { app, _ in
            let table = GongkaiServer.routeTable(app)
            #expect(!table.contains { $0.access == "unregistered" }, "every route says who may call it")
            #expect(table.count >= 40)
            let roles: [(String, Role)] = [("admin", .admin), ("clerk", .clerk), ("reviewer", .reviewer), ("signer", .signer),
                                           ("supervisor", .supervisor)]
            var browsers: [Role: Browser] = [:]
            for (name, role) in roles {
                let browser = Browser(app)
                #expect(try await browser.logIn(name, "Passw0rd-\(name)").status == .seeOther)
                browsers[role] = browser
            }
            let anonymous = Browser(app)
            try await anonymous.request(.GET, "/")
            var checked = 0
            // Logging out ends the sessions the other routes are tried with: last.
            for route in table.sorted(by: { !$0.path.hasSuffix("logout") && $1.path.hasSuffix("logout") }) where route.access != "everyone" {
                let path = route.path.replacingOccurrences(of: ":code", with: "2026-999999")
                    .replacingOccurrences(of: ":year", with: "2026").replacingOccurrences(of: ":username", with: "nobody")
                    .replacingOccurrences(of: ":agency", with: "main")
                let method = HTTPMethod(rawValue: route.method)
                let isAPI = path.hasPrefix("/api/") || path.hasPrefix("/a/main/api/")
                let outside = try await anonymous.request(method, path, form: isAPI ? nil : [:])
                if isAPI { #expect(outside.status == .unauthorized, "\(route.method) \(path) without a session") }
                else {
                    #expect(outside.status == .seeOther, "\(route.method) \(path) without a session")
                    #expect(outside.headers.first(name: .location)?.hasPrefix("/staff/login") == true)
                }
                for (name, role) in roles {
                    let response = try await browsers[role]!.request(method, path, form: isAPI ? nil : [:])
                    if path.hasSuffix("logout") { _ = try await browsers[role]!.logIn(name, "Passw0rd-\(name)") }
                    let allowed = route.access == "staff" || role.permissions.contains(Permission(rawValue: route.access)!)
                    if allowed {
                        #expect(response.status != .forbidden && response.status != .unauthorized,
                                "\(route.method) \(path) as \(role) should be allowed: \(response.status)")
                        #expect(response.status.code < 500, "\(route.method) \(path) as \(role): \(response.status) \(response.body.string.prefix(200))")
                    } else {
                        #expect(response.status == .forbidden, "\(route.method) \(path) as \(role): \(response.status)")
                    }
                }
                checked += 1
            }
            #expect(checked >= 30)
        }
    }

    @Test("Forms and API calls without the CSRF token are refused; login attempts are limited")
    func csrfAndLoginLimits() async throws {
        try await withServer(.sqlite, settings: { $0.loginAttempts = 3 }) { app, store in
            let browser = Browser(app)
            try await browser.request(.GET, "/apply")
            let forged = try await browser.request(.POST, "/apply", form: application(), csrf: false)
            #expect(forged.status == .forbidden)
            #expect(forged.body.string.contains("CSRF"))
            #expect(try await store.caseCount() == 0)
            let api = try await browser.request(.POST, "/api/applications", json: application(), csrf: false)
            #expect(api.status == .forbidden)
            for _ in 0..<3 { #expect(try await browser.logIn("clerk", "nope").status == .unauthorized) }
            let limited = try await browser.logIn("clerk", "Passw0rd-clerk")
            #expect(limited.status == .tooManyRequests)
            #expect(limited.body.string.contains("登录失败次数过多"))
        }
    }

    @Test("The API files and handles a case like the pages do; /openapi.json lists every API operation")
    func api() async throws {
        try await withServer(.sqlite) { app, _ in
            let client = Browser(app)
            let session = try client.object(try await client.request(.GET, "/api/session"))
            #expect((session["csrfToken"] as? String)?.count ?? 0 >= 32)
            let filed = try await client.request(.POST, "/api/applications", json: application(["phone": "010-12345678"]))
            #expect(filed.status == .created)
            let body = try client.object(filed)
            #expect(body["code"] as? String == "2026-000001")
            #expect(body["answerDue"] as? String == "2026-03-30")
            let problems = try await client.request(.POST, "/api/applications", json: application(["documentNumber": "123"]))
            #expect(problems.status == .unprocessableEntity)
            #expect((try client.object(problems)["error"] as? String)?.contains("documentNumber") == true)

            let login = try await client.request(.POST, "/api/login", json: ["username": "clerk", "password": "Passw0rd-clerk"])
            #expect(login.status == .ok)
            let offline = try await client.request(.POST, "/api/cases", json: application([
                "applicantType": "commercialEnterprise", "name": "某某有限公司", "documentKind": "creditCode",
                "documentNumber": "91350100M000100Y43", "contact": "王五", "channel": "post", "received": "2026-02-27",
            ]))
            #expect(offline.status == .created, "\(offline.body.string)")
            let code = try client.object(offline)["code"] as? String
            #expect(code == "2026-000002")
            let step = try await client.request(.POST, "/api/cases/2026-000002/events",
                                                json: ["kind": "correctionRequested", "date": "2026-03-02"])
            #expect(step.status == .ok)
            #expect(try client.object(step)["stage"] as? String == "待申请人补正")
            let future = try await client.request(.POST, "/api/cases/2026-000002/events", json: ["kind": "correctionReceived", "date": "2026-03-09"])
            #expect(future.status == .unprocessableEntity)
            let due = try client.object(try await client.request(.GET, "/api/cases"))
            #expect((due["cases"] as? [Any])?.count == 2)

            let document = try client.object(try await client.request(.GET, "/openapi.json"))
            #expect(document["openapi"] as? String == "3.0.3")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            for route in GongkaiServer.routeTable(app) where route.path.hasPrefix("/api/") {
                let path = route.path.replacing(/:([a-z]+)/) { "{\($0.1)}" }.replacingOccurrences(of: "**", with: "{rest}")
                #expect(paths[path]?[route.method.lowercased()] != nil, "\(route.method) \(path) is documented")
            }
        }
    }

    @Test("Report files are checked on upload; size and type are limited with a clear message")
    func reportUpload() async throws {
        try await withServer(.sqlite, settings: { $0.maxUploadBytes = 1 << 20 }) { app, _ in
            let client = Browser(app)
            _ = try await client.logIn("supervisor", "Passw0rd-supervisor")
            let markdown = "# 某某局2021年政府信息公开工作年度报告\n\n一、总体情况\n\n本年度工作。\n"
            let result = try await client.request(.POST, "/api/check?name=report.md", raw: (ByteBuffer(string: markdown), "application/octet-stream"))
            #expect(result.status == .ok)
            let report = try client.object(result)
            #expect(report["year"] as? Int == 2021)
            #expect(((report["findings"] as? [Any])?.count ?? 0) > 0, "a report without tables is flagged")
            let wrongType = try await client.request(.POST, "/api/check?name=report.exe", raw: (ByteBuffer(string: "MZ"), "application/octet-stream"))
            #expect(wrongType.status == .unsupportedMediaType)
            #expect((try client.object(wrongType)["error"] as? String)?.contains("不支持") == true)
            let big = try await client.request(.POST, "/api/check?name=big.txt",
                                               raw: (ByteBuffer(repeating: 0x41, count: (1 << 20) + 10), "application/octet-stream"))
            #expect(big.status == .payloadTooLarge)
            let page = try await client.request(.GET, "/staff/check")
            #expect(page.body.string.contains("不超过 1 MB"))
        }
    }

    @Test("The public form takes a limited number of applications from one address; behind a proxy, the forwarded address counts")
    func filingLimit() async throws {
        try await withServer(.sqlite, settings: { $0.filingsPerHour = 2; $0.behindProxy = true }) { app, store in
            let citizen = Browser(app)
            _ = try await citizen.request(.GET, "/apply")
            let visitor = ["X-Forwarded-For": "10.0.0.9, 203.0.113.7"]
            for _ in 0..<2 {
                #expect(try await citizen.request(.POST, "/apply", form: application(), headers: visitor).status == .ok)
            }
            let third = try await citizen.request(.POST, "/apply", form: application(["description": "第三件申请的内容"]), headers: visitor)
            #expect(third.status == .tooManyRequests)
            #expect(third.body.string.contains("一小时内提交的申请已达 2 件"))
            #expect(third.body.string.contains("第三件申请的内容"), "what was typed stays in the form")
            // The API counts the same filings.
            #expect(try await citizen.request(.POST, "/api/applications", json: application(), headers: visitor).status == .tooManyRequests)
            // Another visitor behind the same proxy files as usual.
            let other = try await citizen.request(.POST, "/apply", form: application(), headers: ["X-Forwarded-For": "10.0.0.9, 198.51.100.4"])
            #expect(other.status == .ok)
            #expect(try await store.caseCount() == 3)
        }
    }

    @Test("A refused form comes back with everything typed in it and the wrong field marked: nothing is lost")
    func refusedFormsKeepWhatWasTyped() async throws {
        try await withServer(.sqlite) { app, store in
            let clerk = Browser(app)
            _ = try await clerk.logIn("clerk", "Passw0rd-clerk")
            let prose = "本年度，本机关围绕中心工作推进政务公开，共主动公开政府信息三百余条。"
            let report = try await clerk.request(.POST, "/staff/reports/2025", form: [
                "section.1": prose, "t2.rules.issued": "十二", "t2.rules.repealed": "4",
            ])
            #expect(report.status == .unprocessableEntity)
            let page = report.body.string
            #expect(page.contains("表二「规章·本年制发件数」应填数字，这里是「十二」"))
            #expect(page.contains(prose), "the prose typed is still in the page")
            #expect(page.contains(#"name="t2.rules.issued" value="十二""#))
            #expect(page.contains(#"value="十二" aria-label="规章·本年制发件数" inputmode="decimal" class="num" aria-invalid="true""#))
            #expect(page.contains(#"name="t2.rules.repealed" value="4""#))
            #expect(try await store.draft(year: 2025, agency: Agency.firstID) == nil, "nothing was saved")

            let filed = try await clerk.request(.POST, "/staff/cases", form: application(["channel": "post", "received": "2026-03-02"]))
            #expect(filed.status == .seeOther)
            let location = try #require(filed.headers.first(name: .location))
            let code = try #require(location.firstMatch(of: /cases\/([0-9-]+)/)?.1).description
            let reasons = "所申请信息属于行政机关内部事务信息（条例第十六条第一款），不予公开。"
            let step = try await clerk.request(.POST, "/staff/cases/\(code)/events",
                                               form: ["kind": "decided", "date": "2026-03-02", "outcome": "", "note": reasons])
            #expect(step.status == .unprocessableEntity)
            #expect(step.body.string.contains(reasons))
            #expect(step.body.string.contains(#"<input type="hidden" name="kind" value="decided">"#), "the step chosen stays chosen")
            #expect(step.body.string.contains(#"class="button chosen""#))
        }
    }
}
