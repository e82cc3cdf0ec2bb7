import Foundation
import GongkaiCore
import GongkaiOffice
import GongkaiStore
import Vapor

/// How the server runs: what the office needs (agency, remedies, today, limits) and what only the web has (cookies,
/// upload size, proxy, hashing cost).
public struct ServerSettings: Sendable {
    /// The first agency's name as printed on letters and reports, e.g. `某某市某某局`, its remedies and level: given
    /// to it when the installation is first started (the agencies are data after that).
    public var agency: String
    public var remedies: ReplyLetter.Remedies
    public var level: AgencyLevel?
    /// Today in China; tests fix it.
    public var today: @Sendable () -> CivilDate
    /// Mark cookies `Secure` (behind HTTPS).
    public var secureCookies: Bool
    /// The largest report file accepted for checking.
    public var maxUploadBytes: Int
    /// Failed logins allowed per address and user name within `loginWindow` seconds.
    public var loginAttempts: Int
    public var loginWindow: Double
    /// Bcrypt cost of new password hashes (12; tests use less).
    public var passwordCost: Int
    /// Applications the public form accepts from one address in an hour (0: no limit).
    public var filingsPerHour: Int
    /// Behind a reverse proxy: the visitor's address is the last one of `X-Forwarded-For` (the proxy appends it),
    /// not the proxy's own; otherwise every visitor would share the proxy's limits.
    public var behindProxy: Bool
    /// How long an external tool (pdftotext) may take on one upload, in seconds.
    public var toolTimeLimit: Double
    /// How long the agency list and catalogue version are taken as read (see ``OfficeSettings/sharedReadsAge``).
    public var sharedReadsAge: Duration = .seconds(1)

    public init(agency: String, remedies: ReplyLetter.Remedies = .init(), today: @escaping @Sendable () -> CivilDate = { CivilDate.today },
                secureCookies: Bool = false, maxUploadBytes: Int = 10 << 20, loginAttempts: Int = 5, loginWindow: Double = 900,
                passwordCost: Int = 12, filingsPerHour: Int = 20, behindProxy: Bool = false, toolTimeLimit: Double = 20)
    {
        self.filingsPerHour = filingsPerHour
        self.behindProxy = behindProxy
        self.passwordCost = passwordCost
        self.agency = agency
        self.remedies = remedies
        self.today = today
        self.secureCookies = secureCookies
        self.maxUploadBytes = maxUploadBytes
        self.loginAttempts = loginAttempts
        self.loginWindow = loginWindow
        self.toolTimeLimit = toolTimeLimit
    }

    public var office: OfficeSettings {
        OfficeSettings(agency: agency, remedies: remedies, level: level, namesFirstAgency: true, today: today, loginAttempts: loginAttempts, loginWindow: loginWindow,
                       filingsPerHour: filingsPerHour, sharedReadsAge: sharedReadsAge)
    }
}

/// Bcrypt (Vapor's), on the thread pool: a hash at cost 12 takes a quarter of a second, which must not hold an event loop.
public struct BcryptHasher: GongkaiOffice.PasswordHasher {
    public let cost: Int

    public init(cost: Int = 12) { self.cost = cost }

    public func hash(_ password: String) async throws -> String {
        let cost = cost
        return try await NIOThreadPool.singleton.runIfActive { try Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, hash: String) async -> Bool {
        (try? await NIOThreadPool.singleton.runIfActive { try Bcrypt.verify(password, created: hash) }) ?? false
    }
}

extension Application {
    struct OfficeKey: StorageKey { typealias Value = Office }
    struct SettingsKey: StorageKey { typealias Value = ServerSettings }

    var office: Office {
        guard let office = storage[OfficeKey.self] else { fatalError("GongkaiServer.configure was not called") }
        return office
    }

    var settings: ServerSettings {
        guard let settings = storage[SettingsKey.self] else { fatalError("GongkaiServer.configure was not called") }
        return settings
    }
}

extension Request {
    private struct AgencyKey: StorageKey { typealias Value = Agency }

    /// The office working for this request's agency (see ``agency``).
    var office: Office { agency.map { application.office.scoped(to: $0) } ?? application.office }
    var settings: ServerSettings { application.settings }

    /// The agency a request is for: the one of `/a/{code}/…`, else the installation's first agency (found by the
    /// route before its handler runs).
    var agency: Agency? {
        get { storage[AgencyKey.self] }
        set { storage[AgencyKey.self] = newValue }
    }

    private struct AgenciesKey: StorageKey { typealias Value = [Agency] }

    /// Every agency, as read once for this request (the page lists them; the route found its own among them).
    func allAgencies() async throws -> [Agency] {
        if let all = storage[AgenciesKey.self] { return all }
        let all = try await application.office.agencies()
        storage[AgenciesKey.self] = all
        return all
    }

    /// Resolves ``agency`` from the path (a code that names no agency: 404).
    func resolveAgency() async throws -> Agency {
        if let agency { return agency }
        let all = try await allAgencies()
        let found: Agency
        if let code = parameters.get("agency") {
            found = try Office.agency(code: code, in: all)
        } else {
            found = if let first = all.firstAgency { first } else { try await application.office.firstAgency() }
        }
        agency = found
        return found
    }

    /// The address prefix of this request's agency: empty for the first agency (the site's root), else `/a/{code}`.
    var base: String { Self.base(of: agency) }

    static func base(of agency: Agency?) -> String {
        guard let agency, agency.id != Agency.firstID else { return "" }
        return "/a/" + agency.code
    }

    /// Who is asking: the logged-in staff member, or a visitor, with the address.
    var actor: Actor {
        staff.map { Actor.staff($0, address: clientAddress) } ?? .visitor(address: clientAddress)
    }

    /// The submitted fields (form or JSON), with the office's rules on text (control characters refused).
    func fields() throws -> Fields { try Fields(try form()) }
}

/// The office's errors as HTTP: one status per kind, the message as it is.
extension OfficeError: AbortError {
    public var status: HTTPResponseStatus {
        switch self {
        case .notFound: .notFound
        case .conflict: .conflict
        case .invalid: .unprocessableEntity
        case .forbidden: .forbidden
        case .unauthenticated: .unauthorized
        case .tooManyAttempts: .tooManyRequests
        case .unavailable: .serviceUnavailable
        case .corrupt: .internalServerError
        }
    }

    public var reason: String { message }
}

/// The submission channel of the case engine (not NIO's).
typealias Channel = GongkaiCore.Channel
