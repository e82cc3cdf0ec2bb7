import GongkaiStore

/// The catalogue version (``CaseStore/catalogueVersion()``, which grows with every publication), for caches of public
/// pages keyed by it. Read from the store at most once a second: a publication through this office is seen at once
/// (it forgets the version), one made by another process within a second.
actor CatalogueVersions {
    private var known: (version: Int, checked: ContinuousClock.Instant)?

    func version(_ store: CaseStore) async throws -> Int {
        let now = ContinuousClock.now
        if let known, now - known.checked < .seconds(1) { return known.version }
        let version = try await store.catalogueVersion()
        known = (version, now)
        return version
    }

    func invalidate() { known = nil }
}

extension Office {
    /// The catalogue's version: pages made from the catalogue stay good while it is the same.
    public func catalogueVersion() async throws -> Int {
        try await stored { try await catalogueVersions.version(store) }
    }
}
