/// A merged label cell of table 三's three label columns, as the national format draws it.
public enum MergedLabel: Sendable, Hashable {
    /// The cell starts on this row and spans `rows` rows.
    case starts(String, rows: Int)
    /// The cell started on an earlier row and covers this one.
    case continues
}

/// One row of table 三 as the official table lays it out: which merged label cells start or continue on it, and how
/// many label columns its own label spans. Every writer and the reader use this instead of working it out again.
public struct Table3LayoutRow: Sendable, Hashable {
    public let spec: Table3RowSpec
    /// The `三、本年度办理结果` column; nil for rows whose own label spans all three label columns (一, 二, 四).
    public let part: MergedLabel?
    /// The group column (`（三）不予公开` …); nil for rows without a group.
    public let group: MergedLabel?

    /// How many label columns the row's own label spans: 3 (no part), 2 (a part but no group) or 1.
    public var labelSpan: Int { part == nil ? 3 : (group == nil ? 2 : 1) }

    /// The layout of a format's rows.
    static func layout(_ rows: [Table3RowSpec]) -> [Table3LayoutRow] {
        func merged(_ label: String?, previous: String?, count: (String) -> Int) -> MergedLabel? {
            guard let label else { return nil }
            return label == previous ? .continues : .starts(label, rows: count(label))
        }
        return rows.enumerated().map { i, spec in
            let before = i > 0 ? rows[i - 1] : nil
            return Table3LayoutRow(
                spec: spec,
                part: merged(spec.part, previous: before?.part) { p in rows.filter { $0.part == p }.count },
                group: merged(spec.group, previous: before?.group) { g in rows.filter { $0.group == g }.count })
        }
    }
}

extension Table2Block {
    /// How the block's fields share the three value columns of table 二: 3 fields → 1+1+1, 2 → 1+2, 1 → 3.
    public var valueSpans: [Int] {
        switch fields.count {
        case 1: [3]
        case 2: [1, 2]
        default: [Int](repeating: 1, count: fields.count)
        }
    }
}
