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
    private static let nullRow = [Int?](repeating: nil, count: columnCount)

    public let format: ReportFormat
    /// Rows by ``Table3Row`` position; rows the format does not have stay null and are never written.
    private var storage: [[Int?]]

    /// A table with every cell null.
    public init(format: ReportFormat) {
        self.format = format
        self.storage = [[Int?]](repeating: Self.nullRow, count: Table3Row.allCases.count)
    }

    /// The rows of the format, in official order.
    public var rowKeys: [Table3Row] { format.spec.table3RowKeys }

    /// Whether the row belongs to this table's format.
    public func has(_ row: Table3Row) -> Bool { format.spec.hasTable3Row[row.rawValue] }

    /// A row's seven cells (自然人 … 总计). Reading a row the format does not have gives seven nulls; writing one is a
    /// programming error, and so is writing anything but seven cells.
    public subscript(row: Table3Row) -> [Int?] {
        get { storage[row.rawValue] }
        set {
            precondition(has(row), "table3 of the \(format.rawValue) format has no row \(row.key)")
            precondition(newValue.count == Self.columnCount, "a table3 row has \(Self.columnCount) cells")
            storage[row.rawValue] = newValue
        }
    }

    public subscript(row: Table3Row, column: Int) -> Int? {
        get { storage[row.rawValue][column] }
        set {
            precondition(has(row), "table3 of the \(format.rawValue) format has no row \(row.key)")
            storage[row.rawValue][column] = newValue
        }
    }
}

/// Table 四, 政府信息公开行政复议、行政诉讼情况: five cells for each of the three blocks.
public struct Table4: Sendable, Hashable {
    public static let columnCount = 5

    /// Blocks by ``Table4Block`` position.
    private var storage: [[Int?]]

    /// A table with every cell null.
    public init() {
        storage = [[Int?]](repeating: [Int?](repeating: nil, count: Self.columnCount), count: Table4Block.allCases.count)
    }

    /// A block's five cells (结果维持, 结果纠正, 其他结果, 尚未审结, 总计).
    public subscript(block: Table4Block) -> [Int?] {
        get { storage[block.rawValue] }
        set {
            precondition(newValue.count == Self.columnCount, "a table4 block has \(Self.columnCount) cells")
            storage[block.rawValue] = newValue
        }
    }

    public subscript(block: Table4Block, column: Int) -> Int? {
        get { storage[block.rawValue][column] }
        set { storage[block.rawValue][column] = newValue }
    }
}
