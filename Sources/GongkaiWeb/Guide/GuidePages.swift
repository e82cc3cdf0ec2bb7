import GongkaiCore
import GongkaiOffice
import Vapor

/// The agency's 政府信息公开指南 (条例 Art. 12), generated from its settings: what it publishes and where (the catalogue
/// by Art. 20 item), how to apply (the office, its address, hours and phone; the online form), the time limits, fees,
/// and where to complain or appeal. It changes when the settings or the catalogue do.
enum GuidePages {
    struct Item: Encodable {
        let title: String
        let href: String
        let count: Int
    }

    struct Line: Encodable {
        let label: String
        let value: String?
    }

    struct Body: Encodable {
        let agency: String
        let items: [Item]
        let published: Int
        let contact: [Line]
        let missing: String?
        let phone: String?
        let fax: String?
        let email: String?
        let address: String?
        let office: String
        let hours: String?
        let remedy: String
        let updated: String
    }

    static func register(_ app: any RoutesBuilder) {
        app.endpoint(.GET, "guide", access: .everyone, summary: "政府信息公开指南", responseType: "text/html") { req in
            try await req.cachedPage { try await page(req) }
        }
    }

    static func page(_ req: Request) async throws -> Response {
        let guide = try await req.office.guide()
        let agency = guide.agency
        let contact = agency.contact
        let items = (1...Article20.items.count).map { item in
            Item(title: Article20.title(item)!, href: req.base + "/catalogue?item=\(item)", count: guide.itemCounts[item] ?? 0)
        }
        let missing = contact.missing
        return try await req.page("guide", title: "政府信息公开指南", Body(
            agency: agency.title, items: items, published: guide.published,
            contact: Agency.Contact.fields.map { Line(label: $0.label, value: contact[keyPath: $0.key]) },
            missing: missing.isEmpty ? nil : missing.joined(separator: "、"),
            phone: contact.phone, fax: contact.fax, email: contact.email, address: contact.address,
            office: contact.office ?? agency.title, hours: contact.hours,
            remedy: "公民、法人或者其他组织认为本机关在政府信息公开工作中侵犯其合法权益的，可以向"
                + (guide.parent.map { "上一级行政机关（\($0.title)）" } ?? "上一级行政机关") + "或者政府信息公开工作主管部门投诉、举报，也可以"
                + (agency.remedies.reconsiderationBody.map { "向\($0)" } ?? "依法") + "申请行政复议，或者"
                + (agency.remedies.court.map { "向\($0)" } ?? "依法") + "提起行政诉讼（《条例》第五十一条）。",
            updated: req.office.today.chineseDescription))
    }
}
