import Foundation
import GongkaiCore
import GongkaiStore

extension Office {
    /// A year's report as it is being edited: the saved draft (or an empty one with the prescribed headings), and
    /// when the saved draft cannot be read, why (it is then shown empty, and saving replaces it: never a dead end).
    public struct DraftState: Sendable {
        public var report: AnnualReport
        public var draft: ReportDraft?
        public var problem: String?
    }

    public static func format(of year: Int) -> ReportFormat { year >= 2021 ? .y2021 : .y2019 }

    public func emptyReport(year: Int) -> AnnualReport {
        let format = Self.format(of: year)
        return AnnualReport(
            format: format, agency: scope?.name, year: year,
            sections: SectionSpec.all.map { ReportSection(number: $0.number, heading: $0.heading, text: "") },
            table2: Table2(format: format))
    }

    public func draftReport(year: Int, by actor: Actor) async throws -> DraftState {
        let agency = try require(.viewCases, actor)
        let draft = try await stored { try await store.draft(year: year, agency: agency.id) }
        guard let draft else { return DraftState(report: emptyReport(year: year), draft: nil, problem: nil) }
        do throws(ReportDecodingError) {
            return DraftState(report: try AnnualReport(jsonBytes: Array(draft.content.utf8)), draft: draft, problem: nil)
        } catch {
            return DraftState(report: emptyReport(year: year), draft: draft,
                              problem: "保存的 \(year) 年度报告草稿无法读取（\(error.description)），下面是空白稿：重新填写并保存即可替换它")
        }
    }

    /// The whole report of a year: the editable part with tables 三/四 counted from the cases and table 二's policy and
    /// decision cells from the catalogue (where it counts them), dated today (the day it
    /// would be signed off, so that lateness shows while it is written), and every
    /// check of the engine (against last year's published report, when there is one).
    public func assembled(_ editable: AnnualReport, year: Int) async throws -> AnnualReport {
        let agency = try agency
        let counted = try await stored { try await store.tally(year: year, agency: agency.id) }.report(year: year, agency: editable.agency)
        var report = editable
        report.year = year
        report.format = Self.format(of: year)
        report.table3 = counted.table3
        report.table4 = counted.table4
        // Table 二's cells that the catalogue counts replace what was typed (2021 format).
        if report.format == .y2021 {
            let catalogue = try await catalogueTable2(year: year)
            if !catalogue.isEmpty {
                var table2 = report.table2 ?? Table2(format: report.format)
                for (key, value) in catalogue.cells {
                    let parts = key.split(separator: ".").map(String.init)
                    table2[parts[0], parts[1]] = Decimal(value)
                }
                report.table2 = table2
            }
        }
        report.publishedOn = report.publishedOn ?? today
        var previous: AnnualReport?
        if let last = try await stored({ try await store.published(year: year - 1, agency: agency.id) }) {
            previous = try? AnnualReport(jsonBytes: Array(last.content.utf8))
        }
        report.findings = ReportChecker.check(report, previous: previous, level: agency.level)
        return report
    }

    /// The draft with the form's edits applied, checked, not saved (the builder's live check).
    public func checkDraft(_ fields: Fields, year: Int, by actor: Actor) async throws -> (report: AnnualReport, state: DraftState) {
        let state = try await draftReport(year: year, by: actor)
        let edited = try ReportForm.apply(fields, to: state.report)
        return (try await assembled(edited, year: year), state)
    }

    /// Saves the form's edits to the year's draft (a signed-off draft that is edited needs signing off again).
    public func saveDraft(_ fields: Fields, year: Int, by actor: Actor) async throws {
        let agency = try require(.editReport, actor)
        let state = try await draftReport(year: year, by: actor)
        var report = try ReportForm.apply(fields, to: state.report)
        report.publishedOn = nil
        report.findings = []
        report.table3 = nil
        report.table4 = nil
        let content = report.jsonText()
        try await stored { try await store.saveDraft(year: year, agency: agency.id, content: content, by: actor.name) }
    }

    /// The findings that stop a sign-off: every error but lateness. The law requires the report to be published; a
    /// late one is still signed off and published, its lateness kept as a finding (never a reason to backdate it).
    public static func blockingSignOff(_ findings: [Finding]) -> [Finding] {
        findings.filter { $0.severity == .error && $0.code != .latePublication }
    }

    /// Signs off: the report as it stands, with its tables counted now and dated today (its 成文日期 is the day it
    /// is signed), is what will be published. Refused while an error-level finding remains.
    public func approve(year: Int, by actor: Actor) async throws -> AnnualReport {
        let agency = try require(.approveReport, actor)
        let state = try await draftReport(year: year, by: actor)
        guard state.draft != nil else { throw OfficeError.conflict("\(year) 年度报告还没有保存过草稿") }
        if let problem = state.problem { throw OfficeError.conflict(problem) }
        var signed = state.report
        signed.publishedOn = today
        let report = try await assembled(signed, year: year)
        let errors = Self.blockingSignOff(report.findings)
        if !errors.isEmpty {
            throw OfficeError.conflict("报告还有 \(errors.count) 处错误，不能签发：\(errors[0].message)")
        }
        let content = report.jsonText()
        try await stored { try await store.approveDraft(year: year, agency: agency.id, content: content, by: actor.name) }
        return report
    }

    /// Publishes the signed-off report as a new version.
    public func publish(year: Int, by actor: Actor) async throws -> PublishedReport {
        let agency = try require(.publishReport, actor)
        return try await stored { try await store.publish(year: year, agency: agency.id, by: actor.name) }
    }

    /// This agency's published reports, the newest version of each year.
    public func publishedReports() async throws -> [PublishedReport] {
        let agency = try agency
        return try await stored { try await store.publishedReports(agency: agency.id) }
    }

    /// The newest published version of a year, and its report.
    public func published(year: Int) async throws -> (stored: PublishedReport, report: AnnualReport) {
        let agency = try agency
        guard let published = try await stored({ try await store.published(year: year, agency: agency.id) }) else {
            throw OfficeError.notFound("\(year) 年度报告尚未发布")
        }
        do throws(ReportDecodingError) {
            return (published, try AnnualReport(jsonBytes: Array(published.content.utf8)))
        } catch {
            throw OfficeError.corrupt("已发布的 \(year) 年度报告无法读取：\(error.description)")
        }
    }
}
