import GongkaiCore

/// Writes a sheet as CSV (RFC 4180: fields with a comma, quote or line break quoted, quotes doubled, CRLF between
/// records) in UTF-8 with a byte-order mark, which is how Excel on a Chinese Windows knows the file is not GBK.
public enum CSVWriter {
    public static func csv(_ sheet: Sheet) -> [UInt8] {
        var out: [UInt8] = [0xEF, 0xBB, 0xBF]
        func record(_ fields: [String]) {
            out += Array(fields.map(CSV.field).joined(separator: ",").utf8)
            out += [0x0D, 0x0A]
        }
        record(sheet.header)
        for row in sheet.rows { record(row.map(\.text)) }
        return out
    }
}
