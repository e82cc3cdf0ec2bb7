import GongkaiCore
import GongkaiStore

/// The JSON of a supervisor's year, for the CLI (`oversee status|findings --format json`) and the API. Keys are a
/// contract, as the report JSON's are: added to, never renamed.
extension Office.OversightYear {
    /// Per roster unit: `name`, `creditCode`, `level`, `status` (`onTime`, `late`, `missing`, `pending`, `undated`),
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
            ("name", .string(unit.unit.name)),
            ("creditCode", unit.unit.creditCode.map(JSON.string) ?? JSON(.null)),
            ("level", .string(unit.unit.level.rawValue)),
            ("status", .string(standing.rawValue)),
            ("deadline", deadline.map { .string($0.description) } ?? JSON(.null)),
            ("publishedOn", publishedOn.map { .string($0.description) } ?? JSON(.null)),
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
            members.append(("share", JSON(.number(String(Double(Int((match.share * 1000).rounded())) / 1000)))))
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
            ("file", .string(fileName)),
            ("sha256", .string(sha256)),
            ("agency", agencyName.map(JSON.string) ?? JSON(.null)),
            ("year", year.map(JSON.int) ?? JSON(.null)),
            ("importedAt", .string(importedAt)),
        ])
    }
}
