import Foundation
import GongkaiCore
import GongkaiSamples
import GongkaiStore
import Testing
import VaporTesting

/// The 督查 pages over HTTP: uploading reports, the dashboard, a unit, the evidence, a review, the downloads; and a
/// clerk refused.
@Suite("Supervision pages")
struct OversightWebTests {
    @Test("A 督查 uploads reports and reads the year; a clerk may not", arguments: WebDatabase.available)
    func pages(database: WebDatabase) async throws {
        try await withServer(database) { app, store in
            let clerk = try await Browser.loggedIn(app, "clerk", "Passw0rd-clerk")
            #expect(try await clerk.request(.GET, "/staff/oversee").status == .forbidden)

            let supervisor = try await Browser.loggedIn(app, "supervisor", "Passw0rd-supervisor")
            let jia = OversightShapes.report("某某县甲局", year: 2025, published: "2026-01-20", seed: 11)
            let yi = OversightShapes.copying(jia, into: OversightShapes.report("某某县乙局", year: 2025, published: "2026-02-09", seed: 12))
            let stranger = OversightShapes.report("外地某局", year: 2025, published: "2026-01-10", seed: 13)
            // The roster, as an office keeps it (the CLI's import; the page collects reports).
            _ = try await store.saveRoster([RosterUnit(name: "某某县甲局", level: .department), RosterUnit(name: "某某县乙局", level: .department),
                                            RosterUnit(name: "某某县丙局", level: .department)],
                                           owner: Agency.firstID, audit: AuditNote(actor: "test", action: "导入督查名册", target: "名册", detail: "", agency: Agency.firstID))
            let files = [("甲.txt", jia), ("乙.txt", yi), ("外地.txt", stranger)].map { ("files", $0.0, Array(ReportShapes.text($0.1, layout: .tabs).utf8)) }
            let uploaded = try await supervisor.request(.POST, "/staff/oversee/upload", multipart: ["year": "2025"], files: files)
            #expect(uploaded.status == .ok)
            let page = uploaded.body.string
            #expect(page.contains("已收集 3 份报告"))
            #expect(page.contains("<svg class=\"chart\""))
            #expect(page.contains("外地.txt") && page.contains("待指定单位的报告"))
            let dashboard = try await supervisor.request(.GET, "/staff/oversee?year=2025&status=missing").body.string
            let table = try #require(dashboard.range(of: #"<table class="grid" id="units">[\s\S]*?</table>"#, options: .regularExpression))
            #expect(dashboard[table].contains(">某某县丙局<") && !dashboard[table].contains(">某某县甲局<"), "only the missing unit is listed")

            // 乙: late, and its section 一 copied from 甲; the evidence marks the copied sentences.
            let units = try await store.roster(owner: Agency.firstID)
            let yiNo = try #require(units.first { $0.unit.name == "某某县乙局" }?.no)
            let unitPage = try await supervisor.request(.GET, "/staff/oversee/2025/units/\(yiNo)").body.string
            #expect(unitPage.contains("逾期发布") && unitPage.contains("LATE-PUBLICATION") && unitPage.contains("TEXT-REUSED"))
            let link = try #require(unitPage.range(of: #"/staff/oversee/2025/units/\d+/evidence\?key=[^"]+"#, options: .regularExpression))
            let evidence = try await supervisor.request(.GET, String(unitPage[link]).replacingOccurrences(of: "&amp;", with: "&"))
            #expect(evidence.status == .ok && evidence.body.string.contains("<mark>") && evidence.body.string.contains("某某县甲局"))

            // A dismissal needs a reason; with one it is recorded.
            let keyRange = try #require(unitPage.range(of: #"TEXT-REUSED\|[^"]+"#, options: .regularExpression))
            let key = String(unitPage[keyRange])
            let refused = try await supervisor.request(.POST, "/staff/oversee/review",
                                                       form: ["year": "2025", "unit": String(yiNo), "key": key, "status": "已排除"])
            #expect(refused.status == .unprocessableEntity)
            let recorded = try await supervisor.request(.POST, "/staff/oversee/review",
                                                        form: ["year": "2025", "unit": String(yiNo), "key": key, "status": "已排除", "reason": "联合发文"])
            #expect(recorded.status == .seeOther)
            #expect(try await supervisor.request(.GET, "/staff/oversee/2025/units/\(yiNo)").body.string.contains("联合发文"))

            let xlsx = try await supervisor.request(.GET, "/staff/oversee/2025/export.xlsx")
            #expect(xlsx.status == .ok && xlsx.headers.contentType?.subType == "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            #expect(Array(xlsx.body.readableBytesView.prefix(2)) == [0x50, 0x4B])
            let csv = try await supervisor.request(.GET, "/staff/oversee/2025/export.csv").body.string
            #expect(csv.contains("某某县丙局,,部门,,2025,未发布"))
            let notice = try await supervisor.request(.GET, "/staff/oversee/2025/notice.docx")
            #expect(notice.status == .ok && Array(notice.body.readableBytesView.prefix(2)) == [0x50, 0x4B])

            // The region: the trend's 2025 row (4 roster units with the office itself, 2 reports, 1 late, 2 not
            // received, none copied: 乙's 雷同 was dismissed), the tables added up with each sum a link to the units
            // behind it, and the ranking.
            let region = try await supervisor.request(.GET, "/staff/oversee/2025/region")
            #expect(region.status == .ok)
            let regionPage = region.body.string
            let trendRow = try #require(regionPage.range(of: #"<tr><th scope="row">2025</th>.*?</tr>"#, options: .regularExpression))
            let cells = regionPage[trendRow].matches(of: #/<td class="num">([^<]*)</td>/#).map { String($0.output.1) }
            #expect(Array(cells.prefix(7)) == ["4", "2", "1", "1", "0", "2", "0"], "units, reports, on time, late, undated, not received, copied")
            #expect(regionPage.contains("<svg class=\"chart columns\"") && regionPage.contains("id=\"ranking\""))
            let sumLink = try #require(regionPage.range(of: #"/staff/oversee/2025/region/cell\?key=table3[^"]+"#, options: .regularExpression))
            let behind = try await supervisor.request(.GET, String(regionPage[sumLink]))
            #expect(behind.status == .ok && behind.body.string.contains("某某县") && behind.body.string.contains("id=\"cell-units\""))
            #expect(try await supervisor.request(.GET, "/staff/oversee/2025/region/cell?key=nothing").status == .unprocessableEntity)
            #expect(try await clerk.request(.GET, "/staff/oversee/2025/region").status == .forbidden)
        }
    }
}
