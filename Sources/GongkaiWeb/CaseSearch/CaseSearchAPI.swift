import GongkaiCore
import GongkaiOffice
import Vapor

/// `GET /api/cases` with search parameters: one page of all cases, open and closed.
enum CaseSearchAPI {
    /// Whether the request asks for a search (any of the parameters); without one, `GET /api/cases` is the due list.
    static func isSearch(_ req: Request) -> Bool { !CaseSearchPages.parameters(req).isEmpty }

    static func response(_ req: Request) async throws -> Response {
        let query = try CaseSearchPages.query(req)
        let (result, found) = try await req.office.findCases(query, by: req.actor)
        let today = req.office.today
        let cases: [JSON] = found.map { item in
            .object([
                ("case", item.record.json()),
                ("stage", .string(item.progress.stage.displayName)),
                ("open", .bool(item.progress.closedOn == nil)),
                ("closedOn", .date(item.progress.closedOn)),
                ("dueDate", .date(item.progress.dueDate)),
                ("dueDateProvisional", .bool(item.progress.dueDateIsProvisional)),
                ("late", .bool(item.progress.isLate(today: today))),
            ])
        }
        return APIResponse.json(.object([
            ("total", .int(result.total)), ("page", .int(query.page)),
            ("pageSize", .int(query.pageSize)), ("pageCount", .int(result.pageCount)),
            ("cases", .array(cases)),
        ]))
    }
}
