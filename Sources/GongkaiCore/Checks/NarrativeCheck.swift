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
    //
    // The text is scanned as an array of Unicode scalars, with every keyword encoded once: comparing scalars is
    // plain integer comparison, where comparing `Character`s or searching substrings costs twenty times more.

    private typealias Scalars = [Unicode.Scalar]
    private typealias Slice = ArraySlice<Unicode.Scalar>

    private struct Rule {
        let subject: Subject
        let triggers: [Scalars]
        /// A word that must stand between the trigger and the number (e.g. 申请).
        let requires: Scalars?
        /// How many characters may stand between the trigger and the number.
        let window: Int
        /// Whether `未收到…` before the trigger states a zero.
        let negatable: Bool

        init(_ subject: Subject, _ triggers: [String], requires: String? = nil, window: Int, negatable: Bool = false) {
            self.subject = subject
            self.triggers = triggers.map { Array($0.unicodeScalars) }
            self.requires = requires.map { Array($0.unicodeScalars) }
            self.window = window
            self.negatable = negatable
        }
    }

    private static let rules: [Rule] = [
        Rule(.received, ["新收到", "收到", "新收", "受理", "接收", "接到"], requires: "申请", window: 24, negatable: true),
        Rule(.granted, ["予以公开", "同意公开"], window: 2),
        Rule(.partlyGranted, ["部分公开"], window: 2),
        Rule(.withheld, ["不予公开"], window: 2),
        Rule(.unavailable, ["无法提供"], window: 2),
        Rule(.notProcessed, ["不予处理"], window: 2),
        Rule(.carriedForward, ["结转下一年度", "结转下年度", "结转至下一年度", "结转至下年度", "结转到下一年度"], window: 6),
        Rule(.reconsideration, ["行政复议"], window: 4, negatable: true),
        Rule(.litigation, ["行政诉讼"], window: 4, negatable: true),
    ]

    private static func encode(_ words: [String]) -> [Scalars] { words.map { Array($0.unicodeScalars) } }

    private static let negations = encode(["未发生", "没有发生", "未出现", "没有出现", "未收到", "没有收到", "未接到", "没有接到",
                                           "未受理", "未涉及", "未有", "未接收", "均未"])
    private static let comparisons = encode(["同比", "较上年", "比上年", "去年", "上一年度", "较去年", "与上年", "以前年度", "往年"])
    private static let litigationWord = Array("行政诉讼".unicodeScalars)
    // Character classes as switches: hashing a scalar into a Set costs more than the whole comparison.
    private static func isUnit(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "件", "起", "宗", "个", "份", "条": true
        default: false
        }
    }

    private static func isClauseBreak(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "，", "：", "（", "）": true
        default: false
        }
    }

    private static func isSentenceBreak(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "。", "；", ";", "！", "？", "!", "?", "\n": true
        default: false
        }
    }

    private static func isChineseDigit(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "零", "一", "二", "两", "三", "四", "五", "六", "七", "八", "九", "十": true
        default: false
        }
    }
    private static let yearMark: Unicode.Scalar = "年"

    /// The figures stated in a text. Sentences about other years are skipped.
    public static func figures(in text: String, reportYear: Int?) -> [StatedFigure] {
        // Newlines end sentences, so they are kept through normalisation (in one pass over the bytes: splitting the
        // text into lines first cost a sixth of this check).
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(text.utf8.count / 2)
        TextNormalizer.appendComparableScalars(of: text, to: &scalars, keepingLines: true)
        let all = Scalars(scalars)
        var result: [StatedFigure] = []
        var start = 0
        for end in all.indices where isSentenceBreak(all[end]) || end == all.count - 1 {
            let stop = isSentenceBreak(all[end]) ? end : end + 1
            defer { start = end + 1 }
            guard start < stop else { continue }
            let sentence = all[start..<stop]
            // Which words can stand in the sentence at all, by their first characters (one pass instead of a search
            // for each of thirty words: the searches were most of reading a report's prose).
            let heads = headMask(sentence)
            guard heads != 0 else { continue }
            if isAboutAnotherYear(sentence, reportYear, heads: heads) { continue }
            for rule in rules {
                for trigger in rule.triggers where mayContain(trigger, heads) {
                    find(rule, trigger: trigger, in: sentence, into: &result)
                }
            }
        }
        // A figure found through a longer trigger (新收到) may be found again through a shorter one (收到).
        var seen = Set<[Int]>()
        return result.filter { seen.insert([Subject.allCases.firstIndex(of: $0.subject) ?? 0, $0.value]).inserted }
    }

    private static func isDigit(_ s: Unicode.Scalar) -> Bool { ("0"..."9").contains(s) }

    private static func contains(_ haystack: Slice, _ needle: Scalars) -> Bool {
        haystack.firstIndex(ofWord: needle) != nil
    }

    private static func firstIndex(of needle: Scalars, in haystack: Slice) -> Int? {
        haystack.firstIndex(ofWord: needle)
    }

    /// The first characters of the triggers and comparison words, in one list.
    private static let heads: [Unicode.Scalar] = {
        var result: [Unicode.Scalar] = []
        for word in rules.flatMap(\.triggers) + comparisons where !result.contains(word[0]) { result.append(word[0]) }
        precondition(result.count <= 64, "a head mask holds 64 first characters")
        return result
    }()

    /// The first block of Chinese characters (U+4E00–U+9FFF), where every head is: the heads' bits by character.
    private static let headBits: [UInt64] = {
        var bits = [UInt64](repeating: 0, count: 0xA000 - 0x4E00)
        for (k, head) in heads.enumerated() {
            precondition((0x4E00..<0xA000).contains(head.value), "a head is a character of the first block")
            bits[Int(head.value) - 0x4E00] |= 1 << UInt64(k)
        }
        return bits
    }()

    /// One bit per entry of `heads` that occurs in the sentence: a look-up per character (comparing each with every
    /// head was a fifth of this check).
    private static func headMask(_ sentence: Slice) -> UInt64 {
        var mask: UInt64 = 0
        Self.headBits.withUnsafeBufferPointer { bits in
            for s in sentence where s.value >= 0x4E00 && s.value < 0xA000 { mask |= bits[Int(s.value) - 0x4E00] }
        }
        return mask
    }

    /// Whether `word` can occur in a sentence of this mask (its first character does). Every word's first character
    /// is a head, whose bit is looked up in the table (not searched for among the heads: this is asked for each of
    /// thirty words in every sentence).
    private static func mayContain(_ word: Scalars, _ mask: UInt64) -> Bool {
        let value = word[0].value
        guard value >= 0x4E00, value < 0xA000 else { return true }
        return mask & headBits[Int(value) - 0x4E00] != 0
    }

    private static func isAboutAnotherYear(_ sentence: Slice, _ year: Int?, heads: UInt64) -> Bool {
        if comparisons.contains(where: { mayContain($0, heads) && contains(sentence, $0) }) { return true }
        guard let year else { return false }
        var i = sentence.startIndex
        while i + 4 < sentence.endIndex {
            if sentence[i + 4] == yearMark, (i..<i + 4).allSatisfy({ isDigit(sentence[$0]) }),
               i == sentence.startIndex || !isDigit(sentence[i - 1])
            {
                let y = (i..<i + 4).reduce(0) { $0 * 10 + Int(sentence[$1].value - 48) }
                if (1990...2100).contains(y), y != year { return true }
            }
            i += 1
        }
        return false
    }

    private static let notMark: Unicode.Scalar = "不"
    private static let noneMark: Unicode.Scalar = "无"
    private static let grantedTrigger = Array("予以公开".unicodeScalars)

    private static func find(_ rule: Rule, trigger: Scalars, in sentence: Slice, into result: inout [StatedFigure]) {
        var i = sentence.startIndex
        while let found = firstIndex(of: trigger, in: sentence[i...]) {
            i = found + 1
            if trigger == grantedTrigger, found > sentence.startIndex, sentence[found - 1] == notMark { continue }
            let after = found + trigger.count
            // The clause before the trigger, for negations.
            var clauseStart = found
            while clauseStart > sentence.startIndex, !isClauseBreak(sentence[clauseStart - 1]) { clauseStart -= 1 }
            let before = sentence[clauseStart..<found]
            if let number = number(after: after, window: rule.window, requires: rule.requires, in: sentence) {
                let quote = String(String.UnicodeScalarView(sentence[max(clauseStart, found - 12)..<number.end]))
                result.append(StatedFigure(subject: rule.subject, value: number.value, quote: quote))
                continue
            }
            guard rule.negatable else { continue }
            let lead = sentence[clauseStart..<after]
            let negated = negations.contains { contains(lead, $0) } || before.last == noneMark
            guard negated, !before.contains(where: isDigit) else { continue }
            if let requires = rule.requires, !contains(sentence[after..<min(sentence.endIndex, after + 16)], requires) {
                continue
            }
            var end = after
            while end < sentence.endIndex, !isClauseBreak(sentence[end]), end - after < 16 { end += 1 }
            let quote = String(String.UnicodeScalarView(sentence[clauseStart..<end]))
            result.append(StatedFigure(subject: rule.subject, value: 0, quote: quote))
            // 未发生行政复议、行政诉讼 states both.
            if rule.subject == .reconsideration, contains(sentence[after..<end], litigationWord) {
                result.append(StatedFigure(subject: .litigation, value: 0, quote: quote))
            }
        }
    }

    /// The first number after `start` within `window` characters of the same clause, followed by a unit.
    private static func number(after start: Int, window: Int, requires: Scalars?, in sentence: Slice)
        -> (value: Int, end: Int)?
    {
        var i = start
        while i < sentence.endIndex, i - start <= window {
            let c = sentence[i]
            if isClauseBreak(c) { return nil }
            if isDigit(c) || isChineseDigit(c) {
                var j = i
                var value: Int?
                if isDigit(c) {
                    var v = 0
                    while j < sentence.endIndex, isDigit(sentence[j]), v < 100_000_000 {
                        v = v * 10 + Int(sentence[j].value - 48)
                        j += 1
                    }
                    value = v
                } else {
                    while j < sentence.endIndex, j - i < 3, isChineseDigit(sentence[j]) { j += 1 }
                    value = ChineseNumeral.value(of: String(String.UnicodeScalarView(sentence[i..<j])))
                }
                guard let value, j < sentence.endIndex, isUnit(sentence[j]) else { return nil }
                if let requires, !contains(sentence[start..<i], requires) { return nil }
                return (value, j + 1)
            }
            i += 1
        }
        return nil
    }
}
