import Foundation
import GongkaiCore
import GongkaiOffice
import GongkaiParsing
import GongkaiStore
import Vapor

/// The public's operations in the JSON API: apply, look up, read the published reports.
enum PublicAPI {
    static func register(_ api: any RoutesBuilder) {
        api.endpoint(.POST, "applications", access: .everyone, summary: "提交政府信息公开申请（互联网渠道，以今天为收到日期）",
                     request: Schemas.intake, response: Schemas.filed) { req in
            let intake = try CaseAPI.intakeOrProblems(try req.form())
            let filed = try await req.office.fileOnline(intake, by: req.actor)
            return try APIResponse.json(CaseAPI.filedJSON(filed), status: .created)
        }
        api.endpoint(.POST, "track", access: .everyone, summary: "按查询码和联系电话查询申请进度",
                     request: Schemas.track, response: Schemas.status) { req in
            guard let status = try await PublicPages.lookUp(req, try req.fields())
            else { throw OfficeError.notFound("没有找到：请核对查询码和提交申请时填写的联系电话") }
            return try APIResponse.json(status.json)
        }
        api.endpoint(.GET, "reports", access: .everyone, summary: "已发布的年度报告", response: Schemas.publishedList) { req in
            try APIResponse.json(try await req.office.publishedReports().map {
                ["year": $0.year, "version": $0.version, "publishedAt": $0.publishedAt] as [String: Any]
            })
        }
        api.endpoint(.GET, "reports/:year", access: .everyone, summary: "已发布的年度报告（报告 JSON）", response: Schemas.report) { req in
            APIResponse.json(ReportPages.publicCopy(try await req.office.published(year: try ReportPages.yearParameter(req)).report).json())
        }
    }
}
