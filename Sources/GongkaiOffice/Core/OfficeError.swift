import GongkaiStore

/// What can go wrong in a use case, by kind: the web maps each kind to one HTTP status and the CLI to its exit
/// status, in one place each, and the message (Chinese, for the user) is shown as it is.
public enum OfficeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The case, user, report… does not exist.
    case notFound(String)
    /// The change conflicts with what is stored or with the state of things (signed off already, not yet saved…).
    case conflict(String)
    /// An input that cannot be accepted; `field` names the form field at fault when there is one.
    case invalid(String, field: String?)
    /// The actor may not do this.
    case forbidden(String)
    /// Nobody is logged in, or the name or password is wrong.
    case unauthenticated(String)
    /// Too many attempts from one address; try again later.
    case tooManyAttempts(String)
    /// The database or an external tool cannot be used now.
    case unavailable(String)
    /// What is stored cannot be read back.
    case corrupt(String)

    public static func invalid(_ message: String) -> OfficeError { .invalid(message, field: nil) }

    public var message: String {
        switch self {
        case let .notFound(m), let .conflict(m), let .invalid(m, _), let .forbidden(m), let .unauthenticated(m),
             let .tooManyAttempts(m), let .unavailable(m), let .corrupt(m):
            m
        }
    }

    public var field: String? {
        if case let .invalid(_, field) = self { return field }
        return nil
    }

    public var description: String { message }

    /// A store failure as the office's error of the same kind.
    public init(_ error: StoreError) {
        switch error.kind {
        case .notFound: self = .notFound(error.description)
        case .conflict: self = .conflict(error.description)
        case .invalid: self = .invalid(error.description)
        case .unavailable: self = .unavailable(error.description)
        case .corrupt: self = .corrupt(error.description)
        }
    }
}

/// Runs a store operation, turning its `StoreError` into the office's error of the same kind.
func stored<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as StoreError {
        throw OfficeError(error)
    }
}
