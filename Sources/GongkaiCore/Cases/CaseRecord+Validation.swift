extension CaseRecord {
    /// A rule of a case history that a record breaks: the field and the reason, in Chinese.
    public struct Problem: Sendable, Equatable {
        public let path: String
        public let reason: String
    }

    /// The first rule of the 条例 or of the contract that the history breaks, if any. Events must be in date order,
    /// none before receipt; a case closes once (`decided` or `withdrawn`) and nothing follows; 补正 is asked once
    /// (Art. 30: 一次性告知); consultations open and close in turn; one extension (Art. 33); a fee is paid only after
    /// its notice; the closing outcome must fit the history (`otherHandling.noCorrection` needs an unanswered
    /// 补正 request, `otherHandling.feeUnpaid` an unpaid fee notice).
    public func validate() -> Problem? {
        var previous = received
        var correctionRequested = false
        var correctionReceived = false
        var consulting = false
        var extended = false
        var feeNoticed = false
        var feePaid = false
        for (i, event) in events.enumerated() {
            let path = "events[\(i)]"
            if event.date < received {
                return Problem(path: path + ".date", reason: "\(event.kind.displayName)的日期 \(event.date) 早于收到申请之日 \(received)")
            }
            if event.date < previous {
                return Problem(path: path + ".date", reason: "事件应按日期先后排列：\(event.date) 早于前一事件的 \(previous)")
            }
            previous = event.date
            if i > 0, events[i - 1].kind.closesCase {
                return Problem(path: path, reason: "申请已于 \(events[i - 1].date) \(events[i - 1].kind.displayName)，其后不能再有“\(event.kind.displayName)”")
            }
            switch event.kind {
            case .correctionRequested:
                if correctionRequested {
                    return Problem(path: path, reason: "补正只能一次性告知（条例第三十条），此前已告知补正")
                }
                correctionRequested = true
            case .correctionReceived:
                if !correctionRequested || correctionReceived {
                    return Problem(path: path, reason: correctionReceived ? "已收到过补正" : "收到补正之前没有告知补正（correctionRequested）")
                }
                correctionReceived = true
            case .consultationStarted:
                if consulting { return Problem(path: path, reason: "上一次征求意见尚未结束（缺少 consultationEnded）") }
                consulting = true
            case .consultationEnded:
                if !consulting { return Problem(path: path, reason: "征求意见结束之前没有开始征求意见（consultationStarted）") }
                consulting = false
            case .extended:
                if extended { return Problem(path: path, reason: "答复期限只能延长一次（条例第三十三条）") }
                extended = true
            case .feeNoticed:
                if feeNoticed { return Problem(path: path, reason: "已发出过收费通知") }
                feeNoticed = true
            case .feePaid:
                if !feeNoticed || feePaid {
                    return Problem(path: path, reason: feePaid ? "已记录过缴费" : "缴费之前没有收费通知（feeNoticed）")
                }
                feePaid = true
            case .decided:
                switch event.outcome {
                case .otherHandlingNoCorrection? where !(correctionRequested && !correctionReceived):
                    return Problem(path: path + ".outcome", reason: "“逾期不补正”要求此前告知补正且未收到补正")
                case .otherHandlingFeeUnpaid? where !(feeNoticed && !feePaid):
                    return Problem(path: path + ".outcome", reason: "“逾期未缴费”要求此前发出收费通知且未缴费")
                case .unavailableUnclearAfterCorrection? where !correctionRequested:
                    return Problem(path: path + ".outcome", reason: "“补正后申请内容仍不明确”要求此前告知补正")
                default:
                    break
                }
            case .withdrawn:
                break
            }
        }
        for (i, review) in reviews.enumerated() {
            let path = "reviews[\(i)]"
            if review.filed < received {
                return Problem(path: path + ".filed", reason: "提起日期 \(review.filed) 早于收到申请之日 \(received)")
            }
            if let decided = review.decided, decided < review.filed {
                return Problem(path: path + ".decided", reason: "审结日期 \(decided) 早于提起日期 \(review.filed)")
            }
        }
        return nil
    }
}

extension CaseRecord {
    /// The steps that may be recorded next, in the order a clerk meets them: those the history's rules allow after
    /// the last event (the same rules as ``validate()``: 补正 once, one extension, consultations in turn, …).
    public var possibleSteps: [CaseEvent.Kind] {
        guard closing == nil else { return [] }
        return CaseEvent.Kind.allCases.filter { kind in
            kind == .decided ? !possibleOutcomes.isEmpty : allows(CaseEvent(kind, lastDate))
        }
    }

    /// The outcomes a decision may take now (逾期不补正 only after an unanswered 补正 request, …).
    public var possibleOutcomes: [Table3Row] {
        guard closing == nil else { return [] }
        return Table3Row.decisionOutcomes.filter { allows(CaseEvent(.decided, lastDate, outcome: $0)) }
    }

    /// The date of the last event (of receipt when there is none).
    private var lastDate: CivilDate { events.last?.date ?? received }

    private func allows(_ event: CaseEvent) -> Bool {
        var next = self
        next.events.append(event)
        next.reviews = []
        return next.validate() == nil
    }
}
