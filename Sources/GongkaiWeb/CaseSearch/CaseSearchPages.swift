import Foundation
import GongkaiCore
import GongkaiOffice
import Vapor

/// All cases, open and closed: searched by code, applicant's name or words of the request, filtered by year, status,
/// outcome and channel, a page at a time (`/staff/cases`; `GET /api/cases?q=…` in the API).
enum CaseSearchPages {
    struct Row: Encodable {
        let code: String
        let received: String
        let applicant: String
        let request: String
        let stage: String
        let open: Bool
        /// The due date of an open case, the closing date of a closed one.
        let date: String
        let late: Bool
    }

    struct Choice: Encodable {
        let value: String
        let label: String
        let selected: Bool
    }

    struct ChoiceGroup: Encodable {
        let label: String
        let choices: [Choice]
    }

    struct PageLink: Encodable {
        let label: String
        let href: String
        let current: Bool
    }

    struct Body: Encodable {
        let q: String
        let statuses: [Choice]
        let years: [Choice]
        let outcomes: [ChoiceGroup]
        let channels: [Choice]
        let total: Int
        let rows: [Row]
        let pages: [PageLink]
        let filtered: Bool
        let error: String?
    }

    /// The search parameters of the request (`q`, `status`, `year`, `outcome`, `channel`, `page`, `pageSize`).
    static func parameters(_ req: Request) -> [String: String] {
        var parameters: [String: String] = [:]
        for key in ["q", "status", "year", "outcome", "channel", "page", "pageSize"] {
            if let value = try? req.query.get(String.self, at: key) { parameters[key] = value }
        }
        return parameters
    }

    static func query(_ req: Request) throws -> CaseQuery {
        do throws(CaseQuery.Invalid) {
            return try CaseQuery(parameters: parameters(req))
        } catch {
            throw OfficeError.invalid(error.reason, field: error.field)
        }
    }

    static func register(_ app: any RoutesBuilder) {
        app.endpoint(.GET, "staff/cases", access: .permission(.viewCases), summary: "全部申请：查找与筛选", responseType: "text/html") { req in
            let parameters = parameters(req)
            var error: String?
            var query = CaseQuery()
            do throws(CaseQuery.Invalid) { query = try CaseQuery(parameters: parameters) } catch let invalid { error = invalid.reason }
            let (result, found) = try await req.office.findCases(query, by: req.actor)
            let user = try req.requireStaff()
            let here = try req.office.agency
            let full = user.may(.handleCases, in: here)
            let today = req.office.today
            let rows = found.map { item in
                let record = item.record
                let name = record.applicant.name.map { full ? $0 : Masking.name($0) } ?? "（未记名）"
                let request = record.request ?? ""
                return Row(code: record.id, received: record.received.description,
                           applicant: name + "（" + record.applicant.type.displayName + "）",
                           request: request.count > 60 ? String(request.prefix(60)) + "……" : request,
                           stage: item.progress.stage.displayName, open: item.progress.closedOn == nil,
                           date: item.progress.closedOn.map { "\($0) 办结" } ?? (item.progress.dueDateText.map { "\($0) 前答复" } ?? "期限暂停计算"),
                           late: item.progress.isLate(today: today))
            }
            let thisYear = today.year
            let years = (max(thisYear - 9, 2008)...thisYear).reversed().map {
                Choice(value: String($0), label: "\($0) 年", selected: query.year == $0)
            }
            let statuses = CaseQuery.Status.allCases.map { Choice(value: $0.rawValue, label: $0.displayName, selected: query.status == $0) }
            let groups = StepForm.groups(Table3Row.decisionOutcomes, selected: query.outcome?.key ?? "").map { group in
                ChoiceGroup(label: group.label.isEmpty ? "予以公开、部分公开" : group.label,
                            choices: group.outcomes.map { Choice(value: $0.value, label: $0.label, selected: $0.selected) })
            }
            let channels = Channel.allCases.map { Choice(value: $0.rawValue, label: $0.displayName, selected: query.channel == $0) }
            let body = Body(q: parameters["q"] ?? "", statuses: statuses, years: years, outcomes: groups, channels: channels,
                            total: result.total, rows: rows, pages: pageLinks(req, result: result, parameters: parameters),
                            filtered: !query.isEmpty, error: error)
            return try await req.page("cases", title: "全部申请", body, status: error == nil ? .ok : .unprocessableEntity)
        }
    }

    /// Links to the pages of the result: the first, the last, and two on each side of the current one.
    static func pageLinks(_ req: Request, result: CaseSearchResult, parameters: [String: String]) -> [PageLink] {
        pageLinks(req, path: "/staff/cases", page: result.query.page, pageCount: result.pageCount, parameters: parameters)
    }

    /// Links to the pages of a list at `path` (the first, the last, and two either side of the current one), keeping
    /// the list's other parameters.
    static func pageLinks(_ req: Request, path: String, page: Int, pageCount count: Int, parameters: [String: String]) -> [PageLink] {
        guard count > 1 else { return [] }
        let current = min(page, count)
        var numbers = Set([1, count])
        for n in (current - 2)...(current + 2) where (1...count).contains(n) { numbers.insert(n) }
        var links: [PageLink] = []
        var previous = 0
        for n in numbers.sorted() {
            if n > previous + 1 { links.append(PageLink(label: "…", href: "", current: false)) }
            var kept = parameters.filter { !$0.value.isEmpty }
            kept["page"] = n == 1 ? nil : String(n)
            let search = kept.sorted { $0.key < $1.key }
                .map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .urlQueryValueAllowed) ?? "")" }
                .joined(separator: "&")
            links.append(PageLink(label: String(n), href: req.base + path + (search.isEmpty ? "" : "?" + search), current: n == current))
            previous = n
        }
        return links
    }
}

extension CharacterSet {
    /// What may stand unescaped in a query value (not `&`, `=`, `+`, `#`).
    static let urlQueryValueAllowed: CharacterSet = {
        var set = CharacterSet.urlQueryAllowed
        set.remove(charactersIn: "&=+#")
        return set
    }()
}
