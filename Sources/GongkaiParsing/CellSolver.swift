/// Works out table cells that the source leaves unclear — lost cells, digits glued together — from the sums the
/// format prescribes, and only where the answer is unique.
///
/// Each row has a list of candidate readings (a vector of cells, nil where the reading says nothing). Constraints
/// are linear equations over cells (`Σ coefficient × cell = 0`). The solver repeatedly
/// 1. fills the one unknown cell of an equation whose other cells are known,
/// 2. drops candidate readings that break an equation whose other cells are known,
/// and finally keeps a cell only when every remaining reading of its row agrees on it.
///
/// The solver never changes a number that was read unambiguously: an inconsistent source stays inconsistent (the
/// checks report it), and an equation that cannot hold is simply not used.
struct CellSolver {
    struct Term: Hashable {
        let row: Int
        let column: Int
        let coefficient: Int
    }

    typealias Constraint = [Term]

    private(set) var candidates: [[[Int?]]]
    let constraints: [Constraint]
    /// Guards against pathological inputs.
    static let maximumCandidates = 20_000

    init(candidates: [[[Int?]]], constraints: [Constraint]) {
        self.candidates = candidates
        self.constraints = constraints
    }

    /// The value every candidate of a row agrees on, if any.
    func known(_ row: Int, _ column: Int) -> Int? {
        let options = candidates[row]
        guard let first = options.first, let value = first[column] else { return nil }
        for option in options.dropFirst() where option[column] != value { return nil }
        return value
    }

    mutating func solve() {
        var changed = true
        var rounds = 0
        while changed, rounds < 200 {
            changed = false
            rounds += 1
            for constraint in constraints {
                if apply(constraint) { changed = true }
            }
        }
    }

    /// Applies one equation; returns whether anything changed.
    private mutating func apply(_ constraint: Constraint) -> Bool {
        var knownSum = 0
        var unknown: [Term] = []
        for term in constraint {
            if let v = known(term.row, term.column) { knownSum += term.coefficient * v } else { unknown.append(term) }
        }
        if unknown.isEmpty { return false }
        // All unknown cells in one row: keep the readings of that row that can satisfy the equation.
        let rows = Set(unknown.map(\.row))
        if rows.count == 1, let row = rows.first {
            let before = candidates[row]
            var kept: [[Int?]] = []
            for option in before {
                var sum = knownSum
                var missing: [Term] = []
                for term in unknown {
                    if let v = option[term.column] { sum += term.coefficient * v } else { missing.append(term) }
                }
                if missing.isEmpty {
                    if sum == 0 { kept.append(option) }
                } else if missing.count == 1, let term = missing.first {
                    // coefficient × value = -sum
                    guard (-sum) % term.coefficient == 0 else { continue }
                    let value = -sum / term.coefficient
                    guard value >= 0 else { continue }
                    var filled = option
                    filled[term.column] = value
                    kept.append(filled)
                } else {
                    kept.append(option)
                }
            }
            // An equation no reading can satisfy says the source is inconsistent: leave the readings alone.
            guard !kept.isEmpty else { return false }
            let deduplicated = Self.unique(kept)
            if deduplicated != before {
                candidates[row] = deduplicated
                return true
            }
        }
        return false
    }

    private static func unique(_ options: [[Int?]]) -> [[Int?]] {
        var seen = Set<[Int?]>()
        return options.filter { seen.insert($0).inserted }
    }
}

/// Ways to read a row's value tokens as a fixed number of cells.
enum CellReadings {
    /// A value token of a row.
    enum Token: Hashable {
        /// An empty cell whose position is known (a tab or table cell with nothing in it).
        case empty
        /// A number as written (digits, possibly glued to its neighbours), or a decimal / signed value.
        case number(String)
    }

    /// How the tokens of a row relate to the columns.
    enum Layout {
        /// The tokens stand in the columns' places (a real table grid, or a tab row with the right number of cells).
        case positional
        /// Cells may have been lost: the numbers keep their order, but which columns they fill is unknown.
        case unplaced
        /// One run of digits holds several cells glued together.
        case glued
    }

    /// The candidate readings of a row of `width` cells.
    static func candidates(_ tokens: [Token], width: Int, layout: Layout) -> [[Int?]] {
        switch layout {
        case .positional:
            return [tokens.prefix(width).map(value) + [Int?](repeating: nil, count: max(0, width - tokens.count))]
        case .unplaced:
            let numbers = tokens.compactMap { token -> Int?? in
                if case .number = token { return .some(value(token)) }
                return nil
            }
            guard numbers.count <= width else { return [] }
            var result: [[Int?]] = []
            placements(numbers, into: width, next: 0, current: [], result: &result)
            return result
        case .glued:
            guard case let .number(digits)? = tokens.first(where: { $0 != .empty }), digits.allSatisfy(\.isASCII),
                  digits.allSatisfy(\.isNumber) else { return [] }
            var result: [[Int?]] = []
            splits(Array(digits.utf8), parts: width, current: [], result: &result)
            return result
        }
    }

    static func value(_ token: Token) -> Int? {
        guard case let .number(text) = token else { return nil }
        return Int(text)
    }

    /// Every way to put `numbers` in order into `width` slots, the other slots nil.
    private static func placements(_ numbers: [Int?], into width: Int, next: Int, current: [Int?],
                                   result: inout [[Int?]])
    {
        if current.count == width {
            if next == numbers.count { result.append(current) }
            return
        }
        let left = numbers.count - next, slots = width - current.count
        if left < slots { placements(numbers, into: width, next: next, current: current + [nil], result: &result) }
        if left > 0 {
            placements(numbers, into: width, next: next + 1, current: current + [numbers[next]], result: &result)
        }
    }

    /// Every way to cut a run of digits into `parts` numbers written without leading zeros.
    private static func splits(_ digits: [UInt8], parts: Int, current: [Int?], result: inout [[Int?]]) {
        guard result.count < CellSolver.maximumCandidates else { return }
        if parts == 0 {
            if digits.isEmpty { result.append(current) }
            return
        }
        guard digits.count >= parts else { return }
        let longest = digits[0] == UInt8(ascii: "0") ? 1 : min(digits.count - parts + 1, 9)
        for length in 1...longest {
            let value = digits.prefix(length).reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
            splits(Array(digits.dropFirst(length)), parts: parts - 1, current: current + [value], result: &result)
        }
    }
}
