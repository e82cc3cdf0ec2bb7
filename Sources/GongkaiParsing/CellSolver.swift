/// Works out table cells that the source leaves unclear — lost cells, digits glued together — from the sums the
/// format prescribes, and only where the answer is unique.
///
/// Each row has a list of candidate readings (a vector of cells, nil where the reading says nothing). Constraints
/// are linear equations over cells (`Σ coefficient × cell = 0`). The solver repeatedly
/// 1. fills the one unknown cell of an equation whose other cells are known,
/// 2. drops candidate readings that break an equation whose other cells are known,
/// 3. over several rows at once (a column's outcome rows summing to its total, 一 + 二 = 三 + 四): drops a reading of
///    one row when no choice of readings of the other rows makes the equation hold — so that a row whose digits split
///    several ways that each satisfy its own total is decided by the columns,
/// and finally keeps a cell only when every remaining reading of its row agrees on it. Step 3 removes only readings
/// that are in no solution of that equation, so a cell is kept only when every consistent solution agrees on it.
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
        if rows.count > 1 { return applyAcrossRows(unknown, knownSum: knownSum) }
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

    /// The largest set of sums of other rows' readings worked out for one equation; beyond it the equation is left
    /// for later (when other equations have narrowed the rows).
    static let maximumSums = 4_096

    /// An equation whose unknown cells lie in several rows: a reading of one row is kept when some choice of
    /// readings of the other rows completes the equation. Rows whose readings leave one of these cells open are not
    /// narrowed (their share could be any number). An equation no choice satisfies says the source is inconsistent:
    /// nothing is dropped.
    private mutating func applyAcrossRows(_ unknown: [Term], knownSum: Int) -> Bool {
        var terms: [Int: [Term]] = [:]
        for term in unknown { terms[term.row, default: []].append(term) }
        let rows = terms.keys.sorted()
        // Each row's share of the sum, per reading.
        var shares: [[Int]] = []
        for row in rows {
            var share: [Int] = []
            share.reserveCapacity(candidates[row].count)
            for option in candidates[row] {
                var sum = 0
                for term in terms[row]! {
                    guard let v = option[term.column] else { return false }
                    sum += term.coefficient * v
                }
                share.append(sum)
            }
            shares.append(share)
        }
        // Sums reachable by the rows before each row, and after it.
        func adding(_ sums: Set<Int>, _ share: [Int]) -> Set<Int>? {
            var result = Set<Int>()
            for a in sums {
                for b in Set(share) {
                    result.insert(a + b)
                    if result.count > Self.maximumSums { return nil }
                }
            }
            return result
        }
        var before: [Set<Int>] = [[knownSum]]
        for share in shares.dropLast() {
            guard let next = adding(before.last!, share) else { return false }
            before.append(next)
        }
        var after: [Set<Int>] = Array(repeating: [0], count: rows.count)
        for i in stride(from: rows.count - 2, through: 0, by: -1) {
            guard let next = adding(after[i + 1], shares[i + 1]) else { return false }
            after[i] = next
        }
        var narrowed: [(row: Int, kept: [[Int?]])] = []
        for (i, row) in rows.enumerated() {
            // The sums the other rows can make: those before this row plus those after it.
            let others = before[i].count <= after[i].count ? (before[i], after[i]) : (after[i], before[i])
            var kept: [[Int?]] = []
            for (option, share) in zip(candidates[row], shares[i]) {
                if others.0.contains(where: { others.1.contains(-share - $0) }) { kept.append(option) }
            }
            if kept.isEmpty { return false }
            if kept.count < candidates[row].count { narrowed.append((row, kept)) }
        }
        for (row, kept) in narrowed { candidates[row] = kept }
        return !narrowed.isEmpty
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
            var current: [Int?] = []
            current.reserveCapacity(width)
            splits(Array(digits.utf8), from: 0, parts: width, current: &current, result: &result)
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

    /// Every way to cut the run of digits from `from` into `parts` numbers written without leading zeros (one
    /// buffer for the cells so far: copying the rest of the digits and the cells at every step was a tenth of reading
    /// a glued report).
    private static func splits(_ digits: [UInt8], from: Int, parts: Int, current: inout [Int?], result: inout [[Int?]]) {
        guard result.count < CellSolver.maximumCandidates else { return }
        let left = digits.count - from
        if parts == 0 {
            if left == 0 { result.append(current) }
            return
        }
        guard left >= parts else { return }
        let longest = digits[from] == UInt8(ascii: "0") ? 1 : min(left - parts + 1, 9)
        var value = 0
        for length in 1...longest {
            value = value * 10 + Int(digits[from + length - 1] - UInt8(ascii: "0"))
            current.append(value)
            splits(digits, from: from + length, parts: parts - 1, current: &current, result: &result)
            current.removeLast()
        }
    }
}
