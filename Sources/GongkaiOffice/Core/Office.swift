import Foundation
import GongkaiCore
import GongkaiStore

/// How the office works: the first agency's name and remedies (used when the installation is first started; after
/// that the agencies are data), today's date (fixed in tests and training), and the limits on attempts.
public struct OfficeSettings: Sendable {
    /// The first agency's name as printed on letters and reports, e.g. `某某市某某局`, given to it on first start.
    public var agency: String
    public var remedies: ReplyLetter.Remedies
    /// The first agency's level on first start (nil: told from its name).
    public var level: AgencyLevel?
    /// Whether this office names the first agency (from `agency`, `level`, `remedies`) while it has no name: the
    /// server does, on its first start; the other commands leave it for `gongkai serve --agency` to name.
    public var namesFirstAgency: Bool
    /// Today in China.
    public var today: @Sendable () -> CivilDate
    /// Failed logins allowed per address and user name within `loginWindow` seconds (and failed look-ups per address).
    public var loginAttempts: Int
    public var loginWindow: Double
    /// Applications the public form accepts from one address in an hour (0: no limit).
    public var filingsPerHour: Int
    /// How long the agency list and the catalogue version, once read, are taken as they are: a change through this
    /// office is seen at once, one made by another process (`gongkai agencies add`, an import) within this time.
    public var sharedReadsAge: Duration

    public init(agency: String, remedies: ReplyLetter.Remedies = .init(), level: AgencyLevel? = nil, namesFirstAgency: Bool = false,
                today: @escaping @Sendable () -> CivilDate = { CivilDate.today },
                loginAttempts: Int = 5, loginWindow: Double = 900, filingsPerHour: Int = 20, sharedReadsAge: Duration = .seconds(1))
    {
        self.agency = agency
        self.remedies = remedies
        self.level = level
        self.namesFirstAgency = namesFirstAgency
        self.today = today
        self.loginAttempts = loginAttempts
        self.loginWindow = loginWindow
        self.filingsPerHour = filingsPerHour
        self.sharedReadsAge = sharedReadsAge
    }
}

/// Makes and checks password hashes (the web gives Bcrypt; kept out of this layer, which has no server framework).
public protocol PasswordHasher: Sendable {
    func hash(_ password: String) async throws -> String
    func verify(_ password: String, hash: String) async -> Bool
}

/// Every use case of the open-government office, once: filing and handling applications, accounts and logins, the
/// annual report from draft to publication, the calendar. The web pages, the JSON API and the CLI are adapters over
/// it. Each use case takes the acting person, checks what they may do, refuses bad input with an ``OfficeError``, and
/// writes its change and its audit line in one transaction.
///
/// An office works for one agency at a time (``scoped(to:)``): its cases, drafts and reports are that agency's, and
/// what the actor may do is what their roles in that agency allow. The installation's own use cases (logging in,
/// the list of agencies) need no agency.
public struct Office: Sendable {
    public let store: CaseStore
    public let settings: OfficeSettings
    public let passwords: any PasswordHasher
    /// The agency this office works for (nil: not chosen yet).
    public let scope: Agency?
    let logins: AttemptLimiter
    let lookups: AttemptLimiter
    let filings: AttemptLimiter
    let directory: AgencyDirectory
    let catalogueVersions: CatalogueVersions

    public init(store: CaseStore, settings: OfficeSettings, passwords: any PasswordHasher) {
        self.store = store
        self.settings = settings
        self.passwords = passwords
        scope = nil
        logins = AttemptLimiter(limit: settings.loginAttempts, window: settings.loginWindow)
        lookups = AttemptLimiter(limit: settings.loginAttempts, window: settings.loginWindow)
        filings = AttemptLimiter(limit: settings.filingsPerHour, window: 3600)
        directory = AgencyDirectory(age: settings.sharedReadsAge)
        catalogueVersions = CatalogueVersions(age: settings.sharedReadsAge)
    }

    private init(_ office: Office, scope: Agency) {
        store = office.store
        settings = office.settings
        passwords = office.passwords
        self.scope = scope
        logins = office.logins
        lookups = office.lookups
        filings = office.filings
        directory = office.directory
        catalogueVersions = office.catalogueVersions
    }

    /// The same office working for `agency`.
    public func scoped(to agency: Agency) -> Office { Office(self, scope: agency) }

    /// The agency worked for.
    public var agency: Agency {
        get throws(OfficeError) {
            guard let scope else { throw .unavailable("未选定机关") }
            return scope
        }
    }

    /// Refuses the actor without the permission in this office's agency.
    func require(_ permission: Permission, _ actor: Actor) throws(OfficeError) -> Agency {
        let agency = try agency
        try actor.require(permission, in: agency)
        return agency
    }

    public var today: CivilDate { settings.today() }

    public func calculator() async throws -> DeadlineCalculator {
        DeadlineCalculator(calendar: try await stored { try await store.calendar() })
    }

    /// Refuses a date after today: nothing is recorded before it happens.
    func notAfterToday(_ date: CivilDate, _ label: String, field: String? = nil) throws(OfficeError) {
        guard date <= today else { throw .invalid("\(label)不能晚于今天（\(today)）", field: field) }
    }
}
