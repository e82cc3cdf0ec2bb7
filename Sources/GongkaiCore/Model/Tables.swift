import Foundation

/// Table 二, 主动公开政府信息情况: a value (or null) for every field of every row of the format.
public struct Table2: Sendable, Hashable {
    public let format: ReportFormat
    /// Values by (row key, field key); a cell that is absent here is null.
    private var values: [Cell: Decimal]

    public struct Cell: Sendable, Hashable {
        public let row: String
        public let field: String
        public init(row: String, field: String) {
            self.row = row
            self.field = field
        }
    }

    /// A table with every cell null.
    public init(format: ReportFormat) {
        self.format = format
        self.values = [:]
    }

    /// The cells of the format, in official order.
    public var cells: [Cell] {
        format.spec.table2Rows.flatMap { row in row.fields.map { Cell(row: row.key, field: $0.key) } }
    }

    /// The value of a cell; nil when the cell is null. Setting a cell the format does not have is a programming error.
    public subscript(row: String, field: String) -> Decimal? {
        get { values[Cell(row: row, field: field)] }
        set {
            precondition(format.spec.table2Rows.contains { $0.key == row && $0.fields.contains { $0.key == field } },
                         "table2 of the \(format.rawValue) format has no cell \(row).\(field)")
            values[Cell(row: row, field: field)] = newValue
        }
    }
}

/// Table 三, 收到和处理政府信息公开申请情况: seven columns for every numeric row of the format.
public struct Table3: Sendable, Hashable {
    public static let columnCount = 7

    public let format: ReportFormat
    private var storage: [Table3Row: [Int?]]

    /// A table with every cell null.
    public init(format: ReportFormat) {
        self.format = format
        self.storage = Dictionary(uniqueKeysWithValues: format.spec.table3Rows.map {
            ($0.row, [Int?](repeating: nil, count: Self.columnCount))
        })
    }

    /// The rows of the format, in official order.
    public var rowKeys: [Table3Row] { format.spec.table3Rows.map(\.row) }

    /// Whether the row belongs to this table's format.
    public func has(_ row: Table3Row) -> Bool { storage[row] != nil }

    /// A row's seven cells (自然人 … 总计). Reading a row the format does not have gives seven nulls; writing one is a
    /// programming error, and so is writing anything but seven cells.
    public subscript(row: Table3Row) -> [Int?] {
        get { storage[row] ?? [Int?](repeating: nil, count: Self.columnCount) }
        set {
            precondition(storage[row] != nil, "table3 of the \(format.rawValue) format has no row \(row.key)")
            precondition(newValue.count == Self.columnCount, "a table3 row has \(Self.columnCount) cells")
            storage[row] = newValue
        }
    }

    public subscript(row: Table3Row, column: Int) -> Int? {
        get { self[row][column] }
        set { self[row][column] = newValue }
    }
}

/// Table 四, 政府信息公开行政复议、行政诉讼情况: five cells for each of the three blocks.
public struct Table4: Sendable, Hashable {
    public static let columnCount = 5

    private var storage: [Table4Block: [Int?]]

    /// A table with every cell null.
    public init() {
        storage = Dictionary(uniqueKeysWithValues: Table4Block.allCases.map {
            ($0, [Int?](repeating: nil, count: Self.columnCount))
        })
    }

    /// A block's five cells (结果维持, 结果纠正, 其他结果, 尚未审结, 总计).
    public subscript(block: Table4Block) -> [Int?] {
        get { storage[block] ?? [Int?](repeating: nil, count: Self.columnCount) }
        set {
            precondition(newValue.count == Self.columnCount, "a table4 block has \(Self.columnCount) cells")
            storage[block] = newValue
        }
    }

    public subscript(block: Table4Block, column: Int) -> Int? {
        get { self[block][column] }
        set { self[block][column] = newValue }
    }
}
