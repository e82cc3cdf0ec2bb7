/// Chinese search without a dictionary or a database extension (research/catalogue.md §6): text is indexed as the
/// overlapping two-character pieces of each run of Chinese characters (`疫苗接种` → `疫苗 苗接 接种`), with ASCII words and
/// numbers kept whole and lower-cased; a query is turned into the same pieces, to be matched as a phrase (consecutive
/// pieces), which finds exactly the records containing the query as a substring. A one-character query has no piece:
/// it is answered by a filtered scan.
public enum SearchText {
    /// The normalised text searched: full-width letters, digits and brackets folded (文号 are typed as `〔2025〕`,
    /// `[2025]`, `【2025】`, `［2025］`), letters lower-cased.
    public static func normalized(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0xFF01...0xFF5E: out.unicodeScalars.append(Unicode.Scalar(scalar.value - 0xFEE0)!)
            case 0x3014, 0x3010, 0x005B: out.append("〔")
            case 0x3015, 0x3011, 0x005D: out.append("〕")
            case 0x3000: out.append(" ")
            default: out.unicodeScalars.append(scalar)
            }
        }
        // `［` `］` (U+FF3B/FF3D) were folded to `[` `]` above; make them brackets too.
        return out.replacingOccurrences(of: "[", with: "〔").replacingOccurrences(of: "]", with: "〕").lowercased()
    }

    static func isHan(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2FA1F, 0x3007: true
        default: false
        }
    }

    static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar))
    }

    /// Put between the pieces of two runs by ``tokens(_:)``: a letter (so that FTS5's `unicode61` keeps it as a
    /// token) that no piece can be, since pieces are Chinese or ASCII.
    public static let boundary = "ж"

    /// The pieces of a text, in order: each run of Chinese characters as its overlapping pairs (a lone character as
    /// itself), each ASCII word or number whole. Brackets and punctuation separate pieces.
    public static func pieces(_ text: String) -> [String] { pieces(text, boundaries: false) }

    /// The pieces with ``boundary`` between runs, as indexed and as a query's phrase: so that `疫苗。苗接` (pieces 疫苗,
    /// 苗接) does not match the phrase of `疫苗接` (疫苗 苗接), which is not in it.
    public static func tokens(_ text: String) -> [String] { pieces(text, boundaries: true) }

    static func pieces(_ text: String, boundaries: Bool) -> [String] {
        var pieces: [String] = []
        func mark() {
            if boundaries, let last = pieces.last, last != boundary { pieces.append(boundary) }
        }
        var han: [Unicode.Scalar] = []
        var word = ""
        func flushHan() {
            if !han.isEmpty { mark() }
            if han.count == 1 { pieces.append(String(han[0])) }
            if han.count >= 2 {
                for i in 0..<(han.count - 1) {
                    var pair = ""
                    pair.unicodeScalars.append(han[i])
                    pair.unicodeScalars.append(han[i + 1])
                    pieces.append(pair)
                }
            }
            han.removeAll(keepingCapacity: true)
        }
        func flushWord() {
            if !word.isEmpty { mark(); pieces.append(word) }
            word = ""
        }
        for scalar in normalized(text).unicodeScalars {
            if isHan(scalar) {
                flushWord()
                han.append(scalar)
            } else if isWordCharacter(scalar) {
                flushHan()
                word.unicodeScalars.append(scalar)
            } else {
                flushHan()
                flushWord()
            }
        }
        flushHan()
        flushWord()
        return pieces
    }

    /// The text as it is indexed: its tokens separated by spaces.
    public static func indexed(_ text: String) -> String { tokens(text).joined(separator: " ") }

    /// A query: its words (split at spaces). Each run of a word (a stretch of Chinese characters, or an ASCII word)
    /// is a phrase of pieces to find in the index; a run of one Chinese character has no pair and is matched by a
    /// scan of the rows found (`scanned`), and so is a word of several runs (`印发《医`, `covid-19疫苗`) as a whole,
    /// so that a hit contains the word as typed. ASCII words match whole words (`2024` finds `2024年`, `20` does not).
    public struct Query: Sendable, Equatable {
        /// Pieces to match as phrases in the index (every one must match).
        public var phrases: [[String]]
        /// Substrings the normalised text must contain.
        public var scanned: [String]
        /// The words as typed (normalised), for highlighting.
        public var words: [String]

        public var isEmpty: Bool { phrases.isEmpty && scanned.isEmpty }
    }

    public static func query(_ text: String) -> Query {
        var query = Query(phrases: [], scanned: [], words: [])
        for word in normalized(text).split(whereSeparator: { $0 == " " }).map(String.init) {
            let parts = tokens(word)
            guard !parts.isEmpty else { continue }
            query.words.append(word)
            // The runs of the word, between boundaries.
            let runs = parts.split(separator: boundary).map(Array.init)
            for run in runs {
                if run.count == 1, run[0].unicodeScalars.count == 1, isHan(run[0].unicodeScalars.first!) {
                    if runs.count == 1 { query.scanned.append(run[0]) }
                } else if !query.phrases.contains(run) {
                    query.phrases.append(run)
                }
            }
            let plain = word.unicodeScalars.allSatisfy { isHan($0) || isWordCharacter($0) }
            if runs.count > 1 || !plain { query.scanned.append(word) }
        }
        return query
    }

    /// A text cut into runs, marked where one of `words` occurs (compared as normalised: `[2025]` is found by
    /// `〔2025〕`), for highlighting hits; the runs join back to the text unchanged.
    public static func highlight(_ text: String, words: [String]) -> [(text: String, hit: Bool)] {
        let characters = Array(text)
        let folded = characters.map { normalized(String($0)) }
        let targets = words.map { Array(normalized($0)).map(String.init) }.filter { !$0.isEmpty }
        var marked = [Bool](repeating: false, count: characters.count)
        for target in targets where target.count <= folded.count {
            for start in 0...(folded.count - target.count) {
                if (0..<target.count).allSatisfy({ folded[start + $0] == target[$0] }) {
                    for i in start..<(start + target.count) { marked[i] = true }
                }
            }
        }
        var runs: [(text: String, hit: Bool)] = []
        for (character, hit) in zip(characters, marked) {
            if let last = runs.last, last.hit == hit { runs[runs.count - 1].text.append(character) } else { runs.append((String(character), hit)) }
        }
        return runs
    }

    /// A stretch of `text` of about `length` characters around the first hit of `words` (the start when none), with
    /// `…` where it was cut.
    public static func excerpt(_ text: String, words: [String], length: Int = 80) -> String {
        let characters = Array(text)
        guard characters.count > length else { return text }
        let folded = characters.map { normalized(String($0)) }.joined()
        var first = 0
        for word in words {
            if let range = folded.range(of: normalized(word)) {
                let offset = folded.distance(from: folded.startIndex, to: range.lowerBound)
                first = first == 0 ? offset : min(first, offset)
            }
        }
        let start = max(0, min(first - length / 4, characters.count - length))
        let end = min(characters.count, start + length)
        return (start > 0 ? "…" : "") + String(characters[start..<end]) + (end < characters.count ? "…" : "")
    }
}
