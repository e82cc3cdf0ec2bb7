import FluentKit
import Foundation
import GongkaiCore
import SQLKit

/// The year's report as it is being prepared: the report JSON (agency, table 二, sections; tables 三/四 are counted
/// from the cases when shown), its status, and the content the 签发人 signed off.
public struct ReportDraft: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable {
        case draft, approved, published

        public var displayName: String {
            switch self {
            case .draft: "编制中"
            case .approved: "已签发，待发布"
            case .published: "已发布"
            }
        }
    }

    public var agency: Int
    public var year: Int
    /// Report JSON (the contract's shape).
    public var content: String
    public var status: Status
    /// The full report JSON as signed off (tables 三/四 included): what is published.
    public var approvedContent: String?
    public var approvedBy: String?
    public var approvedAt: String?
    public var updatedAt: String
    public var updatedBy: String
}

/// A published version of a year's report.
public struct PublishedReport: Sendable, Hashable {
    public var agency: Int
    public var year: Int
    public var version: Int
    public var content: String
    public var publishedAt: String
    public var publishedBy: String
}

extension CaseStore {
    // MARK: - Annual reports

    public func draft(year: Int, agency: Int) async throws -> ReportDraft? {
        guard let row = try await sql.select().column("*").from("report_drafts").where("agency_id", .equal, agency)
            .where("year", .equal, year).first()
        else { return nil }
        return ReportDraft(
            agency: agency,
            year: year,
            content: try row.decode(column: "content", as: String.self),
            status: ReportDraft.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .draft,
            approvedContent: try row.decode(column: "approved_content", as: String?.self),
            approvedBy: try row.decode(column: "approved_by", as: String?.self),
            approvedAt: try row.decode(column: "approved_at", as: String?.self),
            updatedAt: try row.decode(column: "updated_at", as: String.self),
            updatedBy: try row.decode(column: "updated_by", as: String.self))
    }

    /// Saves the editable part of a year's report; a signed-off report that is edited needs signing off again.
    public func saveDraft(year: Int, agency: Int, content: String, by actor: String) async throws {
        let existing = try await draft(year: year, agency: agency)
        try await database.transaction { db in
            let sql = db as! any SQLDatabase
            if existing == nil {
                try await sql.insert(into: "report_drafts")
                    .columns("agency_id", "year", "content", "status", "updated_at", "updated_by")
                    .values(agency, year, content, ReportDraft.Status.draft.rawValue, Self.now(), actor).run()
            } else {
                try await sql.update("report_drafts").set("content", to: content)
                    .set("status", to: ReportDraft.Status.draft.rawValue)
                    .set("approved_content", to: String?.none).set("approved_by", to: String?.none)
                    .set("approved_at", to: String?.none)
                    .set("updated_at", to: Self.now()).set("updated_by", to: actor)
                    .where("agency_id", .equal, agency).where("year", .equal, year).run()
            }
            let note = existing?.status == .approved ? "（签发作废，需重新签发）" : ""
            try await Self.audit(actor: actor, action: "编辑年度报告", target: "\(year) 年度报告", detail: "保存草稿\(note)", agency: agency, on: sql)
        }
    }

    /// Signs off a year's report: `content` is the full report as it will be published.
    public func approveDraft(year: Int, agency: Int, content: String, by actor: String) async throws {
        guard try await draft(year: year, agency: agency) != nil else { throw StoreError.conflict("\(year) 年度报告还没有草稿") }
        try await database.transaction { db in
            let sql = db as! any SQLDatabase
            try await sql.update("report_drafts").set("status", to: ReportDraft.Status.approved.rawValue)
                .set("approved_content", to: content).set("approved_by", to: actor).set("approved_at", to: Self.now())
                .where("agency_id", .equal, agency).where("year", .equal, year).run()
            try await Self.audit(actor: actor, action: "签发年度报告", target: "\(year) 年度报告", detail: "", agency: agency, on: sql)
        }
    }

    /// Publishes the signed-off content as a new version.
    @discardableResult
    public func publish(year: Int, agency: Int, by actor: String) async throws -> PublishedReport {
        guard let draft = try await draft(year: year, agency: agency), draft.status != .draft, let content = draft.approvedContent else {
            throw StoreError.conflict("\(year) 年度报告尚未签发，不能发布")
        }
        return try await database.transaction { db in
            let sql = db as! any SQLDatabase
            let version = (try await sql.raw("SELECT COALESCE(MAX(version), 0) + 1 AS n FROM published_reports WHERE agency_id = \(bind: agency) AND year = \(bind: year)")
                .first()?.decode(column: "n", as: Int.self)) ?? 1
            let now = Self.now()
            try await sql.insert(into: "published_reports")
                .columns("agency_id", "year", "version", "content", "published_at", "published_by")
                .values(agency, year, version, content, now, actor).run()
            try await sql.update("report_drafts").set("status", to: ReportDraft.Status.published.rawValue)
                .where("agency_id", .equal, agency).where("year", .equal, year).run()
            try await Self.audit(actor: actor, action: "发布年度报告", target: "\(year) 年度报告", detail: "第 \(version) 版",
                                 agency: agency, on: sql)
            return PublishedReport(agency: agency, year: year, version: version, content: content, publishedAt: now, publishedBy: actor)
        }
    }

    /// The newest published version of each year of an agency, newest year first.
    public func publishedReports(agency: Int) async throws -> [PublishedReport] {
        let rows = try await sql.raw("""
            SELECT p.* FROM published_reports p WHERE p.agency_id = \(bind: agency) AND p.version = \
            (SELECT MAX(q.version) FROM published_reports q WHERE q.agency_id = p.agency_id AND q.year = p.year) ORDER BY p.year DESC
            """).all()
        return try rows.map(Self.published(row:))
    }

    public func published(year: Int, agency: Int) async throws -> PublishedReport? {
        try await sql.select().column("*").from("published_reports").where("agency_id", .equal, agency).where("year", .equal, year)
            .orderBy("version", .descending).limit(1).first().map(Self.published(row:))
    }

    private static func published(row: any SQLRow) throws -> PublishedReport {
        PublishedReport(agency: try row.decode(column: "agency_id", as: Int.self), year: try row.decode(column: "year", as: Int.self), version: try row.decode(column: "version", as: Int.self),
                        content: try row.decode(column: "content", as: String.self),
                        publishedAt: try row.decode(column: "published_at", as: String.self),
                        publishedBy: try row.decode(column: "published_by", as: String.self))
    }
}
