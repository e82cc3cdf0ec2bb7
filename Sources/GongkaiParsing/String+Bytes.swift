import GongkaiCore

extension StringProtocol {
    /// Whether the text contains a word, compared byte by byte in UTF-8 (exact, no locale or Unicode folding).
    ///
    /// Foundation's `contains`/`range(of:)` go through CFString on Linux and cost a hundred times more; the reader
    /// asks this on every line.
    func containsBytes(_ word: String) -> Bool {
        Array(utf8).firstIndex(ofWord: Array(word.utf8)) != nil
    }
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
