import ArgumentParser
import GongkaiCore
import GongkaiRendering

/// `gongkai check REPORT.json`: runs every check of the engine and prints the findings.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "检查一份年度报告（报告 JSON），列出所有问题。",
        discussion: "退出码：0 没有错误；1 有错误；2 输入无法使用。"
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: "要检查的报告 JSON 文件。")
    var report: String

    @Option(name: .long, help: "上一年度的报告 JSON，用于核对结转数（上年结转 = 上年度的结转下年度）。")
    var previous: String?

    @Option(name: .long, help: "输出格式：text（对齐的表格，默认）或 json。")
    var format: OutputFormat = .text

    func run() throws {
        let (report, previous) = try CLI.withInputErrors {
            (try CLI.loadReport(self.report), try self.previous.map(CLI.loadReport))
        }
        // Errors first; within a severity, the order of the checks (structure, year, table 二, 三, 四, prose).
        let findings = report.rechecked(previous: previous).findings.enumerated()
            .sorted { ($0.element.severity, $0.offset) < ($1.element.severity, $1.offset) }
            .map(\.element)
        switch format {
        case .text:
            let title = "\(self.report)：\(ReportTitle.text(of: report))（\(report.format.displayName)）"
            try CLI.write(FindingsTextRenderer.render(findings, title: title), to: nil)
        case .json:
            let counts = JSON.object(Severity.allCases.map { s in (s.rawValue, .int(findings.filter { $0.severity == s }.count)) })
            let json = JSON.object([
                ("file", .string(self.report)),
                ("agency", report.agency.map(JSON.string) ?? .null),
                ("year", report.year.map(JSON.int) ?? .null),
                ("format", .string(report.format.rawValue)),
                ("counts", counts),
                ("findings", .array(findings.map(\.json))),
            ])
            try CLI.write(JSONWriter.string(json), to: nil)
        }
        if findings.contains(where: { $0.severity == .error }) { throw ExitCode(1) }
    }
}
