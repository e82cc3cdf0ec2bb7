/// A line of a JSON Lines file (CASES-JSONL, CATALOGUE-JSONL) that does not follow its contract: the line, the record
/// it is about when known, the field and the reason.
public struct JSONLineError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 1-based line of the file.
    public var line: Int
    /// The record's key (a case id, a 索引号), when it could be read.
    public var caseID: String?
    /// The field, e.g. `events[2].outcome`; empty for the line as a whole.
    public var path: String
    public var reason: String
    /// What a record is called in messages: `申请`, `记录`.
    public var subject = "申请"

    public init(line: Int, caseID: String? = nil, path: String, reason: String, subject: String = "申请") {
        self.line = line
        self.caseID = caseID
        self.path = path
        self.reason = reason
        self.subject = subject
    }

    public var description: String {
        var head = "第 \(line) 行"
        if let caseID { head += "（\(subject) \(caseID)）" }
        if !path.isEmpty { head += "，字段 \(path)" }
        return head + "：" + reason
    }
}

extension CaseRecord {
    // MARK: Encoding

    /// The case as a CASES-JSONL object, keys in the contract's order.
    public func json() -> JSON {
        var applicantMembers: [(String, JSON)] = [("type", .string(applicant.type.rawValue))]
        if let name = applicant.name { applicantMembers.append(("name", .string(name))) }
        var members: [(String, JSON)] = [
            ("id", .string(id)),
            ("applicant", .object(applicantMembers)),
            ("channel", .string(channel.rawValue)),
            ("received", .string(received.description)),
        ]
        if let request { members.append(("request", .string(request))) }
        members.append(("events", .array(events.map { $0.json() })))
        members.append(("reviews", .array(reviews.map { $0.json() })))
        return .object(members)
    }

    /// One line of CASES-JSONL (no newline).
    public var jsonLine: String { JSONWriter.string(json(), style: .compact) }

    // MARK: Decoding

    /// Reads one line of CASES-JSONL and checks the history's rules (``validate()``).
    public init(jsonLine bytes: some Collection<UInt8>, line: Int) throws(CaseDecodingError) {
        let root: JSON
        do {
            root = try JSONParser.parse(Array(bytes))
        } catch {
            throw CaseDecodingError(line: line, caseID: nil, path: "", reason: "JSON 格式错误（第 \(error.column) 列）：\(error.reason)")
        }
        try self.init(json: root, line: line)
    }

    public init(json root: JSON, line: Int) throws(CaseDecodingError) {
        var fields = Fields(line: line)
        guard case .object = root.value else { throw fields.error("", "每行应为一个 JSON 对象，实际是\(root.typeName)") }
        let id = try fields.string(root, "id")
        fields.caseID = id
        guard !id.trimmingWhitespace.isEmpty else { throw fields.error("id", "申请编号不能为空") }
        let applicantJSON = try fields.member(root, "applicant")
        let type: ApplicantType = try fields.enumeration(applicantJSON, "type", prefix: "applicant.")
        let name = try fields.optionalString(applicantJSON, "name", prefix: "applicant.")
        let channel: Channel = try fields.enumeration(root, "channel")
        let received = try fields.date(root, "received")
        let request = try fields.optionalString(root, "request")
        var events: [CaseEvent] = []
        for (i, item) in try fields.array(root, "events").enumerated() {
            events.append(try CaseEvent(json: item, path: "events[\(i)]", fields: fields))
        }
        var reviews: [Review] = []
        for (i, item) in try fields.array(root, "reviews").enumerated() {
            reviews.append(try Review(json: item, path: "reviews[\(i)]", fields: fields))
        }
        self.init(id: id, applicant: Applicant(type: type, name: name), channel: channel, received: received,
                  request: request, events: events, reviews: reviews)
        if let problem = validate() {
            throw CaseDecodingError(line: line, caseID: id, path: problem.path, reason: problem.reason)
        }
    }
}

extension CaseEvent {
    public func json() -> JSON {
        var members: [(String, JSON)] = [("type", .string(kind.rawValue)), ("date", .string(date.description))]
        if let party { members.append(("party", .string(party.rawValue))) }
        if let amount { members.append(("amount", .int(amount))) }
        if let outcome { members.append(("outcome", .string(outcome.key))) }
        if let note { members.append(("note", .string(note))) }
        if let by { members.append(("by", .string(by))) }
        return .object(members)
    }

    init(json: JSON, path: String, fields: Fields) throws(CaseDecodingError) {
        guard case .object = json.value else { throw fields.error(path, "应为对象，实际是\(json.typeName)") }
        let p = path + "."
        let kind: Kind = try fields.enumeration(json, "type", prefix: p)
        let date = try fields.date(json, "date", prefix: p)
        var event = CaseEvent(kind, date)
        event.note = try fields.optionalString(json, "note", prefix: p)
        event.by = try fields.optionalString(json, "by", prefix: p)
        switch kind {
        case .consultationStarted:
            event.party = try fields.enumeration(json, "party", prefix: p)
        case .feeNoticed:
            guard let amount = json["amount"], !amount.isNull else { throw fields.error(p + "amount", "收费通知缺少金额（元）") }
            guard case let .number(text) = amount.value, let value = Int(text), value >= 0 else {
                throw fields.error(p + "amount", "金额应为非负整数（元），实际是 \(amount.typeName)")
            }
            event.amount = value
        case .decided:
            let key = try fields.string(json, "outcome", prefix: p)
            guard let row = Table3Row(key: key), Table3Row.decisionOutcomes.contains(row) else {
                throw fields.error(p + "outcome", "“\(key)”不是 2021 年格式表三的办理结果（如 granted、partlyGranted、withheld.stateSecret、otherHandling.other）")
            }
            event.outcome = row
        default:
            break
        }
        self = event
    }
}

extension Review {
    public func json() -> JSON {
        .object([
            ("kind", .string(kind.key)),
            ("filed", .string(filed.description)),
            ("decided", .date(decided)),
            ("result", result.map { .string($0.rawValue) } ?? .null),
        ])
    }

    init(json: JSON, path: String, fields: Fields) throws(CaseDecodingError) {
        guard case .object = json.value else { throw fields.error(path, "应为对象，实际是\(json.typeName)") }
        let p = path + "."
        let kindKey = try fields.string(json, "kind", prefix: p)
        guard let kind = Table4Block(key: kindKey) else {
            throw fields.error(p + "kind", "“\(kindKey)”不是复议或诉讼类型（reconsideration、litigationDirect、litigationAfterReconsideration）")
        }
        let filed = try fields.date(json, "filed", prefix: p)
        let decided: CivilDate? = json["decided"].flatMap { $0.isNull ? nil : $0 } == nil ? nil : try fields.date(json, "decided", prefix: p)
        let result: Result? = json["result"].flatMap { $0.isNull ? nil : $0 } == nil ? nil : try fields.enumeration(json, "result", prefix: p)
        if (decided == nil) != (result == nil) {
            throw fields.error(p + "result", decided == nil ? "有审结结果但没有审结日期 decided" : "有审结日期但没有结果 result（upheld、corrected、other）")
        }
        self.init(kind: kind, filed: filed, decided: decided, result: result)
    }
}

/// A case line that does not follow CASES-JSONL, or breaks the rules of a case history.
public typealias CaseDecodingError = JSONLineError

/// Reads the members of one line, turning every problem into a ``JSONLineError`` that names the line and field.
struct Fields {
    let line: Int
    var caseID: String?
    var subject = "申请"

    init(line: Int, subject: String = "申请") {
        self.line = line
        self.subject = subject
    }

    func error(_ path: String, _ reason: String) -> CaseDecodingError {
        CaseDecodingError(line: line, caseID: caseID, path: path, reason: reason, subject: subject)
    }

    func member(_ object: JSON, _ key: String, prefix: String = "") throws(CaseDecodingError) -> JSON {
        guard let value = object[key], !value.isNull else { throw error(prefix + key, "缺少必填字段") }
        return value
    }

    func string(_ object: JSON, _ key: String, prefix: String = "") throws(CaseDecodingError) -> String {
        let value = try member(object, key, prefix: prefix)
        guard case let .string(s) = value.value else { throw error(prefix + key, "应为字符串，实际是\(value.typeName)") }
        return s
    }

    func optionalString(_ object: JSON, _ key: String, prefix: String = "") throws(CaseDecodingError) -> String? {
        guard let value = object[key], !value.isNull else { return nil }
        guard case let .string(s) = value.value else { throw error(prefix + key, "应为字符串，实际是\(value.typeName)") }
        return s
    }

    func date(_ object: JSON, _ key: String, prefix: String = "") throws(CaseDecodingError) -> CivilDate {
        let text = try string(object, key, prefix: prefix)
        guard let date = CivilDate(iso: text) else { throw error(prefix + key, "“\(text)”不是有效日期（应为 YYYY-MM-DD）") }
        return date
    }

    func enumeration<E: RawRepresentable & CaseIterable>(_ object: JSON, _ key: String, prefix: String = "")
        throws(CaseDecodingError) -> E where E.RawValue == String
    {
        let text = try string(object, key, prefix: prefix)
        guard let value = E(rawValue: text) else {
            let allowed = E.allCases.map(\.rawValue).joined(separator: "、")
            throw error(prefix + key, "“\(text)”不是允许的取值（\(allowed)）")
        }
        return value
    }

    func array(_ object: JSON, _ key: String) throws(CaseDecodingError) -> [JSON] {
        guard let value = object[key], !value.isNull else { return [] }
        guard case let .array(items) = value.value else { throw error(key, "应为数组，实际是\(value.typeName)") }
        return items
    }
}
