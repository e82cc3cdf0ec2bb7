extension CatalogueRecord {
    /// The record as a CATALOGUE-JSONL object, keys in the contract's order (nulls written, as the contract shows).
    public func json() -> JSON {
        func string(_ value: String?) -> JSON { value.map(JSON.string) ?? .null }
        return .object([
            ("indexNumber", string(indexNumber)), ("title", .string(title)), ("summary", .string(summary)),
            ("formedOn", .string(formedOn.description)), ("publishedOn", .date(publishedOn)), ("issuer", string(issuer)),
            ("documentNumber", string(documentNumber)), ("kind", .string(kind.rawValue)),
            ("article20", article20.map(JSON.int) ?? .null), ("validity", string(validity?.rawValue)),
            ("validityChangedOn", .date(validityChangedOn)), ("disclosure", .string(disclosure.rawValue)),
            ("interprets", string(interprets)), ("text", string(text)), ("replacedBy", string(replacedBy)),
            ("attachments", .array(attachments.map(\.json))),
        ])
    }

    /// One line of CATALOGUE-JSONL (no newline).
    public var jsonLine: String { JSONWriter.string(json(), style: .compact) }

    public init(jsonLine bytes: some Collection<UInt8>, line: Int) throws(JSONLineError) {
        let root: JSON
        do {
            root = try JSONParser.parse(Array(bytes))
        } catch {
            throw JSONLineError(line: line, path: "", reason: "JSON 格式错误（第 \(error.column) 列）：\(error.reason)", subject: "记录")
        }
        var fields = Fields(line: line, subject: "记录")
        guard case .object = root.value else { throw fields.error("", "每行应为一个 JSON 对象，实际是\(root.typeName)") }
        let indexNumber = try fields.optionalString(root, "indexNumber")?.trimmingWhitespace
        fields.caseID = indexNumber
        if let indexNumber {
            if case let .broken(reason) = IndexNumber.check(indexNumber) { throw fields.error("indexNumber", reason) }
        }
        func text(_ key: String, _ label: String, limit: Int) throws(JSONLineError) -> String {
            let value = try fields.string(root, key).trimmingWhitespace
            guard !value.isEmpty else { throw fields.error(key, "\(label)不能为空（条例第十二条）") }
            guard value.count <= limit else { throw fields.error(key, "\(label)不能超过 \(limit) 个字") }
            return value
        }
        func optionalDate(_ key: String) throws(JSONLineError) -> CivilDate? {
            guard let value = root[key], !value.isNull else { return nil }
            return try fields.date(root, key)
        }
        let title = try text("title", "名称", limit: 500)
        let summary = try text("summary", "内容概述", limit: 2000)
        let formedOn = try fields.date(root, "formedOn")
        let publishedOn = try optionalDate("publishedOn")
        if let publishedOn, publishedOn < formedOn {
            throw fields.error("publishedOn", "发布日期 \(publishedOn) 早于生成日期 \(formedOn)")
        }
        let kind: CatalogueKind = try fields.enumeration(root, "kind")
        var article20: Int?
        if let value = root["article20"], !value.isNull {
            guard case let .number(literal) = value.value, let item = Int(literal), (1...15).contains(item) else {
                throw fields.error("article20", "应为条例第二十条的项号 1–15")
            }
            article20 = item
        }
        var validity: Validity?
        if let value = root["validity"], !value.isNull { validity = try fields.enumeration(root, "validity") as Validity }
        let changed = try optionalDate("validityChangedOn")
        switch (validity, changed) {
        case (.inForce?, _?), (nil, _?):
            throw fields.error("validityChangedOn", "只有废止或失效的记录有 validityChangedOn")
        case (.repealed?, nil), (.expired?, nil):
            throw fields.error("validityChangedOn", "废止或失效的记录应写明日期 validityChangedOn")
        case let (_, date?) where date < formedOn:
            throw fields.error("validityChangedOn", "废止或失效日期 \(date) 早于生成日期 \(formedOn)")
        default: break
        }
        if kind.hasValidity, validity == nil {
            throw fields.error("validity", "\(kind.displayName)应写明有效性（inForce、repealed、expired）")
        }
        let disclosure: Disclosure = try fields.enumeration(root, "disclosure")
        let interprets = try fields.optionalString(root, "interprets")?.trimmingWhitespace
        if interprets != nil, kind != .policyInterpretation {
            throw fields.error("interprets", "只有政策解读（policyInterpretation）写 interprets")
        }
        let replacedBy = try fields.optionalString(root, "replacedBy")?.trimmingWhitespace
        if let replacedBy {
            guard validity == .repealed || validity == .expired else {
                throw fields.error("replacedBy", "只有废止或失效的文件写 replacedBy（替代它的文件的索引号）")
            }
            if case let .broken(reason) = IndexNumber.check(replacedBy) { throw fields.error("replacedBy", reason) }
            if let indexNumber, IndexNumber.comparable(indexNumber) == IndexNumber.comparable(replacedBy) {
                throw fields.error("replacedBy", "文件不能被它自己替代")
            }
        }
        var attachments: [CatalogueAttachment] = []
        for (i, item) in try fields.array(root, "attachments").enumerated() {
            let at = "attachments[\(i)]."
            guard case .object = item.value else { throw fields.error("attachments[\(i)]", "应为对象（name 与 path，或 name、sha256 与 bytes）") }
            let name = try fields.string(item, "name", prefix: at).trimmingWhitespace
            if let problem = CatalogueAttachment.nameProblem(name) { throw fields.error(at + "name", problem) }
            let mediaType = try fields.optionalString(item, "mediaType", prefix: at)?.trimmingWhitespace.nilIfEmpty
            if let path = try fields.optionalString(item, "path", prefix: at)?.trimmingWhitespace, !path.isEmpty {
                attachments.append(CatalogueAttachment(name: name, sha256: "", size: 0, mediaType: mediaType, path: path))
                continue
            }
            guard let digest = try fields.optionalString(item, "sha256", prefix: at)?.lowercased() else {
                throw fields.error(at + "path", "附件应给出文件位置 path（相对于本文件），或已在库中的文件的 sha256")
            }
            guard CatalogueAttachment.isDigest(digest) else { throw fields.error(at + "sha256", "应为 64 位十六进制的 SHA-256") }
            guard let value = item["bytes"], case let .number(literal) = value.value, let size = Int(literal), size >= 0 else {
                throw fields.error(at + "bytes", "应为文件的字节数")
            }
            attachments.append(CatalogueAttachment(name: name, sha256: digest, size: size, mediaType: mediaType))
        }
        self.init(indexNumber: indexNumber, title: title, summary: summary, formedOn: formedOn, publishedOn: publishedOn,
                  issuer: try fields.optionalString(root, "issuer")?.trimmingWhitespace,
                  documentNumber: try fields.optionalString(root, "documentNumber")?.trimmingWhitespace,
                  kind: kind, article20: article20, validity: validity, validityChangedOn: changed, disclosure: disclosure,
                  interprets: interprets, text: try fields.optionalString(root, "text"), replacedBy: replacedBy,
                  attachments: attachments)
    }
}

/// A CATALOGUE-JSONL file read as a whole (an import is all or nothing): the records, or every line that is wrong.
public enum CatalogueFile {
    public static func parse(_ bytes: [UInt8]) -> (records: [CatalogueRecord], errors: [JSONLineError]) {
        var records: [CatalogueRecord] = []
        var errors: [JSONLineError] = []
        var firstLine: [String: Int] = [:]
        JSONLines.forEach(bytes) { slice, line in
            do throws(JSONLineError) {
                let record = try CatalogueRecord(jsonLine: slice, line: line)
                if let number = record.indexNumber.map(IndexNumber.comparable) {
                    if let first = firstLine[number] {
                        errors.append(JSONLineError(line: line, caseID: record.indexNumber, path: "indexNumber",
                                                    reason: "索引号与第 \(first) 行重复", subject: "记录"))
                        return
                    }
                    firstLine[number] = line
                }
                records.append(record)
            } catch {
                errors.append(error)
            }
        }
        return (records, errors)
    }

    public static func write(_ records: some Sequence<CatalogueRecord>) -> String {
        records.map { $0.jsonLine + "\n" }.joined()
    }
}
