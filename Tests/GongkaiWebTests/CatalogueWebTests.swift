import Foundation
import GongkaiCore
import GongkaiStore
import Testing
import Vapor
import VaporTesting

@testable import GongkaiWeb

@Suite("The catalogue: review before publishing, the public portal, search and feeds", .serialized)
struct CatalogueWebTests {
    static let record = [
        "title": "某某市某某局关于开展疫苗接种单位专项检查的通知", "summary": "部署全市疫苗接种单位专项检查。", "formedOn": "2026-02-27",
        "kind": "notice", "article20": "13", "issuer": "某某市某某局", "documentNumber": "某卫[2026]5号", "text": "各有关单位：\n现就专项检查通知如下。",
    ]

    static func giveCreditCode(_ store: CaseStore) async throws {
        var agency = try #require(try await store.agencies().first)
        agency.creditCode = "11330100MB0000000N"
        try await store.updateAgency(agency, by: "test", detail: "统一社会信用代码")
    }

    @Test("A draft goes through 提交审核, 审核, 保密审查 and 签发, each by its role; then the public finds it by a two-character word, opens it by its 索引号 and sees it in the feed",
          arguments: WebDatabase.available)
    func publishThroughReview(database: WebDatabase) async throws {
        try await withServer(database) { app, store in
            try await Self.giveCreditCode(store)
            let clerk = Browser(app), reviewer = Browser(app), signer = Browser(app), citizen = Browser(app)
            _ = try await clerk.logIn("clerk", "Passw0rd-clerk")
            _ = try await reviewer.logIn("reviewer", "Passw0rd-reviewer")
            _ = try await signer.logIn("signer", "Passw0rd-signer")

            // A draft with a missing required field is refused naming it, and what was typed stays.
            var missing = Self.record
            missing["summary"] = ""
            let refused = try await clerk.request(.POST, "/staff/catalogue/drafts", form: missing)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("内容概述不能为空") && refused.body.string.contains("疫苗接种单位专项检查"))

            let saved = try await clerk.request(.POST, "/staff/catalogue/drafts", form: Self.record)
            #expect(saved.status == .seeOther)
            let location = try #require(saved.headers.first(name: .location))
            let no = try #require(location.firstMatch(of: /drafts\/(\d+)/)?.1).description
            let path = "/staff/catalogue/drafts/\(no)"
            #expect(try await clerk.request(.GET, "/staff/catalogue").body.string.contains("疫苗接种单位专项检查"))

            // 不予公开 without a ground is refused; the clerk cannot sign.
            let noGround = try await clerk.request(.POST, path + "/steps", form: ["kind": "propose", "disclosure": "withheld"])
            #expect(noGround.status == .unprocessableEntity && noGround.body.string.contains("请选择不予主动公开的理由"))
            #expect(try await clerk.request(.POST, path + "/steps", form: ["kind": "propose", "disclosure": "proactive"]).status == .seeOther)
            #expect(try await clerk.request(.POST, path + "/steps", form: ["kind": "checked"]).status == .forbidden)
            #expect(try await reviewer.request(.POST, path + "/steps", form: ["kind": "checked"]).status == .seeOther)
            #expect(try await reviewer.request(.POST, path + "/steps", form: ["kind": "approved"]).status == .forbidden)
            #expect(try await reviewer.request(.POST, path + "/steps", form: ["kind": "secrecyCleared"]).status == .seeOther)
            // Not yet public.
            #expect(!(try await citizen.request(.GET, "/catalogue?q=疫苗").body.string.contains("专项检查")))
            let page = try await signer.request(.GET, path).body.string
            #expect(page.contains("签发并发布") && page.contains("保密审查通过") && page.contains("测试reviewer"))
            let approved = try await signer.request(.POST, path + "/steps", form: ["kind": "approved"])
            #expect(approved.status == .seeOther)
            let done = try await signer.request(.GET, path + "?ok=catalogued").body.string
            #expect(done.contains("11330100MB0000000N/2026-00001"))

            // The public: a two-character word finds it, highlighted; the 文号 typed with other brackets too.
            let found = try await citizen.request(.GET, "/catalogue?q=疫苗").body.string
            #expect(found.contains("<mark>疫苗</mark>接种单位") && found.contains("<strong>1</strong> 条"))
            #expect(try await citizen.request(.GET, "/catalogue?q=某卫〔2026〕5号").body.string.contains("<strong>1</strong> 条"))
            #expect(try await citizen.request(.GET, "/catalogue?q=检").body.string.contains("<strong>1</strong> 条"), "one character: a scan")
            #expect(try await citizen.request(.GET, "/catalogue?q=疫苗&kind=plan").body.string.contains("<strong>0</strong> 条"))
            let recordPage = try await citizen.request(.GET, "/catalogue/record/11330100MB0000000N/2026-00001")
            #expect(recordPage.status == .ok)
            #expect(recordPage.body.string.contains("<th scope=\"row\">索引号</th><td>11330100MB0000000N/2026-00001</td>"))
            #expect(recordPage.body.string.contains("2026年3月2日") && recordPage.body.string.contains("（十三）"))
            #expect(try await citizen.request(.GET, "/catalogue/record/11330100MB0000000N/2026-09999").status == .notFound)
            #expect(!recordPage.body.string.contains("起草新版本"), "the public is not offered staff links")
            let staffView = try await clerk.request(.GET, "/catalogue/record/11330100MB0000000N/2026-00001").body.string
            #expect(staffView.contains("/staff/catalogue/new?of=11330100MB0000000N/2026-00001"))
            // A new version (here: the notice withdrawn from force is not applicable; its text corrected) keeps the number.
            var revised = Self.record
            revised["text"] = "各有关单位：\n现就专项检查通知如下（更正）。"
            revised["of"] = "11330100MB0000000N/2026-00001"
            let again = try await clerk.request(.POST, "/staff/catalogue/drafts", form: revised)
            let againPath = try #require(again.headers.first(name: .location)).replacingOccurrences(of: "?ok=saved", with: "")
            #expect(try await clerk.request(.GET, againPath).body.string.contains("11330100MB0000000N/2026-00001（新版本）"))
            let feed = try await citizen.request(.GET, "/catalogue/feed.atom?kind=notice")
            #expect(feed.headers.contentType?.subType == "atom+xml")
            #expect(feed.body.string.contains("<title>某某市某某局关于开展疫苗接种单位专项检查的通知</title>"))
            #expect(feed.body.string.contains("/catalogue/record/11330100MB0000000N/2026-00001"))
            #expect(!(try await citizen.request(.GET, "/catalogue/feed.atom?kind=plan").body.string.contains("<entry>")))

            // Every step is in the audit log, the publication with its 索引号.
            let log = try await store.auditLog(limit: 50).map { "\($0.action) \($0.detail)" }
            #expect(log.contains { $0.hasPrefix("签发 ") && $0.contains("索引号 11330100MB0000000N/2026-00001") })
            #expect(log.contains { $0.hasPrefix("保密审查通过") } && log.contains { $0.hasPrefix("提交审核") && $0.contains("拟主动公开") })
        }
    }

    @Test("Referred for 定密: nothing moves until the answer; a classified draft is closed and never published")
    func referral() async throws {
        try await withServer(.sqlite) { app, store in
            try await Self.giveCreditCode(store)
            let clerk = Browser(app), reviewer = Browser(app)
            _ = try await clerk.logIn("clerk", "Passw0rd-clerk")
            _ = try await reviewer.logIn("reviewer", "Passw0rd-reviewer")
            let saved = try await clerk.request(.POST, "/staff/catalogue/drafts", form: Self.record)
            let path = try #require(saved.headers.first(name: .location)).replacingOccurrences(of: "?ok=saved", with: "")
            _ = try await clerk.request(.POST, path + "/steps", form: ["kind": "propose", "disclosure": "proactive"])
            _ = try await reviewer.request(.POST, path + "/steps", form: ["kind": "checked"])
            let noReason = try await reviewer.request(.POST, path + "/steps", form: ["kind": "referredForClassification"])
            #expect(noReason.status == .unprocessableEntity && noReason.body.string.contains("请写明报请定密的事项和理由"))
            #expect(try await reviewer.request(.POST, path + "/steps", form: ["kind": "referredForClassification", "note": "附件含检查名单"]).status == .seeOther)
            let waiting = try await reviewer.request(.GET, path).body.string
            #expect(waiting.contains("已报请定密") && waiting.contains("定密结论：属于国家秘密，不予公开"))
            #expect(try await reviewer.request(.POST, path + "/steps", form: ["kind": "closed"]).status == .seeOther)
            #expect(try await store.catalogueCount() == 0)
        }
    }

    @Test("The report builder takes table 二's policy and decision cells from the catalogue, each opening the records behind it; report tables does too")
    func tableTwoFromCatalogue() async throws {
        try await withServer(.sqlite) { app, store in
            var generator = CatalogueGenerator(seed: 4, agency: "某某市某某局")
            let records = generator.records(years: 2023...2025, perYear: 40).filter { $0.publishedOn != nil }
            try await store.importCatalogue(records, agency: 1, rule: nil, by: "test", audit: nil)
            let counts = CatalogueCounts(records: records, year: 2025)
            let clerk = Browser(app)
            _ = try await clerk.logIn("clerk", "Passw0rd-clerk")
            let builder = try await clerk.request(.GET, "/staff/reports/2025").body.string
            let link = "/staff/catalogue/cells/2025/normativeDocuments.inForce"
            #expect(builder.contains("href=\"\(link)\""))
            #expect(builder.contains("（由目录统计）\">\(counts.normativeDocuments.inForce)</a>"))
            #expect(!builder.contains("name=\"t2.normativeDocuments.inForce\""), "not typed")
            #expect(builder.contains("name=\"t2.fees.amount\""), "the fees are still typed")
            let cell = try await clerk.request(.GET, link).body.string
            #expect(cell.contains("<small class=\"muted\">\(counts.normativeDocuments.inForce) 件</small>"))
            #expect(try await clerk.request(.GET, "/staff/catalogue/cells/2025/fees.amount").status == .notFound)
        }
    }

    @Test("The JSON API: import all or nothing with each wrong line named, search hits as CATALOGUE-JSONL records, a record by its 索引号, the due list; in /openapi.json",
          arguments: WebDatabase.available)
    func api(database: WebDatabase) async throws {
        try await withServer(database) { app, _ in
            let clerk = Browser(app)
            _ = try await clerk.logIn("clerk", "Passw0rd-clerk")
            let good = #"{"indexNumber": "053533505/2021-00106", "title": "关于做好医保报销工作的通知", "summary": "明确医保报销流程。", "formedOn": "2021-03-01", "publishedOn": "2021-03-02", "kind": "notice", "disclosure": "proactive"}"#
            let draft = #"{"title": "关于做好医保结算工作的通知", "summary": "待审核。", "formedOn": "2026-02-27", "kind": "notice", "disclosure": "proactive"}"#
            let bad = #"{"title": "x", "summary": "x", "formedOn": "2021-13-01", "kind": "notice", "disclosure": "proactive"}"#
            let refused = try await clerk.request(.POST, "/api/catalogue/import", raw: (ByteBuffer(string: good + "\n" + bad + "\n"), "application/x-ndjson"))
            #expect(refused.status == .unprocessableEntity)
            let errors = try clerk.object(refused)["errors"] as? [[String: Any]]
            #expect(errors?.count == 1 && errors?[0]["line"] as? Int == 2 && errors?[0]["field"] as? String == "formedOn")
            let citizen = Browser(app)
            #expect(try citizen.object(try await citizen.request(.GET, "/api/catalogue"))["total"] as? Int == 0, "nothing imported")
            let imported = try await clerk.request(.POST, "/api/catalogue/import", raw: (ByteBuffer(string: good + "\n" + draft + "\n"), "application/x-ndjson"))
            #expect(imported.status == .created)
            #expect(try clerk.object(imported)["published"] as? Int == 1 && (try clerk.object(imported)["drafts"] as? [Int])?.count == 1)
            let found = try citizen.object(try await citizen.request(.GET, "/api/catalogue?q=医保"))
            let hits = found["hits"] as? [[String: Any]]
            #expect(found["total"] as? Int == 1 && hits?.first?["indexNumber"] as? String == "053533505/2021-00106")
            #expect(hits?.first?["title"] as? String == "关于做好医保报销工作的通知" && hits?.first?["version"] as? Int == 1)
            let record = try citizen.object(try await citizen.request(.GET, "/api/catalogue/record/053533505/2021-00106"))
            #expect((record["versions"] as? [[String: Any]])?.count == 1)
            #expect(try await citizen.request(.GET, "/api/catalogue/due").status == .unauthorized)
            let due = try clerk.object(try await clerk.request(.GET, "/api/catalogue/due"))
            #expect((due["drafts"] as? [[String: Any]])?.first?["title"] as? String == "关于做好医保结算工作的通知")
            #expect(try await citizen.request(.GET, "/api/catalogue?q=，").status == .unprocessableEntity)
            let paths = try citizen.object(try await citizen.request(.GET, "/openapi.json"))["paths"] as? [String: Any] ?? [:]
            #expect(paths["/api/catalogue/import"] != nil && paths["/api/catalogue/due"] != nil && paths["/api/catalogue/record/{rest}"] != nil)
        }
    }
}

@Suite("The catalogue's attachments, 修订 links and the 指南", .serialized)
struct CatalogueLinksWebTests {
    /// Drafts, takes through review and publishes a record from a (multipart) form; returns its 索引号.
    static func publish(_ fields: [String: String], files: [(String, String, [UInt8])] = [], clerk: Browser, reviewer: Browser,
                        signer: Browser) async throws -> String
    {
        let saved = try await clerk.request(.POST, "/staff/catalogue/drafts", multipart: fields, files: files)
        #expect(saved.status == .seeOther, "\(saved.body.string)")
        let path = try #require(saved.headers.first(name: .location)).replacingOccurrences(of: "?ok=saved", with: "")
        _ = try await clerk.request(.POST, path + "/steps", form: ["kind": "propose", "disclosure": "proactive"])
        _ = try await reviewer.request(.POST, path + "/steps", form: ["kind": "checked"])
        _ = try await reviewer.request(.POST, path + "/steps", form: ["kind": "secrecyCleared"])
        _ = try await signer.request(.POST, path + "/steps", form: ["kind": "approved"])
        let page = try await signer.request(.GET, path).body.string
        return try #require(page.firstMatch(of: /11330100MB0000000N\/\d{4}-\d{5}/)).output.description
    }

    @Test("An attachment uploaded with a draft is published with its SHA-256 and downloads byte for byte; a document repealed by a revision links to the one replacing it, which lists it",
          arguments: WebDatabase.available)
    func attachmentsAndRevision(database: WebDatabase) async throws {
        try await withServer(database) { app, store in
            try await CatalogueWebTests.giveCreditCode(store)
            let clerk = Browser(app), reviewer = Browser(app), signer = Browser(app), citizen = Browser(app)
            _ = try await clerk.logIn("clerk", "Passw0rd-clerk")
            _ = try await reviewer.logIn("reviewer", "Passw0rd-reviewer")
            _ = try await signer.logIn("signer", "Passw0rd-signer")
            var document = CatalogueWebTests.record
            document["kind"] = "normativeDocument"
            document["validity"] = "inForce"
            document["article20"] = "1"
            let pdf = Array("%PDF-1.4\n% 绩效考核办法\n".utf8) + (0..<2000).map { UInt8($0 % 251) }
            let old = try await Self.publish(document, files: [("files", "附件1：考核办法.pdf", pdf)], clerk: clerk, reviewer: reviewer, signer: signer)
            let digest = CatalogueFiles.sha256(pdf)
            let page = try await citizen.request(.GET, "/catalogue/record/" + old).body.string
            #expect(page.contains("附件1：考核办法.pdf") && page.contains(digest))
            let download = try await citizen.request(.GET, "/catalogue/record/\(old)/files/\(digest)")
            #expect(download.status == .ok && Array(download.body.readableBytesView) == pdf)
            #expect(download.headers.contentType?.description == "application/pdf")
            #expect(download.headers.first(name: .contentDisposition)?.contains("filename*=UTF-8''") == true)
            #expect(try await citizen.request(.GET, "/catalogue/record/\(old)/files/" + String(repeating: "0", count: 64)).status == .notFound)

            // The revision: a new document, then a new version of the old one, repealed and pointing at it.
            var revision = document
            revision["title"] = "某某市某某局关于印发修订后的疫苗接种单位检查办法的通知"
            revision["documentNumber"] = "某卫[2026]9号"
            let new = try await Self.publish(revision, clerk: clerk, reviewer: reviewer, signer: signer)
            var repeal = document
            repeal["of"] = old
            repeal["validity"] = "repealed"
            repeal["validityChangedOn"] = "2026-03-01"
            repeal["replacedBy"] = "11330100MB0000000N/2026-09999"
            let unknown = try await clerk.request(.POST, "/staff/catalogue/drafts", multipart: repeal, files: [])
            #expect(unknown.status == .unprocessableEntity && unknown.body.string.contains("目录中没有索引号为 11330100MB0000000N/2026-09999 的记录"))
            repeal["replacedBy"] = new
            repeal["keep"] = digest
            #expect(try await Self.publish(repeal, clerk: clerk, reviewer: reviewer, signer: signer) == old, "a new version keeps its 索引号")
            let repealed = try await citizen.request(.GET, "/catalogue/record/" + old).body.string
            #expect(repealed.contains("废止（2026年3月1日起）") && repealed.contains("替代它的文件"))
            #expect(repealed.contains("修订后的疫苗接种单位检查办法") && repealed.contains(digest), "the kept attachment stays")
            let replacing = try await citizen.request(.GET, "/catalogue/record/" + new).body.string
            #expect(replacing.contains("本文件替代的文件") && replacing.contains("/catalogue/record/" + old))
            // The first version still downloads its file.
            #expect(try await citizen.request(.GET, "/catalogue/record/\(old)/files/\(digest)?version=1").status == .ok)
        }
    }

    @Test("The 指南 is made from the agency's settings: contact block, how to apply (linking the form), the Art. 20 items with their counts; staff are told what is missing")
    func guide() async throws {
        try await withServer(.sqlite) { app, store in
            let admin = Browser(app), citizen = Browser(app)
            _ = try await admin.logIn("admin", "Passw0rd-admin")
            let empty = try await admin.request(.GET, "/guide").body.string
            #expect(empty.contains("本机关还没有登记受理机构、通信地址、办公时间、咨询电话、电子邮箱"))
            let saved = try await admin.request(.POST, "/staff/agencies/main", form: [
                "name": "某某市某某局", "office": "某某市某某局办公室", "address": "某某市人民路 1 号", "postcode": "310000",
                "hours": "工作日 9:00–12:00，13:30–17:30", "phone": "0571-12345678", "email": "gk@example.gov.cn",
            ])
            #expect(saved.status == .seeOther, "\(saved.body.string)")
            let badMail = try await admin.request(.POST, "/staff/agencies/main", form: ["name": "某某市某某局", "email": "not mail"])
            #expect(badMail.status == .unprocessableEntity && badMail.body.string.contains("电子邮箱「not mail」的格式不对"))
            var generator = CatalogueGenerator(seed: 2, agency: "某某市某某局")
            let records = generator.records(years: 2025...2025, perYear: 30).filter { $0.publishedOn != nil && $0.disclosure == .proactive }
            try await store.importCatalogue(records, agency: 1, rule: nil, by: "test", audit: nil)
            let guide = try await citizen.request(.GET, "/guide").body.string
            #expect(guide.contains("<th scope=\"row\">受理机构</th><td>某某市某某局办公室</td>"))
            #expect(guide.contains("工作日 9:00–12:00，13:30–17:30") && guide.contains("href=\"/apply\"") && guide.contains("寄至某某市人民路 1 号"))
            #expect(guide.contains("现有 \(records.count) 条") && !guide.contains("工作人员请注意"))
            let items = Dictionary(grouping: records.compactMap(\.article20), by: { $0 }).mapValues(\.count)
            if let (item, count) = items.first {
                #expect(guide.contains("href=\"/catalogue?item=\(item)\">\(Article20.title(item)!)</a>：\(count) 条"))
            }
            #expect(try await store.agencies()[0].contact.phone == "0571-12345678")
        }
    }
}

@Suite("Public catalogue pages rendered once per catalogue version")
struct CataloguePageCacheTests {
    @Test("Two visitors get the cached page, each with their own CSRF token; a publication or an agency change is seen at once; staff pages are not cached")
    func cachedPages() async throws {
        // The versions are trusted for a minute, not a second: on a loaded machine two requests can be more than a
        // second apart, and the first visit would then (rightly) take the long way. Changes through the office are
        // still seen at once, which is what this test checks.
        try await withServer(.sqlite, settings: { $0.sharedReadsAge = .seconds(60) }) { app, store in
            try await CatalogueWebTests.giveCreditCode(store)
            var generator = CatalogueGenerator(seed: 3, agency: "某某市某某局")
            try await store.importCatalogue(generator.records(years: 2025...2025, perYear: 20).filter { $0.publishedOn != nil },
                                            agency: 1, rule: nil, by: "test", audit: nil)
            let one = Browser(app), two = Browser(app)
            _ = try await one.request(.GET, "/apply")
            _ = try await two.request(.GET, "/apply")
            let first = try await one.request(.GET, "/catalogue").body.string
            let before = app.pageCache.counts.hits
            let second = try await two.request(.GET, "/catalogue").body.string
            #expect(app.pageCache.counts.hits == before + 1, "the second visitor's page came from the cache")
            #expect(first.contains(one.csrf) && !first.contains(two.csrf))
            #expect(second.contains(two.csrf) && !second.contains(one.csrf))
            #expect(first.replacingOccurrences(of: one.csrf, with: "") == second.replacingOccurrences(of: two.csrf, with: ""))
            // A first visit (no cookie) is answered ahead of the router: it still gets its own token as a cookie and
            // in the page, and the headers every response has.
            let early = app.pageCache.counts.early
            let newcomer = Browser(app)
            let third = try await newcomer.request(.GET, "/catalogue")
            #expect(app.pageCache.counts.early == early + 1)
            #expect(newcomer.csrf.count >= 32 && newcomer.csrf != one.csrf && third.body.string.contains(newcomer.csrf))
            #expect(third.body.string.replacingOccurrences(of: newcomer.csrf, with: "") == first.replacingOccurrences(of: one.csrf, with: ""))
            #expect(third.headers.first(name: "Content-Security-Policy") == SecurityHeadersMiddleware.policy
                && third.headers.first(name: "X-Frame-Options") == "DENY" && third.headers.first(name: .cacheControl) == nil)

            let clerk = Browser(app), reviewer = Browser(app), signer = Browser(app)
            _ = try await clerk.logIn("clerk", "Passw0rd-clerk")
            _ = try await reviewer.logIn("reviewer", "Passw0rd-reviewer")
            _ = try await signer.logIn("signer", "Passw0rd-signer")
            let number = try await CatalogueLinksWebTests.publish(CatalogueWebTests.record, clerk: clerk, reviewer: reviewer, signer: signer)
            #expect(try await two.request(.GET, "/catalogue").body.string.contains(number), "published: the list shows it at once")
            let staffHits = app.pageCache.counts.hits
            _ = try await clerk.request(.GET, "/catalogue")
            _ = try await clerk.request(.GET, "/catalogue")
            #expect(app.pageCache.counts.hits == staffHits, "a logged-in page is rendered each time")
            let admin = Browser(app)
            _ = try await admin.logIn("admin", "Passw0rd-admin")
            _ = try await admin.request(.POST, "/staff/agencies/main", form: ["name": "某某市某某局", "phone": "0571-55555555"])
            #expect(try await one.request(.GET, "/guide").body.string.contains("0571-55555555"), "an agency change is seen at once")
        }
    }
}
