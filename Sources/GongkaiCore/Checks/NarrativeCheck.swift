/// Finds figures stated in a report's prose (收到申请44件, 予以公开12件, 行政复议2件, 未收到…申请) and compares
/// them with the tables (`NARRATIVE-MISMATCH`).
///
/// The reading is deliberately conservative: a sentence that names another year, or compares with last year
/// (同比, 较上年…), is skipped, and only figures directly tied to a keyword count. What it misses costs nothing; what
/// it finds is worth a look, so findings are warnings.
public enum NarrativeCheck {
    /// What a stated figure is about.
    public enum Subject: Sendable, Hashable, CaseIterable {
        case received, granted, partlyGranted, withheld, unavailable, notProcessed, carriedForward
        case reconsideration, litigation

        /// How the figure is named in messages.
        var displayName: String {
            switch self {
            case .received: "表三「本年新收」总计"
            case .granted: "表三「予以公开」总计"
            case .partlyGranted: "表三「部分公开」总计"
            case .withheld: "表三「不予公开」各项总计之和"
            case .unavailable: "表三「无法提供」各项总计之和"
            case .notProcessed: "表三「不予处理」各项总计之和"
            case .carriedForward: "表三「结转下年度继续办理」总计"
            case .reconsideration: "表四 行政复议总计"
            case .litigation: "表四 行政诉讼总计（两类之和）"
            }
        }
    }

    /// A figure found in the prose.
    public struct StatedFigure: Sendable, Hashable {
        public let subject: Subject
        public let value: Int
        /// The words that state it, e.g. `收到政府信息公开申请44件`.
        public let quote: String
    }

    static func check(_ report: AnnualReport, into findings: inout [Finding]) {
        guard let sections = report.sections else { return }
        var reported = Set<Subject>()
        for section in sections {
            for figure in figures(in: section.text, reportYear: report.year) where !reported.contains(figure.subject) {
                guard let (tableValue, location) = tableValue(of: figure.subject, in: report),
                      tableValue != figure.value else { continue }
                reported.insert(figure.subject)
                var where_ = location
                where_.section = section.number
                findings.append(Finding(
                    code: .narrativeMismatch, severity: .warning,
                    message: "第\(ChineseNumeral.ordinal(section.number))部分写明“\(figure.quote)”，"
                        + "但\(figure.subject.displayName)为 \(tableValue)",
                    location: where_))
            }
        }
    }

    /// The table's value for a subject, when every cell it needs is present.
    static func tableValue(of subject: Subject, in report: AnnualReport) -> (Int, Location)? {
        func t3(_ rows: [Table3Row], key: String?) -> (Int, Location)? {
            guard let table = report.table3 else { return nil }
            var sum = 0
            for row in rows where table.has(row) {
                guard let v = table[row, Table3Column.totalIndex] else { return nil }
                sum += v
            }
            return (sum, Location(table: .table3, row: key, column: .index(Table3Column.totalIndex)))
        }
        func group(_ prefix: String) -> [Table3Row] { Table3Row.allCases.filter { $0.key.hasPrefix(prefix + ".") } }
        switch subject {
        case .received: return t3([.received], key: Table3Row.received.key)
        case .granted: return t3([.granted], key: Table3Row.granted.key)
        case .partlyGranted: return t3([.partlyGranted], key: Table3Row.partlyGranted.key)
        case .withheld: return t3(group("withheld"), key: nil)
        case .unavailable: return t3(group("unavailable"), key: nil)
        case .notProcessed: return t3(group("notProcessed"), key: nil)
        case .carriedForward: return t3([.carriedForward], key: Table3Row.carriedForward.key)
        case .reconsideration:
            guard let v = report.table4?[.reconsideration, Table4BlockSpec.totalIndex] else { return nil }
            return (v, Location(table: .table4, row: Table4Block.reconsideration.key,
                                column: .index(Table4BlockSpec.totalIndex)))
        case .litigation:
            guard let a = report.table4?[.litigationDirect, Table4BlockSpec.totalIndex],
                  let b = report.table4?[.litigationAfterReconsideration, Table4BlockSpec.totalIndex] else { return nil }
            return (a + b, Location(table: .table4))
        }
    }

    // MARK: - Reading figures

    private struct Rule {
        let subject: Subject
        let triggers: [String]
        /// A word that must stand between the trigger and the number (e.g. 申请).
        let requires: String?
        /// How many characters may stand between the trigger and the number.
        let window: Int
        /// Whether `未收到…` before the trigger states a zero.
        let negatable: Bool
    }

    private static let rules: [Rule] = [
        Rule(subject: .received, triggers: ["新收到", "收到", "新收", "受理", "接收", "接到"], requires: "申请",
             window: 24, negatable: true),
        Rule(subject: .granted, triggers: ["予以公开", "同意公开"], requires: nil, window: 2, negatable: false),
        Rule(subject: .partlyGranted, triggers: ["部分公开"], requires: nil, window: 2, negatable: false),
        Rule(subject: .withheld, triggers: ["不予公开"], requires: nil, window: 2, negatable: false),
        Rule(subject: .unavailable, triggers: ["无法提供"], requires: nil, window: 2, negatable: false),
        Rule(subject: .notProcessed, triggers: ["不予处理"], requires: nil, window: 2, negatable: false),
        Rule(subject: .carriedForward, triggers: ["结转下一年度", "结转下年度", "结转至下一年度", "结转至下年度", "结转到下一年度"],
             requires: nil, window: 6, negatable: false),
        Rule(subject: .reconsideration, triggers: ["行政复议"], requires: nil, window: 4, negatable: true),
        Rule(subject: .litigation, triggers: ["行政诉讼"], requires: nil, window: 4, negatable: true),
    ]

    private static let negations = ["未发生", "没有发生", "未出现", "没有出现", "未收到", "没有收到", "未接到", "没有接到",
                                    "未受理", "未涉及", "未有", "未接收", "均未"]
    private static let comparisons = ["同比", "较上年", "比上年", "去年", "上一年度", "较去年", "与上年", "以前年度", "往年"]
    private static let units: Set<Character> = ["件", "起", "宗", "个", "份", "条"]
    private static let clauseBreaks: Set<Character> = ["，", "：", "（", "）"]

    /// The figures stated in a text. Sentences about other years are skipped.
    public static func figures(in text: String, reportYear: Int?) -> [StatedFigure] {
        var result: [StatedFigure] = []
        for sentence in sentences(of: TextNormalizer.comparable(text)) where !isAboutAnotherYear(sentence, reportYear) {
            for rule in rules {
                for trigger in rule.triggers {
                    result += find(rule, trigger: trigger, in: sentence)
                }
            }
        }
        // A figure found through a longer trigger (新收到) may be found again through a shorter one (收到).
        var seen = Set<[Int]>()
        return result.filter { seen.insert([Subject.allCases.firstIndex(of: $0.subject) ?? 0, $0.value]).inserted }
    }

    private static func sentences(of text: String) -> [[Character]] {
        var out: [[Character]] = [[]]
        for c in text {
            if "。；;！？!?\n".contains(c) { out.append([]) } else { out[out.count - 1].append(c) }
        }
        return out.filter { !$0.isEmpty }
    }

    private static func isAboutAnotherYear(_ sentence: [Character], _ year: Int?) -> Bool {
        let s = String(sentence)
        if comparisons.contains(where: s.contains) { return true }
        guard let year else { return false }
        var i = 0
        while i + 4 < sentence.count {
            let digits = sentence[i..<i + 4]
            if digits.allSatisfy({ $0.isASCII && $0.isNumber }), sentence[i + 4] == "年",
               i == 0 || !(sentence[i - 1].isASCII && sentence[i - 1].isNumber),
               let y = Int(String(digits)), (1990...2100).contains(y), y != year
            {
                return true
            }
            i += 1
        }
        return false
    }

    private static func find(_ rule: Rule, trigger: String, in sentence: [Character]) -> [StatedFigure] {
        let t = Array(trigger)
        var result: [StatedFigure] = []
        var i = 0
        while i + t.count <= sentence.count {
            defer { i += 1 }
            guard sentence[i..<i + t.count].elementsEqual(t) else { continue }
            if trigger == "予以公开", i > 0, sentence[i - 1] == "不" { continue }
            let after = i + t.count
            // The clause before the trigger, for negations.
            var clauseStart = i
            while clauseStart > 0, !clauseBreaks.contains(sentence[clauseStart - 1]) { clauseStart -= 1 }
            let before = String(sentence[clauseStart..<i])
            let lead = before + trigger
            if let number = number(after: after, window: rule.window, requires: rule.requires, in: sentence) {
                let quote = String(sentence[max(clauseStart, i - 12)..<number.end])
                result.append(StatedFigure(subject: rule.subject, value: number.value, quote: quote))
            } else if rule.negatable, negations.contains(where: lead.contains) || before.hasSuffix("无"),
                      !before.contains(where: { $0.isNumber }),
                      rule.requires.map({ requiresWord($0, after: after, window: 16, in: sentence) }) ?? true
            {
                var end = after
                while end < sentence.count, !clauseBreaks.contains(sentence[end]), end - after < 16 { end += 1 }
                let quote = String(sentence[clauseStart..<end])
                result.append(StatedFigure(subject: rule.subject, value: 0, quote: quote))
                // 未发生行政复议、行政诉讼 states both.
                if rule.subject == .reconsideration, String(sentence[after..<end]).contains("行政诉讼") {
                    result.append(StatedFigure(subject: .litigation, value: 0, quote: quote))
                }
            }
        }
        return result
    }

    private static func requiresWord(_ word: String, after start: Int, window: Int, in sentence: [Character]) -> Bool {
        let end = min(sentence.count, start + window)
        guard start < end else { return false }
        return String(sentence[start..<end]).contains(word)
    }

    /// The first number after `start` within `window` characters of the same clause, followed by a unit.
    private static func number(after start: Int, window: Int, requires: String?, in sentence: [Character])
        -> (value: Int, end: Int)?
    {
        var i = start
        var between = ""
        while i < sentence.count, i - start <= window {
            let c = sentence[i]
            if clauseBreaks.contains(c) { return nil }
            if c.isASCII && c.isNumber || "零一二两三四五六七八九十".contains(c) {
                var j = i
                while j < sentence.count, sentence[j].isASCII && sentence[j].isNumber { j += 1 }
                var value = j > i ? Int(String(sentence[i..<j])) : nil
                if j == i {
                    while j < sentence.count, j - i < 3, "零一二两三四五六七八九十".contains(sentence[j]) { j += 1 }
                    value = ChineseNumeral.value(of: String(sentence[i..<j]))
                }
                guard let value, j < sentence.count, units.contains(sentence[j]) else { return nil }
                if let requires, !between.contains(requires) { return nil }
                return (value, j + 1)
            }
            between.append(c)
            i += 1
        }
        return nil
    }
}
