import Foundation
import GongkaiCore
import GongkaiStore

extension Office {
    /// The agency's rule for new 索引号: its 统一社会信用代码 (GB 32100), `/`, the year, a 5-digit serial. Nil while the
    /// agency has no valid code on record (nothing new can be published then; the message says what to do).
    public func indexRule(for agency: Agency) -> IndexNumber.Rule? {
        guard let code = agency.creditCode?.trimmingWhitespace.uppercased(), CreditCode.problem(code) == nil else { return nil }
        return IndexNumber.Rule(prefix: code)
    }

    func requireIndexRule(_ agency: Agency) throws(OfficeError) -> IndexNumber.Rule {
        guard let rule = indexRule(for: agency) else {
            throw .invalid("「\(agency.title)」还没有登记有效的统一社会信用代码，无法生成索引号：请管理员在「机关」页填写后再发布")
        }
        return rule
    }

    // MARK: - Import

    public struct CatalogueImport: Sendable {
        /// Records published on import (they were published before: they have a 发布日期).
        public let published: [StoredCatalogueRecord]
        /// Records without a 发布日期: kept as drafts, to go through review.
        public let drafts: [Int]
    }

    /// Imports the records of a CATALOGUE-JSONL file (read by ``CatalogueFile/parse(_:)``, which names every wrong
    /// line), all or nothing. Records with a 发布日期 are published as they were (their 索引号 kept; one without gets the
    /// agency's next number); records without one become drafts that go through review.
    ///
    /// `files` are the contents of the records' attachments that are not stored yet (the caller reads the files a
    /// line names by `path` and fills in each attachment's SHA-256 and size: ``CatalogueFiles/attachment(name:bytes:mediaType:)``).
    public func importCatalogue(_ records: [CatalogueRecord], files: [[UInt8]] = [], file: String, by actor: Actor) async throws
        -> CatalogueImport
    {
        let agency = try require(.draftCatalogue, actor)
        guard !records.isEmpty else { throw OfficeError.invalid("\(file)：没有记录（每行一条 JSON 记录）") }
        if let record = records.first(where: { $0.attachments.contains { $0.sha256.isEmpty } }) {
            throw OfficeError.invalid("\(file)：「\(record.title)」的附件没有读入内容（path 只能在命令行导入时使用）")
        }
        let late = records.compactMap { record -> String? in
            guard let published = record.publishedOn, published > today else { return nil }
            return record.title
        }
        if let first = late.first { throw OfficeError.invalid("\(file)：「\(first)」的发布日期晚于今天（\(today)），未导入任何记录") }
        let toPublish = records.filter { $0.publishedOn != nil }
        let rule = toPublish.contains { $0.indexNumber == nil } ? try requireIndexRule(agency) : indexRule(for: agency)
        let note = AuditNote(actor: actor.name, action: "导入主动公开目录", target: file,
                             detail: "发布 \(toPublish.count) 条，待审核 \(records.count - toPublish.count) 条", agency: agency.id)
        let unpublished = records.filter { $0.publishedOn == nil }
        let (published, drafts) = try await stored {
            try await store.importCatalogue(toPublish, drafts: unpublished, files: files, agency: agency.id, rule: rule, by: actor.name,
                                            audit: note)
        }
        await catalogueVersions.invalidate()
        return CatalogueImport(published: published, drafts: drafts)
    }

    /// The agency's catalogue as CATALOGUE-JSONL: the current version of every record.
    public func exportCatalogue(by actor: Actor) async throws -> String {
        let agency = try require(.viewCases, actor)
        return CatalogueFile.write(try await stored { try await store.catalogueRecords(agency: agency.id) }.map(\.record))
    }

    // MARK: - Drafting and review

    /// Starts a draft: a new record, or (`of` a 索引号) a new version of a published one, for instance to record that a
    /// normative document was repealed.
    /// `files`: the contents of attachments added now.
    public func draftCatalogueRecord(_ record: CatalogueRecord, of indexNumber: String? = nil, files: [[UInt8]] = [], by actor: Actor)
        async throws -> Int
    {
        let agency = try require(.draftCatalogue, actor)
        var record = record
        record.publishedOn = nil
        var recordNo: Int?
        if let indexNumber {
            let versions = try await stored { try await store.catalogueVersions(indexNumber: indexNumber, agency: agency.id) }
            guard let current = versions.first else { throw OfficeError.notFound("目录中没有索引号为 \(indexNumber) 的记录") }
            recordNo = current.recordNo
            record.indexNumber = current.indexNumber
        } else {
            record.indexNumber = nil
        }
        try await checkDraft(record, agency: agency)
        let note = AuditNote(actor: actor.name, action: indexNumber == nil ? "起草主动公开信息" : "起草新版本", target: "",
                             detail: record.title + (indexNumber.map { "（\($0)）" } ?? ""), agency: agency.id)
        let rid = recordNo
        return try await stored { 
            try await store.createCatalogueDraft(record, recordNo: rid, agency: agency.id, files: files, by: actor.name, audit: note)
        }
    }

    /// Changes a draft's text (only while it is being drafted).
    public func editCatalogueDraft(_ no: Int, record: CatalogueRecord, files: [[UInt8]] = [], by actor: Actor) async throws {
        let agency = try require(.draftCatalogue, actor)
        let draft = try await existingDraft(no)
        var record = record
        record.publishedOn = nil
        record.indexNumber = draft.record.indexNumber
        try await checkDraft(record, agency: agency)
        let note = AuditNote(actor: actor.name, action: "修改稿件", target: "稿件 \(no)", detail: record.title, agency: agency.id)
        try await stored { try await store.updateCatalogueDraft(no, agency: agency.id, record: record, files: files, audit: note) }
    }

    func checkDraft(_ record: CatalogueRecord, agency: Agency) async throws {
        try checkDraftFields(record)
        for (key, target) in [("interprets", record.interprets), ("replacedBy", record.replacedBy)] {
            guard let target else { continue }
            let found = try await stored { try await store.catalogueVersions(indexNumber: target, agency: agency.id) }
            guard !found.isEmpty else { throw OfficeError.invalid("目录中没有索引号为 \(target) 的记录", field: key) }
        }
    }

    func checkDraftFields(_ record: CatalogueRecord) throws(OfficeError) {
        try notAfterToday(record.formedOn, "生成日期", field: "formedOn")
        if let changed = record.validityChangedOn { try notAfterToday(changed, "废止或失效日期", field: "validityChangedOn") }
        // The same rules as an imported line (required fields, 有效性 of policy documents…).
        do throws(JSONLineError) {
            _ = try CatalogueRecord(jsonLine: Array(record.jsonLine.utf8), line: 1)
        } catch {
            throw .invalid(error.reason, field: error.path.isEmpty ? nil : error.path)
        }
    }

    public func existingDraft(_ no: Int) async throws -> CatalogueDraft {
        let agency = try agency
        guard let draft = try await stored({ try await store.catalogueDraft(no, agency: agency.id) }) else {
            throw OfficeError.notFound("没有稿件 \(no)")
        }
        return draft
    }

    /// The drafts in review or being drafted, newest first.
    public func catalogueDrafts(by actor: Actor, open: Bool = true) async throws -> [CatalogueDraft] {
        let agency = try require(.viewCases, actor)
        return try await stored { try await store.catalogueDrafts(agency: agency.id, open: open) }
    }

    /// Records a review step on a draft, by the role that takes it: the drafter proposes (or withdraws), a reviewer
    /// checks, records the 保密审查 or refers it for 定密, or returns it; the signer approves or returns. The signer's
    /// approval of a 主动公开 draft publishes it in the same transaction, with a new 索引号 (or the record's own, for a
    /// new version); the published record is returned.
    @discardableResult
    public func reviewCatalogueDraft(_ no: Int, step kind: CatalogueReview.Kind, disclosure: Disclosure? = nil, grounds: [Table3Row] = [],
                                     note: String? = nil, by actor: Actor) async throws -> StoredCatalogueRecord?
    {
        let permission: Permission = switch kind {
        case .propose, .closed: .draftCatalogue
        case .checked, .secrecyCleared, .referredForClassification: .reviewCatalogue
        case .approved: .approveCatalogue
        case .returned: .reviewCatalogue
        }
        let agency = try agency
        let draft = try await existingDraft(no)
        // The signer may send back what they are asked to sign; reviewers send back what they check.
        if kind == .returned, draft.state == .cleared { try actor.require(.approveCatalogue, in: agency) } else {
            try actor.require(permission, in: agency)
        }
        // The 定密 authority's "classified" answer closes a referred draft: recorded by a reviewer.
        if kind == .closed, draft.state == .referred { try actor.require(.reviewCatalogue, in: agency) }
        let step = CatalogueReview.Step(kind: kind, actor: actor.name, at: ISO8601DateFormatter().string(from: Date()),
                                        disclosure: kind == .propose ? disclosure : nil, grounds: kind == .propose ? grounds : [],
                                        note: note?.trimmingWhitespace.nilIfEmpty)
        if let problem = CatalogueReview.problem(step, in: draft.state, proposal: draft.proposal) {
            throw OfficeError.invalid(problem, field: kind == .propose ? "disclosure" : "note")
        }
        let rule = kind == .approved && draft.proposal?.disclosure == .proactive && draft.recordNo == nil
            ? try requireIndexRule(agency) : indexRule(for: agency)
        var detail = draft.record.title
        if kind == .propose, let disclosure {
            detail += "；拟\(disclosure.displayName)" + (grounds.isEmpty ? "" : "（" + grounds.map(CatalogueReview.groundName).joined(separator: "、") + "）")
        }
        if let note = step.note { detail += "；" + note }
        let audit = AuditNote(actor: actor.name, action: kind.displayName, target: "稿件 \(no)", detail: detail, agency: agency.id)
        let published = try await stored {
            try await store.appendCatalogueStep(step, to: no, agency: agency.id, rule: rule, today: today, audit: audit)
        }
        if published != nil { await catalogueVersions.invalidate() }
        return published
    }

    // MARK: - Reading

    /// A record by its 索引号, every version newest first (the public sees only 主动公开 records).
    public func catalogueRecord(_ indexNumber: String, publicOnly: Bool = true) async throws -> [StoredCatalogueRecord] {
        let agency = try agency
        let versions = try await stored { try await store.catalogueVersions(indexNumber: indexNumber, agency: agency.id) }
        guard let current = versions.first, !publicOnly || current.record.disclosure == .proactive else {
            throw OfficeError.notFound("目录中没有索引号为 \(indexNumber) 的记录")
        }
        return versions
    }

    /// What points at a record: its 政策解读 and the documents it replaced (修订), current versions, newest first.
    public func catalogueLinks(to indexNumber: String, publicOnly: Bool = true) async throws
        -> (interpretations: [StoredCatalogueRecord], replaced: [StoredCatalogueRecord])
    {
        let agency = try agency
        return try await stored { try await store.catalogueLinks(to: indexNumber, agency: agency.id, publicOnly: publicOnly) }
    }

    /// An attachment of a record's version (the current one when `version` is nil) and its content, for download.
    public func catalogueAttachment(_ indexNumber: String, version: Int? = nil, sha256 digest: String, publicOnly: Bool = true)
        async throws -> (attachment: CatalogueAttachment, bytes: [UInt8])
    {
        let versions = try await catalogueRecord(indexNumber, publicOnly: publicOnly)
        let shown = versions.first { $0.version == version } ?? versions[0]
        guard let attachment = shown.record.attachments.first(where: { $0.sha256 == digest.lowercased() }),
              let bytes = try await stored({ try await store.catalogueFile(sha256: attachment.sha256) })
        else { throw OfficeError.notFound("这条信息没有这个附件") }
        return (attachment, bytes)
    }

    /// A stored file's content by SHA-256, for staff looking at a draft's attachment.
    public func catalogueFile(sha256 digest: String, by actor: Actor) async throws -> [UInt8] {
        _ = try require(.viewCases, actor)
        guard let bytes = try await stored({ try await store.catalogueFile(sha256: digest) }) else { throw OfficeError.notFound("没有这个附件") }
        return bytes
    }

    /// A page of the catalogue under a filter (this agency's).
    public func catalogueList(_ filter: CatalogueFilter, limit: Int = 20, offset: Int = 0) async throws
        -> (total: Int, records: [StoredCatalogueRecord])
    {
        var filter = filter
        filter.agency = try agency.id
        let scoped = filter
        return try await stored { try await store.catalogueList(scoped, limit: min(max(limit, 1), 200), offset: max(offset, 0)) }
    }

    /// Hits a search of the public catalogue page counts (fifty pages of twenty); beyond, it says 「…条以上」.
    public static let countedSearchHits = 1000

    /// A search of this agency's catalogue: every word must occur (title, 文号, summary or text). With `countUpTo`
    /// the hits are counted up to that many, `more` saying there are more (see ``CaseStore/searchCatalogue``).
    public func searchCatalogue(_ words: String, filter: CatalogueFilter, limit: Int = 20, offset: Int = 0, countUpTo cap: Int? = nil)
        async throws -> (total: Int, more: Bool, records: [StoredCatalogueRecord], query: SearchText.Query)
    {
        var filter = filter
        filter.agency = try agency.id
        let query = SearchText.query(String(words.prefix(200)))
        let scoped = filter
        let result = try await stored {
            try await store.searchCatalogue(query, filter: scoped, limit: min(max(limit, 1), 200), offset: max(offset, 0), countUpTo: cap)
        }
        return (result.total, result.more, result.records, query)
    }

    /// Table 二 (2021 format) as the catalogue counts it in `year`: the cells of the rows it counts
    /// (``CatalogueCounts/countedRows(_:)``: none when the agency keeps no catalogue here), and the records behind each
    /// cell (`rules.inForce` → the documents in force on 31 December).
    public struct CountedTable2: Sendable {
        public let cells: [String: Int]
        public let members: [String: [CatalogueRecord]]

        public init(cells: [String: Int], members: [String: [CatalogueRecord]]) {
            self.cells = cells
            self.members = members
        }

        public var isEmpty: Bool { cells.isEmpty }
    }

    public func catalogueTable2(year: Int) async throws -> CountedTable2 {
        let agency = try agency
        let records = try await stored { try await store.catalogueRecords(agency: agency.id) }.map(\.record)
        let rows = CatalogueCounts.countedRows(records)
        let counts = CatalogueCounts(records: records, year: year)
        var cells: [String: Int] = [:]
        for cell in counts.cells where rows.contains(cell.row) { cells[cell.row + "." + cell.field] = cell.value }
        let members = CatalogueCounts.members(records, year: year).filter { cells[$0.key] != nil }
        return CountedTable2(cells: cells, members: members)
    }

    // MARK: - The Art. 26 clock

    public struct CatalogueDue: Sendable {
        public struct Item: Sendable {
            public let draft: CatalogueDraft
            public let due: CivilDate?
            public let overdue: Bool
        }

        /// Drafts not yet published, by due date (20 working days from the information's formation or change).
        public let drafts: [Item]
        /// Drafts referred for 定密: no clock runs until the answer.
        public let referred: [CatalogueDraft]
        /// Published policy documents without a 政策解读 three working days after them.
        public let missingInterpretations: [CatalogueRecord]
        /// Published records that went out after their due date (this year).
        public let publishedLate: [CatalogueRecord]
    }

    public func catalogueDue(by actor: Actor) async throws -> CatalogueDue {
        let agency = try require(.viewCases, actor)
        let clock = PublicationClock(calculator: try await calculator())
        let open = try await stored { try await store.catalogueDrafts(agency: agency.id, open: true) }
        let drafts = open.filter { $0.state != .referred }
        let items = drafts.map { draft in
            let due = clock.due(formed: draft.record.formedOn)?.date
            return CatalogueDue.Item(draft: draft, due: due, overdue: due.map { today > $0 } ?? false)
        }.sorted { ($0.due?.dayNumber ?? Int.max, $0.draft.no) < ($1.due?.dayNumber ?? Int.max, $1.draft.no) }
        let records = try await stored { try await store.catalogueRecords(agency: agency.id) }.map(\.record)
        let late = records.filter { $0.publishedOn?.year == today.year && clock.isLate($0, today: today) }
        return CatalogueDue(drafts: items, referred: open.filter { $0.state == .referred }, missingInterpretations: clock.missingInterpretations(records, today: today).sorted {
            ($0.publishedOn?.dayNumber ?? 0) > ($1.publishedOn?.dayNumber ?? 0)
        }, publishedLate: late)
    }
}
