import Foundation
import GongkaiCore
import GongkaiParsing
import GongkaiRendering
import GongkaiStore
import Vapor

/// A case step as submitted (page or API): `kind`, `date`, and `party` / `amount` / `outcome` / `note` as the kind needs.
enum EventForm {
    static func parse(_ fields: [String: String]) throws -> CaseEvent {
        guard let kind = CaseEvent.Kind(rawValue: fields["kind"] ?? "") else { throw Abort(.unprocessableEntity, reason: "请选择办理环节") }
        let date = try Dates.parse(fields["date"], field: "日期")
        var event = CaseEvent(kind, date)
        event.note = fields["note"].flatMap { $0.isEmpty ? nil : $0 }
        switch kind {
        case .consultationStarted, .consultationEnded:
            guard let party = CaseEvent.Party(rawValue: fields["party"] ?? "") else {
                throw Abort(.unprocessableEntity, reason: "请选择征求意见的对象（第三方或其他机关）")
            }
            event.party = party
        case .feeNoticed:
            guard let amount = Int(fields["amount"] ?? ""), amount > 0 else {
                throw Abort(.unprocessableEntity, reason: "请填写收费金额（元，正整数）")
            }
            event.amount = amount
        case .decided:
            guard let outcome = Table3Row(key: fields["outcome"] ?? ""), Table3Row.decisionOutcomes.contains(outcome) else {
                throw Abort(.unprocessableEntity, reason: "请选择答复结果")
            }
            event.outcome = outcome
        default:
            break
        }
        return event
    }

    struct Option: Encodable {
        let value: String
        let label: String
    }

    static let kinds = CaseEvent.Kind.allCases.map { Option(value: $0.rawValue, label: $0.displayName) }
    static let parties = CaseEvent.Party.allCases.map { Option(value: $0.rawValue, label: $0.displayName) }
    static let outcomes = Table3Row.decisionOutcomes.map { row in
        Option(value: row.key, label: ReportFormat.y2021.spec.table3Row(row).map { spec in spec.label } ?? row.key)
    }
    static let reviewKinds = Table4Block.allCases.map { Option(value: $0.key, label: Table4BlockSpec.spec($0).shortName) }
    static let reviewResults = Review.Result.allCases.map { Option(value: $0.rawValue, label: $0.displayName) }
    static let channels = Channel.allCases.filter { $0 != .online }.map { Option(value: $0.rawValue, label: $0.displayName + "——" + $0.receiptRule) }

    static func review(_ fields: [String: String]) throws -> Review {
        guard let kind = Table4Block(key: fields["reviewKind"] ?? "") else { throw Abort(.unprocessableEntity, reason: "请选择复议或诉讼类型") }
        let filed = try Dates.parse(fields["filed"], field: "提起日期")
        var review = Review(kind: kind, filed: filed)
        if let decided = fields["decided"], !decided.isEmpty {
            review.decided = try Dates.parse(decided, field: "审结日期")
            guard let result = Review.Result(rawValue: fields["result"] ?? "") else {
                throw Abort(.unprocessableEntity, reason: "已审结的，请选择审结结果")
            }
            review.result = result
        }
        return review
    }
}

enum Dates {
    static func parse(_ text: String?, field: String) throws -> CivilDate {
        guard let text, !text.isEmpty else { throw Abort(.unprocessableEntity, reason: "请填写\(field)") }
        guard let date = CivilDate(iso: text) else { throw Abort(.unprocessableEntity, reason: "\(field)「\(text)」不是有效日期（应为 YYYY-MM-DD）") }
        return date
    }
}

enum StaffPages {
    struct LoginBody: Encodable {
        let next: String
        let username: String
        let error: String?
    }

    struct DueRow: Encodable {
        let code: String
        let received: String
        let applicant: String
        let stage: String
        let dueDate: String
        let status: String
        /// overdue, soon (≤ 5 working days), paused or ok.
        let mark: String
    }

    struct DashboardBody: Encodable {
        let today: String
        let rows: [DueRow]
        let overdue: Int
        let soon: Int
    }

    static func dueRows(_ list: DueList) -> [DueRow] {
        list.entries.map { entry in
            let left = entry.workingDaysLeft
            let mark = left.map { $0 < 0 ? "overdue" : ($0 <= 5 ? "soon" : "ok") } ?? "paused"
            return DueRow(code: entry.record.id, received: entry.record.received.description,
                          applicant: entry.record.applicant.type.displayName
                              + (entry.record.applicant.name.map { " " + Masking.name($0) } ?? ""),
                          stage: entry.progress.stage.displayName, dueDate: entry.progress.dueDate?.description ?? "暂停计算",
                          status: list.status(entry), mark: mark)
        }
    }

    struct NewCaseBody: Encodable {
        let values: IntakeForm.Values
        let problems: [String: String]
        let channel: String
        let received: String
        let error: String?
        let applicantTypes = IntakeForm.applicantTypes
        let documentKinds = IntakeForm.documentKinds
        let provisions = IntakeForm.provisions
        let channels = EventForm.channels
    }

    struct CaseBody: Encodable {
        struct Typed: Encodable {
            var form = ""
            var kind = ""
            var date = ""
            var party = ""
            var amount = ""
            var outcome = ""
            var note = ""
            var reviewKind = ""
            var filed = ""
            var decided = ""
            var result = ""

            init() {}

            init(_ form: String, _ fields: [String: String]) {
                self.form = form
                kind = fields["kind"] ?? ""
                date = fields["date"] ?? ""
                party = fields["party"] ?? ""
                amount = fields["amount"] ?? ""
                outcome = fields["outcome"] ?? ""
                note = fields["note"] ?? ""
                reviewKind = fields["reviewKind"] ?? ""
                filed = fields["filed"] ?? ""
                decided = fields["decided"] ?? ""
                result = fields["result"] ?? ""
            }
        }

        struct Line: Encodable {
            let date: String
            let what: String
            let note: String?
            let by: String?
        }

        struct Deadline: Encodable {
            let title: String
            let date: String
            let explanation: [String]
        }

        let code: String
        let applicant: String
        let applicantType: String
        let channel: String
        let receiptRule: String
        let received: String
        let request: String
        let stage: String
        let isOpen: Bool
        let dueDate: String?
        let late: Bool
        let intake: [EventForm.Option]
        let trackingCode: String?
        let timeline: [Line]
        let deadlines: [Deadline]
        let calendarGap: String?
        let letterAvailable: Bool
        let mayHandle: Bool
        let mayExtend: Bool
        let today: String
        let error: String?
        /// The step form as last sent (kept when it is refused: the reasons may be long); empty otherwise.
        let typed: Typed
        let kinds = EventForm.kinds
        let parties = EventForm.parties
        let outcomes = EventForm.outcomes
        let reviewKinds = EventForm.reviewKinds
        let reviewResults = EventForm.reviewResults
    }

    static func caseBody(_ req: Request, record: CaseRecord, error: String? = nil, typed: CaseBody.Typed = .init()) async throws -> CaseBody {
        let office = req.office
        let user = try req.requireStaff()
        let progress = try await office.progress(of: record)
        let stored = try await office.store.intake(of: record.id)
        let full = user.may(.handleCases)
        var intake: [EventForm.Option] = []
        if let i = stored?.intake {
            intake.append(.init(value: i.documentKind.displayName,
                                label: full ? i.documentNumber : Masking.mask(i.documentNumber, keepingFirst: 3, last: 2)))
            if let contact = i.contact { intake.append(.init(value: "联系人", label: contact)) }
            intake.append(.init(value: "联系电话", label: full ? i.phone : Masking.phone(i.phone)))
            intake.append(.init(value: "通信地址", label: full ? i.address : "（已隐藏）"))
            if let email = i.email { intake.append(.init(value: "电子邮箱", label: full ? email : "（已隐藏）")) }
            intake.append(.init(value: "获取方式", label: i.provision.displayName))
        }
        var timeline = [CaseBody.Line(date: record.received.description, what: "收到申请（\(record.channel.displayName)）", note: nil, by: nil)]
        // Steps name who recorded them: the colleague's name, as people know each other (the user name if unknown).
        let names = Dictionary(try await office.store.users().map { ($0.username, $0.displayName) }) { first, _ in first }
        for event in record.events {
            timeline.append(.init(date: event.date.description, what: event.summary(), note: event.note,
                                  by: event.by.map { names[$0] ?? $0 }))
        }
        for review in record.reviews {
            var what = "提起\(Table4BlockSpec.spec(review.kind).shortName)"
            if let decided = review.decided, let result = review.result { what += "；\(decided) 审结：\(result.displayName)" }
            else { what += "（尚未审结）" }
            timeline.append(.init(date: review.filed.description, what: what, note: nil, by: nil))
        }
        let titled: [(String, DeadlineCalculator.Result?)] = [
            ("补正告知期限", progress.correctionNoticeDue), ("答复期限", progress.answerDue), ("延长后的答复期限", progress.extendedDue),
            ("被征求意见方答复期限", progress.consultationReplyDue), ("缴费期限", progress.paymentDue),
        ]
        let deadlines = titled.compactMap { title, result in
            result.map { CaseBody.Deadline(title: title, date: $0.date.description, explanation: $0.explanation) }
        }
        return CaseBody(
            code: record.id, applicant: record.applicant.name ?? "（未记名）", applicantType: record.applicant.type.displayName,
            channel: record.channel.displayName, receiptRule: record.channel.receiptRule, received: record.received.description,
            request: record.request ?? "", stage: progress.stage.displayName, isOpen: progress.closedOn == nil,
            dueDate: progress.dueDate?.description, late: progress.isLate(today: office.today), intake: intake,
            trackingCode: full ? stored?.trackingCode : nil, timeline: timeline, deadlines: deadlines,
            calendarGap: progress.calendarGap?.description, letterAvailable: (try? office.letter(for: record)) != nil,
            mayHandle: full, mayExtend: user.may(.approveExtension), today: office.today.description, error: error,
            typed: typed)
    }

    struct UsersBody: Encodable {
        struct Row: Encodable {
            let username: String
            let name: String
            let roles: [String]
            let roleNames: String
            let active: Bool
        }

        /// What was typed into the "create" form, kept when it is refused (never the password).
        struct Draft: Encodable {
            var username = ""
            var displayName = ""
            var roles: [String] = []
        }

        let users: [Row]
        let roles: [EventForm.Option]
        let error: String?
        let draft: Draft
    }

    struct AuditBody: Encodable {
        struct Row: Encodable {
            let at: String
            let actor: String
            let action: String
            let target: String
            let detail: String
        }

        let rows: [Row]
    }

    struct CheckBody: Encodable {
        struct SourceLine: Encodable {
            let number: Int
            let text: String
            let flagged: Bool
        }

        struct FindingRow: Encodable {
            let severity: String
            let level: String
            let code: String
            let message: String
            let place: String
            let line: Int?

            init(_ finding: Finding, line: Int?) {
                severity = finding.severity.displayName
                level = finding.severity.rawValue
                code = finding.code.rawValue
                message = finding.message
                place = LocationText.describe(finding.location)
                self.line = line
            }
        }

        let fileName: String?
        let error: String?
        let summary: String?
        let reportHTML: String?
        let findings: [FindingRow]
        let source: [SourceLine]
        let maxMB: Int
    }

    static func register(_ app: Application) {
        app.endpoint(.GET, "staff/login", access: .everyone, summary: "工作人员登录页", responseType: "text/html") { req in
            if req.staff != nil { return req.redirect(to: "/staff") }
            let next = (try? req.query.get(String.self, at: "next")) ?? "/staff"
            return try await req.page("login", title: "工作人员登录", LoginBody(next: safeNext(next), username: "", error: nil))
        }
        app.endpoint(.POST, "staff/login", access: .everyone, summary: "登录", responseType: "text/html") { req in
            let fields = try req.form()
            let next = safeNext(fields["next"] ?? "/staff")
            do {
                let user = try await logIn(req, username: fields["username"] ?? "", password: fields["password"] ?? "")
                let response = req.redirect(to: next)
                try await SessionMiddleware.logIn(user, request: req, response: response)
                return response
            } catch let abort as Abort where abort.status == .unauthorized || abort.status == .tooManyRequests {
                return try await req.page("login", title: "工作人员登录",
                                          LoginBody(next: next, username: fields["username"] ?? "", error: abort.reason), status: abort.status)
            }
        }
        app.endpoint(.POST, "staff/logout", access: .staff, summary: "退出登录", responseType: "text/html") { req in
            let response = req.redirect(to: "/staff/login")
            try await SessionMiddleware.logOut(request: req, response: response)
            return response
        }
        app.endpoint(.GET, "staff", access: .permission(.viewCases), summary: "待办：未办结申请", responseType: "text/html") { req in
            let list = try await req.office.dueList()
            let rows = dueRows(list)
            return try await req.page("dashboard", title: "待办", DashboardBody(
                today: list.today.description, rows: rows, overdue: rows.filter { $0.mark == "overdue" }.count,
                soon: rows.filter { $0.mark == "soon" }.count))
        }
        app.endpoint(.GET, "staff/cases/new", access: .permission(.handleCases), summary: "登记来信、传真、当面等申请", responseType: "text/html") { req in
            try await req.page("newcase", title: "登记申请", NewCaseBody(values: .init(), problems: [:], channel: Channel.inPerson.rawValue,
                                                                      received: req.office.today.description, error: nil))
        }
        app.endpoint(.POST, "staff/cases", access: .permission(.handleCases), summary: "登记申请", responseType: "text/html") { req in
            let fields = try req.form()
            let user = try req.requireStaff()
            func again(_ problems: [String: String], _ error: String?) async throws -> Response {
                try await req.page("newcase", title: "登记申请", NewCaseBody(
                    values: IntakeForm.values(fields), problems: problems, channel: fields["channel"] ?? "",
                    received: fields["received"] ?? "", error: error), status: .unprocessableEntity)
            }
            switch IntakeForm.parse(fields) {
            case let .failure(problems):
                return try await again(Dictionary(problems.list.map { ($0.field, $0.message) }, uniquingKeysWith: { a, _ in a }), nil)
            case let .success(intake):
                do {
                    guard let channel = Channel(rawValue: fields["channel"] ?? "") else { throw Abort(.unprocessableEntity, reason: "请选择提交渠道") }
                    let received = try Dates.parse(fields["received"], field: "收到日期")
                    let filed = try await req.office.file(intake, channel: channel, received: received, actor: user.username)
                    return req.redirect(to: "/staff/cases/\(filed.code)?ok=filed")
                } catch let abort as Abort where abort.status == .unprocessableEntity {
                    return try await again([:], abort.reason)
                }
            }
        }
        app.endpoint(.GET, "staff/cases/:code", access: .permission(.viewCases), summary: "申请详情", responseType: "text/html") { req in
            let record = try await req.office.existingRecord(req.parameters.get("code") ?? "")
            return try await req.page("case", title: "申请 \(record.id)", try await caseBody(req, record: record))
        }
        app.endpoint(.POST, "staff/cases/:code/events", access: .permission(.handleCases), summary: "登记办理环节", responseType: "text/html") { req in
            let code = req.parameters.get("code") ?? ""
            let record = try await req.office.existingRecord(code)
            let fields = try req.form()
            do {
                let event = try EventForm.parse(fields)
                _ = try await req.office.record(event, in: code, by: try req.requireStaff())
                return req.redirect(to: "/staff/cases/\(code)?ok=recorded")
            } catch let abort as Abort where abort.status == .unprocessableEntity || abort.status == .forbidden {
                return try await req.page("case", title: "申请 \(code)",
                                          try await caseBody(req, record: record, error: abort.reason, typed: .init("event", fields)),
                                          status: abort.status)
            }
        }
        app.endpoint(.POST, "staff/cases/:code/reviews", access: .permission(.handleCases), summary: "登记行政复议、行政诉讼", responseType: "text/html") { req in
            let code = req.parameters.get("code") ?? ""
            let record = try await req.office.existingRecord(code)
            let fields = try req.form()
            do {
                let review = try EventForm.review(fields)
                _ = try await req.office.record(review, in: code, by: try req.requireStaff())
                return req.redirect(to: "/staff/cases/\(code)?ok=recorded")
            } catch let abort as Abort where abort.status == .unprocessableEntity {
                return try await req.page("case", title: "申请 \(code)",
                                          try await caseBody(req, record: record, error: abort.reason, typed: .init("review", fields)),
                                          status: abort.status)
            }
        }
        app.endpoint(.GET, "staff/cases/:code/letter", access: .permission(.viewCases), summary: "答复书（DOCX 或 HTML）",
                     responseType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document") { req in
            let record = try await req.office.existingRecord(req.parameters.get("code") ?? "")
            return try letterResponse(req, record: record)
        }
        app.endpoint(.GET, "staff/users", access: .permission(.manageUsers), summary: "账户管理", responseType: "text/html") { req in
            try await req.page("users", title: "账户管理", try await usersBody(req, error: nil))
        }
        app.endpoint(.POST, "staff/users", access: .permission(.manageUsers), summary: "创建账户", responseType: "text/html") { req in
            let fields = try req.form()
            do {
                try await Accounts.create(req, fields: fields)
                return req.redirect(to: "/staff/users?ok=created")
            } catch let abort as Abort where abort.status == .unprocessableEntity {
                let draft = UsersBody.Draft(username: fields["username"] ?? "", displayName: fields["displayName"] ?? "",
                                            roles: Role.allCases.map(\.rawValue).filter { fields["role.\($0)"] != nil })
                return try await req.page("users", title: "账户管理", try await usersBody(req, error: abort.reason, draft: draft),
                                          status: abort.status)
            }
        }
        app.endpoint(.POST, "staff/users/:username", access: .permission(.manageUsers), summary: "修改账户角色或停用", responseType: "text/html") { req in
            do {
                try await Accounts.update(req, username: req.parameters.get("username") ?? "", fields: try req.form())
                return req.redirect(to: "/staff/users?ok=updated")
            } catch let abort as Abort where abort.status == .unprocessableEntity {
                return try await req.page("users", title: "账户管理", try await usersBody(req, error: abort.reason), status: abort.status)
            }
        }
        app.endpoint(.GET, "staff/password", access: .staff, summary: "修改密码页", responseType: "text/html") { req in
            try await req.page("password", title: "修改密码", LoginBody(next: "", username: "", error: nil))
        }
        app.endpoint(.POST, "staff/password", access: .staff, summary: "修改密码", responseType: "text/html") { req in
            let fields = try req.form()
            do {
                try await Accounts.changePassword(req, current: fields["current"] ?? "", new: fields["new"] ?? "",
                                                  repeated: fields["repeat"] ?? "")
                return req.redirect(to: "/staff/password?ok=password")
            } catch let abort as Abort where abort.status == .unprocessableEntity {
                return try await req.page("password", title: "修改密码", LoginBody(next: "", username: "", error: abort.reason),
                                          status: abort.status)
            }
        }
        app.endpoint(.GET, "staff/audit", access: .permission(.viewAudit), summary: "操作日志", responseType: "text/html") { req in
            let entries = try await req.office.store.auditLog(limit: 500)
            return try await req.page("audit", title: "操作日志", AuditBody(rows: entries.map {
                .init(at: BeijingTime.display($0.at), actor: $0.actor, action: $0.action, target: $0.target, detail: $0.detail)
            }))
        }
        app.endpoint(.GET, "staff/check", access: .permission(.viewCases), summary: "报告导入与检查", responseType: "text/html") { req in
            try await req.page("check", title: "报告导入与检查", CheckBody(
                fileName: nil, error: nil, summary: nil, reportHTML: nil, findings: [], source: [],
                maxMB: req.office.settings.maxUploadBytes >> 20))
        }
        app.endpoint(.POST, "staff/check", access: .permission(.viewCases), summary: "上传报告文件检查", responseType: "text/html") { req in
            let body: CheckBody
            do {
                let upload = try Uploads.report(req)
                body = try checkBody(req, upload: upload)
            } catch let abort as Abort where abort.status == .unprocessableEntity || abort.status == .payloadTooLarge
                || abort.status == .unsupportedMediaType
            {
                body = CheckBody(fileName: nil, error: abort.reason, summary: nil, reportHTML: nil, findings: [], source: [],
                                 maxMB: req.office.settings.maxUploadBytes >> 20)
                return try await req.page("check", title: "报告导入与检查", body, status: abort.status)
            }
            return try await req.page("check", title: "报告导入与检查", body)
        }
    }

    /// Only paths of this site (no `//host` or scheme) are followed after login.
    static func safeNext(_ next: String) -> String {
        next.hasPrefix("/") && !next.hasPrefix("//") && !next.contains("\\") ? next : "/staff"
    }

    /// Checks a password, with attempts limited per address and user name.
    static func logIn(_ req: Request, username: String, password: String) async throws -> StaffUser {
        let key = req.clientAddress + "|" + username.lowercased()
        if let wait = await req.office.limiter.blocked(key) {
            try? await req.office.store.audit(actor: username, action: "登录被限制", target: username, detail: "来自 \req.clientAddress")
            throw Abort(.tooManyRequests, reason: "登录失败次数过多，请 \(wait / 60 + 1) 分钟后再试")
        }
        guard let user = try await req.office.store.user(username), user.active,
              (try? await req.password.async.verify(password, created: user.passwordHash)) == true
        else {
            await req.office.limiter.fail(key)
            throw Abort(.unauthorized, reason: "用户名或密码不对")
        }
        await req.office.limiter.succeed(key)
        try await req.office.store.audit(actor: user.username, action: "登录", target: user.username,
                                         detail: "来自 \req.clientAddress")
        return user
    }

    static func letterResponse(_ req: Request, record: CaseRecord) throws -> Response {
        let letter = try req.office.letter(for: record)
        if (try? req.query.get(String.self, at: "format")) == "html" {
            return Response(status: .ok, headers: ["Content-Type": "text/html; charset=utf-8"], body: .init(string: LetterRenderer.html(letter)))
        }
        let data = try LetterRenderer.docx(letter)
        return Downloads.docx(data, fileName: "答复书-\(record.id).docx")
    }

    static func usersBody(_ req: Request, error: String?, draft: UsersBody.Draft = .init()) async throws -> UsersBody {
        let users = try await req.office.store.users()
        return UsersBody(
            users: users.map { .init(username: $0.username, name: $0.displayName, roles: $0.roles.sorted().map(\.rawValue),
                                     roleNames: $0.roles.sorted().map(\.displayName).joined(separator: "、"), active: $0.active) },
            roles: Role.allCases.map { .init(value: $0.rawValue, label: $0.displayName) }, error: error, draft: draft)
    }

    static func checkBody(_ req: Request, upload: Uploads.File) throws -> CheckBody {
        let report: AnnualReport
        let lines: [(number: Int, text: String)]
        do throws(ReadError) {
            report = try ReportReader.read(bytes: upload.bytes)
            lines = try ReportReader.sourceLines(bytes: upload.bytes)
        } catch {
            throw Abort(.unprocessableEntity, reason: "「\(upload.name)」无法读取：\(error.reason)")
        }
        let flagged = Set(report.findings.compactMap(\.location.line))
        let errors = report.findings.filter { $0.severity == .error }.count
        let warnings = report.findings.filter { $0.severity == .warning }.count
        var summary = "\(report.agency ?? "（未识别机关）") \(report.year.map { "\($0) 年度" } ?? "（未识别年度）")，\(report.format == .y2021 ? "2021 版" : "2019 版")格式"
        summary += "：错误 \(errors) 处，警告 \(warnings) 处，共 \(report.findings.count) 条发现"
        return CheckBody(
            fileName: upload.name, error: nil, summary: summary,
            reportHTML: HTMLRenderer.render(report, mode: .fragment),
            findings: report.findings.map { finding in
                CheckBody.FindingRow(finding, line: finding.location.line)
            },
            source: lines.prefix(5000).map { .init(number: $0.number, text: $0.text, flagged: flagged.contains($0.number)) },
            maxMB: req.office.settings.maxUploadBytes >> 20)
    }
}

/// Account operations shared by the page and the API.
enum Accounts {
    static func roles(_ fields: [String: String]) -> Set<Role> {
        // Checkboxes arrive as role.clerk=on; the API sends roles=clerk,signer.
        var roles = Set(Role.allCases.filter { fields["role.\($0.rawValue)"] != nil })
        if let list = fields["roles"], let parsed = Role.set(from: list) { roles.formUnion(parsed) }
        return roles
    }

    static func create(_ req: Request, fields: [String: String]) async throws {
        let actor = try req.requireStaff()
        let username = fields["username"] ?? ""
        let name = fields["displayName"] ?? ""
        guard !name.isEmpty else { throw Abort(.unprocessableEntity, reason: "请填写姓名") }
        let password = fields["password"] ?? ""
        if let problem = PasswordRule.problem(password) { throw Abort(.unprocessableEntity, reason: problem) }
        let roles = roles(fields)
        guard !roles.isEmpty else { throw Abort(.unprocessableEntity, reason: "请至少选择一个角色") }
        let hash = try await req.password.async.hash(password)
        do {
            try await req.office.store.createUser(StaffUser(username: username, displayName: name, passwordHash: hash, roles: roles),
                                                  by: actor.username)
        } catch let error as StoreError {
            throw Abort(.unprocessableEntity, reason: error.description)
        }
    }

    static func update(_ req: Request, username: String, fields: [String: String]) async throws {
        let actor = try req.requireStaff()
        guard let user = try await req.office.store.user(username) else { throw Abort(.notFound, reason: "没有用户 \(username)") }
        let roles = roles(fields)
        let active = ["on", "true", "1", "yes"].contains(fields["active"]?.lowercased() ?? "")
        if username == actor.username, !roles.contains(.admin) || !active {
            throw Abort(.unprocessableEntity, reason: "不能取消或停用自己的管理员账户")
        }
        try await req.office.store.updateUser(username, displayName: fields["displayName"].flatMap { $0.isEmpty ? nil : $0 } ?? user.displayName,
                                              roles: roles, active: active, by: actor.username)
        if let password = fields["password"], !password.isEmpty {
            if let problem = PasswordRule.problem(password) { throw Abort(.unprocessableEntity, reason: problem) }
            try await req.office.store.setPassword(username, hash: try await req.password.async.hash(password), by: actor.username)
        }
    }

    static func changePassword(_ req: Request, current: String, new: String, repeated: String) async throws {
        let user = try req.requireStaff()
        guard (try? await req.password.async.verify(current, created: user.passwordHash)) == true else {
            throw Abort(.unprocessableEntity, reason: "当前密码不对")
        }
        guard new == repeated else { throw Abort(.unprocessableEntity, reason: "两次输入的新密码不一致") }
        if let problem = PasswordRule.problem(new) { throw Abort(.unprocessableEntity, reason: problem) }
        try await req.office.store.setPassword(user.username, hash: try await req.password.async.hash(new), by: user.username)
    }
}

/// The password rule for staff accounts.
public enum PasswordRule {
    public static func problem(_ password: String) -> String? {
        if password.count < 10 { return "密码至少 10 位" }
        let kinds = [password.contains(where: \.isLetter), password.contains(where: \.isNumber),
                     password.contains(where: { !$0.isLetter && !$0.isNumber })].filter { $0 }.count
        return kinds < 2 ? "密码须包含字母、数字、符号中的至少两类" : nil
    }
}

enum Downloads {
    static func docx(_ data: Data, fileName: String) -> Response {
        Response(status: .ok, headers: [
            "Content-Type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "Content-Disposition": contentDisposition(fileName),
        ], body: .init(data: data))
    }

    /// RFC 6266 / 5987: an ASCII fallback name, and the real (Chinese) name percent-encoded as UTF-8 bytes. Only
    /// attr-char stays as it is; Foundation's `.alphanumerics` would let Chinese characters through raw, and browsers
    /// then drop the name (Chromium saved the file as `download`).
    static func contentDisposition(_ fileName: String) -> String {
        let ascii = String(String.UnicodeScalarView(fileName.unicodeScalars.filter {
            $0.isASCII && $0 != "\"" && $0 != "\\" && $0.value >= 0x20
        })).trimmingPrefix(while: { "-_ ".contains($0) })
        let fallback = ascii.isEmpty || ascii.hasPrefix(".") ? "document" + ascii : String(ascii)
        var encoded = ""
        for byte in fileName.utf8 {
            if attrChar.contains(byte) { encoded.append(Character(Unicode.Scalar(byte))) }
            else { encoded += String(format: "%%%02X", byte) }
        }
        return "attachment; filename=\"\(fallback)\"; filename*=UTF-8''\(encoded)"
    }

    private static let attrChar = Set(Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$&+-.^_`|~".utf8))
}

/// Uploaded report files: limited in size and type, with a clear message.
enum Uploads {
    struct File {
        let name: String
        let bytes: [UInt8]
    }

    static let extensions = ["txt", "md", "markdown", "html", "htm", "docx", "pdf", "json"]

    /// The `file` field of a multipart form, or a raw body (API: `Content-Type: application/octet-stream` and
    /// `?name=FILE`).
    static func report(_ req: Request) throws -> File {
        let limit = req.office.settings.maxUploadBytes
        let name: String
        let data: ByteBuffer
        if req.headers.contentType?.type == "multipart" {
            guard let file = try? req.content.get(Vapor.File.self, at: "file"), file.data.readableBytes > 0 else {
                throw Abort(.unprocessableEntity, reason: "请选择要检查的报告文件")
            }
            name = file.filename
            data = file.data
        } else {
            guard let body = req.body.data, body.readableBytes > 0 else { throw Abort(.unprocessableEntity, reason: "请上传报告文件") }
            name = (try? req.query.get(String.self, at: "name")) ?? "report.txt"
            data = body
        }
        guard data.readableBytes <= limit else {
            throw Abort(.payloadTooLarge, reason: "文件「\(name)」有 \(data.readableBytes >> 20) MB，超过 \(limit >> 20) MB 的上限")
        }
        let ext = (name as NSString).pathExtension.lowercased()
        guard extensions.contains(ext) else {
            throw Abort(.unsupportedMediaType, reason: "不支持「\(name)」的文件类型：请上传 txt、md、html、docx 或 pdf 文件")
        }
        return File(name: name, bytes: Array(buffer: data))
    }
}
