import GongkaiStore
import Vapor

/// Password hashing for staff accounts (Bcrypt, cost 12), for the server and `gongkai users`.
public enum Passwords {
    public static func hash(_ password: String) throws -> String { try Bcrypt.hash(password, cost: 12) }

    public static func verify(_ password: String, hash: String) -> Bool { (try? Bcrypt.verify(password, created: hash)) ?? false }
}

/// Runs the server until it is stopped (Ctrl-C or SIGTERM).
public enum ServerRunner {
    public static func run(store: CaseStore, settings: ServerSettings, host: String, port: Int, announce: @escaping @Sendable (String) -> Void)
        async throws
    {
        let app = try await Application.make(Environment(name: "production", arguments: ["gongkai"]))
        app.http.server.configuration.hostname = host
        app.http.server.configuration.port = port
        app.logger.logLevel = .notice
        do {
            try GongkaiServer.configure(app, store: store, settings: settings)
            try await app.startup()
            announce("http://\(host == "0.0.0.0" ? "127.0.0.1" : host):\(port)/")
            try await app.running?.onStop.get()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
