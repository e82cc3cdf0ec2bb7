import FluentKit
import Foundation
import GongkaiCore
import SQLKit

extension CaseStore {
    // MARK: - Agencies

    /// Every agency, by id, each with its lineage (itself, its parent, … up to the top).
    public func agencies() async throws -> [Agency] {
        let rows = try await sql.select().column("*").from("agencies").orderBy("id").all()
        var agencies: [Agency] = []
        for row in rows {
            func field<T: Decodable>(_ name: String, _ type: T.Type) throws -> T { try row.decode(column: name, as: T.self) }
            let level = try field("level", String.self)
            guard let parsed = AgencyLevel(rawValue: level) else {
                throw StoreError("库中机关 \(try field("code", String.self)) 的层级「\(level)」无法识别", kind: .corrupt)
            }
            agencies.append(Agency(
                id: try field("id", Int.self), code: try field("code", String.self), name: try field("name", String.self),
                creditCode: try field("credit_code", String?.self), level: parsed, parentID: try field("parent_id", Int?.self),
                remedies: .init(reconsiderationBody: try field("reconsideration_body", String?.self), court: try field("court", String?.self)),
                contact: .init(office: try field("office_name", String?.self), address: try field("address", String?.self),
                               postcode: try field("postcode", String?.self), hours: try field("hours", String?.self),
                               phone: try field("phone", String?.self), fax: try field("fax", String?.self), email: try field("email", String?.self))))
        }
        let byID = Dictionary(uniqueKeysWithValues: agencies.map { ($0.id, $0) })
        return agencies.map { agency in
            var agency = agency
            var lineage = [agency.id]
            var next = agency.parentID
            while let id = next, !lineage.contains(id), let parent = byID[id] {
                lineage.append(id)
                next = parent.parentID
            }
            agency.lineage = lineage
            return agency
        }
    }

    /// A number that changes whenever an agency is added or changed (a cache of ``agencies()`` is still good while it
    /// is the same).
    public func agenciesVersion() async throws -> Int {
        try await sql.raw("SELECT value FROM counters WHERE name = 'agencies'").first()?.decode(column: "value", as: Int.self) ?? 0
    }

    /// Adds an agency (its id is the next free one); refuses a code already taken.
    public func createAgency(_ agency: Agency, by actor: String) async throws -> Agency {
        do {
            return try await database.transaction { db in
                let sql = db as! any SQLDatabase
                let id = (try await sql.raw("SELECT COALESCE(MAX(id), 0) + 1 AS n FROM agencies").first()?.decode(column: "n", as: Int.self)) ?? 1
                var created = agency
                created.id = id
                try await sql.insert(into: "agencies")
                    .columns("id", "code", "name", "credit_code", "level", "parent_id", "reconsideration_body", "court", "created_at")
                    .values(id, agency.code, agency.name, agency.creditCode, agency.level.rawValue, agency.parentID,
                            agency.remedies.reconsiderationBody, agency.remedies.court, Self.now())
                    .run()
                try await Self.setContact(agency.contact, of: id, on: sql)
                try await Self.bumpAgencies(on: sql)
                try await Self.audit(AuditNote(actor: actor, action: "设立机关", target: agency.name,
                                               detail: "代码 \(agency.code)；\(agency.level.displayName)", agency: id), on: sql)
                return created
            }
        } catch where Self.isUniqueViolation(error) {
            throw StoreError.conflict("机关代码 \(agency.code) 已被使用")
        }
    }

    /// Changes an agency's name, credit code, level, parent or remedies (its id and code stay).
    public func updateAgency(_ agency: Agency, by actor: String, detail: String) async throws {
        try await database.transaction { db in
            let sql = db as! any SQLDatabase
            try await sql.update("agencies").set("name", to: agency.name).set("credit_code", to: agency.creditCode)
                .set("level", to: agency.level.rawValue).set("parent_id", to: agency.parentID)
                .set("reconsideration_body", to: agency.remedies.reconsiderationBody).set("court", to: agency.remedies.court)
                .where("id", .equal, agency.id).run()
            try await Self.setContact(agency.contact, of: agency.id, on: sql)
            try await Self.bumpAgencies(on: sql)
            try await Self.audit(AuditNote(actor: actor, action: "修改机关", target: agency.name, detail: detail, agency: agency.id), on: sql)
        }
    }

    /// Names the installation's first agency, once: only while its name is empty (two servers starting at the same
    /// moment name it once).
    public func nameFirstAgency(_ agency: Agency, by actor: String, detail: String) async throws {
        try await database.transaction { db in
            let sql = db as! any SQLDatabase
            guard let row = try await sql.select().column("name").from("agencies").where("id", .equal, agency.id).first(),
                  try row.decode(column: "name", as: String.self).isEmpty
            else { return }
            try await sql.update("agencies").set("name", to: agency.name).set("level", to: agency.level.rawValue)
                .set("reconsideration_body", to: agency.remedies.reconsiderationBody).set("court", to: agency.remedies.court)
                .where("id", .equal, agency.id).where("name", .equal, "").run()
            try await Self.bumpAgencies(on: sql)
            try await Self.audit(AuditNote(actor: actor, action: "设立机关", target: agency.name, detail: detail, agency: agency.id), on: sql)
        }
    }

    private static func setContact(_ contact: Agency.Contact, of id: Int, on sql: any SQLDatabase) async throws {
        try await sql.update("agencies").set("office_name", to: contact.office).set("address", to: contact.address)
            .set("postcode", to: contact.postcode).set("hours", to: contact.hours).set("phone", to: contact.phone)
            .set("fax", to: contact.fax).set("email", to: contact.email).where("id", .equal, id).run()
    }

    private static func bumpAgencies(on sql: any SQLDatabase) async throws {
        _ = try await nextNumber("agencies", on: sql) { 0 }
    }

    /// What each agency holds (cases, published reports), for the list of agencies.
    public func agencyCounts() async throws -> [Int: (cases: Int, reports: Int)] {
        var counts: [Int: (cases: Int, reports: Int)] = [:]
        for row in try await sql.raw("SELECT agency_id AS a, COUNT(*) AS n FROM cases GROUP BY agency_id").all() {
            counts[try row.decode(column: "a", as: Int.self), default: (0, 0)].cases = try row.decode(column: "n", as: Int.self)
        }
        for row in try await sql.raw("SELECT agency_id AS a, COUNT(DISTINCT year) AS n FROM published_reports GROUP BY agency_id").all() {
            counts[try row.decode(column: "a", as: Int.self), default: (0, 0)].reports = try row.decode(column: "n", as: Int.self)
        }
        return counts
    }
}
