import GongkaiCore
import GongkaiStore

/// A supervisor's year as sheets to export (`gongkai oversee export`, the dashboard's download): one row per roster
/// unit and per report waiting to be assigned, with stable columns — the unit, its standing, the report's file, the
/// finding counts, then every table cell by its REPORT-JSON key (`table2.rules.issued`, `table3.received[0]`,
/// `table4.reconsideration[4]`; both formats' keys, a cell the report's format has not left empty) — and a second
/// sheet of findings. Columns are added to, never renamed: users' scripts read them.
extension Office {
    public func oversightSheets(year: Int, by actor: Actor) async throws -> [Sheet] {
        let agency = try require(.oversee, actor)
        let view = try await oversight(year: year, by: actor)
        let contents = try await stored { try await store.collectedReports(owner: agency.id, years: [year], content: true) }
        var annual: [Int: AnnualReport] = [:]
        for report in contents { annual[report.no] = try? Self.decode(report) }
        func read(_ report: CollectedReport) -> AnnualReport? {
            report.no == 0 ? try? Self.decode(report) : annual[report.no]
        }
        return [Self.reportSheet(view, read: read), Self.findingSheet(view)]
    }

    /// The fixed columns of the first sheet, before the cells.
    public static let reportColumns = [
        "单位", "统一社会信用代码", "层级", "上级", "年度", "状态", "发布期限", "发布日期", "格式", "版本数",
        "报告写明的机关", "文件", "SHA-256", "错误", "警告", "提示",
    ]

    /// Every table cell of either format, by its contract key, in the official order (the 2021 format's first).
    public static let cellKeys: [String] = {
        var keys: [String] = []
        var seen = Set<String>()
        func add(_ key: String) { if seen.insert(key).inserted { keys.append(key) } }
        for format in [ReportFormat.y2021, .y2019] {
            for row in format.spec.table2Rows { for field in row.fields { add("table2.\(row.key).\(field.key)") } }
        }
        for format in [ReportFormat.y2021, .y2019] {
            for row in format.spec.table3RowKeys { for i in Table3Column.all.indices { add("table3.\(row.key)[\(i)]") } }
        }
        for block in Table4Block.allCases { for i in Table4BlockSpec.columns.indices { add("table4.\(block.key)[\(i)]") } }
        return keys
    }()

    static func reportSheet(_ view: OversightYear, read: (CollectedReport) -> AnnualReport?) -> Sheet {
        var sheet = Sheet(name: "\(view.year)年度报告", header: reportColumns + cellKeys, frozenColumns: 1)
        func text(_ s: String?) -> Sheet.Cell { s.map(Sheet.Cell.text) ?? .empty }
        func cells(_ report: AnnualReport?) -> [Sheet.Cell] {
            guard let report else { return [Sheet.Cell](repeating: .empty, count: cellKeys.count) }
            var values: [String: Sheet.Cell] = [:]
            let json = report.json()
            for name in ["table2", "table3", "table4"] { flatten(json[name], prefix: name, into: &values) }
            return cellKeys.map { values[$0] ?? .empty }
        }
        for unit in view.units {
            let u = unit.unit.unit
            let annual = unit.report.flatMap(read)
            var row: [Sheet.Cell] = [
                .text(u.name), text(u.creditCode), .text(u.level.displayName), text(u.parent), .int(view.year),
                .text(unit.standing.displayName), text(unit.deadline?.description), text(unit.publishedOn?.description),
                text(annual?.format.rawValue), .int(unit.versions), text(annual?.agency), text(unit.report?.fileName),
                text(unit.report.map(\.sha256)), .int(unit.count(.error)), .int(unit.count(.warning)), .int(unit.count(.info)),
            ]
            row += cells(annual)
            sheet.rows.append(row)
        }
        for report in view.unassigned {
            let annual = read(report)
            var row: [Sheet.Cell] = [
                .empty, .empty, .empty, .empty, .int(view.year), .text("待指定单位"), .empty, text(report.publishedOn?.description),
                text(annual?.format.rawValue), .int(1), text(report.agencyName), .text(report.fileName), .text(report.sha256),
                .empty, .empty, .empty,
            ]
            row += cells(annual)
            sheet.rows.append(row)
        }
        return sheet
    }

    public static let findingColumns = ["单位", "年度", "级别", "代码", "问题", "说明", "位置", "核实状态", "核实人", "核实时间", "理由",
                                        "雷同比例", "雷同来源单位", "雷同来源年度", "雷同来源文件", "问题键"]

    static func findingSheet(_ view: OversightYear) -> Sheet {
        var sheet = Sheet(name: "问题", header: findingColumns, frozenColumns: 1)
        for unit in view.units {
            for item in unit.findings {
                let other = item.reuse.flatMap { view.reports[$0.other] }
                sheet.rows.append([
                    .text(unit.unit.unit.name), .int(view.year), .text(item.finding.severity.displayName), .text(item.finding.code.rawValue),
                    .text(item.finding.code.label), .text(item.finding.message), .text(LocationText.describe(item.finding.location)),
                    .text(item.status.displayName), item.review.map { .text($0.reviewer) } ?? .empty, item.review.map { .text($0.at) } ?? .empty,
                    item.review?.reason.map(Sheet.Cell.text) ?? .empty,
                    item.reuse.map { .decimal(String(Double(Int(($0.share * 1000).rounded())) / 1000)) } ?? .empty,
                    other.flatMap { $0.unitNo.flatMap { view.unitNames[$0] } }.map(Sheet.Cell.text) ?? .empty,
                    other?.year.map(Sheet.Cell.int) ?? .empty, other.map { .text($0.fileName) } ?? .empty, .text(item.key),
                ])
            }
        }
        return sheet
    }

    /// `table3.received[0]`-style keys for every number under a table's JSON.
    static func flatten(_ json: JSON?, prefix: String, into values: inout [String: Sheet.Cell]) {
        guard let json else { return }
        switch json.value {
        case let .object(members):
            for member in members { flatten(member.value, prefix: "\(prefix).\(member.key)", into: &values) }
        case let .array(items):
            for (i, item) in items.enumerated() { flatten(item, prefix: "\(prefix)[\(i)]", into: &values) }
        case let .number(text):
            values[prefix] = Int(text).map(Sheet.Cell.int) ?? .decimal(text)
        case .null, .bool, .string:
            break
        }
    }
}
