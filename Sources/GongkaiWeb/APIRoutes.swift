import Foundation
import GongkaiCore
import GongkaiParsing
import GongkaiStore
import Vapor

/// The JSON API: the same operations as the pages (`Office`, `IntakeForm`, `EventForm`, `ReportForm`, `Accounts`),
/// described by `/openapi.json`. Calls that change something send the `gongkai-csrf` cookie's value in `X-CSRF-Token`
/// (GET /api/session gives both).
enum APIRoutes {
    static func json(_ object: Any, status: HTTPResponseStatus = .ok) throws -> Response {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return Response(status: status, headers: ["Content-Type": "application/json; charset=utf-8"], body: .init(data: data))
    }

    static func json(_ value: JSON, status: HTTPResponseStatus = .ok) -> Response {
        Response(status: status, headers: ["Content-Type": "application/json; charset=utf-8"],
                 body: .init(string: JSONWriter.string(value, style: .compact)))
    }

    static func userJSON(_ user: StaffUser) -> [String: Any] {
        ["username": user.username, "displayName": user.displayName, "roles": user.roles.sorted().map(\.rawValue),
         "active": user.active, "permissions": user.permissions.map(\.rawValue).sorted()]
    }

    static func register(_ app: Application) {
        let api = app.grouped("api")
        api.endpoint(.GET, "session", access: .everyone, summary: "当前会话：登录的用户和 CSRF 令牌",
                     response: Schemas.session) { req in
            try json(["user": req.staff.map(userJSON) as Any? ?? NSNull(), "csrfToken": req.csrfToken])
        }
        api.endpoint(.POST, "login", access: .everyone, summary: "登录", request: Schemas.login, response: Schemas.user) { req in
            let fields = try req.form()
            let user = try await StaffPages.logIn(req, username: fields["username"] ?? "", password: fields["password"] ?? "")
            let response = try json(userJSON(user))
            try await SessionMiddleware.logIn(user, request: req, response: response)
            return response
        }
        api.endpoint(.POST, "logout", access: .staff, summary: "退出登录", response: Schemas.ok) { req in
            let response = try json(["ok": true])
            try await SessionMiddleware.logOut(request: req, response: response)
            return response
        }
        api.endpoint(.POST, "applications", access: .everyone, summary: "提交政府信息公开申请（互联网渠道，以今天为收到日期）",
                     request: Schemas.intake, response: Schemas.filed) { req in
            let intake = try intakeOrProblems(try req.form())
            let filed = try await PublicPages.fileOnline(req, intake)
            return try json(filedJSON(filed), status: .created)
        }
        api.endpoint(.POST, "track", access: .everyone, summary: "按查询码和联系电话查询申请进度",
                     request: Schemas.track, response: Schemas.status) { req in
            let fields = try req.form()
            guard let status = try await PublicPages.lookUp(req, trackingCode: fields["trackingCode"] ?? "", phone: fields["phone"] ?? "")
            else { throw Abort(.notFound, reason: "没有找到：请核对查询码和提交申请时填写的联系电话") }
            return try json(status.json)
        }
        api.endpoint(.GET, "reports", access: .everyone, summary: "已发布的年度报告", response: Schemas.publishedList) { req in
            try json(try await req.office.store.publishedReports().map {
                ["year": $0.year, "version": $0.version, "publishedAt": $0.publishedAt] as [String: Any]
            })
        }
        api.endpoint(.GET, "reports/:year", access: .everyone, summary: "已发布的年度报告（报告 JSON）", response: Schemas.report) { req in
            json(ReportPages.publicCopy(try await req.office.published(year: try ReportPages.yearParameter(req))).json())
        }

        api.endpoint(.GET, "cases", access: .permission(.viewCases), summary: "未办结申请，按答复期限排列", response: Schemas.dueList) { req in
            json(try await req.office.dueList().json())
        }
        api.endpoint(.POST, "cases", access: .permission(.handleCases), summary: "登记来信、传真、当面等渠道的申请",
                     request: Schemas.staffIntake, response: Schemas.filed) { req in
            let fields = try req.form()
            let intake = try intakeOrProblems(fields)
            guard let channel = Channel(rawValue: fields["channel"] ?? "") else {
                throw Abort(.unprocessableEntity, reason: "channel 应为 \(Channel.allCases.map(\.rawValue).joined(separator: "、")) 之一")
            }
            let received = try Dates.parse(fields["received"], field: "收到日期 received")
            let filed = try await req.office.file(intake, channel: channel, received: received, actor: try req.requireStaff().username)
            return try json(filedJSON(filed), status: .created)
        }
        api.endpoint(.GET, "cases/:code", access: .permission(.viewCases), summary: "一件申请：CASES-JSONL 记录、状态与期限",
                     response: Schemas.caseDetail) { req in
            let record = try await req.office.existingRecord(req.parameters.get("code") ?? "")
            return json(try await caseJSON(req, record))
        }
        api.endpoint(.POST, "cases/:code/events", access: .permission(.handleCases), summary: "登记办理环节（延期须签发人）",
                     request: Schemas.event, response: Schemas.caseDetail) { req in
            let event = try EventForm.parse(try req.form())
            let record = try await req.office.record(event, in: req.parameters.get("code") ?? "", by: try req.requireStaff())
            return json(try await caseJSON(req, record))
        }
        api.endpoint(.POST, "cases/:code/reviews", access: .permission(.handleCases), summary: "登记行政复议、行政诉讼的提起或审结",
                     request: Schemas.review, response: Schemas.caseDetail) { req in
            let review = try EventForm.review(try req.form())
            let record = try await req.office.record(review, in: req.parameters.get("code") ?? "", by: try req.requireStaff())
            return json(try await caseJSON(req, record))
        }
        api.endpoint(.GET, "cases/:code/letter", access: .permission(.viewCases), summary: "答复书 DOCX（?format=html 为网页）",
                     responseType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document") { req in
            try StaffPages.letterResponse(req, record: try await req.office.existingRecord(req.parameters.get("code") ?? ""))
        }

        api.endpoint(.GET, "report-drafts/:year", access: .permission(.viewCases), summary: "年度报告编制稿：全文（表三、表四由申请统计）与检查结果",
                     response: Schemas.draft) { req in
            let year = try ReportPages.yearParameter(req)
            let (editable, draft) = try await req.office.draftReport(year: year)
            return json(draftJSON(try await req.office.assembled(editable, year: year), draft: draft))
        }
        api.endpoint(.PUT, "report-drafts/:year", access: .permission(.editReport), summary: "保存年度报告编制稿（机关、成文日期、正文、表二）",
                     request: Schemas.reportForm, response: Schemas.draft) { req in
            let year = try ReportPages.yearParameter(req)
            let (current, _) = try await req.office.draftReport(year: year)
            let edited = try ReportForm.apply(try req.form(), to: current)
            try await req.office.saveDraft(edited, year: year, by: try req.requireStaff())
            let (saved, draft) = try await req.office.draftReport(year: year)
            return json(draftJSON(try await req.office.assembled(saved, year: year), draft: draft))
        }
        api.endpoint(.POST, "report-drafts/:year/check", access: .permission(.viewCases), summary: "检查未保存的编辑（不保存）",
                     request: Schemas.reportForm, response: Schemas.draft) { req in
            let year = try ReportPages.yearParameter(req)
            let (current, draft) = try await req.office.draftReport(year: year)
            let edited = try ReportForm.apply(try req.form(), to: current)
            return json(draftJSON(try await req.office.assembled(edited, year: year), draft: draft))
        }
        api.endpoint(.POST, "report-drafts/:year/approve", access: .permission(.approveReport), summary: "签发年度报告（有错误时拒绝）",
                     response: Schemas.draft) { req in
            let year = try ReportPages.yearParameter(req)
            let report = try await req.office.approve(year: year, by: try req.requireStaff())
            return json(draftJSON(report, draft: try await req.office.store.draft(year: year)))
        }
        api.endpoint(.POST, "report-drafts/:year/publish", access: .permission(.publishReport), summary: "发布已签发的年度报告",
                     response: Schemas.publishedList) { req in
            let year = try ReportPages.yearParameter(req)
            do {
                let published = try await req.office.store.publish(year: year, by: try req.requireStaff().username)
                return try json(["year": published.year, "version": published.version, "publishedAt": published.publishedAt])
            } catch let error as StoreError {
                throw Abort(.conflict, reason: error.description)
            }
        }
        api.endpoint(.POST, "check", access: .permission(.viewCases), summary: "读取并检查一份报告文件（请求体为文件内容，?name=文件名）",
                     request: ["type": "string", "format": "binary"], response: Schemas.report) { req in
            let upload = try Uploads.report(req)
            do throws(ReadError) {
                return json(try ReportReader.read(bytes: upload.bytes).json())
            } catch {
                throw Abort(.unprocessableEntity, reason: "「\(upload.name)」无法读取：\(error.reason)")
            }
        }

        api.endpoint(.GET, "users", access: .permission(.manageUsers), summary: "账户列表", response: Schemas.users) { req in
            try json(try await req.office.store.users().map(userJSON))
        }
        api.endpoint(.POST, "users", access: .permission(.manageUsers), summary: "创建账户", request: Schemas.newUser, response: Schemas.user) { req in
            let fields = try req.form()
            try await Accounts.create(req, fields: fields)
            guard let user = try await req.office.store.user(fields["username"] ?? "") else { throw Abort(.internalServerError) }
            return try json(userJSON(user), status: .created)
        }
        api.endpoint(.PUT, "users/:username", access: .permission(.manageUsers), summary: "修改账户（姓名、角色、启用、重设密码）",
                     request: Schemas.updateUser, response: Schemas.user) { req in
            let username = req.parameters.get("username") ?? ""
            try await Accounts.update(req, username: username, fields: try req.form())
            guard let user = try await req.office.store.user(username) else { throw Abort(.internalServerError) }
            return try json(userJSON(user))
        }
        api.endpoint(.POST, "password", access: .staff, summary: "修改自己的密码", request: Schemas.password, response: Schemas.ok) { req in
            let fields = try req.form()
            try await Accounts.changePassword(req, current: fields["current"] ?? "", new: fields["new"] ?? "", repeated: fields["new"] ?? "")
            return try json(["ok": true])
        }
        api.endpoint(.GET, "audit", access: .permission(.viewAudit), summary: "操作日志（新的在前，?before=编号 翻页）", response: Schemas.audit) { req in
            let before = try? req.query.get(Int.self, at: "before")
            return try json(try await req.office.store.auditLog(limit: 200, before: before).map {
                ["no": $0.no, "at": $0.at, "actor": $0.actor, "action": $0.action, "target": $0.target, "detail": $0.detail] as [String: Any]
            })
        }
    }

    static func intakeOrProblems(_ fields: [String: String]) throws -> Intake {
        switch IntakeForm.parse(fields) {
        case let .success(intake): return intake
        case let .failure(problems):
            throw Abort(.unprocessableEntity, reason: problems.list.map { "\($0.field)：\($0.message)" }.joined(separator: "；"))
        }
    }

    static func filedJSON(_ filed: Office.Filed) -> [String: Any] {
        ["code": filed.code, "trackingCode": filed.trackingCode, "received": filed.received.description,
         "answerDue": filed.progress.answerDue?.date.description ?? NSNull(),
         "explanation": filed.progress.answerDue?.explanation ?? []]
    }

    static func caseJSON(_ req: Request, _ record: CaseRecord) async throws -> JSON {
        let progress = try await req.office.progress(of: record)
        func due(_ result: DeadlineCalculator.Result?) -> JSON {
            guard let result else { return .null }
            return .object([("date", .string(result.date.description)), ("explanation", .array(result.explanation.map(JSON.string)))])
        }
        return .object([
            ("case", record.json()),
            ("stage", .string(progress.stage.displayName)),
            ("dueDate", progress.dueDate.map { .string($0.description) } ?? .null),
            ("late", .bool(progress.isLate(today: req.office.today))),
            ("deadlines", .object([
                ("answer", due(progress.answerDue)), ("extended", due(progress.extendedDue)),
                ("correctionNotice", due(progress.correctionNoticeDue)), ("consultationReply", due(progress.consultationReplyDue)),
                ("payment", due(progress.paymentDue)),
            ])),
        ])
    }

    static func draftJSON(_ report: AnnualReport, draft: ReportDraft?) -> JSON {
        .object([
            ("status", .string((draft?.status ?? .draft).rawValue)),
            ("saved", .bool(draft != nil)),
            ("approvedBy", draft?.approvedBy.map(JSON.string) ?? .null),
            ("report", report.json()),
        ])
    }
}
