/// A JSON syntax error with its position, worded for a person (in Chinese).
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 1-based line and column (column counted in characters of the line).
    public let line: Int
    public let column: Int
    /// What is wrong, e.g. `缺少逗号或右方括号`.
    public let reason: String

    public var description: String { "第 \(line) 行第 \(column) 列：JSON 格式错误：\(reason)" }
}

/// A strict RFC 8259 parser producing ``JSON`` values with line numbers.
///
/// It accepts a UTF-8 byte-order mark, rejects duplicate keys, trailing commas, comments and nesting deeper than
/// ``maximumDepth`` (so hostile input cannot exhaust the stack).
public struct JSONParser {
    public static let maximumDepth = 200

    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private var lineStart = 0

    /// Parses one JSON document (surrounding whitespace allowed).
    /// Whether the bytes hold a JSON object, by their first character after a byte-order mark and white space: how a
    /// file that may be JSON or text (a report, a holiday notice) is told apart without parsing it.
    public static func startsWithObject(_ bytes: [UInt8]) -> Bool {
        bytes.drop(while: { $0 == 0xEF || $0 == 0xBB || $0 == 0xBF || $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 })
            .first == UInt8(ascii: "{")
    }

    public static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSON {
        var parser = JSONParser(bytes: bytes)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.index = 3; parser.lineStart = 3 }
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        if parser.index < bytes.count { throw parser.error("文档结束后还有多余内容") }
        return value
    }

    public static func parse(_ text: String) throws(JSONSyntaxError) -> JSON {
        try parse(Array(text.utf8))
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    // MARK: - Values

    private mutating func parseValue(depth: Int) throws(JSONSyntaxError) -> JSON {
        guard depth < Self.maximumDepth else { throw error("嵌套层数超过 \(Self.maximumDepth)") }
        guard index < bytes.count else { throw error("内容意外结束，缺少值") }
        let startLine = line
        switch bytes[index] {
        case UInt8(ascii: "{"): return JSON(try parseObject(depth: depth), line: startLine)
        case UInt8(ascii: "["): return JSON(try parseArray(depth: depth), line: startLine)
        case UInt8(ascii: "\""): return JSON(.string(try parseString()), line: startLine)
        case UInt8(ascii: "t"): try expectLiteral("true"); return JSON(.bool(true), line: startLine)
        case UInt8(ascii: "f"): try expectLiteral("false"); return JSON(.bool(false), line: startLine)
        case UInt8(ascii: "n"): try expectLiteral("null"); return JSON(.null, line: startLine)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return JSON(.number(try parseNumber()), line: startLine)
        default:
            throw error("无法识别的字符 \(describeCurrent())")
        }
    }

    private mutating func parseObject(depth: Int) throws(JSONSyntaxError) -> JSON.Value {
        index += 1
        var members: [(key: String, value: JSON)] = []
        var seen = Set<String>()
        skipWhitespace()
        if peek(UInt8(ascii: "}")) { index += 1; return .object(members) }
        while true {
            skipWhitespace()
            guard peek(UInt8(ascii: "\"")) else { throw error("应为用双引号括起的键名，实际是 \(describeCurrent())") }
            // The key's place, worked out only for the message: counting the characters of the line before every key
            // made reading a one-line document quadratic (a third of a supervisor's refresh went into it).
            let keyLine = line, keyStart = index, keyLineStart = lineStart
            let key = try parseString()
            guard seen.insert(key).inserted else {
                throw JSONSyntaxError(line: keyLine, column: Self.column(bytes, from: keyLineStart, to: keyStart),
                                      reason: "键 \"\(key)\" 重复出现")
            }
            skipWhitespace()
            guard peek(UInt8(ascii: ":")) else { throw error("键 \"\(key)\" 后缺少冒号") }
            index += 1
            skipWhitespace()
            members.append((key: key, value: try parseValue(depth: depth + 1)))
            skipWhitespace()
            if peek(UInt8(ascii: ",")) {
                index += 1
                skipWhitespace()
                if peek(UInt8(ascii: "}")) { throw error("右花括号前有多余的逗号") }
                continue
            }
            if peek(UInt8(ascii: "}")) { index += 1; return .object(members) }
            throw error("缺少逗号或右花括号，实际是 \(describeCurrent())")
        }
    }

    private mutating func parseArray(depth: Int) throws(JSONSyntaxError) -> JSON.Value {
        index += 1
        var items: [JSON] = []
        skipWhitespace()
        if peek(UInt8(ascii: "]")) { index += 1; return .array(items) }
        while true {
            skipWhitespace()
            items.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            if peek(UInt8(ascii: ",")) {
                index += 1
                skipWhitespace()
                if peek(UInt8(ascii: "]")) { throw error("右方括号前有多余的逗号") }
                continue
            }
            if peek(UInt8(ascii: "]")) { index += 1; return .array(items) }
            throw error("缺少逗号或右方括号，实际是 \(describeCurrent())")
        }
    }

    private mutating func parseString() throws(JSONSyntaxError) -> String {
        index += 1  // opening quote
        var out: [UInt8] = []
        while true {
            guard index < bytes.count else { throw error("字符串没有结束的双引号") }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                guard let s = String(validating: out, as: UTF8.self) else { throw error("字符串不是有效的 UTF-8") }
                return s
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw error("字符串没有结束的双引号") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): out.append(escape)
                case UInt8(ascii: "\\"): out.append(escape)
                case UInt8(ascii: "/"): out.append(escape)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try parseHex4()
                    if (0xD800...0xDBFF).contains(scalar) {
                        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                              bytes[index + 1] == UInt8(ascii: "u") else { throw error("不成对的 UTF-16 代理项") }
                        index += 2
                        let low = try parseHex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw error("不成对的 UTF-16 代理项") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(scalar) {
                        throw error("不成对的 UTF-16 代理项")
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { throw error("无效的 Unicode 转义") }
                    out.append(contentsOf: Array(String(Character(unicode)).utf8))
                default:
                    throw error("无效的转义 \\\(String(UnicodeScalar(escape)))")
                }
            case 0x00..<0x20:
                throw error(byte == 0x0A ? "字符串中有未转义的换行（缺少结束的双引号？）" : "字符串中有未转义的控制字符")
            default:
                out.append(byte)
                index += 1
            }
        }
    }

    private mutating func parseHex4() throws(JSONSyntaxError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("\\u 后应有 4 位十六进制数") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[index]
            let digit: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(b - UInt8(ascii: "A") + 10)
            default: throw error("\\u 后应有 4 位十六进制数")
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }

    private mutating func parseNumber() throws(JSONSyntaxError) -> String {
        let start = index
        func isDigit(_ i: Int) -> Bool { i < bytes.count && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i]) }
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard isDigit(index) else { throw error("数字格式错误") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if isDigit(index) { throw error("数字不能以 0 开头") }
        } else {
            while isDigit(index) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard isDigit(index) else { throw error("小数点后缺少数字") }
            while isDigit(index) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard isDigit(index) else { throw error("指数部分缺少数字") }
            while isDigit(index) { index += 1 }
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONSyntaxError) {
        let expected = Array(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
        guard index + expected.count <= bytes.count, Array(bytes[index..<index + expected.count]) == expected else {
            throw error("无法识别的字符 \(describeCurrent())")
        }
        index += expected.count
    }

    // MARK: - Position

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0D: index += 1
            case 0x0A:
                index += 1
                line += 1
                lineStart = index
            default: return
            }
        }
    }

    private func peek(_ byte: UInt8) -> Bool { index < bytes.count && bytes[index] == byte }

    /// Column in characters (not bytes) of the current position.
    private var column: Int { Self.column(bytes, from: lineStart, to: index) }

    private static func column(_ bytes: [UInt8], from lineStart: Int, to index: Int) -> Int {
        let end = min(index, bytes.count)
        guard lineStart <= end else { return 1 }
        return String(decoding: bytes[lineStart..<end], as: UTF8.self).count + 1
    }

    private func describeCurrent() -> String {
        guard index < bytes.count else { return "文件结尾" }
        var end = index + 1
        while end < bytes.count, end - index < 4, bytes[end] & 0xC0 == 0x80 { end += 1 }
        let text = String(decoding: bytes[index..<end], as: UTF8.self)
        return "“\(text)”"
    }

    private func error(_ reason: String) -> JSONSyntaxError {
        JSONSyntaxError(line: line, column: column, reason: reason)
    }
}
