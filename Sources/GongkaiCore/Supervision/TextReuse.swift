/// 内容雷同: how much of a report's sections is text reused from the same unit's previous report or from other
/// units' reports of the same year.
///
/// A section's text is normalised first (digits, punctuation and spaces dropped, so that new figures and dates do not
/// hide a copy; the unit's own name dropped, so that a copy with the name changed is still one) and cut into
/// overlapping `width`-character shingles, hashed. Text nearly every unit writes (the 条例's wording, the format's
/// phrases) is no copy: shingles found in more than `commonLimit` units' same section are left out of the measure on
/// both sides. The share of a section is then the part of its remaining shingles found in the other report's same
/// section. Peers are found through an index of the remaining shingles sorted by hash (each run of a hash is short by
/// construction), never by comparing all pairs.
///
/// A long section is measured on a sample of its shingles, so that a document stays a few hundred bytes a section
/// whatever the length of the text and 100,000 reports fit in memory: a shingle is in the sample of level L when the
/// top L bits of its hash are zero (about one in 2^L), and each section takes the lowest level that leaves it at most
/// `samples` shingles. The samples of two levels nest, so two sections are compared on the shingles both sampled, at
/// the coarser of their levels: the share is then estimated (within a few points for a copy), and exact for sections
/// of up to `samples` shingles (about `samples` characters), such as every section of the tests.
public enum TextReuse {
    public static let width = 5
    /// A section is measured when it has (an estimated) this many distinctive shingles (about two sentences).
    public static let minimumShingles = 30
    /// The share from which a section is reported as reused.
    public static let threshold = 0.6
    /// At most this many shingles are kept of a section (those of its level's sample).
    public static let samples = 96

    /// One report's sections as samples of their shingles.
    public struct Document: Sendable {
        /// The caller's key for the report.
        public let id: Int
        /// The roster unit (nil: not assigned; then it is compared with peers only).
        public let unit: Int?
        /// The sections, by number: where their shingles lie in `hashes` and `levels`, and the level of their sample.
        let parts: [Part]
        /// Each sampled shingle's hash (the low 32 bits of its 64-bit hash), sorted within a section.
        let hashes: [UInt32]
        /// Each sampled shingle's level: the count of leading zero bits of its 64-bit hash (it is in the samples of
        /// this level and of every level below).
        let levels: [UInt8]

        struct Part: Sendable {
            let number: Int
            let level: UInt8
            let range: Range<Int>
        }

        public init(id: Int, unit: Int?, sections: [ReportSection], removing names: [String]) {
            self.id = id
            self.unit = unit
            var parts: [Part] = []
            var hashes: [UInt32] = []
            var levels: [UInt8] = []
            for section in sections.sorted(by: { $0.number < $1.number }) where !parts.contains(where: { $0.number == section.number }) {
                let all = TextReuse.shingles(section.text, removing: names)
                var level = 0
                while level < 32, all.count >> level > TextReuse.samples { level += 1 }
                let start = hashes.count
                var sample: [(hash: UInt32, level: UInt8)] = []
                for h in all where h.leadingZeroBitCount >= level {
                    sample.append((UInt32(truncatingIfNeeded: h), UInt8(h.leadingZeroBitCount)))
                }
                // A sample may come out above `samples` by chance: go up a level until it does not.
                while sample.count > TextReuse.samples {
                    level += 1
                    sample.removeAll { Int($0.level) < level }
                }
                sample.sort { $0.hash < $1.hash }
                for s in sample { hashes.append(s.hash); levels.append(s.level) }
                parts.append(Part(number: section.number, level: UInt8(level), range: start..<hashes.count))
            }
            self.parts = parts
            self.hashes = hashes
            self.levels = levels
        }

        /// How many shingles are kept of all sections.
        public var sampleCount: Int { hashes.count }

        /// The section numbered `number`, if the report has it.
        func part(_ number: Int) -> Part? { parts.first { $0.number == number } }
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
        let limit = Int(commonLimit(count: current.count))
        var matches: [Match] = []
        let sectionNumbers = Set(current.flatMap { $0.parts.map(\.number) })
        let previousByUnit = Dictionary(previous.compactMap { d in d.unit.map { ($0, d) } }, uniquingKeysWith: { a, _ in a })
        for number in sectionNumbers.sorted() {
            // The section's index: every sampled shingle as (hash << 32 | report), sorted; a hash's run is the
            // reports that have it, and its length how many do.
            var index: [UInt64] = []
            index.reserveCapacity(current.reduce(0) { $0 + ($1.part(number)?.range.count ?? 0) })
            for (k, document) in current.enumerated() {
                guard let part = document.part(number) else { continue }
                for i in part.range { index.append(UInt64(document.hashes[i]) << 32 | UInt64(k)) }
            }
            index.sort()
            // The distinct hashes and where each one's run begins (found by a binary search, not by walking a run:
            // common wording has runs of thousands).
            var keys: [UInt32] = []
            var starts: [Int32] = []
            for (i, entry) in index.enumerated() where keys.last != UInt32(entry >> 32) {
                keys.append(UInt32(entry >> 32))
                starts.append(Int32(i))
            }
            starts.append(Int32(index.count))
            func run(_ hash: UInt32) -> Range<Int> {
                var lo = 0, hi = keys.count
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if keys[mid] < hash { lo = mid + 1 } else { hi = mid }
                }
                guard lo < keys.count, keys[lo] == hash else { return 0..<0 }
                return Int(starts[lo])..<Int(starts[lo + 1])
            }
            var overlap: [Int32: Int] = [:]
            var kept: [(hash: UInt32, level: UInt8)] = []
            for (k, document) in current.enumerated() {
                guard let part = document.part(number) else { continue }
                overlap.removeAll(keepingCapacity: true)
                kept.removeAll(keepingCapacity: true)
                for i in part.range {
                    let peers = run(document.hashes[i])
                    guard peers.count <= limit else { continue }  // common wording
                    kept.append((document.hashes[i], document.levels[i]))
                    for j in peers {
                        let other = Int32(truncatingIfNeeded: index[j])
                        if other != Int32(k) { overlap[other, default: 0] += 1 }
                    }
                }
                // The shingles kept at a level (the coarser of two sections'), and whether that many are enough.
                func keptCount(atLeast level: UInt8) -> Int { level == part.level ? kept.count : kept.count { $0.level >= level } }
                func measured(_ count: Int, _ level: UInt8) -> Bool { count << Int(level) >= minimumShingles && count >= 8 }
                guard measured(kept.count, part.level) else { continue }
                for (other, count) in overlap {
                    let peer = current[Int(other)]
                    // The same unit twice in a year (two versions) is no copy from a peer.
                    if let unit = document.unit, unit == peer.unit { continue }
                    let level = max(part.level, peer.part(number)!.level)
                    let total = keptCount(atLeast: level)
                    guard measured(total, level) else { continue }
                    let share = Double(count) / Double(total)
                    guard share >= threshold else { continue }
                    matches.append(Match(report: document.id, other: peer.id, section: number, share: min(share, 1), sameUnit: false))
                }
                if let unit = document.unit, let earlier = previousByUnit[unit], let before = earlier.part(number) {
                    let level = max(part.level, before.level)
                    let mine = kept.filter { $0.level >= level }.map(\.hash)
                    guard measured(mine.count, level) else { continue }
                    let theirs = Set(before.range.lazy.filter { earlier.levels[$0] >= level }.map { earlier.hashes[$0] })
                    let share = Double(mine.count { theirs.contains($0) }) / Double(mine.count)
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

    /// The sorted distinct shingle hashes of a text (64-bit, well mixed: their top bits choose the samples).
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
            // MurmurHash3's finaliser: FNV's top bits alone are not uniform enough to sample by.
            h ^= h >> 33
            h &*= 0xff51_afd7_ed55_8ccd
            h ^= h >> 33
            h &*= 0xc4ce_b9fe_1a85_ec53
            h ^= h >> 33
            hashes.append(h)
        }
        hashes.sort()
        var unique: [UInt64] = []
        unique.reserveCapacity(hashes.count)
        for h in hashes where unique.last != h { unique.append(h) }
        return unique
    }

    /// The characters that carry the wording: letters and CJK ideographs, with the given names taken out (compared
    /// as kept: Foundation's search and replace had cost a tenth of a year's refresh).
    static func normalized(_ text: String, removing names: [String]) -> [UInt32] {
        func kept(_ text: String) -> [UInt32] {
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
        let all = kept(text)
        let cut = names.map(kept).filter { !$0.isEmpty }
        guard !cut.isEmpty else { return all }
        var result: [UInt32] = []
        result.reserveCapacity(all.count)
        var i = 0
        scan: while i < all.count {
            for name in cut where all[i] == name[0] && i + name.count <= all.count && all[i..<(i + name.count)].elementsEqual(name) {
                i += name.count
                continue scan
            }
            result.append(all[i])
            i += 1
        }
        return result
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
