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

    private static func writeString(_ s: String, into out: inout String) {
        out.append("\"")
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out.append("\\\"")
            case "\\": out.append("\\\\")
            case "\n": out.append("\\n")
            case "\r": out.append("\\r")
            case "\t": out.append("\\t")
            case "\u{2028}": out.append("\\u2028")
            case "\u{2029}": out.append("\\u2029")
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
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
