extension RandomAccessCollection where Element: Equatable, Index == Int {
    /// The first position in `from..<to` where `word` starts, by a plain scan: the words searched (labels, keywords)
    /// are short, and the scan is many times faster than Foundation's string search on Linux.
    @inlinable
    public func firstIndex(ofWord word: some RandomAccessCollection<Element>, from: Int? = nil, to: Int? = nil) -> Int? {
        guard let first = word.first else { return nil }
        let start = Swift.max(from ?? startIndex, startIndex)
        let last = Swift.min(to ?? endIndex, endIndex) - word.count
        guard start <= last else { return nil }
        var i = start
        while i <= last {
            if self[i] == first {
                var matched = true
                var k = i + 1
                var w = word.index(after: word.startIndex)
                while w != word.endIndex {
                    if self[k] != word[w] { matched = false; break }
                    k += 1
                    w = word.index(after: w)
                }
                if matched { return i }
            }
            i += 1
        }
        return nil
    }
}
