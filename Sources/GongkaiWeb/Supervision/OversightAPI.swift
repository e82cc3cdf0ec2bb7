import Foundation
import GongkaiCore
import GongkaiOffice
import GongkaiStore
import Vapor

/// The 督查 work in the JSON API: the roster, collecting reports, a year's status and findings, a unit, reviews,
/// the region's tables, trend and ranking, and the downloads — the same use cases as the pages and `gongkai oversee`,
/// with the same JSON as the CLI's `--format json`.
enum OversightAPI {
    static func register(_ api: any RoutesBuilder, application: Application) {
        api.endpoint(.GET, "oversee/roster", access: .permission(.oversee), summary: "督查名册：所辖单位（含本平台上的下级机关）",
                     response: Schemas.rosterList) { req in
            let units = try await req.office.roster(by: req.actor)
            return APIResponse.json(.object([("units", .array(units.map(\.json)))]))
        }
        api.endpoint(.POST, "oversee/roster", access: .permission(.oversee),
                     summary: "导入名册（请求体为 CSV，UTF-8 或 GB18030，表头须有 名称,统一社会信用代码,层级,上级）：文件有错则一个也不导入，返回每处错误",
                     request: Schemas.csvBody, response: Schemas.rosterImported, maxBody: "8mb", creates: true) { req in
            let bytes = req.body.data.map { Array(Data(buffer: $0)) } ?? []
            let (units, errors) = RosterFile.parse(bytes)
            if !errors.isEmpty {
                return APIResponse.json(.object([
                    ("error", .string("名册共 \(errors.count) 处错误，未导入任何单位")),
                    ("errors", .array(errors.prefix(200).map(JSON.string))),
                ]), status: .unprocessableEntity)
            }
            let result = try await req.office.importRoster(units, file: "API 导入", by: req.actor)
            return APIResponse.json(.object([("units", .int(units.count)), ("added", .int(result.added)), ("updated", .int(result.updated))]),
                                    status: .created)
        }
        api.endpoint(.POST, "oversee/reports", access: .permission(.oversee),
                     summary: "提交收集的年度报告：multipart 的 files 字段（可多个文件），或请求体为一个文件、文件名在 ?name= 中；返回新收、重复、待指定单位与无法读取的文件",
                     request: Schemas.reportUpload, response: Schemas.collected,
                     maxBody: ByteCount(value: application.settings.maxUploadBytes * 20), creates: true) { req in
            let files = try uploadedFiles(req)
            guard !files.isEmpty else { throw OfficeError.invalid("没有报告文件：请用 multipart 的 files 字段，或把文件作为请求体并在 ?name= 中写文件名", field: "files") }
            if let big = files.first(where: { $0.bytes.count > req.settings.maxUploadBytes }) {
                throw OfficeError.invalid("「\(big.name)」超过 \(req.settings.maxUploadBytes >> 20) MB 的上限，未收集任何文件", field: "files")
            }
            let result = try await req.office.collect(files, by: req.actor)
            return APIResponse.json(.object([
                ("added", .array(result.added.map(JSON.string))),
                ("duplicates", .array(result.duplicates.map(JSON.string))),
                ("unassigned", .array(result.unassigned.map(JSON.string))),
                ("unreadable", .array(result.unreadable.map { .object([("file", .string($0.file)), ("reason", .string($0.reason))]) })),
                ("years", .array(result.years.sorted().map(JSON.int))),
            ]), status: result.added.isEmpty ? .ok : .created)
        }
        api.endpoint(.POST, "oversee/assign", access: .permission(.oversee), summary: "指定一份待指定单位的报告所属的名册单位（report、unit 为编号）",
                     request: Schemas.assign, response: Schemas.ok) { req in
            let fields = try req.fields()
            try await req.office.assign(report: try fields.int("report", "报告编号", in: 1...Int.max),
                                        to: try fields.int("unit", "单位编号", in: 1...Int.max), by: req.actor)
            return APIResponse.json(.object([("ok", .bool(true))]))
        }
        api.endpoint(.GET, "oversee/:year/status", access: .permission(.oversee),
                     summary: "该年度名册中每个单位的发布情况（onTime、late、missing、pending、undated）、问题数与待指定单位的报告；与 gongkai oversee status --format json 相同",
                     response: Schemas.oversightStatus) { req in
            APIResponse.json(try await req.office.oversightSummary(year: try ReportPages.yearParameter(req), by: req.actor).statusJSON)
        }
        api.endpoint(.GET, "oversee/:year/findings", access: .permission(.oversee),
                     summary: "该年度各单位现行报告的全部问题及核实状态；与 gongkai oversee findings --format json 相同",
                     response: Schemas.oversightFindings) { req in
            APIResponse.json(try await req.office.oversight(year: try ReportPages.yearParameter(req), by: req.actor).findingsJSON)
        }
        api.endpoint(.GET, "oversee/:year/units/:no", access: .permission(.oversee),
                     summary: "一个单位该年度的发布情况、全部问题（findingList）、近五年数字（history）与各版本及其改动（versionList）") { req in
            let year = try ReportPages.yearParameter(req)
            let no = try unitParameter(req)
            let (unit, view) = try await req.office.oversight(year: year, unit: no, by: req.actor)
            let history = try await req.office.unitTrend(unit: no, years: (year - 4)...year, by: req.actor)
            let versions = unit.versions > 0 ? try await req.office.oversightVersions(year: year, unit: no, by: req.actor) : []
            guard case let .object(members) = unit.detailJSON(view).value else { return APIResponse.json(unit.detailJSON(view)) }
            return APIResponse.json(.object(members.map { ($0.key, $0.value) } + [
                ("history", .array(history.map(\.json))), ("versionList", .array(versions.map(\.json))),
            ]))
        }
        api.endpoint(.POST, "oversee/:year/reviews", access: .permission(.oversee),
                     summary: "记录一条问题的核实结果（status 为 open、confirmed、dismissed 或 待核实、已确认、已排除；排除须写 reason）；重新导入后仍保留",
                     request: Schemas.findingReview, response: Schemas.ok) { req in
            let year = try ReportPages.yearParameter(req)
            let fields = try req.fields()
            guard let status = FindingReview.Status(text: try fields.required("status", "核实结果")) else {
                throw OfficeError.invalid("核实结果只能是 open、confirmed、dismissed（待核实、已确认、已排除）", field: "status")
            }
            try await req.office.review(finding: try fields.required("key", "问题的 key", maxLength: 2000),
                                        unit: try fields.int("unit", "单位编号", in: 1...Int.max), year: year, status: status,
                                        reason: fields.text("reason"), by: req.actor)
            return APIResponse.json(.object([("ok", .bool(true))]))
        }
        api.endpoint(.GET, "oversee/:year/region", access: .permission(.oversee),
                     summary: "全区：近五年趋势（trend）、该年度表二至表四的汇总（tables，每格 sum 与 unknown）、按公开率的排名（ranking，只排申请数不少于 min 的单位，默认 10）") { req in
            let year = try ReportPages.yearParameter(req)
            let minimum = max(1, req.query[Int.self, at: "min"] ?? 10)
            let trend = try await req.office.oversightTrend(years: (year - 4)...year, by: req.actor)
            let tables = try await req.office.oversightTables(year: year, by: req.actor)
            let (ranked, fewer) = try await req.office.oversightRanking(year: year, minimum: minimum, by: req.actor)
            return APIResponse.json(.object([
                ("year", .int(year)),
                ("trend", .array(trend.map(\.json))),
                ("tables", .array(tables.rollups.map(\.json))),
                ("ranking", .object([
                    ("minimum", .int(minimum)), ("notRanked", .int(fewer)),
                    ("units", .array(ranked.enumerated().map { $1.json(rank: $0 + 1) })),
                ])),
            ]))
        }
        api.endpoint(.GET, "oversee/:year/region/cell", access: .permission(.oversee),
                     summary: "全区汇总中一格背后的各单位（key 为报告 JSON 的格键，如 table3.received[6]，即表三新收申请的总计）：数不为零的单位从大到小，再列此格不详的单位") { req in
            let year = try ReportPages.yearParameter(req)
            let (cell, format, values) = try await req.office.oversightCell(year: year, key: req.query[String.self, at: "key"] ?? "", by: req.actor)
            return APIResponse.json(.object([
                ("year", .int(year)), ("key", .string(cell.key)), ("label", .string(cell.label(format))), ("format", .string(format.rawValue)),
                ("units", .array(values.map(\.json))),
            ]))
        }
        api.endpoint(.GET, "oversee/:year/export", access: .permission(.oversee),
                     summary: "导出：format=xlsx（默认，两张工作表：报告、问题）或 csv（sheet=reports 或 findings）",
                     responseType: Downloads.xlsxType) { req in
            let year = try ReportPages.yearParameter(req)
            switch req.query[String.self, at: "format"] ?? "xlsx" {
            case "xlsx": return try await OversightPages.xlsx(req, year: year)
            case "csv":
                let sheet = req.query[String.self, at: "sheet"] ?? "reports"
                guard ["reports", "findings"].contains(sheet) else { throw OfficeError.invalid("sheet 只能是 reports 或 findings", field: "sheet") }
                return try await OversightPages.csv(req, year: year, findings: sheet == "findings")
            case let other: throw OfficeError.invalid("format「\(other)」只能是 xlsx 或 csv", field: "format")
            }
        }
        api.endpoint(.GET, "oversee/:year/notice", access: .permission(.oversee), summary: "该年度年报检查情况通报草稿（Word）",
                     responseType: Downloads.docxType) { req in
            try await OversightPages.notice(req, year: try ReportPages.yearParameter(req))
        }
    }

    static func unitParameter(_ req: Request) throws -> Int {
        guard let no = req.parameters.get("no").flatMap(Int.init), no > 0 else {
            throw OfficeError.invalid("单位编号「\(req.parameters.get("no") ?? "")」应为正整数（见 GET oversee/roster 的 unit）", field: "no")
        }
        return no
    }

    /// The files of a request: a multipart body's `files` parts, or the body itself named by `?name=`.
    static func uploadedFiles(_ req: Request) throws -> [(name: String, bytes: [UInt8])] {
        if req.headers.contentType?.type == "multipart" {
            return try req.multipart().files.filter { $0.field == "files" && !$0.bytes.isEmpty }.map { ($0.name, $0.bytes) }
        }
        guard let body = req.body.data, body.readableBytes > 0 else { return [] }
        guard let name = req.query[String.self, at: "name"]?.trimmingWhitespace, !name.isEmpty else {
            throw OfficeError.invalid("请在 ?name= 中写报告的文件名（如 某某局2025年报.pdf）：读取时按扩展名判断格式", field: "name")
        }
        return [(name, Array(body.readableBytesView))]
    }
}

/// The 督查 API's bodies, for `/openapi.json`.
extension Schemas {
    static let nullableString: [String: any Sendable] = ["type": "string", "nullable": true]
    static let rosterUnit = object([
        "unit": integer, "name": string, "creditCode": nullableString, "level": enumeration(AgencyLevel.allCases.map(\.rawValue)),
        "parent": nullableString, "localDeadline": ["type": "string", "nullable": true, "description": "本地规定的发布期限 MM-DD"],
    ])
    static let rosterList = object(["units": ["type": "array", "items": rosterUnit]])
    static let csvBody: [String: any Sendable] = ["type": "string", "format": "binary", "description": "名册 CSV 文件"]
    static let rosterImported = object(["units": integer, "added": integer, "updated": integer])
    static let reportUpload: [String: any Sendable] = [
        "type": "string", "format": "binary",
        "description": "一个报告文件（文本、Markdown、HTML、DOCX、PDF），文件名在 ?name= 中；或 multipart/form-data 的 files 字段（可多个）",
    ]
    static let collected = object([
        "added": ["type": "array", "items": string], "duplicates": ["type": "array", "items": string],
        "unassigned": ["type": "array", "items": string],
        "unreadable": ["type": "array", "items": object(["file": string, "reason": string])],
        "years": ["type": "array", "items": integer],
    ])
    static let assign = object(["report": integer, "unit": integer], required: ["report", "unit"])
    static let collectedReport = object([
        "no": integer, "file": string, "sha256": string, "agency": nullableString, "year": integer, "importedAt": string,
    ])
    static let oversightStatus = object([
        "year": integer, "today": date,
        "units": ["type": "array", "items": object([
            "unit": integer, "name": string, "creditCode": nullableString, "level": string,
            "status": enumeration(Office.Standing.allCases.map(\.rawValue)), "deadline": date, "publishedOn": date,
            "versions": integer, "findings": object(Dictionary(uniqueKeysWithValues: Severity.allCases.map { ($0.rawValue, integer) })),
            "report": collectedReport,
        ])],
        "unassigned": ["type": "array", "items": collectedReport],
    ])
    static let oversightFindings = object([
        "year": integer,
        "findings": ["type": "array", "items": object([
            "unit": string, "code": string, "severity": enumeration(Severity.allCases.map(\.rawValue)), "message": string,
            "location": ["type": "object"], "key": string, "status": enumeration(FindingReview.Status.allCases.map(\.rawValue)),
            "reviewedBy": string, "reviewedAt": string, "reason": nullableString, "share": ["type": "number"], "other": ["type": "object"],
        ])],
    ])
    static let findingReview = object([
        "unit": integer, "key": string, "status": enumeration(FindingReview.Status.allCases.map(\.rawValue)), "reason": string,
    ], required: ["unit", "key", "status"])
}
