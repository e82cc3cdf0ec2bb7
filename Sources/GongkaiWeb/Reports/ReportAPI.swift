import Foundation
import GongkaiCore
import GongkaiOffice
import GongkaiParsing
import GongkaiStore
import Vapor

/// The annual report in the JSON API: the draft, its live check, sign-off and publication.
enum ReportAPI {
    static func register(_ api: any RoutesBuilder) {
        api.endpoint(.GET, "report-drafts/:year", access: .permission(.viewCases), summary: "年度报告编制稿：全文（表三、表四由申请统计）与检查结果",
                     response: Schemas.draft) { req in
            let year = try ReportPages.yearParameter(req)
            let state = try await req.office.draftReport(year: year, by: req.actor)
            return draftJSON(try await req.office.assembled(state.report, year: year), state: state)
        }
        api.endpoint(.PUT, "report-drafts/:year", access: .permission(.editReport), summary: "保存年度报告编制稿（机关、正文、表二；成文日期在签发时记为签发当日）",
                     request: Schemas.reportForm, response: Schemas.draft, maxBody: Limits.reportForm) { req in
            let year = try ReportPages.yearParameter(req)
            try await req.office.saveDraft(try req.fields(), year: year, by: req.actor)
            let state = try await req.office.draftReport(year: year, by: req.actor)
            return draftJSON(try await req.office.assembled(state.report, year: year), state: state)
        }
        api.endpoint(.POST, "report-drafts/:year/check", access: .permission(.viewCases), summary: "检查未保存的编辑（不保存）",
                     request: Schemas.reportForm, response: Schemas.draft, maxBody: Limits.reportForm) { req in
            let (report, state) = try await req.office.checkDraft(try req.fields(), year: try ReportPages.yearParameter(req), by: req.actor)
            return draftJSON(report, state: state)
        }
        api.endpoint(.POST, "report-drafts/:year/approve", access: .permission(.approveReport), summary: "签发年度报告（有错误时拒绝）",
                     response: Schemas.draft) { req in
            let year = try ReportPages.yearParameter(req)
            let report = try await req.office.approve(year: year, by: req.actor)
            return draftJSON(report, state: try await req.office.draftReport(year: year, by: req.actor))
        }
        api.endpoint(.POST, "report-drafts/:year/publish", access: .permission(.publishReport), summary: "发布已签发的年度报告",
                     response: Schemas.publishedList) { req in
            let published = try await req.office.publish(year: try ReportPages.yearParameter(req), by: req.actor)
            return try APIResponse.json(["year": published.year, "version": published.version, "publishedAt": published.publishedAt])
        }
    }

    static func draftJSON(_ report: AnnualReport, state: Office.DraftState) -> Response {
        var members: [(String, JSON)] = [
            ("status", .string((state.draft?.status ?? .draft).rawValue)),
            ("saved", .bool(state.draft != nil)),
            ("approvedBy", state.draft?.approvedBy.map(JSON.string) ?? .null),
            ("report", report.json()),
            // What the builder shows beside the report: how many findings stop the sign-off (every error but lateness:
            // Office.blockingSignOff), and the codes' Chinese names.
            ("blockingSignOff", .int(Office.blockingSignOff(report.findings).count)),
            ("codeNames", .object(Array(Set(report.findings.map(\.code))).sorted().map { ($0.rawValue, .string($0.label)) })),
        ]
        if let problem = state.problem { members.append(("problem", .string(problem))) }
        return APIResponse.json(.object(members))
    }
}
