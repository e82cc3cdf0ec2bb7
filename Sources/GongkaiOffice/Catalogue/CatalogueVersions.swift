import GongkaiStore

/// Each agency's catalogue version (``CaseStore/catalogueVersion(agency:)``, which grows with every publication), for
/// caches of public pages keyed by it. Read from the store at most once a second per agency: a publication through
/// this office is seen at once (it forgets the agency's version), one made by another process within a second.
actor CatalogueVersions {
    private var known: [Int: (version: Int, checked: ContinuousClock.Instant)] = [:]

    func version(of agency: Int, _ store: CaseStore) async throws -> Int {
        let now = ContinuousClock.now
        if let entry = known[agency], now - entry.checked < .seconds(1) { return entry.version }
        let version = try await store.catalogueVersion(agency: agency)
        known[agency] = (version, now)
        return version
    }

    func invalidate(_ agency: Int) { known[agency] = nil }
}

extension Office {
    /// The agency's catalogue version: pages made from the catalogue stay good while it is the same.
    public func catalogueVersion() async throws -> Int {
        let agency = try agency
        return try await stored { try await catalogueVersions.version(of: agency.id, store) }
    }
}
