import Foundation
import GongkaiCore
import GongkaiOffice
import GongkaiParsing
import GongkaiStore
import Leaf
import LeafKit
import Vapor

/// `gongkai serve`: the public portal, the staff back office and the JSON API over one store.
public enum GongkaiServer {
    /// Sets up an application: views, middleware, routes. The store stays the caller's to close.
    public static func configure(_ app: Application, store: CaseStore, settings: ServerSettings) throws {
        app.storage[Application.SettingsKey.self] = settings
        app.storage[Application.PageCacheKey.self] = PageCache()
        app.storage[Application.OfficeKey.self] = GongkaiOffice.Office(store: store, settings: settings.office,
                                                         passwords: BcryptHasher(cost: settings.passwordCost))
        guard let resources = Bundle.module.resourceURL else { throw Abort(.internalServerError, reason: "找不到页面模板") }
        let views = resources.appendingPathComponent("Views").path + "/"
        // The templates live in the build folder (.build/…), which the default limits (visible files only) refuse.
        app.leaf.sources = LeafSources.singleSource(NIOLeafFiles(
            fileio: app.fileio, limits: [.toSandbox, .requireExtensions], sandboxDirectory: views, viewDirectory: views))
        app.leaf.cache.isEnabled = app.environment.isRelease || app.environment == .testing
        app.views.use(.leaf)
        app.passwords.use(.bcrypt(cost: settings.passwordCost))
        app.middleware = Middlewares()
        app.middleware.use(SecurityHeadersMiddleware())
        app.middleware.use(PageErrorMiddleware())
        app.middleware.use(try StaticFiles(directory: resources.appendingPathComponent("Public")))
        app.middleware.use(SessionMiddleware())
        let cache = app.pageCache
        app.responder.use { app in PublicPageResponder(next: app.responder.default, cache: cache) }
        PDFText.timeLimit = settings.toolTimeLimit
        app.lifecycle.use(SessionPurger())
        // The installation's own routes (logging in, one's password, the agencies), then every agency's: at the root
        // for the first agency (the addresses of a one-agency installation), and under /a/{code}/ for each.
        AccountPages.registerInstallation(app)
        AccountAPI.registerInstallation(app.grouped("api"))
        for routes: any RoutesBuilder in [app, app.grouped("a", ":agency")] {
            PublicPages.register(routes)
            AccountPages.register(routes)
            CasePages.register(routes)
            CaseSearchPages.register(routes)
            ReportPages.register(routes)
            CheckPages.register(routes, application: app)
            AgencyPages.register(routes)
            CalendarPages.register(routes)
            CataloguePages.register(routes)
            CatalogueStaffPages.register(routes, application: app)
            OversightPages.register(routes, application: app)
            RegionPages.register(routes)
            GuidePages.register(routes)
            let api = routes.grouped("api")
            PublicAPI.register(api)
            AccountAPI.register(api)
            CaseAPI.register(api)
            ReportAPI.register(api)
            CheckAPI.register(api, app: app)
            AgencyAPI.register(api)
            CatalogueAPI.register(api)
            OversightAPI.register(api, application: app)
        }
        // Browsers ask for /favicon.ico on every page, the report pages (which have no <link rel="icon">) included.
        app.endpoint(.GET, "favicon.ico", access: .everyone, summary: "网站图标", responseType: "image/svg+xml") { req in
            req.redirect(to: "/favicon.svg", redirectType: .permanent)
        }
        app.endpoint(.GET, "openapi.json", access: .everyone, summary: "API 说明（OpenAPI 3）") { req async throws -> Response in
            let data = req.application.storage[OpenAPIDocumentKey.self] ?? Data()
            return Response(status: .ok, headers: ["Content-Type": "application/json; charset=utf-8"], body: .init(data: data))
        }
        // The routes are all registered now: the document is built once (it took 6 ms a request when built each time).
        app.storage[OpenAPIDocumentKey.self] = try JSONSerialization.data(
            withJSONObject: OpenAPI.document(for: app), options: [.sortedKeys, .prettyPrinted])
    }

    private struct OpenAPIDocumentKey: StorageKey {
        typealias Value = Data
    }

    /// Every route with who may call it, for the route-role test and the documentation.
    public static func routeTable(_ app: Application) -> [(method: String, path: String, access: String)] {
        app.routes.all.map { route in
            let info = route.userInfo[RouteInfo.key] as? RouteInfo
            let access: String = switch info?.access {
            case .everyone: "everyone"
            case .staff: "staff"
            case let .permission(p): p.rawValue
            case nil: "unregistered"
            }
            return (route.method.rawValue, "/" + route.path.map(\.description).joined(separator: "/"), access)
        }
    }
}

/// Errors as a Chinese page (or JSON `{"error": …}` for the API); a page that needs a login sends to the login page.
struct PageErrorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let (status, reason) = Self.describe(error)
            if request.isAPI {
                var object = ["error": reason]
                if let field = (error as? OfficeError)?.field { object["field"] = field }
                let body = try JSONSerialization.data(withJSONObject: object)
                return Response(status: status, headers: ["Content-Type": "application/json; charset=utf-8"], body: .init(data: body))
            }
            if status == .unauthorized {
                let next = request.url.path + (request.url.query.map { "?" + $0 } ?? "")
                return request.redirect(to: "/staff/login?next=" + (next.addingPercentEncoding(withAllowedCharacters: Self.unreserved) ?? "/staff"))
            }
            if status == .internalServerError { request.logger.report(error: error) }
            let page = Page(request, title: "出错了", body: ErrorBody(status: Int(status.code), reason: reason), agencies: [])
            do {
                let response = try await request.view.render("error", page).encodeResponse(for: request)
                response.status = status
                return response
            } catch {
                request.logger.report(error: error)
                let text = "<!DOCTYPE html><meta charset=utf-8><title>出错了</title><h1>\(reason.htmlEscaped())</h1>"
                return Response(status: status, headers: ["Content-Type": "text/html; charset=utf-8"], body: .init(string: text))
            }
        }
    }

    /// ASCII letters and digits: everything else in a `next` path is percent-encoded.
    static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    struct ErrorBody: Encodable {
        let status: Int
        let reason: String
    }

    static func describe(_ error: any Error) -> (HTTPResponseStatus, String) {
        if let error = error as? OfficeError { return (error.status, error.message) }
        if let abort = error as? any AbortError {
            let status = abort.status
            let standard = status.reasonPhrase
            if abort.reason != standard, !abort.reason.isEmpty, abort.reason.unicodeScalars.contains(where: { $0.value > 0x2E80 }) {
                return (status, abort.reason)
            }
            return (status, Self.chinese(status))
        }
        if let error = error as? StoreError { return (OfficeError(error).status, error.description) }
        if error is DecodingError { return (.badRequest, "提交的内容格式不对") }
        return (.internalServerError, "服务器内部错误，请稍后再试")
    }

    static func chinese(_ status: HTTPResponseStatus) -> String {
        switch status {
        case .notFound: "页面不存在"
        case .unauthorized: "请先登录"
        case .forbidden: "没有权限"
        case .payloadTooLarge: "上传的内容过大"
        case .unsupportedMediaType: "不支持的内容类型"
        case .methodNotAllowed: "不支持的请求方式"
        case .tooManyRequests: "尝试次数过多，请稍后再试"
        case .badRequest: "请求有误"
        case .serviceUnavailable: "暂时无法处理，请稍后再试"
        default: "出错了（\(status.code)）"
        }
    }
}

/// What every page gets: its title, the agency it is for (name and address prefix), the logged-in staff member with
/// what they may do in that agency, the other agencies (the public home lists them; staff switch between theirs),
/// the CSRF token for its forms, and its own content.
struct Page<Body: Encodable>: Encodable {
    static func section(of path: String) -> String {
        let parts = path.split(separator: "/").map(String.init)
        switch (parts.first, parts.dropFirst().first) {
        case (nil, _): return "home"
        case ("staff", nil): return "cases"
        case ("staff", "cases"): return parts.count == 2 ? "all" : (parts[2] == "new" ? "new" : "cases")
        case ("staff", let feature?): return feature
        case (let feature?, _): return feature
        }
    }

    struct Staff: Encodable {
        let username: String
        let name: String
        let roles: String
        /// `张三（经办人）`; a name that is its role (`管理员`, the first account) not said twice.
        let label: String
        let mayView: Bool
        let mayHandle: Bool
        let mayEditReport: Bool
        let mayManageUsers: Bool
        let mayViewAudit: Bool
        let mayDraftCatalogue: Bool
        let mayOversee: Bool
    }

    struct AgencyLink: Encodable {
        let name: String
        let base: String
        let level: String
        let current: Bool
    }

    let title: String
    let agency: String
    /// `""` for the first agency, `/a/{code}` for the others: every link of the agency's pages starts with it.
    let base: String
    let csrf: String
    let staff: Staff?
    /// Every agency of the installation (shown when there are several).
    let agencies: [AgencyLink]
    /// The agencies the staff member works in (a switcher when there are several).
    let staffAgencies: [AgencyLink]
    /// A message after a redirect (`?ok=…`), from a fixed list.
    let notice: String?
    /// Which menu entry this page belongs to (`cases`, `new`, `reports`, `check`, `users`, `audit`, `agencies`; `home`,
    /// `apply`, `track`, `reports` on public pages): the menu marks it `aria-current="page"`.
    let section: String
    let body: Body

    init(_ request: Request, title: String, body: Body, agencies: [Agency]) {
        self.title = title
        let here = request.agency
        self.agency = here?.name ?? request.settings.agency
        self.base = request.base
        self.csrf = request.csrfToken
        func link(_ agency: Agency) -> AgencyLink {
            AgencyLink(name: agency.name, base: Request.base(of: agency), level: agency.level.displayName, current: agency.id == here?.id)
        }
        let ordered = Agency.treeOrder(agencies).map(\.agency)
        self.agencies = agencies.count > 1 ? ordered.map(link) : []
        self.staff = request.staff.map { user in
            let roles = here.map { user.roles(in: $0) } ?? []
            func may(_ permission: Permission) -> Bool { here.map { user.may(permission, in: $0) } ?? false }
            let roleText = roles.isEmpty ? "本机关无角色" : roles.sorted().map(\.displayName).joined(separator: "、")
            return Staff(username: user.username, name: user.displayName, roles: roleText,
                         label: user.displayName == roleText ? user.displayName : "\(user.displayName)（\(roleText)）",
                         mayView: may(.viewCases), mayHandle: may(.handleCases), mayEditReport: may(.editReport),
                         mayManageUsers: may(.manageUsers), mayViewAudit: may(.viewAudit), mayDraftCatalogue: may(.draftCatalogue),
                         mayOversee: may(.oversee))
        }
        let mine = request.staff.map { user in ordered.filter { !user.roles(in: $0).isEmpty } } ?? []
        self.staffAgencies = mine.count > 1 ? mine.map(link) : []
        self.notice = (try? request.query.get(String.self, at: "ok")).flatMap { Notices.text[$0] }
        self.section = Self.section(of: request.pathInAgency)
        self.body = body
    }
}

enum Notices {
    static let text: [String: String] = [
        "recorded": "已记录。",
        "saved": "已保存。",
        "approved": "已签发。",
        "published": "已发布，公众可在“年度报告”栏目查看。",
        "created": "账户已创建。",
        "updated": "账户已更新。",
        "password": "密码已修改。",
        "filed": "申请已登记。",
        "agency": "机关已设立。",
        "agencyUpdated": "机关已修改。",
        "catalogued": "已签发并发布，公众可在“信息公开目录”中查看。",
    ]
}

extension Request {
    /// Renders a page template.
    func page<Body: Encodable>(_ template: String, title: String, _ body: Body, status: HTTPResponseStatus = .ok) async throws
        -> Response
    {
        let agencies = (try? await allAgencies()) ?? []
        let response = try await view.render(template, Page(self, title: title, body: body, agencies: agencies)).encodeResponse(for: self)
        response.status = status
        return response
    }

    /// The submitted fields as strings, trimmed: a URL-encoded or multipart form, or a JSON object (whose numbers and
    /// booleans become their text (`1`/`0` or `true`/`false`), null an empty string) — pages and the API share the field names.
    func form() throws -> [String: String] {
        var fields: [String: String] = [:]
        if headers.contentType == .json {
            guard let data = body.data,
                  let object = try? JSONSerialization.jsonObject(with: Data(buffer: data)) as? [String: Any]
            else { throw Abort(.badRequest, reason: "请求体应为 JSON 对象") }
            for (key, value) in object {
                switch value {
                case let text as String: fields[key] = text
                case let number as NSNumber: fields[key] = number.stringValue
                case is NSNull: fields[key] = ""
                case let list as [String]: fields[key] = list.joined(separator: ",")
                default: throw Abort(.badRequest, reason: "字段 \(key) 的值应为文字或数字")
                }
            }
        } else if headers.contentType?.type == "multipart" {
            fields = try multipart().fields
        } else if let decoded = try? content.decode([String: String].self) {
            fields = decoded
        }
        return fields.mapValues { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// A file sent in a multipart form.
    struct UploadedFile {
        /// The form field it came in.
        let field: String
        /// The file's name as the browser sent it (its last path component).
        let name: String
        let bytes: [UInt8]
    }

    /// A `multipart/form-data` body: its text fields (the last value of a repeated name; repeated names are joined
    /// with `,`) and its files (parts with a file name, empty ones skipped).
    func multipart() throws -> (fields: [String: String], files: [UploadedFile]) {
        guard let boundary = headers.contentType?.parameters["boundary"], let body = body.data else { return ([:], []) }
        let parser = MultipartParser(boundary: boundary)
        var fields: [String: String] = [:]
        var files: [UploadedFile] = []
        var disposition = ""
        var content: [UInt8] = []
        parser.onHeader = { name, value in
            if name.lowercased() == "content-disposition" { disposition = value }
        }
        parser.onBody = { buffer in content += buffer.readBytes(length: buffer.readableBytes) ?? [] }
        parser.onPartComplete = {
            let parameters = Self.dispositionParameters(disposition)
            if let field = parameters["name"] {
                if let filename = parameters["filename"] {
                    let name = filename.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
                    if !name.isEmpty || !content.isEmpty { files.append(UploadedFile(field: field, name: name, bytes: content)) }
                } else {
                    let text = String(decoding: content, as: UTF8.self)
                    fields[field] = fields[field].map { $0 + "," + text } ?? text
                }
            }
            disposition = ""
            content = []
        }
        do {
            try parser.execute(body)
        } catch {
            throw Abort(.badRequest, reason: "表单内容无法读取（multipart 格式错误）")
        }
        return (fields, files)
    }

    /// `form-data; name="files"; filename="附件.pdf"` → `["name": "files", "filename": "附件.pdf"]`.
    static func dispositionParameters(_ header: String) -> [String: String] {
        var result: [String: String] = [:]
        for piece in header.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            let key = pair[0].trimmingCharacters(in: .whitespaces).lowercased()
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            result[key] = value.replacingOccurrences(of: "%22", with: "\"")
        }
        return result
    }
}
