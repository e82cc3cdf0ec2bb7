import Foundation
import Testing

@testable import GongkaiCore

@Suite("Checks: each fires on a report built to break it, and only then")
struct ChecksTests {
    @Test("A consistent report of either format gives no finding")
    func consistentReportsAreSilent() {
        #expect(ReportChecker.check(Fixtures.report2021()) == [])
        #expect(ReportChecker.check(Fixtures.report2019()) == [])
    }

    @Test("T3-BALANCE names the column and the four numbers")
    func balance() {
        // Given a report where one natural-person application vanished from the outcomes and the total
        var report = Fixtures.report2021()
        report.table3![.granted, 0] = 19
        report.table3![.granted, 6] = 23
        report.table3![.total, 0] = 35
        report.table3![.total, 6] = 41
        // When
        let findings = ReportChecker.check(report)
        // Then
        #expect(findings.with(.t3Balance) == [
            Finding(code: .t3Balance, severity: .error,
                    message: "表三 自然人列：新收 38 + 上年结转 2 ≠ 办理结果总计 35 + 结转下年度 4",
                    location: Location(table: .table3, column: .index(0))),
            Finding(code: .t3Balance, severity: .error,
                    message: "表三 总计列：新收 44 + 上年结转 2 ≠ 办理结果总计 41 + 结转下年度 4",
                    location: Location(table: .table3, column: .index(6))),
        ])
        #expect(findings.with(.t3RowTotal).isEmpty)
        #expect(findings.with(.t3OutcomeTotal).isEmpty)
    }

    @Test("T3-ROW-TOTAL names the row, the six addends and the printed total")
    func rowTotal() {
        var report = Fixtures.report2021()
        report.table3![.granted, 6] = 25
        let findings = ReportChecker.check(report).with(.t3RowTotal)
        #expect(findings == [Finding(
            code: .t3RowTotal, severity: .error,
            message: "表三「予以公开」行：自然人 20 + 商业企业 3 + 科研机构 0 + 社会公益组织 1 + 法律服务机构 0 + 其他组织 0 = 24 ≠ 总计 25",
            location: Location(table: .table3, row: "granted", column: .index(6)))])
    }

    @Test("T3-OUTCOME-TOTAL lists the outcome rows that add up")
    func outcomeTotal() {
        var report = Fixtures.report2021()
        // 法律服务机构: one 不掌握 case is dropped from the outcomes but the total stays.
        report.table3![.unavailableNotHeld] = [7, 1, 0, 0, 0, 0, 8]
        let findings = ReportChecker.check(report)
        #expect(findings.with(.t3OutcomeTotal) == [
            Finding(code: .t3OutcomeTotal, severity: .error,
                    message: "表三 法律服务机构列：各项办理结果之和 0 ≠ （七）总计 1",
                    location: Location(table: .table3, row: "total", column: .index(4))),
            Finding(code: .t3OutcomeTotal, severity: .error,
                    message: "表三 总计列：予以公开 24 + 部分公开 4 + 不予公开·保护第三方合法权益 2 + 无法提供·本机关不掌握相关政府信息 8 "
                        + "+ 不予处理·重复申请 1 + 其他处理·逾期不补正 2 = 41 ≠ （七）总计 42",
                    location: Location(table: .table3, row: "total", column: .index(6))),
        ])
        #expect(findings.with(.t3Balance).isEmpty)
    }

    @Test("T4-TOTAL names the block and its five numbers")
    func table4Total() {
        var report = Fixtures.report2021()
        report.table4![.litigationDirect] = [1, 1, 0, 0, 1]
        #expect(ReportChecker.check(report) == [Finding(
            code: .t4Total, severity: .error,
            message: "表四 行政诉讼·未经复议直接起诉：结果维持 1 + 结果纠正 1 + 其他结果 0 + 尚未审结 0 = 2 ≠ 总计 1",
            location: Location(table: .table4, row: "litigationDirect", column: .index(4)))])
    }

    @Test("NEGATIVE-COUNT fires in every table, but not on 本年增/减")
    func negativeCount() {
        var report = Fixtures.report2021()
        report.table2!["penalty", "decisions"] = -1
        report.table3![.notProcessedRepeated] = [-1, 0, 0, 0, 0, 0, -1]
        report.table3![.total] = [34, 4, 0, 1, 1, 0, 40]
        report.table3![.carriedForward] = [6, 0, 0, 0, 0, 0, 6]
        report.table4![.reconsideration] = [1, 1, 0, -1, 1]
        let negatives = ReportChecker.check(report).with(.negativeCount)
        #expect(negatives.map(\.location) == [
            Location(table: .table2, row: "penalty", column: .field("decisions")),
            Location(table: .table3, row: "notProcessed.repeated", column: .index(0)),
            Location(table: .table3, row: "notProcessed.repeated", column: .index(6)),
            Location(table: .table4, row: "reconsideration", column: .index(3)),
        ])
        #expect(negatives[0].message == "表二「行政处罚」的「本年处理决定数量」为 -1，数量不能为负")

        var old = Fixtures.report2019()
        old.table2!["licensing", "change"] = -8
        #expect(ReportChecker.check(old).isEmpty)
    }

    @Test("NEGATIVE-AMOUNT fires on a negative fee amount")
    func negativeAmount() {
        var report = Fixtures.report2021()
        report.table2!["fees", "amount"] = Decimal(string: "-0.5")
        #expect(ReportChecker.check(report).map(\.code) == [.negativeAmount])
    }

    @Test("MISSING-TABLE names each absent table")
    func missingTable() {
        var report = Fixtures.report2021()
        report.table2 = nil
        report.table4 = nil
        let findings = ReportChecker.check(report)
        #expect(findings.with(.missingTable) == [
            Finding(code: .missingTable, severity: .error, message: "缺少表二（主动公开政府信息情况）",
                    location: Location(table: .table2)),
            Finding(code: .missingTable, severity: .error, message: "缺少表四（政府信息公开行政复议、行政诉讼情况）",
                    location: Location(table: .table4)),
        ])
        // The prose mentions 行政复议, but with table 四 absent there is nothing to compare with.
        #expect(findings.count == 2)
    }

    @Test("MISSING-CELL names the row and the columns; a table with no number at all is one finding")
    func missingCell() {
        var report = Fixtures.report2021()
        report.table3![.received, 2] = nil
        report.table3![.received, 6] = nil
        report.table4![.reconsideration] = [nil, nil, nil, nil, nil]
        report.table2!["licensing", "decisions"] = nil
        let findings = ReportChecker.check(report)
        #expect(findings.with(.missingCell).map(\.message) == [
            "表二「行政许可」：整行缺失（1 个数）",
            "表三「本年新收」：缺少科研机构、总计（2 个数）",
            "表四「行政复议」：整行缺失（5 个数）",
        ])
        #expect(findings.with(.missingCell).map(\.location.row) == ["licensing", "received", "reconsideration"])
        // Sums with a null cell are not checked, and the prose figure about 行政复议 cannot be compared.
        #expect(findings.allSatisfy { $0.code == .missingCell || $0.code == .narrativeMismatch })
        #expect(findings.with(.narrativeMismatch).isEmpty)

        report.table4 = Table4()
        #expect(ReportChecker.check(report).with(.missingCell).last == Finding(
            code: .missingCell, severity: .error, message: "表四的 15 个数全部缺失", location: Location(table: .table4)))
    }

    @Test("MISSING-SECTION only when the report gives its sections")
    func missingSection() {
        var report = Fixtures.report2021()
        report.sections!.remove(at: 2)
        #expect(ReportChecker.check(report) == [Finding(
            code: .missingSection, severity: .error, message: "缺少第三部分「三、收到和处理政府信息公开申请情况」",
            location: Location(section: 3))])
        report.sections = nil
        #expect(ReportChecker.check(report).isEmpty)
        report.sections = []
        #expect(ReportChecker.check(report).with(.missingSection).count == 6)
    }

    @Test("HEADING-MISMATCH: another section's heading, a wrong title, a wrong number; variants pass")
    func headingMismatch() {
        var report = Fixtures.report2021()
        report.sections![3].heading = "四、收到和处理政府信息公开申请情况"
        report.sections![4].heading = "五、存在的主要问题"
        report.sections![0].heading = "1、 总体情况"
        report.sections![1].heading = "（二）主动公开政府信息情况"
        report.sections![2].heading = "三、收到和处理政府信息公开申请情况 "
        report.sections![5].heading = "七、其他需要报告的事项"
        let findings = ReportChecker.check(report).with(.headingMismatch)
        #expect(findings.map(\.message) == [
            "第一部分标题「1、 总体情况」的编号写法与格式不同（应为「一、总体情况」）",
            "第二部分标题「（二）主动公开政府信息情况」的编号写法与格式不同（应为「二、主动公开政府信息情况」）",
            "第四部分的标题「四、收到和处理政府信息公开申请情况」是第三部分的标题（应为「四、政府信息公开行政复议、行政诉讼情况」）",
            "第五部分标题「五、存在的主要问题」与格式规定的「五、存在的主要问题及改进情况」不符",
            "第六部分标题「七、其他需要报告的事项」的编号“7”与位置不符（应为「六、其他需要报告的事项」）",
        ])
        #expect(findings.map(\.severity) == [.info, .info, .warning, .warning, .warning])
        #expect(findings.map(\.location.section) == [1, 2, 4, 5, 6])

        report = Fixtures.report2021()
        report.sections![3].heading = "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况"
        report.sections![2].heading = "三、收到和处理政府信息公开申请情况。"
        #expect(ReportChecker.check(report).isEmpty)
    }

    @Test("FORMAT-YEAR-MISMATCH: 2021 format before 2021, 2019 format after 2020, any format before 2019")
    func formatYear() {
        var report = Fixtures.report2021()
        report.year = 2020
        report.publishedOn = CivilDate(year: 2021, month: 1, day: 20)
        #expect(ReportChecker.check(report).with(.formatYearMismatch).map(\.message) == [
            "2020 年度报告应使用2019 年格式（国办公开办函〔2019〕60号），实际使用的是2021 年格式",
        ])
        var old = Fixtures.report2019()
        old.year = 2022
        old.publishedOn = nil
        #expect(ReportChecker.check(old).map(\.code) == [.formatYearMismatch])
        old.year = 2018
        #expect(ReportChecker.check(old).map(\.message) == ["报告年度 2018 早于统一格式的施行（2019 年度起），不适用2019 年格式"])
        old.year = nil
        #expect(ReportChecker.check(old).map(\.code) == [.missingYear])
        #expect(ReportChecker.check(old).map(\.severity) == [.info])
    }

    @Test("LATE-PUBLICATION: departments by 31 January, governments by 31 March, townships have no statutory date")
    func latePublication() {
        var report = Fixtures.report2021()
        report.publishedOn = CivilDate(year: 2022, month: 1, day: 31)
        #expect(ReportChecker.check(report).isEmpty)
        report.publishedOn = CivilDate(year: 2022, month: 2, day: 1)
        #expect(ReportChecker.check(report) == [Finding(
            code: .latePublication, severity: .error,
            message: "发布日期 2022-02-01 晚于法定期限 2022-01-31（《政府信息公开条例》第四十九条：县级以上人民政府部门应于每年1月31日前公布本部门上一年度报告）")])

        report.agency = "宁海县人民政府"
        #expect(ReportChecker.check(report).isEmpty)
        report.publishedOn = CivilDate(year: 2022, month: 4, day: 1)
        #expect(ReportChecker.check(report).map(\.code) == [.latePublication])
        report.agency = "西店镇人民政府"
        #expect(ReportChecker.check(report).isEmpty)
        report.agency = nil
        #expect(ReportChecker.check(report).map(\.code) == [.latePublication])
        report.publishedOn = CivilDate(year: 2022, month: 3, day: 31)
        #expect(ReportChecker.check(report).isEmpty)
    }

    @Test("EARLY-PUBLICATION when the date is within the report year")
    func earlyPublication() {
        var report = Fixtures.report2021()
        report.publishedOn = CivilDate(year: 2021, month: 12, day: 20)
        #expect(ReportChecker.check(report).map(\.code) == [.earlyPublication])
    }

    @Test("NARRATIVE-MISMATCH names the section, the quoted words and the table's figure")
    func narrativeMismatch() {
        var report = Fixtures.report2021()
        report.sections![0].text = "2021年，全年共收到政府信息公开申请40件，其中予以公开24件。"
        report.sections![3].text = "本年度未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。"
        let findings = ReportChecker.check(report)
        #expect(findings == [
            Finding(code: .narrativeMismatch, severity: .warning,
                    message: "第一部分写明“全年共收到政府信息公开申请40件”，但表三「本年新收」总计为 44",
                    location: Location(table: .table3, row: "received", column: .index(6), section: 1)),
            Finding(code: .narrativeMismatch, severity: .warning,
                    message: "第四部分写明“本年度未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况”，但表四 行政复议总计为 3",
                    location: Location(table: .table4, row: "reconsideration", column: .index(4), section: 4)),
            Finding(code: .narrativeMismatch, severity: .warning,
                    message: "第四部分写明“本年度未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况”，但表四 行政诉讼总计（两类之和）为 1",
                    location: Location(table: .table4, section: 4)),
        ])
    }

    @Test("CARRYOVER-MISMATCH compares with last year's 结转下年度, column by column")
    func carryover() {
        let report = Fixtures.report2021()
        var previous = Fixtures.report2021()
        previous.year = 2020
        // Last year's 现行有效 that this year's table 二 follows from (T2-IN-FORCE-CARRYOVER has its own test).
        for row in ["rules", "normativeDocuments"] {
            if let inForce = report.table2![row, "inForce"], let issued = report.table2![row, "issued"], let repealed = report.table2![row, "repealed"] {
                previous.table2![row, "inForce"] = inForce - issued + repealed
            }
        }
        previous.table3![.carriedForward] = [3, 0, 0, 0, 0, 0, 3]
        #expect(ReportChecker.check(report, previous: previous) == [
            Finding(code: .carryoverMismatch, severity: .warning,
                    message: "表三 自然人列：本年「上年结转」2 ≠ 2020 年度报告「结转下年度」3",
                    location: Location(table: .table3, row: "carriedOver", column: .index(0))),
            Finding(code: .carryoverMismatch, severity: .warning,
                    message: "表三 总计列：本年「上年结转」2 ≠ 2020 年度报告「结转下年度」3",
                    location: Location(table: .table3, row: "carriedOver", column: .index(6))),
        ])
        previous.table3![.carriedForward] = [2, 0, 0, 0, 0, 0, 2]
        #expect(ReportChecker.check(report, previous: previous).isEmpty)
        previous.year = 2019
        #expect(ReportChecker.check(report, previous: previous).map(\.code) == [.carryoverMismatch])
    }

    @Test("rechecked keeps the reader's findings and replaces stale check findings")
    func rechecked() {
        var report = Fixtures.report2021()
        let inferred = Finding(code: .cellInferred, severity: .info, message: "由总计推算",
                               location: Location(table: .table3, row: "granted", column: .index(1)))
        report.findings = [inferred, Finding(code: .t3Balance, severity: .error, message: "旧的")]
        #expect(report.rechecked().findings == [inferred])
    }
}
