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

    /// The pieces of a text, in order: each run of Chinese characters as its overlapping pairs (a lone character as
    /// itself), each ASCII word or number whole. Brackets and punctuation separate pieces.
    public static func pieces(_ text: String) -> [String] {
        var pieces: [String] = []
        var han: [Unicode.Scalar] = []
        var word = ""
        func flushHan() {
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
            if !word.isEmpty { pieces.append(word) }
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

    /// The text as it is indexed: its pieces separated by spaces.
    public static func indexed(_ text: String) -> String { pieces(text).joined(separator: " ") }

    /// A query: its words (split at spaces), each a phrase of pieces; a word of one Chinese character has no pair and
    /// is matched by a scan (`scanned`).
    public struct Query: Sendable, Equatable {
        /// Each word's pieces, to match as a phrase (every word must match).
        public var phrases: [[String]]
        /// Words matched as substrings of the normalised text (one Chinese character).
        public var scanned: [String]
        /// The words as typed (normalised), for highlighting.
        public var words: [String]

        public var isEmpty: Bool { phrases.isEmpty && scanned.isEmpty }
    }

    public static func query(_ text: String) -> Query {
        var query = Query(phrases: [], scanned: [], words: [])
        for word in normalized(text).split(whereSeparator: { $0 == " " }).map(String.init) {
            let parts = pieces(word)
            guard !parts.isEmpty else { continue }
            query.words.append(word)
            if parts.count == 1, parts[0].unicodeScalars.count == 1, isHan(parts[0].unicodeScalars.first!) {
                query.scanned.append(parts[0])
            } else {
                query.phrases.append(parts)
            }
        }
        return query
    }
}
