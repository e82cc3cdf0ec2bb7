import FluentKit
import Foundation
import GongkaiCore
import SQLKit

/// Information being prepared for the catalogue, with its review so far.
public struct CatalogueDraft: Sendable, Hashable {
    public var no: Int
    public var agency: Int
    /// The published record it is a new version of (nil: a new record).
    public var recordNo: Int?
    public var record: CatalogueRecord
    public var createdAt: String
    public var createdBy: String
    public var updatedAt: String
    public var steps: [CatalogueReview.Step]

    public var state: CatalogueReview.State { CatalogueReview.state(after: steps) }
    /// The latest proposal of its 公开属性.
    public var proposal: CatalogueReview.Step? { steps.last { $0.kind == .propose } }
}

extension CaseStore {
    /// Stores a new draft, with the contents of its attachments (`files`: those not stored yet); returns its number.
    public func createCatalogueDraft(_ record: CatalogueRecord, recordNo: Int?, agency: Int, files: [[UInt8]] = [], by actor: String,
                                     audit note: AuditNote?) async throws -> Int
    {
        try await database.transaction { db in
            let sql = db as! any SQLDatabase
            try await CatalogueFiles.save(files, for: [record], on: sql)
            let no = try await Self.insertDraft(record, recordNo: recordNo, agency: agency, by: actor, on: sql)
            if var note {
                note.target = note.target.isEmpty ? "稿件 \(no)" : note.target
                try await Self.audit(note, on: sql)
            }
            return no
        }
    }

    static func insertDraft(_ record: CatalogueRecord, recordNo: Int?, agency: Int, by actor: String, on sql: any SQLDatabase) async throws -> Int {
        let no = try await nextNumber("catalogue-drafts", on: sql) {
            try await sql.raw("SELECT COALESCE(MAX(no), 0) AS n FROM catalogue_drafts").first()?.decode(column: "n", as: Int.self) ?? 0
        }
        let now = Self.now()
        try await sql.insert(into: "catalogue_drafts").columns("no", "agency_id", "record_no", "content", "created_at", "created_by", "updated_at")
            .values(no, agency, recordNo, record.jsonLine, now, actor, now).run()
        return no
    }

    /// Replaces a draft's text while it is being drafted.
    public func updateCatalogueDraft(_ no: Int, agency: Int, record: CatalogueRecord, files: [[UInt8]] = [], audit note: AuditNote?) async throws {
        try await database.transaction { db in
            let sql = db as! any SQLDatabase
            guard let draft = try await Self.loadDraft(no, agency: agency, on: sql) else { throw StoreError.notFound("没有稿件 \(no)") }
            guard draft.state.isEditable else {
                throw StoreError.conflict("稿件 \(no) 正在「\(draft.state.displayName)」，不能再修改（需要时请审核人退回）")
            }
            try await CatalogueFiles.save(files, for: [record], on: sql)
            try await sql.update("catalogue_drafts").set("content", to: record.jsonLine).set("updated_at", to: Self.now())
                .where("no", .equal, no).run()
            if let note { try await Self.audit(note, on: sql) }
        }
    }

    public func catalogueDraft(_ no: Int, agency: Int) async throws -> CatalogueDraft? {
        try await Self.loadDraft(no, agency: agency, on: sql)
    }

    /// An agency's drafts, newest first (`open`: only those not yet approved or closed).
    public func catalogueDrafts(agency: Int, open: Bool = true, limit: Int = 500) async throws -> [CatalogueDraft] {
        let rows = try await sql.select().column("*").from("catalogue_drafts").where("agency_id", .equal, agency)
            .orderBy("no", .descending).limit(open ? 5000 : limit).all()
        var drafts: [CatalogueDraft] = []
        let steps = try await Self.steps(of: try rows.map { try $0.decode(column: "no", as: Int.self) }, on: sql)
        for row in rows {
            let draft = try Self.draft(row, steps: steps)
            if open, draft.state.isFinal { continue }
            drafts.append(draft)
            if drafts.count >= limit { break }
        }
        return drafts
    }

    /// Records a review step. When the step is the signer's approval of a 主动公开 draft, the record is published in the
    /// same transaction (its 索引号 taken from `rule`, its 发布日期 `today`) and returned.
    @discardableResult
    public func appendCatalogueStep(_ step: CatalogueReview.Step, to no: Int, agency: Int, rule: IndexNumber.Rule?, today: CivilDate,
                                    audit note: AuditNote?) async throws -> StoredCatalogueRecord?
    {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await appendStepOnce(step, to: no, agency: agency, rule: rule, today: today, audit: note)
            } catch where attempt < 8 && Self.isUniqueViolation(error) {
                // A number taken at the same moment by an import of the same form: take the next.
                try await Task.sleep(nanoseconds: UInt64.random(in: 1_000_000...20_000_000))
            }
        }
    }

    private func appendStepOnce(_ step: CatalogueReview.Step, to no: Int, agency: Int, rule: IndexNumber.Rule?, today: CivilDate,
                                audit note: AuditNote?) async throws -> StoredCatalogueRecord?
    {
        try await database.transaction { db in
            let sql = db as! any SQLDatabase
            // Lock the draft's row (PostgreSQL) so that two reviewers do not both take the same step.
            if sql.dialect.name == "postgresql" {
                _ = try await sql.raw("SELECT no FROM catalogue_drafts WHERE no = \(bind: no) FOR UPDATE").first()
            }
            guard let draft = try await Self.loadDraft(no, agency: agency, on: sql) else { throw StoreError.notFound("没有稿件 \(no)") }
            if let problem = CatalogueReview.problem(step, in: draft.state, proposal: draft.proposal) {
                throw StoreError(problem, kind: .invalid)
            }
            try await sql.insert(into: "catalogue_steps").columns("draft_no", "seq", "kind", "actor", "at", "disclosure", "grounds", "note")
                .values(no, draft.steps.count + 1, step.kind.rawValue, step.actor, step.at, step.disclosure?.rawValue,
                        step.grounds.isEmpty ? nil : step.grounds.map(\.key).joined(separator: ","), step.note)
                .run()
            var published: StoredCatalogueRecord?
            if step.kind == .approved, draft.proposal?.disclosure == .proactive {
                var record = draft.record
                record.publishedOn = today
                record.disclosure = .proactive
                published = try await Self.publish(record, agency: agency, rule: rule, recordNo: draft.recordNo, draftNo: no,
                                                   by: step.actor, on: sql)
            }
            if var note {
                if let published { note.detail += (note.detail.isEmpty ? "" : "；") + "索引号 \(published.indexNumber)" }
                try await Self.audit(note, on: sql)
            }
            return published
        }
    }

    /// The 索引号 under which a draft was published (nil: not published).
    public func catalogueDraftPublication(_ draft: Int) async throws -> String? {
        try await sql.raw("SELECT index_number AS n FROM catalogue_records WHERE draft_no = \(bind: draft)").first()?
            .decode(column: "n", as: String.self)
    }

    static func loadDraft(_ no: Int, agency: Int, on sql: any SQLDatabase) async throws -> CatalogueDraft? {
        guard let row = try await sql.select().column("*").from("catalogue_drafts").where("no", .equal, no)
            .where("agency_id", .equal, agency).first() else { return nil }
        return try draft(row, steps: try await steps(of: [no], on: sql))
    }

    static func steps(of drafts: [Int], on sql: any SQLDatabase) async throws -> [Int: [CatalogueReview.Step]] {
        var steps: [Int: [CatalogueReview.Step]] = [:]
        for chunk in drafts.chunks(of: 500) {
            let rows = try await sql.select().column("*").from("catalogue_steps").where("draft_no", .in, Array(chunk))
                .orderBy("draft_no").orderBy("seq").all()
            for row in rows {
                let draft = try row.decode(column: "draft_no", as: Int.self)
                let kindText = try row.decode(column: "kind", as: String.self)
                guard let kind = CatalogueReview.Kind(rawValue: kindText) else {
                    throw StoreError("库中稿件 \(draft) 的审核步骤 \(kindText) 无法识别", kind: .corrupt)
                }
                let grounds = try row.decode(column: "grounds", as: String?.self)?.split(separator: ",")
                    .compactMap { Table3Row(key: String($0)) } ?? []
                steps[draft, default: []].append(CatalogueReview.Step(
                    kind: kind, actor: try row.decode(column: "actor", as: String.self), at: try row.decode(column: "at", as: String.self),
                    disclosure: try row.decode(column: "disclosure", as: String?.self).flatMap(Disclosure.init(rawValue:)),
                    grounds: grounds, note: try row.decode(column: "note", as: String?.self)))
            }
        }
        return steps
    }

    static func draft(_ row: any SQLRow, steps: [Int: [CatalogueReview.Step]]) throws -> CatalogueDraft {
        let no = try row.decode(column: "no", as: Int.self)
        let content = try row.decode(column: "content", as: String.self)
        let record: CatalogueRecord
        do {
            record = try CatalogueRecord(jsonLine: Array(content.utf8), line: 1)
        } catch {
            throw StoreError("库中稿件 \(no) 的内容无法读取：\(error)", kind: .corrupt)
        }
        return CatalogueDraft(no: no, agency: try row.decode(column: "agency_id", as: Int.self),
                              recordNo: try row.decode(column: "record_no", as: Int?.self), record: record,
                              createdAt: try row.decode(column: "created_at", as: String.self),
                              createdBy: try row.decode(column: "created_by", as: String.self),
                              updatedAt: try row.decode(column: "updated_at", as: String.self), steps: steps[no] ?? [])
    }
}
