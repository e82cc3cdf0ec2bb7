import Foundation
import GongkaiCore
import GongkaiOffice
import GongkaiRendering
import Vapor

/// The application form as submitted (page or API): field names are the JSON keys of the API.
enum IntakeForm {
    struct Values: Encodable {
        var applicantType = ApplicantType.naturalPerson.rawValue
        var name = "", documentKind = Intake.DocumentKind.residentID.rawValue, documentNumber = "", contact = ""
        var phone = "", address = "", email = "", description = "", provision = Intake.Provision.paper.rawValue
    }

    struct Option: Encodable {
        let value: String
        let label: String
    }

    static let applicantTypes = ApplicantType.allCases.map { Option(value: $0.rawValue, label: $0.displayName) }
    static let documentKinds = Intake.DocumentKind.allCases.map { Option(value: $0.rawValue, label: $0.displayName) }
    static let provisions = Intake.Provision.allCases.map { Option(value: $0.rawValue, label: $0.displayName) }

    /// The application, or its problems field by field (a control character in a field is one of them).
    static func parse(_ raw: [String: String]) -> Result<Intake, IntakeProblems> {
        do throws(OfficeError) {
            return CaseInput.intake(try Fields(raw))
        } catch {
            return .failure(IntakeProblems(list: [Intake.Problem(field: error.field ?? "", message: error.message)]))
        }
    }

    static func values(_ fields: [String: String]) -> Values {
        var v = Values()
        v.applicantType = fields["applicantType"] ?? v.applicantType
        v.name = fields["name"] ?? ""
        v.documentKind = fields["documentKind"] ?? v.documentKind
        v.documentNumber = fields["documentNumber"] ?? ""
        v.contact = fields["contact"] ?? ""
        v.phone = fields["phone"] ?? ""
        v.address = fields["address"] ?? ""
        v.email = fields["email"] ?? ""
        v.description = fields["description"] ?? ""
        v.provision = fields["provision"] ?? v.provision
        return v
    }
}

/// What an applicant may see of a case: its stage and dates, nothing personal.
struct CaseStatusView: Encodable {
    struct Step: Encodable {
        let date: String
        /// As people write it: `2026年12月2日`.
        let dateText: String
        let what: String
    }

    let code: String
    let received: String
    let receivedText: String
    let stage: String
    let dueDate: String?
    let dueDateText: String?
    /// The due date runs into a year whose holiday notice is not imported yet (暂定).
    let provisional: Bool
    let closed: Bool
    let steps: [Step]

    init(_ record: CaseRecord, progress: CaseProgress) {
        code = record.id
        received = record.received.description
        receivedText = record.received.chineseDescription
        stage = progress.stage.displayName
        dueDate = progress.dueDate?.description
        dueDateText = progress.dueDate?.chineseDescription
        provisional = progress.dueDateIsProvisional
        closed = progress.closedOn != nil
        var steps = [Step(date: record.received.description, dateText: record.received.chineseDescription, what: "收到申请")]
        for event in record.events {
            steps.append(Step(date: event.date.description, dateText: event.date.chineseDescription, what: event.summary(showingParty: false)))
        }
        self.steps = steps
    }

    var json: [String: any Sendable] {
        ["code": code, "received": received, "stage": stage, "dueDate": dueDate ?? NSNull(), "dueDateProvisional": provisional, "closed": closed,
         "steps": steps.map { ["date": $0.date, "what": $0.what] }]
    }
}

enum PublicPages {
    struct ApplyBody: Encodable {
        let values: IntakeForm.Values
        let problems: [String: String]
        var error: String? = nil
        let applicantTypes = IntakeForm.applicantTypes
        let documentKinds = IntakeForm.documentKinds
        let provisions = IntakeForm.provisions
    }

    struct ReceiptBody: Encodable {
        let code: String
        let trackingCode: String
        let received: String
        let dueDate: String?
        /// The due date runs into a year whose holiday notice is not out yet.
        let provisional: Bool
        let explanation: [String]
    }

    struct TrackBody: Encodable {
        let trackingCode: String
        let notFound: Bool
        let result: CaseStatusView?
    }

    static func register(_ app: any RoutesBuilder) {
        // The empty pages (home, form, look-up) are made of the agency's settings alone: cached (``PageCache``).
        app.endpoint(.GET, "", access: .everyone, summary: "首页", responseType: "text/html") { req in
            try await req.cachedPage { try await req.page("home", title: "政府信息公开", Empty()) }
        }
        app.endpoint(.GET, "apply", access: .everyone, summary: "在线申请表", responseType: "text/html") { req in
            try await req.cachedPage { try await req.page("apply", title: "在线申请", ApplyBody(values: .init(), problems: [:])) }
        }
        app.endpoint(.POST, "apply", access: .everyone, summary: "提交在线申请", responseType: "text/html") { req in
            let fields = try req.form()
            switch IntakeForm.parse(fields) {
            case let .failure(problems):
                let byField = Dictionary(problems.list.map { ($0.field, $0.message) }, uniquingKeysWith: { a, _ in a })
                return try await req.page("apply", title: "在线申请", ApplyBody(values: IntakeForm.values(fields), problems: byField),
                                          status: .unprocessableEntity)
            case let .success(intake):
                let filed: Office.Filed
                do {
                    filed = try await req.office.fileOnline(intake, by: req.actor)
                } catch let error as OfficeError {
                    // Refused, but what was typed stays in the form.
                    return try await req.page("apply", title: "在线申请", ApplyBody(values: IntakeForm.values(fields), problems: [:],
                                                                                error: error.message), status: error.status)
                }
                return try await req.page("receipt", title: "申请已提交", ReceiptBody(
                    code: filed.code, trackingCode: filed.trackingCode, received: filed.received.chineseDescription,
                    dueDate: filed.progress.answerDue.map { $0.date.chineseDescription + ($0.isProvisional ? "（暂定）" : "") },
                    provisional: filed.progress.answerDue?.isProvisional == true, explanation: filed.progress.answerDue?.explanation ?? []))
            }
        }
        app.endpoint(.GET, "track", access: .everyone, summary: "申请查询", responseType: "text/html") { req in
            try await req.cachedPage { try await req.page("track", title: "申请查询", TrackBody(trackingCode: "", notFound: false, result: nil)) }
        }
        app.endpoint(.POST, "track", access: .everyone, summary: "按查询码和电话查询申请", responseType: "text/html") { req in
            let fields = try req.fields()
            let code = fields["trackingCode"] ?? ""
            let status = try await lookUp(req, fields)
            return try await req.page("track", title: "申请查询", TrackBody(trackingCode: code, notFound: status == nil, result: status),
                                      status: status == nil ? .notFound : .ok)
        }
    }

    /// A case by tracking code and phone (the office limits failed look-ups per address).
    static func lookUp(_ req: Request, _ fields: Fields) async throws -> CaseStatusView? {
        guard let (record, progress) = try await req.office.lookUp(trackingCode: fields["trackingCode"] ?? "", phone: fields["phone"] ?? "",
                                                                   by: req.actor)
        else { return nil }
        return CaseStatusView(record, progress: progress)
    }
}

struct Empty: Encodable {}
