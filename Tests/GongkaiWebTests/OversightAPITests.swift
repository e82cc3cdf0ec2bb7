import Foundation
import GongkaiCore
import GongkaiSamples
import GongkaiStore
import Testing
import VaporTesting

/// The 督查 work through the JSON API, as a script of a supervising office would do it: the roster, reports sent in
/// (many at once, and one as the body), a report assigned by hand, the year's status and findings, a review, a unit,
/// the region and the downloads; a clerk refused.
@Suite("Supervision API")
struct OversightAPITests {
    @Test("A script imports the roster and reports and reads the year", arguments: WebDatabase.available)
    func api(database: WebDatabase) async throws {
        try await withServer(database) { app, _ in
            let clerk = try await Browser.loggedIn(app, "clerk", "Passw0rd-clerk")
            #expect(try await clerk.request(.GET, "/api/oversee/2025/status").status == .forbidden)

            let office = try await Browser.loggedIn(app, "supervisor", "Passw0rd-supervisor")
            // A roster with a bad level is refused whole, each error named; a good one is imported.
            let header = "名称,统一社会信用代码,层级,上级\n"
            let bad = try await office.request(.POST, "/api/oversee/roster",
                                               raw: (ByteBuffer(string: header + "某某县甲局,,部门,\n某某县乙局,,局,\n"), "text/csv"))
            #expect(bad.status == .unprocessableEntity)
            let errors = try office.object(bad)["errors"] as? [String] ?? []
            #expect(errors.count == 1 && errors[0].contains("第 3 行"), "\(errors)")
            #expect(try (office.object(await office.request(.GET, "/api/oversee/roster"))["units"] as? [[String: Any]])?
                .contains { $0["name"] as? String == "某某县甲局" } == false, "nothing imported")
            let roster = try await office.request(.POST, "/api/oversee/roster",
                                                  raw: (ByteBuffer(string: header + "某某县甲局,,部门,\n某某县乙局,,部门,\n某某县丙局,,部门,\n"), "text/csv"))
            #expect(try roster.status == .created && (office.object(roster)["added"] as? Int) == 3)
            let units = try office.object(try await office.request(.GET, "/api/oversee/roster"))["units"] as? [[String: Any]] ?? []
            func no(_ name: String) throws -> Int { try #require(units.first { $0["name"] as? String == name }?["unit"] as? Int) }
            let (jiaNo, yiNo, bingNo) = (try no("某某县甲局"), try no("某某县乙局"), try no("某某县丙局"))

            // 甲 on time; 乙 late, its section 一 copied from 甲; a report naming no unit of the roster.
            let jia = OversightShapes.report("某某县甲局", year: 2025, published: "2026-01-20", seed: 11)
            let yi = OversightShapes.copying(jia, into: OversightShapes.report("某某县乙局", year: 2025, published: "2026-02-09", seed: 12))
            let stranger = OversightShapes.report("丙局（简称）", year: 2025, published: "2026-01-10", seed: 13)
            func text(_ report: AnnualReport) -> [UInt8] { Array(ReportShapes.text(report, layout: .tabs).utf8) }
            let sent = try await office.request(.POST, "/api/oversee/reports", multipart: [:],
                                                files: [("files", "甲.txt", text(jia)), ("files", "乙.txt", text(yi))])
            #expect(sent.status == .created)
            #expect(try office.object(sent)["added"] as? [String] == ["甲.txt", "乙.txt"] && (office.object(sent)["years"] as? [Int]) == [2025])
            let nameless = try await office.request(.POST, "/api/oversee/reports", raw: (ByteBuffer(bytes: text(stranger)), "application/octet-stream"))
            #expect(try nameless.status == .unprocessableEntity && (office.object(nameless)["error"] as? String)?.contains("?name=") == true)
            let one = try await office.request(.POST, "/api/oversee/reports?name=%E4%B8%99.txt",
                                               raw: (ByteBuffer(bytes: text(stranger)), "application/octet-stream"))
            #expect(try one.status == .created && (office.object(one)["unassigned"] as? [String]) == ["丙.txt"])
            let again = try await office.request(.POST, "/api/oversee/reports?name=%E4%B8%99-copy.txt",
                                                 raw: (ByteBuffer(bytes: text(stranger)), "application/octet-stream"))
            #expect(try again.status == .ok && (office.object(again)["duplicates"] as? [String]) == ["丙-copy.txt"])

            // The year: 丙's report waits for a unit; assigned, 丙 is on time.
            var status = try office.object(try await office.request(.GET, "/api/oversee/2025/status"))
            let waiting = try #require((status["unassigned"] as? [[String: Any]])?.first)
            #expect(waiting["file"] as? String == "丙.txt")
            func standing(_ no: Int) -> String? {
                (status["units"] as? [[String: Any]])?.first { $0["unit"] as? Int == no }?["status"] as? String
            }
            #expect(standing(jiaNo) == "onTime" && standing(yiNo) == "late" && standing(bingNo) == "missing")
            let assigned = try await office.request(.POST, "/api/oversee/assign", json: ["report": try #require(waiting["no"] as? Int), "unit": bingNo])
            #expect(assigned.status == .ok)
            #expect(try await office.request(.POST, "/api/oversee/assign", json: ["report": "x", "unit": bingNo]).status == .unprocessableEntity)
            status = try office.object(try await office.request(.GET, "/api/oversee/2025/status"))
            #expect(standing(bingNo) == "onTime" && (status["unassigned"] as? [Any])?.isEmpty == true)

            // Findings: 乙 late and copied; the 雷同 dismissed needs a reason, and then it is recorded.
            let findings = try office.object(try await office.request(.GET, "/api/oversee/2025/findings"))["findings"] as? [[String: Any]] ?? []
            let yiCodes = Set(findings.filter { $0["unit"] as? String == "某某县乙局" }.compactMap { $0["code"] as? String })
            #expect(yiCodes.isSuperset(of: ["LATE-PUBLICATION", "TEXT-REUSED"]), "\(yiCodes)")
            let reused = try #require(findings.first { $0["unit"] as? String == "某某县乙局" && $0["code"] as? String == "TEXT-REUSED" })
            #expect((reused["other"] as? [String: Any])?["unit"] as? String == "某某县甲局")
            let key = try #require(reused["key"] as? String)
            let noReason = try await office.request(.POST, "/api/oversee/2025/reviews", json: ["unit": yiNo, "key": key, "status": "dismissed"])
            #expect(noReason.status == .unprocessableEntity)
            #expect(try await office.request(.POST, "/api/oversee/2025/reviews", json: ["unit": yiNo, "key": key, "status": "maybe"]).status
                == .unprocessableEntity)
            let dismissed = try await office.request(.POST, "/api/oversee/2025/reviews",
                                                     json: ["unit": yiNo, "key": key, "status": "dismissed", "reason": "联合发文"])
            #expect(dismissed.status == .ok)

            // One unit: its status, findings with their review, history and versions.
            let unit = try office.object(try await office.request(.GET, "/api/oversee/2025/units/\(yiNo)"))
            #expect(unit["status"] as? String == "late" && unit["deadlineRule"] as? String != nil)
            let reviewed = (unit["findingList"] as? [[String: Any]])?.first { $0["key"] as? String == key }
            #expect(reviewed?["status"] as? String == "dismissed" && reviewed?["reason"] as? String == "联合发文")
            let history = unit["history"] as? [[String: Any]] ?? []
            #expect(history.map { $0["year"] as? Int } == [2025] && history.first?["late"] as? Bool == true)
            #expect((history.first?["figures"] as? [String: Any])?["received"] as? Int == yi.table3?[.received, Table3Column.totalIndex])
            #expect(unit["versions"] as? Int == 1 && (unit["versionList"] as? [[String: Any]])?.count == 1)
            #expect(try await office.request(.GET, "/api/oversee/2025/units/0").status == .unprocessableEntity)
            #expect(try await office.request(.GET, "/api/oversee/2025/units/99999").status == .notFound)

            // The region: 2025's trend row, the tables' sums, the units behind one.
            let region = try office.object(try await office.request(.GET, "/api/oversee/2025/region?min=1"))
            let year = try #require((region["trend"] as? [[String: Any]])?.last)
            #expect(year["year"] as? Int == 2025 && year["reports"] as? Int == 3 && year["late"] as? Int == 1 && year["reused"] as? Int == 0)
            let received = [jia, yi, stranger].compactMap { $0.table3?[.received, Table3Column.totalIndex] }.reduce(0, +)
            #expect((year["sums"] as? [String: Any])?["received"] as? Int == received)
            let cells = (region["tables"] as? [[String: Any]])?.first?["cells"] as? [[String: Any]] ?? []
            let total = try #require(cells.first { $0["key"] as? String == "table3.received[6]" })
            #expect(total["sum"] as? Int == received && total["unknown"] as? Int == 0)
            #expect(((region["ranking"] as? [String: Any])?["units"] as? [Any])?.count == 3)
            let behind = try office.object(try await office.request(.GET, "/api/oversee/2025/region/cell?key=table3.received%5B6%5D"))
            #expect((behind["units"] as? [[String: Any]])?.count == 3 && behind["label"] as? String != nil)
            #expect(try await office.request(.GET, "/api/oversee/2025/region/cell?key=nonsense").status == .unprocessableEntity)

            // Downloads.
            let csv = try await office.request(.GET, "/api/oversee/2025/export?format=csv&sheet=findings")
            #expect(csv.status == .ok && csv.body.string.contains("LATE-PUBLICATION"))
            #expect(try await office.request(.GET, "/api/oversee/2025/export?format=pdf").status == .unprocessableEntity)
            let xlsx = try await office.request(.GET, "/api/oversee/2025/export")
            #expect(xlsx.status == .ok && Array(xlsx.body.readableBytesView.prefix(2)) == [0x50, 0x4B])
            let notice = try await office.request(.GET, "/api/oversee/2025/notice")
            #expect(notice.status == .ok && Array(notice.body.readableBytesView.prefix(2)) == [0x50, 0x4B])

            let paths = try office.object(try await office.request(.GET, "/openapi.json"))["paths"] as? [String: [String: Any]] ?? [:]
            for path in ["/api/oversee/roster", "/api/oversee/reports", "/api/oversee/{year}/status", "/api/oversee/{year}/units/{no}",
                         "/api/oversee/{year}/region", "/api/oversee/{year}/reviews"] {
                #expect(paths[path] != nil, "\(path)")
            }
            #expect((paths["/api/oversee/reports"]?["post"] as? [String: Any]).flatMap { ($0["responses"] as? [String: Any])?["201"] } != nil)
        }
    }
}
