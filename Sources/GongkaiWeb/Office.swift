import Foundation
import GongkaiCore
import GongkaiParsing
import GongkaiRendering
import GongkaiStore
import Vapor

/// How the server runs: the agency it serves, the remedies its letters name, and what tests replace (today's date).
public struct ServerSettings: Sendable {
    /// The agency's name as printed on letters and reports, e.g. `某某市某某局`.
    public var agency: String
    public var remedies: ReplyLetter.Remedies
    /// Today in China; tests fix it.
    public var today: @Sendable () -> CivilDate
    /// Mark cookies `Secure` (behind HTTPS).
    public var secureCookies: Bool
    /// The largest report file accepted for checking.
    public var maxUploadBytes: Int
    /// Failed logins allowed per address and user name within `loginWindow` seconds.
    public var loginAttempts: Int
    public var loginWindow: Double
    /// Bcrypt cost of new password hashes (12; tests use less).
    public var passwordCost: Int
    /// Applications the public form accepts from one address in an hour (0: no limit).
    public var filingsPerHour: Int
    /// Behind a reverse proxy: the visitor's address is the last one of `X-Forwarded-For` (the proxy appends it),
    /// not the proxy's own; otherwise every visitor would share the proxy's limits.
    public var behindProxy: Bool

    public init(agency: String, remedies: ReplyLetter.Remedies = .init(), today: @escaping @Sendable () -> CivilDate = { CivilDate.today },
                secureCookies: Bool = false, maxUploadBytes: Int = 10 << 20, loginAttempts: Int = 5, loginWindow: Double = 900,
                passwordCost: Int = 12, filingsPerHour: Int = 20, behindProxy: Bool = false)
    {
        self.filingsPerHour = filingsPerHour
        self.behindProxy = behindProxy
        self.passwordCost = passwordCost
        self.agency = agency
        self.remedies = remedies
        self.today = today
        self.secureCookies = secureCookies
        self.maxUploadBytes = maxUploadBytes
        self.loginAttempts = loginAttempts
        self.loginWindow = loginWindow
    }
}

/// What the pages and the API both do: every operation once, over the store.
struct Office: Sendable {
    let store: CaseStore
    let settings: ServerSettings
    let limiter: AttemptLimiter
    /// Counts the public form's filings per address.
    let filings: AttemptLimiter

    var today: CivilDate { settings.today() }

    func calculator() async throws -> DeadlineCalculator {
        DeadlineCalculator(calendar: try await store.calendar())
    }

    // MARK: Applications

    struct Filed: Sendable {
        let code: String
        let trackingCode: String
        let received: CivilDate
        let progress: CaseProgress
    }

    /// Files an application (public form: received today online; staff: any channel and date up to today).
    func file(_ intake: Intake, channel: Channel, received: CivilDate, actor: String) async throws -> Filed {
        guard received <= today else { throw Abort(.unprocessableEntity, reason: "收到日期不能晚于今天（\(today)）") }
        let (code, tracking) = try await store.file(intake, channel: channel, received: received, by: actor)
        guard let record = try await store.record(code) else { throw Abort(.internalServerError, reason: "申请登记后未能读回") }
        return Filed(code: code, trackingCode: tracking, received: received,
                     progress: CaseProgress(of: record, calculator: try await calculator()))
    }

    func dueList() async throws -> DueList {
        DueList(cases: try await store.openCases(), today: today, calculator: try await calculator(), within: nil)
    }

    func progress(of record: CaseRecord) async throws -> CaseProgress {
        CaseProgress(of: record, calculator: try await calculator())
    }

    /// Records a step of a case; an extension needs the 签发人's permission.
    func record(_ event: CaseEvent, in code: String, by user: StaffUser) async throws -> CaseRecord {
        if event.kind == .extended, !user.may(.approveExtension) {
            throw Abort(.forbidden, reason: "延长答复期限须经签发人批准：请由签发人登记")
        }
        guard event.date <= today else { throw Abort(.unprocessableEntity, reason: "日期不能晚于今天（\(today)）") }
        do {
            let record = try await store.append([event], to: code, recordedBy: user.username)
            try await store.audit(actor: user.username, action: "办理申请", target: code,
                                  detail: "\(event.date) \(event.kind.displayName)")
            return record
        } catch let error as StoreError {
            throw Abort(error.description.hasPrefix("没有编号") ? .notFound : .unprocessableEntity, reason: error.description)
        }
    }

    func record(_ review: Review, in code: String, by user: StaffUser) async throws -> CaseRecord {
        guard review.filed <= today, (review.decided ?? review.filed) <= today else {
            throw Abort(.unprocessableEntity, reason: "日期不能晚于今天（\(today)）")
        }
        do {
            let record = try await store.append([], reviews: [review], to: code, recordedBy: user.username)
            let what = Table4BlockSpec.spec(review.kind).shortName
            try await store.audit(actor: user.username, action: "登记复议诉讼", target: code,
                                  detail: review.decided.map { "\(what) \($0) 审结" } ?? "\(what) \(review.filed) 提起")
            return record
        } catch let error as StoreError {
            throw Abort(error.description.hasPrefix("没有编号") ? .notFound : .unprocessableEntity, reason: error.description)
        }
    }

    func existingRecord(_ code: String) async throws -> CaseRecord {
        guard let record = try await store.record(code) else { throw Abort(.notFound, reason: "没有编号为 \(code) 的申请") }
        return record
    }

    func letter(for record: CaseRecord) throws -> ReplyLetter {
        do throws(ReplyLetter.Unavailable) {
            return try ReplyLetter(case: record, agency: settings.agency, remedies: settings.remedies)
        } catch {
            throw Abort(.conflict, reason: error.description)
        }
    }

    // MARK: Annual reports

    static func format(of year: Int) -> ReportFormat { year >= 2021 ? .y2021 : .y2019 }

    /// The editable part of a year's report: the saved draft, or an empty one with the prescribed headings.
    func draftReport(year: Int) async throws -> (report: AnnualReport, draft: ReportDraft?) {
        let draft = try await store.draft(year: year)
        if let draft {
            do throws(ReportDecodingError) {
                return (try AnnualReport(jsonBytes: Array(draft.content.utf8)), draft)
            } catch {
                throw Abort(.internalServerError, reason: "\(year) 年度报告草稿无法读取：\(error.description)")
            }
        }
        let format = Self.format(of: year)
        let report = AnnualReport(
            format: format, agency: settings.agency, year: year,
            sections: SectionSpec.all.map { ReportSection(number: $0.number, heading: $0.heading, text: "") },
            table2: Table2(format: format))
        return (report, nil)
    }

    /// The whole report of a year: the editable part with tables 三/四 counted from the cases, dated today, and every
    /// check of the engine (against last year's published report, when there is one).
    func assembled(_ editable: AnnualReport, year: Int) async throws -> AnnualReport {
        let counted = try await store.tally(year: year).report(year: year, agency: editable.agency)
        var report = editable
        report.year = year
        report.format = Self.format(of: year)
        report.table3 = counted.table3
        report.table4 = counted.table4
        if report.publishedOn == nil { report.publishedOn = today }
        var previous: AnnualReport?
        if let last = try await store.published(year: year - 1) {
            previous = try? AnnualReport(jsonBytes: Array(last.content.utf8))
        }
        report.findings = ReportChecker.check(report, previous: previous)
        return report
    }

    func saveDraft(_ editable: AnnualReport, year: Int, by user: StaffUser) async throws {
        var report = editable
        report.findings = []
        report.table3 = nil
        report.table4 = nil
        try await store.saveDraft(year: year, content: report.jsonText(), by: user.username)
    }

    /// Signs off: the report as it stands, with its tables counted now, is what will be published. Refused while an
    /// error-level finding remains.
    func approve(year: Int, by user: StaffUser) async throws -> AnnualReport {
        let (editable, draft) = try await draftReport(year: year)
        guard draft != nil else { throw Abort(.conflict, reason: "\(year) 年度报告还没有保存过草稿") }
        let report = try await assembled(editable, year: year)
        let errors = report.findings.filter { $0.severity == .error }
        if !errors.isEmpty {
            throw Abort(.conflict, reason: "报告还有 \(errors.count) 处错误，不能签发：\(errors[0].message)")
        }
        try await store.approveDraft(year: year, content: report.jsonText(), by: user.username)
        return report
    }

    func published(year: Int) async throws -> AnnualReport {
        guard let stored = try await store.published(year: year) else {
            throw Abort(.notFound, reason: "\(year) 年度报告尚未发布")
        }
        do throws(ReportDecodingError) {
            return try AnnualReport(jsonBytes: Array(stored.content.utf8))
        } catch {
            throw Abort(.internalServerError, reason: "已发布的 \(year) 年度报告无法读取：\(error.description)")
        }
    }
}

extension Application {
    struct OfficeKey: StorageKey { typealias Value = Office }

    var office: Office {
        guard let office = storage[OfficeKey.self] else { fatalError("GongkaiServer.configure was not called") }
        return office
    }
}

extension Request {
    var office: Office { application.office }
}

/// The submission channel of the case engine (not NIO's).
typealias Channel = GongkaiCore.Channel
