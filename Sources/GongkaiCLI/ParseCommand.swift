import ArgumentParser
import GongkaiCore
import GongkaiParsing
import GongkaiRendering

/// `gongkai parse FILE`: reads a published report into the report JSON, with findings.
struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "读取一份已发布的年度报告（文本、Markdown），输出报告 JSON 及发现的问题。",
        discussion: "编码自动识别（UTF-8、UTF-16、GB18030/GBK）。无法确定的数字留空（null）并给出 MISSING-CELL，推算出的数字给出 CELL-INFERRED。"
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case json, text
    }

    @Argument(help: "报告文件。")
    var file: String

    @Option(name: .long, help: "输出格式：json（报告 JSON，默认）或 text（检查结果列表）。")
    var format: OutputFormat = .json

    func run() throws {
        let report = try CLI.withInputErrors {
            let bytes = try CLI.read(file)
            do {
                return try ReportReader.read(bytes: bytes)
            } catch let error as ReadError {
                throw InputError(file: file, reason: error.description)
            }
        }
        switch format {
        case .json: try CLI.write(report.jsonText(), to: nil)
        case .text:
            let title = "\(file)：\(ReportTitle.text(of: report))（\(report.format.displayName)）"
            try CLI.write(FindingsTextRenderer.render(report.findings, title: title), to: nil)
        }
    }
}
