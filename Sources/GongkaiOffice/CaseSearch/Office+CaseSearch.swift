import GongkaiCore
import GongkaiStore

extension Office {
    /// A found case with where it stands today.
    public struct FoundCase: Sendable {
        public let record: CaseRecord
        public let progress: CaseProgress
    }

    /// One page of this agency's cases matching `query` (open and closed: a closed case is found again to reprint its
    /// letter or register a 复议), each with its progress.
    public func findCases(_ query: CaseQuery, by actor: Actor) async throws -> (result: CaseSearchResult, cases: [FoundCase]) {
        let agency = try require(.viewCases, actor)
        let result = try await stored { try await store.searchCases(query, agency: agency.id) }
        let calculator = try await calculator()
        return (result, result.records.map { FoundCase(record: $0, progress: CaseProgress(of: $0, calculator: calculator)) })
    }
}
