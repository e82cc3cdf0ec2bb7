import ArgumentParser
import Foundation
import GongkaiCore
import GongkaiOffice
import GongkaiRendering
import GongkaiSamples
import GongkaiStore
import GongkaiWeb

extension BenchCommand {
    /// `gongkai bench oversee`: a supervising office's year over N units — collecting N text reports (read and
    /// checked, on every core), measuring their 雷同, and the year's view (the dashboard's query).
    struct Oversee: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "oversee",
            abstract: "测量督查的用时：N 个单位各一份文本年度报告（制表符、一格一行、数字粘连、Markdown 轮换；3% 的单位抄了别人的一个部分），收集（读取与检查，多核）、计算内容雷同、统计该年度情况。",
            discussion: "SQLite：--data 目录（默认新建临时目录）；PostgreSQL：设置 DATABASE_URL（应是专用于测量的空库）。")

        @Option(help: "单位数（每个单位一份报告）。")
        var reports = 10_000

        @Option(help: "报告年度数（每个单位每年一份，止于 2024 年度）。")
        var years = 1

        @Option(help: "每批收集的文件数。")
        var batch = 500

        @Option(help: "统计该年度情况的轮数。")
        var rounds = 5

        @Option(name: .customLong("data"), help: "SQLite 数据目录（默认新建临时目录，测量后删除）。")
        var directory: String?

        @Flag(help: "数据库里已有上次测量收集的报告时，不再收集，只测量统计（配合 --data 或 DATABASE_URL）。")
        var reuse = false

        func run() async throws {
            try await BenchCommand.withStore(directory: directory) { try await measure($0) }
        }

        func measure(_ store: CaseStore) async throws {
            print("数据库：\(store.backend)；\(ProcessInfo.processInfo.activeProcessorCount) 核")
            var rng = SeededGenerator(seed: 15)
            let names = OversightShapes.unitNames(reports, using: &rng)
            let office = Office(store: store, settings: OfficeSettings(agency: "示例市人民政府", today: { CivilDate(year: 2025, month: 4, day: 1)! }),
                                passwords: BcryptHasher(cost: 4))
            let scoped = office.scoped(to: try await office.firstAgency())
            if reuse, try await !store.roster(owner: Agency.firstID).isEmpty {
                print("沿用库中已收集的报告")
            } else {
                try await collect(names: names, office: scoped, store: store)
            }
            try await view(office: scoped)
        }

        func collect(names: [String], office scoped: Office, store: CaseStore) async throws {
            let clock = ContinuousClock()
            let actor = Actor.commandLine("bench")
            _ = try await scoped.importRoster(names.map { RosterUnit(name: $0, level: .department) }, file: "bench", by: actor)

            // The files, made batch by batch (memory stays that of one batch).
            let layouts: [ReportShapes.Layout] = [.tabs, .cellPerLine, .glued]
            var firstSections: [String] = []
            func files(_ range: Range<Int>, year: Int) -> [(name: String, bytes: [UInt8])] {
                range.map { k in
                    var local = SeededGenerator(seed: UInt64(k) &* 7919 &+ UInt64(year) &* 104_729 &+ 1)
                    var report = ReportGenerator().report(format: .y2021, scale: .small, using: &local)
                    report.agency = names[k]
                    report.year = year
                    // A few late: published in February.
                    let late = Int.random(in: 0..<25, using: &local) == 0
                    report.publishedOn = CivilDate(year: year + 1, month: late ? 2 : 1, day: Int.random(in: 5...28, using: &local))
                    report.sections = OversightShapes.sections(for: report, using: &local)
                    if k % 33 == 5, !firstSections.isEmpty { report.sections![0].text = firstSections[(k / 33) % firstSections.count] }
                    if firstSections.count < 64 { firstSections.append(report.sections![0].text) }
                    let text = k % 4 == 3 ? MarkdownRenderer.render(report) : ReportShapes.text(report, layout: layouts[k % 3])
                    return ("\(year)/单位\(k).txt", Array(text.utf8))
                }
            }
            var bytes = 0
            var collected = 0
            var readSeconds = 0.0
            let span = (2025 - max(1, years))...2024
            let total = reports * span.count
            let roster = try await scoped.rosterNames(by: actor)
            let (_, collectPeak) = try await BenchCommand.anonymousPeak {
                for year in span {
                    firstSections = []
                    for start in stride(from: 0, to: reports, by: batch) {
                        let chunk = files(start..<min(reports, start + batch), year: year)
                        bytes += chunk.reduce(0) { $0 + $1.bytes.count }
                        let t = clock.now
                        let result = try await scoped.collect(chunk, measure: false, names: roster, by: actor)
                        readSeconds += BenchCommand.seconds(clock.now - t)
                        collected += result.added.count
                        FileHandle.standardError.write(Data("\r收集 \(collected)/\(total)…".utf8))
                    }
                }
            }
            FileHandle.standardError.write(Data("\n".utf8))
            print(String(format: "收集（读取、检查、写入）%d 份报告（%d 个年度），平均每份 %d 字节：%.1f 秒，每秒 %.0f 份", collected, span.count,
                         bytes / max(1, total), readSeconds, Double(collected) / readSeconds) + BenchCommand.memoryNote(anonymous: collectPeak))
            BenchCommand.resetPeakMemory()

            let t = clock.now
            let (_, refreshPeak) = try await BenchCommand.anonymousPeak { try await scoped.refresh(years: [2024], by: actor) }
            let reuseSeconds = BenchCommand.seconds(clock.now - t)
            let peak = BenchCommand.memoryNote(anonymous: refreshPeak)
            let reused = try await store.storedFindings(year: 2024, owner: Agency.firstID).filter { $0.finding.code == .textReused }.count
            print(String(format: "2024 年度的检查（对照上年度）与内容雷同（%d 份报告，各 6 个部分），写入问题与数据：%.2f 秒，雷同 %d 处", reports,
                         reuseSeconds, reused) + peak)
            if span.count > 1 {
                let t = clock.now
                try await scoped.refresh(years: Set(span.dropLast()), by: actor)
                print(String(format: "其余 %d 个年度的检查与内容雷同：%.1f 秒", span.count - 1, BenchCommand.seconds(clock.now - t)))
            }

        }

        func view(office scoped: Office) async throws {
            let clock = ContinuousClock()
            let actor = Actor.commandLine("bench")
            // Each page's read twice: the first after a change (worked out from the rows), and again (remembered
            // under the data's stamp: one small query).
            func measure(_ body: () async throws -> Void) async rethrows -> (cold: Double, warm: Double) {
                var cold: [Double] = [], warm: [Double] = []
                for _ in 0..<rounds {
                    Office.forgetOversight()
                    var t = clock.now
                    try await body()
                    cold.append(BenchCommand.seconds(clock.now - t) * 1000)
                    t = clock.now
                    try await body()
                    warm.append(BenchCommand.seconds(clock.now - t) * 1000)
                }
                return (cold.sorted()[cold.count / 2], warm.sorted()[warm.count / 2])
            }
            var units = 0
            let summary = try await measure { units = try await scoped.oversightSummary(year: 2024, by: actor).units.count }
            print(String(format: "该年度情况（%d 个单位的发布情况与问题数）：变动后首次 中位 %.0f 毫秒，再次 %.1f 毫秒", units, summary.cold, summary.warm))

            // A unit's page: its findings, and the other side of each 雷同.
            let view = try await scoped.oversightSummary(year: 2024, by: actor)
            var unitTimes: [Double] = []
            for unit in view.units.prefix(max(rounds, 20)) {
                let t = clock.now
                _ = try await scoped.oversight(year: 2024, unit: unit.unit.no, by: actor)
                unitTimes.append(BenchCommand.seconds(clock.now - t) * 1000)
            }
            unitTimes.sort()
            print(String(format: "一个单位的情况（%d 个单位，各自的全部问题）：中位 %.1f 毫秒，最慢 %.1f 毫秒", unitTimes.count,
                         unitTimes[unitTimes.count / 2], unitTimes.last!))

            // The region page: five years' trend, the year's tables added up, the ranking; a sum's units.
            var reportsSeen = 0
            var cellAfterTables: [Double] = []
            let trend = try await measure { reportsSeen = try await scoped.oversightTrend(years: 2020...2024, by: actor).reduce(0) { $0 + $1.reports } }
            let tables = try await measure { _ = try await scoped.oversightTables(year: 2024, by: actor) }
            let ranking = try await measure { _ = try await scoped.oversightRanking(year: 2024, minimum: 10, by: actor) }
            let cell = try await measure { _ = try await scoped.oversightCell(year: 2024, key: "table3.granted[6]", by: actor) }
            print(String(format: "全区（变动后首次 / 再次，中位，毫秒）：五年趋势（%d 份报告）%.0f / %.1f；该年度报表合计 %.0f / %.1f；排名 %.0f / %.1f；一个合计数背后的单位 %.0f / %.0f",
                         reportsSeen, trend.cold, trend.warm, tables.cold, tables.warm, ranking.cold, ranking.warm, cell.cold, cell.warm))
            // As a supervisor reads them: the region's API (trend, tables and ranking in one answer), then a sum opened
            // from the tables (the tables, the sum's units and the ranking share what they read).
            let regionAPI = try await measure {
                _ = try await scoped.oversightTrend(years: 2020...2024, by: actor)
                _ = try await scoped.oversightTables(year: 2024, by: actor)
                _ = try await scoped.oversightRanking(year: 2024, minimum: 10, by: actor)
            }
            let tablesThenCell = try await measure {
                _ = try await scoped.oversightTables(year: 2024, by: actor)
                let t = clock.now
                _ = try await scoped.oversightCell(year: 2024, key: "table3.granted[6]", by: actor)
                cellAfterTables.append(BenchCommand.seconds(clock.now - t) * 1000)
            }
            // Each round reads twice: the first of each pair is the one after a change.
            let cellAfterChange = stride(from: 0, to: cellAfterTables.count, by: 2).map { cellAfterTables[$0] }.sorted()
            print(String(format: "全区的接口（五年趋势、报表合计、排名一次读出）：变动后首次 中位 %.0f 毫秒；先看报表合计、再打开一个合计数背后的单位：共 %.0f 毫秒，其中后者 %.0f 毫秒",
                         regionAPI.cold, tablesThenCell.cold, cellAfterChange[cellAfterChange.count / 2]))

            // The change a supervisor makes most while reading: a finding reviewed. Each round marks one 已确认 and
            // back to 待核实 (as it was), then reads each page once.
            guard let reviewed = view.units.first(where: { !$0.tally.isEmpty }),
                  let finding = try await scoped.oversight(year: 2024, unit: reviewed.unit.no, by: actor).unit.findings.first
            else { return }
            var after: [String: [Double]] = [:]
            for round in 0..<max(rounds, 1) * 2 {
                try await scoped.review(finding: finding.key, unit: reviewed.unit.no, year: 2024, status: round % 2 == 0 ? .confirmed : .open,
                                        reason: nil, by: actor)
                for (name, body) in [("summary", { _ = try await scoped.oversightSummary(year: 2024, by: actor) }),
                                     ("trend", { _ = try await scoped.oversightTrend(years: 2020...2024, by: actor) }),
                                     ("tables", { _ = try await scoped.oversightTables(year: 2024, by: actor) }),
                                     ("ranking", { _ = try await scoped.oversightRanking(year: 2024, minimum: 10, by: actor) })]
                    as [(String, () async throws -> Void)]
                {
                    let t = clock.now
                    try await body()
                    after[name, default: []].append(BenchCommand.seconds(clock.now - t) * 1000)
                }
            }
            func median(_ name: String) -> Double { let v = after[name]!.sorted(); return v[v.count / 2] }
            print(String(format: "核实一条问题之后首次（中位，毫秒）：该年度情况 %.0f；五年趋势 %.0f；报表合计 %.1f；排名 %.1f",
                         median("summary"), median("trend"), median("tables"), median("ranking")))
        }
    }
}
