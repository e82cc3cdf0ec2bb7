import ArgumentParser
import Foundation
import GongkaiStore

/// `gongkai backup -o FILE` and `gongkai restore FILE`: a copy an office can keep, and the way back from it.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "备份全部数据（申请台账、账户、操作日志、年度报告等）到一个文件；网站运行中也可备份，得到的是同一时刻的完整副本。",
        discussion: """
            SQLite（默认）：写出一个完整的数据库文件，用 gongkai restore 恢复。PostgreSQL：请用 pg_dump（本命令会检查数据库能否连接并给出命令）。
            定时备份示例（每天 02:30，保留文件名中的日期；crontab -e 中加入一行）：
              30 2 * * * cd /srv/gongkai && ./gongkai backup --data gongkai-data -o /备份/gongkai-$(date +\\%F).sqlite
            """)

    @Option(name: .shortAndLong, help: ArgumentHelp("备份文件（不能已存在）。", valueName: "文件"))
    var output: String

    @OptionGroup var store: StoreOptions

    func run() async throws {
        try await store.withStore { store in
            try await store.backup(to: output)
            let size = (try? FileManager.default.attributesOfItem(atPath: output)[.size] as? Int) ?? 0
            let cases = try await store.caseCount()
            print("已备份到 \(output)（\(size / 1024) KB；申请 \(cases) 件）。恢复：gongkai restore \(output) --data 新的数据目录")
        }
    }
}

struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "从 gongkai backup 的备份文件恢复到一个空的数据目录（不会覆盖已有数据）。",
        discussion: "恢复前检查备份文件的完整性；恢复后用 gongkai serve --data 该目录 启动。")

    @Argument(help: ArgumentHelp("备份文件。", valueName: "文件"))
    var file: String

    @OptionGroup var store: StoreOptions

    func run() async throws {
        if ProcessInfo.processInfo.environment["DATABASE_URL"].map({ !$0.isEmpty }) == true {
            CLI.printError("设置了 DATABASE_URL（PostgreSQL）：PostgreSQL 的备份请用 pg_restore 恢复；本命令只恢复到 SQLite 数据目录")
            throw CLI.unusableInput
        }
        let directory = Backend.dataDirectory(option: store.directory)
        do {
            let backend = try await CaseStore.restore(file, into: directory)
            let restored = try await CaseStore.open(backend)
            let cases = try await restored.caseCount()
            let users = try await restored.userCount()
            await restored.close()
            print("已从 \(file) 恢复到 \(directory)：申请 \(cases) 件，账户 \(users) 个。启动：gongkai serve --data \(directory)")
        } catch let error as StoreError {
            CLI.printError(error.description)
            throw CLI.unusableInput
        }
    }
}
