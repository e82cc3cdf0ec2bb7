import ArgumentParser
import Foundation
import GongkaiCore
import GongkaiOffice
import GongkaiStore

/// `gongkai agencies …`: the agencies one installation serves (a county's 政务公开办 runs one platform for all its
/// departments and townships).
struct AgenciesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agencies",
        abstract: "本平台的机关：列出、设立、修改（名称、统一社会信用代码、层级、上级、救济途径、指南中的联系方式）。",
        subcommands: [List.self, Add.self, Update.self]
    )

    /// What `add` and `update` take, as the office's fields.
    struct AgencyFields: ParsableArguments {
        @Option(help: ArgumentHelp("机关名称（印在答复书和年度报告上）。", valueName: "名称"))
        var name: String?

        @Option(help: ArgumentHelp("层级：部门、县级以上人民政府 或 乡镇街道（决定年度报告的发布期限；设立时不给则按名称判断）。", valueName: "层级"))
        var level: String?

        @Option(help: ArgumentHelp("统一社会信用代码（18 位，校验位会检查；给空字符串则清除）。", valueName: "代码"))
        var creditCode: String?

        @Option(help: ArgumentHelp("上级机关的代码（部门所属的人民政府；给空字符串则为顶层）。", valueName: "代码"))
        var parent: String?

        @OptionGroup var remedies: RemediesOptions

        @Option(help: ArgumentHelp("政府信息公开工作机构（指南中的受理机构），例如“某某局办公室”。", valueName: "名称"))
        var office: String?

        @Option(help: ArgumentHelp("受理机构的通信地址。", valueName: "地址"))
        var address: String?

        @Option(help: ArgumentHelp("邮政编码。", valueName: "编码"))
        var postcode: String?

        @Option(help: ArgumentHelp("办公时间，例如“工作日 9:00–12:00，13:30–17:30”。", valueName: "时间"))
        var hours: String?

        @Option(help: ArgumentHelp("咨询电话。", valueName: "电话"))
        var phone: String?

        @Option(help: ArgumentHelp("传真。", valueName: "号码"))
        var fax: String?

        @Option(help: ArgumentHelp("电子邮箱。", valueName: "邮箱"))
        var email: String?

        @Option(help: ArgumentHelp("操作人（记入操作日志；默认为操作系统用户）。", valueName: "姓名"))
        var by: String?

        func values() -> [String: String] {
            var values: [String: String] = [:]
            values["name"] = name
            values["level"] = level
            values["creditCode"] = creditCode
            values["parent"] = parent
            values["reconsiderationBody"] = remedies.reconsiderationBody
            values["court"] = remedies.court
            for (key, value) in [("office", office), ("address", address), ("postcode", postcode), ("hours", hours), ("phone", phone),
                                 ("fax", fax), ("email", email)] { values[key] = value }
            return values
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "列出本平台的机关。")

        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await store.withOffice { office in
                let all = try await office.agencies()
                let counts = try await office.store.agencyCounts()
                for (agency, depth) in Agency.treeOrder(all) {
                    let indent = String(repeating: "  ", count: depth)
                    let parent = all.agency(id: agency.parentID).map { "，上级 \($0.title)" } ?? ""
                    let credit = agency.creditCode.map { "，统一社会信用代码 \($0)" } ?? ""
                    let path = agency.id == Agency.firstID ? "/" : "/a/\(agency.code)/"
                    print("\(indent)\(agency.code)  \(agency.title)（\(agency.level.displayName)\(parent)\(credit)）  网址 \(path)  "
                        + "申请 \(counts[agency.id]?.cases ?? 0) 件，已发布报告 \(counts[agency.id]?.reports ?? 0) 份")
                }
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "设立机关。",
            discussion: "例：gongkai agencies add jyj --name 某某县教育局 --level 部门 --parent main。之后可为它创建账户：gongkai users create-admin --agency-code jyj …")

        @Argument(help: ArgumentHelp("机关代码：小写英文字母、数字和横线，用于网址 /a/代码/，设立后不能改。", valueName: "代码"))
        var code: String

        @OptionGroup var fields: AgencyFields
        @OptionGroup var store: StoreOptions

        func run() async throws {
            guard fields.name != nil else { throw ValidationError("请用 --name 给出机关名称") }
            try await store.withOffice { office in
                let input = try Fields(fields.values().merging(["code": code]) { a, _ in a })
                let agency: Agency
                do {
                    agency = try await office.createAgency(input, by: .commandLine(fields.by))
                } catch let error as OfficeError {
                    let source = error.field == "code" ? "机关代码「\(code)」" : error.field.map { "--" + Self.option($0) } ?? "gongkai agencies add"
                    throw InputError(file: source, reason: error.message)
                }
                print("已设立 \(agency.name)（\(agency.level.displayName)），代码 \(agency.code)，网址 /a/\(agency.code)/。")
            }
        }

        static func option(_ field: String) -> String {
            switch field {
            case "creditCode": "credit-code"
            case "reconsiderationBody": "reconsideration-body"
            default: field
            }
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "修改机关：只改所给的项。")

        @Argument(help: ArgumentHelp("机关代码。", valueName: "代码"))
        var code: String

        @OptionGroup var fields: AgencyFields
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await store.withOffice { office in
                let agency: Agency
                do {
                    agency = try await office.updateAgency(code: code, try Fields(fields.values()), by: .commandLine(fields.by))
                } catch let error as OfficeError {
                    throw InputError(file: error.field.map { "--" + Add.option($0) } ?? "gongkai agencies update", reason: error.message)
                }
                print("已更新 \(agency.code)：\(agency.name)（\(agency.level.displayName)）。")
            }
        }
    }
}
