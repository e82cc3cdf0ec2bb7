import Foundation
import GongkaiCore
import GongkaiOffice
import GongkaiStore
import Vapor

/// The public catalogue (政府信息公开目录): browse by 条例 Art. 20 item, kind, year and 有效性, search with the words
/// highlighted, each record at `/catalogue/record/{索引号}` with its metadata table as portals show it, and Atom feeds.
enum CataloguePages {
    struct Run: Encodable {
        let text: String
        let hit: Bool
    }

    struct Row: Encodable {
        let indexNumber: String
        let href: String
        let title: [Run]
        let summary: [Run]
        let documentNumber: String?
        let kind: String
        let formedOn: String
        let publishedOn: String
        let validity: String?
        let inForce: Bool
    }

    struct Choice: Encodable {
        let value: String
        let label: String
        let selected: Bool
    }

    struct ListBody: Encodable {
        let q: String
        let total: Int
        /// More hits than `total` (counted up to ``Office/countedSearchHits``).
        let more: Bool
        let filtered: Bool
        let rows: [Row]
        let items: [Choice]
        let kinds: [Choice]
        let years: [Choice]
        let validities: [Choice]
        let pages: [CaseSearchPages.PageLink]
        let feed: String
        let error: String?
    }

    struct Field: Encodable {
        let label: String
        let value: String
        var href: String? = nil
    }

    struct Version: Encodable {
        let version: Int
        let publishedOn: String
        let title: String
        let validity: String?
        let current: Bool
    }

    struct RecordBody: Encodable {
        let title: String
        let indexNumber: String
        let fields: [Field]
        let paragraphs: [String]
        let superseded: Bool
        let showing: Int
        let versions: [Version]
        let interpretations: [Field]
        let replaced: [Field]
        let attachments: [Attachment]
    }

    struct Attachment: Encodable {
        let name: String
        let href: String
        let size: String
        let sha256: String
    }

    static func register(_ app: any RoutesBuilder) {
        // The public's pages are the platform's busiest: rendered once per catalogue version (``PageCache``).
        app.endpoint(.GET, "catalogue", access: .everyone, summary: "政府信息公开目录（浏览与检索）", responseType: "text/html") { req in
            try await req.cachedPage { try await list(req) }
        }
        app.endpoint(.GET, "catalogue/record/**", access: .everyone, summary: "目录记录（按索引号）", responseType: "text/html") { req in
            // (Decoded only where there is something to decode: Foundation's decoding was a twentieth of serving the page.)
            var parts = req.parameters.getCatchall().map { $0.utf8.contains(UInt8(ascii: "%")) ? $0.removingPercentEncoding ?? $0 : $0 }
            // `…/{索引号}/files/{sha256}`: an attachment (no 索引号 ends so).
            if parts.count > 2, parts[parts.count - 2] == "files", CatalogueAttachment.isDigest(parts[parts.count - 1]) {
                let digest = parts.removeLast()
                parts.removeLast()
                return try await attachment(req, indexNumber: parts.joined(separator: "/"), sha256: digest)
            }
            return try await req.cachedPage { try await record(req, indexNumber: parts.joined(separator: "/")) }
        }
        app.endpoint(.GET, "catalogue/feed.atom", access: .everyone, summary: "目录的 Atom 订阅（可按类别）", responseType: "application/atom+xml") { req in
            try await req.cachedPage { try await feed(req) }
        }
    }

    /// The filter of a query string (`item`, `kind`, `year`, `validity`); unknown values are ignored.
    static func filter(_ req: Request) -> CatalogueFilter {
        var filter = CatalogueFilter()
        filter.article20 = req.query[String.self, at: "item"].flatMap { Int($0) }.flatMap { (1...15).contains($0) ? $0 : nil }
        filter.kind = req.query[String.self, at: "kind"].flatMap(CatalogueKind.init(rawValue:))
        filter.year = req.query[String.self, at: "year"].flatMap { Int($0) }.flatMap { (1990...2100).contains($0) ? $0 : nil }
        filter.validity = req.query[String.self, at: "validity"].flatMap(Validity.init(rawValue:))
        return filter
    }

    static func href(_ req: Request, _ indexNumber: String) -> String {
        let path = indexNumber.split(separator: "/", omittingEmptySubsequences: false)
            .map { String($0).addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? "" }
            .joined(separator: "/")
        return req.base + "/catalogue/record/" + path
    }

    static func runs(_ text: String, _ words: [String]) -> [Run] {
        SearchText.highlight(text, words: words).map { Run(text: $0.text, hit: $0.hit) }
    }

    static func list(_ req: Request) async throws -> Response {
        let filter = filter(req)
        let q = String((req.query[String.self, at: "q"] ?? "").prefix(100))
        let page = max(1, req.query[String.self, at: "page"].flatMap { Int($0) } ?? 1)
        let size = 20
        let office = req.office
        var error: String?
        var total = 0
        var more = false
        var records: [StoredCatalogueRecord] = []
        var words: [String] = []
        if q.trimmingWhitespace.isEmpty {
            (total, records) = try await office.catalogueList(filter, limit: size, offset: (page - 1) * size)
        } else {
            // A word found in thousands of records is counted to a thousand (the pages list the first fifty pages):
            // nobody reads further, and counting them all was most of such a search's time.
            let result = try await office.searchCatalogue(q, filter: filter, limit: size, offset: (page - 1) * size,
                                                          countUpTo: Office.countedSearchHits)
            if result.query.isEmpty { error = "「\(q)」中没有可检索的文字" }
            (total, more, records, words) = (result.total, result.more, result.records, result.query.words)
        }
        let rows = records.map { stored in
            let record = stored.record
            return Row(indexNumber: stored.indexNumber, href: href(req, stored.indexNumber), title: runs(record.title, words),
                       summary: runs(SearchText.excerpt(record.summary, words: words, length: 90), words),
                       documentNumber: record.documentNumber, kind: record.kind.displayName, formedOn: record.formedOn.description,
                       publishedOn: record.publishedOn?.description ?? "", validity: record.validity?.displayName,
                       inForce: record.validity == nil || record.validity == .inForce)
        }
        let thisYear = office.today.year
        let items = Article20.items.indices.map { i in
            Choice(value: String(i + 1), label: Article20.title(i + 1)!, selected: filter.article20 == i + 1)
        }
        let kinds = CatalogueKind.allCases.map { Choice(value: $0.rawValue, label: $0.displayName, selected: filter.kind == $0) }
        let years = (max(thisYear - 15, 2008)...thisYear).reversed().map { Choice(value: String($0), label: "\($0)年", selected: filter.year == $0) }
        let validities = Validity.allCases.map { Choice(value: $0.rawValue, label: $0.displayName, selected: filter.validity == $0) }
        var parameters = ["q": q, "kind": filter.kind?.rawValue ?? "", "year": filter.year.map(String.init) ?? "",
                          "validity": filter.validity?.rawValue ?? "", "item": filter.article20.map(String.init) ?? ""]
        parameters = parameters.filter { !$0.value.isEmpty }
        let pages = CaseSearchPages.pageLinks(req, path: "/catalogue", page: page, pageCount: (total + size - 1) / size, parameters: parameters)
        let body = ListBody(q: q, total: total, more: more, filtered: !parameters.isEmpty, rows: rows, items: items, kinds: kinds, years: years,
                            validities: validities, pages: pages,
                            feed: req.base + "/catalogue/feed.atom" + (filter.kind.map { "?kind=\($0.rawValue)" } ?? ""), error: error)
        return try await req.page("catalogue", title: q.isEmpty ? "政府信息公开目录" : "检索：\(q)", body)
    }

    static func record(_ req: Request, indexNumber number: String) async throws -> Response {
        let versions = try await req.office.catalogueRecord(number)
        let requested = req.query[String.self, at: "version"].flatMap { Int($0) }
        let shown = versions.first { $0.version == requested } ?? versions[0]
        let record = shown.record
        var fields = [
            Field(label: "索引号", value: shown.indexNumber),
            Field(label: "主题分类", value: record.article20.flatMap(Article20.title) ?? record.kind.displayName),
            Field(label: "发布机构", value: record.issuer ?? (try? req.office.agency.name) ?? ""),
            Field(label: "生成日期", value: record.formedOn.chineseDescription),
            Field(label: "发布日期", value: record.publishedOn?.chineseDescription ?? ""),
            Field(label: "文号", value: record.documentNumber ?? "无"),
            Field(label: "类别", value: record.kind.displayName),
            Field(label: "公开方式", value: record.disclosure.displayName),
        ]
        if let validity = record.validity {
            var text = validity.displayName
            if let changed = record.validityChangedOn { text += "（\(changed.chineseDescription)起）" }
            fields.append(Field(label: "有效性", value: text))
        }
        if let replacement = record.replacedBy {
            let target = try? await req.office.catalogueRecord(replacement).first
            fields.append(Field(label: "替代它的文件", value: target?.record.title ?? replacement, href: target == nil ? nil : href(req, replacement)))
        }
        if let interprets = record.interprets {
            let target = try? await req.office.catalogueRecord(interprets).first
            fields.append(Field(label: "解读的文件", value: target?.record.title ?? interprets, href: target == nil ? nil : href(req, interprets)))
        }
        fields.append(Field(label: "内容概述", value: record.summary))
        // What points at this record: its interpretations, and the documents it replaced (修订).
        let links = try await req.office.catalogueLinks(to: shown.indexNumber)
        let interpretations = links.interpretations.map { Field(label: "政策解读", value: $0.record.title, href: href(req, $0.indexNumber)) }
        let replaced = links.replaced.map { stored in
            Field(label: "被替代的文件", value: stored.record.title + (stored.record.documentNumber.map { "（\($0)）" } ?? ""),
                  href: href(req, stored.indexNumber))
        }
        let versionQuery = shown.version == versions[0].version ? "" : "?version=\(shown.version)"
        let attachments = record.attachments.map { file in
            Attachment(name: file.name, href: href(req, shown.indexNumber) + "/files/" + file.sha256 + versionQuery,
                       size: file.sizeDescription, sha256: file.sha256)
        }
        let paragraphs = (record.text ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingWhitespace }.filter { !$0.isEmpty }
        let body = RecordBody(
            title: record.title, indexNumber: shown.indexNumber, fields: fields, paragraphs: paragraphs,
            superseded: shown.version != versions[0].version, showing: shown.version,
            versions: versions.count > 1 ? versions.map {
                Version(version: $0.version, publishedOn: $0.record.publishedOn?.description ?? "", title: $0.record.title,
                        validity: $0.record.validity?.displayName, current: $0.version == versions[0].version)
            } : [],
            interpretations: interpretations, replaced: replaced, attachments: attachments)
        return try await req.page("catalogue-record", title: record.title, body)
    }

    /// An attachment's bytes, named as published (RFC 6266 `filename*`), with its SHA-256 as the entity tag: it never
    /// changes, so it is cached for good.
    static func attachment(_ req: Request, indexNumber: String, sha256 digest: String) async throws -> Response {
        let version = req.query[String.self, at: "version"].flatMap { Int($0) }
        let (file, bytes) = try await req.office.catalogueAttachment(indexNumber, version: version, sha256: digest)
        return download(file, bytes, for: req)
    }

    static func download(_ file: CatalogueAttachment, _ bytes: [UInt8], for req: Request) -> Response {
        let etag = "\"\(file.sha256)\""
        if req.headers.first(name: .ifNoneMatch) == etag { return Response(status: .notModified) }
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: file.mediaType)
        headers.replaceOrAdd(name: .contentDisposition, value: Downloads.contentDisposition(file.name))
        headers.replaceOrAdd(name: .eTag, value: etag)
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=31536000, immutable")
        headers.replaceOrAdd(name: "X-Content-SHA256", value: file.sha256)
        return Response(status: .ok, headers: headers, body: .init(buffer: ByteBuffer(bytes: bytes)))
    }

    /// Atom (RFC 4287): the 50 newest records of the agency, or of one kind.
    static func feed(_ req: Request) async throws -> Response {
        var filter = CatalogueFilter()
        filter.kind = req.query[String.self, at: "kind"].flatMap(CatalogueKind.init(rawValue:))
        let office = req.office
        let agency = try office.agency
        let records = try await office.catalogueList(filter, limit: 50).records
        let site = req.headers.first(name: .host).map { "http://\($0)" } ?? ""
        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        func stamp(_ date: CivilDate?) -> String { (date ?? office.today).description + "T00:00:00+08:00" }
        let title = agency.title + " 政府信息公开目录" + (filter.kind.map { " · " + $0.displayName } ?? "")
        var xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
            <title>\(escape(title))</title>
            <id>\(escape(site + req.url.string))</id>
            <link rel="self" href="\(escape(site + req.url.string))"/>
            <link rel="alternate" href="\(escape(site + req.base + "/catalogue" + (filter.kind.map { "?kind=\($0.rawValue)" } ?? "")))"/>
            <updated>\(stamp(records.first?.record.publishedOn))</updated>
            <author><name>\(escape(agency.title))</name></author>

            """
        for stored in records {
            let record = stored.record
            let link = site + href(req, stored.indexNumber)
            xml += """
                <entry>
                <title>\(escape(record.title))</title>
                <id>\(escape(link))</id>
                <link href="\(escape(link))"/>
                <updated>\(stamp(record.publishedOn))</updated>
                <summary>\(escape(record.summary))</summary>
                <category term="\(record.kind.rawValue)" label="\(escape(record.kind.displayName))"/>
                </entry>

                """
        }
        xml += "</feed>\n"
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "application", subType: "atom+xml", parameters: ["charset": "utf-8"])
        return Response(status: .ok, headers: headers, body: .init(string: xml))
    }
}
