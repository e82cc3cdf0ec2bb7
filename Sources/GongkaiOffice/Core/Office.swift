import Foundation
import GongkaiCore
import GongkaiStore

/// How the office works: the agency it serves, the remedies its letters name, today's date (fixed in tests and
/// training), and the limits on attempts.
public struct OfficeSettings: Sendable {
    /// The agency's name as printed on letters and reports, e.g. `某某市某某局`.
    public var agency: String
    public var remedies: ReplyLetter.Remedies
    /// Today in China.
    public var today: @Sendable () -> CivilDate
    /// Failed logins allowed per address and user name within `loginWindow` seconds (and failed look-ups per address).
    public var loginAttempts: Int
    public var loginWindow: Double
    /// Applications the public form accepts from one address in an hour (0: no limit).
    public var filingsPerHour: Int

    public init(agency: String, remedies: ReplyLetter.Remedies = .init(), today: @escaping @Sendable () -> CivilDate = { CivilDate.today },
                loginAttempts: Int = 5, loginWindow: Double = 900, filingsPerHour: Int = 20)
    {
        self.agency = agency
        self.remedies = remedies
        self.today = today
        self.loginAttempts = loginAttempts
        self.loginWindow = loginWindow
        self.filingsPerHour = filingsPerHour
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
public struct Office: Sendable {
    public let store: CaseStore
    public let settings: OfficeSettings
    public let passwords: any PasswordHasher
    let logins: AttemptLimiter
    let lookups: AttemptLimiter
    let filings: AttemptLimiter

    public init(store: CaseStore, settings: OfficeSettings, passwords: any PasswordHasher) {
        self.store = store
        self.settings = settings
        self.passwords = passwords
        logins = AttemptLimiter(limit: settings.loginAttempts, window: settings.loginWindow)
        lookups = AttemptLimiter(limit: settings.loginAttempts, window: settings.loginWindow)
        filings = AttemptLimiter(limit: settings.filingsPerHour, window: 3600)
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
