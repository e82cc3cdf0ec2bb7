/// A short Chinese description of a finding's location, e.g. `表三·予以公开·自然人` or `第三部分`.
public enum LocationText {
    public static func describe(_ location: Location) -> String {
        var parts: [String] = []
        if let section = location.section { parts.append("第\(ChineseNumeral.ordinal(section))部分") }
        if let table = location.table {
            parts.append(table.displayName)
            switch table {
            case .table2:
                if let key = location.row {
                    let spec = TableID.table2Row(key)
                    parts.append(spec?.label ?? key)
                    if case let .field(f)? = location.column {
                        parts.append(spec?.fields.first { $0.key == f }?.label ?? f)
                    }
                }
            case .table3:
                if let key = location.row {
                    parts.append(Table3Row(key: key).flatMap(TableID.table3Row)?.shortName ?? key)
                }
                if case let .index(i)? = location.column, Table3Column.all.indices.contains(i) {
                    parts.append(Table3Column.all[i].shortName)
                }
            case .table4:
                if let key = location.row {
                    parts.append(Table4Block(key: key).map { Table4BlockSpec.spec($0).shortName } ?? key)
                }
                if case let .index(i)? = location.column, Table4BlockSpec.columns.indices.contains(i) {
                    parts.append(Table4BlockSpec.columns[i])
                }
            }
        }
        if let line = location.line { parts.append("第 \(line) 行") }
        return parts.isEmpty ? "全文" : parts.joined(separator: "·")
    }
}

extension TableID {
    /// The table 二 row of a key, in whichever format has it.
    public static func table2Row(_ key: String) -> Table2RowSpec? {
        ReportFormat.allCases.reversed().lazy.compactMap { $0.spec.table2Rows.first { $0.key == key } }.first
    }

    /// The table 三 row spec, in whichever format has it.
    public static func table3Row(_ row: Table3Row) -> Table3RowSpec? {
        ReportFormat.allCases.reversed().lazy.compactMap { $0.spec.table3Row(row) }.first
    }
}
