/// A file published with a catalogue record (附件: the signed PDF, a form to fill in, a table), kept by the SHA-256 of
/// its content: the record names the file, the store keeps the bytes once, and anyone who downloads it can check it.
public struct CatalogueAttachment: Sendable, Hashable {
    /// The file name shown and offered on download, e.g. `附件1：申请表.docx`.
    public var name: String
    /// The SHA-256 of the content, 64 lower-case hex digits.
    public var sha256: String
    /// The size in bytes.
    public var size: Int
    /// The media type, e.g. `application/pdf`.
    public var mediaType: String
    /// On import only: where the file is, relative to the JSON Lines file (never stored: the content is).
    public var path: String?

    public init(name: String, sha256: String, size: Int, mediaType: String? = nil, path: String? = nil) {
        self.name = name
        self.sha256 = sha256
        self.size = size
        self.mediaType = mediaType ?? Self.mediaType(forName: name)
        self.path = path
    }

    /// The media type of a file name's extension (the formats agencies publish), `application/octet-stream` otherwise.
    public static func mediaType(forName name: String) -> String {
        let ext = name.split(separator: ".").last.map { $0.lowercased() } ?? ""
        return switch ext {
        case "pdf": "application/pdf"
        case "doc": "application/msword"
        case "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case "xls": "application/vnd.ms-excel"
        case "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case "ofd": "application/ofd"
        case "wps": "application/vnd.ms-works"
        case "zip": "application/zip"
        case "jpg", "jpeg": "image/jpeg"
        case "png": "image/png"
        case "txt": "text/plain; charset=utf-8"
        default: "application/octet-stream"
        }
    }

    /// Why a name cannot be a file's, or nil: no path separators or control characters, at most 200 characters.
    public static func nameProblem(_ name: String) -> String? {
        guard !name.isEmpty else { return "附件名称不能为空" }
        guard name.count <= 200 else { return "附件名称不能超过 200 个字" }
        guard !name.contains(where: { $0 == "/" || $0 == "\\" || $0.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F } }),
              name != ".", name != ".."
        else { return "附件名称“\(name)”不能含有斜杠或控制字符" }
        return nil
    }

    /// Whether `text` is a SHA-256 as written here.
    public static func isDigest(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) }
    }

    /// A readable size: `12 KB`, `3.4 MB`.
    public var sizeDescription: String {
        if size < 1024 { return "\(size) B" }
        if size < 1024 * 1024 { return "\((size + 512) / 1024) KB" }
        let tenths = (size * 10 + 512 * 1024) / (1024 * 1024)
        return "\(tenths / 10).\(tenths % 10) MB"
    }
}

extension CatalogueAttachment {
    /// As CATALOGUE-JSONL writes it: `{"name", "sha256", "bytes", "mediaType"}` (never `path`).
    public var json: JSON {
        .object([("name", .string(name)), ("sha256", .string(sha256)), ("bytes", .int(size)), ("mediaType", .string(mediaType))])
    }

    /// One written by ``json``, read back as it was (nil when it is not of that shape).
    public init?(written json: JSON) {
        guard case let .string(name)? = json["name"]?.value, case let .string(digest)? = json["sha256"]?.value,
              case let .number(size)? = json["bytes"]?.value, let bytes = Int(size)
        else { return nil }
        var mediaType: String?
        if case let .string(type)? = json["mediaType"]?.value { mediaType = type }
        self.init(name: name, sha256: digest, size: bytes, mediaType: mediaType)
    }
}
