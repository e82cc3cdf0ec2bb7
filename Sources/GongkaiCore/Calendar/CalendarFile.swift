/// A calendar file in the shape of `cn-workdays.json`: `{"2027": {"holidays": [...], "workdays": [...]}}`, one
/// State Council notice per year key. This is how a new year's notice is added, as data.
public enum CalendarFile {
    public struct Invalid: Error, Sendable, Equatable, CustomStringConvertible {
        public let line: Int?
        public let path: String
        public let reason: String
        public var description: String {
            var head: [String] = []
            if let line, line > 0 { head.append("第 \(line) 行") }
            if !path.isEmpty { head.append("字段 \(path)") }
            return head.isEmpty ? reason : head.joined(separator: "，") + "：" + reason
        }
    }

    /// The notices of the file, checked: dates are valid and fall in the notice's year (or the last days of the
    /// year before, as New Year holidays do); a day is not both a holiday and a working day; every 调休 working day
    /// is a Saturday or Sunday (a weekday is a working day anyway).
    public static func parse(_ bytes: [UInt8]) throws(Invalid) -> [Int: WorkdayCalendar.Notice] {
        let root: JSON
        do { root = try JSONParser.parse(bytes) } catch {
            throw Invalid(line: error.line, path: "", reason: "JSON 格式错误（第 \(error.column) 列）：\(error.reason)")
        }
        guard case let .object(members) = root.value, !members.isEmpty else {
            throw Invalid(line: root.line, path: "", reason: "应为以年份为键的对象，如 {\"2027\": {\"holidays\": [...], \"workdays\": [...]}}")
        }
        var notices: [Int: WorkdayCalendar.Notice] = [:]
        for (key, value) in members {
            guard let year = Int(key), (2000...2100).contains(year) else {
                throw Invalid(line: value.line, path: key, reason: "“\(key)”不是年份")
            }
            func dates(_ field: String) throws(Invalid) -> [CivilDate] {
                guard let list = value[field] else { throw Invalid(line: value.line, path: "\(key).\(field)", reason: "缺少必填字段") }
                guard case let .array(items) = list.value else {
                    throw Invalid(line: list.line, path: "\(key).\(field)", reason: "应为日期数组")
                }
                var result: [CivilDate] = []
                for (i, item) in items.enumerated() {
                    let path = "\(key).\(field)[\(i)]"
                    guard case let .string(text) = item.value, let date = CivilDate(iso: text) else {
                        throw Invalid(line: item.line, path: path, reason: "不是有效日期（应为 YYYY-MM-DD）")
                    }
                    let earliest = CivilDate(year: year - 1, month: 12, day: 1)!
                    guard date.year == year || (date >= earliest && date.year == year - 1) else {
                        throw Invalid(line: item.line, path: path, reason: "\(date) 不属于 \(year) 年的放假安排")
                    }
                    if field == "workdays", !date.isWeekend {
                        throw Invalid(line: item.line, path: path, reason: "\(date) 不是周六或周日，不是调休上班日（工作日本来就要上班）")
                    }
                    result.append(date)
                }
                return result
            }
            let holidays = try dates("holidays")
            let workdays = try dates("workdays")
            if let both = Set(holidays).intersection(workdays).min() {
                throw Invalid(line: value.line, path: key, reason: "\(both) 既是放假日又是调休上班日")
            }
            notices[year] = WorkdayCalendar.Notice(holidays: holidays.map(\.description), workdays: workdays.map(\.description))
        }
        return notices
    }
}
