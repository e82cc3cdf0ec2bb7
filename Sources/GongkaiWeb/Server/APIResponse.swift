import Foundation
import GongkaiCore
import GongkaiOffice
import GongkaiParsing
import GongkaiStore
import Vapor

/// What the JSON API's feature files share. Calls that change something send the `gongkai-csrf` cookie's value in
/// `X-CSRF-Token` (GET /api/session gives both); every operation is described by `/openapi.json`.
enum APIResponse {
    static func json(_ object: Any, status: HTTPResponseStatus = .ok) throws -> Response {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return Response(status: status, headers: ["Content-Type": "application/json; charset=utf-8"], body: .init(data: data))
    }

    static func json(_ value: JSON, status: HTTPResponseStatus = .ok) -> Response {
        Response(status: status, headers: ["Content-Type": "application/json; charset=utf-8"],
                 body: .init(string: JSONWriter.string(value, style: .compact)))
    }
}
