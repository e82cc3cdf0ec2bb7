import ArgumentParser
import Foundation
import GongkaiCore
import GongkaiOffice
import GongkaiStore

/// `gongkai oversee …`: a supervising office's (政务公开办) work over many units' annual reports.
struct OverseeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "oversee",
        abstract: "督查：所辖单位名册、收集年度报告、按期发布情况、报告问题（含跨年度勾稽与内容雷同）。",
        discussion: "督查机关为 --agency-code 所指的机关（默认本平台的首个机关）。",
        subcommands: [Roster.self, Import.self, Status.self, Findings.self, Review.self, Export.self, NoticeDraft.self]
    )

    struct Roster: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "所辖单位名册：导入（CSV）与列出。", subcommands: [RosterImport.self, RosterList.self])
    }

    struct RosterImport: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "从 CSV 文件导入名册（UTF-8 或 GB18030）。",
            discussion: """
                表头须有「名称,统一社会信用代码,层级,上级」四列（顺序不限，其他列忽略）；层级为 部门、县级以上人民政府 或 乡镇街道。
                可加「发布期限」列写本地规定的期限（如 1月25日），否则按《条例》第四十九条：部门 1月31日前，政府 3月31日前。
                已在名册中的单位（按名称）更新，新单位加入；文件有错则一个也不导入。
                """)

        @Argument(help: "名册 CSV 文件。")
        var file: String

        @Option(help: "导入人（记入操作日志；默认为操作系统用户）。")
        var by: String?

        @OptionGroup var store: StoreOptions
        @OptionGroup var agencyOption: AgencyOption

        func run() async throws {
            let bytes = try CLI.withInputErrors { try CLI.read(file) }
            let (units, errors) = RosterFile.parse(bytes)
            if !errors.isEmpty {
                for error in errors.prefix(20) { CLI.printError("\(file)：\(error)") }
                if errors.count > 20 { CLI.printError("\(file)：……另有 \(errors.count - 20) 处错误") }
                CLI.printError("\(file)：共 \(errors.count) 处错误，未导入任何单位")
                throw CLI.unusableInput
            }
            try await store.withOffice(agency: agencyOption.code) { office in
                let result = try await CLI.office(file) {
                    try await office.importRoster(units, file: (file as NSString).lastPathComponent, by: .commandLine(by))
                }
                print("已导入名册 \(units.count) 个单位（新增 \(result.added)，更新 \(result.updated)）到 \(try office.agency.name) 的督查名册。")
            }
        }
    }

    struct RosterList: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "列出名册。")

        @Option(help: "输出格式：text 或 csv。")
        var format: String = "text"

        @OptionGroup var store: StoreOptions
        @OptionGroup var agencyOption: AgencyOption

        func run() async throws {
            guard ["text", "csv"].contains(format) else { throw ValidationError("--format 只能是 text 或 csv") }
            try await store.withOffice(agency: agencyOption.code) { office in
                let units = try await CLI.office("名册") { try await office.roster(by: .commandLine(nil)) }
                if format == "csv" { print((RosterFile.requiredColumns + [RosterFile.deadlineColumn]).joined(separator: ",")) }
                for stored in units {
                    let u = stored.unit
                    if format == "csv" {
                        print([u.name, u.creditCode ?? "", u.level.displayName, u.parent ?? "", u.localDeadline.map { "\($0.month)月\($0.day)日" } ?? ""]
                            .map(CSV.field).joined(separator: ","))
                    } else {
                        print("\(u.name)\t\(u.level.displayName)\t\(u.creditCode ?? "（无代码）")\t\(u.parent.map { "上级：\($0)" } ?? "")")
                    }
                }
                if format == "text" { print("共 \(units.count) 个单位") }
            }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "收集年度报告文件（文本、Markdown、HTML、DOCX、PDF；目录递归读取），读取后按报告中的机关名称对应名册单位。",
            discussion: """
                每个原件按 SHA-256 保存；同一文件再次导入仍是同一份报告；同一单位同一年度的不同文件是该报告的新版本。
                报告中的机关名称不在名册中的，列入「待指定单位」，不作猜测。导入后重新计算所涉年度的内容雷同。
                """)

        @Argument(help: "报告文件或目录。")
        var paths: [String]

        @Option(help: "导入人（记入操作日志；默认为操作系统用户）。")
        var by: String?

        @Option(help: "每批读取并写入的文件数（内存随之而定）。")
        var batch: Int = 500

        @OptionGroup var store: StoreOptions
        @OptionGroup var agencyOption: AgencyOption

        func run() async throws {
            let files = try CLI.withInputErrors { try BatchParser(paths: paths, out: "-", jobs: 0).files() }
            guard !files.isEmpty else {
                CLI.printError("\(paths.joined(separator: " "))：没有文件")
                throw CLI.unusableInput
            }
            let progress = BatchParser.Progress(total: files.count, toTerminal: isatty(STDERR_FILENO) == 1)
            var total = Office.Collection()
            try await store.withOffice(agency: agencyOption.code) { office in
                let names = try await CLI.office(paths[0]) { try await office.rosterNames(by: .commandLine(by)) }
                for chunk in files.chunked(max(1, batch)) {
                    var batch: [(name: String, bytes: [UInt8])] = []
                    for file in chunk {
                        do {
                            batch.append((file, try CLI.read(file)))
                        } catch let error as InputError {
                            total.unreadable.append((file, error.reason))
                        }
                    }
                    let result = try await CLI.office(paths[0]) { try await office.collect(batch, measure: false, names: names, by: .commandLine(by)) }
                    total.added += result.added
                    total.duplicates += result.duplicates
                    total.unassigned += result.unassigned
                    total.unreadable += result.unreadable
                    total.years.formUnion(result.years)
                    for _ in chunk { progress.advance() }
                }
                try await CLI.office(paths[0]) { try await office.refresh(years: total.years, by: .commandLine(by)) }
            }
            progress.finish()
            var line = "已收集 \(total.added.count) 份报告"
            if !total.duplicates.isEmpty { line += "，\(total.duplicates.count) 个文件此前已收集（内容相同，算同一份）" }
            if !total.years.isEmpty { line += "；年度：\(total.years.sorted().map(String.init).joined(separator: "、"))" }
            print(line + "。")
            if !total.unassigned.isEmpty {
                print("待指定单位 \(total.unassigned.count) 份（报告中的机关名称不在名册中）：")
                for file in total.unassigned.prefix(20) { print("  \(file)") }
            }
            for (file, reason) in total.unreadable { CLI.printError("\(file)：\(reason)（未收集）") }
            if !total.unreadable.isEmpty, total.added.isEmpty, total.duplicates.isEmpty { throw CLI.unusableInput }
        }
    }

    /// The report year a command works on, and the day taken as today (for lateness, and the 通报's date).
    struct YearDay: ParsableArguments {
        @Option(help: "报告年度。")
        var year: Int

        @Option(help: ArgumentHelp("把这一天当作今天：按它判断是否逾期，通报也落这一天（默认今天）。", valueName: "YYYY-MM-DD"))
        var today: String?

        func validate() throws {
            guard (2008...2100).contains(year) else { throw ValidationError("--year \(year) 不是报告年度") }
            if let today, CivilDate(iso: today) == nil { throw ValidationError("--today「\(today)」不是日期（YYYY-MM-DD）") }
        }

        var day: CivilDate { today.flatMap(CivilDate.init(iso:)) ?? CivilDate.today }
    }

    struct YearOptions: ParsableArguments {
        @OptionGroup var period: YearDay

        @Option(help: "输出格式：text 或 json。")
        var format: String = "text"

        func validate() throws {
            guard ["text", "json"].contains(format) else { throw ValidationError("--format 只能是 text 或 json") }
        }

        var year: Int { period.year }
        var day: CivilDate { period.day }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "名册中每个单位该年度的发布情况：按期（onTime）、逾期（late）、未发布（missing）、未到期限（pending）、日期不详（undated），及问题数。")

        @OptionGroup var options: YearOptions
        @OptionGroup var store: StoreOptions
        @OptionGroup var agencyOption: AgencyOption

        func run() async throws {
            try await store.withOffice(today: options.day, agency: agencyOption.code) { office in
                let view = try await CLI.office("督查") { try await office.oversightSummary(year: options.year, by: .commandLine(nil)) }
                if options.format == "json" { print(JSONWriter.string(view.statusJSON, style: .pretty)); return }
                print("\(options.year) 年度报告发布情况（截至 \(view.today)，名册 \(view.units.count) 个单位）")
                for standing in Office.Standing.allCases {
                    let count = view.units.filter { $0.standing == standing }.count
                    if count > 0 { print("  \(standing.displayName)：\(count)") }
                }
                for unit in view.units {
                    var line = "\(unit.standing.displayName)\t\(unit.unit.unit.name)"
                    if let published = unit.publishedOn { line += "\t发布 \(published)" }
                    if let deadline = unit.deadline { line += "\t期限 \(deadline)" }
                    let counts = [(Severity.error, "错误"), (.warning, "警告")].compactMap { s, name in unit.count(s) > 0 ? "\(name) \(unit.count(s))" : nil }
                    if !counts.isEmpty { line += "\t" + counts.joined(separator: "，") }
                    if unit.versions > 1 { line += "\t（\(unit.versions) 个版本）" }
                    print(line)
                }
                if !view.unassigned.isEmpty {
                    print("待指定单位的报告 \(view.unassigned.count) 份：")
                    for report in view.unassigned { print("  \(report.fileName)（报告写明的机关：\(report.agencyName ?? "未写明")）") }
                }
            }
        }
    }

    struct Findings: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "该年度各单位报告的问题：检查规则、读取中发现的问题、与上年度报告的勾稽、逾期、内容雷同（TEXT-REUSED），及核实状态。")

        @OptionGroup var options: YearOptions
        @OptionGroup var store: StoreOptions
        @OptionGroup var agencyOption: AgencyOption

        func run() async throws {
            try await store.withOffice(today: options.day, agency: agencyOption.code) { office in
                let view = try await CLI.office("督查") { try await office.oversight(year: options.year, by: .commandLine(nil)) }
                if options.format == "json" { print(JSONWriter.string(view.findingsJSON, style: .pretty)); return }
                var total = 0
                for unit in view.units where !unit.findings.isEmpty {
                    print("\(unit.unit.unit.name)（\(unit.report?.fileName ?? "")）")
                    for item in unit.findings.sorted(by: { $0.finding.severity < $1.finding.severity }) {
                        print("  [\(item.finding.severity.displayName)] \(item.finding.code.rawValue) \(item.finding.message)（\(item.status.displayName)）")
                        total += 1
                    }
                }
                print("共 \(total) 条问题")
            }
        }
    }

    struct Review: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "记录一条问题的核实结果：待核实、已确认 或 已排除（排除须写理由）。重新导入报告后仍保留。")

        @Option(help: "报告年度。") var year: Int
        @Option(help: "单位名称（名册中的）。") var unit: String
        @Option(help: "问题的 key（见 oversee findings --format json）。") var key: String
        @Option(help: "待核实、已确认 或 已排除。") var status: String
        @Option(help: "理由。") var reason: String?
        @Option(help: "核实人（默认为操作系统用户）。") var by: String?
        @OptionGroup var store: StoreOptions
        @OptionGroup var agencyOption: AgencyOption

        func run() async throws {
            guard let parsed = FindingReview.Status(text: status) else { throw ValidationError("--status 只能是 待核实、已确认 或 已排除") }
            try await store.withOffice(agency: agencyOption.code) { office in
                let units = try await CLI.office("名册") { try await office.roster(by: .commandLine(by)) }
                guard let target = units.first(where: { RosterUnit.key($0.unit.name) == RosterUnit.key(unit) }) else {
                    throw InputError(file: "--unit", reason: "名册中没有「\(unit)」")
                }
                try await CLI.office("--key") {
                    try await office.review(finding: key, unit: target.no, year: year, status: parsed, reason: reason, by: .commandLine(by))
                }
                print("已记录：\(unit) \(year) 年度 \(key) \(parsed.displayName)")
            }
        }
    }
}

extension CLI {
    /// Runs an office use case; its refusal becomes a message naming `what` and exit status 2.
    static func office<T>(_ what: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as OfficeError {
            throw InputError(file: what, reason: error.message)
        }
    }
}

extension Array {
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
