import GongkaiCore
import SQLKit

/// One row of `case_events`: a case event, or the filing or decision of a review.
struct LedgerRow: Equatable {
    var type: String
    var day: Int
    var party: String?
    var amount: Int?
    var outcome: String?
    var note: String?
    var reviewNo: Int?
    var reviewKind: String?
    var reviewResult: String?
    var by: String?

    static let reviewFiled = "reviewFiled"
    static let reviewDecided = "reviewDecided"

    init(event: CaseEvent) {
        type = event.kind.rawValue
        day = event.date.dayNumber
        party = event.party?.rawValue
        amount = event.amount
        outcome = event.outcome?.key
        note = event.note
        by = event.by
    }

    init(filed review: Review, number: Int) {
        type = Self.reviewFiled
        day = review.filed.dayNumber
        reviewNo = number
        reviewKind = review.kind.key
    }

    /// Nil while the review is pending.
    init?(decided review: Review, number: Int) {
        guard let decided = review.decided, let result = review.result else { return nil }
        type = Self.reviewDecided
        day = decided.dayNumber
        reviewNo = number
        reviewKind = review.kind.key
        reviewResult = result.rawValue
    }

    init(row: any SQLRow) throws {
        type = try row.decode(column: "type", as: String.self)
        day = try row.decode(column: "day", as: Int.self)
        party = try row.decode(column: "party", as: String?.self)
        amount = try row.decode(column: "amount", as: Int?.self)
        outcome = try row.decode(column: "outcome", as: String?.self)
        note = try row.decode(column: "note", as: String?.self)
        reviewNo = try row.decode(column: "review_no", as: Int?.self)
        reviewKind = try row.decode(column: "review_kind", as: String?.self)
        reviewResult = try row.decode(column: "review_result", as: String?.self)
        by = try row.decode(column: "recorded_by", as: String?.self)
    }

    func values(caseNo: Int, seq: Int, agency: Int, applicantType: ApplicantType, recordedAt: String, recordedBy: String?)
        -> [any Encodable & Sendable]
    {
        [caseNo, seq, agency, applicantType.rawValue, type, day, party, amount, outcome, note, reviewNo, reviewKind, reviewResult, recordedAt, recordedBy]
    }

    /// The ledger of a whole record: its events in order, then each review's filing and decision.
    static func rows(of record: CaseRecord) -> [LedgerRow] {
        var rows = record.events.map(LedgerRow.init(event:))
        for (i, review) in record.reviews.enumerated() {
            rows.append(LedgerRow(filed: review, number: i + 1))
            if let decided = LedgerRow(decided: review, number: i + 1) { rows.append(decided) }
        }
        return rows
    }

    /// The rows that turn the ledger of `old` into that of `new`, or nil when `new` does not extend `old` (an event
    /// or a review changed or removed: history is never rewritten).
    static func appended(from old: CaseRecord, to new: CaseRecord) -> [LedgerRow]? {
        guard new.events.count >= old.events.count, Array(new.events.prefix(old.events.count)) == old.events,
              new.reviews.count >= old.reviews.count
        else { return nil }
        var rows = new.events.dropFirst(old.events.count).map(LedgerRow.init(event:))
        for (i, review) in new.reviews.enumerated() {
            if i < old.reviews.count {
                let before = old.reviews[i]
                guard before.kind == review.kind, before.filed == review.filed else { return nil }
                if before.decided == nil, let decided = LedgerRow(decided: review, number: i + 1) {
                    rows.append(decided)
                } else if before != review {
                    return nil
                }
            } else {
                rows.append(LedgerRow(filed: review, number: i + 1))
                if let decided = LedgerRow(decided: review, number: i + 1) { rows.append(decided) }
            }
        }
        return rows
    }

    /// Rebuilds events and reviews from ledger rows.
    static func apply(_ rows: [LedgerRow], to record: inout CaseRecord) throws {
        var reviews: [Int: Review] = [:]
        for row in rows {
            let date = CivilDate(dayNumber: row.day)
            switch row.type {
            case reviewFiled:
                guard let no = row.reviewNo, let kind = row.reviewKind.flatMap(Table4Block.init(key:)) else {
                    throw StoreError("申请 \(record.id) 的复议诉讼记录无法识别", kind: .corrupt)
                }
                reviews[no] = Review(kind: kind, filed: date)
            case reviewDecided:
                guard let no = row.reviewNo, reviews[no] != nil, let result = row.reviewResult.flatMap(Review.Result.init(rawValue:)) else {
                    throw StoreError("申请 \(record.id) 的复议诉讼审结记录无法识别", kind: .corrupt)
                }
                reviews[no]?.decided = date
                reviews[no]?.result = result
            default:
                guard let kind = CaseEvent.Kind(rawValue: row.type) else {
                    throw StoreError("申请 \(record.id) 有无法识别的事件 \(row.type)", kind: .corrupt)
                }
                record.events.append(CaseEvent(
                    kind, date, party: row.party.flatMap(CaseEvent.Party.init(rawValue:)), amount: row.amount,
                    outcome: row.outcome.flatMap(Table3Row.init(key:)), note: row.note, by: row.by))
            }
        }
        record.reviews = reviews.sorted { $0.key < $1.key }.map(\.value)
    }
}
