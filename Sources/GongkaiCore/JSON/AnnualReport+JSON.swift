import Foundation

/// Why a report JSON document cannot be used, with the line and the field, in Chinese.
public struct ReportDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 1-based line in the source, when known.
    public let line: Int?
    /// The field, e.g. `table3.received[2]`; empty for the document as a whole.
    public let path: String
    public let reason: String

    public init(line: Int?, path: String, reason: String) {
        self.line = line
        self.path = path
        self.reason = reason
    }

    public var description: String {
        var parts: [String] = []
        if let line, line > 0 { parts.append("第 \(line) 行") }
        if !path.isEmpty { parts.append("字段 \(path)") }
        return parts.isEmpty ? reason : parts.joined(separator: "，") + "：" + reason
    }
}

// MARK: - Encoding

extension AnnualReport {
    /// The report as contract JSON, keys in the contract's order.
    public func json() -> JSON {
        var members: [(String, JSON)] = [
            ("schemaVersion", .int(Self.schemaVersion)),
            ("format", .string(format.rawValue)),
            ("agency", agency.map(JSON.string) ?? .null),
            ("year", year.map(JSON.int) ?? .null),
            ("publishedOn", .date(publishedOn)),
        ]
        if let sections {
            members.append(("sections", .array(sections.map { section in
                .object([("number", .int(section.number)), ("heading", .string(section.heading)),
                         ("text", .string(section.text))])
            })))
        }
        members.append(("table2", table2.map(Self.json(table2:)) ?? .null))
        members.append(("table3", table3.map(Self.json(table3:)) ?? .null))
        members.append(("table4", table4.map(Self.json(table4:)) ?? .null))
        members.append(("findings", .array(findings.map(\.json))))
        return .object(members)
    }

    /// The report as pretty-printed contract JSON text.
    public func jsonText(style: JSONWriter.Style = .pretty) -> String {
        JSONWriter.string(json(), style: style)
    }

    private static func json(table2: Table2) -> JSON {
        .object(table2.format.spec.table2Rows.map { row in
            (row.key, .object(row.fields.map { field in
                (field.key, table2[row.key, field.key].map { JSON(.number(Self.literal($0))) } ?? .null)
            }))
        })
    }

    private static func json(table3: Table3) -> JSON {
        .object(table3.rowKeys.map { ($0.key, cells(table3[$0])) })
    }

    private static func json(table4: Table4) -> JSON {
        .object(Table4Block.allCases.map { ($0.key, cells(table4[$0])) })
    }

    private static func cells(_ values: [Int?]) -> JSON {
        .array(values.map { $0.map(JSON.int) ?? .null })
    }

    /// The plain decimal literal of a value (`12.5`, `3059`, `-8`).
    static func literal(_ value: Decimal) -> String { "\(value)" }
}

extension Finding {
    /// The finding as contract JSON.
    public var json: JSON {
        .object([
            ("code", .string(code.rawValue)),
            ("severity", .string(severity.rawValue)),
            ("message", .string(message)),
            ("location", location.json),
        ])
    }
}

extension Location {
    public var json: JSON {
        var members: [(String, JSON)] = []
        if let table { members.append(("table", .string(table.rawValue))) }
        if let row { members.append(("row", .string(row))) }
        switch column {
        case let .index(i)?: members.append(("column", .int(i)))
        case let .field(f)?: members.append(("column", .string(f)))
        case nil: break
        }
        if let section { members.append(("section", .int(section))) }
        if let line { members.append(("line", .int(line))) }
        return .object(members)
    }
}

// MARK: - Decoding

extension AnnualReport {
    /// Reads a report from contract JSON text.
    ///
    /// Unknown top-level keys are ignored (the contract lets tools add keys); anything that contradicts the contract
    /// (an unknown format, a row that does not belong to the format, a count that is not a whole number, a row with
    /// the wrong number of cells) is an error naming the line and the field.
    public init(jsonBytes: [UInt8]) throws(ReportDecodingError) {
        let root: JSON
        do {
            root = try JSONParser.parse(jsonBytes)
        } catch {
            throw ReportDecodingError(line: error.line, path: "", reason: "JSON 格式错误（第 \(error.column) 列）：\(error.reason)")
        }
        try self.init(json: root)
    }

    /// Reads a report from a parsed contract JSON value.
    public init(json root: JSON) throws(ReportDecodingError) {
        let d = Decoder()
        guard case .object = root.value else {
            throw d.error(root, "", "报告应为 JSON 对象，实际是\(root.typeName)")
        }
        if let version = root["schemaVersion"], !version.isNull {
            let v = try d.int(version, "schemaVersion")
            guard v == Self.schemaVersion else {
                throw d.error(version, "schemaVersion", "不支持的版本 \(v)（本程序支持版本 \(Self.schemaVersion)）")
            }
        }
        guard let formatJSON = root["format"], !formatJSON.isNull else {
            throw d.error(root, "format", "缺少报告格式（应为 \"2019\" 或 \"2021\"）")
        }
        let formatText = try d.string(formatJSON, "format")
        guard let format = ReportFormat(rawValue: formatText) else {
            throw d.error(formatJSON, "format", "未知的报告格式 \"\(formatText)\"（应为 \"2019\" 或 \"2021\"）")
        }
        self.init(format: format)
        agency = try root["agency"].flatMap { json throws(ReportDecodingError) in
            json.isNull ? nil : try d.string(json, "agency")
        }
        if let yearJSON = root["year"], !yearJSON.isNull {
            let y = try d.int(yearJSON, "year")
            guard (1990...2200).contains(y) else { throw d.error(yearJSON, "year", "年度 \(y) 不合理") }
            year = y
        }
        if let dateJSON = root["publishedOn"], !dateJSON.isNull {
            let text = try d.string(dateJSON, "publishedOn")
            guard let date = CivilDate(iso: text) else {
                throw d.error(dateJSON, "publishedOn", "日期 \"\(text)\" 无效（应为 YYYY-MM-DD）")
            }
            publishedOn = date
        }
        if let sectionsJSON = root["sections"], !sectionsJSON.isNull {
            sections = try d.sections(sectionsJSON)
        }
        if let t = root["table2"], !t.isNull { table2 = try d.table2(t, format: format) }
        if let t = root["table3"], !t.isNull { table3 = try d.table3(t, format: format) }
        if let t = root["table4"], !t.isNull { table4 = try d.table4(t) }
        if let f = root["findings"], !f.isNull { findings = try d.findings(f) }
    }
}

/// Decoding helpers: each checks one contract rule and names the field when it fails.
private struct Decoder {
    func error(_ json: JSON, _ path: String, _ reason: String) -> ReportDecodingError {
        ReportDecodingError(line: json.line > 0 ? json.line : nil, path: path, reason: reason)
    }

    func string(_ json: JSON, _ path: String) throws(ReportDecodingError) -> String {
        guard case let .string(s) = json.value else { throw error(json, path, "应为字符串，实际是\(json.typeName)") }
        return s
    }

    func object(_ json: JSON, _ path: String) throws(ReportDecodingError) -> [(key: String, value: JSON)] {
        guard case let .object(members) = json.value else { throw error(json, path, "应为对象，实际是\(json.typeName)") }
        return members
    }

    func array(_ json: JSON, _ path: String) throws(ReportDecodingError) -> [JSON] {
        guard case let .array(items) = json.value else { throw error(json, path, "应为数组，实际是\(json.typeName)") }
        return items
    }

    func decimal(_ json: JSON, _ path: String) throws(ReportDecodingError) -> Decimal {
        guard case let .number(text) = json.value else { throw error(json, path, "应为数字，实际是\(json.typeName)") }
        guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")),
              ReportNumber.inRange(value)
        else { throw error(json, path, "数字 \(text) 超出范围") }
        return value
    }

    func int(_ json: JSON, _ path: String) throws(ReportDecodingError) -> Int {
        let value = try decimal(json, path)
        guard let int = value.exactInt else {
            throw error(json, path, "应为整数，实际是 \(AnnualReport.literal(value))")
        }
        return int
    }

    func sections(_ json: JSON) throws(ReportDecodingError) -> [ReportSection] {
        var result: [ReportSection] = []
        for (i, item) in try array(json, "sections").enumerated() {
            let path = "sections[\(i)]"
            _ = try object(item, path)
            guard let numberJSON = item["number"] else { throw error(item, path, "缺少 number") }
            let number = try int(numberJSON, path + ".number")
            guard (1...6).contains(number) else { throw error(numberJSON, path + ".number", "部分编号应为 1–6，实际是 \(number)") }
            guard !result.contains(where: { $0.number == number }) else {
                throw error(numberJSON, path + ".number", "第\(ChineseNumeral.ordinal(number))部分重复出现")
            }
            let heading = try item["heading"].map { j throws(ReportDecodingError) in try string(j, path + ".heading") } ?? ""
            let text = try item["text"].map { j throws(ReportDecodingError) in try string(j, path + ".text") } ?? ""
            result.append(ReportSection(number: number, heading: heading, text: text))
        }
        return result
    }

    func table2(_ json: JSON, format: ReportFormat) throws(ReportDecodingError) -> Table2 {
        var table = Table2(format: format)
        let spec = format.spec
        for (rowKey, rowJSON) in try object(json, "table2") {
            let path = "table2.\(rowKey)"
            guard let row = spec.table2Rows.first(where: { $0.key == rowKey }) else {
                let known = spec.table2Rows.map(\.key).joined(separator: "、")
                throw error(rowJSON, path, "\(format.displayName)的表二没有这一行（应为 \(known) 之一）")
            }
            if rowJSON.isNull { continue }
            for (fieldKey, cell) in try object(rowJSON, path) {
                let cellPath = "\(path).\(fieldKey)"
                guard let field = row.fields.first(where: { $0.key == fieldKey }) else {
                    let known = row.fields.map(\.key).joined(separator: "、")
                    throw error(cell, cellPath, "表二「\(row.label)」没有这一栏（应为 \(known) 之一）")
                }
                if cell.isNull { continue }
                let value = try decimal(cell, cellPath)
                if field.kind != .money, value.exactInt == nil {
                    throw error(cell, cellPath, "「\(field.label)」应为整数，实际是 \(AnnualReport.literal(value))")
                }
                table[row.key, field.key] = value
            }
        }
        return table
    }

    func table3(_ json: JSON, format: ReportFormat) throws(ReportDecodingError) -> Table3 {
        var table = Table3(format: format)
        for (rowKey, rowJSON) in try object(json, "table3") {
            let path = "table3.\(rowKey)"
            guard let row = Table3Row(key: rowKey), table.has(row) else {
                let hint = Table3Row(key: rowKey) == nil ? "没有这一行" : "\(format.displayName)的表三没有这一行"
                throw error(rowJSON, path, hint)
            }
            if rowJSON.isNull { continue }
            table[row] = try cells(rowJSON, path, count: Table3.columnCount)
        }
        return table
    }

    func table4(_ json: JSON) throws(ReportDecodingError) -> Table4 {
        var table = Table4()
        for (blockKey, blockJSON) in try object(json, "table4") {
            let path = "table4.\(blockKey)"
            guard let block = Table4Block(key: blockKey) else {
                throw error(blockJSON, path, "表四没有这一部分（应为 reconsideration、litigationDirect、litigationAfterReconsideration 之一）")
            }
            if blockJSON.isNull { continue }
            table[block] = try cells(blockJSON, path, count: Table4.columnCount)
        }
        return table
    }

    private func cells(_ json: JSON, _ path: String, count: Int) throws(ReportDecodingError) -> [Int?] {
        let items = try array(json, path)
        guard items.count == count else { throw error(json, path, "应有 \(count) 个数，实际有 \(items.count) 个") }
        var result: [Int?] = []
        for (i, item) in items.enumerated() {
            result.append(item.isNull ? nil : try int(item, "\(path)[\(i)]"))
        }
        return result
    }

    func findings(_ json: JSON) throws(ReportDecodingError) -> [Finding] {
        var result: [Finding] = []
        for (i, item) in try array(json, "findings").enumerated() {
            let path = "findings[\(i)]"
            _ = try object(item, path)
            guard let codeJSON = item["code"] else { throw error(item, path, "缺少 code") }
            let code = try string(codeJSON, path + ".code")
            guard let severityJSON = item["severity"] else { throw error(item, path, "缺少 severity") }
            let severityText = try string(severityJSON, path + ".severity")
            guard let severity = Severity(rawValue: severityText) else {
                throw error(severityJSON, path + ".severity", "应为 error、warning 或 info，实际是 \"\(severityText)\"")
            }
            let message = try item["message"].map { j throws(ReportDecodingError) in try string(j, path + ".message") } ?? ""
            var location = Location()
            if let loc = item["location"], !loc.isNull {
                location = try self.location(loc, path + ".location")
            }
            result.append(Finding(code: FindingCode(rawValue: code), severity: severity, message: message,
                                  location: location))
        }
        return result
    }

    private func location(_ json: JSON, _ path: String) throws(ReportDecodingError) -> Location {
        var location = Location()
        for (key, value) in try object(json, path) where !value.isNull {
            switch key {
            case "table":
                let t = try string(value, path + ".table")
                guard let table = TableID(rawValue: t) else {
                    throw error(value, path + ".table", "应为 table2、table3 或 table4，实际是 \"\(t)\"")
                }
                location.table = table
            case "row": location.row = try string(value, path + ".row")
            case "column":
                if case .string(let s) = value.value { location.column = .field(s) }
                else { location.column = .index(try int(value, path + ".column")) }
            case "section": location.section = try int(value, path + ".section")
            case "line": location.line = try int(value, path + ".line")
            default: continue
            }
        }
        return location
    }
}

extension Decimal {
    /// The value as an Int when it is a whole number that fits.
    var exactInt: Int? {
        var source = self
        var rounded = Decimal()
        NSDecimalRound(&rounded, &source, 0, .plain)
        guard rounded == self, rounded.magnitude < Decimal(Int.max / 2) else { return nil }
        return NSDecimalNumber(decimal: rounded).intValue
    }
}
