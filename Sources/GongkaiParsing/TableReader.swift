import Foundation
import GongkaiCore

/// Reads tables 二, 三 and 四 out of a document by their official labels (not by position), whatever the layout:
/// a cell per line, tab rows that lost cells, Markdown pipe rows, or cells glued together with no separator.
struct TableReader {
    let stream: ScalarStream
    let lines: [SourceLine]
    private(set) var findings: [Finding] = []
    /// Source lines that belong to a table, so that the prose of the sections leaves them out: as ranges, marked for
    /// every row read (a set of line numbers, inserted into for each row, was a fortieth of reading a report).
    private(set) var tableLines: [ClosedRange<Int>] = []
    /// Table 二's rows whose glued digits split more than one way: every split, for the report's prose to decide.
    private(set) var ambiguousTable2: [String: [[Decimal?]]] = [:]

    /// Lines that are rows of a real table grid.
    let gridLines: Set<Int>

    init(lines: [SourceLine]) {
        self.lines = lines
        self.stream = ScalarStream(lines)
        self.gridLines = Set(lines.lazy.filter(\.isGridRow).map(\.number))
    }

    // MARK: - Labels

    /// A label and the forms it is searched in (normalised; with and without its ordinal).
    struct Label {
        let forms: [[Unicode.Scalar]]
        /// Long beginnings of the label, for text where the label's end was wrapped onto another line (PDF).
        let prefixes: [[Unicode.Scalar]]

        init(_ label: String, extra: [String] = []) {
            var texts: [String] = []
            for text in [label] + extra {
                texts.append(text)
                // The label without its ordinal, but only when that is long enough to be unambiguous: `3.其他`
                // stripped is `其他`, which also stands in `（六）其他处理` and in the column headers (a PDF found this).
                let core = HeadingOrdinal.stripped(text)
                if core != text, core.count >= 4 { texts.append(core) }
                // `1.` is also written `1、`.
                if let dot = text.firstIndex(of: "."), text[..<dot].allSatisfy(\.isNumber) {
                    texts.append(text.replacingCharacters(in: dot...dot, with: "、"))
                }
            }
            forms = texts.map { TextNormalizer.comparableScalars($0) }.filter { !$0.isEmpty }
            // At least a quarter and 8 characters of the label, followed by the end of a cell (a label wrapped in a
            // narrow PDF column: `2.申请人逾期未按收` of 38, the rest broken up by the group label's pieces).
            let full = forms.first ?? []
            prefixes = full.count >= 10
                ? stride(from: full.count - 1, through: max(8, full.count / 4), by: -1).map { Array(full.prefix($0)) + [ScalarStream.cellBreak] }
                : []
        }
    }

    struct Match {
        let start: Int
        let end: Int
    }

    /// A label's search forms, built once for every label the reader knows (building them normalises text, which is
    /// too slow to repeat for every report).
    static func label(_ text: String, extra: [String] = []) -> Label {
        knownLabels[([text] + extra).joined(separator: "\u{1F}")] ?? Label(text, extra: extra)
    }

    private static let knownLabels: [String: Label] = {
        var labels: [String: Label] = [:]
        func add(_ text: String, _ extra: [String] = []) {
            labels[([text] + extra).joined(separator: "\u{1F}")] = Label(text, extra: extra)
        }
        for format in ReportFormat.allCases {
            let spec = format.spec
            for row in spec.table3Rows {
                add(row.label, row.aliases)
                if let group = row.group { add(group) }
                if let part = row.part { add(part) }
            }
            for block in spec.table2 {
                add(block.header)
                for field in block.fields { add(field.label) }
                for row in block.rows { add(row.label) }
            }
        }
        for text in ["（六）其他处理", "申请人无正当理由逾期不补正", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计",
                     "行政复议", "本年制发件数", "现行有效件数", "本年新制作数量", "上一年项目数量", "信息内容"] { add(text) }
        add("未经复议直接起诉", ["行政诉讼·未经复议直接起诉"])
        add("复议后起诉", ["行政诉讼·复议后起诉"])
        return labels
    }()


    /// Every label's search forms as text, and the tables' header words: cells that are a repeated label.
    static let labelTexts: Set<String> = {
        var texts = Set(knownLabels.values.flatMap { $0.forms.map { String(String.UnicodeScalarView($0)) } })
        for word in [Table3Column.balanceNote, Table3Column.spanningHeader, Table3Column.organisationHeader, "行政诉讼"]
            + Table3Column.all.map(\.label) + Table4BlockSpec.columns
        {
            texts.insert(TextNormalizer.comparable(word))
        }
        return texts
    }()

    /// Every label's search forms and the header words in one text, one to a line: to tell a piece of a label that
    /// wrapped into the value cells (`理` of `不予处` / `理`, `或重新出具已获取信`, as PDFs of narrow columns print them).
    static let labelLines: [Unicode.Scalar] = Array(labelTexts.sorted().joined(separator: "\n").unicodeScalars)

    /// Whether a cell's text is a piece of one of the tables' labels (compared in the labels' comparable form), or two
    /// pieces run together (`本` of the one-character-a-line `三、本年度办理结果` before `只计这一情形…`).
    static func isLabelPiece(_ text: String) -> Bool {
        let scalars = TextNormalizer.comparableScalars(text)
        func isPiece(_ part: ArraySlice<Unicode.Scalar>) -> Bool {
            !part.isEmpty && !part.contains("\n") && labelLines.firstIndex(ofWord: part) != nil
        }
        if isPiece(scalars[...]) { return true }
        return (1..<max(1, scalars.count)).contains { isPiece(scalars[..<$0]) && isPiece(scalars[$0...]) }
    }

    /// Table 三's labels of a format, aligned with its rows: the row's own label, and its group and part labels.
    struct Table3Labels {
        let rows: [Label]
        let groups: [Label?]
        let parts: [Label?]
    }

    static func table3Labels(_ format: ReportFormat) -> Table3Labels { format == .y2019 ? table3Labels2019 : table3Labels2021 }
    private static let table3Labels2019 = makeTable3Labels(.y2019)
    private static let table3Labels2021 = makeTable3Labels(.y2021)
    private static func makeTable3Labels(_ format: ReportFormat) -> Table3Labels {
        let rows = format.spec.table3Rows
        return Table3Labels(
            rows: rows.map { label($0.label, extra: $0.aliases) },
            groups: rows.map { $0.group.map { Label($0) } },
            parts: rows.map { $0.part.map { Label($0) } })
    }

    /// The earliest occurrence of a label in `from..<to` (the longest form when two start together).
    func find(_ label: Label, from: Int, to: Int) -> Match? {
        var best: Match?
        for form in label.forms {
            // Once a form is found, another can only win by starting no later: search no further than that.
            let limit = best.map { min(to, $0.start + form.count) } ?? to
            guard let start = stream.find(form, from: from, to: limit) else { continue }
            let match = Match(start: start, end: start + form.count)
            if let b = best, start > b.start || (start == b.start && match.end <= b.end) { continue }
            best = match
        }
        if best != nil { return best }
        for prefix in label.prefixes {
            if let start = stream.find(prefix, from: from, to: to) { return Match(start: start, end: start + prefix.count - 1) }
        }
        return nil
    }

    // MARK: - Value tokens

    /// What follows a label: the value cells, and how they are laid out.
    struct Values {
        var tokens: [CellReadings.Token]
        var layout: CellReadings.Layout
        /// The first source line the values were read from.
        var line: Int?
        /// Text found among the values that is not a number (spam, notes): reported, never read as a number.
        var strayText: [String]
        /// The row's readings when some of its numbers stand on the line before its label's (a PDF's centred cells
        /// wrapped around the row: every place they can go); nil when the tokens say it all.
        var readings: [[Int?]]? = nil
    }

    /// A cell of the stream: its scalars, and whether it is a number (its canonical text) or blank.
    struct StreamCell {
        let scalars: ArraySlice<Unicode.Scalar>
        /// The canonical number, parsed once when the cell is cut (it is asked for several times).
        let number: String?
        init(scalars: ArraySlice<Unicode.Scalar>) {
            self.scalars = scalars
            self.number = scalars.isEmpty ? nil : NumberText.parse(scalars)
        }
        var isEmpty: Bool { scalars.isEmpty }
        var text: String { String(String.UnicodeScalarView(scalars)) }
    }

    /// The cells of the stream in `from..<to` with their source lines, in order (one flat array: this runs for every
    /// row of every table).
    private func cells(from: Int, to: Int) -> [(line: Int, cell: StreamCell)] {
        var result: [(line: Int, cell: StreamCell)] = []
        let end = min(to, stream.count)
        result.reserveCapacity(max(0, min(end - from, 64)))
        var i = valuesStart(afterLabel: from, limit: end)
        var cellStart = i
        while i < end {
            let s = stream.scalars[i]
            if s == ScalarStream.cellBreak || (s == ScalarStream.lineBreak && cellStart < i) {
                result.append((stream.lineOf[i], StreamCell(scalars: stream.scalars[cellStart..<i])))
            }
            if s == ScalarStream.cellBreak || s == ScalarStream.lineBreak { cellStart = i + 1 }
            i += 1
        }
        if cellStart < end { result.append((stream.lineOf[end - 1], StreamCell(scalars: stream.scalars[cellStart..<end]))) }
        return result
    }

    /// Reads the values in `from..<to` for a row of `width` cells. `rightAligned`: in a table grid, the values are
    /// the last `width` cells of the row (tables 三 and 四, whose label columns come first).
    func values(from: Int, to: Int, width: Int, rightAligned: Bool = false) -> Values {
        let all = cells(from: from, to: to)
        let labelLine = from < stream.count ? stream.lineOf[from] : -1
        var stray: [String] = []
        func token(_ cell: StreamCell) -> CellReadings.Token? {
            if cell.isEmpty { return .empty }
            if let number = cell.number { return .number(number) }
            if NumberText.isBlankMark(cell.scalars) { return .empty }
            // The mark of a PDF line of wrapped numbers (they are read with the row below).
            if cell.scalars.count == 1, cell.scalars.first == PDFText.wrapMark || cell.scalars.first == PDFText.prefixMark { return nil }
            // A label of the table repeated across the columns it spans (converters that copy a merged cell into
            // every column it covers) is no stray text.
            if Self.labelTexts.contains(cell.text) { return nil }
            // Nor is a piece of a label wrapped into the value cells: not a number, and not spam.
            if Self.isLabelPiece(cell.text) { return nil }
            stray.append(cell.text)
            return nil
        }

        // Row layout: the values stand on one line (the label's own, or the first line with two numbers or more).
        if let firstNumber = all.firstIndex(where: { $0.cell.number != nil }) {
            let line = all[firstNumber].line
            var start = firstNumber
            while start > 0, all[start - 1].line == line { start -= 1 }
            var end = firstNumber
            while end < all.count, all[end].line == line { end += 1 }
            let onLine = all[start..<end]
            if line == labelLine || onLine.reduce(0, { $0 + ($1.cell.number != nil ? 1 : 0) }) >= 2 {
                var tokens = onLine.compactMap { token($0.cell) }
                // A grid row: every cell is in its column, so the positions are certain.
                if gridLines.contains(line) {
                    if rightAligned, tokens.count >= width {
                        return Values(tokens: Array(tokens.suffix(width)), layout: .positional, line: line, strayText: stray)
                    }
                    while tokens.count > width, tokens.last == .empty { tokens.removeLast() }
                    while tokens.count > width, tokens.first == .empty { tokens.removeFirst() }
                    if tokens.count == width {
                        return Values(tokens: tokens, layout: .positional, line: line, strayText: stray)
                    }
                }
                while tokens.last == .empty { tokens.removeLast() }
                while tokens.count > width, tokens.first == .empty { tokens.removeFirst() }
                let (laidOut, layout) = Self.layout(tokens, width: width)
                var values = Values(tokens: laidOut, layout: layout, line: line, strayText: stray)
                if line == labelLine { values.readings = wrappedAround(numbers: tokens, width: width, labelEnd: from) }
                return values
            }
        }
        // A cell per line: every number in order, blank cells carry no position.
        var tokens: [CellReadings.Token] = []
        var firstLine: Int?
        for (line, cell) in all {
            if let t = token(cell), t != .empty {
                tokens.append(t)
                if firstLine == nil { firstLine = line }
            }
        }
        let (laidOut, layout) = Self.layout(tokens, width: width)
        return Values(tokens: laidOut, layout: layout, line: firstLine, strayText: stray)
    }

    /// Where the run of value cells after `from` ends: at the first cell holding text that is not a number.
    /// Where a row's values begin after its label ends at `labelEnd`. What is left of the label's own cell is a value
    /// only when it holds something (digits glued to the label); a few characters without a digit there end the
    /// label's wording (`2.重复申请的`, `四、结转下年度继续办理的`) and are no value.
    func valuesStart(afterLabel labelEnd: Int, limit: Int) -> Int {
        let end = min(limit, stream.count)
        guard labelEnd < end else { return labelEnd }
        if stream.scalars[labelEnd] == ScalarStream.cellBreak { return labelEnd + 1 }
        var k = labelEnd
        while k < end, k - labelEnd <= 6, stream.scalars[k] != ScalarStream.cellBreak, stream.scalars[k] != ScalarStream.lineBreak,
              !("0"..."9").contains(stream.scalars[k]) { k += 1 }
        guard k < end, k - labelEnd <= 6 else { return labelEnd }
        switch stream.scalars[k] {
        case ScalarStream.cellBreak: return k + 1
        case ScalarStream.lineBreak: return k
        default: return labelEnd
        }
    }

    /// Where the values after a label end: at the first cell that is neither a number nor blank. When that is the
    /// first cell and it starts with a number glued to the text after it (`000规范性文件222…`, crawled pages that lost
    /// every cell boundary), the values are that number (`000`), to be split by the row's width.
    func endOfValues(after labelEnd: Int, limit: Int) -> Int {
        let from = valuesStart(afterLabel: labelEnd, limit: limit)
        var i = from
        var cellStart = from
        let end = min(limit, stream.count)
        // The first cell that is not a number may still start with one: the row's last value glued to the next
        // label (`0第二十条…`), or all of it (`000规范性文件…`).
        func stop(_ cellStart: Int, _ cellEnd: Int) -> Int {
            let run = Self.leadingNumber(stream.scalars[cellStart..<cellEnd])
            return run > 0 ? cellStart + run : cellStart
        }
        while i < end {
            let s = stream.scalars[i]
            if s == ScalarStream.cellBreak || s == ScalarStream.lineBreak {
                let cell = stream.scalars[cellStart..<i]
                if !cell.isEmpty, NumberText.parse(cell) == nil, !NumberText.isBlankMark(cell) { return stop(cellStart, i) }
                cellStart = i + 1
            }
            i += 1
        }
        if cellStart < end {
            let cell = stream.scalars[cellStart..<end]
            if NumberText.parse(cell) == nil, !NumberText.isBlankMark(cell) { return stop(cellStart, end) }
        }
        return end
    }

    /// The length of the number a cell starts with when text follows it with no separator (`156805947.43元三、…` → 12):
    /// ASCII digits, with `.` or `,` only between digits. 0 when the cell does not start with a digit or is all number.
    static func leadingNumber(_ cell: ArraySlice<Unicode.Scalar>) -> Int {
        var k = cell.startIndex
        let digits: ClosedRange<Unicode.Scalar> = "0"..."9"
        while k < cell.endIndex {
            let s = cell[k]
            if digits.contains(s) { k += 1; continue }
            if s == "." || s == ",", k > cell.startIndex, k + 1 < cell.endIndex, digits.contains(cell[k + 1]) { k += 1; continue }
            break
        }
        guard k > cell.startIndex, k < cell.endIndex else { return 0 }
        // A sign or separator after the digits (`14-5…`: a negative number glued on) leaves the split unknown.
        guard !"-－+.,，%".unicodeScalars.contains(cell[k]) else { return 0 }
        return k - cell.startIndex
    }

    /// How a row's tokens fill `width` cells: in their places when there are exactly `width` of them (blanks
    /// included), glued when a single run of digits is long enough to hold them all, otherwise unplaced — the numbers
    /// keep their order but not their columns (blanks then carry no position and are dropped).
    static func layout(_ tokens: [CellReadings.Token], width: Int) -> ([CellReadings.Token], CellReadings.Layout) {
        if tokens.count == width { return (tokens, .positional) }
        // No number is written with a leading zero: `00` is two cells of 0 and `01` is 0 and 1 (converters that kept
        // some spaces between cells and lost others: `00 0 0 01 0 0 0 1 0 0 0 00`). When that makes the row's width
        // exactly, the cells are in their places.
        if tokens.count < width {
            var expanded: [CellReadings.Token] = []
            for token in tokens {
                guard case var .number(digits) = token, digits.count > 1, digits.allSatisfy(\.isNumber) else {
                    expanded.append(token)
                    continue
                }
                while digits.count > 1, digits.first == "0" {
                    expanded.append(.number("0"))
                    digits.removeFirst()
                }
                expanded.append(.number(digits))
            }
            if expanded.count == width, expanded.count != tokens.count { return (expanded, .positional) }
        }
        let numbers = tokens.filter { $0 != .empty }
        if numbers.count == 1, width > 1, case let .number(digits)? = numbers.first, digits.count >= width {
            return (tokens, .glued)
        }
        return (numbers, .unplaced)
    }


    /// Marks the source lines of the stream range `from..<to` as belonging to a table.
    private mutating func markTableLines(from: Int, to: Int) {
        let end = min(to, stream.count)
        guard from < end else { return }
        tableLines.append(stream.lineOf[from]...stream.lineOf[end - 1])
    }

    // MARK: - Table 三

    /// Reads table 三; returns the table and the format its shape shows.
    mutating func readTable3(preferred: ReportFormat?) -> (table: Table3, format: ReportFormat, start: Int, end: Int)? {
        // The rows 一 and （七） are worded alike in both formats: the 2021 labels (with their aliases) find them.
        let labels2021 = Self.table3Labels(.y2021)
        let rows2021 = ReportFormat.y2021.spec.table3Rows
        guard let anchor = find(labels2021.rows[0], from: 0, to: stream.count) else { return nil }
        let start = anchor.start
        // The shape tells the format: 2021 splits （六）其他处理 into three rows.
        let format: ReportFormat
        let otherHandling = Self.label("（六）其他处理")
        let totalLabel = labels2021.rows[rows2021.firstIndex { $0.row == .total } ?? 0]
        if let six = find(otherHandling, from: start, to: stream.count) {
            let seven = find(totalLabel, from: six.end, to: stream.count)?.start ?? min(stream.count, six.end + 400)
            let subRow = Self.label("申请人无正当理由逾期不补正")
            format = find(subRow, from: six.end, to: seven) != nil ? .y2021 : .y2019
        } else {
            format = preferred ?? .y2021
        }
        let spec = format.spec

        // Match the labels in official order: group labels delimit the values of the row before them.
        var matches: [(row: Table3Row?, match: Match)] = []
        var position = start
        let labels = Self.table3Labels(format)
        for (r, rowLayout) in spec.table3Layout.enumerated() {
            // A merged part or group label stands once, on the first row it covers.
            if case .starts? = rowLayout.part, let label = labels.parts[r] {
                if let m = find(label, from: position, to: min(stream.count, position + 3000)) {
                    matches.append((nil, m))
                    position = m.end
                }
            }
            if case .starts? = rowLayout.group, let label = labels.groups[r] {
                if let m = find(label, from: position, to: min(stream.count, position + 3000)) {
                    matches.append((nil, m))
                    position = m.end
                }
            }
            if let m = find(labels.rows[r], from: position, to: min(stream.count, position + 3000)) {
                matches.append((rowLayout.spec.row, m))
                position = m.end
            }
        }
        guard matches.contains(where: { $0.row != nil }) else { return nil }
        // A row whose label is not found, with a row after it that is: its label may be damaged in the source. It is
        // looked for only in the gap between what was found before it and the next row found.
        let rowKeys = spec.table3RowKeys
        let found = Set(matches.compactMap(\.row))
        var damaged: [Table3Row] = []
        for (r, row) in rowKeys.enumerated() where !found.contains(row) {
            guard let next = matches.firstIndex(where: { $0.row.map { rowKeys.firstIndex(of: $0)! > r } ?? false }) else { continue }
            let gapStart = next > 0 ? matches[next - 1].match.end : start
            if let m = damagedLabel(labels.rows[r], from: gapStart, to: matches[next].match.start) {
                matches.insert((row, m), at: next)
                damaged.append(row)
            }
        }

        // Values of each row, and their readings.
        var rows: [Table3Row: Values] = [:]
        var end = position
        for (i, entry) in matches.enumerated() {
            guard let row = entry.row else { continue }
            let to = i + 1 < matches.count ? matches[i + 1].match.start
                : endOfValues(after: entry.match.end, limit: min(stream.count, entry.match.end + 2000))
            rows[row] = values(from: entry.match.end, to: to, width: Table3.columnCount, rightAligned: true)
            end = max(end, to)
        }
        // The header (corner note, 申请人情况, column labels) stands just before the first row.
        var headerStart = start
        for word in ["勾稽关系", "申请人情况", "自然人"] {
            if let at = stream.find(Array(word.unicodeScalars), from: max(0, start - 1500), to: start) {
                headerStart = min(headerStart, at)
            }
        }
        markTableLines(from: headerStart, to: min(end, stream.count))

        var candidates: [[[Int?]]] = rowKeys.map { row in
            guard let v = rows[row] else { return [[Int?](repeating: nil, count: 7)] }
            let options = v.readings ?? CellReadings.candidates(v.tokens, width: 7, layout: v.layout)
            return options.isEmpty ? [[Int?](repeating: nil, count: 7)] : options
        }
        let initial = candidates
        var solver = CellSolver(candidates: candidates, constraints: Self.table3Constraints(spec))
        solver.solve()
        candidates = solver.candidates

        var table = Table3(format: format)
        for (r, row) in rowKeys.enumerated() {
            var cells: [Int?] = []
            var inferred: [Int] = []
            for c in 0..<7 {
                let value = solver.known(r, c)
                cells.append(value)
                let wasRead = initial[r].count == 1 && initial[r][0][c] != nil
                if value != nil, !wasRead { inferred.append(c) }
            }
            table[row] = cells
            let line = rows[row]?.line
            if !inferred.isEmpty, let rowSpec = spec.table3Row(row) {
                let names = inferred.map { Table3Column.all[$0].shortName }.joined(separator: "、")
                let why = rows[row] == nil ? "原文缺少这一行" : (rows[row]?.layout == .glued ? "原文数字粘连" : "原文缺少单元格")
                findings.append(Finding(
                    code: .cellInferred, severity: .info,
                    message: "表三「\(rowSpec.shortName)」行的\(names)由勾稽关系推算得出（\(why)）",
                    location: Location(table: .table3, row: row.key, column: inferred.count == 1 ? .index(inferred[0]) : nil,
                                       line: line)))
            }
            if let stray = rows[row]?.strayText, !stray.isEmpty, let rowSpec = spec.table3Row(row) {
                findings.append(Finding(
                    code: .unreadableText, severity: .warning,
                    message: "表三「\(rowSpec.shortName)」行中有无法识别为数字的内容：\(stray.prefix(3).joined(separator: "、"))",
                    location: Location(table: .table3, row: row.key, line: line)))
            }
        }
        for row in damaged {
            guard let entry = matches.first(where: { $0.row == row }), let rowSpec = spec.table3Row(row) else { continue }
            let printed = String(String.UnicodeScalarView(stream.scalars[entry.match.start..<entry.match.end]
                .filter { $0 != ScalarStream.cellBreak && $0 != ScalarStream.lineBreak }))
            findings.append(Finding(
                code: .damagedLabel, severity: .warning,
                message: "表三「\(rowSpec.shortName)」行的名称在原文中残缺或有误（“\(printed)”），按其在表中的位置和余下的文字认定",
                location: Location(table: .table3, row: row.key, line: rows[row]?.line)))
        }
        return (table, format, start, end)
    }

    /// The readings of a row whose long numbers a PDF wrapped in their narrow cells, from the line before its label's:
    /// after `PDFText.wrapMark`, the numbers it is short of (centred cells, joined around the row): every way to put
    /// them among the row's, in order, when the counts make the row whole; after `PDFText.prefixMark`, first digits
    /// (numbers at their cells' foot): the row as printed, and every way for them to begin its numbers, in order. The
    /// row's totals choose among them. Nil for any other line before the label's.
    func wrappedAround(numbers tokens: [CellReadings.Token], width: Int, labelEnd: Int) -> [[Int?]]? {
        let own = tokens.compactMap(CellReadings.value)
        guard own.count == tokens.filter({ $0 != .empty }).count, own.count <= width, labelEnd < stream.count else { return nil }
        let s = stream.scalars
        // The start of the label's line, then the line before it.
        var lineStart = labelEnd
        while lineStart > 0, s[lineStart - 1] != ScalarStream.lineBreak { lineStart -= 1 }
        guard lineStart > 0 else { return nil }
        var start = lineStart - 1
        while start > 0, s[start - 1] != ScalarStream.lineBreak { start -= 1 }
        // Only a line the PDF reader marked so (its first cell the mark alone; told before anything is cut).
        let mark = s[start]
        guard mark == PDFText.wrapMark || mark == PDFText.prefixMark, start + 1 < lineStart - 1,
              s[start + 1] == ScalarStream.cellBreak else { return nil }
        var extra: [Int] = []
        for cell in s[(start + 2)..<(lineStart - 1)].split(separator: ScalarStream.cellBreak) {
            let c = StreamCell(scalars: cell)
            if let number = c.number {
                guard let v = Int(number) else { return nil }
                extra.append(v)
            } else if !c.isEmpty, !NumberText.isBlankMark(c.scalars), !Self.isLabelPiece(c.text) {
                return nil
            }
        }
        guard !extra.isEmpty else { return nil }
        if mark == PDFText.prefixMark {
            // The row as printed, and each way for these digits to begin some of its numbers, in order.
            guard own.count == width, extra.count < width else { return nil }
            var readings: [[Int?]] = [own]
            func begin(_ from: Int, _ j: Int, _ current: [Int?]) {
                if j == extra.count { readings.append(current); return }
                guard from < width else { return }
                for p in from..<width {
                    var next = current
                    next[p] = Int(String(extra[j]) + String(own[p]))
                    begin(p + 1, j + 1, next)
                }
            }
            begin(0, 0, own)
            return readings
        }
        guard own.count + extra.count == width else { return nil }
        var readings: [[Int?]] = []
        func place(_ i: Int, _ j: Int, _ current: [Int?]) {
            if current.count == width { readings.append(current); return }
            if i < own.count { place(i + 1, j, current + [own[i]]) }
            if j < extra.count { place(i, j + 1, current + [extra[j]]) }
        }
        place(0, 0, [])
        return readings
    }

    /// The label of a row in `from..<to` when its text is damaged in the source (`2.其他法律行政止公开`: a character
    /// lost, one changed): the text before the gap's first number keeps the label's ordinal and three quarters of its
    /// characters in order, and is not much longer. Returns where the text starts and where the numbers start.
    func damagedLabel(_ label: Label, from: Int, to: Int) -> Match? {
        guard let form = label.forms.first, form.count >= 6, from < to, to <= stream.count else { return nil }
        let s = stream.scalars
        func isBreak(_ c: Unicode.Scalar) -> Bool { c == ScalarStream.cellBreak || c == ScalarStream.lineBreak }
        func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }
        let ordinal = Array(form.prefix { isDigit($0) })
        // The text may start at any cell of the gap (the row before's numbers come first), or, in a row glued to the
        // one before it (`…00000002.其他法律…`), where the label's ordinal and its mark stand.
        func startsHere(_ p: Int) -> Bool {
            guard !isBreak(s[p]) else { return false }
            if p == from || isBreak(s[p - 1]) { return true }
            guard !ordinal.isEmpty, p + ordinal.count < to, s[p..<(p + ordinal.count)].elementsEqual(ordinal) else { return false }
            let mark = s[p + ordinal.count]
            return mark == "." || mark == "、"
        }
        for cell in from..<to where startsHere(cell) {
            // The numbers start with the first run of digits after the text that fills the rest of its cell (a
            // glued row: `…公开000000`).
            var valuesAt: Int?
            var j = cell + 1
            while j < to, valuesAt == nil {
                if isDigit(s[j]), !isDigit(s[j - 1]) {
                    var k = j
                    while k < to, isDigit(s[k]) || s[k] == "." { k += 1 }
                    if k == to || isBreak(s[k]) { valuesAt = j }
                }
                j += 1
            }
            guard let valuesAt else { return nil }
            let text = s[cell..<valuesAt].filter { !isBreak($0) }
            guard text.count >= form.count / 2, text.count <= form.count + 3 else { continue }
            // The ordinal (`2.`) must be the label's own.
            if !ordinal.isEmpty {
                guard text.starts(with: ordinal), text.count > ordinal.count, !isDigit(text[ordinal.count]) else { continue }
            }
            // Characters in order (longest common subsequence).
            var previous = [Int](repeating: 0, count: form.count + 1)
            for c in text {
                var current = [Int](repeating: 0, count: form.count + 1)
                for (i, f) in form.enumerated() { current[i + 1] = c == f ? previous[i] + 1 : max(previous[i + 1], current[i]) }
                previous = current
            }
            if previous[form.count] * 4 >= form.count * 3 { return Match(start: cell, end: valuesAt) }
        }
        return nil
    }

    static func table3Constraints(_ spec: FormatSpec) -> [CellSolver.Constraint] {
        let keys = spec.table3RowKeys
        func index(_ row: Table3Row) -> Int { keys.firstIndex(of: row) ?? 0 }
        var constraints: [CellSolver.Constraint] = []
        for r in keys.indices {
            constraints.append((0..<6).map { CellSolver.Term(row: r, column: $0, coefficient: 1) }
                + [CellSolver.Term(row: r, column: 6, coefficient: -1)])
        }
        let outcomes = spec.table3Rows.filter { $0.role == .outcome }.map { index($0.row) }
        for c in 0..<7 {
            constraints.append(outcomes.map { CellSolver.Term(row: $0, column: c, coefficient: 1) }
                + [CellSolver.Term(row: index(.total), column: c, coefficient: -1)])
            constraints.append([
                CellSolver.Term(row: index(.received), column: c, coefficient: 1),
                CellSolver.Term(row: index(.carriedOver), column: c, coefficient: 1),
                CellSolver.Term(row: index(.total), column: c, coefficient: -1),
                CellSolver.Term(row: index(.carriedForward), column: c, coefficient: -1),
            ])
        }
        return constraints
    }

    // MARK: - Table 四

    mutating func readTable4(from start: Int) -> Table4? {
        let headers = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"].map { Self.label($0) }
        guard let first = find(headers[0], from: start, to: stream.count) else { return readTable4WithoutHeaders(from: start) }
        func noDigits(_ from: Int, _ to: Int) -> Bool { stream[from..<to].allSatisfy { !("0"..."9").contains($0) } }
        /// The column headers from `first` on: the last one found and how many.
        func headerRun(from first: Match) -> (last: Match, count: Int) {
            var position = first.end
            var last = first
            var count = 1
            for k in 1..<15 {
                guard let m = find(headers[k % 5], from: position, to: min(stream.count, position + 400)) else { break }
                // A header after numbers belongs to something else.
                if !noDigits(position, m.start) { break }
                last = m
                position = m.end
                count += 1
            }
            return (last, count)
        }
        var (lastHeader, headersFound) = headerRun(from: first)
        // The header printed again before the numbers (a page break under it, the table's header rows repeated on
        // the next page): the numbers follow the last copy.
        while headersFound == 15, let again = find(headers[0], from: lastHeader.end, to: min(stream.count, lastHeader.end + 400)),
              noDigits(lastHeader.end, again.start)
        {
            let run = headerRun(from: again)
            guard run.count == 15 else { break }
            (lastHeader, headersFound) = run
        }
        // The table starts at a cell that is just 行政复议 (not at the section heading, which also says 行政复议).
        var headerStart = first.start
        var search = start
        let word = Array("行政复议".unicodeScalars)
        while let at = stream.find(word, from: search, to: first.start) {
            let before = at == 0 ? ScalarStream.lineBreak : stream.scalars[at - 1]
            let after = at + word.count < stream.count ? stream.scalars[at + word.count] : ScalarStream.lineBreak
            if before == ScalarStream.cellBreak || before == ScalarStream.lineBreak,
               after == ScalarStream.cellBreak || after == ScalarStream.lineBreak
            {
                headerStart = at
                break
            }
            search = at + 1
        }
        if headersFound < 15, let table = readTable4ByBlock(after: lastHeader.end, headerStart: headerStart) {
            return table
        }
        let to = endOfValues(after: lastHeader.end, limit: min(stream.count, lastHeader.end + 2000))
        let v = values(from: lastHeader.end, to: to, width: 15, rightAligned: true)
        markTableLines(from: headerStart, to: min(to, stream.count))

        var options = CellReadings.candidates(v.tokens, width: 15, layout: v.layout)
        if options.isEmpty { options = [[Int?](repeating: nil, count: 15)] }
        let constraints: [CellSolver.Constraint] = (0..<3).map { b in
            (0..<4).map { CellSolver.Term(row: 0, column: b * 5 + $0, coefficient: 1) }
                + [CellSolver.Term(row: 0, column: b * 5 + 4, coefficient: -1)]
        }
        var solver = CellSolver(candidates: [options], constraints: constraints)
        solver.solve()
        var table = Table4()
        for block in Table4Block.allCases {
            let b = block.rawValue
            let cells = (0..<5).map { solver.known(0, b * 5 + $0) }
            table[block] = cells
            let inferred = (0..<5).filter { cells[$0] != nil && !(options.count == 1 && options[0][b * 5 + $0] != nil) }
            if !inferred.isEmpty {
                let names = inferred.map { Table4BlockSpec.columns[$0] }.joined(separator: "、")
                findings.append(Finding(
                    code: .cellInferred, severity: .info,
                    message: "表四「\(Table4BlockSpec.spec(block).shortName)」的\(names)由合计关系推算得出",
                    location: Location(table: .table4, row: block.key, line: v.line)))
            }
        }
        return table
    }

    /// Table 四 whose column headers could not be read (a PDF that wrapped them one character per line): the first
    /// line after the 行政复议 cell that holds fifteen cells, all numbers or blank.
    private mutating func readTable4WithoutHeaders(from start: Int) -> Table4? {
        let word = Array("行政复议".unicodeScalars)
        var search = start
        var anchor: Int?
        while let at = stream.find(word, from: search) {
            let before = at == 0 ? ScalarStream.lineBreak : stream.scalars[at - 1]
            let after = at + word.count < stream.count ? stream.scalars[at + word.count] : ScalarStream.lineBreak
            if (before == ScalarStream.cellBreak || before == ScalarStream.lineBreak)
                && (after == ScalarStream.cellBreak || after == ScalarStream.lineBreak) { anchor = at; break }
            search = at + 1
        }
        guard let anchor, let anchorLine = Optional(stream.lineOf[anchor]) else { return nil }
        for line in lines where line.number > anchorLine && line.number <= anchorLine + 20 {
            let cells = line.cells.flatMap(ScalarStream.splitNumbers).map { TextNormalizer.comparable($0) }
            let filled = cells.filter { !$0.isEmpty }
            guard filled.count == 15, filled.allSatisfy({ NumberText.parse($0) != nil }) else { continue }
            var table = Table4()
            let values = filled.map { NumberText.parse($0).flatMap { Int($0) } }
            for block in Table4Block.allCases { table[block] = Array(values[(block.rawValue * 5)..<(block.rawValue * 5 + 5)]) }
            tableLines.append(anchorLine...line.number)
            return table
        }
        return nil
    }

    /// Table 四 laid out one block per row (`行政复议 | 0 | 1 | …`), as Markdown and some portals print it.
    private mutating func readTable4ByBlock(after start: Int, headerStart: Int) -> Table4? {
        let labels = [Self.label("行政复议"), Self.label("未经复议直接起诉", extra: ["行政诉讼·未经复议直接起诉"]),
                      Self.label("复议后起诉", extra: ["行政诉讼·复议后起诉"])]
        var table = Table4()
        var position = start
        var end = start
        for (block, label) in zip(Table4Block.allCases, labels) {
            guard let m = find(label, from: position, to: min(stream.count, position + 600)) else { return nil }
            let to = endOfValues(after: m.end, limit: min(stream.count, m.end + 400))
            let v = values(from: m.end, to: to, width: 5, rightAligned: true)
            if v.tokens.allSatisfy({ $0 == .empty }), v.strayText.isEmpty {
                // A block left blank: five nulls.
                table[block] = [Int?](repeating: nil, count: 5)
                position = to
                end = to
                continue
            }
            guard v.layout == .positional else { return nil }
            var solver = CellSolver(candidates: [CellReadings.candidates(v.tokens, width: 5, layout: .positional)],
                                    constraints: [(0..<4).map { CellSolver.Term(row: 0, column: $0, coefficient: 1) }
                                        + [CellSolver.Term(row: 0, column: 4, coefficient: -1)]])
            solver.solve()
            table[block] = (0..<5).map { solver.known(0, $0) }
            position = to
            end = to
        }
        markTableLines(from: headerStart, to: min(end, stream.count))
        return table
    }

    // MARK: - Table 二

    mutating func readTable2(before limit: Int, preferred: ReportFormat?) -> (table: Table2, format: ReportFormat)? {
        // The shape tells the format: the column headers differ.
        let format: ReportFormat
        if find(Self.label("本年制发件数"), from: 0, to: limit) != nil || find(Self.label("现行有效件数"), from: 0, to: limit) != nil {
            format = .y2021
        } else if find(Self.label("本年新制作数量"), from: 0, to: limit) != nil || find(Self.label("上一年项目数量"), from: 0, to: limit) != nil {
            format = .y2019
        } else {
            format = preferred ?? .y2021
        }
        let spec = format.spec
        guard let anchor = find(Self.label(spec.table2[0].header), from: 0, to: limit)
            ?? find(Self.label("信息内容"), from: 0, to: limit) else { return nil }

        // Every label of the table, to know where a row's values end.
        var delimiters: [Label] = [Self.label("信息内容")]
        for block in spec.table2 {
            delimiters.append(Self.label(block.header))
            delimiters += block.fields.map { Self.label($0.label) }
        }
        var table = Table2(format: format)
        var position = anchor.start
        var found = false
        var end = anchor.end
        for row in spec.table2Rows {
            let label = Self.label(row.label)
            // Some 2021-format tables label the document row 规范性文件, as the 2019 format did.
            let short = format == .y2021 && row.key == "normativeDocuments" ? Self.label("规范性文件") : nil
            guard let m = find(label, from: position, to: min(limit, position + 2000))
                ?? short.flatMap({ find($0, from: position, to: min(limit, position + 2000)) }) else { continue }
            // 规范性文件 is also the tail of 行政规范性文件: a 2019 label must not match inside the longer one.
            found = true
            var next = endOfValues(after: m.end, limit: min(limit, m.end + 600))
            for d in delimiters {
                if let dm = find(d, from: m.end, to: next) { next = min(next, dm.start) }
            }
            var v = values(from: m.end, to: next, width: row.fields.count)
            // Values repeated across the columns they span (1 field over 3 columns, or 1 + 2): one each.
            if let block = spec.table2.first(where: { $0.rows.contains { $0.key == row.key } }),
               v.tokens.count == block.valueSpans.reduce(0, +), v.tokens.count != row.fields.count
            {
                var collapsed: [CellReadings.Token] = []
                var k = 0
                var repeated = true
                for span in block.valueSpans {
                    let run = v.tokens[k..<(k + span)]
                    if Set(run).count != 1 { repeated = false }
                    collapsed.append(run.first!)
                    k += span
                }
                if repeated { v.tokens = collapsed; v.layout = .positional }
            }
            position = m.end
            end = max(end, next)
            let options = Self.table2Candidates(v, width: row.fields.count, limit: 64)
            // Glued digits that split several ways (64 at most): every split, for the prose to decide.
            if options.count > 1 { ambiguousTable2[row.key] = options }
            for (i, field) in row.fields.enumerated() {
                let agreed = options.count == 1 ? options[0][i] : nil
                table[row.key, field.key] = agreed
            }
            if options.count == 1, v.layout != .positional, options[0].contains(where: { $0 != nil }) {
                findings.append(Finding(
                    code: .cellInferred, severity: .info,
                    message: "表二「\(row.label)」的数字由唯一可能的拆分得出（原文数字粘连或缺少单元格）",
                    location: Location(table: .table2, row: row.key, line: v.line)))
            }
        }
        guard found else { return nil }
        markTableLines(from: anchor.start, to: min(end, stream.count))
        return (table, format)
    }

    /// Table 二 has no sums: a row is read when its layout leaves exactly one reading. Its readings: the cells where
    /// they stand, every split of glued digits, or none when the numbers lost their columns.
    /// Glued digits with more than `limit` splits give none (converting them all to decimals cost a tenth of the
    /// time of reading a glued report, for a prose that cannot pick one among so many).
    static func table2Candidates(_ v: Values, width: Int, limit: Int) -> [[Decimal?]] {
        switch v.layout {
        case .positional:
            return [v.tokens.map { token in
                if case let .number(text) = token { return Decimal(string: text) }
                return nil
            }]
        case .glued:
            let options = CellReadings.candidates(v.tokens, width: width, layout: .glued)
            guard options.count <= limit else { return [] }
            return options.map { $0.map { $0.map { Decimal($0) } } }
        case .unplaced:
            return []
        }
    }
}

extension FindingCode {
    /// The file holds no annual report at all.
    public static let notAReport: FindingCode = "NOT-A-REPORT"
    /// The source is in traditional characters and was converted before reading.
    public static let traditionalScript: FindingCode = "TRADITIONAL-SCRIPT"
    /// Text among a table's values that is not a number (mirror-site spam, notes): reported, never read.
    public static let unreadableText: FindingCode = "UNREADABLE-TEXT"
    /// A 2021-format report whose table 三 prints the 2019 format's single （六）其他处理 row instead of its three
    /// sub-rows: the printed numbers are in the finding, the sub-rows null (zero when the row is).
    public static let singleOtherHandlingRow: FindingCode = "T3-SINGLE-OTHER-ROW"
    /// A table 三 row whose label is damaged in the source (characters lost or wrong), recognised by its place between
    /// the rows before and after it and by what is left of it.
    public static let damagedLabel: FindingCode = "T3-LABEL-DAMAGED"
}

/// Numbers as they are written in report tables: `3059`, `3,059`, `12.50`, `-8`.
enum NumberText {
    /// A dash or slash standing for “nothing” in a cell (`-`, `—`, `/`, `－`, `——`, `\`).
    static func isBlankMark(_ cell: String) -> Bool { isBlankMark(Array(cell.unicodeScalars)[...]) }

    static func isBlankMark(_ cell: ArraySlice<Unicode.Scalar>) -> Bool {
        guard !cell.isEmpty, cell.count <= 3 else { return false }
        return cell.allSatisfy { $0 == "-" || $0 == "—" || $0 == "/" || $0 == "－" || $0 == "\\" }
    }

    /// The canonical text of a number cell (`3059`, `-8`, `12.50`), or nil when the cell is not a number.
    static func parse(_ cell: String) -> String? { parse(Array(cell.unicodeScalars)[...]) }

    /// The same, on normalised scalars (the reader's stream). Runs on every cell of every table.
    static func parse(_ cell: ArraySlice<Unicode.Scalar>) -> String? {
        guard !cell.isEmpty, cell.count < 40 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(cell.count)
        var sawDigit = false, sawDot = false
        var i = cell.startIndex
        if cell[i] == "+" { i += 1 }
        while i < cell.endIndex {
            let s = cell[i]
            switch s {
            case "0"..."9":
                sawDigit = true
                out.append(UInt8(s.value))
            case "-" where out.isEmpty:
                out.append(UInt8(ascii: "-"))
            case "." where sawDigit && !sawDot:
                sawDot = true
                out.append(UInt8(ascii: "."))
            case ",", "，":
                guard sawDigit else { return nil }  // a digit-group separator follows digits
            default:
                return nil
            }
            i += 1
        }
        guard sawDigit, out.last != UInt8(ascii: ".") else { return nil }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Removes a heading or row ordinal (`一、`, `（一）`, `1.`, `1、`) from the start of a label.
enum HeadingOrdinal {
    static func stripped(_ label: String) -> String {
        var s = Substring(label)
        if s.first == "（" || s.first == "(", let close = s.firstIndex(where: { $0 == "）" || $0 == ")" }),
           s.distance(from: s.startIndex, to: close) <= 4
        {
            return String(s[s.index(after: close)...])
        }
        let ordinal = s.prefix { "一二三四五六七八九十0123456789".contains($0) }
        if !ordinal.isEmpty {
            s = s.dropFirst(ordinal.count)
            if let sep = s.first, "、.．".contains(sep) { return String(s.dropFirst()) }
        }
        return label
    }
}
