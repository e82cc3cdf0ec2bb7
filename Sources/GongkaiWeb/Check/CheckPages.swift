import Foundation
import GongkaiCore
import GongkaiOffice
import GongkaiParsing
import GongkaiRendering
import GongkaiStore
import Vapor

enum CheckPages {
    struct CheckBody: Encodable {
        struct SourceLine: Encodable {
            let number: Int
            let text: String
            let flagged: Bool
        }

        struct FindingRow: Encodable {
            let severity: String
            let level: String
            let code: String
            /// The code's Chinese name (`逾期发布`), the code itself when it has none.
            let name: String
            let message: String
            let place: String
            let line: Int?

            init(_ finding: Finding, line: Int?) {
                severity = finding.severity.displayName
                level = finding.severity.rawValue
                code = finding.code.rawValue
                name = finding.code.label
                message = finding.message
                place = LocationText.describe(finding.location)
                self.line = line
            }
        }

        let fileName: String?
        let error: String?
        let summary: String?
        let reportHTML: String?
        let findings: [FindingRow]
        let source: [SourceLine]
        let maxMB: Int
    }


    static func register(_ app: any RoutesBuilder, application: Application) {
        app.endpoint(.GET, "staff/check", access: .permission(.viewCases), summary: "报告导入与检查", responseType: "text/html") { req in
            try await req.page("check", title: "报告导入与检查", CheckBody(
                fileName: nil, error: nil, summary: nil, reportHTML: nil, findings: [], source: [],
                maxMB: req.settings.maxUploadBytes >> 20))
        }
        app.endpoint(.POST, "staff/check", access: .permission(.viewCases), summary: "上传报告文件检查", responseType: "text/html",
                     maxBody: Limits.upload(req: application)) { req in
            let body: CheckBody
            do {
                let upload = try Uploads.report(req)
                body = try await checkBody(req, upload: upload)
            } catch let abort as any AbortError where [.unprocessableEntity, .payloadTooLarge, .unsupportedMediaType].contains(abort.status) {
                body = CheckBody(fileName: nil, error: abort.reason, summary: nil, reportHTML: nil, findings: [], source: [],
                                 maxMB: req.settings.maxUploadBytes >> 20)
                return try await req.page("check", title: "报告导入与检查", body, status: abort.status)
            }
            return try await req.page("check", title: "报告导入与检查", body)
        }
    }

    static func checkBody(_ req: Request, upload: Uploads.File) async throws -> CheckBody {
        let (report, lines) = try await read(upload)
        let flagged = Set(report.findings.compactMap(\.location.line))
        let errors = report.findings.filter { $0.severity == .error }.count
        let warnings = report.findings.filter { $0.severity == .warning }.count
        let notAReport = report.findings.contains { $0.code == .notAReport }
        var summary = notAReport ? "未识别为政府信息公开工作年度报告"
            : "\(report.agency ?? "（未识别机关）") \(report.year.map { "\($0) 年度" } ?? "（未识别年度）")，\(report.format == .y2021 ? "2021 版" : "2019 版")格式"
        summary += "：错误 \(errors) 处，警告 \(warnings) 处，共 \(report.findings.count) 条发现"
        return CheckBody(
            fileName: upload.name, error: nil, summary: summary,
            reportHTML: HTMLRenderer.render(report, mode: .fragment),
            findings: report.findings.map { finding in
                CheckBody.FindingRow(finding, line: finding.location.line)
            },
            source: lines.prefix(5000).map { .init(number: $0.number, text: $0.text, flagged: flagged.contains($0.number)) },
            maxMB: req.settings.maxUploadBytes >> 20)
    }
}

/// Reads an uploaded report on a thread pool of its own, never on a request's event loop (a PDF runs pdftotext,
/// whose time is limited by `PDFText.timeLimit`; a DOCX is inflated and parsed). Not on the shared pool either: the
/// templates and the site's files are read there, and two slow PDFs holding both of its threads kept the home page
/// waiting 18 s (Tests/Browser/e2e.py, "slow PDF"). More uploads than this pool's threads wait for a thread.
func read(_ upload: Uploads.File) async throws -> (report: AnnualReport, lines: [(number: Int, text: String)]) {
    let bytes = upload.bytes
    // Gongkai's own report JSON (what `gongkai render --format json` and the API give) is read as the contract, not
    // as the text of a published report (it was "not a report" beside a summary naming its format).
    if upload.isReportJSON {
        do throws(ReportDecodingError) {
            let report = try AnnualReport(jsonBytes: bytes).rechecked()
            let text = String(decoding: bytes, as: UTF8.self)
            return (report, text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { ($0.offset + 1, String($0.element)) })
        } catch {
            throw OfficeError.invalid("「\(upload.name)」不是有效的报告 JSON：\(error.description)", field: "file")
        }
    }
    let result: Result<(report: AnnualReport, lines: [(number: Int, text: String)]), ReadError> =
        try await Uploads.readers.runIfActive {
            do throws(ReadError) { return .success(try ReportReader.readWithSource(bytes: bytes)) } catch { return .failure(error) }
        }
    switch result {
    case let .success(value): return value
    case let .failure(error): throw OfficeError.invalid("「\(upload.name)」无法读取：\(error.reason)", field: "file")
    }
}

/// Uploaded report files: limited in size and type, with a clear message.
enum Uploads {
    /// The threads that read uploads (started once, for the life of the process).
    static let readers: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: max(2, System.coreCount))
        pool.start()
        return pool
    }()

    struct File {
        let name: String
        let bytes: [UInt8]

        /// A `.json` file, or any file whose first character is `{` (a report JSON has no other shape).
        var isReportJSON: Bool {
            (name as NSString).pathExtension.lowercased() == "json" || JSONParser.startsWithObject(bytes)
        }
    }

    static let extensions = ["txt", "md", "markdown", "html", "htm", "docx", "pdf", "json"]

    /// The `file` field of a multipart form, or a raw body (API: `Content-Type: application/octet-stream` and
    /// `?name=FILE`).
    static func report(_ req: Request) throws -> File {
        let limit = req.settings.maxUploadBytes
        let name: String
        let data: ByteBuffer
        if req.headers.contentType?.type == "multipart" {
            guard let file = try? req.content.get(Vapor.File.self, at: "file"), file.data.readableBytes > 0 else {
                throw Abort(.unprocessableEntity, reason: "请选择要检查的报告文件")
            }
            name = file.filename
            data = file.data
        } else {
            guard let body = req.body.data, body.readableBytes > 0 else { throw Abort(.unprocessableEntity, reason: "请上传报告文件") }
            name = (try? req.query.get(String.self, at: "name")) ?? "report.txt"
            data = body
        }
        guard data.readableBytes <= limit else {
            throw Abort(.payloadTooLarge, reason: "文件「\(name)」有 \(data.readableBytes >> 20) MB，超过 \(limit >> 20) MB 的上限")
        }
        let ext = (name as NSString).pathExtension.lowercased()
        guard extensions.contains(ext) else {
            throw Abort(.unsupportedMediaType, reason: "不支持「\(name)」的文件类型：请上传 txt、md、html、docx、pdf 或报告 JSON 文件")
        }
        return File(name: name, bytes: Array(buffer: data))
    }
}
