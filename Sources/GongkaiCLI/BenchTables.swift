import ArgumentParser
import Foundation
import GongkaiCore
import GongkaiStore

extension BenchCommand {
    /// Runs a measurement on the store of `DATABASE_URL` (PostgreSQL), else on SQLite in `directory` (a new temporary
    /// one, removed afterwards, when nil); storage failures become one line and exit status 2.
    static func withStore(directory: String?, _ body: (CaseStore) async throws -> Void) async throws {
        let environment = ProcessInfo.processInfo.environment
        var temporary: String?
        let backend: Backend
        if let url = environment["DATABASE_URL"], !url.isEmpty {
            backend = .postgres(url: url)
        } else {
            let dir = directory ?? {
                let t = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-bench-\(UUID().uuidString)").path
                temporary = t
                return t
            }()
            backend = .sqlite(path: (dir as NSString).appendingPathComponent("gongkai.sqlite"))
        }
        defer { if let temporary { try? FileManager.default.removeItem(atPath: temporary) } }
        let store: CaseStore
        do { store = try await CaseStore.open(backend) } catch {
            CLI.printError(CaseStore.describe(error))
            throw CLI.unusableInput
        }
        do {
            try await body(store)
            await store.close()
        } catch {
            await store.close()
            CLI.printError(CaseStore.describe(error))
            throw CLI.unusableInput
        }
    }

    /// `gongkai bench tables`: the time to count a year's tables 三 and 四 from N stored cases.
    struct Tables: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "tables",
            abstract: "测量由申请台账统计年度表三、表四的用时：向数据库写入 N 件随机申请（已有则复用），再多轮统计某一年度。",
            discussion: "SQLite：--data 目录（默认新建临时目录）；PostgreSQL：设置 DATABASE_URL（应是专用于测量的空库）。")

        @Option(help: "申请件数。")
        var cases = 1_000_000

        @Option(help: "统计的年度（随机申请的收件年份为 2021–2025）。")
        var year = 2025

        @Option(help: "轮数。")
        var rounds = 5

        @Option(help: "随机种子。")
        var seed: UInt64 = 42

        @Option(name: .customLong("data"), help: "SQLite 数据目录（默认新建临时目录，测量后删除）。")
        var directory: String?

        func run() async throws {
            try await BenchCommand.withStore(directory: directory) { try await measure($0) }
        }

        func measure(_ store: CaseStore) async throws {
            let clock = ContinuousClock()
            let present = try await store.caseCount()
            print("数据库：\(store.backend)")
            if present < cases {
                var generator = CaseGenerator(seed: seed &+ UInt64(present), years: 2021...2025, today: CivilDate(year: 2025, month: 12, day: 20)!)
                var inserted = 0
                let start = clock.now
                while present + inserted < cases {
                    let n = min(50_000, cases - present - inserted)
                    let batch = (0..<n).map { i in
                        var record = generator.record(number: present + inserted + i + 1)
                        record.id = "B\(present + inserted + i + 1)"
                        return record
                    }
                    try await store.insert(batch, agency: Agency.firstID)
                    inserted += n
                    FileHandle.standardError.write(Data("\r写入 \(present + inserted)/\(cases) 件…".utf8))
                }
                let s = BenchCommand.seconds(clock.now - start)
                FileHandle.standardError.write(Data("\n".utf8))
                print(String(format: "写入 %d 件申请（含全部事件）：%.1f 秒，%.0f 件/秒", inserted, s, Double(inserted) / s))
            }
            let total = try await store.caseCount()
            var times: [Double] = []
            var tally = CaseTally()
            for _ in 0..<max(rounds, 1) {
                let start = clock.now
                tally = try await store.tally(year: year, agency: Agency.firstID)
                times.append(BenchCommand.seconds(clock.now - start))
            }
            times.sort()
            let report = tally.report(year: year)
            let t3 = report.table3!
            print("库中申请 \(total) 件；\(year) 年度：新收 \(t3[.received, 6]!)，上年结转 \(t3[.carriedOver, 6]!)，办结 \(t3[.total, 6]!)，结转下年度 \(t3[.carriedForward, 6]!)")
            print(String(format: "统计 %d 年度表三、表四（%d 轮）：最快 %.3f 秒，中位数 %.3f 秒", year, times.count, times[0], times[times.count / 2]))
            let memoryStart = clock.now
            var inMemory: [CaseRecord] = []
            try await store.forEachBatch(of: 5000) { inMemory += $0 }
            let loaded = BenchCommand.seconds(clock.now - memoryStart)
            let countStart = clock.now
            let recount = CaseTally(cases: inMemory, year: year)
            let counted = BenchCommand.seconds(clock.now - countStart)
            print(String(format: "对照：读出全部申请 %.1f 秒，在内存中重新统计 %.3f 秒；两种统计%@", loaded, counted,
                         recount.report(year: year) == report ? "一致" : "不一致！"))
        }
    }
}
