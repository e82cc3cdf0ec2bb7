import GongkaiCore

extension StringProtocol {
    /// Whether the text contains a word, compared byte by byte in UTF-8 (exact, no locale or Unicode folding).
    ///
    /// Foundation's `contains`/`range(of:)` go through CFString on Linux and cost a hundred times more; the reader
    /// asks this on every line.
    func containsBytes(_ word: String) -> Bool {
        // Over the contiguous bytes when they are at hand (two arrays a call were a twentieth of reading a report).
        var needle = word
        let found = utf8.withContiguousStorageIfAvailable { haystack in
            needle.withUTF8 { needle in haystack.contains(bytes: needle) }
        }
        return found ?? (Array(utf8).firstIndex(ofWord: Array(word.utf8)) != nil)
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension String {
    /// Whether the UTF-8 bytes of the string include those of `word` (over the contiguous storage, no copy: memchr
    /// finds each candidate first byte).
    func containsUTF8(_ word: StaticString) -> Bool {
        let needle = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        var copy = self
        return copy.withUTF8 { $0.contains(bytes: needle) }
    }

    /// Whether the UTF-8 bytes of the string include a byte (memchr over the contiguous storage).
    func containsByte(_ byte: UInt8) -> Bool {
        var copy = self
        return copy.withUTF8 { buffer in
            guard let base = buffer.baseAddress else { return false }
            return memchr(base, Int32(byte), buffer.count) != nil
        }
    }
}

extension String {
    /// `hasPrefix` on the UTF-8 bytes (exact: no Unicode normalisation, which Chinese text does not need and which
    /// made String's own comparison slow).
    func hasUTF8Prefix(_ word: String) -> Bool { utf8.starts(with: word.utf8) }

    /// `hasSuffix` on the UTF-8 bytes.
    func hasUTF8Suffix(_ word: String) -> Bool {
        let (text, end) = (utf8, word.utf8)
        guard text.count >= end.count else { return false }
        return text[text.index(text.endIndex, offsetBy: -end.count)...].elementsEqual(end)
    }
}

extension String {
    /// The string with every occurrence of an ASCII pattern (`**`, `__`) taken out, on the UTF-8 bytes (Foundation's
    /// `replacingOccurrences` was a tenth of reading a Markdown report). ASCII bytes never occur inside a multi-byte
    /// character, so cutting on them keeps the text valid.
    func removingASCII(_ pattern: StaticString) -> String {
        let needle = UnsafeBufferPointer(start: pattern.utf8Start, count: pattern.utf8CodeUnitCount)
        var copy = self
        return copy.withUTF8 { bytes in
            guard needle.count > 0, bytes.count >= needle.count else { return self }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var i = 0
            var changed = false
            while i < bytes.count {
                if bytes[i] == needle[0], i + needle.count <= bytes.count,
                   (1..<needle.count).allSatisfy({ bytes[i + $0] == needle[$0] }) {
                    i += needle.count
                    changed = true
                } else {
                    out.append(bytes[i])
                    i += 1
                }
            }
            return changed ? String(decoding: out, as: UTF8.self) : self
        }
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// Whether these bytes include the needle's (memchr finds each candidate first byte).
    func contains(bytes needle: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = baseAddress, let head = needle.first, needle.count <= count else { return needle.isEmpty }
        var i = 0
        while i + needle.count <= count {
            guard let hit = memchr(base + i, Int32(head), count - needle.count - i + 1) else { return false }
            let k = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if memcmp(base + k, needle.baseAddress!, needle.count) == 0 { return true }
            i = k + 1
        }
        return false
    }

    /// The UTF-8 bytes of `range` as a string (the cut is at ASCII bytes, or the string is repaired).
    func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: self[range]), as: UTF8.self)
    }
}
