/// Open cases by due date, overdue first; cases whose period is not running (awaiting correction, consultation
/// open) come last.
public struct DueList: Sendable {
    public struct Entry: Sendable {
        public let record: CaseRecord
        public let progress: CaseProgress
        /// Working days left until the due date (negative: overdue by that many); nil without a due date.
        public let workingDaysLeft: Int?
    }

    public let entries: [Entry]
    public let today: CivilDate

    public init(cases: [CaseRecord], today: CivilDate, calculator: DeadlineCalculator, within: Int?) {
        self.today = today
        var entries = cases.map { record -> Entry in
            let progress = CaseProgress(of: record, calculator: calculator)
            return Entry(record: record, progress: progress,
                         workingDaysLeft: progress.dueDate.map { Self.workingDays(from: today, to: $0, calendar: calculator.calendar) })
        }
        if let within {
            entries = entries.filter { ($0.workingDaysLeft ?? Int.max) <= within }
        }
        entries.sort {
            switch ($0.progress.dueDate, $1.progress.dueDate) {
            case let (a?, b?): a == b ? $0.record.id < $1.record.id : a < b
            case (.some, nil): true
            case (nil, .some): false
            case (nil, nil): $0.record.id < $1.record.id
            }
        }
        self.entries = entries
    }

    /// Working days after `from` up to and including `to` (negative when `to` is earlier); days the calendar does not
    /// know count as weekdays would not — they are skipped.
    public static func workingDays(from: CivilDate, to: CivilDate, calendar: WorkdayCalendar) -> Int {
        if from == to { return 0 }
        let (low, high, sign) = from < to ? (from, to, 1) : (to, from, -1)
        var n = 0
        var day = low.adding(days: 1)
        while day <= high {
            if (try? calendar.isWorkday(day)) == true { n += 1 }
            day = day.adding(days: 1)
        }
        return sign * n
    }

    public func status(_ entry: Entry) -> String {
        guard let left = entry.workingDaysLeft else { return entry.progress.stage.displayName }
        if left < 0 { return "已超期 \(-left) 个工作日" }
        if left == 0 { return "今天到期" }
        return "剩 \(left) 个工作日"
    }

    public func text() -> String {
        guard !entries.isEmpty else { return "没有未办结的申请。\n" }
        let overdue = entries.filter { ($0.workingDaysLeft ?? 0) < 0 }.count
        var lines = ["未办结申请 \(entries.count) 件（以 \(today) 为今天），其中已超期 \(overdue) 件：", ""]
        let rows: [[String]] = [["编号", "收到日期", "申请人", "状态", "答复期限", "说明"]] + entries.map { entry in
            let p = entry.progress
            var note = p.stage.displayName
            if p.extendedDue != nil { note += "，已延期" }
            if let gap = p.calendarGap { note = "无法计算：缺少 \(gap.date.year) 年节假日数据" }
            else if let reply = p.consultationReplyDue { note += "，对方答复期限 \(reply.date)" }
            else if let pay = p.paymentDue { note += "，缴费期限 \(pay.date)" }
            else if let notice = p.correctionNoticeDue, notice.date >= today { note += "，补正告知期限 \(notice.date)" }
            return [entry.record.id, entry.record.received.description, entry.record.applicant.type.displayName,
                    status(entry), p.dueDateText ?? "（暂停计算）", note]
        }
        let widths = (0..<6).map { c in rows.map { DisplayWidth.of($0[c]) }.max() ?? 0 }
        for row in rows {
            lines.append(row.enumerated().map { c, cell in
                c == 5 ? cell : cell + String(repeating: " ", count: widths[c] - DisplayWidth.of(cell))
            }.joined(separator: "  "))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public func json() -> JSON {
        .object([
            ("today", .string(today.description)),
            ("cases", .array(entries.map { entry in
                let p = entry.progress
                return .object([
                    ("id", .string(entry.record.id)),
                    ("received", .string(entry.record.received.description)),
                    ("applicantType", .string(entry.record.applicant.type.rawValue)),
                    ("stage", .string(p.stage.displayName)),
                    ("dueDate", .date(p.dueDate)),
                    ("dueDateProvisional", .bool(p.dueDateIsProvisional)),
                    ("workingDaysLeft", entry.workingDaysLeft.map(JSON.int) ?? .null),
                    ("overdue", .bool((entry.workingDaysLeft ?? 0) < 0)),
                    ("explanation", .array(((p.answerDue?.explanation ?? []) + (p.extendedDue?.explanation ?? [])).map(JSON.string))),
                ])
            })),
        ])
    }
}

/// A case told in Chinese: the facts, the timeline and every deadline with its explanation.
public enum CaseText {
    public static func describe(_ record: CaseRecord, progress: CaseProgress, today: CivilDate) -> String {
        var lines = ["申请 \(record.id)"]
        lines.append("申请人：\(record.applicant.name ?? "（未记名）")（\(record.applicant.type.displayName)）")
        lines.append("渠道：\(record.channel.displayName)；收到日期：\(record.received)（\(record.channel.receiptRule)）")
        if let request = record.request { lines.append("申请内容：\(request)") }
        lines.append("状态：\(progress.stage.displayName)")
        if let due = progress.dueDate {
            let late = progress.isLate(today: today)
            lines.append("答复期限：\(due)" + (late ? (progress.closedOn == nil ? "（已超期）" : "（逾期答复）") : ""))
        }
        lines.append("")
        lines.append("经过：")
        lines.append("  \(record.received)  收到申请")
        for event in record.events {
            var text = "  \(event.date)  \(event.summary())"
            if let note = event.note { text += "。\(note)" }
            if let by = event.by { text += "［\(by)］" }
            lines.append(text)
        }
        for review in record.reviews {
            var text = "  \(review.filed)  提起\(Table4BlockSpec.spec(review.kind).shortName)"
            if let decided = review.decided, let result = review.result { text += "；\(decided) 审结：\(result.displayName)" }
            else { text += "（尚未审结）" }
            lines.append(text)
        }
        let results = [progress.correctionNoticeDue, progress.answerDue, progress.extendedDue, progress.consultationReplyDue,
                       progress.paymentDue].compactMap { $0 }
        if !results.isEmpty {
            lines.append("")
            lines.append("期限推算：")
            for result in results { lines += result.explanation.map { "  " + $0 } }
        }
        if let gap = progress.calendarGap { lines.append("注意：\(gap.description)") }
        return lines.joined(separator: "\n") + "\n"
    }
}
