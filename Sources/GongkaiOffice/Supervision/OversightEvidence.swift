import GongkaiCore
import GongkaiStore

/// The evidence of a 雷同 finding: the section of both reports side by side, each sentence marked when the other
/// report has its wording.
extension Office {
    public struct ReuseEvidence: Sendable {
        public struct Side: Sendable {
            /// The unit's name (or, unassigned, the agency the report names, or its file).
            public let name: String
            public let year: Int?
            public let file: String
            public let publishedOn: CivilDate?
            public let sentences: [(text: String, reused: Bool)]
        }

        public let finding: ReviewedFinding
        /// `一、总体情况`
        public let heading: String
        public let mine: Side
        public let theirs: Side
    }

    public func reuseEvidence(year: Int, unit: Int, key: String, by actor: Actor) async throws -> ReuseEvidence {
        let agency = try require(.oversee, actor)
        let (row, view) = try await oversight(year: year, unit: unit, by: actor)
        guard let item = row.findings.first(where: { $0.key == key }), let match = item.reuse, let report = row.report
        else { throw OfficeError.notFound("没有这条内容雷同问题") }
        guard let mine = try await stored({ try await store.collectedReport(no: report.no, owner: agency.id) }),
              let other = try await stored({ try await store.collectedReport(no: match.other, owner: agency.id) })
        else { throw OfficeError.notFound("雷同所涉的报告已不在库中") }
        let a = try Self.decode(mine), b = try Self.decode(other)
        let names = [a.agency, b.agency, row.unit.unit.name, other.unitNo.flatMap { view.unitNames[$0] }].compactMap { $0 }
        let textA = a.sections?.first { $0.number == match.section }?.text ?? ""
        let textB = b.sections?.first { $0.number == match.section }?.text ?? ""
        func side(_ report: CollectedReport, _ read: AnnualReport, _ text: String, against: String) -> ReuseEvidence.Side {
            ReuseEvidence.Side(name: report.unitNo.flatMap { view.unitNames[$0] } ?? read.agency ?? report.fileName, year: report.year,
                               file: report.fileName, publishedOn: report.publishedOn,
                               sentences: TextReuse.sentences(of: text, against: against, removing: names))
        }
        let heading = a.format.spec.sections.first { $0.number == match.section }?.heading ?? "第 \(match.section) 部分"
        return ReuseEvidence(finding: item, heading: heading, mine: side(mine, a, textA, against: textB), theirs: side(other, b, textB, against: textA))
    }
}
