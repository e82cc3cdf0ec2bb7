import ArgumentParser
import Foundation
import GongkaiCore
import GongkaiOffice
import GongkaiStore
import GongkaiWeb

/// `--reconsideration-body NAME --court NAME`: the remedies a reply letter names (the server's first agency, an
/// agency added or changed, one letter).
struct RemediesOptions: ParsableArguments {
    @Option(help: ArgumentHelp("答复书中告知的行政复议机关，例如“某某市人民政府”（不填则写“依法”）。", valueName: "名称"))
    var reconsiderationBody: String?

    @Option(help: ArgumentHelp("答复书中告知的人民法院，例如“某某区人民法院”（不填则写“依法”）。", valueName: "名称"))
    var court: String?

    /// Nil when neither is given.
    var remedies: ReplyLetter.Remedies? {
        reconsiderationBody == nil && court == nil ? nil : .init(reconsiderationBody: reconsiderationBody, court: court)
    }
}

/// `--agency-code CODE`: which agency a command works in (the installation's first when not given).
struct AgencyOption: ParsableArguments {
    @Option(name: .customLong("agency-code"), help: ArgumentHelp(
        "在哪个机关操作：机关代码（见 gongkai agencies list；默认本平台的首个机关）。", valueName: "代码"))
    var code: String?
}

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

    /// The office over the store working for one agency (`--agency-code`, else the installation's first), for the
    /// commands that read or change an agency's records: the same rules, permissions and audit as the web (the actor
    /// is `--by` or the operating-system user).
    func withOffice<T>(today: CivilDate = CivilDate.today, agency code: String? = nil, _ body: (Office) async throws -> T)
        async throws -> T
    {
        try await withStore { store in
            let name = ProcessInfo.processInfo.environment["GONGKAI_AGENCY"] ?? "示例市示例局"
            let office = Office(store: store, settings: OfficeSettings(agency: name, today: { today }), passwords: BcryptHasher())
            let agency: Agency
            if let code {
                do {
                    agency = try await office.agency(code: code)
                } catch let error as OfficeError {
                    let known = try await office.agencies().map(\.code).joined(separator: "、")
                    throw InputError(file: "--agency-code", reason: "\(error.message)（本平台的机关代码：\(known)）")
                }
            } else {
                agency = try await office.firstAgency()
            }
            // Not named yet (the server names it on its first start): letters and tables printed now use the
            // name of GONGKAI_AGENCY, without keeping it.
            var named = agency
            if named.name.isEmpty { named.name = name }
            return try await body(office.scoped(to: named))
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
