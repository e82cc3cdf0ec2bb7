import Foundation
import GongkaiCore
import GongkaiOffice
import GongkaiRendering
import GongkaiStore
import Vapor

/// The annual report: public pages of the published versions, and the builder for staff.
enum ReportPages {
    struct ListBody: Encodable {
        struct Row: Encodable {
            let year: Int
            let title: String
            let publishedAt: String
            let version: Int
        }

        let reports: [Row]
    }

    struct ReportBody: Encodable {
        let year: Int
        let html: String
        let version: Int
        let publishedAt: String
        /// The 成文日期: the day the report was signed off, as the report itself says.
        let writtenOn: String?
    }

    struct BuilderBody: Encodable {
        struct Field: Encodable {
            let name: String
            let label: String
            let value: String
            /// The cell that kept the form from being saved.
            var invalid = false
            /// Counted from the catalogue (not typed): a link to the records behind it.
            var href: String? = nil
        }

        struct Row: Encodable {
            let label: String
            let fields: [Field]
        }

        struct Block: Encodable {
            let header: String
            let columns: [String]
            let rows: [Row]
        }

        struct Section: Encodable {
            let number: Int
            let heading: String
            let text: String
        }

        let year: Int
        let years: [Int]
        let agency: String
        /// What the report's dates will be (成文日期 at sign-off, 发布日期 at publication) and its deadline.
        let datesNote: String
        /// The actions of the page this user may not take, with the role that may.
        let roleNotes: [String]
        let status: String
        let statusKey: String
        /// 「王强（wangqiang），2026-01-20 10:12」 once signed off.
        let approvedBy: String?
        let sections: [Section]
        let blocks: [Block]
        let tablesHTML: String
        let findings: [CheckPages.CheckBody.FindingRow]
        let errors: Int
        let mayEdit: Bool
        let mayApprove: Bool
        let mayPublish: Bool
        let error: String?
    }

    static func register(_ app: any RoutesBuilder) {
        app.endpoint(.GET, "reports", access: .everyone, summary: "已发布的年度报告", responseType: "text/html") { req in
            let reports = try await req.office.publishedReports()
            let agency = try req.office.agency.name
            return try await req.page("reports", title: "政府信息公开工作年度报告", ListBody(reports: reports.map {
                .init(year: $0.year, title: agency + "\($0.year)年政府信息公开工作年度报告", publishedAt: BeijingTime.chineseDay($0.publishedAt),
                      version: $0.version)
            }))
        }
        app.endpoint(.GET, "reports/:year", access: .everyone, summary: "年度报告页面", responseType: "text/html") { req in
            let year = try yearParameter(req)
            let (stored, report) = try await req.office.published(year: year)
            return try await req.page("report", title: ReportTitle.text(of: report),
                                      ReportBody(year: year, html: HTMLRenderer.render(publicCopy(report), mode: .fragment),
                                                 version: stored.version, publishedAt: BeijingTime.chineseDay(stored.publishedAt),
                                                 writtenOn: report.publishedOn?.chineseDescription))
        }
        app.endpoint(.GET, "reports/:year/docx", access: .everyone, summary: "年度报告 DOCX 下载",
                     responseType: Downloads.docxType) { req in
            let year = try yearParameter(req)
            let report = try await req.office.published(year: year).report
            return Downloads.docx(try DocxRenderer.render(report), fileName: ReportTitle.text(of: report) + ".docx")
        }
        app.endpoint(.GET, "staff/reports", access: .permission(.viewCases), summary: "年度报告编制（当前年度）", responseType: "text/html") { req in
            req.redirect(to: req.base + "/staff/reports/\(req.office.today.year - (req.office.today.month == 12 ? 0 : 1))")
        }
        app.endpoint(.GET, "staff/reports/:year", access: .permission(.viewCases), summary: "年度报告编制", responseType: "text/html") { req in
            let year = try yearParameter(req)
            return try await builderPage(req, year: year)
        }
        app.endpoint(.POST, "staff/reports/:year", access: .permission(.editReport), summary: "保存年度报告草稿", responseType: "text/html",
                     maxBody: Limits.reportForm) { req in
            let year = try yearParameter(req)
            let fields = try req.form()
            do {
                try await req.office.saveDraft(try Fields(fields), year: year, by: req.actor)
                return req.redirect(to: req.base + "/staff/reports/\(year)?ok=saved")
            } catch let error as OfficeError where error.status == .unprocessableEntity {
                // Nothing typed is lost: the page comes back with every field as it was sent, the wrong one marked.
                return try await builderPage(req, year: year, error: error.message, status: error.status,
                                             typed: Typed(fields: fields, invalid: error.field))
            }
        }
        app.endpoint(.POST, "staff/reports/:year/approve", access: .permission(.approveReport), summary: "签发年度报告", responseType: "text/html") { req in
            let year = try yearParameter(req)
            do {
                _ = try await req.office.approve(year: year, by: req.actor)
                return req.redirect(to: req.base + "/staff/reports/\(year)?ok=approved")
            } catch let error as OfficeError where error.status == .conflict {
                return try await builderPage(req, year: year, error: error.message, status: error.status)
            }
        }
        app.endpoint(.POST, "staff/reports/:year/publish", access: .permission(.publishReport), summary: "发布年度报告", responseType: "text/html") { req in
            let year = try yearParameter(req)
            do {
                _ = try await req.office.publish(year: year, by: req.actor)
                return req.redirect(to: req.base + "/staff/reports/\(year)?ok=published")
            } catch let error as OfficeError where error.status == .conflict {
                return try await builderPage(req, year: year, error: error.message, status: error.status)
            }
        }
        app.endpoint(.GET, "staff/reports/:year/preview", access: .permission(.viewCases), summary: "年度报告预览（正式版式）", responseType: "text/html") { req in
            let year = try yearParameter(req)
            let state = try await req.office.draftReport(year: year, by: req.actor)
            let report = try await req.office.assembled(state.report, year: year)
            return Response(status: .ok, headers: ["Content-Type": "text/html; charset=utf-8"],
                            body: .init(string: HTMLRenderer.render(report, mode: .page)))
        }
    }

    static func yearParameter(_ req: Request) throws -> Int {
        guard let year = req.parameters.get("year").flatMap(Int.init), (2008...2100).contains(year) else {
            throw OfficeError.notFound("年份不对")
        }
        return year
    }

    /// The published report without the checker's findings (those are for staff).
    static func publicCopy(_ report: AnnualReport) -> AnnualReport {
        var copy = report
        copy.findings = []
        return copy
    }

    /// What the user sent in a form that could not be saved: shown again as it was.
    struct Typed {
        let fields: [String: String]
        /// The form name of the field at fault (`t2.rules.issued`), when known.
        let invalid: String?
    }

    static func builderPage(_ req: Request, year: Int, error: String? = nil, status: HTTPStatus = .ok, typed: Typed? = nil)
        async throws -> Response
    {
        try await req.page("builder", title: "\(year) 年度报告编制", try await builderBody(req, year: year, error: error, typed: typed),
                           status: status)
    }

    static func datesNote(draft: ReportDraft?, level: AgencyLevel, year: Int, today: CivilDate) -> String {
        if let draft, draft.status != .draft, let at = draft.approvedAt {
            return "成文日期：\(BeijingTime.chineseDay(at))（签发之日）；发布日期为发布当日。"
        }
        var note = "成文日期在签发时自动记为签发当日，发布日期为发布当日，均不需填写。"
        if let deadline = PublicationDeadline(level: level, reportYear: year).date {
            note += "本机关应于 \(deadline.chineseDescription)前发布本年度报告"
            note += today > deadline ? "；已过期限，仍应尽快签发、发布，逾期如实记入检查结果。" : "。"
        }
        return note
    }

    static func roleNotes(_ user: StaffUser, _ agency: Agency) -> [String] {
        var notes: [String] = []
        if !user.may(.editReport, in: agency) { notes.append("编辑和保存草稿需要经办人或审核人角色。") }
        if !user.may(.approveReport, in: agency) { notes.append("签发需要签发人角色。") }
        if !user.may(.publishReport, in: agency) { notes.append("发布需要经办人或签发人角色。") }
        return notes.isEmpty ? [] : notes + ["你在本机关的角色是\(CasePages.roleNames(user.roles(in: agency)))，管理员可在“账户”页调整。"]
    }

    static func builderBody(_ req: Request, year: Int, error: String?, typed: Typed? = nil) async throws -> BuilderBody {
        let office = req.office
        let user = try req.requireStaff()
        let here = try office.agency
        let state = try await office.draftReport(year: year, by: req.actor)
        var editable = state.report
        let draft = state.draft
        if let typed {
            // The prose and names as typed; table 二 cells are overlaid below, as text.
            let kept = typed.fields.filter { !$0.key.hasPrefix("t2.") && $0.key != "publishedOn" && $0.key != typed.invalid }
            if let fields = try? Fields(kept), let applied = try? ReportForm.apply(fields, to: editable) { editable = applied }
        }
        let report = try await office.assembled(editable, year: year)
        let spec = report.format.spec
        let table2 = editable.table2 ?? Table2(format: report.format)
        let counted = report.format == .y2021 ? try await office.catalogueTable2(year: year).cells : [:]
        let blocks = spec.table2.map { block in
            BuilderBody.Block(header: block.header, columns: block.fields.map(\.label), rows: block.rows.map { row in
                BuilderBody.Row(label: row.label, fields: row.fields.map { field in
                    let name = "t2.\(row.key).\(field.key)"
                    if let value = counted["\(row.key).\(field.key)"] {
                        return BuilderBody.Field(name: name, label: "\(row.label)·\(field.label)", value: String(value),
                                                 href: req.base + "/staff/catalogue/cells/\(year)/\(row.key).\(field.key)")
                    }
                    return BuilderBody.Field(name: name, label: "\(row.label)·\(field.label)",
                                             value: typed?.fields[name] ?? table2[row.key, field.key].map { "\($0)" } ?? "",
                                             invalid: typed?.invalid == name)
                })
            })
        }
        let sections = SectionSpec.all.map { spec in
            BuilderBody.Section(number: spec.number, heading: editable.section(spec.number)?.heading ?? spec.heading,
                                text: editable.section(spec.number)?.text ?? "")
        }
        var tablesOnly = report
        tablesOnly.sections = []
        tablesOnly.table2 = nil
        tablesOnly.findings = []
        let status = draft?.status ?? .draft
        var approvedBy: String?
        if let draft, let username = draft.approvedBy {
            let name = try await office.staffNames()[username]
            approvedBy = (name.map { "\($0)（\(username)）" } ?? username) + (draft.approvedAt.map { "，" + BeijingTime.display($0) } ?? "")
        }
        return BuilderBody(
            year: year, years: Array((2019...max(office.today.year, year)).reversed()),
            agency: editable.agency ?? here.name,
            datesNote: datesNote(draft: draft, level: here.level, year: year, today: office.today),
            roleNotes: roleNotes(user, here),
            status: draft == nil ? "尚未保存" : status.displayName, statusKey: status.rawValue, approvedBy: approvedBy,
            sections: sections, blocks: blocks,
            tablesHTML: HTMLRenderer.render(tablesOnly, mode: .fragment),
            findings: report.findings.map { .init($0, line: nil) },
            errors: Office.blockingSignOff(report.findings).count,
            mayEdit: user.may(.editReport, in: here), mayApprove: user.may(.approveReport, in: here) && draft != nil && status == .draft,
            mayPublish: user.may(.publishReport, in: here) && status == .approved, error: error ?? state.problem)
    }
}
