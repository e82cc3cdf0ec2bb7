import Foundation
import GongkaiCore
import GongkaiOffice
import GongkaiRendering
import GongkaiStore
import Vapor

/// The 督查 region pages: five-year trends of the region (publication, applications by outcome, reconsiderations
/// and lawsuits, copied sections) as charts with their numbers in a table; the year's tables 二–四 added up over the
/// roster, each sum opening the units behind it; and a ranking of the units with enough applications to compare.
enum RegionPages {
    struct TrendRow: Encodable {
        let year: Int
        let units: Int
        let reports: Int
        let onTime: Int
        let late: Int
        let undated: Int
        let notReceived: Int
        let reused: Int
        /// Figures in ``ReportFigures/columns`` order, as text (`—` when no report gives it).
        let figures: [String]
        let grantedShare: String
    }

    struct RegionTable: Encodable {
        let format: String
        let reports: Int
        let html: String
    }

    struct RankRow: Encodable {
        let rank: Int
        let name: String
        let href: String
        let received: String
        let closed: String
        let grantedShare: String
        let correctedShare: String
    }

    struct RegionBody: Encodable {
        let year: Int
        let years: [Int]
        let first: Int
        let trend: [TrendRow]
        let figureNames: [String]
        let standingChart: String
        let outcomeChart: String
        let reviewChart: String
        let reuseChart: String
        let tables: [RegionTable]
        let minimum: Int
        let ranked: [RankRow]
        let rankedCount: Int
        let fewer: Int
        let allHref: String?
    }

    /// A cell key in a query: letters, digits and dots as they are, brackets escaped.
    static let keyCharacters = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "."))

    /// How many of a ranking the page shows before "all".
    static let shownRanks = 50

    struct CellRow: Encodable {
        let name: String
        let level: String
        let value: String
        let href: String
    }

    struct CellBody: Encodable {
        let year: Int
        let label: String
        let key: String
        let total: String
        let given: Int
        let rows: [CellRow]
        let unknown: [CellRow]
    }

    /// The figures' names as the tables print them, in ``ReportFigures/columns`` order.
    static let figureNames = ["新收申请", "上年结转", "予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理", "办结（总计）",
                              "结转下年度", "行政复议", "复议纠正", "行政诉讼", "诉讼纠正"]

    static func percent(_ share: Double?) -> String {
        share.map { String(format: "%.1f%%", $0 * 100) } ?? "—"
    }

    static func register(_ app: any RoutesBuilder) {
        app.endpoint(.GET, "staff/oversee/:year/region", access: .permission(.oversee), summary: "督查：全区汇总、五年趋势与排名",
                     responseType: "text/html") { req in
            let year = try ReportPages.yearParameter(req)
            let minimum = max(1, req.query[Int.self, at: "min"] ?? 10)
            let all = req.query[Int.self, at: "all"] == 1
            let base = req.base + "/staff/oversee"
            // Five years, from the first with a report collected (an office that began collecting this year sees
            // this year, not four years of "not received").
            let trend = Array(try await req.office.oversightTrend(years: (year - 4)...year, by: req.actor).drop { $0.reports == 0 && $0.year < year })
            let first = trend.first?.year ?? year
            let rows = trend.map { t in
                TrendRow(year: t.year, units: t.units, reports: t.reports, onTime: t.onTime, late: t.late, undated: t.undated,
                         notReceived: t.notReceived, reused: t.reused,
                         figures: zip(t.sums.values, t.given).map { value, given in given == 0 ? "—" : String(value ?? 0) },
                         grantedShare: percent(t.sums.grantedShare))
            }
            let categories = trend.map { "\($0.year)" }
            let span = first == year ? "\(year)" : "\(first)–\(year)"
            func series(_ label: String, _ tone: String, _ value: (Office.TrendYear) -> Int?) -> ColumnChart.Series {
                ColumnChart.Series(label: label, values: trend.map { Double(value($0) ?? 0) }, tone: tone)
            }
            let standingChart = ColumnChart.svg(categories: categories, series: [
                series("按期发布", "ok") { $0.onTime }, series("逾期发布", "late") { $0.late },
                series("发布日期不详", "pending") { $0.undated }, series("未收到", "missing") { $0.notReceived },
            ], title: "\(span) 年度报告发布情况")
            let outcomeChart = ColumnChart.svg(categories: categories, series: [
                series("予以公开", "o1") { $0.sums.granted }, series("部分公开", "o2") { $0.sums.partlyGranted },
                series("不予公开", "o3") { $0.sums.withheld }, series("无法提供", "o4") { $0.sums.unavailable },
                series("不予处理", "o5") { $0.sums.notProcessed }, series("其他处理", "o6") { $0.sums.otherHandling },
            ], title: "\(span) 年度依申请公开办理结果")
            func minus(_ a: Int?, _ b: Int?) -> Int? { a.map { $0 - (b ?? 0) } }
            let reviewChart = ColumnChart.svg(categories: categories, series: [
                series("行政复议·纠正", "o3") { $0.sums.reconsiderationCorrected },
                series("行政复议·其他", "o2") { minus($0.sums.reconsidered, $0.sums.reconsiderationCorrected) },
                series("行政诉讼·纠正", "o4") { $0.sums.litigationCorrected },
                series("行政诉讼·其他", "o6") { minus($0.sums.litigated, $0.sums.litigationCorrected) },
            ], title: "\(span) 年度行政复议、行政诉讼及其纠正")
            let reuseChart = BarChart.svg(trend.map { t in
                BarChart.Bar(label: "\(t.year) 年度", value: t.reports == 0 ? 0 : Double(t.reused) / Double(t.reports) * 100,
                             text: t.reports == 0 ? "—" : "\(t.reused) 份（\(percent(Double(t.reused) / Double(t.reports)))）", tone: "late")
            }, title: "\(span) 年度有部分内容雷同的报告")

            let region = try await req.office.oversightTables(year: year, by: req.actor)
            let tables = region.rollups.map { rollup in
                RegionTable(format: rollup.format.displayName, reports: rollup.reports, html: HTMLRenderer.tables(rollup.tables) { cell, text in
                    let unknown = rollup.unknown(cell)
                    let sum = rollup.sum(cell) ?? 0
                    let shown = text.isEmpty ? "—" : text
                    guard sum != 0 || unknown > 0 else { return shown.htmlEscaped() }
                    let href = "\(base)/\(year)/region/cell?key=" + (cell.key.addingPercentEncoding(withAllowedCharacters: keyCharacters) ?? "")
                    let mark = unknown > 0
                        ? "<sup class=\"lower\" title=\"\(unknown) 份报告此格不详，合计至少为此数\">≥</sup>" : ""
                    return "<a class=\"counted\" href=\"\(href)\">\(mark)\(shown.htmlEscaped())</a>"
                })
            }
            let (ranked, fewer) = try await req.office.oversightRanking(year: year, minimum: minimum, by: req.actor)
            let rankRows = ranked.enumerated().map { k, item in
                RankRow(rank: k + 1, name: item.unit.unit.name, href: "\(base)/\(year)/units/\(item.unit.no)",
                        received: item.figures.received.map(String.init) ?? "—", closed: item.figures.closed.map(String.init) ?? "—",
                        grantedShare: percent(item.figures.grantedShare), correctedShare: percent(item.figures.correctedShare))
            }
            let this = req.office.today.year
            return try await req.page("oversee-region", title: "\(year) 年度全区汇总与趋势", RegionBody(
                year: year, years: Array((this - 5)...this).reversed(), first: first, trend: rows, figureNames: figureNames,
                standingChart: standingChart, outcomeChart: outcomeChart, reviewChart: reviewChart, reuseChart: reuseChart, tables: tables,
                minimum: minimum, ranked: all ? rankRows : Array(rankRows.prefix(shownRanks)), rankedCount: rankRows.count, fewer: fewer,
                allHref: rankRows.count > shownRanks && !all ? "\(base)/\(year)/region?min=\(minimum)&all=1#h-rank" : nil))
        }
        app.endpoint(.GET, "staff/oversee/:year/region/cell", access: .permission(.oversee), summary: "督查：汇总数背后的各单位",
                     responseType: "text/html") { req in
            let year = try ReportPages.yearParameter(req)
            let key = req.query[String.self, at: "key"] ?? ""
            let (cell, format, values) = try await req.office.oversightCell(year: year, key: key, by: req.actor)
            let base = req.base + "/staff/oversee"
            func row(_ item: Office.CellValue) -> CellRow {
                CellRow(name: item.unit.unit.name, level: item.unit.unit.level.displayName, value: item.value.map { "\($0)" } ?? "不详",
                        href: "\(base)/\(year)/units/\(item.unit.no)")
            }
            let known = values.filter { $0.value != nil }
            let total = known.reduce(Decimal(0)) { $0 + ($1.value ?? 0) }
            return try await req.page("oversee-cell", title: "\(year) 年度 \(cell.label(format))", CellBody(
                year: year, label: cell.label(format), key: cell.key, total: "\(total)", given: known.count,
                rows: known.map(row), unknown: values.filter { $0.value == nil }.map(row)))
        }
    }
}
