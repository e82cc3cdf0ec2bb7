import Foundation
import GongkaiCore
import GongkaiOffice
import Vapor

/// The agencies of the installation, for its administrators: the list (with each one's public address, level, parent
/// and what it holds) and a form to add one.
enum AgencyPages {
    struct Body: Encodable {
        struct Row: Encodable {
            let code: String
            let name: String
            let level: String
            let creditCode: String
            let parent: String
            let path: String
            /// Whether the user may change it.
            let editable: Bool
            let cases: Int
            let reports: Int
            /// 0 at the top, 1 for the agencies under it, …
            let depth: Int
        }

        struct Draft: Encodable {
            var code = ""
            var name = ""
            var creditCode = ""
            var level = ""
            var parent = ""
        }

        let rows: [Row]
        let levels: [EventForm.Option]
        let parents: [EventForm.Option]
        let mayCreate: Bool
        let error: String?
        let draft: Draft
    }

    static func register(_ app: any RoutesBuilder) {
        app.endpoint(.GET, "staff/agencies/:code", access: .permission(.manageUsers), summary: "修改机关", responseType: "text/html") { req in
            try await req.page("agency", title: "修改机关", try await editBody(req, code: req.parameters.get("code") ?? "", error: nil))
        }
        app.endpoint(.POST, "staff/agencies/:code", access: .permission(.manageUsers), summary: "保存机关的修改", responseType: "text/html") { req in
            let code = req.parameters.get("code") ?? ""
            let fields = try req.form()
            do {
                _ = try await req.office.updateAgency(code: code, try Fields(fields), by: req.actor)
                return req.redirect(to: req.base + "/staff/agencies?ok=agencyUpdated")
            } catch let error as OfficeError where [.unprocessableEntity, .conflict].contains(error.status) {
                return try await req.page("agency", title: "修改机关", try await editBody(req, code: code, error: error.message, typed: fields),
                                          status: error.status)
            }
        }
        app.endpoint(.GET, "staff/agencies", access: .permission(.manageUsers), summary: "机关管理", responseType: "text/html") { req in
            try await req.page("agencies", title: "机关管理", try await body(req, error: nil))
        }
        app.endpoint(.POST, "staff/agencies", access: .permission(.manageUsers), summary: "设立机关", responseType: "text/html") { req in
            let fields = try req.form()
            do {
                _ = try await req.office.createAgency(try Fields(fields), by: req.actor)
                return req.redirect(to: req.base + "/staff/agencies?ok=agency")
            } catch let error as OfficeError where [.unprocessableEntity, .conflict, .forbidden].contains(error.status) {
                let draft = Body.Draft(code: fields["code"] ?? "", name: fields["name"] ?? "", creditCode: fields["creditCode"] ?? "",
                                       level: fields["level"] ?? "", parent: fields["parent"] ?? "")
                return try await req.page("agencies", title: "机关管理", try await body(req, error: error.message, draft: draft),
                                          status: error.status)
            }
        }
    }

    /// One agency's settings, to change (its code stays).
    struct EditBody: Encodable {
        let code: String
        let name: String
        let level: String
        let creditCode: String
        let parent: String
        let reconsiderationBody: String
        let court: String
        let contact: [ContactField]
        let path: String
        let levels: [EventForm.Option]
        let parents: [EventForm.Option]
        let error: String?
    }

    struct ContactField: Encodable {
        let name: String
        let label: String
        let value: String
    }

    static func editBody(_ req: Request, code: String, error: String?, typed: [String: String]? = nil) async throws -> EditBody {
        let all = try await req.office.agencies()
        let agency = try Office.agency(code: code, in: all)
        try req.actor.require(.manageUsers, in: agency)
        let parent = all.agency(id: agency.parentID)?.code ?? ""
        // Not itself, nor an agency under it.
        let parents = all.filter { !$0.isWithin(agency.id) }
        return EditBody(
            code: agency.code, name: typed?["name"] ?? agency.name, level: typed?["level"] ?? agency.level.rawValue,
            creditCode: typed?["creditCode"] ?? agency.creditCode ?? "", parent: typed?["parent"] ?? parent,
            reconsiderationBody: typed?["reconsiderationBody"] ?? agency.remedies.reconsiderationBody ?? "",
            court: typed?["court"] ?? agency.remedies.court ?? "",
            contact: Agency.Contact.fields.map { field in
                ContactField(name: field.name, label: field.label, value: typed?[field.name] ?? agency.contact[keyPath: field.key] ?? "")
            },
            path: Request.base(of: agency) + "/",
            levels: AgencyLevel.allCases.map { .init(value: $0.rawValue, label: $0.displayName) },
            parents: parents.map { .init(value: $0.code, label: $0.title) }, error: error)
    }

    static func body(_ req: Request, error: String?, draft: Body.Draft = .init()) async throws -> Body {
        let office = req.office
        let all = try await office.agencies()
        let counts = try await office.store.agencyCounts()
        let actor = req.actor
        let rows = Agency.treeOrder(all).map { agency, depth in
            Body.Row(code: agency.code, name: agency.title, level: agency.level.displayName,
                     creditCode: agency.creditCode ?? "", parent: all.agency(id: agency.parentID)?.title ?? "",
                     path: Request.base(of: agency) + "/", editable: actor.may(.manageUsers, in: agency), cases: counts[agency.id]?.cases ?? 0, reports: counts[agency.id]?.reports ?? 0, depth: depth)
        }
        // A new agency is added under one the user administers (or at the top, by the first agency's administrator).
        let parents = all.filter { actor.may(.manageUsers, in: $0) }
        return Body(
            rows: rows, levels: AgencyLevel.allCases.map { .init(value: $0.rawValue, label: $0.displayName) },
            parents: parents.map { .init(value: $0.code, label: $0.name) }, mayCreate: !parents.isEmpty || all.firstAgency.map { actor.may(.manageUsers, in: $0) } == true,
            error: error, draft: draft)
    }
}
