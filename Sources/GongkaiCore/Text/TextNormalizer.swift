/// Normalises the width and spacing variants that real reports mix freely, so that labels can be compared:
/// full-width ASCII → ASCII (`１` → `1`, `（` stays as the Chinese bracket), ideographic and ASCII spaces removed,
/// ASCII brackets and punctuation mapped to their Chinese forms.
public enum TextNormalizer {
    /// The comparison form of a label: `(一) 予以公开` and `（一）予以公开` give the same string.
    public static func comparable(_ text: some StringProtocol) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: comparableScalars(text))
        return String(view)
    }

    /// The comparison form as Unicode scalars, for scanners that compare scalar by scalar.
    public static func comparableScalars(_ text: some StringProtocol) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(text.utf8.count / 2)
        appendComparableScalars(of: text, to: &out)
        return out
    }

    /// Appends the comparison form of a text to an array (no array of its own: the reader builds one stream of a whole
    /// document this way). Returns how many scalars were appended.
    ///
    /// `keepingLines`: a line break is kept (one for a run of them, none at the start), so that a scanner can tell
    /// where a line ended.
    @inlinable @discardableResult
    public static func appendComparableScalars(of text: some StringProtocol, to out: inout [Unicode.Scalar],
                                               keepingLines: Bool = false) -> Int {
        // Decoded from the UTF-8 bytes when they are at hand: iterating a String's scalars cost two and a half times
        // as much, and this is done to every cell and paragraph of every report read.
        if let added = text.utf8.withContiguousStorageIfAvailable({ appendComparableScalars(utf8: $0, to: &out, keepingLines: keepingLines) }) {
            return added
        }
        return appendComparableScalars(of: text.unicodeScalars, to: &out, keepingLines: keepingLines)
    }

    /// The same for a sequence of scalars (a prefix of a line, say).
    @inlinable @discardableResult
    public static func appendComparableScalars(of scalars: some Sequence<Unicode.Scalar>, to out: inout [Unicode.Scalar],
                                               keepingLines: Bool = false) -> Int {
        let before = out.count
        for scalar in scalars { append(scalar.value, to: &out, since: before, keepingLines: keepingLines) }
        return out.count - before
    }

    /// The same for valid UTF-8.
    @inlinable @usableFromInline
    static func appendComparableScalars(utf8 bytes: UnsafeBufferPointer<UInt8>, to out: inout [Unicode.Scalar],
                                        keepingLines: Bool) -> Int {
        let before = out.count
        var i = 0
        while let value = nextScalar(bytes, &i) { append(value, to: &out, since: before, keepingLines: keepingLines) }
        return out.count - before
    }

    /// The scalar of valid UTF-8 that starts at `i`, and `i` moved past it (nil at the end).
    @inlinable @inline(__always)
    public static func nextScalar(_ bytes: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> UInt32? {
        let n = bytes.count
        guard i < n else { return nil }
        let lead = UInt32(bytes[i])
        if lead < 0x80 {
            i += 1
            return lead
        } else if lead < 0xE0, i + 1 < n {
            defer { i += 2 }
            return (lead & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F)
        } else if lead < 0xF0, i + 2 < n {
            defer { i += 3 }
            return (lead & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
        } else if i + 3 < n {
            defer { i += 4 }
            return (lead & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6 | UInt32(bytes[i + 3] & 0x3F)
        }
        i = n
        return nil
    }

    /// Appends one scalar's comparison form (nothing for a space; a line break only when `keepingLines`, and not
    /// after another or before anything appended since `start`).
    @inlinable @usableFromInline @inline(__always)
    static func append(_ value: UInt32, to out: inout [Unicode.Scalar], since start: Int, keepingLines: Bool) {
        // Full-width forms of ASCII (！ … ～) → ASCII.
        let v = (0xFF01...0xFF5E).contains(value) ? value - 0xFEE0 : value
        switch v {
        case 0x20, 0x09, 0x3000, 0xA0, 0x200B, 0xFEFF, 0x0D: return
        case 0x0A:
            if keepingLines, out.count > start, out[out.count - 1] != "\n" { out.append("\n") }
        case 0x28: out.append("（")
        case 0x29: out.append("）")
        case 0x2C: out.append("，")
        case 0x3A: out.append("：")
        case 0x3B: out.append("；")
        case 0x22, 0x201D, 0x201C: out.append("\"")
        default: out.append(Unicode.Scalar(v) ?? "\u{FFFD}")
        }
    }
}
