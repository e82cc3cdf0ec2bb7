/// A table to export: a name, a header row and rows of cells — what a spreadsheet or a CSV file is written from.
/// Numbers stay numbers (a script reading the file sums them), text stays text (a 统一社会信用代码 is no number).
public struct Sheet: Sendable, Equatable {
    public enum Cell: Sendable, Equatable {
        case empty
        case text(String)
        case int(Int)
        /// An exact decimal as written (money in 万元: `12.50`).
        case decimal(String)
    }

    public var name: String
    public var header: [String]
    public var rows: [[Cell]]
    /// How many leading columns stay in view when the sheet scrolls sideways (the unit's name, say).
    public var frozenColumns: Int

    public init(name: String, header: [String], rows: [[Cell]] = [], frozenColumns: Int = 0) {
        self.name = name
        self.header = header
        self.rows = rows
        self.frozenColumns = frozenColumns
    }
}

extension Sheet.Cell {
    /// The cell as a CSV field or plain text would show it.
    public var text: String {
        switch self {
        case .empty: ""
        case let .text(s): s
        case let .int(i): String(i)
        case let .decimal(d): d
        }
    }
}
