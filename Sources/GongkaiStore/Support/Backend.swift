import Foundation

/// Where the data lives: a SQLite file in the data directory (the default, `./gongkai-data`), or PostgreSQL when
/// `DATABASE_URL` is set.
public enum Backend: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String)

    /// The data directory: `--data DIR`, else `GONGKAI_DATA`, else `./gongkai-data`.
    public static func dataDirectory(option: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        -> String
    {
        option ?? environment["GONGKAI_DATA"].flatMap { $0.isEmpty ? nil : $0 } ?? "gongkai-data"
    }

    /// PostgreSQL when `DATABASE_URL` is set, else the SQLite file `gongkai.sqlite` in the data directory.
    public static func resolve(dataOption: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        -> Backend
    {
        if let url = environment["DATABASE_URL"], !url.isEmpty { return .postgres(url: url) }
        let directory = dataDirectory(option: dataOption, environment: environment)
        return .sqlite(path: (directory as NSString).appendingPathComponent("gongkai.sqlite"))
    }

    public var description: String {
        switch self {
        case let .sqlite(path): "SQLite（\(path)）"
        case let .postgres(url): "PostgreSQL（\(Self.redacted(url))）"
        }
    }

    /// The URL without its password.
    static func redacted(_ url: String) -> String {
        guard var parts = URLComponents(string: url) else { return "…" }
        if parts.password != nil { parts.password = "***" }
        return parts.string ?? "…"
    }
}

/// A storage failure, with a Chinese message for the user and what kind of failure it is (the office layer maps the
/// kind to its own errors, and the web to HTTP statuses, without reading the message).
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// What was asked for does not exist.
        case notFound
        /// The change conflicts with what is stored (a name taken, a step out of order, history rewritten).
        case conflict
        /// The input cannot be stored as it is.
        case invalid
        /// The database cannot be reached or opened.
        case unavailable
        /// What is stored cannot be read back.
        case corrupt
    }

    public let kind: Kind
    public let description: String

    public init(_ description: String, kind: Kind = .invalid) {
        self.kind = kind
        self.description = description
    }

    public static func notFound(_ description: String) -> StoreError { StoreError(description, kind: .notFound) }
    public static func conflict(_ description: String) -> StoreError { StoreError(description, kind: .conflict) }
}
