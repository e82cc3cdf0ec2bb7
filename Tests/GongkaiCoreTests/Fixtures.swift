import Foundation
import GongkaiCore

/// Hand-made reports with realistic, non-zero numbers.
enum Fixtures {
    /// A consistent 2021-format report of a county bureau: 44 applications, every sum right, published on time.
    static func report2021() -> AnnualReport {
        var t2 = Table2(format: .y2021)
        for (row, field, value) in [
            ("rules", "issued", 0), ("rules", "repealed", 0), ("rules", "inForce", 0),
            ("normativeDocuments", "issued", 3), ("normativeDocuments", "repealed", 1),
            ("normativeDocuments", "inForce", 27), ("licensing", "decisions", 3059), ("penalty", "decisions", 506),
            ("coercion", "decisions", 13),
        ] { t2[row, field] = Decimal(value) }
        t2["fees", "amount"] = Decimal(string: "12.5")

        var t3 = Table3(format: .y2021)
        func row(_ r: Table3Row, _ cells: [Int]) { t3[r] = cells + [cells.reduce(0, +)] }
        row(.received, [38, 4, 0, 1, 1, 0])
        row(.carriedOver, [2, 0, 0, 0, 0, 0])
        for r in t3.rowKeys { if t3[r].contains(where: { $0 == nil }) { row(r, [0, 0, 0, 0, 0, 0]) } }
        row(.granted, [20, 3, 0, 1, 0, 0])
        row(.partlyGranted, [4, 0, 0, 0, 0, 0])
        row(.withheldThirdPartyRights, [2, 0, 0, 0, 0, 0])
        row(.unavailableNotHeld, [7, 1, 0, 0, 1, 0])
        row(.notProcessedRepeated, [1, 0, 0, 0, 0, 0])
        row(.otherHandlingNoCorrection, [2, 0, 0, 0, 0, 0])
        row(.total, [36, 4, 0, 1, 1, 0])
        row(.carriedForward, [4, 0, 0, 0, 0, 0])

        var t4 = Table4()
        t4[.reconsideration] = [1, 1, 0, 1, 3]
        t4[.litigationDirect] = [1, 0, 0, 0, 1]
        t4[.litigationAfterReconsideration] = [0, 0, 0, 0, 0]

        let sections = FormatSpec.sectionHeadings.enumerated().map { i, heading in
            ReportSection(number: i + 1, heading: heading, text: prose2021[i])
        }
        return AnnualReport(format: .y2021, agency: "宁海县卫生健康局", year: 2021,
                            publishedOn: CivilDate(year: 2022, month: 1, day: 20), sections: sections,
                            table2: t2, table3: t3, table4: t4)
    }

    static let prose2021 = [
        "2021年，我局认真贯彻落实《中华人民共和国政府信息公开条例》。全年共收到政府信息公开申请44件，其中予以公开24件，部分公开4件。",
        "全年主动公开政府信息1277条。",
        "本年度新收政府信息公开申请44件，上年结转2件；办结42件，结转下年度继续办理4件。",
        "本年度因政府信息公开工作被申请行政复议3件，提起行政诉讼1件。",
        "主动公开内容还需进一步细化。",
        "本机关2021年发出收费通知1件，收取信息处理费200元。",
    ]

    /// A consistent 2019-format report for 2020.
    static func report2019() -> AnnualReport {
        var rng = SeededGenerator(seed: 7)
        var report = ReportGenerator().report(format: .y2019, scale: .small, using: &rng)
        report.year = 2020
        report.agency = "建宁县卫生健康局"
        report.publishedOn = CivilDate(year: 2021, month: 1, day: 12)
        report.sections = nil
        return report
    }
}

extension FormatSpec {
    static var sectionHeadings: [String] { SectionSpec.all.map(\.heading) }
}

extension Array where Element == Finding {
    /// The findings with a code.
    func with(_ code: FindingCode) -> [Finding] { filter { $0.code == code } }
    var errors: [Finding] { filter { $0.severity == .error } }
}
