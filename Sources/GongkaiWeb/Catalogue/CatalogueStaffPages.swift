import Foundation
import GongkaiCore
import GongkaiOffice
import GongkaiStore
import Vapor

/// The staff side of the catalogue: drafts and their review (propose 公开属性 → 审核 → 保密审查 → 签发), the Art. 26
/// clock, and starting a new record or a new version.
enum CatalogueStaffPages {
    struct DraftRow: Encodable {
        let no: Int
        let title: String
        let kind: String
        let state: String
        let due: String
        let overdue: Bool
        let by: String
    }

    struct MissingRow: Encodable {
        let indexNumber: String
        let href: String
        let title: String
        let publishedOn: String
    }

    struct CellBody: Encodable {
        let year: Int
        let label: String
        let count: Int
        let rows: [MissingRow]
    }

    struct HomeBody: Encodable {
        let drafts: [DraftRow]
        let missing: [MissingRow]
        let mayDraft: Bool
        let published: Int
        let ruleProblem: String?
    }

    typealias Option = CataloguePages.Choice

    /// The record form's values as typed.
    struct Values: Encodable {
        var title = "", summary = "", formedOn = "", issuer = "", documentNumber = "", kind = CatalogueKind.notice.rawValue
        var article20 = "", validity = "", validityChangedOn = "", interprets = "", replacedBy = "", text = ""
        var attachments: [FileChoice] = []
    }

    /// An attachment the draft has, kept unless unticked.
    struct FileChoice: Encodable {
        let name: String
        let sha256: String
        let size: String
        let kept: Bool
    }

    struct FormBody: Encodable {
        let action: String
        let heading: String
        let values: Values
        let kinds: [Option]
        let items: [Option]
        let validities: [Option]
        let problems: [String: String]
        let error: String?
        let of: String?
        let maxMB: Int
    }

    struct Step: Encodable {
        let what: String
        let who: String
        let at: String
        let detail: String?
    }

    struct Action: Encodable {
        let kind: String
        let label: String
        let needsNote: Bool
        let primary: Bool
    }

    struct Ground: Encodable {
        let key: String
        let label: String
    }

    struct DraftBody: Encodable {
        let no: Int
        let state: String
        let record: [CataloguePages.Field]
        let text: [String]
        let steps: [Step]
        let propose: Bool
        let actions: [Action]
        let disclosures: [Option]
        let grounds: [Ground]
        let editable: Bool
        let published: CataloguePages.Field?
        let waitingFor: String?
        let error: String?
        let attachments: [CataloguePages.Attachment]
    }

    static func register(_ app: any RoutesBuilder, application: Application) {
        app.endpoint(.GET, "staff/catalogue", access: .permission(.viewCases), summary: "主动公开：稿件、审核与公开期限", responseType: "text/html") { req in
            let office = req.office
            let due = try await office.catalogueDue(by: req.actor)
            let names = try await office.staffNames()
            let drafts = due.drafts.map { item in
                DraftRow(no: item.draft.no, title: item.draft.record.title, kind: item.draft.record.kind.displayName,
                         state: item.draft.state.displayName, due: item.due?.description ?? "无法推算", overdue: item.overdue,
                         by: names[item.draft.createdBy] ?? item.draft.createdBy)
            }
            let referred = due.referred.map { draft in
                DraftRow(no: draft.no, title: draft.record.title, kind: draft.record.kind.displayName, state: draft.state.displayName,
                         due: "等待定密结论", overdue: false, by: names[draft.createdBy] ?? draft.createdBy)
            }
            let missing = due.missingInterpretations.map {
                MissingRow(indexNumber: $0.indexNumber ?? "", href: CataloguePages.href(req, $0.indexNumber ?? ""), title: $0.title,
                           publishedOn: $0.publishedOn?.description ?? "")
            }
            let agency = try office.agency
            let published = try await office.catalogueList(CatalogueFilter(publicOnly: false), limit: 1).total
            return try await req.page("catalogue-staff", title: "主动公开", HomeBody(
                drafts: drafts + referred, missing: missing, mayDraft: req.actor.may(.draftCatalogue, in: agency), published: published,
                ruleProblem: office.indexRule(for: agency) == nil
                    ? "本机关还没有登记有效的统一社会信用代码，签发时无法生成索引号：请管理员在「机关」页填写。" : nil))
        }
        app.endpoint(.GET, "staff/catalogue/cells/:year/:cell", access: .permission(.viewCases), summary: "表二某格由目录统计的信息",
                     responseType: "text/html") { req in
            let year = try ReportPages.yearParameter(req)
            let cell = req.parameters.get("cell") ?? ""
            let counted = try await req.office.catalogueTable2(year: year)
            guard let records = counted.members[cell] ?? (counted.cells[cell] != nil ? [] : nil) else {
                throw OfficeError.notFound("表二的这一格不由目录统计")
            }
            let spec = ReportFormat.y2021.spec
            let parts = cell.split(separator: ".").map(String.init)
            let row = spec.table2Rows.first { $0.key == parts.first }
            let field = row?.fields.first { $0.key == parts.last }
            let rows = records.sorted { $0.formedOn > $1.formedOn }.map { record in
                var dates = record.formedOn.description
                if let changed = record.validityChangedOn, let validity = record.validity { dates += "（\(changed) \(validity.displayName)）" }
                return MissingRow(indexNumber: record.indexNumber ?? "", href: CataloguePages.href(req, record.indexNumber ?? ""),
                                  title: record.title + (record.documentNumber.map { "（\($0)）" } ?? ""), publishedOn: dates)
            }
            return try await req.page("catalogue-cell", title: "\(year) 年度表二", CellBody(
                year: year, label: "\(row?.label ?? parts[0]) · \(field?.label ?? parts.last ?? "")", count: rows.count, rows: rows))
        }
        app.endpoint(.GET, "staff/catalogue/new", access: .permission(.draftCatalogue), summary: "起草主动公开信息", responseType: "text/html") { req in
            var values = Values()
            values.formedOn = req.office.today.description
            values.issuer = try req.office.agency.name
            var of: String?
            if let number = req.query[String.self, at: "of"] {
                let current = try await req.office.catalogueRecord(number, publicOnly: false)[0].record
                values = Self.values(current)
                of = current.indexNumber
            }
            return try await req.page("catalogue-draft-form", title: of == nil ? "起草信息" : "起草新版本", form(req, values: values, of: of))
        }
        app.endpoint(.POST, "staff/catalogue/drafts", access: .permission(.draftCatalogue), summary: "保存稿件", responseType: "text/html",
                     maxBody: Limits.upload(req: application)) { req in
            let fields = try req.form()
            let of = fields["of"].flatMap { $0.isEmpty ? nil : $0 }
            var had: [CatalogueAttachment] = []
            if let of { had = try await req.office.catalogueRecord(of, publicOnly: false)[0].record.attachments }
            do {
                let (record, files) = try submitted(req, fields, had: had)
                let no = try await req.office.draftCatalogueRecord(record, of: of, files: files, by: req.actor)
                return req.redirect(to: req.base + "/staff/catalogue/drafts/\(no)?ok=saved")
            } catch let error as OfficeError where error.status == .unprocessableEntity {
                return try await req.page("catalogue-draft-form", title: "起草信息",
                                          form(req, values: values(fields, had: had), of: of,
                                               problems: error.field.map { [$0: error.message] } ?? [:], error: error.message),
                                          status: .unprocessableEntity)
            }
        }
        app.endpoint(.GET, "staff/catalogue/drafts/:no", access: .permission(.viewCases), summary: "稿件与审核记录", responseType: "text/html") { req in
            let draft = try await req.office.existingDraft(req.parameters.get("no").flatMap { Int($0) } ?? 0)
            return try await req.page("catalogue-draft", title: "稿件 \(draft.no)", try await draftBody(req, draft, error: nil))
        }
        app.endpoint(.POST, "staff/catalogue/drafts/:no/edit", access: .permission(.draftCatalogue), summary: "修改稿件", responseType: "text/html",
                     maxBody: Limits.upload(req: application)) { req in
            let no = req.parameters.get("no").flatMap { Int($0) } ?? 0
            let fields = try req.form()
            let had = try await req.office.existingDraft(no).record.attachments
            do {
                let (record, files) = try submitted(req, fields, had: had)
                try await req.office.editCatalogueDraft(no, record: record, files: files, by: req.actor)
                return req.redirect(to: req.base + "/staff/catalogue/drafts/\(no)?ok=saved")
            } catch let error as OfficeError where error.status == .unprocessableEntity {
                return try await req.page("catalogue-draft-form", title: "修改稿件",
                                          form(req, values: values(fields, had: had), of: nil, action: "/staff/catalogue/drafts/\(no)/edit",
                                               problems: error.field.map { [$0: error.message] } ?? [:], error: error.message),
                                          status: .unprocessableEntity)
            }
        }
        app.endpoint(.GET, "staff/catalogue/drafts/:no/files/:sha256", access: .permission(.viewCases), summary: "稿件的附件",
                     responseType: "application/octet-stream") { req in
            let draft = try await req.office.existingDraft(req.parameters.get("no").flatMap { Int($0) } ?? 0)
            guard let file = draft.record.attachments.first(where: { $0.sha256 == req.parameters.get("sha256") }) else {
                throw OfficeError.notFound("稿件没有这个附件")
            }
            return CataloguePages.download(file, try await req.office.catalogueFile(sha256: file.sha256, by: req.actor), for: req)
        }
        app.endpoint(.GET, "staff/catalogue/drafts/:no/edit", access: .permission(.draftCatalogue), summary: "修改稿件（表单）", responseType: "text/html") { req in
            let draft = try await req.office.existingDraft(req.parameters.get("no").flatMap { Int($0) } ?? 0)
            return try await req.page("catalogue-draft-form", title: "修改稿件",
                                      form(req, values: values(draft.record), of: nil, action: "/staff/catalogue/drafts/\(draft.no)/edit"))
        }
        app.endpoint(.POST, "staff/catalogue/drafts/:no/steps", access: .permission(.viewCases), summary: "登记审核步骤", responseType: "text/html") { req in
            let no = req.parameters.get("no").flatMap { Int($0) } ?? 0
            let fields = try req.form()
            guard let kind = fields["kind"].flatMap(CatalogueReview.Kind.init(rawValue:)) else {
                throw Abort(.badRequest, reason: "没有选择审核步骤")
            }
            let grounds = CatalogueReview.grounds.filter { fields["ground." + $0.key] != nil }
            do {
                let published = try await req.office.reviewCatalogueDraft(
                    no, step: kind, disclosure: fields["disclosure"].flatMap(Disclosure.init(rawValue:)), grounds: grounds,
                    note: fields["note"], by: req.actor)
                return req.redirect(to: req.base + "/staff/catalogue/drafts/\(no)?ok=" + (published == nil ? "recorded" : "catalogued"))
            } catch let error as OfficeError where error.status == .unprocessableEntity || error.status == .forbidden {
                let draft = try await req.office.existingDraft(no)
                return try await req.page("catalogue-draft", title: "稿件 \(no)", try await draftBody(req, draft, error: error.message),
                                          status: error.status)
            }
        }
    }

    static func options<T: RawRepresentable>(_ cases: [T], _ label: (T) -> String, selected: String) -> [Option] where T.RawValue == String {
        cases.map { Option(value: $0.rawValue, label: label($0), selected: $0.rawValue == selected) }
    }

    static func form(_ req: Request, values: Values, of: String?, action: String = "/staff/catalogue/drafts",
                     problems: [String: String] = [:], error: String? = nil) -> FormBody
    {
        FormBody(action: req.base + action, heading: of == nil ? (action.hasSuffix("/edit") ? "修改稿件" : "起草主动公开信息") : "起草新版本",
                 values: values, kinds: options(CatalogueKind.allCases, \.displayName, selected: values.kind),
                 items: (1...15).map { Option(value: String($0), label: Article20.title($0)!, selected: values.article20 == String($0)) },
                 validities: options(Validity.allCases, \.displayName, selected: values.validity), problems: problems, error: error, of: of,
                 maxMB: req.settings.maxUploadBytes >> 20)
    }

    /// The SHA-256 of each attachment the form keeps ticked (`keep`).
    static func kept(_ fields: [String: String]) -> Set<String> {
        Set((fields["keep"] ?? "").split(separator: ",").map(String.init))
    }

    static func values(_ fields: [String: String], had: [CatalogueAttachment]) -> Values {
        let kept = kept(fields)
        return Values(
            title: fields["title"] ?? "", summary: fields["summary"] ?? "", formedOn: fields["formedOn"] ?? "", issuer: fields["issuer"] ?? "",
            documentNumber: fields["documentNumber"] ?? "", kind: fields["kind"] ?? "", article20: fields["article20"] ?? "",
            validity: fields["validity"] ?? "", validityChangedOn: fields["validityChangedOn"] ?? "", interprets: fields["interprets"] ?? "",
            replacedBy: fields["replacedBy"] ?? "", text: fields["text"] ?? "",
            attachments: had.map { FileChoice(name: $0.name, sha256: $0.sha256, size: $0.sizeDescription, kept: kept.contains($0.sha256)) })
    }

    static func values(_ record: CatalogueRecord) -> Values {
        Values(title: record.title, summary: record.summary, formedOn: record.formedOn.description, issuer: record.issuer ?? "",
               documentNumber: record.documentNumber ?? "", kind: record.kind.rawValue, article20: record.article20.map(String.init) ?? "",
               validity: record.validity?.rawValue ?? "", validityChangedOn: record.validityChangedOn?.description ?? "",
               interprets: record.interprets ?? "", replacedBy: record.replacedBy ?? "", text: record.text ?? "",
               attachments: record.attachments.map { FileChoice(name: $0.name, sha256: $0.sha256, size: $0.sizeDescription, kept: true) })
    }

    /// The record a form describes, with its attachments: those it had that stay ticked (`keep`), then the files
    /// uploaded now (`files`), whose contents go with it to be stored.
    static func submitted(_ req: Request, _ fields: [String: String], had: [CatalogueAttachment]) throws
        -> (record: CatalogueRecord, files: [[UInt8]])
    {
        var record = try record(fields)
        let kept = kept(fields)
        record.attachments = had.filter { kept.contains($0.sha256) }
        var files: [[UInt8]] = []
        if req.headers.contentType?.type == "multipart" {
            for upload in try req.multipart().files where upload.field == "files" {
                if let problem = CatalogueAttachment.nameProblem(upload.name) { throw OfficeError.invalid(problem, field: "files") }
                guard !upload.bytes.isEmpty else { throw OfficeError.invalid("附件「\(upload.name)」是空文件", field: "files") }
                guard upload.bytes.count <= req.settings.maxUploadBytes else {
                    throw OfficeError.invalid("附件「\(upload.name)」超过 \(req.settings.maxUploadBytes >> 20) MB 的上限", field: "files")
                }
                let attachment = CatalogueFiles.attachment(name: upload.name, bytes: upload.bytes)
                guard !record.attachments.contains(where: { $0.sha256 == attachment.sha256 }) else { continue }
                record.attachments.append(attachment)
                files.append(upload.bytes)
            }
        }
        return (record, files)
    }

    /// The record of a submitted form; a field that cannot be read is refused naming it.
    static func record(_ fields: [String: String]) throws -> CatalogueRecord {
        func date(_ key: String, _ label: String) throws(OfficeError) -> CivilDate? {
            guard let text = fields[key], !text.isEmpty else { return nil }
            guard let date = CivilDate(iso: text) else { throw .invalid("\(label)应为 YYYY-MM-DD", field: key) }
            return date
        }
        func text(_ key: String) -> String? { fields[key].flatMap { $0.isEmpty ? nil : $0 } }
        guard let formed = try date("formedOn", "生成日期") else { throw OfficeError.invalid("请填写生成日期", field: "formedOn") }
        guard let kind = fields["kind"].flatMap(CatalogueKind.init(rawValue:)) else { throw OfficeError.invalid("请选择类别", field: "kind") }
        let validity = fields["validity"].flatMap(Validity.init(rawValue:))
        return CatalogueRecord(
            title: fields["title"] ?? "", summary: fields["summary"] ?? "", formedOn: formed, issuer: text("issuer"),
            documentNumber: text("documentNumber"), kind: kind, article20: fields["article20"].flatMap { Int($0) }, validity: validity,
            validityChangedOn: try date("validityChangedOn", "废止或失效日期"), interprets: kind == .policyInterpretation ? text("interprets") : nil,
            text: text("text"), replacedBy: validity == .repealed || validity == .expired ? text("replacedBy") : nil)
    }

    static func draftBody(_ req: Request, _ draft: CatalogueDraft, error: String?) async throws -> DraftBody {
        let office = req.office
        let agency = try office.agency
        let names = try await office.staffNames()
        let record = draft.record
        var fields = [
            CataloguePages.Field(label: "名称", value: record.title),
            CataloguePages.Field(label: "内容概述", value: record.summary),
            CataloguePages.Field(label: "生成日期", value: record.formedOn.description),
            CataloguePages.Field(label: "类别", value: record.kind.displayName),
            CataloguePages.Field(label: "主题分类", value: record.article20.flatMap(Article20.title) ?? "（未选）"),
            CataloguePages.Field(label: "发布机构", value: record.issuer ?? ""),
            CataloguePages.Field(label: "文号", value: record.documentNumber ?? "无"),
        ]
        if let validity = record.validity {
            fields.append(.init(label: "有效性", value: validity.displayName + (record.validityChangedOn.map { "（\($0)起）" } ?? "")))
        }
        if let replacement = record.replacedBy { fields.append(.init(label: "替代它的文件", value: replacement)) }
        if let number = record.indexNumber { fields.insert(.init(label: "索引号", value: number + "（新版本）"), at: 0) }
        if let due = PublicationClock(calculator: try await office.calculator()).due(formed: record.formedOn)?.date {
            fields.append(.init(label: "公开期限", value: "\(due)（生成之日起 20 个工作日，条例第二十六条）"))
        }
        let steps = draft.steps.map { step -> Step in
            var detail: [String] = []
            if let disclosure = step.disclosure { detail.append("拟" + disclosure.displayName) }
            if !step.grounds.isEmpty { detail.append("理由：" + step.grounds.map(CatalogueReview.groundName).joined(separator: "、")) }
            if let note = step.note { detail.append(note) }
            return Step(what: step.kind.displayName, who: names[step.actor] ?? step.actor, at: BeijingTime.display(step.at),
                        detail: detail.isEmpty ? nil : detail.joined(separator: "；"))
        }
        let state = draft.state
        func may(_ permission: Permission) -> Bool { req.actor.may(permission, in: agency) }
        var actions: [Action] = []
        for kind in CatalogueReview.possible(from: state) where kind != .propose {
            let allowed: Bool = switch kind {
            case .checked, .secrecyCleared, .referredForClassification: may(.reviewCatalogue)
            case .approved: may(.approveCatalogue)
            case .returned: state == .cleared ? may(.approveCatalogue) : may(.reviewCatalogue)
            case .closed: state == .referred ? may(.reviewCatalogue) : may(.draftCatalogue)
            case .propose: false
            }
            guard allowed else { continue }
            let label = switch (kind, state) {
            case (.closed, .referred): "定密结论：属于国家秘密，不予公开"
            case (.secrecyCleared, .referred): "定密结论：不属于国家秘密"
            case (.approved, _): draft.proposal?.disclosure == .proactive ? "签发并发布" : "签发（不发布：\(draft.proposal?.disclosure?.displayName ?? "")）"
            case (.closed, _): "撤回稿件"
            default: kind.displayName
            }
            actions.append(Action(kind: kind.rawValue, label: label, needsNote: kind == .returned || kind == .referredForClassification,
                                  primary: kind == .checked || kind == .secrecyCleared || kind == .approved))
        }
        let waiting: String? = switch state {
        case .drafting: "起草人提交审核（选择公开属性）"
        case .proposed: "审核人审核"
        case .checked: "审核人进行保密审查"
        case .cleared: "签发人签发"
        case .referred: "定密结论（由审核人登记）"
        case .approved, .closed: nil
        }
        var published: CataloguePages.Field?
        if state == .approved, draft.proposal?.disclosure == .proactive {
            if let number = try await office.store.catalogueDraftPublication(draft.no) {
                published = .init(label: "已发布，索引号", value: number, href: CataloguePages.href(req, number))
            }
        }
        return DraftBody(
            no: draft.no, state: state.displayName, record: fields,
            text: (record.text ?? "").split(whereSeparator: \.isNewline).map(String.init), steps: steps,
            propose: state == .drafting && may(.draftCatalogue), actions: actions,
            disclosures: options(Disclosure.allCases, \.displayName, selected: Disclosure.proactive.rawValue),
            grounds: CatalogueReview.grounds.map { Ground(key: $0.key, label: CatalogueReview.groundName($0)) },
            editable: state.isEditable && may(.draftCatalogue), published: published, waitingFor: waiting, error: error,
            attachments: record.attachments.map { file in
                CataloguePages.Attachment(name: file.name, href: req.base + "/staff/catalogue/drafts/\(draft.no)/files/" + file.sha256,
                                          size: file.sizeDescription, sha256: file.sha256)
            })
    }
}
