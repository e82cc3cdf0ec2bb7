import Foundation
import GongkaiStore
import Vapor

/// The site's few static files (style sheet, scripts, icon), read into memory at start and served from there at their
/// root addresses (`/site.css`…), with an ETag and 304 for a browser that has them.
///
/// Vapor's `FileMiddleware` looked on disk for every request's path before any route ran (percent-decoding the path
/// and a `stat` each time): a tenth of serving a cached catalogue page, for five files that never change while the
/// server runs.
struct StaticFiles: AsyncMiddleware {
    struct File: Sendable {
        let bytes: ByteBuffer
        let contentType: String
        let etag: String
    }

    let files: [String: File]

    /// The files of `directory` (not its subfolders), by `/name`.
    init(directory: URL) throws {
        var files: [String: File] = [:]
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        for name in names where !name.hasPrefix(".") {
            let url = directory.appendingPathComponent(name)
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue else { continue }
            let data = try Data(contentsOf: url)
            let digest = String(CatalogueFiles.sha256(data).prefix(24))
            let type = HTTPMediaType.fileExtension(url.pathExtension).map { "\($0.type)/\($0.subType)" } ?? "application/octet-stream"
            let charset = ["css", "js", "svg", "html", "txt"].contains(url.pathExtension) ? "; charset=utf-8" : ""
            files["/" + name] = File(bytes: ByteBuffer(data: data), contentType: type + charset, etag: "\"\(digest)\"")
        }
        self.files = files
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.method == .GET || request.method == .HEAD, let file = files[request.path] else {
            return try await next.respond(to: request)
        }
        var headers = HTTPHeaders()
        headers.add(name: .eTag, value: file.etag)
        headers.add(name: .cacheControl, value: "public, max-age=3600")
        if request.headers.first(name: .ifNoneMatch) == file.etag {
            return Response(status: .notModified, headers: headers)
        }
        headers.add(name: .contentType, value: file.contentType)
        return Response(status: .ok, headers: headers, body: .init(buffer: file.bytes))
    }
}
