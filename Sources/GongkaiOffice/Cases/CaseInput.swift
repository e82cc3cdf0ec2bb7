import GongkaiCore

/// The rules of the case forms, for the pages, the API and `gongkai cases add/review` alike: which fields each step
/// needs and what values they may take.
public enum CaseInput {
    /// The largest information processing fee accepted in one notice (元). The fee standard (国办函〔2020〕109号) charges
    /// per item and month; a six-figure notice is already beyond any real case, so a larger number is a typing error.
    public static let maxFee = 1_000_000

    /// An application as the form gives it (`applicantType`, `name`, `documentKind`, `documentNumber`, `contact`,
    /// `phone`, `address`, `email`, `description`, `provision`), or every problem field by field.
    public static func intake(_ fields: Fields) -> Result<Intake, IntakeProblems> {
        guard let type = ApplicantType(rawValue: fields["applicantType"] ?? "") else {
            return .failure(IntakeProblems(list: [Intake.Problem(field: "applicantType", message: "请选择申请人类型")]))
        }
        guard let kind = Intake.DocumentKind(rawValue: fields["documentKind"] ?? "") else {
            return .failure(IntakeProblems(list: [Intake.Problem(field: "documentKind", message: "请选择证件类型")]))
        }
        guard let provision = Intake.Provision(rawValue: fields["provision"] ?? "") else {
            return .failure(IntakeProblems(list: [Intake.Problem(field: "provision", message: "请选择获取信息的方式")]))
        }
        let intake = Intake(applicantType: type, name: fields["name"] ?? "", documentKind: kind,
                            documentNumber: fields["documentNumber"] ?? "", contact: fields["contact"],
                            phone: fields["phone"] ?? "", address: fields["address"] ?? "", email: fields["email"],
                            description: fields["description"] ?? "", provision: provision)
        let problems = intake.problems()
        return problems.isEmpty ? .success(intake) : .failure(IntakeProblems(list: problems))
    }

    /// How and when an application came in, for one entered by staff: `channel` and `received`.
    public static func receipt(_ fields: Fields) throws(OfficeError) -> (Channel, CivilDate) {
        guard let channel = Channel(rawValue: fields["channel"] ?? "") else {
            throw .invalid("请选择提交渠道（\(Channel.allCases.map(\.rawValue).joined(separator: "、"))）", field: "channel")
        }
        return (channel, try fields.date("received", "收到日期"))
    }

    /// A step of a case: `kind`, `date`, and `party` / `amount` / `outcome` / `note` as the kind needs.
    public static func event(_ fields: Fields) throws(OfficeError) -> CaseEvent {
        guard let kind = CaseEvent.Kind(rawValue: fields["kind"] ?? "") else {
            throw .invalid("请选择办理环节（\(CaseEvent.Kind.allCases.map(\.rawValue).joined(separator: "、"))）", field: "kind")
        }
        let date = try fields.date("date", "日期")
        var event = CaseEvent(kind, date)
        event.note = fields.text("note")
        switch kind {
        case .consultationStarted, .consultationEnded:
            guard let party = CaseEvent.Party(rawValue: fields["party"] ?? "") else {
                throw .invalid("请选择征求意见的对象（thirdParty 第三方或 agency 其他机关）", field: "party")
            }
            event.party = party
        case .feeNoticed:
            event.amount = try fields.int("amount", "收费金额（元）", in: 1...maxFee)
        case .decided:
            guard let outcome = Table3Row(key: fields["outcome"] ?? ""), Table3Row.decisionOutcomes.contains(outcome) else {
                throw .invalid("请选择答复结果（2021 年格式表三的办理结果，如 granted、partlyGranted、withheld.stateSecret）", field: "outcome")
            }
            event.outcome = outcome
        default:
            break
        }
        return event
    }

    /// A 复议/诉讼: `reviewKind`, `filed`, and for one decided `decided` with `result`.
    public static func review(_ fields: Fields) throws(OfficeError) -> Review {
        guard let kind = Table4Block(key: fields["reviewKind"] ?? "") else {
            throw .invalid("请选择复议或诉讼类型（reconsideration、litigationDirect 或 litigationAfterReconsideration）", field: "reviewKind")
        }
        var review = Review(kind: kind, filed: try fields.date("filed", "提起日期"))
        if let decided = try fields.optionalDate("decided", "审结日期") {
            guard let result = Review.Result(rawValue: fields["result"] ?? "") else {
                throw .invalid("已审结的，请选择审结结果（upheld 维持、corrected 纠正、other 其他）", field: "result")
            }
            guard decided >= review.filed else { throw .invalid("审结日期不能早于提起日期", field: "decided") }
            review.decided = decided
            review.result = result
        } else if fields.text("result") != nil {
            throw .invalid("有审结结果的，请填写审结日期", field: "decided")
        }
        return review
    }
}

/// The problems of an application form, field by field.
public struct IntakeProblems: Error, Sendable {
    public let list: [Intake.Problem]

    public init(list: [Intake.Problem]) { self.list = list }

    public var message: String { list.map { "\($0.field)：\($0.message)" }.joined(separator: "；") }
}
