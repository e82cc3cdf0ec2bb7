import Foundation
import GongkaiCore
import GongkaiStore

/// The JSON of a supervisor's year, for the CLI (`oversee status|findings --format json`) and the API. Keys are a
/// contract, as the report JSON's are: added to, never renamed.
extension Office.OversightYear {
    /// Per roster unit: `unit` (its number on the roster), `name`, `creditCode`, `level`, `status` (`onTime`, `late`, `missing`, `pending`, `undated`),
    /// `deadline`, `publishedOn`, `versions`, `findings` (counts by severity, dismissed ones left out), `report`.
    public var statusJSON: JSON {
        .object([
            ("year", .int(year)),
            ("today", .string(today.description)),
            ("units", .array(units.map(\.statusJSON))),
            ("unassigned", .array(unassigned.map(\.json))),
        ])
    }

    /// Every finding of every unit's current report, with its status.
    public var findingsJSON: JSON {
        .object([
            ("year", .int(year)),
            ("findings", .array(units.flatMap { unit in unit.findings.map { unit.json($0, reports: reports, unitNames: unitNames) } })),
        ])
    }
}

extension Office.UnitYear {
    var statusJSON: JSON {
        .object([
            ("unit", .int(unit.no)),
            ("name", .string(unit.unit.name)),
            ("creditCode", unit.unit.creditCode.map(JSON.string) ?? JSON(.null)),
            ("level", .string(unit.unit.level.rawValue)),
            ("status", .string(standing.rawValue)),
            ("deadline", .date(deadline)),
            ("publishedOn", .date(publishedOn)),
            ("versions", .int(versions)),
            ("findings", .object(Severity.allCases.map { ($0.rawValue, .int(count($0))) })),
            ("report", report.map(\.json) ?? JSON(.null)),
        ])
    }

    func json(_ item: Office.ReviewedFinding, reports: [Int: CollectedReport], unitNames: [Int: String]) -> JSON {
        var members: [(String, JSON)] = [
            ("unit", .string(unit.unit.name)),
            ("code", .string(item.finding.code.rawValue)),
            ("severity", .string(item.finding.severity.rawValue)),
            ("message", .string(item.finding.message)),
            ("location", item.finding.location.json),
            ("key", .string(item.key)),
            ("status", .string(item.status.rawValue)),
        ]
        if let review = item.review {
            members.append(("reviewedBy", .string(review.reviewer)))
            members.append(("reviewedAt", .string(review.at)))
            members.append(("reason", review.reason.map(JSON.string) ?? JSON(.null)))
        }
        if let match = item.reuse, let other = reports[match.other] {
            members.append(("share", .share(match.share)))
            members.append(("other", .object([
                ("unit", other.unitNo.flatMap { unitNames[$0] }.map(JSON.string) ?? JSON(.null)),
                ("year", other.year.map(JSON.int) ?? JSON(.null)),
                ("file", .string(other.fileName)),
                ("sha256", .string(other.sha256)),
            ])))
        }
        return .object(members)
    }
}

extension CollectedReport {
    public var json: JSON {
        .object([
            ("no", .int(no)),
            ("file", .string(fileName)),
            ("sha256", .string(sha256)),
            ("agency", agencyName.map(JSON.string) ?? JSON(.null)),
            ("year", year.map(JSON.int) ?? JSON(.null)),
            ("importedAt", .string(importedAt)),
        ])
    }
}

extension StoredRosterUnit {
    /// A roster unit: `unit` (its number), `name`, `creditCode`, `level`, `parent`, `localDeadline` (`MM-DD`).
    public var json: JSON {
        .object([
            ("unit", .int(no)),
            ("name", .string(unit.name)),
            ("creditCode", unit.creditCode.map(JSON.string) ?? JSON(.null)),
            ("level", .string(unit.level.rawValue)),
            ("parent", unit.parent.map(JSON.string) ?? JSON(.null)),
            ("localDeadline", unit.localDeadline.map { .string($0.description) } ?? .null),
        ])
    }
}

extension Office.UnitYear {
    /// One unit's year: its status (as in `statusJSON`) and every finding with its status.
    public func detailJSON(_ view: Office.OversightYear) -> JSON {
        guard case let .object(members) = statusJSON.value else { return statusJSON }
        return .object(members.map { ($0.key, $0.value) } + [
            ("deadlineRule", .string(deadlineRule)),
            ("findingList", .array(findings.map { json($0, reports: view.reports, unitNames: view.unitNames) })),
        ])
    }
}

extension ReportFigures {
    /// The JSON names of the figures, in ``columns`` order.
    public static let jsonNames = ["received", "carriedOver", "granted", "partlyGranted", "withheld", "unavailable", "notProcessed",
                                   "otherHandling", "closed", "carriedForward", "reconsidered", "reconsiderationCorrected",
                                   "litigated", "litigationCorrected"]

    /// Each figure by its name (null when the report does not give it), and `grantedShare`.
    public var json: JSON {
        .object(zip(Self.jsonNames, values).map { ($0, $1.map(JSON.int) ?? JSON(.null)) }
            + [("grantedShare", grantedShare.map(JSON.share) ?? JSON(.null))])
    }
}

extension JSON {
    /// A share as a number with three decimals.
    static func share(_ value: Double) -> JSON { JSON(.number(String(Double(Int((value * 1000).rounded())) / 1000))) }

    static func decimal(_ value: Decimal?) -> JSON { value.map { JSON(.number("\($0)")) } ?? JSON(.null) }
}

extension StoredFigures {
    /// A unit's year in its history: `year`, `format`, `publishedOn`, `late`, `reusedSections`, `figures`.
    public var json: JSON {
        .object([
            ("year", .int(year)),
            ("format", .string(format.rawValue)),
            ("publishedOn", .date(publishedOn)),
            ("late", late.map(JSON.bool) ?? JSON(.null)),
            ("reusedSections", .int(reused)),
            ("figures", figures.json),
        ])
    }
}

extension Office.ReportVersion {
    /// A version: the report as collected and, from the second on, what changed from the one before.
    public var json: JSON {
        var members: [(String, JSON)] = [("report", report.json), ("publishedOn", .date(report.publishedOn))]
        if let diff {
            members.append(("changes", .object([
                ("formatChanged", .bool(diff.formatChanged)),
                ("publishedOn", diff.publishedOn.map { change in
                    .object([("old", .date(change.old)),
                             ("new", .date(change.new))])
                } ?? JSON(.null)),
                ("cells", .array(diff.cells.map { change in
                    .object([("key", .string(change.cell.key)), ("label", .string(change.label)),
                             ("old", .decimal(change.old)), ("new", .decimal(change.new))])
                })),
                ("sections", .array(diff.sections.map { change in
                    .object([("number", .int(change.number)), ("heading", .string(change.heading)),
                             ("removed", .array(change.removed.map(JSON.string))), ("added", .array(change.added.map(JSON.string)))])
                })),
            ])))
        }
        return .object(members)
    }
}

extension Office.TrendYear {
    /// A year of the region: `units`, `reports`, `onTime`, `late`, `undated`, `notReceived`, `reused`, the figures'
    /// sums (`sums`, null where no report gives the figure) and how many reports give each (`given`).
    public var json: JSON {
        .object([
            ("year", .int(year)), ("units", .int(units)), ("reports", .int(reports)), ("onTime", .int(onTime)),
            ("late", .int(late)), ("undated", .int(undated)), ("notReceived", .int(notReceived)), ("reused", .int(reused)),
            ("sums", .object(zip(zip(ReportFigures.jsonNames, sums.values), given).map { pair, given in
                (pair.0, given == 0 ? JSON(.null) : .int(pair.1 ?? 0))
            } + [("grantedShare", sums.grantedShare.map(JSON.share) ?? JSON(.null))])),
            ("given", .object(zip(ReportFigures.jsonNames, given).map { ($0, .int($1)) })),
        ])
    }
}

extension Rollup {
    /// The region's tables in one format: `format`, `reports`, and per cell of the format (contract keys, in the
    /// format's order) its `sum` over the reports that give it and how many leave it `unknown`.
    public var json: JSON {
        .object([
            ("format", .string(format.rawValue)),
            ("reports", .int(reports)),
            ("cells", .array(ReportCell.all(format).map { cell in
                .object([("key", .string(cell.key)), ("label", .string(cell.label(format))),
                         ("sum", .decimal(sum(cell))), ("unknown", .int(unknown(cell)))])
            })),
        ])
    }
}

extension Office.Ranked {
    public func json(rank: Int) -> JSON {
        .object([
            ("rank", .int(rank)), ("unit", .int(unit.no)), ("name", .string(unit.unit.name)),
            ("received", figures.received.map(JSON.int) ?? JSON(.null)), ("closed", figures.closed.map(JSON.int) ?? JSON(.null)),
            ("grantedShare", figures.grantedShare.map(JSON.share) ?? JSON(.null)),
            ("correctedShare", figures.correctedShare.map(JSON.share) ?? JSON(.null)),
        ])
    }
}

extension Office.CellValue {
    public var json: JSON {
        .object([("unit", .int(unit.no)), ("name", .string(unit.unit.name)), ("level", .string(unit.unit.level.rawValue)),
                 ("value", .decimal(value))])
    }
}
