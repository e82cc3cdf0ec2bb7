import ArgumentParser
import GongkaiCore
import GongkaiRendering

/// `gongkai render REPORT.json --format md|json`: the report in official order, with its check findings.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "按国家格式输出年度报告：六个部分及表二、表三、表四，并附检查结果。"
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case md, json
    }

    @Argument(help: "报告 JSON 文件。")
    var report: String

    @Option(name: .long, help: "输出格式：md（Markdown）或 json（报告 JSON）。")
    var format: OutputFormat

    @Option(name: [.short, .customLong("output")], help: "写入的文件；省略或为 - 时写到标准输出。")
    var output: String?

    func run() throws {
        try CLI.withInputErrors {
            let report = try CLI.loadReport(self.report).rechecked()
            let text = switch format {
            case .md: MarkdownRenderer.render(report)
            case .json: report.jsonText()
            }
            try CLI.write(text, to: output)
        }
    }
}
