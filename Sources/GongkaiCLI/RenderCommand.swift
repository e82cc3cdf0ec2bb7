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
        case md, json, html
    }

    @Argument(help: "报告 JSON 文件。")
    var report: String

    @Option(name: .long, help: "输出格式：html（网页，可打印为 A4）、md（Markdown）或 json（报告 JSON）。")
    var format: OutputFormat

    @Flag(name: .long, help: "HTML 只输出可嵌入门户页面的片段（<article>），不含 <html> 与 <head>。")
    var fragment = false

    @Option(name: [.short, .customLong("output")], help: "写入的文件；省略或为 - 时写到标准输出。")
    var output: String?

    func run() throws {
        try CLI.withInputErrors {
            let report = try CLI.loadReport(self.report).rechecked()
            let text = switch format {
            case .md: MarkdownRenderer.render(report)
            case .json: report.jsonText()
            case .html: HTMLRenderer.render(report, mode: fragment ? .fragment : .page)
            }
            try CLI.write(text, to: output)
        }
    }
}
