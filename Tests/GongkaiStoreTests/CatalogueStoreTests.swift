import Foundation
import GongkaiCore
@testable import GongkaiStore
import Testing

@Suite("Catalogue store")
struct CatalogueStoreTests {
    static let rule = IndexNumber.Rule(prefix: "11330100MB0000000N")
    static let today = CivilDate(iso: "2026-06-30")!

    static func draft(_ title: String, formed: String = "2026-06-01") -> CatalogueRecord {
        CatalogueRecord(title: title, summary: "关于\(title)的说明。", formedOn: CivilDate(iso: formed)!, issuer: "示例市卫生健康委员会",
                        kind: .notice, article20: 13)
    }

    /// A draft taken through review up to the signer, by the store's own steps.
    static func readyDraft(_ store: CaseStore, _ title: String) async throws -> Int {
        let no = try await store.createCatalogueDraft(draft(title), recordNo: nil, agency: 1, by: "clerk", audit: nil)
        for (kind, disclosure) in [(CatalogueReview.Kind.propose, Disclosure.proactive), (.checked, nil), (.secrecyCleared, nil)] {
            try await store.appendCatalogueStep(.init(kind: kind, actor: "r", at: "2026-06-30T01:00:00Z", disclosure: disclosure),
                                                to: no, agency: 1, rule: rule, today: today, audit: nil)
        }
        return no
    }

    @Test("500 approvals at once: 500 索引号, no duplicate, no gap", arguments: ScratchStore.available)
    func concurrentPublishing(_ database: ScratchStore) async throws {
        try await database.withStore { store in
            // 500 drafts ready for the signer, written in two statements (the review itself is tested below).
            _ = try await Self.readyDraft(store, "通知0")
            let rows = (2...500).map { no in
                let content = Self.draft("通知\(no)").jsonLine.replacingOccurrences(of: "'", with: "''")
                return "(\(no), 1, NULL, '\(content)', 't', 'clerk', 't')"
            }
            try await store.execute("INSERT INTO catalogue_drafts (no, agency_id, record_no, content, created_at, created_by, updated_at) VALUES "
                + rows.joined(separator: ", "))
            let steps = (2...500).flatMap { no in
                ["(\(no), 1, 'propose', 'c', 't', 'proactive')", "(\(no), 2, 'checked', 'r', 't', NULL)", "(\(no), 3, 'secrecyCleared', 'r', 't', NULL)"]
            }
            try await store.execute("INSERT INTO catalogue_steps (draft_no, seq, kind, actor, at, disclosure) VALUES " + steps.joined(separator: ", "))
            let drafts = Array(1...500)
            // All 500 at once, 100 in flight at a time: far more than the pool's connections, so they contend for the
            // 索引号 counter as real signers would, without the test measuring how long the 500th waits for a
            // connection (on a loaded CI machine that passed the pool's 60 s).
            let published = try await withThrowingTaskGroup(of: StoredCatalogueRecord?.self) { group in
                var all: [StoredCatalogueRecord] = []
                for (k, no) in drafts.enumerated() {
                    if k >= 100, let record = try await group.next() { all.append(try #require(record)) }
                    group.addTask {
                        try await store.appendCatalogueStep(.init(kind: .approved, actor: "signer", at: "2026-06-30T02:00:00Z"), to: no,
                                                            agency: 1, rule: Self.rule, today: Self.today,
                                                            audit: AuditNote(actor: "signer", action: "签发", target: "稿件 \(no)", agency: 1))
                    }
                }
                for try await record in group { all.append(try #require(record)) }
                return all
            }
            let serials = published.map { stored -> Int in
                guard case let .standard(_, year, serial) = IndexNumber.check(stored.indexNumber), year == 2026 else { return -1 }
                return serial
            }.sorted()
            #expect(serials == Array(1...500))
            #expect(Set(published.map(\.indexNumber)).count == 500)
            #expect(try await store.catalogueCount(agency: 1) == 500)
            // Each publication's audit line was written with it.
            #expect(try await store.auditLog(limit: 1000).filter { $0.action == "签发" }.count == 500)
        }
    }

    @Test("A draft cannot skip review; a step out of turn is refused and not recorded", arguments: ScratchStore.available)
    func reviewOrder(_ database: ScratchStore) async throws {
        try await database.withStore { store in
            let no = try await store.createCatalogueDraft(Self.draft("会议通知"), recordNo: nil, agency: 1, by: "clerk", audit: nil)
            await #expect(throws: StoreError.self) {
                try await store.appendCatalogueStep(.init(kind: .approved, actor: "s", at: "t"), to: no, agency: 1, rule: Self.rule,
                                                    today: Self.today, audit: nil)
            }
            #expect(try await store.catalogueDraft(no, agency: 1)?.steps.isEmpty == true)
            try await store.appendCatalogueStep(.init(kind: .propose, actor: "c", at: "t", disclosure: .proactive), to: no, agency: 1,
                                                rule: Self.rule, today: Self.today, audit: nil)
            await #expect(throws: StoreError.self) {
                try await store.updateCatalogueDraft(no, agency: 1, record: Self.draft("改过的标题"), audit: nil)
            }
            try await store.appendCatalogueStep(.init(kind: .checked, actor: "r", at: "t"), to: no, agency: 1, rule: Self.rule, today: Self.today, audit: nil)
            try await store.appendCatalogueStep(.init(kind: .referredForClassification, actor: "r", at: "t", note: "含内部数据"), to: no, agency: 1,
                                                rule: Self.rule, today: Self.today, audit: nil)
            #expect(try await store.catalogueDraft(no, agency: 1)?.state == .referred)
            // The steps are append-only.
            await #expect(throws: (any Error).self) { try await store.execute("DELETE FROM catalogue_steps") }
            await #expect(throws: (any Error).self) { try await store.execute("UPDATE catalogue_steps SET note = 'x'") }
        }
    }

    @Test("A new version keeps the 索引号, supersedes the old one (kept), and replaces it in the search index",
          arguments: ScratchStore.available)
    func versions(_ database: ScratchStore) async throws {
        try await database.withStore { store in
            var document = Self.draft("示例市家庭医生签约服务管理办法", formed: "2024-03-01")
            document.kind = .normativeDocument
            document.validity = .inForce
            document.publishedOn = CivilDate(iso: "2024-03-05")
            document.text = "家庭医生签约服务以基层医疗卫生机构为平台。"
            let first = try #require(try await store.importCatalogue([document], agency: 1, rule: Self.rule, by: "import", audit: nil).published.first)
            #expect(first.indexNumber == "11330100MB0000000N/2024-00001")
            var repealed = document
            repealed.validity = .repealed
            repealed.validityChangedOn = CivilDate(iso: "2026-05-01")
            repealed.text = "本办法已废止。"
            let no = try await store.createCatalogueDraft(repealed, recordNo: first.recordNo, agency: 1, by: "clerk", audit: nil)
            for (kind, disclosure) in [(CatalogueReview.Kind.propose, Disclosure.proactive), (.checked, nil), (.secrecyCleared, nil), (.approved, nil)] {
                try await store.appendCatalogueStep(.init(kind: kind, actor: "r", at: "t", disclosure: disclosure), to: no, agency: 1,
                                                    rule: Self.rule, today: Self.today, audit: nil)
            }
            let versions = try await store.catalogueVersions(indexNumber: first.indexNumber, agency: 1)
            #expect(versions.map(\.version) == [2, 1])
            #expect(versions[0].indexNumber == first.indexNumber && versions[0].record.validity == .repealed)
            #expect(versions[1].record.validity == .inForce)
            #expect(try await store.catalogueCount(agency: 1) == 1)
            let old = try await store.searchCatalogue(SearchText.query("平台"), filter: CatalogueFilter(agency: 1))
            #expect(old.total == 0)
            let new = try await store.searchCatalogue(SearchText.query("废止"), filter: CatalogueFilter(agency: 1))
            #expect(new.records.map(\.version) == [2])
        }
    }

    @Test("An import with a 索引号 already in the catalogue writes nothing", arguments: ScratchStore.available)
    func importConflict(_ database: ScratchStore) async throws {
        try await database.withStore { store in
            var record = Self.draft("通知")
            record.indexNumber = "0142768-8/2022-00185"
            record.publishedOn = CivilDate(iso: "2022-06-02")
            record.formedOn = CivilDate(iso: "2022-06-01")!
            _ = try await store.importCatalogue([record], agency: 1, rule: nil, by: "i", audit: nil)
            var other = Self.draft("另一条")
            other.publishedOn = CivilDate(iso: "2026-06-02")
            await #expect(throws: StoreError.self) {
                try await store.importCatalogue([other, record], agency: 1, rule: Self.rule, by: "i", audit: nil)
            }
            #expect(try await store.catalogueCount(agency: 1) == 1)
        }
    }

    @Test("Search finds every record containing a 1-, 2-, 3- or 4-character word and only those, with filters",
          arguments: ScratchStore.available)
    func searchRecall(_ database: ScratchStore) async throws {
        var generator = CatalogueGenerator(seed: 11, agency: "示例市卫生健康委员会")
        let records = generator.records(years: 2022...2025, perYear: 60)
        try await database.withStore { store in
            _ = try await store.importCatalogue(records.filter { $0.publishedOn != nil }, agency: 1, rule: Self.rule, by: "i", audit: nil)
            let stored = try await store.catalogueRecords(agency: 1).map(\.record).filter { $0.disclosure == .proactive }
            func contains(_ record: CatalogueRecord, _ word: String) -> Bool {
                CatalogueIndex.plain(record).contains(SearchText.normalized(word))
            }
            // Words of every length cut from the corpus itself, and words that are not in it.
            let fixed: Set<String> = ["疫苗", "许可", "医保", "卫生", "废止", "药", "诊", "接种", "家庭医生", "办法", "宁卫", "不存在词"]
            var words = fixed
            var random = SeededGenerator(seed: 5)
            for record in stored.prefix(40) {
                let title = Array(record.title)
                for length in [1, 2, 3, 4] where title.count > length {
                    let start = Int.random(in: 0...(title.count - length), using: &random)
                    let word = String(title[start..<(start + length)])
                    // ASCII words match whole words, not as substrings: left out of this comparison.
                    if !word.unicodeScalars.contains(where: { $0.isASCII && $0.properties.isAlphabetic || ("0"..."9").contains($0) }) {
                        words.insert(word)
                    }
                }
            }
            for word in words.sorted() {
                let expected = Set(stored.filter { contains($0, word) }.map { $0.indexNumber! })
                let found = try await store.searchCatalogue(SearchText.query(word), filter: CatalogueFilter(agency: 1), limit: 10_000)
                #expect(Set(found.records.map(\.indexNumber)) == expected, "「\(word)」")
                #expect(found.total == expected.count && !found.more, "「\(word)」")
                // Counted up to a cap: the same first page in the same order; the count stops at the cap, and a page
                // past the cap is counted exactly.
                guard fixed.contains(word) else { continue }
                let exact = try await store.searchCatalogue(SearchText.query(word), filter: CatalogueFilter(agency: 1), limit: 5)
                let capped = try await store.searchCatalogue(SearchText.query(word), filter: CatalogueFilter(agency: 1), limit: 5, countUpTo: 10)
                #expect(capped.records.map(\.indexNumber) == exact.records.map(\.indexNumber), "「\(word)」")
                #expect(capped.total == min(expected.count, 10) && capped.more == (expected.count > 10), "「\(word)」")
                let past = try await store.searchCatalogue(SearchText.query(word), filter: CatalogueFilter(agency: 1), limit: 5, offset: 10, countUpTo: 10)
                #expect(past.total == expected.count && !past.more, "「\(word)」")
                if expected.count > 10 {
                    let second = try await store.searchCatalogue(SearchText.query(word), filter: CatalogueFilter(agency: 1), limit: 5, offset: 5, countUpTo: 10)
                    let exactSecond = try await store.searchCatalogue(SearchText.query(word), filter: CatalogueFilter(agency: 1), limit: 5, offset: 5)
                    #expect(second.records.map(\.indexNumber) == exactSecond.records.map(\.indexNumber), "「\(word)」")
                }
            }
            // Words and filters together: every word, the kind and the year.
            let filter = CatalogueFilter(agency: 1, kind: .normativeDocument, year: 2024)
            let expected = Set(stored.filter {
                $0.kind == .normativeDocument && $0.formedOn.year == 2024 && contains($0, "卫生") && contains($0, "办")
            }.map { $0.indexNumber! })
            let found = try await store.searchCatalogue(SearchText.query("卫生 办"), filter: filter, limit: 10_000)
            #expect(Set(found.records.map(\.indexNumber)) == expected)
            let like = try await store.searchCatalogue(SearchText.query("卫生 办"), filter: filter, limit: 10_000, plan: .like)
            #expect(Set(like.records.map(\.indexNumber)) == expected)
        }
    }
}
