import Crypto
import FluentKit
import Foundation
import GongkaiCore
import SQLKit

/// The files of catalogue records, kept by the SHA-256 of their content.
public enum CatalogueFiles {
    /// The SHA-256 of `bytes`, lower-case hex.
    public static func sha256(_ bytes: some DataProtocol) -> String {
        SHA256.hash(data: bytes).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// An attachment describing `bytes` under `name`.
    public static func attachment(name: String, bytes: [UInt8], mediaType: String? = nil) -> CatalogueAttachment {
        CatalogueAttachment(name: name, sha256: sha256(bytes), size: bytes.count, mediaType: mediaType)
    }

    /// The `attachments` column of a version: a JSON array as CATALOGUE-JSONL writes it, nil when there are none.
    static func column(_ attachments: [CatalogueAttachment]) -> String? {
        attachments.isEmpty ? nil : JSONWriter.string(.array(attachments.map(\.json)), style: .compact)
    }

    static func attachments(_ column: String?, of record: String) throws -> [CatalogueAttachment] {
        guard let column else { return [] }
        guard let root = try? JSONParser.parse(Array(column.utf8)), case let .array(items) = root.value else {
            throw StoreError("库中目录记录 \(record) 的附件清单无法读取", kind: .corrupt)
        }
        return try items.map { item in
            guard let attachment = CatalogueAttachment(written: item) else {
                throw StoreError("库中目录记录 \(record) 的附件清单无法读取", kind: .corrupt)
            }
            return attachment
        }
    }

    /// Stores the contents not stored yet, inside the caller's transaction, and checks that every attachment of
    /// `records` has its content here (given now or stored before) with the size it claims.
    static func save(_ files: [[UInt8]], for records: [CatalogueRecord], on sql: any SQLDatabase) async throws {
        var given: [String: [UInt8]] = [:]
        for bytes in files { given[sha256(bytes)] = bytes }
        let wanted = Set(records.flatMap { $0.attachments.map(\.sha256) })
        var stored: [String: Int] = [:]
        for chunk in Array(wanted).chunks(of: 500) {
            let rows = try await sql.select().column("sha256").column("size").from("catalogue_files").where("sha256", .in, Array(chunk)).all()
            for row in rows { stored[try row.decode(column: "sha256", as: String.self)] = try row.decode(column: "size", as: Int.self) }
        }
        for record in records {
            for file in record.attachments {
                let size = given[file.sha256]?.count ?? stored[file.sha256]
                guard let size else {
                    throw StoreError("「\(record.title)」的附件「\(file.name)」（SHA-256 \(file.sha256.prefix(12))…）的内容不在库中，也没有随导入提供",
                                     kind: .invalid)
                }
                guard size == file.size else {
                    throw StoreError("「\(record.title)」的附件「\(file.name)」写明 \(file.size) 字节，内容实为 \(size) 字节", kind: .invalid)
                }
            }
        }
        let now = CaseStore.now()
        for (digest, bytes) in given where stored[digest] == nil && wanted.contains(digest) {
            try await sql.insert(into: "catalogue_files").columns("sha256", "size", "content", "stored_at")
                .values(digest, bytes.count, Data(bytes), now).run()
            stored[digest] = bytes.count
        }
    }
}

extension CaseStore {
    /// A file's content by its SHA-256 (nil: not stored).
    public func catalogueFile(sha256 digest: String) async throws -> [UInt8]? {
        guard CatalogueAttachment.isDigest(digest) else { return nil }
        guard let row = try await sql.select().column("content").from("catalogue_files").where("sha256", .equal, digest).first()
        else { return nil }
        let data = try row.decode(column: "content", as: Data.self)
        guard CatalogueFiles.sha256(data) == digest else {
            throw StoreError("库中附件 \(digest.prefix(12))… 的内容与其 SHA-256 不符", kind: .corrupt)
        }
        return Array(data)
    }
}
