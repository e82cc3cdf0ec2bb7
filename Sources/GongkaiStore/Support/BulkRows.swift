import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit

/// Many rows read fast: a query's cells through each driver's own values (SQLite's, PostgreSQL's binary format)
/// instead of the `Decodable` path SQLKit takes for every cell. That path costs about 1.5 µs a cell: a 10,000-unit
/// roster took 100 ms to decode on SQLite and 180 ms on PostgreSQL, for 25 ms in either database. Used by the reads
/// that go over every unit or report of a year; everything else decodes as usual.
struct BulkRow: Sendable {
    enum Value: Sendable, Equatable {
        case null
        case int(Int)
        case double(Double)
        case text(String)
    }

    let values: [Value]
    let columns: BulkColumns

    func value(_ name: String) throws -> Value {
        guard let k = columns.index(name) else { throw StoreError("查询结果中没有「\(name)」一列", kind: .corrupt) }
        return values[k]
    }

    func int(_ name: String) throws -> Int {
        guard let value = try intOrNil(name) else { throw StoreError("库中「\(name)」一列是空的", kind: .corrupt) }
        return value
    }

    func intOrNil(_ name: String) throws -> Int? {
        switch try value(name) {
        case .null: return nil
        case let .int(v): return v
        case let .double(v) where v == v.rounded(): return Int(v)
        case let .text(t):
            guard let v = Int(t) else { fallthrough }
            return v
        default: throw StoreError("库中「\(name)」一列不是整数", kind: .corrupt)
        }
    }

    func string(_ name: String) throws -> String {
        guard let value = try stringOrNil(name) else { throw StoreError("库中「\(name)」一列是空的", kind: .corrupt) }
        return value
    }

    func stringOrNil(_ name: String) throws -> String? {
        switch try value(name) {
        case .null: nil
        case let .text(t): t
        case let .int(v): String(v)
        case let .double(v): String(v)
        }
    }

    func boolOrNil(_ name: String) throws -> Bool? {
        switch try value(name) {
        case .null: return nil
        case let .int(v): return v != 0
        case let .text(t) where t == "t" || t == "true": return true
        case let .text(t) where t == "f" || t == "false": return false
        default: throw StoreError("库中「\(name)」一列不是是非值", kind: .corrupt)
        }
    }

    func doubleOrNil(_ name: String) throws -> Double? {
        switch try value(name) {
        case .null: nil
        case let .int(v): Double(v)
        case let .double(v): v
        case let .text(t): Double(t)
        }
    }
}

/// Rows handed over by the SQLite thread, one at a time, in order.
final class RowBox: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [SQLiteRow] = []

    func append(_ row: SQLiteRow) {
        lock.lock()
        items.append(row)
        lock.unlock()
    }

    var rows: [SQLiteRow] {
        lock.lock()
        defer { lock.unlock() }
        return items
    }
}

/// The columns of a result, by name (shared by its rows). Found by a scan, not a hash: a result has a few dozen
/// columns at most, and comparing short names is cheaper than hashing one (hashing was 6 % of reading a year's figures).
final class BulkColumns: Sendable {
    let names: [String]
    init(_ names: [String]) { self.names = names }

    func index(_ name: String) -> Int? { names.firstIndex(of: name) }
}

extension CaseStore {
    /// Runs a query built with SQLKit and reads its rows through the driver (see ``BulkRow``); on `db` (a
    /// transaction's) when given, else on the store's database.
    func bulk(_ query: any SQLExpression, on db: (any Database)? = nil) async throws -> [BulkRow] {
        let database = db ?? self.database
        var serializer = SQLSerializer(database: database as! any SQLDatabase)
        query.serialize(to: &serializer)
        let text = serializer.sql
        if let lite = database as? any SQLiteDatabase {
            let encoder = SQLiteDataEncoder()
            let binds = try serializer.binds.map { try encoder.encode($0) }
            // The connection's own async query hands each row over on the thread pool (the future-based one
            // schedules a task on the event loop per row, which costs more than the row).
            let rows = try await lite.withConnection { (connection: SQLiteConnection) in
                let box = RowBox()
                try await connection.query(text, binds) { box.append($0) }
                return box.rows
            }
            guard let first = rows.first else { return [] }
            let columns = BulkColumns(first.columns.map(\.name))
            return rows.map { row in
                BulkRow(values: row.columns.map { column in
                    switch column.data {
                    case let .integer(v): .int(v)
                    case let .float(v): .double(v)
                    case let .text(t): .text(t)
                    case let .blob(b): .text(String(buffer: b))
                    case .null: .null
                    }
                }, columns: columns)
            }
        }
        if let pg = database as? any PostgresDatabase {
            let binds: [PostgresData] = try serializer.binds.map { bind in
                switch bind {
                case let v as Int: PostgresData(int: v)
                case let v as Int64: PostgresData(int64: v)
                case let v as String: PostgresData(string: v)
                case let v as Bool: PostgresData(bool: v)
                case let v as Double: PostgresData(double: v)
                default: throw StoreError("批量查询不支持的参数类型 \(type(of: bind))", kind: .corrupt)
                }
            }
            let result = try await pg.query(text, binds).get()
            guard let first = result.rows.first else { return [] }
            let columns = BulkColumns(first.map(\.columnName))
            return try result.rows.map { row in
                BulkRow(values: try row.map(Self.value), columns: columns)
            }
        }
        throw StoreError("这个数据库驱动不能批量读取", kind: .corrupt)
    }

    /// A PostgreSQL cell's value, read from its binary bytes for the common types (the generic `decode` cost about
    /// 0.5 µs a cell: half of reading a 10,000-unit roster).
    private static func value(_ cell: PostgresCell) throws -> BulkRow.Value {
        guard var bytes = cell.bytes else { return .null }
        if cell.format == .binary {
            switch cell.dataType {
            case .int8: if bytes.readableBytes == 8, let v = bytes.readInteger(as: Int64.self) { return .int(Int(v)) }
            case .int4: if bytes.readableBytes == 4, let v = bytes.readInteger(as: Int32.self) { return .int(Int(v)) }
            case .int2: if bytes.readableBytes == 2, let v = bytes.readInteger(as: Int16.self) { return .int(Int(v)) }
            case .bool: if bytes.readableBytes == 1, let v = bytes.readInteger(as: UInt8.self) { return .int(v == 0 ? 0 : 1) }
            case .float8: if bytes.readableBytes == 8, let v = bytes.readInteger(as: UInt64.self) { return .double(Double(bitPattern: v)) }
            case .text, .varchar: return .text(String(buffer: bytes))
            default: break
            }
        }
        switch cell.dataType {
        case .int8, .int4, .int2: return .int(try cell.decode(Int.self))
        case .float8, .float4: return .double(try cell.decode(Double.self))
        case .bool: return .int(try cell.decode(Bool.self) ? 1 : 0)
        default: return .text(try cell.decode(String.self))
        }
    }
}
