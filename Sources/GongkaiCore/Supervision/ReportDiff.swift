import Foundation

/// What changed between two versions of a unit's report (a corrected re-publication): the table cells whose value
/// changed (by their contract key), and, per section, the sentences taken out and put in (a longest-common-subsequence
/// diff of the sentences, so that a paragraph moved or left as it was is no change).
public struct ReportDiff: Sendable, Equatable {
    public struct CellChange: Sendable, Equatable {
        public let cell: ReportCell
        /// What a person reads: `表三 予以公开 · 总计`.
        public let label: String
        /// nil: null (not given).
        public let old: Decimal?
        public let new: Decimal?
    }

    public struct SectionChange: Sendable, Equatable {
        public let number: Int
        public let heading: String
        public let removed: [String]
        public let added: [String]
    }

    public let formatChanged: Bool
    public let publishedOn: (old: CivilDate?, new: CivilDate?)?
    public let cells: [CellChange]
    public let sections: [SectionChange]

    public var isEmpty: Bool { !formatChanged && publishedOn == nil && cells.isEmpty && sections.isEmpty }

    public static func == (a: ReportDiff, b: ReportDiff) -> Bool {
        a.formatChanged == b.formatChanged && a.publishedOn?.old == b.publishedOn?.old && a.publishedOn?.new == b.publishedOn?.new
            && a.cells == b.cells && a.sections == b.sections
    }

    /// The changes from `old` to `new`. Cells are compared over both formats' keys (a format changed between versions
    /// shows each cell that only one of them has as given on one side).
    public init(from old: AnnualReport, to new: AnnualReport) {
        formatChanged = old.format != new.format
        publishedOn = old.publishedOn == new.publishedOn ? nil : (old.publishedOn, new.publishedOn)
        var seen = Set<ReportCell>()
        var cells: [CellChange] = []
        for cell in ReportCell.all(new.format) + ReportCell.all(old.format) where seen.insert(cell).inserted {
            let a = old.value(cell), b = new.value(cell)
            if a != b { cells.append(CellChange(cell: cell, label: cell.label(new.format), old: a, new: b)) }
        }
        self.cells = cells
        var sections: [SectionChange] = []
        let oldSections = Dictionary((old.sections ?? []).map { ($0.number, $0) }, uniquingKeysWith: { a, _ in a })
        let newSections = Dictionary((new.sections ?? []).map { ($0.number, $0) }, uniquingKeysWith: { a, _ in a })
        for number in Set(oldSections.keys).union(newSections.keys).sorted() {
            let a = TextReuse.split(oldSections[number]?.text ?? ""), b = TextReuse.split(newSections[number]?.text ?? "")
            let (removed, added) = Self.difference(a, b)
            guard !removed.isEmpty || !added.isEmpty else { continue }
            let heading = newSections[number]?.heading ?? oldSections[number]?.heading ?? "第 \(number) 部分"
            sections.append(SectionChange(number: number, heading: heading, removed: removed, added: added))
        }
        self.sections = sections
    }

    /// The items of `a` not in a longest common subsequence with `b`, and those of `b`, each in order.
    static func difference(_ a: [String], _ b: [String]) -> (removed: [String], added: [String]) {
        guard a != b else { return ([], []) }
        let n = a.count, m = b.count
        // lengths[i][j]: the LCS of a[i...] and b[j...].
        var lengths = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                lengths[i][j] = a[i] == b[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
            }
        }
        var removed: [String] = [], added: [String] = []
        var i = 0, j = 0
        while i < n, j < m {
            if a[i] == b[j] {
                i += 1; j += 1
            } else if lengths[i + 1][j] >= lengths[i][j + 1] {
                removed.append(a[i]); i += 1
            } else {
                added.append(b[j]); j += 1
            }
        }
        removed += a[i...]
        added += b[j...]
        return (removed, added)
    }
}
