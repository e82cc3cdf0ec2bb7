import GongkaiCore
import GongkaiStore

extension Office {
    /// What the agency's 政府信息公开指南 (条例 Art. 12) is made of: the agency with its contact details and remedies,
    /// and how many records the catalogue holds under each item of Art. 20.
    public struct Guide: Sendable {
        public let agency: Agency
        /// The agency's government (where complaints go, 条例 Art. 51), when it has one on the platform.
        public let parent: Agency?
        public let itemCounts: [Int: Int]
        public let published: Int
    }

    public func guide() async throws -> Guide {
        let agency = try agency
        let all = try await agencies()
        let counts = try await stored { try await store.catalogueItemCounts(agency: agency.id) }
        let published = try await stored { try await store.catalogueList(CatalogueFilter(agency: agency.id), limit: 1).total }
        return Guide(agency: agency, parent: all.agency(id: agency.parentID), itemCounts: counts, published: published)
    }
}
