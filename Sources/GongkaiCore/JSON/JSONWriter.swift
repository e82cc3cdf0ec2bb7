/// Writes ``JSON`` as text: members in their given order, non-ASCII characters as they are (UTF-8), numbers as
/// their literal text.
public enum JSONWriter {
    public enum Style: Sendable {
        /// One line, no spaces: for JSON Lines.
        case compact
        /// Two-space indentation; arrays that hold only scalars stay on one line (`[0, 0, 3, 0, 0, 0, 3]`).
        case pretty
    }

    public static func string(_ json: JSON, style: Style = .pretty) -> String {
        var out = ""
        out.reserveCapacity(4096)
        write(json, into: &out, style: style, indent: 0)
        if style == .pretty { out.append("\n") }
        return out
    }

    private static func write(_ json: JSON, into out: inout String, style: Style, indent: Int) {
        switch json.value {
        case .null: out.append("null")
        case let .bool(b): out.append(b ? "true" : "false")
        case let .number(text): out.append(text)
        case let .string(s): writeString(s, into: &out)
        case let .array(items):
            if items.isEmpty { out.append("[]"); return }
            let flat = style == .compact || items.allSatisfy(\.isScalar)
            out.append("[")
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(flat && style == .pretty ? ", " : ",") }
                if !flat { newline(&out, indent + 1) }
                write(item, into: &out, style: style, indent: indent + 1)
            }
            if !flat { newline(&out, indent) }
            out.append("]")
        case let .object(members):
            if members.isEmpty { out.append("{}"); return }
            out.append("{")
            for (i, member) in members.enumerated() {
                if i > 0 { out.append(",") }
                if style == .pretty { newline(&out, indent + 1) }
                writeString(member.key, into: &out)
                out.append(style == .pretty ? ": " : ":")
                write(member.value, into: &out, style: style, indent: indent + 1)
            }
            if style == .pretty { newline(&out, indent) }
            out.append("}")
        }
    }

    private static func newline(_ out: inout String, _ indent: Int) {
        out.append("\n")
        out.append(String(repeating: "  ", count: indent))
    }

    /// A string literal: runs that need no escape are copied whole (appending scalar by scalar was a sixth of
    /// `gongkai parse --out`); every cut is at an ASCII byte or at the start of U+2028/U+2029, so on a scalar.
    private static func writeString(_ s: String, into out: inout String) {
        out.append("\"")
        let bytes = s.utf8
        var run = bytes.startIndex
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let byte = bytes[i]
            let escape: String?
            var width = 1
            switch byte {
            case 0x22: escape = "\\\""
            case 0x5C: escape = "\\\\"
            case 0x0A: escape = "\\n"
            case 0x0D: escape = "\\r"
            case 0x09: escape = "\\t"
            case 0..<0x20:
                let hex = String(byte, radix: 16)
                escape = "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            case 0xE2:
                // U+2028 and U+2029 (E2 80 A8 / A9) end lines in JavaScript.
                let next = bytes.index(after: i)
                if next < bytes.endIndex, bytes[next] == 0x80, bytes.index(after: next) < bytes.endIndex,
                   case let last = bytes[bytes.index(after: next)], last == 0xA8 || last == 0xA9
                {
                    escape = last == 0xA8 ? "\\u2028" : "\\u2029"
                    width = 3
                } else {
                    escape = nil
                }
            default: escape = nil
            }
            if let escape {
                out.append(contentsOf: s[run..<i])
                out.append(escape)
                i = bytes.index(i, offsetBy: width)
                run = i
            } else {
                i = bytes.index(after: i)
            }
        }
        out.append(contentsOf: s[run..<bytes.endIndex])
        out.append("\"")
    }
}

extension JSON {
    var isScalar: Bool {
        switch value {
        case .array, .object: false
        default: true
        }
    }
}
