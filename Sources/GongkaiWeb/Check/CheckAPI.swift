import Foundation
import GongkaiCore
import GongkaiOffice
import GongkaiParsing
import GongkaiStore
import Vapor

/// The report checker in the JSON API.
enum CheckAPI {
    static func register(_ api: any RoutesBuilder, app: Application) {
        api.endpoint(.POST, "check", access: .permission(.viewCases), summary: "读取并检查一份报告文件（请求体为文件内容，?name=文件名）",
                     request: ["type": "string", "format": "binary"], response: Schemas.report,
                     maxBody: Limits.upload(req: app)) { req in
            APIResponse.json(try await read(try Uploads.report(req)).report.json())
        }
    }
}
