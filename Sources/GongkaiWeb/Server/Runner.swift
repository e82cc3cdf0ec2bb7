import GongkaiStore
import NIOCore
import Vapor

/// Why the server could not start, in words an administrator can act on.
public struct StartupError: Error, CustomStringConvertible {
    public let description: String
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
            do {
                try await app.startup()
            } catch let error as IOError where error.errnoCode == EADDRINUSE {
                throw StartupError(description: "端口 \(port) 已被占用（\(host):\(port) 上已有程序在监听，可能是另一个 gongkai serve）：请停止它，或用 --port 换一个端口")
            } catch let error as IOError where error.errnoCode == EACCES {
                throw StartupError(description: "没有权限监听端口 \(port)（1024 以下的端口需要管理员权限）：请用 --port 换一个 1024 以上的端口")
            } catch let error as IOError where error.errnoCode == EADDRNOTAVAIL {
                throw StartupError(description: "本机没有地址 \(host)：请检查 --host（本机用 127.0.0.1，对外服务用 0.0.0.0）")
            }
            announce("http://\(host == "0.0.0.0" ? "127.0.0.1" : host):\(port)/")
            try await app.running?.onStop.get()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
