import Foundation
import GongkaiCore
import SQLKit

extension CaseStore {
    /// One page of an agency's cases matching `query`, the latest received first, and how many match in all. Words
    /// are matched as substrings (`LIKE`, with `%` and `_` in them taken literally), so that a two-character name or
    /// word is found on both databases without extensions.
    public func searchCases(_ query: CaseQuery, agency: Int) async throws -> CaseSearchResult {
        var predicates: [SQLQueryString] = ["c.agency_id = \(bind: agency)"]
        for word in query.words {
            let pattern = "%" + Self.escapedForLike(word) + "%"
            predicates.append("""
                (c.code LIKE \(bind: pattern) ESCAPE '\\' OR c.applicant_name LIKE \(bind: pattern) ESCAPE '\\' \
                OR c.request LIKE \(bind: pattern) ESCAPE '\\')
                """)
        }
        let closed: SQLQueryString = "EXISTS (SELECT 1 FROM case_events x WHERE x.case_no = c.no AND x.type IN ('decided', 'withdrawn'))"
        switch query.status {
        case .all: break
        case .open: predicates.append("NOT \(closed)")
        case .closed: predicates.append(closed)
        }
        if let year = query.year {
            let start = CivilDate(year: year, month: 1, day: 1)!.dayNumber
            let end = CivilDate(year: year, month: 12, day: 31)!.dayNumber
            predicates.append("c.received_day >= \(bind: start) AND c.received_day <= \(bind: end)")
        }
        if let outcome = query.outcome {
            let withdrawn = outcome == .otherHandlingOther
            predicates.append("""
                EXISTS (SELECT 1 FROM case_events x WHERE x.case_no = c.no AND ((x.type = 'decided' AND x.outcome = \(bind: outcome.key)) \
                OR (\(bind: withdrawn) AND x.type = 'withdrawn')))
                """)
        }
        if let channel = query.channel { predicates.append("c.channel = \(bind: channel.rawValue)") }
        let condition = SQLList(predicates, separator: SQLRaw(" AND "))
        let total = try await sql.raw("SELECT COUNT(*) AS n FROM cases c WHERE \(condition)").first()?
            .decode(column: "n", as: Int.self) ?? 0
        let offset = (query.page - 1) * query.pageSize
        let rows = try await sql.raw("""
            SELECT * FROM cases c WHERE \(condition) ORDER BY c.received_day DESC, c.no DESC \
            LIMIT \(literal: query.pageSize) OFFSET \(literal: offset)
            """).all()
        return CaseSearchResult(query: query, total: total, records: try await records(caseRows: rows))
    }

    /// `50%_a\b` → `50\%\_a\\b`: the word as a literal inside a LIKE pattern escaped with `\`.
    static func escapedForLike(_ word: String) -> String {
        var escaped = ""
        for character in word {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}
