import ArgumentParser
import Foundation
import GongkaiCore
import GongkaiOffice
import GongkaiRendering

extension OverseeCommand {
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "导出该年度各单位报告：每份报告一行（单位、层级、状态、发布日期、问题数、表格每个数字按报告 JSON 的键），及问题清单。",
            discussion: """
                xlsx：两张表（报告、问题），LibreOffice 与 Excel 均可打开；csv：只有报告表（UTF-8 带 BOM），问题清单用 --sheet findings。
                列名稳定，只增不改：表格数字的列名如 table2.rules.issued、table3.received[0]（自然人）、table4.reconsideration[4]（总计）。
                """)

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case xlsx, csv
        }

        enum Which: String, ExpressibleByArgument, CaseIterable {
            case reports, findings
        }

        @OptionGroup var period: YearDay
        @Option(help: "xlsx 或 csv。") var format: Format = .xlsx
        @Option(help: "csv 导出哪张表：reports（报告）或 findings（问题）。") var sheet: Which = .reports
        @Option(name: [.short, .customLong("output")], help: "写入的文件（csv 可为 - 即标准输出）。") var output: String
        @OptionGroup var store: StoreOptions
        @OptionGroup var agencyOption: AgencyOption

        func validate() throws {
            if format == .xlsx, output == "-" { throw ValidationError("XLSX 是二进制文件，请用 -o 指定输出文件，例如 -o 督查.xlsx") }
        }

        func run() async throws {
            let year = period.year
            try await store.withOffice(today: period.day, agency: agencyOption.code) { office in
                let sheets = try await CLI.office("督查") { try await office.oversightSheets(year: year, by: .commandLine(nil)) }
                let bytes: Data
                switch format {
                case .xlsx:
                    do {
                        bytes = try XLSXWriter.workbook(sheets, title: "\(year) 年度政府信息公开工作年度报告督查", creator: try office.agency.name)
                    } catch {
                        throw InputError(file: output, reason: "无法生成 XLSX（\(error)）")
                    }
                case .csv:
                    bytes = Data(CSVWriter.csv(sheets[sheet == .reports ? 0 : 1]))
                }
                if output == "-" {
                    FileHandle.standardOutput.write(bytes)
                    return
                }
                do {
                    try bytes.write(to: URL(fileURLWithPath: output), options: .atomic)
                } catch {
                    throw InputError(file: output, reason: "无法写入文件（\(error.localizedDescription)）")
                }
                let rows = sheets[0].rows.count
                print("已导出 \(rows) 行报告、\(sheets[1].rows.count) 条问题到 \(output)")
            }
        }
    }

    struct NoticeDraft: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "notice",
            abstract: "起草该年度的通报（Word 文档）：总体情况、未发布与逾期发布的单位、各单位报告的问题及依据、有关要求。",
            discussion: "已排除的问题不列入；尚未核实的问题注明「待核实」。通报为草稿，请核改后印发。")

        @OptionGroup var period: YearDay
        @Option(name: [.short, .customLong("output")], help: "写入的 .docx 文件；为 - 时以纯文本写到标准输出。") var output: String
        @OptionGroup var store: StoreOptions
        @OptionGroup var agencyOption: AgencyOption

        func run() async throws {
            try await store.withOffice(today: period.day, agency: agencyOption.code) { office in
                let notice = try await CLI.office("督查") { try await office.oversightNotice(year: period.year, by: .commandLine(nil)) }
                if output == "-" {
                    print(notice.plainText, terminator: "")
                    return
                }
                do {
                    try NoticeRenderer.docx(notice).write(to: URL(fileURLWithPath: output), options: .atomic)
                } catch {
                    throw InputError(file: output, reason: "无法写入 DOCX（\(error)）")
                }
                print("已起草通报：\(output)")
            }
        }
    }
}
