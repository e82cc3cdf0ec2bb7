import Foundation

/// Turns the bytes of a text file into a string, detecting the encoding from the bytes (never from the file name):
/// a byte-order mark first (UTF-8, UTF-16 LE/BE), then valid UTF-8, then UTF-16 without a mark (told by its zero
/// bytes), then GB18030 (a superset of GBK and GB2312, very common for .txt from Chinese systems).
public enum SourceDecoder {
    public enum Encoding: String, Sendable {
        case utf8 = "UTF-8"
        case utf8BOM = "UTF-8（带 BOM）"
        case utf16LE = "UTF-16LE"
        case utf16BE = "UTF-16BE"
        case gb18030 = "GB18030"
    }

    /// GB18030 in Foundation on Linux (kCFStringEncodingGB_18030_2000).
    static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    /// The decoded text and the encoding found, or nil when the bytes are in none of the supported encodings.
    public static func decode(_ bytes: [UInt8]) -> (text: String, encoding: Encoding)? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return String(validating: bytes.dropFirst(3), as: UTF8.self).map { ($0, .utf8BOM) }
        }
        if bytes.starts(with: [0xFF, 0xFE]) { return utf16(bytes.dropFirst(2), littleEndian: true).map { ($0, .utf16LE) } }
        if bytes.starts(with: [0xFE, 0xFF]) { return utf16(bytes.dropFirst(2), littleEndian: false).map { ($0, .utf16BE) } }
        if let text = String(validating: bytes, as: UTF8.self) { return (text, .utf8) }
        if let littleEndian = looksLikeUTF16(bytes), let text = utf16(bytes[...], littleEndian: littleEndian) {
            return (text, littleEndian ? .utf16LE : .utf16BE)
        }
        // (A scalar scan: Foundation's `contains` goes through CFString and cost more than the decoding.)
        if let text = String(data: Data(bytes), encoding: gb18030), !text.unicodeScalars.contains("\u{FFFD}") {
            return (text, .gb18030)
        }
        return nil
    }

    /// UTF-16 text without a mark has a zero byte in every ASCII character (digits, newlines, tabs): at odd offsets for
    /// little endian, even offsets for big endian. UTF-8 and GB18030 text has none at all, so even a Chinese text with
    /// few ASCII characters is told apart by where its zero bytes fall.
    private static func looksLikeUTF16(_ bytes: [UInt8]) -> Bool? {
        guard bytes.count >= 4, bytes.count % 2 == 0 else { return nil }
        let sample = bytes.prefix(16384)
        var even = 0, odd = 0
        for (i, b) in sample.enumerated() where b == 0 { if i % 2 == 0 { even += 1 } else { odd += 1 } }
        let pairs = sample.count / 2
        if odd * 100 >= pairs, odd > even * 3 { return true }
        if even * 100 >= pairs, even > odd * 3 { return false }
        return nil
    }

    private static func utf16(_ bytes: ArraySlice<UInt8>, littleEndian: Bool) -> String? {
        guard bytes.count % 2 == 0 else { return nil }
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let a = UInt16(bytes[i]), b = UInt16(bytes[i + 1])
            units.append(littleEndian ? a | b << 8 : a << 8 | b)
            i += 2
        }
        return String(validating: units, as: UTF16.self)
    }
}
