import Foundation
import GongkaiCore
import GongkaiOffice
import GongkaiRendering
import GongkaiStore
import Vapor

/// The 督查 pages: a year's dashboard (each unit's standing, findings by rule, charts with their numbers beside),
/// a unit's findings with their review, the evidence of a 雷同 side by side, the upload of many reports at once,
/// assigning a report no unit could be matched to, and the downloads (XLSX, CSV, the 通报 draft).
enum OversightPages {
    struct UnitRow: Encodable {
        let no: Int
        let name: String
        let level: String
        let standing: String
        let tone: String
        let deadline: String
        let published: String
        let errors: Int
        let warnings: Int
        let versions: Int
        let href: String
    }

    struct Figure: Encodable {
        let label: String
        let count: Int
        let tone: String
        let href: String?
        var code: String? = nil
    }

    struct Waiting: Encodable {
        let no: Int
        let file: String
        let agency: String
    }

    struct Choice: Encodable {
        let no: Int
        let name: String
    }

    struct Collected: Encodable {
        let added: Int
        let duplicates: Int
        let unassigned: [String]
        let unreadable: [String]
    }

    struct DashboardBody: Encodable {
        let year: Int
        let years: [Int]
        let today: String
        let total: Int
        let standingChart: String
        let standings: [Figure]
        let codeChart: String
        let codes: [Figure]
        let units: [UnitRow]
        let filter: String?
        let unassigned: [Waiting]
        let choices: [Choice]
        let page: Int
        let pages: Int
        /// Units in the list (all, or those of the standing filtered).
        let shown: Int
        let previous: String?
        let next: String?
        let collected: Collected?
        let error: String?
    }

    struct FindingRow: Encodable {
        let severity: String
        let severityKey: String
        let code: String
        let label: String
        let message: String
        let place: String
        let status: String
        let statusKey: String
        let reviewer: String?
        let reason: String?
        let key: String
        let evidence: String?
    }

    struct UnitBody: Encodable {
        let year: Int
        let no: Int
        let name: String
        let level: String
        let standing: String
        let tone: String
        let deadline: String
        let deadlineRule: String
        let published: String
        let file: String?
        let agency: String?
        let versions: Int
        let findings: [FindingRow]
        let statuses: [String]
        /// The unit's figures over five years.
        let trend: [UnitTrendRow]
        let figureNames: [String]
        let trendChart: String?
        /// The versions of the year's report, when there is more than one, the newest first.
        let versionRows: [VersionRow]
    }

    struct VersionRow: Encodable {
        let number: Int
        let file: String
        let imported: String
        let published: String
        let current: Bool
        let first: Bool
        /// No change from the version before.
        let same: Bool
        let published0: String?
        let cells: [CellChangeRow]
        let sections: [SectionChangeRow]
    }

    struct CellChangeRow: Encodable {
        let label: String
        let key: String
        let old: String
        let new: String
    }

    struct SectionChangeRow: Encodable {
        let heading: String
        let removed: [String]
        let added: [String]
    }

    struct UnitTrendRow: Encodable {
        let year: Int
        let published: String
        let late: Bool
        let figures: [String]
        let grantedShare: String
    }

    struct Sentence: Encodable {
        let text: String
        let reused: Bool
    }

    struct Side: Encodable {
        let name: String
        let year: String
        let file: String
        let published: String
        let sentences: [Sentence]
    }

    struct EvidenceBody: Encodable {
        let year: Int
        let unitNo: Int
        let heading: String
        let message: String
        let share: Int
        let mine: Side
        let theirs: Side
    }

    static func tone(_ standing: Office.Standing) -> String {
        switch standing {
        case .onTime: "ok"
        case .late: "late"
        case .missing: "missing"
        case .pending: "pending"
        case .undated: "pending"
        }
    }

    /// Severities in the standing's colours (red, amber, grey-blue): `error` would clash with the alert box's class.
    static func tone(_ severity: Severity) -> String {
        switch severity {
        case .error: "missing"
        case .warning: "late"
        case .info: "pending"
        }
    }

    static func register(_ app: any RoutesBuilder, application: Application) {
        app.endpoint(.GET, "staff/oversee", access: .permission(.oversee), summary: "督查：该年度各单位年度报告的发布情况与问题",
                     responseType: "text/html") { req in
            try await dashboard(req, year: year(req), collected: nil, error: nil)
        }
        app.endpoint(.POST, "staff/oversee/upload", access: .permission(.oversee), summary: "督查：上传年度报告（可多个文件）",
                     responseType: "text/html", maxBody: ByteCount(value: application.settings.maxUploadBytes * 20)) { req in
            let upload = try req.multipart()
            let files = upload.files.filter { $0.field == "files" && !$0.bytes.isEmpty }
            let year = upload.fields["year"].flatMap(Int.init) ?? req.office.today.year - 1
            guard !files.isEmpty else {
                return try await dashboard(req, year: year, collected: nil, error: "请选择要上传的报告文件", status: .unprocessableEntity)
            }
            if let big = files.first(where: { $0.bytes.count > req.settings.maxUploadBytes }) {
                return try await dashboard(req, year: year, collected: nil,
                                           error: "「\(big.name)」超过 \(req.settings.maxUploadBytes >> 20) MB 的上限，未收集任何文件",
                                           status: .unprocessableEntity)
            }
            let result = try await req.office.collect(files.map { ($0.name, $0.bytes) }, by: req.actor)
            let shown = result.years.count == 1 ? result.years.first! : year
            return try await dashboard(req, year: shown, collected: Collected(
                added: result.added.count, duplicates: result.duplicates.count, unassigned: result.unassigned,
                unreadable: result.unreadable.map { "\($0.file)：\($0.reason)" }), error: nil)
        }
        app.endpoint(.POST, "staff/oversee/assign", access: .permission(.oversee), summary: "督查：指定报告所属单位", responseType: "text/html") { req in
            let fields = try req.form()
            guard let report = fields["report"].flatMap(Int.init), let unit = fields["unit"].flatMap(Int.init) else {
                throw OfficeError.invalid("请选择单位", field: "unit")
            }
            try await req.office.assign(report: report, to: unit, by: req.actor)
            let year = fields["year"].flatMap(Int.init) ?? req.office.today.year - 1
            return req.redirect(to: req.base + "/staff/oversee?year=\(year)&ok=recorded")
        }
        app.endpoint(.GET, "staff/oversee/:year/units/:no", access: .permission(.oversee), summary: "督查：一个单位该年度的报告与问题",
                     responseType: "text/html") { req in
            let year = try ReportPages.yearParameter(req)
            let no = req.parameters.get("no").flatMap(Int.init) ?? 0
            let (unit, _) = try await req.office.oversight(year: year, unit: no, by: req.actor)
            let agency = unit.report.flatMap { $0.agencyName }
            let names = try await req.office.staffNames()
            let findings = unit.findings.sorted { ($0.finding.severity, $0.finding.code.rawValue) < ($1.finding.severity, $1.finding.code.rawValue) }
                .map { item in
                    FindingRow(severity: item.finding.severity.displayName, severityKey: item.finding.severity.rawValue,
                               code: item.finding.code.rawValue, label: item.finding.code.label, message: item.finding.message,
                               place: LocationText.describe(item.finding.location), status: item.status.displayName,
                               statusKey: item.status.rawValue, reviewer: item.review.map { names[$0.reviewer] ?? $0.reviewer }, reason: item.review?.reason, key: item.key,
                               evidence: item.reuse == nil ? nil
                                   : req.base + "/staff/oversee/\(year)/units/\(no)/evidence?key=" + (item.key.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
                }
            let history = try await req.office.unitTrend(unit: no, years: (year - 4)...year, by: req.actor)
            let trend = history.map { item in
                UnitTrendRow(year: item.year, published: item.publishedOn?.description ?? "—", late: item.late == true,
                             figures: item.figures.values.map { $0.map(String.init) ?? "—" }, grantedShare: RegionPages.percent(item.figures.grantedShare))
            }
            let chart: String? = history.count < 2 ? nil : ColumnChart.svg(categories: history.map { "\($0.year)" }, series: [
                ("予以公开", "o1", \ReportFigures.granted), ("部分公开", "o2", \.partlyGranted), ("不予公开", "o3", \.withheld),
                ("无法提供", "o4", \.unavailable), ("不予处理", "o5", \.notProcessed), ("其他处理", "o6", \.otherHandling),
            ].map { label, tone, path in ColumnChart.Series(label: label, values: history.map { Double($0.figures[keyPath: path] ?? 0) }, tone: tone) },
            title: "\(unit.unit.unit.name) 历年依申请公开办理结果")
            let versions = unit.versions > 1 ? try await req.office.oversightVersions(year: year, unit: no, by: req.actor) : []
            let versionRows = versions.enumerated().map { k, version in
                let diff = version.diff
                func text(_ value: Decimal?) -> String { value.map { "\($0)" } ?? "不详" }
                return VersionRow(
                    number: k + 1, file: version.report.fileName, imported: String(version.report.importedAt.prefix(16)).replacingOccurrences(of: "T", with: " "),
                    published: version.report.publishedOn?.description ?? "—", current: k == versions.count - 1, first: diff == nil, same: diff?.isEmpty ?? false,
                    published0: diff?.publishedOn.map { "\($0.old?.description ?? "不详") → \($0.new?.description ?? "不详")" },
                    cells: diff?.cells.map { CellChangeRow(label: $0.label, key: $0.cell.key, old: text($0.old), new: text($0.new)) } ?? [],
                    sections: diff?.sections.map { SectionChangeRow(heading: $0.heading, removed: $0.removed, added: $0.added) } ?? [])
            }.reversed()
            return try await req.page("oversee-unit", title: "\(unit.unit.unit.name) \(year) 年度", UnitBody(
                year: year, no: no, name: unit.unit.unit.name, level: unit.unit.unit.level.displayName, standing: unit.standing.displayName,
                tone: tone(unit.standing), deadline: unit.deadline?.description ?? "无法定期限", deadlineRule: unit.deadlineRule,
                published: unit.publishedOn?.description ?? "—", file: unit.report?.fileName, agency: agency, versions: unit.versions,
                findings: findings, statuses: FindingReview.Status.allCases.map(\.displayName), trend: trend,
                figureNames: RegionPages.figureNames, trendChart: chart, versionRows: Array(versionRows)))
        }
        app.endpoint(.GET, "staff/oversee/:year/units/:no/evidence", access: .permission(.oversee), summary: "督查：内容雷同的对照",
                     responseType: "text/html") { req in
            let year = try ReportPages.yearParameter(req)
            let no = req.parameters.get("no").flatMap(Int.init) ?? 0
            let key = req.query[String.self, at: "key"] ?? ""
            let evidence = try await req.office.reuseEvidence(year: year, unit: no, key: key, by: req.actor)
            func side(_ s: Office.ReuseEvidence.Side) -> Side {
                Side(name: s.name, year: s.year.map { "\($0) 年度" } ?? "", file: s.file, published: s.publishedOn?.description ?? "—",
                     sentences: s.sentences.map { Sentence(text: $0.text, reused: $0.reused) })
            }
            return try await req.page("oversee-evidence", title: "内容雷同对照", EvidenceBody(
                year: year, unitNo: no, heading: evidence.heading, message: evidence.finding.finding.message,
                share: Int(((evidence.finding.reuse?.share ?? 0) * 100).rounded()), mine: side(evidence.mine), theirs: side(evidence.theirs)))
        }
        app.endpoint(.POST, "staff/oversee/review", access: .permission(.oversee), summary: "督查：记录问题的核实结果", responseType: "text/html") { req in
            let fields = try req.form()
            guard let year = fields["year"].flatMap(Int.init), let unit = fields["unit"].flatMap(Int.init), let key = fields["key"] else {
                throw OfficeError.invalid("缺少年度、单位或问题", field: "key")
            }
            guard let status = fields["status"].flatMap(FindingReview.Status.init(text:)) else {
                throw OfficeError.invalid("核实结果只能是 待核实、已确认 或 已排除", field: "status")
            }
            let reason = fields["reason"].flatMap { $0.isEmpty ? nil : $0 }
            try await req.office.review(finding: key, unit: unit, year: year, status: status, reason: reason, by: req.actor)
            return req.redirect(to: req.base + "/staff/oversee/\(year)/units/\(unit)?ok=recorded")
        }
        app.endpoint(.GET, "staff/oversee/:year/export.xlsx", access: .permission(.oversee), summary: "督查：导出 Excel",
                     responseType: Downloads.xlsxType) { req in
            try await xlsx(req, year: try ReportPages.yearParameter(req))
        }
        app.endpoint(.GET, "staff/oversee/:year/export.csv", access: .permission(.oversee), summary: "督查：导出 CSV",
                     responseType: "text/csv") { req in
            try await csv(req, year: try ReportPages.yearParameter(req), findings: req.query[String.self, at: "sheet"] == "findings")
        }
        app.endpoint(.GET, "staff/oversee/:year/notice.docx", access: .permission(.oversee), summary: "督查：通报草稿（Word）",
                     responseType: Downloads.docxType) { req in
            try await notice(req, year: try ReportPages.yearParameter(req))
        }
    }

    /// The year's workbook: one row per report, a second sheet of findings.
    static func xlsx(_ req: Request, year: Int) async throws -> Response {
        let sheets = try await req.office.oversightSheets(year: year, by: req.actor)
        let data = try XLSXWriter.workbook(sheets, title: "\(year) 年度政府信息公开工作年度报告督查", creator: try req.office.agency.name)
        return Response(status: .ok, headers: [
            "Content-Type": Downloads.xlsxType, "Content-Disposition": Downloads.contentDisposition("\(year)年度报告督查.xlsx"),
        ], body: .init(data: data))
    }

    /// One sheet of the workbook as CSV: the reports, or the findings.
    static func csv(_ req: Request, year: Int, findings: Bool) async throws -> Response {
        let sheets = try await req.office.oversightSheets(year: year, by: req.actor)
        return Response(status: .ok, headers: [
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": Downloads.contentDisposition("\(year)年度\(findings ? "问题" : "报告").csv"),
        ], body: .init(buffer: ByteBuffer(bytes: CSVWriter.csv(sheets[findings ? 1 : 0]))))
    }

    /// The draft 通报 as a Word document.
    static func notice(_ req: Request, year: Int) async throws -> Response {
        let notice = try await req.office.oversightNotice(year: year, by: req.actor)
        return Downloads.docx(try NoticeRenderer.docx(notice), fileName: "\(year)年度年报检查情况通报（草稿）.docx")
    }

    static let pageSize = 100

    static func pageHref(_ base: String, year: Int, filter: Office.Standing?, page: Int) -> String {
        "\(base)?year=\(year)" + (filter.map { "&status=\($0.rawValue)" } ?? "") + "&page=\(page)"
    }

    static func year(_ req: Request) -> Int {
        req.query[Int.self, at: "year"].flatMap { (2008...2100).contains($0) ? $0 : nil } ?? req.office.today.year - 1
    }

    static func dashboard(_ req: Request, year: Int, collected: Collected?, error: String?, status: HTTPResponseStatus = .ok) async throws
        -> Response
    {
        let view = try await req.office.oversightSummary(year: year, by: req.actor)
        let filter = req.query[String.self, at: "status"].flatMap(Office.Standing.init(rawValue:))
        let base = req.base + "/staff/oversee"
        let standings = Office.Standing.allCases.map { s in
            Figure(label: s.displayName, count: view.units.filter { $0.standing == s }.count, tone: tone(s), href: "\(base)?year=\(year)&status=\(s.rawValue)")
        }
        var byCode: [String: (label: String, severity: Severity, count: Int)] = [:]
        for unit in view.units {
            for item in unit.tally where item.severity != .info {
                byCode[item.code.rawValue, default: (item.code.label, item.severity, 0)].count += item.count
            }
        }
        let codes = byCode.sorted { ($0.value.severity, -$0.value.count, $0.key) < ($1.value.severity, -$1.value.count, $1.key) }.map {
            Figure(label: $0.value.label, count: $0.value.count, tone: tone($0.value.severity), href: nil, code: $0.key)
        }
        // The worst first, a hundred to a page.
        let shown = view.units.filter { filter == nil || $0.standing == filter }
        let pages = max(1, (shown.count + pageSize - 1) / pageSize)
        let page = min(pages, max(1, req.query[Int.self, at: "page"] ?? 1))
        let rows = shown[min(shown.count, (page - 1) * pageSize)..<min(shown.count, page * pageSize)].map { unit in
            UnitRow(no: unit.unit.no, name: unit.unit.unit.name, level: unit.unit.unit.level.displayName, standing: unit.standing.displayName,
                    tone: tone(unit.standing), deadline: unit.deadline?.description ?? "—", published: unit.publishedOn?.description ?? "—",
                    errors: unit.count(.error), warnings: unit.count(.warning), versions: unit.versions, href: "\(base)/\(year)/units/\(unit.unit.no)")
        }
        let this = req.office.today.year
        let body = DashboardBody(
            year: year, years: Array((this - 5)...this).reversed(), today: view.today.description, total: view.units.count,
            standingChart: BarChart.svg(standings.map { .init(label: $0.label, value: Double($0.count), tone: $0.tone) }, title: "\(year) 年度报告发布情况"),
            standings: standings,
            codeChart: BarChart.svg(codes.prefix(12).map { .init(label: $0.label, value: Double($0.count), tone: $0.tone) }, title: "\(year) 年度报告问题（按规则）"),
            codes: codes, units: rows, filter: filter?.displayName,
            unassigned: view.unassigned.map { Waiting(no: $0.no, file: $0.fileName, agency: $0.agencyName ?? "未写明") },
            choices: view.unassigned.isEmpty ? [] : view.units.map { Choice(no: $0.unit.no, name: $0.unit.unit.name) }.sorted { $0.name < $1.name },
            page: page, pages: pages, shown: shown.count,
            previous: page > 1 ? pageHref(base, year: year, filter: filter, page: page - 1) : nil,
            next: page < pages ? pageHref(base, year: year, filter: filter, page: page + 1) : nil,
            collected: collected, error: error)
        return try await req.page("oversee", title: "\(year) 年度报告督查", body, status: status)
    }
}
