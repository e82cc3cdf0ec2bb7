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
            #expect(receipt.body.string.contains("2027-01-13（暂定）"), "\(receipt.body.string.prefix(2000))")
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
