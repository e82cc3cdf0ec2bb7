import ArgumentParser
import Foundation
import GongkaiCore
import GongkaiOffice
import GongkaiStore

extension BenchCommand {
    /// `gongkai bench search`: catalogue search times over N records, by query length, beside a plain `LIKE` scan of
    /// the same rows in the same run.
    struct Search: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "search",
            abstract: "测量主动公开目录检索的用时：写入 N 条目录记录（已有则复用），按 1、2、4 个字的检索词各测多轮（一页 20 条及总数），并与同一批记录上的 LIKE 逐条比对对照。",
            discussion: "SQLite：--data 目录（默认新建临时目录）；PostgreSQL：设置 DATABASE_URL（应是专用于测量的空库）。")

        @Option(help: "目录记录条数。")
        var records = 100_000

        @Option(help: "每个检索词的轮数。")
        var rounds = 20

        @Option(name: .customLong("data"), help: "SQLite 数据目录（默认新建临时目录，测量后删除）。")
        var directory: String?

        static let words: [(label: String, words: [String])] = [
            ("1 个字", ["药", "诊", "罚", "检"]),
            ("2 个字", ["许可", "疫苗", "医疗", "监测", "防控", "预算", "招聘", "登革"]),
            ("4 个字", ["家庭医生", "公共场所", "执业许可", "专项检查"]),
        ]

        func run() async throws {
            try await BenchCommand.withStore(directory: directory) { try await measure($0) }
        }

        func measure(_ store: CaseStore) async throws {
            let clock = ContinuousClock()
            print("数据库：\(store.backend)")
            let present = try await store.catalogueCount(agency: Agency.firstID)
            if present < records {
                let years = 2012...2026
                var generator = CatalogueGenerator(seed: UInt64(present) &+ 7, agency: "示例市示例局")
                let all = generator.records(years: years, perYear: (records - present) / years.count + 1,
                                            until: CivilDate(year: 2026, month: 11, day: 30)!)
                // The generator numbers from 1 each run: numbers of a later run are made distinct by a prefix.
                let batch = all.prefix(records - present).enumerated().map { i, record in
                    var record = record
                    record.indexNumber = "B\(present + i + 1)-" + (record.indexNumber ?? "")
                    record.publishedOn = record.publishedOn ?? record.formedOn
                    return record
                }
                let start = clock.now
                var written = 0
                for chunk in Array(batch).chunks(ofCount: 5000) {
                    _ = try await store.importCatalogue(Array(chunk), agency: Agency.firstID, rule: nil, by: "bench", audit: nil)
                    written += chunk.count
                    FileHandle.standardError.write(Data("\r写入 \(present + written)/\(records) 条…".utf8))
                }
                let s = BenchCommand.seconds(clock.now - start)
                FileHandle.standardError.write(Data("\n".utf8))
                print(String(format: "写入 %d 条目录记录（含检索索引）：%.1f 秒，%.0f 条/秒", written, s, Double(written) / s))
            }
            let total = try await store.catalogueCount(agency: Agency.firstID)
            print("库中目录记录 \(total) 条；每个检索词 \(rounds) 轮，每轮取第一页 20 条及总数")
            print("检索词      方式        中位数     p95      命中（条；+ 表示计数到此为止）")
            let filter = CatalogueFilter(agency: Agency.firstID)
            // The public page counts hits up to Office.countedSearchHits; the API and the CLI exactly.
            let ways: [(plan: CaseStore.CatalogueSearchPlan?, cap: Int?)] = [(nil, Office.countedSearchHits), (nil, nil), (.like, nil)]
            for (label, words) in Self.words {
                for (plan, cap) in ways where !(label == "1 个字" && plan == nil && cap == nil) {
                    var times: [Double] = []
                    var hits: [String] = []
                    for word in words {
                        let query = SearchText.query(word)
                        for round in 0..<max(rounds, 1) {
                            let start = clock.now
                            let result = try await store.searchCatalogue(query, filter: filter, limit: 20, countUpTo: cap, plan: plan)
                            times.append(BenchCommand.seconds(clock.now - start) * 1000)
                            if round == 0 { hits.append("\(result.total)\(result.more ? "+" : "")") }
                        }
                    }
                    times.sort()
                    let p50 = times[times.count / 2], p95 = times[min(times.count - 1, times.count * 95 / 100)]
                    let way = plan == .like ? "LIKE      " : (label == "1 个字" ? "逐条比对  " : (cap == nil ? "索引·全数 " : "索引·千条 "))
                    print(String(format: "%@  %@  %7.1f ms  %7.1f ms  %@", label, way, p50, p95,
                                 zip(words, hits).map { "\($0)=\($1)" }.joined(separator: " ")))
                }
            }
        }
    }
}
