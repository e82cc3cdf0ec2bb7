import GongkaiCore
@testable import GongkaiStore

/// These tests work in one agency, the installation's first: the store's calls with it named.
extension CaseStore {
    func insert(_ records: [CaseRecord], recordedBy: String? = nil) async throws {
        try await insert(records, agency: Agency.firstID, recordedBy: recordedBy)
    }

    @discardableResult
    func append(_ events: [CaseEvent], reviews: [Review] = [], to code: String, recordedBy: String? = nil) async throws -> CaseRecord {
        try await append(events, reviews: reviews, to: code, agency: Agency.firstID, recordedBy: recordedBy)
    }

    func record(_ code: String) async throws -> CaseRecord? { try await record(code, agency: Agency.firstID) }
    func tally(year: Int) async throws -> CaseTally { try await tally(year: year, agency: Agency.firstID) }
    func openCases() async throws -> [CaseRecord] { try await openCases(agency: Agency.firstID) }

    func file(_ intake: Intake, channel: GongkaiCore.Channel, received: CivilDate, by actor: String) async throws
        -> (code: String, trackingCode: String)
    {
        try await file(intake, channel: channel, received: received, agency: Agency.firstID, by: actor)
    }

    func lookUp(trackingCode: String, phone: String) async throws -> CaseRecord? {
        try await lookUp(trackingCode: trackingCode, phone: phone, agency: Agency.firstID)
    }

    func intake(of code: String) async throws -> StoredIntake? { try await intake(of: code, agency: Agency.firstID) }
    func saveDraft(year: Int, content: String, by actor: String) async throws {
        try await saveDraft(year: year, agency: Agency.firstID, content: content, by: actor)
    }
    func draft(year: Int) async throws -> ReportDraft? { try await draft(year: year, agency: Agency.firstID) }
}
