import Foundation
import GongkaiCore
import Testing

@testable import GongkaiStore

@Suite("Backup and restore")
struct BackupTests {
    @Test("A backup taken while the database is in use restores into an empty folder with every table equal")
    func roundTrip() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-backup-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let original = folder.appendingPathComponent("data").path
        let store = try await CaseStore.open(.sqlite(path: original + "/gongkai.sqlite"))
        var generator = CaseGenerator(seed: 9, years: 2024...2025, today: CivilDate(iso: "2025-12-01")!)
        try await store.insert(generator.records(300), agency: Agency.firstID, audit: AuditNote(actor: "测试", action: "导入申请", target: "cases.jsonl"))
        try await store.createUser(StaffUser(username: "clerk", displayName: "李华", passwordHash: "x", roles: [.clerk]), by: "测试")
        try await store.saveSession(String(repeating: "s", count: 43), username: "clerk", csrfToken: String(repeating: "t", count: 43),
                                    expiresAt: Int(Date().timeIntervalSince1970) + 60)
        try await store.saveDraft(year: 2025, content: "{}", by: "clerk")
        let backup = folder.appendingPathComponent("备份.sqlite").path
        // The store stays open, as under a running server, while the copy is taken.
        try await store.backup(to: backup)
        await #expect(throws: StoreError.self) { try await store.backup(to: backup) }
        let before = try await store.dump()
        await store.close()

        let restoredFolder = folder.appendingPathComponent("restored").path
        let backend = try await CaseStore.restore(backup, into: restoredFolder)
        let restored = try await CaseStore.open(backend)
        let after = try await restored.dump()
        await restored.close()
        #expect(Set(before.keys) == Set(after.keys))
        #expect(before.keys.contains("cases") && before.keys.contains("audit_log") && before.keys.contains("users"))
        for (table, rows) in before { #expect(after[table] == rows, "table \(table)") }
        #expect(before["cases"]?.count == 300)

        // Never over existing data; never a file that is not a Gongkai backup.
        await #expect(throws: StoreError.self) { _ = try await CaseStore.restore(backup, into: restoredFolder) }
        let text = folder.appendingPathComponent("not-a-backup.sqlite").path
        try Data("hello".utf8).write(to: URL(fileURLWithPath: text))
        let empty = folder.appendingPathComponent("empty").path
        do {
            _ = try await CaseStore.restore(text, into: empty)
            Issue.record("a text file was restored")
        } catch let error as StoreError {
            #expect(error.description.contains("不是 Gongkai 的备份文件"))
        }
        #expect(!FileManager.default.fileExists(atPath: empty), "nothing is left behind")
    }
}
