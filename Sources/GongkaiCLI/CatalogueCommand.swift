import ArgumentParser
import Foundation
import GongkaiCore
import GongkaiOffice
import GongkaiStore

/// `gongkai catalogue …`: the proactive-disclosure catalogue (主动公开目录).
struct CatalogueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalogue",
        abstract: "主动公开目录：导入、导出、检索、公开期限提醒，生成示例目录。",
        subcommands: [Import.self, Export.self, Search.self, Due.self, Generate.self]
    )

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "从 JSON Lines 文件导入目录记录（每行一条，格式见 CATALOGUE-JSONL）。整个文件无误才导入，有错则一条也不导入。",
            discussion: """
                有发布日期的记录按原样发布（保留索引号；没有索引号的按本机关规则编号）；没有发布日期的记录成为稿件，须经审核后发布。
                附件写作 "attachments": [{"name": "附件1.pdf", "path": "files/附件1.pdf"}]（path 相对于本文件），导入时计算 SHA-256 并存入库中。
                """)

        @Argument(help: "JSON Lines 文件。")
        var file: String

        @Option(help: "导入人（记入操作日志；默认为操作系统用户）。")
        var by: String?

        @OptionGroup var store: StoreOptions
        @OptionGroup var agencyOption: AgencyOption

        func run() async throws {
            let bytes = try CLI.withInputErrors { try CLI.read(file) }
            var (records, errors) = CatalogueFile.parse(bytes)
            if !errors.isEmpty { throw CLI.refuse(errors, in: file, what: "记录") }
            guard !records.isEmpty else {
                CLI.printError("\(file)：文件中没有记录")
                throw CLI.unusableInput
            }
            let contents = try CatalogueCommand.readAttachments(&records, beside: file)
            try await store.withOffice(agency: agencyOption.code) { office in
                let result: Office.CatalogueImport
                do {
                    result = try await office.importCatalogue(records, files: contents, file: (file as NSString).lastPathComponent,
                                                              by: .commandLine(by))
                } catch let error as OfficeError {
                    throw InputError(file: file, reason: error.message)
                }
                var line = "已导入 \(records.count) 条目录记录到 \(office.store.backend)（\(try office.agency.name)）：发布 \(result.published.count) 条"
                if !result.drafts.isEmpty { line += "，待审核稿件 \(result.drafts.count) 件" }
                print(line + "。")
            }
        }
    }

    /// Reads the files the records' attachments name by `path` (relative to the JSON Lines file), filling in each
    /// attachment's SHA-256 and size; every file that cannot be read is named, and nothing is imported then.
    static func readAttachments(_ records: inout [CatalogueRecord], beside file: String) throws -> [[UInt8]] {
        let directory = URL(fileURLWithPath: file).deletingLastPathComponent()
        var contents: [[UInt8]] = []
        var problems: [String] = []
        for r in records.indices {
            for a in records[r].attachments.indices {
                guard let path = records[r].attachments[a].path else { continue }
                let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : directory.appendingPathComponent(path)
                guard let data = FileManager.default.contents(atPath: url.path) else {
                    problems.append("「\(records[r].title)」的附件「\(records[r].attachments[a].name)」：读不到文件 \(url.path)")
                    continue
                }
                let bytes = Array(data)
                let attachment = CatalogueFiles.attachment(name: records[r].attachments[a].name, bytes: bytes,
                                                           mediaType: records[r].attachments[a].mediaType)
                records[r].attachments[a] = attachment
                contents.append(bytes)
            }
        }
        guard problems.isEmpty else {
            for problem in problems.prefix(20) { CLI.printError("\(file)：\(problem)") }
            if problems.count > 20 { CLI.printError("\(file)：另有 \(problems.count - 20) 个附件读不到") }
            CLI.printError("\(file)：未导入任何记录")
            throw CLI.unusableInput
        }
        return contents
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "把本机关的目录（每条记录的现行版本）导出为 JSON Lines（CATALOGUE-JSONL）。")

        @Option(name: .shortAndLong, help: "输出文件（默认标准输出）。")
        var output: String?

        @OptionGroup var store: StoreOptions
        @OptionGroup var agencyOption: AgencyOption

        func run() async throws {
            try await store.withOffice(agency: agencyOption.code) { office in
                let text = try await office.exportCatalogue(by: .commandLine(nil))
                try CLI.write(text, to: output.flatMap { $0 == "-" ? nil : $0 })
                if let output, output != "-" {
                    FileHandle.standardError.write(Data("已导出 \(text.split(separator: "\n").count) 条记录到 \(output)\n".utf8))
                }
            }
        }
    }

    struct Search: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "检索本机关的主动公开目录：名称、文号、内容概述和正文中同时含有每个词的记录。",
            discussion: "词之间用空格分开。两个字以上的词走索引；单字词逐条比对（可与筛选条件同用）。")

        @Argument(help: "检索词（可多个）。")
        var words: [String] = []

        @Option(help: "类别：\(CatalogueKind.allCases.map(\.rawValue).joined(separator: "、"))。")
        var kind: String?

        @Option(help: "生成年份。")
        var year: Int?

        @Option(help: "有效性：inForce、repealed、expired。")
        var validity: String?

        @Option(help: "最多列出几条。")
        var limit: Int = 20

        @Option(help: "输出格式：text 或 json。")
        var format: DeadlineCommand.OutputFormat = .text

        @OptionGroup var store: StoreOptions
        @OptionGroup var agencyOption: AgencyOption


        /// The filter and the words, each option checked.
        func filterAndWords() throws -> (CatalogueFilter, String) {
            var filter = CatalogueFilter()
            if let kind {
                guard let value = CatalogueKind(rawValue: kind) else {
                    throw InputError(file: "--kind", reason: "没有类别「\(kind)」（可用：\(CatalogueKind.allCases.map { "\($0.rawValue)（\($0.displayName)）" }.joined(separator: "、"))）")
                }
                filter.kind = value
            }
            if let validity {
                guard let value = Validity(rawValue: validity) else {
                    throw InputError(file: "--validity", reason: "有效性应为 inForce（有效）、repealed（废止）或 expired（失效）")
                }
                filter.validity = value
            }
            filter.year = year
            guard (1...1000).contains(limit) else { throw ValidationError("--limit 应在 1–1000 之间") }
            let text = words.joined(separator: " ")
            if SearchText.query(text).isEmpty, !text.trimmingWhitespace.isEmpty {
                throw InputError(file: "检索词", reason: "「\(text)」中没有可检索的文字（只有标点或空白）")
            }
            return (filter, text)
        }

        func run() async throws {
            let (filter, text) = try CLI.withInputErrors { try self.filterAndWords() }
            try await store.withOffice(agency: agencyOption.code) { office in
                let result = try await office.searchCatalogue(text, filter: filter, limit: limit)
                switch format {
                case .json:
                    let hits = result.records.map { $0.json() }
                    try CLI.write(JSONWriter.string(.object([("total", .int(result.total)), ("hits", .array(hits))])) + "\n", to: nil)
                case .text:
                    var out = text.isEmpty ? "目录共 \(result.total) 条" : "「\(text)」共找到 \(result.total) 条"
                    out += result.total > result.records.count ? "，列出前 \(result.records.count) 条：\n" : (result.total == 0 ? "。\n" : "：\n")
                    for stored in result.records {
                        let record = stored.record
                        var line = "\(stored.indexNumber)  \(record.publishedOn?.description ?? "")  \(record.kind.displayName)  \(record.title)"
                        if let number = record.documentNumber { line += "（\(number)）" }
                        if let validity = record.validity, validity != .inForce { line += "〔已\(validity.displayName)〕" }
                        out += line + "\n"
                    }
                    try CLI.write(out, to: nil)
                }
            }
        }
    }

    struct Due: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "公开期限提醒：未发布的稿件按期限排列（信息形成或变更之日起 20 个工作日，条例第二十六条），以及缺少政策解读的文件。")

        @Option(help: "以这一天为“今天”（YYYY-MM-DD，默认系统日期）。")
        var today: String?

        @Option(help: "输出格式：text 或 json。")
        var format: DeadlineCommand.OutputFormat = .text

        @OptionGroup var store: StoreOptions
        @OptionGroup var agencyOption: AgencyOption

        func run() async throws {
            let today = try DeadlineCommand.today(today)
            try await store.withOffice(today: today, agency: agencyOption.code) { office in
                let due = try await office.catalogueDue(by: .commandLine(nil))
                switch format {
                case .json:
                    try CLI.write(JSONWriter.string(due.json()) + "\n", to: nil)
                case .text:
                    var out = ""
                    if due.drafts.isEmpty { out += "没有待发布的稿件。\n" } else {
                        out += "待发布的稿件 \(due.drafts.count) 件（按公开期限）：\n"
                        for item in due.drafts {
                            let when = item.due.map { "\($0)\(item.overdue ? "（已超期）" : "")" } ?? "期限无法推算"
                            out += "  稿件 \(item.draft.no)  \(item.draft.state.displayName)  期限 \(when)  \(item.draft.record.title)\n"
                        }
                    }
                    if !due.missingInterpretations.isEmpty {
                        out += "发布已满 3 个工作日仍无政策解读的文件 \(due.missingInterpretations.count) 件：\n"
                        for record in due.missingInterpretations {
                            out += "  \(record.indexNumber ?? "")  \(record.publishedOn?.description ?? "")  \(record.title)\n"
                        }
                    }
                    try CLI.write(out, to: nil)
                }
            }
        }
    }

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "生成示例卫生健康局的主动公开目录（JSON Lines），用于演示和测试。")

        @Option(help: "年份范围，如 2021-2026（不超过今天）。")
        var years: String = "2021-2026"

        @Option(help: "每年大约几条。")
        var perYear: Int = 80

        @Option(help: "随机种子。")
        var seed: UInt64 = 1

        @Option(help: "发布机构名称。")
        var agency: String = "示例市示例局"

        @Option(help: "索引号前段码（统一社会信用代码）。")
        var prefix: String = "11330100MB0000000N"

        @Option(help: "以这一天为“今天”：之后的记录不生成（YYYY-MM-DD，默认系统日期）。")
        var today: String?

        @Flag(name: .customLong("drafts"), help: "另加三件尚未发布的稿件（没有发布日期：导入后待审核，其中一件已超过公开期限）。")
        var withDrafts = false

        @Option(name: .shortAndLong, help: "输出文件（默认标准输出）。")
        var output: String?

        func run() throws {
            let today = try DeadlineCommand.today(today)
            let parts = years.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 2, parts[0] <= parts[1], parts[0] >= 2008, parts[1] <= 2100 else {
                throw ValidationError("--years 应为“起始年-结束年”，如 2021-2025")
            }
            guard (1...100_000).contains(perYear) else { throw ValidationError("--per-year 应在 1–100000 之间") }
            if let problem = CreditCode.problem(prefix) { throw ValidationError("--prefix：\(problem)") }
            var generator = CatalogueGenerator(seed: seed, agency: agency, prefix: prefix)
            guard parts[0] <= today.year else { throw ValidationError("--years 的起始年晚于今天（\(today)）") }
            var records = generator.records(years: parts[0]...min(parts[1], today.year), perYear: perYear, until: today)
            if withDrafts { records += generator.drafts(today: today) }
            try CLI.write(CatalogueFile.write(records), to: output.flatMap { $0 == "-" ? nil : $0 })
        }
    }
}
