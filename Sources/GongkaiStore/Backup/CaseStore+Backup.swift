import FluentKit
import Foundation
import GongkaiCore
import SQLKit

extension CaseStore {
    /// Writes a consistent copy of the whole database to `path` while it is in use (SQLite's `VACUUM INTO`: one
    /// read transaction, so a server may go on writing; the copy is compact and complete). Refuses an existing file.
    /// PostgreSQL has its own tool: the error says to use `pg_dump`, after checking that the database answers.
    public func backup(to path: String) async throws {
        switch backend {
        case .sqlite:
            guard !FileManager.default.fileExists(atPath: path) else {
                throw StoreError.conflict("\(path) 已存在：备份不会覆盖已有文件，请换一个文件名")
            }
            try await sql.raw("VACUUM INTO \(bind: path)").run()
        case let .postgres(url):
            _ = try await sql.raw("SELECT 1 AS ok").first()
            throw StoreError("数据存放在 PostgreSQL（数据库连接正常）：请用 PostgreSQL 自己的工具备份，例如 "
                + "pg_dump --format=custom --file=备份.dump '\(Backend.redacted(url))'，恢复用 pg_restore", kind: .invalid)
        }
    }

    /// Restores a backup made by ``backup(to:)`` as the SQLite database of `directory`, which must not hold one yet.
    /// The copy is checked (SQLite's integrity check, and that it is a Gongkai database) before it takes the place of
    /// the database; nothing is left behind when it is refused.
    public static func restore(_ file: String, into directory: String) async throws -> Backend {
        let target = (directory as NSString).appendingPathComponent("gongkai.sqlite")
        let manager = FileManager.default
        guard manager.fileExists(atPath: file) else { throw StoreError.notFound("\(file)：文件不存在") }
        if manager.fileExists(atPath: target) || ((try? manager.contentsOfDirectory(atPath: directory))?.isEmpty == false) {
            throw StoreError.conflict("数据目录 \(directory) 不是空的：恢复只写入空目录（不会覆盖现有数据），请指定一个新目录")
        }
        guard let head = manager.contents(atPath: file)?.prefix(16), head.elementsEqual(Array("SQLite format 3\0".utf8)) else {
            throw StoreError("\(file)：不是 Gongkai 的备份文件（不是 SQLite 数据库）")
        }
        let partial = target + ".restoring"
        let created = !manager.fileExists(atPath: directory)
        do {
            try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try manager.copyItem(atPath: file, toPath: partial)
        } catch {
            throw StoreError("无法写入数据目录 \(directory)：\(error.localizedDescription)", kind: .unavailable)
        }
        do {
            let store = try await CaseStore.open(.sqlite(path: partial), migrating: false)
            let check = try await store.sql.raw("PRAGMA integrity_check").first()?.decode(column: "integrity_check", as: String.self)
            let isGongkai = try await store.sql.raw(
                "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN ('cases', 'case_events', '_fluent_migrations')"
            ).first()?.decode(column: "n", as: Int.self) == 3
            await store.close()
            guard check == "ok" else { throw StoreError("\(file)：备份文件已损坏（SQLite 完整性检查：\(check ?? "无结果")）") }
            guard isGongkai else { throw StoreError("\(file)：不是 Gongkai 的备份文件（没有申请台账）") }
            try manager.moveItem(atPath: partial, toPath: target)
        } catch {
            try? manager.removeItem(atPath: partial)
            for suffix in ["-wal", "-shm"] { try? manager.removeItem(atPath: partial + suffix) }
            if created, (try? manager.contentsOfDirectory(atPath: directory))?.isEmpty == true { try? manager.removeItem(atPath: directory) }
            throw error
        }
        return .sqlite(path: target)
    }

    /// Every table's rows as text, sorted: for comparing a restored database with its original.
    package func dump() async throws -> [String: [String]] {
        let tables = try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all()
            .map { try $0.decode(column: "name", as: String.self) }
        var result: [String: [String]] = [:]
        for table in tables {
            let rows = try await sql.raw("SELECT * FROM \(ident: table)").all()
            result[table] = rows.map { row in
                row.allColumns.map { column -> String in
                    if (try? row.decodeNil(column: column)) == true { return "\(column)=NULL" }
                    if let text = try? row.decode(column: column, as: String.self) { return "\(column)=\(text)" }
                    if let number = try? row.decode(column: column, as: Int.self) { return "\(column)=\(number)" }
                    if let number = try? row.decode(column: column, as: Double.self) { return "\(column)=\(number)" }
                    return "\(column)=?"
                }.joined(separator: "|")
            }.sorted()
        }
        return result
    }
}
