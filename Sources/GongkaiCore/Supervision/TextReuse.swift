/// 内容雷同: how much of a report's sections is text reused from the same unit's previous report or from other
/// units' reports of the same year.
///
/// A section's text is normalised first (digits, punctuation and spaces dropped, so that new figures and dates do not
/// hide a copy; the unit's own name dropped, so that a copy with the name changed is still one) and cut into
/// overlapping `width`-character shingles, hashed. Text nearly every unit writes (the 条例's wording, the format's
/// phrases) is no copy: shingles found in more than `commonLimit` units' same section are left out of the measure on
/// both sides. The share of a section is then the part of its remaining shingles found in the other report's same
/// section. Peers are found through an inverted index of the remaining shingles (each posting list is short by
/// construction), never by comparing all pairs.
public enum TextReuse {
    public static let width = 5
    /// A section is measured when it has this many distinctive shingles (about two sentences).
    public static let minimumShingles = 30
    /// The share from which a section is reported as reused.
    public static let threshold = 0.6

    /// One report's sections as shingles.
    public struct Document: Sendable {
        /// The caller's key for the report.
        public let id: Int
        /// The roster unit (nil: not assigned; then it is compared with peers only).
        public let unit: Int?
        /// Section number → sorted distinct shingle hashes.
        public let sections: [Int: [UInt64]]

        public init(id: Int, unit: Int?, sections: [ReportSection], removing names: [String]) {
            self.id = id
            self.unit = unit
            var result: [Int: [UInt64]] = [:]
            for section in sections { result[section.number] = TextReuse.shingles(section.text, removing: names) }
            self.sections = result
        }
    }

    /// A section of `report` of which `share` is text of the same section of `other`.
    public struct Match: Sendable, Hashable {
        public let report: Int
        public let other: Int
        public let section: Int
        public let share: Double
        /// Whether `other` is the same unit's earlier report (else another unit's of the same year).
        public let sameUnit: Bool

        public init(report: Int, other: Int, section: Int, share: Double, sameUnit: Bool) {
            self.report = report
            self.other = other
            self.section = section
            self.share = share
            self.sameUnit = sameUnit
        }
    }

    /// The reused sections of `current` (one year's reports): against the same unit's report in `previous` (the year
    /// before) and against the other reports of `current`. Sorted by report, section, share (highest first).
    public static func matches(current: [Document], previous: [Document] = []) -> [Match] {
        let limit = commonLimit(count: current.count)
        var matches: [Match] = []
        let sectionNumbers = Set(current.flatMap { $0.sections.keys })
        let previousByUnit = Dictionary(previous.compactMap { d in d.unit.map { ($0, d) } }, uniquingKeysWith: { a, _ in a })
        for number in sectionNumbers.sorted() {
            // How many reports of the year have each shingle in this section.
            var frequency: [UInt64: Int32] = [:]
            for document in current {
                for h in document.sections[number] ?? [] { frequency[h, default: 0] += 1 }
            }
            func distinctive(_ shingles: [UInt64]) -> [UInt64] { shingles.filter { (frequency[$0] ?? 0) <= limit } }
            let kept = current.map { distinctive($0.sections[number] ?? []) }
            // Posting lists of the distinctive shingles: at most `limit` long each.
            var postings: [UInt64: [Int32]] = [:]
            for (k, shingles) in kept.enumerated() where shingles.count >= minimumShingles {
                for h in shingles { postings[h, default: []].append(Int32(k)) }
            }
            var overlap: [Int32: Int] = [:]
            for (k, shingles) in kept.enumerated() where shingles.count >= minimumShingles {
                let document = current[k]
                overlap.removeAll(keepingCapacity: true)
                for h in shingles {
                    for other in postings[h] ?? [] where other != Int32(k) { overlap[other, default: 0] += 1 }
                }
                for (other, count) in overlap {
                    let share = Double(count) / Double(shingles.count)
                    guard share >= threshold else { continue }
                    let peer = current[Int(other)]
                    // The same unit twice in a year (two versions) is no copy from a peer.
                    if let unit = document.unit, unit == peer.unit { continue }
                    matches.append(Match(report: document.id, other: peer.id, section: number, share: share, sameUnit: false))
                }
                if let unit = document.unit, let earlier = previousByUnit[unit], let before = earlier.sections[number] {
                    let share = Double(Self.intersectionCount(shingles, before)) / Double(shingles.count)
                    if share >= threshold {
                        matches.append(Match(report: document.id, other: earlier.id, section: number, share: share, sameUnit: true))
                    }
                }
            }
        }
        return matches.sorted { ($0.report, $0.section, -$0.share, $0.other) < ($1.report, $1.section, -$1.share, $1.other) }
    }

    /// How many units may share a shingle before it counts as common wording: 5 at least, a tenth of the units, 50 at most.
    public static func commonLimit(count: Int) -> Int32 { Int32(max(5, min(50, count / 10))) }

    /// The sorted distinct shingle hashes of a text.
    public static func shingles(_ text: String, removing names: [String]) -> [UInt64] {
        let characters = normalized(text, removing: names)
        guard characters.count >= width else { return [] }
        var hashes: [UInt64] = []
        hashes.reserveCapacity(characters.count - width + 1)
        for start in 0...(characters.count - width) {
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for k in start..<(start + width) {
                h = (h ^ UInt64(characters[k])) &* 0x100_0000_01b3
            }
            hashes.append(h)
        }
        hashes.sort()
        var unique: [UInt64] = []
        unique.reserveCapacity(hashes.count)
        for h in hashes where unique.last != h { unique.append(h) }
        return unique
    }

    /// The characters that carry the wording: letters and CJK ideographs, with the given names taken out.
    static func normalized(_ text: String, removing names: [String]) -> [UInt32] {
        var text = text
        for name in names where !name.isEmpty { text = text.replacingOccurrences(of: name, with: "") }
        var result: [UInt32] = []
        result.reserveCapacity(text.utf8.count / 3)
        for s in text.unicodeScalars {
            let v = s.value
            let keep = (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v)
                || (0x41...0x5A).contains(v) || (0x61...0x7A).contains(v)
            if keep { result.append(v | 0x20 * UInt32((0x41...0x5A).contains(v) ? 1 : 0)) }
        }
        return result
    }

    static func intersectionCount(_ a: [UInt64], _ b: [UInt64]) -> Int {
        var i = 0, j = 0, count = 0
        while i < a.count, j < b.count {
            if a[i] == b[j] { count += 1; i += 1; j += 1 } else if a[i] < b[j] { i += 1 } else { j += 1 }
        }
        return count
    }

    // MARK: - Evidence

    /// A section's sentences (split after 。！？；), each marked reused when most of its shingles are in `other`.
    public static func sentences(of text: String, against other: String, removing names: [String]) -> [(text: String, reused: Bool)] {
        let theirs = Set(shingles(other, removing: names))
        return split(text).map { sentence in
            let mine = shingles(sentence, removing: names)
            guard !mine.isEmpty else { return (sentence, false) }
            let found = mine.reduce(0) { $0 + (theirs.contains($1) ? 1 : 0) }
            return (sentence, Double(found) >= 0.6 * Double(mine.count))
        }
    }

    static func split(_ text: String) -> [String] {
        var sentences: [String] = []
        var current = ""
        for c in text {
            if c == "\n" {
                if !current.trimmingWhitespace.isEmpty { sentences.append(current.trimmingWhitespace) }
                current = ""
                continue
            }
            current.append(c)
            if "。！？；".contains(c) {
                sentences.append(current.trimmingWhitespace)
                current = ""
            }
        }
        if !current.trimmingWhitespace.isEmpty { sentences.append(current.trimmingWhitespace) }
        return sentences
    }
}

extension FindingCode {
    /// A section whose distinctive text is mostly the same as a section of another report (the unit's previous
    /// year's, or another unit's of the same year): 内容雷同.
    public static let textReused: FindingCode = "TEXT-REUSED"
}
