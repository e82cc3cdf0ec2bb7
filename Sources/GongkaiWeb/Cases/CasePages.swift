import Foundation
import GongkaiCore
import GongkaiOffice
import GongkaiParsing
import GongkaiRendering
import GongkaiStore
import Vapor

/// The choices of the case forms (the rules on them are the office's: `CaseInput`).
enum EventForm {
    struct Option: Encodable {
        let value: String
        let label: String
    }

    static let parties = CaseEvent.Party.allCases.map { Option(value: $0.rawValue, label: $0.displayName) }
    static let reviewKinds = Table4Block.allCases.map { Option(value: $0.key, label: Table4BlockSpec.spec($0).shortName) }
    static let reviewResults = Review.Result.allCases.map { Option(value: $0.rawValue, label: $0.displayName) }
    static let channels = Channel.allCases.filter { $0 != .online }.map { Option(value: $0.rawValue, label: $0.displayName + "——" + $0.receiptRule) }
}

enum CasePages {
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
                          stage: entry.progress.stage.displayName, dueDate: entry.progress.dueDateText ?? "暂停计算",
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
        /// Why no answer period runs now (awaiting the applicant's 补正).
        let pausedNote: String?
        let letterAvailable: Bool
        let mayHandle: Bool
        /// Why the forms are not shown to this user, naming the roles that have them.
        let handleNote: String?
        let stepForm: StepForm
        let today: String
        let error: String?
        /// The step form as last sent (kept when it is refused: the reasons may be long); empty otherwise.
        let typed: Typed
        let parties = EventForm.parties
        let reviewKinds = EventForm.reviewKinds
        let reviewResults = EventForm.reviewResults
    }

    static func caseBody(_ req: Request, record: CaseRecord, error: String? = nil, typed: CaseBody.Typed = .init()) async throws -> CaseBody {
        // The step chosen on the page (`?step=decided`), or the one of a refused form.
        let step = typed.form == "event" ? typed.kind : ((try? req.query.get(String.self, at: "step")) ?? "")
        let office = req.office
        let user = try req.requireStaff()
        let progress = try await office.progress(of: record)
        let stored = try await office.intake(of: record.id, by: req.actor)
        let here = try office.agency
        let full = user.may(.handleCases, in: here)
        var intake: [EventForm.Option] = []
        if let i = stored?.intake {
            intake.append(.init(value: i.documentKind.displayName,
                                label: full ? i.documentNumber : Masking.mask(i.documentNumber, keepingFirst: 3, last: 2)))
            if let contact = i.contact { intake.append(.init(value: "联系人", label: contact)) }
            intake.append(.init(value: "联系电话", label: full ? i.phone : Masking.phone(i.phone)))
            intake.append(.init(value: "通信地址", label: full ? i.address : "（仅办理人员可见）"))
            if let email = i.email { intake.append(.init(value: "电子邮箱", label: full ? email : "（仅办理人员可见）")) }
            intake.append(.init(value: "获取方式", label: i.provision.displayName))
        }
        var timeline = [CaseBody.Line(date: record.received.description, what: "收到申请（\(record.channel.displayName)）", note: nil, by: nil)]
        // Steps name who recorded them: the colleague's name, as people know each other (the user name if unknown).
        let names = try await office.staffNames()
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
            result.map { CaseBody.Deadline(title: title, date: $0.date.description + ($0.isProvisional ? "（暂定）" : ""), explanation: $0.explanation) }
        }
        return CaseBody(
            code: record.id, applicant: record.applicant.name ?? "（未记名）", applicantType: record.applicant.type.displayName,
            channel: record.channel.displayName, receiptRule: record.channel.receiptRule, received: record.received.description,
            request: record.request ?? "", stage: progress.stage.displayName, isOpen: progress.closedOn == nil,
            dueDate: progress.dueDateText, late: progress.isLate(today: office.today), intake: intake,
            trackingCode: full ? stored?.trackingCode : nil, timeline: timeline, deadlines: deadlines,
            calendarGap: progress.calendarGap?.description,
            pausedNote: progress.stage == .awaitingCorrection
                ? "待申请人补正：答复期限暂停计算，自收到补正之日起重新计算 20 个工作日（条例第三十条）。" : nil,
            letterAvailable: (try? office.letter(for: record)) != nil,
            mayHandle: full,
            handleNote: full ? nil : "登记办理环节、复议诉讼和查看申请人的证件号码、通信地址，需要经办人、审核人或签发人角色；你在本机关的角色是"
                + roleNames(user.roles(in: here)) + "。管理员可在“账户”页调整角色。",
            stepForm: StepForm(record: record, user: user, agency: here, chosen: step, outcome: typed.outcome),
            today: office.today.description, error: error,
            typed: typed)
    }


    static func roleNames(_ roles: Set<Role>) -> String {
        roles.isEmpty ? "（无）" : roles.sorted().map(\.displayName).joined(separator: "、")
    }

    static func register(_ app: any RoutesBuilder) {
        app.endpoint(.GET, "staff", access: .staff, summary: "待办：未办结申请", responseType: "text/html") { req in
            // Someone with no role in this agency (a clerk of another department, after logging in at the site's root)
            // is taken to the first agency they work in.
            let here = try req.office.agency
            if let user = req.staff, user.roles(in: here).isEmpty,
               let mine = try await req.office.agencies(of: req.actor).first
            {
                return req.redirect(to: Request.base(of: mine) + "/staff")
            }
            let list = try await req.office.dueList(by: req.actor)
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
                    let (channel, received) = try CaseInput.receipt(try Fields(fields))
                    let filed = try await req.office.file(intake, channel: channel, received: received, by: req.actor)
                    return req.redirect(to: req.base + "/staff/cases/\(filed.code)?ok=filed")
                } catch let error as OfficeError where error.status == .unprocessableEntity {
                    return try await again(error.field.map { [$0: error.message] } ?? [:], error.message)
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
                let event = try CaseInput.event(try Fields(fields))
                _ = try await req.office.record(event, in: code, by: req.actor)
                return req.redirect(to: req.base + "/staff/cases/\(code)?ok=recorded")
            } catch let error as OfficeError where [.unprocessableEntity, .forbidden, .conflict].contains(error.status) {
                return try await req.page("case", title: "申请 \(code)",
                                          try await caseBody(req, record: record, error: error.message, typed: .init("event", fields)),
                                          status: error.status)
            }
        }
        app.endpoint(.POST, "staff/cases/:code/reviews", access: .permission(.handleCases), summary: "登记行政复议、行政诉讼", responseType: "text/html") { req in
            let code = req.parameters.get("code") ?? ""
            let record = try await req.office.existingRecord(code)
            let fields = try req.form()
            do {
                let review = try CaseInput.review(try Fields(fields))
                _ = try await req.office.record(review, in: code, by: req.actor)
                return req.redirect(to: req.base + "/staff/cases/\(code)?ok=recorded")
            } catch let error as OfficeError where [.unprocessableEntity, .conflict].contains(error.status) {
                return try await req.page("case", title: "申请 \(code)",
                                          try await caseBody(req, record: record, error: error.message, typed: .init("review", fields)),
                                          status: error.status)
            }
        }
        app.endpoint(.GET, "staff/cases/:code/letter", access: .permission(.viewCases), summary: "答复书（DOCX 或 HTML）",
                     responseType: Downloads.docxType) { req in
            let record = try await req.office.existingRecord(req.parameters.get("code") ?? "")
            return try letterResponse(req, record: record)
        }
    }

    static func letterResponse(_ req: Request, record: CaseRecord) throws -> Response {
        let letter = try req.office.letter(for: record)
        if (try? req.query.get(String.self, at: "format")) == "html" {
            return Response(status: .ok, headers: ["Content-Type": "text/html; charset=utf-8"], body: .init(string: LetterRenderer.html(letter)))
        }
        let data = try LetterRenderer.docx(letter)
        return Downloads.docx(data, fileName: "答复书-\(record.id).docx")
    }

}

enum Downloads {
    static let docxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    static let xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    static func docx(_ data: Data, fileName: String) -> Response {
        Response(status: .ok, headers: [
            "Content-Type": docxType,
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
