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
    @inlinable @discardableResult
    public static func appendComparableScalars(of text: some StringProtocol, to out: inout [Unicode.Scalar]) -> Int {
        appendComparableScalars(of: text.unicodeScalars, to: &out)
    }

    /// The same for a sequence of scalars (a prefix of a line, say).
    @inlinable @discardableResult
    public static func appendComparableScalars(of scalars: some Sequence<Unicode.Scalar>, to out: inout [Unicode.Scalar]) -> Int {
        let before = out.count
        for scalar in scalars {
            var s = scalar
            // Full-width forms of ASCII (！ … ～) → ASCII.
            if (0xFF01...0xFF5E).contains(s.value), let ascii = Unicode.Scalar(s.value - 0xFEE0) { s = ascii }
            switch s {
            case " ", "\t", "\u{3000}", "\u{00A0}", "\u{200B}", "\u{FEFF}", "\r", "\n": continue
            case "(": out.append("（")
            case ")": out.append("）")
            case ",": out.append("，")
            case ":": out.append("：")
            case ";": out.append("；")
            case "\"", "”", "“": out.append("\"")
            default: out.append(s)
            }
        }
        return out.count - before
    }
}
