import ArgumentParser
import Foundation
import GongkaiCore
import GongkaiOffice
import GongkaiRendering
import GongkaiStore

/// `gongkai cases …`: the application ledger.
struct CasesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cases",
        abstract: "依申请公开的申请台账：导入、导出、到期提醒、查看与答复书。",
        subcommands: [Import.self, Export.self, Due.self, Show.self, Add.self, ReviewCommand.self, Letter.self, Generate.self, Example.self]
    )

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "从 JSON Lines 文件导入申请（每行一件，格式见 CASES-JSONL）。整个文件无误才导入，有错则一件也不导入。")

        @Argument(help: "JSON Lines 文件。")
        var file: String

        @Option(help: "导入人（记入操作日志；默认为操作系统用户）。")
        var by: String?

        @OptionGroup var store: StoreOptions
        @OptionGroup var agencyOption: AgencyOption

        func run() async throws {
            let bytes = try CLI.withInputErrors { try CLI.read(file) }
            let (records, errors) = CaseFile.parse(bytes)
            if !errors.isEmpty { throw CLI.refuse(errors, in: file, what: "申请") }
            guard !records.isEmpty else {
                CLI.printError("\(file)：文件中没有申请")
                throw CLI.unusableInput
            }
            try await store.withOffice(agency: agencyOption.code) { office in
                do {
                    try await office.importCases(records, source: (file as NSString).lastPathComponent, by: .commandLine(by))
                } catch let error as OfficeError {
                    throw InputError(file: file, reason: error.message)
                }
                let open = records.filter { $0.closing == nil }.count
                print("已导入 \(records.count) 件申请（其中未办结 \(open) 件）到 \(office.store.backend)（\(try office.agency.name)）。")
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "把库中全部申请导出为 JSON Lines（CASES-JSONL）。")

        @Option(name: .shortAndLong, help: "输出文件（默认标准输出）。")
        var output: String?

        @OptionGroup var store: StoreOptions
        @OptionGroup var agencyOption: AgencyOption

        func run() async throws {
            try await store.withOffice(agency: agencyOption.code) { office in
                let store = office.store
                let agency = try office.agency.id
                let path = output.flatMap { $0 == "-" ? nil : $0 }
                let temporary = path.map { $0 + ".part" }
                if let temporary {
                    guard FileManager.default.createFile(atPath: temporary, contents: nil) else {
                        throw InputError(file: path!, reason: "无法写入文件")
                    }
                }
                let handle = temporary.flatMap { FileHandle(forWritingAtPath: $0) } ?? FileHandle.standardOutput
                var count = 0
                try await store.forEachBatch(agency: agency) { records in
                    count += records.count
                    handle.write(Data(CaseFile.write(records).utf8))
                }
                if let temporary, let path {
                    try handle.close()
                    _ = try? FileManager.default.removeItem(atPath: path)
                    try FileManager.default.moveItem(atPath: temporary, toPath: path)
                    FileHandle.standardError.write(Data("已导出 \(count) 件申请到 \(path)\n".utf8))
                }
            }
        }
    }

    struct Due: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "未办结的申请，按答复期限排列，已超期的在前。",
            discussion: "期限按收到申请次日起算的 20 个工作日，计入补正、征求意见和延期；等待补正或征求意见中的申请期限暂停，列在最后。")

        @Option(help: "只列出 N 个工作日内到期（含已超期）的申请。")
        var within: Int?

        @Option(help: "以这一天为“今天”（YYYY-MM-DD，默认系统日期）。")
        var today: String?

        @Option(help: "输出格式：text 或 json。")
        var format: DeadlineCommand.OutputFormat = .text

        @OptionGroup var store: StoreOptions
        @OptionGroup var agencyOption: AgencyOption

        func run() async throws {
            let today = try DeadlineCommand.today(today)
            if let within, within < 0 { throw ValidationError("--within 不能为负数") }
            try await store.withOffice(agency: agencyOption.code) { office in
                let calendar = try await office.store.calendar()
                let calculator = DeadlineCalculator(calendar: calendar)
                let open = try await office.store.openCases(agency: try office.agency.id)
                let list = DueList(cases: open, today: today, calculator: calculator, within: within)
                switch format {
                case .json: try CLI.write(JSONWriter.string(list.json()) + "\n", to: nil)
                case .text: try CLI.write(list.text(), to: nil)
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "一件申请的经过、当前状态和各项期限的推算。")

        @Argument(help: "申请编号。")
        var id: String

        @Option(help: "以这一天为“今天”（YYYY-MM-DD，默认系统日期）。")
        var today: String?

        @OptionGroup var store: StoreOptions
        @OptionGroup var agencyOption: AgencyOption

        func run() async throws {
            let today = try DeadlineCommand.today(today)
            try await store.withOffice(agency: agencyOption.code) { office in
                let record = try await office.existingRecord(id)
                let calculator = DeadlineCalculator(calendar: try await office.store.calendar())
                try CLI.write(CaseText.describe(record, progress: CaseProgress(of: record, calculator: calculator), today: today), to: nil)
            }
        }
    }

    struct Letter: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "生成已答复申请的《政府信息公开申请答复书》（DOCX 或 HTML）。")

        enum Format: String, ExpressibleByArgument, CaseIterable { case docx, html }

        @Argument(help: "申请编号。")
        var id: String

        @Option(help: "答复机关名称（落款；默认为机关的名称）。")
        var agency: String?

        @OptionGroup var remedies: RemediesOptions

        @Option(help: "输出格式：docx 或 html。")
        var format: Format = .docx

        @Option(name: .shortAndLong, help: "输出文件。")
        var output: String

        @OptionGroup var store: StoreOptions
        @OptionGroup var agencyOption: AgencyOption

        func run() async throws {
            try await store.withOffice(agency: agencyOption.code) { office in
                let record = try await office.existingRecord(id)
                let here = try office.agency
                let letter = try office.letter(for: record, agency: agency, remedies: remedies.remedies ?? here.remedies)
                let data: Data
                switch format {
                case .html: data = Data(LetterRenderer.html(letter).utf8)
                case .docx: data = try LetterRenderer.docx(letter)
                }
                do {
                    try data.write(to: URL(fileURLWithPath: output), options: .atomic)
                } catch {
                    throw InputError(file: output, reason: "无法写入文件（\(error.localizedDescription)）")
                }
                FileHandle.standardError.write(Data("已生成答复书 \(output)\n".utf8))
            }
        }
    }

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "生成随机但合乎规则的示例申请（JSON Lines），用于演示和测试。")

        @Option(help: "件数。")
        var count: Int = 200

        @Option(help: "随机种子。")
        var seed: UInt64 = 1

        @Option(help: "收件年份范围，如 2024-2025。")
        var years: String = "2024-2025"

        @Option(help: "以这一天为“今天”：此后的事件不生成，尚未办结的申请保持未办结。")
        var today: String?

        @Option(name: .shortAndLong, help: "输出文件（默认标准输出）。")
        var output: String?

        func run() throws {
            let parts = years.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 2 || parts.count == 1, let low = parts.first, let high = parts.last, low <= high else {
                throw ValidationError("--years 应为 2024-2025 这样的年份范围")
            }
            guard count > 0 else { throw ValidationError("--count 应为正数") }
            let today = try today.map { try DeadlineCommand.date($0, "--today") }
            var generator = CaseGenerator(seed: seed, years: low...high, today: today)
            try CLI.withInputErrors { try CLI.write(CaseFile.write(generator.records(count)), to: output) }
        }
    }

    struct Example: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "生成一个小机关的示例台账（JSON Lines）：上一年全年和今年到今天的申请，今天的待办里有本周到期、已超期、待补正、征求意见中、已延期和待缴费的申请。",
            discussion: "scripts/start 第一次启动时用它生成示例数据，所以无论哪天启动，看到的都是“今天”的情形。")

        @Option(help: "以这一天为“今天”（YYYY-MM-DD，默认系统日期）。")
        var today: String?

        @Option(help: "随机种子。")
        var seed: UInt64 = 1

        @Option(name: .shortAndLong, help: "输出文件（默认标准输出）。")
        var output: String?

        func run() throws {
            let today = try DeadlineCommand.today(today)
            let records = ExampleOffice.cases(today: today, seed: seed)
            try CLI.withInputErrors { try CLI.write(CaseFile.write(records), to: output) }
        }
    }
}
