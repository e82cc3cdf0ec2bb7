import FluentKit
import Foundation
import GongkaiCore
import SQLKit

/// What an applicant gave on the form, as stored (with the case's code and the tracking code).
public struct StoredIntake: Sendable, Hashable {
    public var caseCode: String
    public var trackingCode: String
    public var intake: Intake
}

extension CaseStore {
    // MARK: - Applications from the form

    /// Files an application with an agency: a new case received on `received` through `channel`, with what the
    /// applicant gave. Returns the case code (`2026-000123`, numbered per agency and year) and a tracking code for the
    /// applicant (10 characters, no 0/O/1/I).
    public func file(_ intake: Intake, channel: Channel, received: CivilDate, agency: Int, by actor: String) async throws
        -> (code: String, trackingCode: String)
    {
        let intake = intake.normalized
        if let problem = intake.problems().first { throw StoreError(problem.message, kind: .invalid) }
        // Numbers come from a counter locked by the filing transaction; the unique keys stay the last guard (a tracking
        // code drawn twice, a case imported under the number at the same moment), and such a conflict is tried again.
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await fileOnce(intake, channel: channel, received: received, agency: agency, by: actor)
            } catch where attempt < 8 && Self.isUniqueViolation(error) {
                try await Task.sleep(nanoseconds: UInt64.random(in: 1_000_000...20_000_000))
            }
        }
    }

    private func fileOnce(_ intake: Intake, channel: Channel, received: CivilDate, agency: Int, by actor: String) async throws
        -> (code: String, trackingCode: String)
    {
        try await database.transaction { db in
            let sql = db as! any SQLDatabase
            let prefix = String(format: "%04d-", received.year)
            let number = try await Self.nextNumber("case-\(agency)-\(received.year)", on: sql) {
                let last = try await sql.raw("""
                    SELECT MAX(code) AS m FROM cases
                    WHERE agency_id = \(bind: agency) AND code LIKE \(bind: prefix + "%") AND LENGTH(code) = 11
                    """).first()?.decode(column: "m", as: String?.self)
                return last.flatMap { Int($0.dropFirst(5)) } ?? 0
            }
            let code = prefix + String(format: "%06d", number)
            let record = CaseRecord(id: code, applicant: Applicant(type: intake.applicantType, name: intake.name),
                                    channel: channel, received: received, request: intake.description)
            try await Self.insertRows([record], agency: agency, recordedBy: actor, on: sql)
            guard let no = try await sql.select().column("no").from("cases").where("agency_id", .equal, agency)
                .where("code", .equal, code).first()?.decode(column: "no", as: Int.self)
            else { throw StoreError("登记的申请 \(code) 未能写入", kind: .corrupt) }
            let tracking = Self.newTrackingCode()
            try await sql.insert(into: "intakes")
                .columns("case_no", "tracking_code", "document_kind", "document_number", "contact", "phone", "address",
                         "email", "provision")
                .values(no, tracking, intake.documentKind.rawValue, intake.documentNumber, intake.contact, intake.phone,
                        intake.address, intake.email, intake.provision.rawValue)
                .run()
            try await Self.audit(actor: actor, action: "登记申请", target: code,
                                 detail: "\(channel.displayName)；\(intake.applicantType.displayName) \(Masking.name(intake.name))",
                                 agency: agency, on: sql)
            return (code, tracking)
        }
    }

    private static let trackingAlphabet = Array("23456789ABCDEFGHJKLMNPQRSTUVWXYZ")

    static func newTrackingCode() -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<10).map { _ in trackingAlphabet.randomElement(using: &generator)! })
    }

    /// What the applicant gave for a case filed through the form or entered by staff; nil for imported cases.
    public func intake(of code: String, agency: Int) async throws -> StoredIntake? {
        guard let (no, record) = try await load(code: code, agency: agency),
              let row = try await sql.select().column("*").from("intakes").where("case_no", .equal, no).first()
        else { return nil }
        return try Self.storedIntake(row: row, record: record)
    }

    /// The agency's case of a tracking code, only when the phone matches too (digits compared); nil otherwise — the
    /// same answer whether the code or the phone is wrong, so that codes cannot be probed.
    public func lookUp(trackingCode: String, phone: String, agency: Int) async throws -> CaseRecord? {
        let code = TextNormalizer.comparable(trackingCode).uppercased()
        guard code.count == 10,
              let row = try await sql.raw("""
                  SELECT i.phone, c.code FROM intakes i JOIN cases c ON c.no = i.case_no
                  WHERE i.tracking_code = \(bind: code) AND c.agency_id = \(bind: agency)
                  """).first()
        else { return nil }
        let stored = try row.decode(column: "phone", as: String.self)
        guard !stored.isEmpty, Intake.normalizedPhone(stored) == Intake.normalizedPhone(phone) else { return nil }
        return try await record(try row.decode(column: "code", as: String.self), agency: agency)
    }

    private static func storedIntake(row: any SQLRow, record: CaseRecord) throws -> StoredIntake {
        StoredIntake(
            caseCode: record.id,
            trackingCode: try row.decode(column: "tracking_code", as: String.self),
            intake: Intake(
                applicantType: record.applicant.type, name: record.applicant.name ?? "",
                documentKind: Intake.DocumentKind(rawValue: try row.decode(column: "document_kind", as: String.self)) ?? .otherID,
                documentNumber: try row.decode(column: "document_number", as: String.self),
                contact: try row.decode(column: "contact", as: String?.self),
                phone: try row.decode(column: "phone", as: String.self),
                address: try row.decode(column: "address", as: String.self),
                email: try row.decode(column: "email", as: String?.self),
                description: record.request ?? "",
                provision: Intake.Provision(rawValue: try row.decode(column: "provision", as: String.self)) ?? .paper))
    }

}
