/// How an application arrived (CASES-JSONL `channel`), and the day that counts as its receipt (条例 Art. 31).
public enum Channel: String, Sendable, Hashable, CaseIterable {
    case inPerson, post, postUnsigned, online, fax, email, oral

    /// `当面提交`.
    public var displayName: String {
        switch self {
        case .inPerson: "当面提交"
        case .post: "邮寄（挂号信、快递等需签收）"
        case .postUnsigned: "平信（无需签收）"
        case .online: "互联网渠道"
        case .fax: "传真"
        case .email: "电子邮件"
        case .oral: "口头提出（代为填写申请）"
        }
    }

    /// The rule of Art. 31 that fixes the receipt date for this channel.
    public var receiptRule: String {
        switch self {
        case .inPerson, .oral: "第三十一条第（一）项：当面提交的，以提交之日为收到申请之日"
        case .post: "第三十一条第（二）项：邮寄的，以政府信息公开工作机构签收之日为收到申请之日"
        case .postUnsigned: "第三十一条第（二）项：以平常信函等无需签收的方式邮寄的，以当日与申请人确认之日为收到申请之日"
        case .online, .email: "第三十一条第（三）项：通过互联网渠道提交的，以双方确认之日为收到申请之日"
        case .fax: "第三十一条第（三）项：通过传真提交的，以双方确认之日为收到申请之日"
        }
    }
}
