import ArgumentParser
import Foundation
import GongkaiCore
import GongkaiOffice
import GongkaiStore
import GongkaiWeb

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

    /// The office over the store, for the commands that change something: the same rules, permissions and audit as
    /// the web (the actor is `--by` or the operating-system user).
    func withOffice<T>(today: CivilDate = CivilDate.today, _ body: (Office) async throws -> T) async throws -> T {
        try await withStore { store in
            let agency = ProcessInfo.processInfo.environment["GONGKAI_AGENCY"] ?? "示例市示例局"
            return try await body(Office(store: store, settings: OfficeSettings(agency: agency, today: { today }),
                                         passwords: BcryptHasher()))
        }
    }

    /// Opens the store, runs the body, and closes the store; storage failures become one line and exit status 2.
    func withStore<T>(_ body: (CaseStore) async throws -> T) async throws -> T {
        let store: CaseStore
        do {
            store = try await CaseStore.open(backend)
        } catch {
            CLI.printError(CaseStore.describe(error))
            throw CLI.unusableInput
        }
        let result: T
        do {
            result = try await body(store)
        } catch {
            await store.close()
            switch error {
            case let error as ExitCode: throw error
            case let error as InputError: CLI.printError(error.description)
            case let error as StoreError: CLI.printError(error.description)
            case let error as OfficeError: CLI.printError(error.message)
            default: CLI.printError("数据库操作失败：\(CaseStore.describe(error))")
            }
            throw CLI.unusableInput
        }
        await store.close()
        return result
    }
}
