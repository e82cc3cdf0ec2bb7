import ArgumentParser
import Foundation
import GongkaiCore
import GongkaiOffice
import GongkaiStore
import GongkaiWeb

/// `gongkai serve`: the public portal, the staff back office and the API.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "启动网站：公众在线申请、申请查询、年度报告；工作人员办理申请、编制和发布年度报告。"
    )

    @OptionGroup var store: StoreOptions

    @Option(name: [.customLong("host"), .customLong("hostname"), .customShort("H")],
            help: ArgumentHelp("监听地址（默认只在本机 127.0.0.1；对外服务用 0.0.0.0）。也可写 --hostname 或 -H（同 Vapor）。", valueName: "地址"))
    var host = "127.0.0.1"

    @Option(name: [.customLong("port"), .short], help: ArgumentHelp("端口（-p 同 Vapor）。", valueName: "端口"))
    var port = 8080

    @Option(help: ArgumentHelp("本机关名称，印在答复书和年度报告上（默认取环境变量 GONGKAI_AGENCY）；只在首次启动时使用，之后以数据库中的为准（gongkai agencies update 修改）。", valueName: "名称"))
    var agency: String?

    @Option(help: ArgumentHelp("本机关的层级（部门、县级以上人民政府、乡镇街道；决定年度报告的发布期限），首次启动时使用；不给时按名称判断。", valueName: "层级"))
    var level: String?

    @OptionGroup var remedies: RemediesOptions

    @Flag(help: "Cookie 只经 HTTPS 发送（在 HTTPS 反向代理之后运行时使用）。")
    var secureCookies = false

    @Flag(help: "在反向代理（nginx 等）之后运行：以 X-Forwarded-For 中代理添加的最后一个地址区分访问者（登录、查询和申请的次数限制按访问者计）。直接对外服务时不要使用。")
    var behindProxy = false

    @Option(help: ArgumentHelp("同一网络地址每小时最多可在线提交的申请件数（0 表示不限）。", valueName: "件数"))
    var filingsPerHour = 20

    @Option(help: ArgumentHelp("把这一天当作“今天”（YYYY-MM-DD），用于培训、演示和测试：影响收到日期、期限和各表单的默认日期；操作日志、签发和发布仍记真实时间。不指定时为北京时间的今天。", valueName: "日期"))
    var today: String?

    func run() async throws {
        let agency = agency ?? ProcessInfo.processInfo.environment["GONGKAI_AGENCY"] ?? "示例市示例局"
        guard filingsPerHour >= 0 else { throw ValidationError("--filings-per-hour 不能为负数") }
        let parsedLevel = try level.map { text in
            guard let level = AgencyLevel(text: text) else { throw ValidationError("--level 应为 部门、县级以上人民政府 或 乡镇街道") }
            return level
        }
        var settings = ServerSettings(
            agency: agency, remedies: remedies.remedies ?? .init(), secureCookies: secureCookies,
            filingsPerHour: filingsPerHour, behindProxy: behindProxy)
        settings.level = parsedLevel
        if let today {
            let fixed = try DeadlineCommand.date(today, "--today")
            settings.today = { fixed }
        }
        guard (1...65535).contains(port) else { throw ValidationError("--port 应为 1–65535") }
        try await store.withStore { store in
            let users = try await store.userCount()
            let first = try await Office(store: store, settings: settings.office, passwords: BcryptHasher())
                .prepareFirstAgency(by: .commandLine("首次启动"))
            if first.name != agency, self.agency != nil || ProcessInfo.processInfo.environment["GONGKAI_AGENCY"] != nil {
                FileHandle.standardError.write(Data(
                    "注意：机关名称以数据库中的为准（\(first.name)），--agency「\(agency)」只在首次启动时使用；修改请用 gongkai agencies update \(first.code) --name …\n".utf8))
            }
            do {
                try await ServerRunner.run(store: store, settings: settings, host: host, port: port) { address in
                var lines = ["Gongkai 已启动：\(address)", "数据：\(store.backend)；机关：\(first.name)（\(first.level.displayName)）"]
                if let today { lines.append("注意：以 \(today) 为今天（--today），只用于培训、演示和测试。") }
                if users == 0 {
                    lines.append("还没有工作人员账户：另开一个终端运行 gongkai users create-admin --username 用户名 --name 姓名 创建管理员。")
                }
                lines.append("按 Ctrl-C 停止。")
                // Written at once, unbuffered: scripts wait for this line.
                FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
                }
            } catch let error as StartupError {
                throw InputError(file: "gongkai serve", reason: error.description)
            }
        }
    }
}

/// `gongkai users`: staff accounts from the command line (the first administrator above all).
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "工作人员账户：创建第一个管理员、列出账户。",
        subcommands: [CreateAdmin.self, List.self]
    )

    struct CreateAdmin: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create-admin",
            abstract: "创建管理员账户。密码从标准输入读取（不回显、不进命令历史），没有默认密码。"
        )

        @OptionGroup var store: StoreOptions
        @OptionGroup var agencyOption: AgencyOption

        @Option(help: ArgumentHelp("用户名（3–32 个英文字母、数字、点、横线或下划线）。", valueName: "用户名"))
        var username: String

        @Option(help: ArgumentHelp("姓名。", valueName: "姓名"))
        var name: String

        @Option(help: ArgumentHelp(
            "同时担任的其他角色，逗号分隔：clerk（经办人）、reviewer（审核人）、signer（签发人）、supervisor（督查）。"
                + "一人办理全部工作的小机关用 clerk,reviewer,signer。", valueName: "角色"))
        var alsoRoles: String?

        @Option(help: ArgumentHelp("创建人（记入操作日志；默认为操作系统用户）。", valueName: "姓名"))
        var by: String?

        func validate() throws {
            if let alsoRoles, Role.set(from: alsoRoles) == nil {
                throw ValidationError("--also-roles「\(alsoRoles)」中有不认识的角色（可用：clerk、reviewer、signer、supervisor）")
            }
        }

        func run() async throws {
            let password = try Self.readPassword()
            let roles = (alsoRoles.flatMap(Role.set(from:)) ?? []).union([.admin])
            try await store.withOffice(agency: agencyOption.code) { office in
                try await office.createAdministrator(username: username, displayName: name, password: password, roles: roles,
                                                     by: .commandLine(by))
            }
            let names = roles.sorted().map(\.displayName).joined(separator: "、")
            print("已创建账户 \(username)（\(name)，\(names)）。启动 gongkai serve 后在“工作人员登录”页登录，可到“账户”页为同事创建账户。")
        }

        /// From a terminal: asked twice without echo. Piped: the first line.
        static func readPassword() throws -> String {
            if isatty(STDIN_FILENO) != 0 {
                let first = String(cString: getpass("密码："))
                let second = String(cString: getpass("再输一次："))
                guard first == second else {
                    CLI.printError("两次输入的密码不一致")
                    throw CLI.unusableInput
                }
                return first
            }
            guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                CLI.printError("没有从标准输入读到密码（例如 printf '%s\\n' 密码 | gongkai users create-admin …）")
                throw CLI.unusableInput
            }
            return line
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "列出账户及其角色。")

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let (users, agencies) = try await store.withOffice { office in (try await office.store.users(), try await office.agencies()) }
            if users.isEmpty { print("还没有账户。"); return }
            for user in users {
                let roles = agencies.compactMap { agency -> String? in
                    guard let roles = user.grants[agency.id] else { return nil }
                    let names = roles.sorted().map(\.displayName).joined(separator: "、")
                    return agencies.count > 1 ? "\(agency.name)：\(names)" : names
                }.joined(separator: "；")
                print("\(user.username)  \(user.displayName)  \(roles.isEmpty ? "无角色" : roles)\(user.active ? "" : "（已停用）")")
            }
        }
    }
}
