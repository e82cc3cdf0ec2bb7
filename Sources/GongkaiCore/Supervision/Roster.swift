import Foundation

/// A unit a supervising office (政务公开办) expects an annual report from: its name as it prints it, its
/// 统一社会信用代码, its level (which sets the statutory deadline, 条例 Art. 49), the unit it belongs to, and a local
/// deadline where the office sets an earlier one (e.g. 25 March for townships).
public struct RosterUnit: Sendable, Hashable {
    public var name: String
    public var creditCode: String?
    public var level: AgencyLevel
    /// The name of the unit it belongs to (a department's government), as the roster writes it.
    public var parent: String?
    /// A local deadline, month and day in the year after the report year; nil: the statutory one.
    public var localDeadline: MonthDay?

    public init(name: String, creditCode: String? = nil, level: AgencyLevel, parent: String? = nil, localDeadline: MonthDay? = nil) {
        self.name = name
        self.creditCode = creditCode
        self.level = level
        self.parent = parent
        self.localDeadline = localDeadline
    }

    /// The last day of publication of the report for `year`, and the rule cited for it; nil date when neither the
    /// 条例 nor the office sets one (townships without a local date).
    public func deadline(reportYear year: Int) -> (date: CivilDate?, rule: String) {
        if let local = localDeadline, let date = CivilDate(year: year + 1, month: local.month, day: local.day) {
            return (date, "本地规定：每年\(local.month)月\(local.day)日前公布上一年度报告")
        }
        let statutory = PublicationDeadline(level: level, reportYear: year)
        return (statutory.date, statutory.rule)
    }

    /// The name as it is matched against the agency a report names: no spaces, full-width folded.
    public static func key(_ name: String) -> String {
        String(TextNormalizer.comparable(name).filter { !$0.isWhitespace })
    }
}

/// A month and day (`1月25日`, `01-25`).
public struct MonthDay: Sendable, Hashable, CustomStringConvertible {
    public let month: Int
    public let day: Int

    public init?(month: Int, day: Int) {
        guard CivilDate(year: 2024, month: month, day: day) != nil else { return nil }
        self.month = month
        self.day = day
    }

    /// `1月25日`, `01-25`, `1-25`, `01/25`; nil otherwise.
    public init?(text: String) {
        let t = TextNormalizer.comparable(text).filter { !$0.isWhitespace }
        let parts: [Substring]
        if t.hasSuffix("日"), t.contains("月") {
            parts = t.dropLast().split(separator: "月", omittingEmptySubsequences: false)
        } else {
            parts = t.split(whereSeparator: { $0 == "-" || $0 == "/" || $0 == "." })
        }
        guard parts.count == 2, let m = Int(parts[0]), let d = Int(parts[1]) else { return nil }
        self.init(month: m, day: d)
    }

    /// `MM-DD`, as it is kept.
    public var description: String { (month < 10 ? "0" : "") + "\(month)-" + (day < 10 ? "0" : "") + "\(day)" }
}

/// The roster file a supervising office keeps: CSV with the header `名称,统一社会信用代码,层级,上级` (in any order; more
/// columns ignored, an optional `发布期限` column gives a local deadline), UTF-8 (with or without BOM) or GB18030.
public enum RosterFile {
    public static let requiredColumns = ["名称", "统一社会信用代码", "层级", "上级"]
    public static let deadlineColumn = "发布期限"

    /// The units of a roster file, or every problem found (line and column named); nothing is read from a file with one.
    public static func parse(_ bytes: [UInt8]) -> (units: [RosterUnit], errors: [String]) {
        guard let text = TextFile.decode(bytes) else {
            return ([], ["文件既不是 UTF-8 也不是 GB18030 编码的文本"])
        }
        let rows = CSV.rows(text)
        guard let header = rows.first(where: { !$0.fields.allSatisfy { $0.trimmingWhitespace.isEmpty } }) else {
            return ([], ["文件是空的：第一行应为表头「\(requiredColumns.joined(separator: ","))」"])
        }
        let names = header.fields.map { $0.trimmingWhitespace }
        let missing = requiredColumns.filter { !names.contains($0) }
        guard missing.isEmpty else {
            return ([], ["第 \(header.line) 行：表头缺少「\(missing.joined(separator: "」「"))」列（表头应为「\(requiredColumns.joined(separator: ","))」，其他列忽略）"])
        }
        func column(_ name: String) -> Int? { names.firstIndex(of: name) }
        let nameAt = column("名称")!, codeAt = column("统一社会信用代码")!, levelAt = column("层级")!, parentAt = column("上级")!
        let deadlineAt = column(deadlineColumn)
        var units: [RosterUnit] = []
        var errors: [String] = []
        var lineOfName: [String: Int] = [:]
        var lineOfCode: [String: Int] = [:]
        for row in rows where row.line > header.line {
            let fields = row.fields
            guard !fields.allSatisfy({ $0.trimmingWhitespace.isEmpty }) else { continue }
            func field(_ k: Int) -> String? {
                guard k < fields.count else { return nil }
                let t = fields[k].trimmingWhitespace
                return t.isEmpty ? nil : t
            }
            let at = "第 \(row.line) 行"
            guard let name = field(nameAt) else { errors.append("\(at)「名称」为空"); continue }
            if let first = lineOfName[RosterUnit.key(name)] {
                errors.append("\(at)「\(name)」与第 \(first) 行重复")
                continue
            }
            lineOfName[RosterUnit.key(name)] = row.line
            var code: String?
            if let raw = field(codeAt) {
                let normalized = CreditCode.normalized(raw)
                if let problem = CreditCode.problem(normalized) {
                    errors.append("\(at)「统一社会信用代码」\(raw)：\(problem)")
                } else if let first = lineOfCode[normalized] {
                    errors.append("\(at)「统一社会信用代码」\(raw) 与第 \(first) 行重复")
                } else {
                    lineOfCode[normalized] = row.line
                    code = normalized
                }
            }
            guard let levelText = field(levelAt) else {
                errors.append("\(at)「层级」为空（应为 部门、县级以上人民政府 或 乡镇街道）")
                continue
            }
            guard let level = AgencyLevel(text: levelText) else {
                errors.append("\(at)「层级」「\(levelText)」不认识（应为 部门、县级以上人民政府 或 乡镇街道）")
                continue
            }
            var deadline: MonthDay?
            if let k = deadlineAt, let text = field(k) {
                deadline = MonthDay(text: text)
                if deadline == nil { errors.append("\(at)「\(deadlineColumn)」「\(text)」不是月日（例如 1月25日 或 01-25）") }
            }
            units.append(RosterUnit(name: name, creditCode: code, level: level, parent: field(parentAt), localDeadline: deadline))
        }
        if errors.isEmpty, units.isEmpty { errors.append("表头之后没有单位") }
        // A parent named in the roster must be one of its units, or a unit outside it (a city above a county).
        return errors.isEmpty ? (units, []) : ([], errors)
    }
}

/// Text files as offices keep them: UTF-8 (a BOM dropped), else GB18030 (Excel's 「CSV」 on a Chinese Windows).
public enum TextFile {
    public static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    public static func decode(_ bytes: [UInt8]) -> String? {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if let text = String(validating: body, as: UTF8.self) { return text }
        return String(data: Data(bytes), encoding: gb18030)
    }
}

/// Comma-separated values as spreadsheets write them (RFC 4180: quoted fields, `""` inside quotes, CRLF or LF), with
/// the line each row starts on.
public enum CSV {
    public struct Row: Sendable {
        public let line: Int
        public let fields: [String]
    }

    public static func rows(_ text: String) -> [Row] {
        var rows: [Row] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var line = 1
        var rowLine = 1
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar?
        func next() -> Unicode.Scalar? {
            if let p = pending { pending = nil; return p }
            return iterator.next()
        }
        while let s = next() {
            if quoted {
                if s == "\"" {
                    if let n = iterator.next() {
                        if n == "\"" { field.unicodeScalars.append("\"") } else { quoted = false; pending = n }
                    } else { quoted = false }
                } else {
                    if s == "\n" { line += 1 }
                    field.unicodeScalars.append(s)
                }
                continue
            }
            switch s {
            case "\"" where field.isEmpty: quoted = true
            case ",": fields.append(field); field = ""
            case "\r": break
            case "\n":
                fields.append(field)
                rows.append(Row(line: rowLine, fields: fields))
                fields = []
                field = ""
                line += 1
                rowLine = line
            default: field.unicodeScalars.append(s)
            }
        }
        if !field.isEmpty || !fields.isEmpty {
            fields.append(field)
            rows.append(Row(line: rowLine, fields: fields))
        }
        return rows
    }

    /// A field as written in a CSV file: quoted when it holds a comma, quote or line break.
    public static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
