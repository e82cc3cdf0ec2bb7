import ArgumentParser

/// `gongkai`: the command-line entry to the report engine.
public struct GongkaiCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "gongkai",
        abstract: "公开（Gongkai）：政府信息公开工作年度报告的检查、读取、生成，以及依申请公开的台账、期限与统计。",
        discussion: """
            退出码：0 表示没有错误；1 表示报告有错误级别的问题；2 表示输入无法使用（文件不存在、JSON 格式错误等）。
            """,
        version: "0.1.0",
        subcommands: [
            CheckCommand.self, ParseCommand.self, RenderCommand.self, DeadlineCommand.self, CasesCommand.self,
            ReportCommand.self, CatalogueCommand.self, CalendarCommand.self, ServeCommand.self, UsersCommand.self, AgenciesCommand.self, BackupCommand.self,
            RestoreCommand.self, OverseeCommand.self,
            BenchCommand.self,
        ]
    )

    public init() {}
}
