import Foundation
import GongkaiCore
import GongkaiOffice
import GongkaiParsing
import GongkaiStore
import Vapor

/// Applications in the JSON API: the same use cases as the pages.
enum CaseAPI {
    static func register(_ api: any RoutesBuilder) {
        api.endpoint(.GET, "cases", access: .permission(.viewCases),
                     summary: "未办结申请，按答复期限排列；带 q、status（all/open/closed）、year、outcome、channel、page、pageSize 任一参数时为全部申请的查找结果（分页）",
                     response: Schemas.dueList) { req in
            if CaseSearchAPI.isSearch(req) { return try await CaseSearchAPI.response(req) }
            return APIResponse.json(try await req.office.dueList(by: req.actor).json())
        }
        api.endpoint(.POST, "cases", access: .permission(.handleCases), summary: "登记来信、传真、当面等渠道的申请",
                     request: Schemas.staffIntake, response: Schemas.filed) { req in
            let raw = try req.form()
            let intake = try intakeOrProblems(raw)
            let (channel, received) = try CaseInput.receipt(try Fields(raw))
            let filed = try await req.office.file(intake, channel: channel, received: received, by: req.actor)
            return try APIResponse.json(filedJSON(filed), status: .created)
        }
        api.endpoint(.GET, "cases/:code", access: .permission(.viewCases), summary: "一件申请：CASES-JSONL 记录、状态与期限",
                     response: Schemas.caseDetail) { req in
            let record = try await req.office.existingRecord(req.parameters.get("code") ?? "")
            return APIResponse.json(try await caseJSON(req, record))
        }
        api.endpoint(.POST, "cases/:code/events", access: .permission(.handleCases), summary: "登记办理环节（延期须签发人）",
                     request: Schemas.event, response: Schemas.caseDetail) { req in
            let event = try CaseInput.event(try req.fields())
            let record = try await req.office.record(event, in: req.parameters.get("code") ?? "", by: req.actor)
            return APIResponse.json(try await caseJSON(req, record))
        }
        api.endpoint(.POST, "cases/:code/reviews", access: .permission(.handleCases), summary: "登记行政复议、行政诉讼的提起或审结",
                     request: Schemas.review, response: Schemas.caseDetail) { req in
            let review = try CaseInput.review(try req.fields())
            let record = try await req.office.record(review, in: req.parameters.get("code") ?? "", by: req.actor)
            return APIResponse.json(try await caseJSON(req, record))
        }
        api.endpoint(.GET, "cases/:code/letter", access: .permission(.viewCases), summary: "答复书 DOCX（?format=html 为网页）",
                     responseType: Downloads.docxType) { req in
            try CasePages.letterResponse(req, record: try await req.office.existingRecord(req.parameters.get("code") ?? ""))
        }
    }

    static func intakeOrProblems(_ fields: [String: String]) throws -> Intake {
        switch IntakeForm.parse(fields) {
        case let .success(intake): return intake
        case let .failure(problems): throw OfficeError.invalid(problems.message, field: problems.list.first?.field)
        }
    }

    static func filedJSON(_ filed: Office.Filed) -> [String: Any] {
        ["code": filed.code, "trackingCode": filed.trackingCode, "received": filed.received.description,
         "answerDue": filed.progress.answerDue?.date.description ?? NSNull(),
         "answerDueProvisional": filed.progress.answerDue?.isProvisional ?? false,
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
            ("dueDate", .date(progress.dueDate)),
            ("dueDateProvisional", .bool(progress.dueDateIsProvisional)),
            ("late", .bool(progress.isLate(today: req.office.today))),
            ("deadlines", .object([
                ("answer", due(progress.answerDue)), ("extended", due(progress.extendedDue)),
                ("correctionNotice", due(progress.correctionNoticeDue)), ("consultationReply", due(progress.consultationReplyDue)),
                ("payment", due(progress.paymentDue)),
            ])),
        ])
    }

}
