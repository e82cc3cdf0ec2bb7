import Foundation
import GongkaiCore
import GongkaiOffice
import GongkaiStore
import Vapor

/// The catalogue in the JSON API: the same use cases as the pages and the CLI.
enum CatalogueAPI {
    static func register(_ api: any RoutesBuilder) {
        api.endpoint(.GET, "catalogue", access: .everyone,
                     summary: "检索或浏览主动公开目录：q（检索词，空格分开）、kind、year、validity、item（条例第二十条项号）、page、pageSize；返回 total 与 hits（CATALOGUE-JSONL 记录）") { req in
            let filter = CataloguePages.filter(req)
            let q = String((req.query[String.self, at: "q"] ?? "").prefix(100))
            let page = max(1, req.query[String.self, at: "page"].flatMap { Int($0) } ?? 1)
            let size = min(max(req.query[String.self, at: "pageSize"].flatMap { Int($0) } ?? 20, 1), 200)
            let (total, records): (Int, [StoredCatalogueRecord])
            if q.trimmingWhitespace.isEmpty {
                (total, records) = try await req.office.catalogueList(filter, limit: size, offset: (page - 1) * size)
            } else {
                let result = try await req.office.searchCatalogue(q, filter: filter, limit: size, offset: (page - 1) * size)
                if result.query.isEmpty { throw OfficeError.invalid("「\(q)」中没有可检索的文字", field: "q") }
                (total, records) = (result.total, result.records)
            }
            return APIResponse.json(.object([
                ("total", .int(total)), ("page", .int(page)), ("pageSize", .int(size)),
                ("hits", .array(records.map { $0.json() })),
            ]))
        }
        api.endpoint(.GET, "catalogue/record/**", access: .everyone, summary: "一条目录记录的各个版本（按索引号，新版本在前）") { req in
            let number = req.parameters.getCatchall().map { $0.removingPercentEncoding ?? $0 }.joined(separator: "/")
            let versions = try await req.office.catalogueRecord(number)
            return APIResponse.json(.object([("indexNumber", .string(versions[0].indexNumber)), ("versions", .array(versions.map { $0.json() }))]))
        }
        api.endpoint(.GET, "catalogue/due", access: .permission(.viewCases), summary: "公开期限提醒：待发布稿件（条例第二十六条）与缺少政策解读的文件") { req in
            let due = try await req.office.catalogueDue(by: req.actor)
            return APIResponse.json(due.json())
        }
        api.endpoint(.GET, "catalogue/export", access: .permission(.viewCases), summary: "导出本机关目录（CATALOGUE-JSONL，每条记录的现行版本）",
                     responseType: "application/x-ndjson") { req in
            let text = try await req.office.exportCatalogue(by: req.actor)
            var headers = HTTPHeaders()
            headers.contentType = HTTPMediaType(type: "application", subType: "x-ndjson", parameters: ["charset": "utf-8"])
            return Response(status: .ok, headers: headers, body: .init(string: text))
        }
        api.endpoint(.POST, "catalogue/import", access: .permission(.draftCatalogue),
                     summary: "导入目录（请求体为 CATALOGUE-JSONL）：整个文件无误才导入；有错时返回每行的错误（line、indexNumber、field、message）",
                     maxBody: "64mb", creates: true) { req in
            let bytes = req.body.data.map { Array(Data(buffer: $0)) } ?? []
            let (records, errors) = CatalogueFile.parse(bytes)
            if !errors.isEmpty {
                let list: [JSON] = errors.prefix(200).map { error in
                    .object([("line", .int(error.line)), ("indexNumber", error.caseID.map(JSON.string) ?? .null),
                             ("field", .string(error.path)), ("message", .string(error.description))])
                }
                return APIResponse.json(.object([
                    ("error", .string("共 \(errors.count) 行有错，未导入任何记录")), ("errors", .array(list)),
                ]), status: .unprocessableEntity)
            }
            let result = try await req.office.importCatalogue(records, file: "API 导入", by: req.actor)
            return APIResponse.json(.object([
                ("published", .int(result.published.count)), ("drafts", .array(result.drafts.map(JSON.int))),
            ]), status: .created)
        }
    }
}
