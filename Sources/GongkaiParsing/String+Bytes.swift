extension StringProtocol {
    /// Whether the text contains a word, compared byte by byte in UTF-8 (exact, no locale or Unicode folding).
    ///
    /// Foundation's `contains`/`range(of:)` go through CFString on Linux and cost a hundred times more; the reader
    /// asks this on every line.
    func containsBytes(_ word: String) -> Bool {
        var haystack = self.utf8.makeContiguousUTF8Bytes()
        return haystack.withUnsafeMutableBufferPointer { h in
            var needle = Array(word.utf8)
            return needle.withUnsafeMutableBufferPointer { n in
                guard let first = n.first, h.count >= n.count else { return n.isEmpty }
                var i = 0
                let last = h.count - n.count
                while i <= last {
                    if h[i] == first {
                        var j = 1
                        while j < n.count, h[i + j] == n[j] { j += 1 }
                        if j == n.count { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }
}

extension Sequence where Element == UInt8 {
    fileprivate func makeContiguousUTF8Bytes() -> [UInt8] { Array(self) }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension String {
    /// Whether the UTF-8 bytes of the string include a byte (memchr over the contiguous storage).
    func containsByte(_ byte: UInt8) -> Bool {
        var copy = self
        return copy.withUTF8 { buffer in
            guard let base = buffer.baseAddress else { return false }
            return memchr(base, Int32(byte), buffer.count) != nil
        }
    }
}
