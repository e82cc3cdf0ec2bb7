import Foundation
import GongkaiCore
import Vapor

/// The OpenAPI 3 document of `/api`, built from the routes as registered (so it cannot drift from them).
enum OpenAPI {
    static func document(for app: Application) -> [String: Any] {
        var paths: [String: [String: Any]] = [:]
        for route in app.routes.all {
            // /api/… (the first agency's, and the installation's) and /a/{agency}/api/… (each agency's).
            let names = route.path.map(\.description)
            guard let info = route.userInfo[RouteInfo.key] as? RouteInfo,
                  names.first == "api" || (names.first == "a" && names.count > 2 && names[2] == "api") else { continue }
            var parameters: [[String: Any]] = []
            let path = "/" + route.path.map { component -> String in
                if case let .parameter(name) = component {
                    parameters.append(["name": name, "in": "path", "required": true, "schema": ["type": "string"]])
                    return "{\(name)}"
                }
                if case .catchall = component {
                    // The rest of the path, slashes and all (a 索引号 such as 0142768-8/2022-00185).
                    parameters.append(["name": "rest", "in": "path", "required": true, "schema": ["type": "string"],
                                       "description": "路径的其余部分，可含斜杠（如索引号 0142768-8/2022-00185）"])
                    return "{rest}"
                }
                return component.description
            }.joined(separator: "/")
            var operation: [String: Any] = [
                "summary": info.summary,
                "operationId": route.method.rawValue.lowercased() + path.split(separator: "/").map { part in
                    part.hasPrefix("{") ? "By" + part.dropFirst().dropLast().capitalized : part.split(separator: "-").map(\.capitalized).joined()
                }.joined(),
                "responses": responses(info),
            ]
            if !parameters.isEmpty { operation["parameters"] = parameters }
            if let request = info.request {
                let type = (request["format"] as? String) == "binary" ? "application/octet-stream" : "application/json"
                operation["requestBody"] = ["required": true, "content": [type: ["schema": request]]]
            }
            switch info.access {
            case .everyone:
                operation["security"] = [[String: Any]]()
            case .staff:
                operation["x-gongkai-access"] = "任何已登录的工作人员"
            case let .permission(permission):
                operation["x-gongkai-access"] = permission.rawValue
                operation["description"] = "需要「\(permission.displayName)」权限：" + permission.roles.map(\.displayName).joined(separator: "、")
            }
            paths[path, default: [:]][route.method.rawValue.lowercased()] = operation
        }
        return [
            "openapi": "3.0.3",
            "info": [
                "title": "Gongkai 政府信息公开 API",
                "version": "1",
                "description": "页面上的每个操作都可通过本 API 完成。登录后会话保存在 Cookie gongkai-session 中；修改数据的请求须在 X-CSRF-Token 头中带上 Cookie gongkai-csrf 的值（GET /api/session 返回）。错误时返回 {\"error\": 说明}。平台上有多个机关时，/api/… 是首个机关的，其他机关的同一操作在 /a/{agency}/api/… 下（agency 为机关代码，见 GET /api/agencies）；申请、报告、账户角色都属于所在的机关。",
            ],
            "servers": [["url": "/"]],
            "paths": paths,
            "security": [["session": [String]()]],
            "components": [
                "securitySchemes": ["session": ["type": "apiKey", "in": "cookie", "name": Cookies.session]],
                "schemas": ["Error": Schemas.error],
            ],
        ]
    }

    private static func responses(_ info: RouteInfo) -> [String: Any] {
        var result: [String: Any] = [:]
        let success: [String: Any] = info.responseType == "application/json"
            ? ["description": "成功", "content": ["application/json": ["schema": info.response ?? ["type": "object"]]]]
            : ["description": "成功", "content": [info.responseType: ["schema": ["type": "string", "format": "binary"]]]]
        result[info.creates || info.summary.contains("提交") || info.summary.hasPrefix("登记来信") || info.summary == "创建账户" ? "201" : "200"] = success
        let error: [String: Any] = ["description": "错误说明", "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]]]
        result["4XX"] = error
        if info.access != .everyone {
            result["401"] = ["description": "未登录", "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]]]
            result["403"] = ["description": "没有权限或 CSRF 校验失败", "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]]]
        }
        return result
    }
}

/// OpenAPI schema objects of the API's bodies.
enum Schemas {
    static func object(_ properties: [String: [String: any Sendable]], required: [String] = []) -> [String: any Sendable] {
        var schema: [String: any Sendable] = ["type": "object", "properties": properties]
        if !required.isEmpty { schema["required"] = required }
        return schema
    }

    static let string: [String: any Sendable] = ["type": "string"]
    static let date: [String: any Sendable] = ["type": "string", "format": "date"]
    static let integer: [String: any Sendable] = ["type": "integer"]
    static func enumeration(_ values: [String]) -> [String: any Sendable] { ["type": "string", "enum": values] }

    static let error = object(["error": string], required: ["error"])
    static let ok = object(["ok": ["type": "boolean"]])
    static let user = object([
        "username": string, "displayName": string, "active": ["type": "boolean"],
        "roles": ["type": "array", "items": enumeration(Role.allCases.map(\.rawValue))],
        "permissions": ["type": "array", "items": enumeration(Permission.allCases.map(\.rawValue))],
    ])
    static let users: [String: any Sendable] = ["type": "array", "items": user]
    static let session = object(["user": user, "csrfToken": string])
    static let login = object(["username": string, "password": string], required: ["username", "password"])
    static let intakeProperties: [String: [String: any Sendable]] = [
        "applicantType": enumeration(ApplicantType.allCases.map(\.rawValue)),
        "name": string, "documentKind": enumeration(Intake.DocumentKind.allCases.map(\.rawValue)),
        "documentNumber": string, "contact": string, "phone": string, "address": string, "email": string,
        "description": string, "provision": enumeration(Intake.Provision.allCases.map(\.rawValue)),
    ]
    static let intakeRequired = ["applicantType", "name", "documentKind", "documentNumber", "phone", "address", "description", "provision"]
    static let intake = object(intakeProperties, required: intakeRequired)
    static let staffIntake = object(intakeProperties.merging([
        "channel": enumeration(Channel.allCases.map(\.rawValue)), "received": date,
    ]) { a, _ in a }, required: intakeRequired + ["channel", "received"])
    static let filed = object([
        "code": string, "trackingCode": string, "received": date, "answerDue": date,
        "explanation": ["type": "array", "items": string],
    ])
    static let track = object(["trackingCode": string, "phone": string], required: ["trackingCode", "phone"])
    static let status = object([
        "code": string, "received": date, "stage": string, "dueDate": date, "closed": ["type": "boolean"],
        "steps": ["type": "array", "items": object(["date": date, "what": string])],
    ])
    static let report: [String: any Sendable] = ["type": "object", "description": "报告 JSON（见 REPORT-JSON.md 与 docs/report.schema.json）"]
    static let publishedList: [String: any Sendable] = ["type": "array", "items": object(["year": integer, "version": integer, "publishedAt": string])]
    static let dueList = object(["today": date, "cases": ["type": "array", "items": ["type": "object"]]])
    static let caseDetail = object([
        "case": ["type": "object", "description": "CASES-JSONL 的一行"], "stage": string, "dueDate": date, "late": ["type": "boolean"],
        "deadlines": ["type": "object"],
    ])
    static let event = object([
        "kind": enumeration(CaseEvent.Kind.allCases.map(\.rawValue)), "date": date,
        "party": enumeration(CaseEvent.Party.allCases.map(\.rawValue)), "amount": integer,
        "outcome": enumeration(Table3Row.decisionOutcomes.map(\.key)), "note": string,
    ], required: ["kind", "date"])
    static let review = object([
        "reviewKind": enumeration(Table4Block.allCases.map(\.key)), "filed": date, "decided": date,
        "result": enumeration(Review.Result.allCases.map(\.rawValue)),
    ], required: ["reviewKind", "filed"])
    static let reportForm: [String: any Sendable] = [
        "type": "object",
        "description": "agency、section.1…section.6（各部分正文），以及表二各格 t2.行.列（如 t2.rules.issued；空为未填）。成文日期不填写：签发时记为签发当日",
        "additionalProperties": ["type": "string"],
    ]
    static let draft = object(["status": enumeration(["draft", "approved", "published"]), "saved": ["type": "boolean"],
                               "approvedBy": string, "report": report, "blockingSignOff": integer,
                               "codeNames": ["type": "object", "additionalProperties": ["type": "string"]]])
    static let newUser = object(["username": string, "displayName": string, "password": string,
                                 "roles": ["type": "string", "description": "逗号分隔，如 clerk,signer"]],
                                required: ["username", "displayName", "password", "roles"])
    static let updateUser = object(["displayName": string, "roles": string, "active": ["type": "boolean"], "password": string])
    static let agency = object([
        "code": string, "name": string, "creditCode": string, "level": enumeration(["department", "government", "township"]),
        "levelName": string, "parent": string, "reconsiderationBody": string, "court": string, "path": string,
        "office": string, "address": string, "postcode": string, "hours": string, "phone": string, "fax": string, "email": string,
    ])
    static let agencies: [String: any Sendable] = ["type": "array", "items": agency]
    static let agencyForm = object([
        "code": string, "name": string, "creditCode": string, "level": string, "parent": string,
        "reconsiderationBody": string, "court": string,
        "office": string, "address": string, "postcode": string, "hours": string, "phone": string, "fax": string, "email": string,
    ], required: ["code", "name"])
    static let password = object(["current": string, "new": string], required: ["current", "new"])
    static let audit: [String: any Sendable] = ["type": "array", "items": object([
        "no": integer, "at": string, "actor": string, "action": string, "target": string, "detail": string,
    ])]
}
