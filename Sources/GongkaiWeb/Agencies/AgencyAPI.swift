import Foundation
import GongkaiCore
import GongkaiOffice
import Vapor

/// The installation's agencies in the JSON API: the list is public (names, codes, levels, parents, as any portal
/// shows them); adding and changing one is for the administrators above it (the office checks).
enum AgencyAPI {
    static func json(_ agency: Agency, among all: [Agency]) -> [String: Any] {
        var object: [String: Any] = [
            "code": agency.code, "name": agency.name, "level": agency.level.rawValue, "levelName": agency.level.displayName,
            "path": Request.base(of: agency) + "/",
        ]
        if let code = agency.creditCode { object["creditCode"] = code }
        if let parent = all.agency(id: agency.parentID) { object["parent"] = parent.code }
        if let body = agency.remedies.reconsiderationBody { object["reconsiderationBody"] = body }
        if let court = agency.remedies.court { object["court"] = court }
        for field in Agency.Contact.fields { if let value = agency.contact[keyPath: field.key] { object[field.name] = value } }
        return object
    }

    static func register(_ api: any RoutesBuilder) {
        api.endpoint(.GET, "agencies", access: .everyone, summary: "本平台的机关", response: Schemas.agencies) { req in
            let all = try await req.office.agencies()
            return try APIResponse.json(all.map { json($0, among: all) })
        }
        api.endpoint(.POST, "agencies", access: .permission(.manageUsers), summary: "设立机关（需上级机关或本平台首个机关的管理员）",
                     request: Schemas.agencyForm, response: Schemas.agency) { req in
            let agency = try await req.office.createAgency(try req.fields(), by: req.actor)
            return try APIResponse.json(json(agency, among: try await req.office.agencies()), status: .created)
        }
        api.endpoint(.PUT, "agencies/:code", access: .permission(.manageUsers), summary: "修改机关（名称、统一社会信用代码、层级、上级、救济途径；代码不变）",
                     request: Schemas.agencyForm, response: Schemas.agency) { req in
            let agency = try await req.office.updateAgency(code: req.parameters.get("code") ?? "", try req.fields(), by: req.actor)
            return try APIResponse.json(json(agency, among: try await req.office.agencies()))
        }
    }
}
