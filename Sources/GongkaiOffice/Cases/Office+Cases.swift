import Foundation
import GongkaiCore
import GongkaiStore

extension Office {
    public struct Filed: Sendable {
        public let code: String
        public let trackingCode: String
        public let received: CivilDate
        public let progress: CaseProgress
    }

    /// Files an application entered by staff (any channel, received on any day up to today) or at the command line.
    public func file(_ intake: Intake, channel: Channel, received: CivilDate, by actor: Actor) async throws -> Filed {
        let agency = try require(.handleCases, actor)
        try notAfterToday(received, "收到日期", field: "received")
        return try await fileChecked(intake, channel: channel, received: received, agency: agency, by: actor.name)
    }

    /// Files an application from the public form or the API: received today online, at most `filingsPerHour` from
    /// one address (a form open to the internet must not be a way to flood the office).
    public func fileOnline(_ intake: Intake, by visitor: Actor) async throws -> Filed {
        let agency = try agency
        let key = "file|" + (visitor.address ?? "?")
        if let block = await filings.blocked(key) {
            throw OfficeError.tooManyAttempts("同一网络地址一小时内提交的申请已达 \(settings.filingsPerHour) 件，"
                + "请 \(block.wait / 60 + 1) 分钟后再提交，或以信函、当面等方式提交")
        }
        let filed = try await fileChecked(intake, channel: .online, received: today, agency: agency, by: visitor.name)
        await filings.count(key)
        return filed
    }

    private func fileChecked(_ intake: Intake, channel: Channel, received: CivilDate, agency: Agency, by name: String) async throws
        -> Filed
    {
        let (code, tracking) = try await stored {
            try await store.file(intake, channel: channel, received: received, agency: agency.id, by: name)
        }
        let record = try await existingRecord(code)
        return Filed(code: code, trackingCode: tracking, received: received, progress: try await progress(of: record))
    }

    /// The case of a tracking code and phone, limited per address like logins (codes cannot be tried one after another).
    public func lookUp(trackingCode: String, phone: String, by visitor: Actor) async throws -> (CaseRecord, CaseProgress)? {
        let agency = try agency
        let key = "track|" + (visitor.address ?? "?")
        if let block = await lookups.blocked(key) {
            throw OfficeError.tooManyAttempts("查询失败次数过多，请 \(block.wait / 60 + 1) 分钟后再试")
        }
        guard let record = try await stored({ try await store.lookUp(trackingCode: trackingCode, phone: phone, agency: agency.id) }) else {
            await lookups.count(key)
            return nil
        }
        return (record, try await progress(of: record))
    }

    /// The open cases by due date.
    public func dueList(by actor: Actor, within: Int? = nil) async throws -> DueList {
        let agency = try require(.viewCases, actor)
        return DueList(cases: try await stored { try await store.openCases(agency: agency.id) }, today: today, calculator: try await calculator(),
                       within: within)
    }

    /// A case of this office's agency (another agency's case of the same code is not found).
    public func existingRecord(_ code: String) async throws -> CaseRecord {
        let agency = try agency
        guard let record = try await stored({ try await store.record(code, agency: agency.id) }) else {
            throw OfficeError.notFound("没有编号为 \(code) 的申请")
        }
        return record
    }

    /// What the applicant gave on the form (nil for imported cases). Personal data: for those who handle cases.
    public func intake(of code: String, by actor: Actor) async throws -> StoredIntake? {
        let agency = try require(.viewCases, actor)
        return try await stored { try await store.intake(of: code, agency: agency.id) }
    }

    /// Colleagues' names by user name, for timelines and sign-offs (people know each other by name).
    public func staffNames() async throws -> [String: String] {
        Dictionary(try await stored { try await store.users() }.map { ($0.username, $0.displayName) }) { first, _ in first }
    }

    public func progress(of record: CaseRecord) async throws -> CaseProgress {
        CaseProgress(of: record, calculator: try await calculator())
    }

    /// Records a step of a case. No date after today; an extension needs the 签发人 (条例 Art. 33 第二款). The step
    /// and its audit line are written together.
    public func record(_ event: CaseEvent, in code: String, by actor: Actor) async throws -> CaseRecord {
        let agency = try require(.handleCases, actor)
        if event.kind == .extended, !actor.may(.approveExtension, in: agency) {
            throw OfficeError.forbidden("延长答复期限须经签发人批准：请由签发人登记")
        }
        try notAfterToday(event.date, "日期", field: "date")
        let note = AuditNote(actor: actor.name, action: "办理申请", target: code, detail: "\(event.date) \(event.kind.displayName)",
                             agency: agency.id)
        return try await stored { try await store.append([event], to: code, agency: agency.id, recordedBy: actor.name, audit: note) }
    }

    /// Records that a 复议/诉讼 was filed or decided (no date after today), with its audit line.
    public func record(_ review: Review, in code: String, by actor: Actor) async throws -> CaseRecord {
        let agency = try require(.handleCases, actor)
        try notAfterToday(review.filed, "提起日期", field: "filed")
        if let decided = review.decided { try notAfterToday(decided, "审结日期", field: "decided") }
        let what = Table4BlockSpec.spec(review.kind).shortName
        let note = AuditNote(actor: actor.name, action: "登记复议诉讼", target: code,
                             detail: review.decided.map { "\(what) \($0) 审结" } ?? "\(what) \(review.filed) 提起",
                             agency: agency.id)
        return try await stored {
            try await store.append([], reviews: [review], to: code, agency: agency.id, recordedBy: actor.name, audit: note)
        }
    }

    /// Imports whole case histories (CASES-JSONL), all or nothing, audited (the ledger keeps each event's own `by` from the
    /// file, so that exporting gives the file back; the audit log says who imported it).
    public func importCases(_ records: [CaseRecord], source: String, by actor: Actor) async throws {
        let agency = try require(.handleCases, actor)
        let note = AuditNote(actor: actor.name, action: "导入申请", target: source, detail: "\(records.count) 件", agency: agency.id)
        try await stored { try await store.insert(records, agency: agency.id, audit: note) }
    }

    /// The 答复书 of a decided case, in the name of this office's agency with the remedies it names (or those given).
    public func letter(for record: CaseRecord, agency name: String? = nil, remedies: ReplyLetter.Remedies? = nil) throws(OfficeError)
        -> ReplyLetter
    {
        let agency = try agency
        do throws(ReplyLetter.Unavailable) {
            return try ReplyLetter(case: record, agency: name ?? agency.name, remedies: remedies ?? agency.remedies)
        } catch {
            throw .conflict(error.description)
        }
    }
}
