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
