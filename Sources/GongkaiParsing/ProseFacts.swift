import Foundation
import GongkaiCore

/// What a report's own prose says of table 二's policy-document rows (`本年制发规范性文件15件，废止6件，现行有效…698件`),
/// to choose among the splits of a row whose digits were glued. A statement counts only when its sentence names the
/// row (规章, or 规范性文件) and its clause names one field (制发, 废止, 现行有效) and one number of documents (`N件`); a
/// field stated twice with different numbers counts not at all.
enum ProseFacts {
    struct Fact: Equatable {
        let row: String
        let field: String
        let value: Decimal
        /// The clause it was read from.
        let text: String
    }

    static let rowWords: [(row: String, words: [String])] = [("rules", ["规章"]), ("normativeDocuments", ["规范性文件"])]
    static let fieldWords: [(field: String, words: [String])] = [
        ("issued", ["制发", "印发", "出台"]), ("repealed", ["废止", "失效"]), ("inForce", ["现行有效"]),
    ]

    static func facts(in prose: String) -> [Fact] {
        var facts: [Fact] = []
        for sentence in prose.split(whereSeparator: { "。；;\n".contains($0) }) {
            var row: String?
            for clause in sentence.split(whereSeparator: { "，,".contains($0) }).map(String.init) {
                let rows = rowWords.filter { entry in entry.words.contains { clause.contains($0) } }.map(\.row)
                if rows.count == 1 { row = rows[0] } else if rows.count > 1 { row = nil; continue }
                guard let row else { continue }
                let fields = fieldWords.filter { entry in entry.words.contains { clause.contains($0) } }.map(\.field)
                guard fields.count == 1 else { continue }
                let numbers = documentCounts(clause)
                guard numbers.count == 1 else { continue }
                facts.append(Fact(row: row, field: fields[0], value: numbers[0], text: clause.trimmingWhitespace))
            }
        }
        // A field stated with two numbers decides nothing.
        return facts.filter { fact in !facts.contains { $0.row == fact.row && $0.field == fact.field && $0.value != fact.value } }
    }

    /// The numbers of documents in a clause: ASCII digits followed by 件 (or 份).
    static func documentCounts(_ clause: String) -> [Decimal] {
        var result: [Decimal] = []
        var digits = ""
        for c in clause {
            if c.isASCII, c.isNumber { digits.append(c); continue }
            if !digits.isEmpty, c == "件" || c == "份", let value = Decimal(string: digits) { result.append(value) }
            digits = ""
        }
        return result
    }

    /// Chooses, for each ambiguous row, the one split the prose agrees with; returns the rows decided and the findings.
    static func decide(_ table: inout Table2, ambiguous: [String: [[Decimal?]]], prose: String) -> [Finding] {
        // Only the policy-document rows are stated so, and only when the prose names them.
        guard ambiguous.keys.contains(where: { key in rowWords.contains { $0.row == key } }),
              rowWords.contains(where: { $0.words.contains { prose.containsBytes($0) } }) else { return [] }
        let facts = facts(in: prose)
        guard !facts.isEmpty else { return [] }
        var findings: [Finding] = []
        let spec = table.format.spec
        for (rowKey, options) in ambiguous.sorted(by: { $0.key < $1.key }) {
            guard let row = spec.table2Rows.first(where: { $0.key == rowKey }) else { continue }
            let stated = facts.filter { $0.row == rowKey }
            guard !stated.isEmpty else { continue }
            let fieldIndex = Dictionary(uniqueKeysWithValues: row.fields.enumerated().map { ($1.key, $0) })
            let agreeing = options.filter { option in
                stated.allSatisfy { fact in fieldIndex[fact.field].map { option[$0] == fact.value } ?? false }
            }
            guard agreeing.count == 1 else { continue }
            for (i, field) in row.fields.enumerated() { table[rowKey, field.key] = agreeing[0][i] }
            findings.append(Finding(
                code: .table2FromProse, severity: .info,
                message: "表二「\(row.label)」的数字粘连、有多种拆分，按报告正文的说法（“\(stated.map(\.text).joined(separator: "”“"))”）取唯一相符的一种",
                location: Location(table: .table2, row: rowKey)))
        }
        return findings
    }
}

extension FindingCode {
    /// A table 二 row whose glued digits split several ways, chosen by what the report's prose states of it.
    public static let table2FromProse: FindingCode = "T2-FROM-PROSE"
}
