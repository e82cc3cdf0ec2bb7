import Foundation
import GongkaiCore
import GongkaiStore

extension Office {
    /// What importing holiday notices changes: per year whether it is new, replaced or the same, and the open cases
    /// (of every agency: the calendar is the installation's) whose due date moved or stopped being provisional.
    public struct CalendarChange: Sendable {
        public struct Year: Sendable {
            public let year: Int
            /// `新增`, `替换`, `未变（与已有安排相同）`.
            public let verb: String
            public let holidays: Int
            public let workdays: Int
        }

        public struct Moved: Sendable {
            public let code: String
            public let agency: String
            public let from: String
            public let to: String
        }

        public let years: [Year]
        public let openCases: Int
        public let moved: [Moved]
    }

    /// A year of the working-day calendar and where it came from.
    public struct CalendarYear: Sendable {
        public let year: Int
        public let holidays: Int
        public let workdays: Int
        /// When it was imported (a stored timestamp); nil for the notices shipped with Gongkai.
        public let importedAt: String?
    }

    /// The years the calendar holds, and the years after them that are provisional (computed from the statutory
    /// holidays until their notice is imported).
    public func calendarYears() async throws -> (years: [CalendarYear], provisional: ClosedRange<Int>) {
        let notices = try await stored { try await store.notices() }
        let imported = Dictionary(try await stored { try await store.importedNoticeYears() }.map { ($0.year, $0.importedAt) }) { a, _ in a }
        let years = notices.keys.sorted().map { year in
            CalendarYear(year: year, holidays: notices[year]!.holidays.count, workdays: notices[year]!.workdays.count, importedAt: imported[year])
        }
        return (years, WorkdayCalendar(notices: notices).provisionalYears)
    }

    /// A notice pasted as text, read (nothing saved); refused with the reason when it cannot be read.
    public func readNotice(_ text: String, year: Int?, by actor: Actor) throws(OfficeError) -> NoticeText.Reading {
        _ = try requireCalendar(actor)
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .invalid("请粘贴通知的文字", field: "text")
        }
        do throws(NoticeText.Unreadable) {
            return try NoticeText.read(text, year: year)
        } catch {
            throw .invalid("读不懂这份通知，未导入：" + error.description, field: "text")
        }
    }

    /// The calendar is the installation's: its notices are imported by an administrator of a top-level agency.
    func requireCalendar(_ actor: Actor) throws(OfficeError) -> Agency {
        let agency = try require(.manageUsers, actor)
        guard agency.parentID == nil else {
            throw .forbidden("节假日安排全系统共用，由最上级机关的管理员导入")
        }
        return agency
    }

    /// The change importing `notices` would make, without saving anything (shown for confirmation). Refused when the
    /// calendar would have a gap (a year missing between two that are there).
    public func calendarChange(_ notices: [Int: WorkdayCalendar.Notice], by actor: Actor) async throws -> CalendarChange {
        _ = try requireCalendar(actor)
        let before = try await stored { try await store.notices() }
        var after = before
        for (year, notice) in notices { after[year] = notice }
        let years = after.keys.sorted()
        if let gap = zip(years, years.dropFirst()).first(where: { $1 != $0 + 1 }) {
            throw OfficeError.invalid("导入后日历缺少 \(gap.0 + 1) 年（已有 \(years.first!)–\(gap.0) 年）；请先导入 \(gap.0 + 1) 年的安排")
        }
        var open: [(agency: String, record: CaseRecord)] = []
        for agency in try await agencies() {
            open += try await stored { try await store.openCases(agency: agency.id) }.map { (agency.name, $0) }
        }
        let old = DeadlineCalculator(calendar: WorkdayCalendar(notices: before))
        let new = DeadlineCalculator(calendar: WorkdayCalendar(notices: after))
        var moved: [CalendarChange.Moved] = []
        for (agency, record) in open {
            let a = CaseProgress(of: record, calculator: old)
            let b = CaseProgress(of: record, calculator: new)
            if a.dueDate != b.dueDate || a.dueDateIsProvisional != b.dueDateIsProvisional {
                moved.append(.init(code: record.id, agency: agency, from: a.dueDateText ?? (a.calendarGap != nil ? "无法计算" : "—"),
                                   to: b.dueDateText ?? "—"))
            }
        }
        let summary = notices.keys.sorted().map { year in
            CalendarChange.Year(year: year, verb: before[year] == nil ? "新增" : (before[year] == notices[year] ? "未变（与已有安排相同）" : "替换"),
                                holidays: notices[year]!.holidays.count, workdays: notices[year]!.workdays.count)
        }
        return CalendarChange(years: summary, openCases: open.count, moved: moved)
    }

    /// Saves holiday notices (from a file or a pasted notice), audited, and says what changed.
    public func importCalendar(_ notices: [Int: WorkdayCalendar.Notice], source: String, by actor: Actor) async throws -> CalendarChange {
        let change = try await calendarChange(notices, by: actor)
        let years = notices.keys.sorted().map(String.init).joined(separator: "、")
        try await stored {
            try await store.saveNotices(notices, audit: AuditNote(actor: actor.name, action: "导入节假日安排", target: source,
                                                                   detail: "\(years) 年"))
        }
        return change
    }
}
