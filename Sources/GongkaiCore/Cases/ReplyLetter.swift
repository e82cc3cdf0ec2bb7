import Foundation

/// The 政府信息公开申请答复书 of a decided case: what was asked and when, how it was handled, the decision with its
/// legal basis and reasons, and the notice of remedies (行政复议 within 60 days, 行政诉讼 within 6 months).
///
/// The wording follows the answer types of 条例 Art. 36 and the exemptions of Art. 14–16; the agency's own reasons
/// (the decision's `note`) are printed as given.
public struct ReplyLetter: Sendable, Equatable {
    public let title: String
    /// `答复书编号：2024-0001`.
    public let reference: String
    /// `张三：` or `某某科技有限公司：`.
    public let salutation: String
    public let paragraphs: [String]
    /// The articles the decision rests on, e.g. `《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项`.
    public let basis: String
    public let agency: String
    public let date: CivilDate

    /// Where remedies are sought; an agency sets these once (generic wording otherwise).
    public struct Remedies: Sendable, Hashable {
        public var reconsiderationBody: String?
        public var court: String?
        public init(reconsiderationBody: String? = nil, court: String? = nil) {
            self.reconsiderationBody = reconsiderationBody
            self.court = court
        }
    }

    /// Why a letter cannot be written.
    public struct Unavailable: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String
    }

    public init(case record: CaseRecord, agency: String, remedies: Remedies = Remedies()) throws(Unavailable) {
        guard let closing = record.closing else {
            throw Unavailable(description: "申请 \(record.id) 尚未办结，没有答复书")
        }
        guard closing.kind == .decided, let outcome = closing.outcome else {
            throw Unavailable(description: "申请 \(record.id) 已由申请人撤回（\(closing.date)），无需出具答复书")
        }
        let you = record.applicant.type.isOrganisation ? "你单位" : "您"
        title = "政府信息公开申请答复书"
        reference = "答复书编号：\(record.id)"
        salutation = (record.applicant.name.map { $0.isEmpty ? nil : $0 } ?? nil).map { $0 + "：" } ?? "申请人："
        var paragraphs: [String] = []
        var opening = "本机关于\(record.received.chineseDescription)收到\(you)提出的政府信息公开申请"
        // The request as the applicant wrote it, without its own closing stop (the sentence has one after the quote).
        let request = (record.request ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            .trimmingCharacters(in: CharacterSet(charactersIn: "。．.；;，,、 "))
        if !request.isEmpty { opening += "，申请获取“\(request)”" }
        paragraphs.append(opening + "。")
        for event in record.events {
            switch event.kind {
            case .correctionRequested:
                paragraphs.append("因申请内容不明确，本机关于\(event.date.chineseDescription)一次性告知\(you)补正（《中华人民共和国政府信息公开条例》第三十条）。")
            case .correctionReceived:
                paragraphs.append("本机关于\(event.date.chineseDescription)收到补正后的申请，答复期限自该日起重新计算。")
            case .consultationStarted:
                let party = event.party ?? .thirdParty
                paragraphs.append("本机关于\(event.date.chineseDescription)依照条例\(party.article)书面征求\(party.displayName)意见，征求意见所需时间不计算在答复期限内。")
            case .extended:
                paragraphs.append("因情况复杂，经政府信息公开工作机构负责人同意，本机关于\(event.date.chineseDescription)告知\(you)延长答复期限（条例第三十三条第二款）。")
            case .feeNoticed:
                paragraphs.append("本机关于\(event.date.chineseDescription)向\(you)发出收费通知，信息处理费\(event.amount ?? 0)元（国办函〔2020〕109号）。")
            case .consultationEnded, .feePaid, .decided, .withdrawn:
                break
            }
        }
        let decision = Self.decision(outcome, you: you)
        var sentence = "经审查，现答复如下：" + decision.text
        if let reasons = closing.note, !reasons.isEmpty { sentence += "理由：" + reasons + (reasons.hasSuffix("。") ? "" : "。") }
        paragraphs.append(sentence)
        basis = "《中华人民共和国政府信息公开条例》" + decision.articles
        paragraphs.append("依据：" + basis + "。")
        let body = remedies.reconsiderationBody.map { "向\($0)" } ?? "依法"
        let court = remedies.court.map { "向\($0)" } ?? "依法"
        paragraphs.append("如对本答复不服，可以自收到本答复书之日起六十日内\(body)申请行政复议，或者自收到本答复书之日起六个月内\(court)提起行政诉讼。")
        self.paragraphs = paragraphs
        self.agency = agency
        self.date = closing.date
    }

    /// The decision sentence and the articles for an outcome.
    static func decision(_ outcome: Table3Row, you: String) -> (text: String, articles: String) {
        let withheld = "本机关决定不予公开。"
        switch outcome {
        case .granted:
            return ("\(you)申请获取的政府信息属于公开范围，本机关予以公开，随本答复书提供（或告知获取的方式、途径和时间）。", "第三十六条第（二）项")
        case .partlyGranted:
            return ("\(you)申请获取的政府信息中含有不应当公开的内容，但能够作区分处理，本机关向\(you)提供可以公开的部分，对不予公开的部分说明理由。", "第三十七条、第三十六条第（三）项")
        case .withheldStateSecret:
            return ("\(you)申请获取的政府信息属于国家秘密，" + withheld, "第十四条、第三十六条第（三）项")
        case .withheldProhibitedByLaw:
            return ("\(you)申请获取的政府信息属于法律、行政法规禁止公开的信息，" + withheld, "第十四条、第三十六条第（三）项")
        case .withheldSecurityStability:
            return ("\(you)申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定，" + withheld, "第十四条、第三十六条第（三）项")
        case .withheldThirdPartyRights:
            return ("\(you)申请获取的政府信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害，" + withheld, "第十五条、第三十二条、第三十六条第（三）项")
        case .withheldInternalAffairs:
            return ("\(you)申请获取的信息属于人事管理、后勤管理、内部工作流程等内部事务信息，" + withheld, "第十六条第一款、第三十六条第（三）项")
        case .withheldProcessInformation:
            return ("\(you)申请获取的信息属于讨论记录、过程稿、磋商信函、请示报告等过程性信息，" + withheld, "第十六条第二款、第三十六条第（三）项")
        case .withheldEnforcementFile:
            return ("\(you)申请获取的信息属于行政执法案卷信息，" + withheld, "第十六条第二款、第三十六条第（三）项")
        case .withheldAdministrativeQuery:
            return ("\(you)申请获取的信息属于有关法律、行政法规对获取另有专门规定的行政查询事项，请按照相关规定办理。", "第三十六条第（七）项")
        case .unavailableNotHeld:
            return ("经检索，本机关未制作或获取\(you)申请的政府信息，该政府信息不存在；如属于其他机关负责公开的，可向该机关申请。", "第三十六条第（四）项、第（五）项")
        case .unavailableNeedsCreation:
            return ("\(you)申请获取的信息需要本机关对现有政府信息进行加工、分析，本机关可以不予提供。", "第三十八条")
        case .unavailableUnclearAfterCorrection:
            return ("经补正，\(you)的申请内容仍不明确，本机关无法提供。", "第三十条")
        case .notProcessedComplaint:
            return ("\(you)以政府信息公开申请的形式进行信访、投诉、举报等活动，本机关不作为政府信息公开申请处理，可通过相应渠道反映。", "第三十九条第一款")
        case .notProcessedRepeated:
            return ("\(you)的申请与此前已答复的申请内容相同，本机关不予重复处理。", "第三十六条第（六）项")
        case .notProcessedPublication:
            return ("\(you)申请获取的是政府公报、报刊、书籍等公开出版物，本机关不予处理，可通过相应渠道获取。", "第三十九条第二款")
        case .notProcessedExcessive:
            return ("\(you)申请公开政府信息的数量、频次明显超过合理范围且说明的理由不合理，本机关不予处理。", "第三十五条")
        case .notProcessedConfirmation:
            return ("\(you)要求本机关确认或者重新出具已获取的信息，不属于政府信息公开申请的处理范围，本机关不予处理。", "第三十八条、第三十九条")
        case .otherHandlingNoCorrection:
            return ("\(you)无正当理由逾期未补正，视为放弃申请，本机关不再处理该政府信息公开申请。", "第三十条")
        case .otherHandlingFeeUnpaid:
            return ("\(you)逾期未按收费通知要求缴纳信息处理费，视为放弃申请，本机关不再处理该政府信息公开申请。", "第四十二条，《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）")
        case .otherHandlingOther, .otherHandling:
            return ("本机关已对\(you)的申请作出处理。", "第三十三条")
        case .received, .carriedOver, .total, .carriedForward:
            return ("", "")
        }
    }
}

extension ReplyLetter {
    /// The articles of the 条例 a decision with this outcome rests on, e.g. `第十四条、第三十六条第（三）项`.
    public static func articles(for outcome: Table3Row) -> String {
        decision(outcome, you: "").articles
    }
}
