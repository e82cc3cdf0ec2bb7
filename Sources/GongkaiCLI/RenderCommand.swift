import Foundation
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
        case md, json, html, docx
    }

    @Argument(help: "报告 JSON 文件。")
    var report: String

    @Option(name: .long, help: "输出格式：docx（Word 文档，须用 -o 指定文件）、html（网页，可打印为 A4）、md（Markdown）或 json（报告 JSON）。")
    var format: OutputFormat

    @Flag(name: .long, help: "HTML 只输出可嵌入门户页面的片段（<article>），不含 <html> 与 <head>。")
    var fragment = false

    @Option(name: [.short, .customLong("output")], help: "写入的文件；省略或为 - 时写到标准输出。")
    var output: String?

    func validate() throws {
        if format == .docx, output == nil || output == "-" {
            throw ValidationError("DOCX 是二进制文件，请用 -o 指定输出文件，例如 -o 报告.docx")
        }
    }

    func run() throws {
        try CLI.withInputErrors {
            let report = try CLI.loadReport(self.report).rechecked()
            if format == .docx, let output {
                do {
                    try DocxRenderer.render(report).write(to: URL(fileURLWithPath: output), options: .atomic)
                } catch {
                    throw InputError(file: output, reason: "无法写入 DOCX（\(error)）")
                }
                return
            }
            let text = switch format {
            case .md: MarkdownRenderer.render(report)
            case .json: report.jsonText()
            case .html: HTMLRenderer.render(report, mode: fragment ? .fragment : .page)
            case .docx: ""  // written above
            }
            try CLI.write(text, to: output)
        }
    }
}
