import GongkaiCore
import GongkaiStore

/// The catalogue version (``CaseStore/catalogueVersion()``, which grows with every publication), for caches of public
/// pages keyed by it. Read from the store at most once in `age` (a second): a publication through this office is seen
/// at once (it forgets the version), one made by another process within `age`.
actor CatalogueVersions {
    private var known: (version: Int, checked: ContinuousClock.Instant)?
    private let age: Duration
    /// The version as last read (see ``Office/pageStamp``).
    nonisolated let recent: RecentValue<Int>

    init(age: Duration) {
        self.age = age
        recent = RecentValue(age: age)
    }

    func version(_ store: CaseStore) async throws -> Int {
        let now = ContinuousClock.now
        if let known, now - known.checked < age { return known.version }
        let version = try await store.catalogueVersion()
        known = (version, now)
        recent.set(version, readAt: now)
        return version
    }

    func invalidate() {
        known = nil
        recent.forget()
    }
}

/// What a cached public page is made of besides its address: the agency list's version, the catalogue's version and
/// the day (the pages say which records are due or current).
public struct PageStamp: Sendable, Hashable {
    public let agencies: Int
    public let catalogue: Int
    public let day: CivilDate
}

extension Office {
    /// The versions the last reads saw, when both are younger than the age the office's own reads accept
    /// (``OfficeSettings/sharedReadsAge``); nil otherwise, or after a change through this office (the page is then
    /// made the long way, which reads them again). It waits on nothing: a cached page can be answered without a task.
    public var pageStamp: PageStamp? {
        guard let agencies = directory.recent.value, let catalogue = catalogueVersions.recent.value else { return nil }
        return PageStamp(agencies: agencies, catalogue: catalogue, day: today)
    }

    /// The catalogue's version: pages made from the catalogue stay good while it is the same.
    public func catalogueVersion() async throws -> Int {
        try await stored { try await catalogueVersions.version(store) }
    }
}
