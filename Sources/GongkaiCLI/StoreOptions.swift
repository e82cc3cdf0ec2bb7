import ArgumentParser
import Foundation
import GongkaiCore
import GongkaiStore

/// `--data DIR`: where the SQLite file lives (PostgreSQL instead when DATABASE_URL is set).
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("data"), help: ArgumentHelp(
        "数据目录（默认 ./gongkai-data，或环境变量 GONGKAI_DATA）；设置了 DATABASE_URL 时使用 PostgreSQL。",
        valueName: "目录"))
    var directory: String?

    var backend: Backend { Backend.resolve(dataOption: directory) }

    /// The calendar with the notices imported into the store, or the shipped one when there is no store yet (a
    /// command that only reads the calendar does not create the data directory).
    func calendarIfStored() async throws -> WorkdayCalendar {
        if case let .sqlite(path) = backend, !FileManager.default.fileExists(atPath: path) { return .shipped }
        return try await withStore { try await $0.calendar() }
    }

    /// Opens the store, runs the body, and closes the store; storage failures become one line and exit status 2.
    func withStore<T>(_ body: (CaseStore) async throws -> T) async throws -> T {
        let store: CaseStore
        do {
            store = try await CaseStore.open(backend)
        } catch {
            CLI.printError(CaseStoreErrors.describe(error))
            throw CLI.unusableInput
        }
        do {
            let result = try await body(store)
            await store.close()
            return result
        } catch let error as ExitCode {
            await store.close()
            throw error
        } catch let error as InputError {
            await store.close()
            CLI.printError(error.description)
            throw CLI.unusableInput
        } catch let error as StoreError {
            await store.close()
            CLI.printError(error.description)
            throw CLI.unusableInput
        } catch {
            await store.close()
            CLI.printError("数据库操作失败：\(CaseStoreErrors.describe(error))")
            throw CLI.unusableInput
        }
    }
}

enum CaseStoreErrors {
    static func describe(_ error: any Error) -> String {
        if let error = error as? StoreError { return error.description }
        // PostgresNIO hides the server's message from `description`.
        let text = String(reflecting: error)
        return text.count > 400 ? String(text.prefix(400)) + "…" : text
    }
}
