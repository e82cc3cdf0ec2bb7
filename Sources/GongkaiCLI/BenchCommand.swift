import ArgumentParser
import Foundation
import GongkaiCore

/// `gongkai bench`: measurements of speed, reported as figures (never asserted by tests).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "性能测量（在 release 构建下运行）。",
        subcommands: [Checks.self]
    )

    struct Checks: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "测量检查速度：对随机生成的报告运行全部检查，给出每秒检查份数。"
        )

        @Option(help: "报告份数。")
        var count = 10_000

        @Option(help: "重复次数（取中位数）。")
        var runs = 5

        @Option(help: "随机种子。")
        var seed: UInt64 = 2024

        @Flag(help: "只有表格、没有正文的报告（不计正文数字核对的耗时）。")
        var tablesOnly = false

        func validate() throws {
            guard count > 0, runs > 0 else { throw ValidationError("--count 和 --runs 必须为正数") }
        }

        func run() throws {
            var rng = SeededGenerator(seed: seed)
            let generator = ReportGenerator()
            let reports = (0..<count).map { i in
                var report = generator.report(
                    format: i % 4 == 0 ? .y2019 : .y2021, scale: ReportGenerator.Scale.allCases[i % 3], using: &rng)
                // One report in ten carries an error, so that message building is measured too.
                if i % 10 == 0, var t3 = report.table3 {
                    t3[.granted, 0] = (t3[.granted, 0] ?? 0) + 1
                    report.table3 = t3
                }
                if tablesOnly { report.sections = nil }
                return report
            }
            var seconds: [Double] = []
            var findingCount = 0
            for _ in 0..<runs {
                let clock = ContinuousClock()
                var found = 0
                let elapsed = clock.measure {
                    for report in reports { found += ReportChecker.check(report).count }
                }
                findingCount = found
                seconds.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            }
            seconds.sort()
            let median = seconds[seconds.count / 2]
            let content = tablesOnly ? "只有三张表" : "含六个部分的正文与三张表"
            print("检查 \(count) 份报告（\(content)，约一成有错），重复 \(runs) 次")
            print(String(format: "中位耗时 %.3f 秒，最快 %.3f 秒", median, seconds[0]))
            print(String(format: "每秒检查 %.0f 份（中位），单核", Double(count) / median))
            print("共发现 \(findingCount) 项问题")
        }
    }
}
