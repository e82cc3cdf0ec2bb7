/// A CASES-JSONL file read as a whole: every line is checked before anything is stored, so that an import is all or
/// nothing.
public enum CaseFile {
    /// The cases of a file, or every line that is wrong (blank lines are skipped; ids must be unique in the file).
    public static func parse(_ bytes: [UInt8]) -> (records: [CaseRecord], errors: [CaseDecodingError]) {
        var records: [CaseRecord] = []
        var errors: [CaseDecodingError] = []
        var firstLineOfID: [String: Int] = [:]
        JSONLines.forEach(bytes) { slice, lineNumber in
            do throws(JSONLineError) {
                let record = try CaseRecord(jsonLine: slice, line: lineNumber)
                if let first = firstLineOfID[record.id] {
                    errors.append(CaseDecodingError(line: lineNumber, caseID: record.id, path: "id",
                                                    reason: "申请编号与第 \(first) 行重复"))
                    return
                }
                firstLineOfID[record.id] = lineNumber
                records.append(record)
            } catch {
                errors.append(error)
            }
        }
        return (records, errors)
    }

    /// The cases as CASES-JSONL, one line each, ending with a newline.
    public static func write(_ records: some Sequence<CaseRecord>) -> String {
        var out = ""
        for record in records {
            out += record.jsonLine
            out += "\n"
        }
        return out
    }
}

/// The lines of a JSON Lines file: a byte-order mark and CR line ends allowed, blank lines skipped.
enum JSONLines {
    static func forEach(_ bytes: [UInt8], _ body: (ArraySlice<UInt8>, Int) -> Void) {
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var lineNumber = 0
        while start < bytes.count {
            lineNumber += 1
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            var slice = bytes[start..<end]
            if slice.last == UInt8(ascii: "\r") { slice = slice.dropLast() }
            start = end + 1
            if slice.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            body(slice, lineNumber)
        }
    }
}
