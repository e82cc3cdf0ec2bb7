import Foundation
import GongkaiCore
import GongkaiOffice
import Vapor

/// The working-day calendar for administrators: the years it holds, and next year's notice pasted as text, read,
/// shown day by day for confirmation, then imported (the open cases whose due dates move are listed).
enum CalendarPages {
    struct Body: Encodable {
        struct Year: Encodable {
            let year: Int
            let holidays: Int
            let workdays: Int
            let source: String
        }

        struct Moved: Encodable {
            let code: String
            let agency: String
            let from: String
            let to: String
        }

        let years: [Year]
        let provisional: String
        let text: String
        let year: String
        /// After reading: the days understood, and the sentences with dates that were not used.
        let lines: [String]
        let ignored: [String]
        let readYear: Int?
        let totals: String
        /// After reading: the change importing would make; after importing: the change made.
        let openCases: Int
        let moved: [Moved]
        let imported: Bool
        let error: String?
    }

    static func body(_ req: Request, text: String = "", year: String = "", reading: NoticeText.Reading? = nil,
                     change: Office.CalendarChange? = nil, imported: Bool = false, error: String? = nil) async throws -> Body
    {
        let (years, provisional) = try await req.office.calendarYears()
        return Body(
            years: years.reversed().map {
                Body.Year(year: $0.year, holidays: $0.holidays, workdays: $0.workdays,
                          source: $0.importedAt.map { "导入于 " + BeijingTime.display($0) } ?? "随程序提供")
            },
            provisional: "\(provisional.lowerBound)–\(provisional.upperBound)",
            text: text, year: year, lines: reading?.lines ?? [], ignored: reading?.ignored ?? [], readYear: reading?.year,
            totals: reading.map { "共放假 \($0.notice.holidays.count) 天，调休上班 \($0.notice.workdays.count) 天" } ?? "",
            openCases: change?.openCases ?? 0,
            moved: (change?.moved ?? []).map { Body.Moved(code: $0.code, agency: $0.agency, from: $0.from, to: $0.to) },
            imported: imported, error: error)
    }

    static func register(_ app: any RoutesBuilder) {
        app.endpoint(.GET, "staff/calendar", access: .permission(.manageUsers), summary: "工作日日历：已有年份与导入新一年的通知",
                     responseType: "text/html") { req in
            try await req.page("calendar", title: "节假日安排", try await body(req))
        }
        app.endpoint(.POST, "staff/calendar", access: .permission(.manageUsers),
                     summary: "读取粘贴的放假通知（confirm=1 时导入）", responseType: "text/html") { req in
            let fields = try req.form()
            let text = fields["text"] ?? ""
            let yearText = (fields["year"] ?? "").trimmingCharacters(in: .whitespaces)
            do {
                var year: Int?
                if !yearText.isEmpty {
                    guard let value = Int(yearText) else { throw OfficeError.invalid("年份应为四位数字，如 2027", field: "year") }
                    year = value
                }
                let reading = try req.office.readNotice(text, year: year, by: req.actor)
                let notices = [reading.year: reading.notice]
                if fields["confirm"] == "1" {
                    let change = try await req.office.importCalendar(notices, source: "粘贴的 \(reading.year) 年放假通知", by: req.actor)
                    return try await req.page("calendar", title: "节假日安排",
                                              try await body(req, reading: reading, change: change, imported: true))
                }
                let change = try await req.office.calendarChange(notices, by: req.actor)
                return try await req.page("calendar", title: "节假日安排",
                                          try await body(req, text: text, year: yearText, reading: reading, change: change))
            } catch let error as OfficeError where [.unprocessableEntity, .forbidden].contains(error.status) {
                return try await req.page("calendar", title: "节假日安排", try await body(req, text: text, year: yearText, error: error.message),
                                          status: error.status)
            }
        }
    }
}
