import Foundation
import GongkaiCore
import GongkaiSamples
import Testing

/// A county office's year through the real binary: one unit on time, one late, one missing, one that copied another's
/// section, one whose tables do not balance — and the XLSX and the 通报 opened by LibreOffice say exactly that.
@Suite("gongkai oversee, end to end")
struct OverseeCLITests {
    static func report(_ agency: String, published: String, seed: UInt64, edit: (inout AnnualReport) -> Void = { _ in }) -> AnnualReport {
        OversightShapes.report(agency, year: 2024, published: published, seed: seed, edit: edit)
    }

    @Test("status, export (XLSX and CSV) and notice name the late, the missing, the copied and the unbalanced")
    func year() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-oversee-\(UUID().uuidString)")
        let reports = dir.appendingPathComponent("年报")
        try FileManager.default.createDirectory(at: reports, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

        let roster = "名称,统一社会信用代码,层级,上级\n示例县甲局,11330226MB12345679,部门,示例县人民政府\n示例县乙局,,部门,示例县人民政府\n"
            + "示例县丙局,,部门,示例县人民政府\n示例县丁局,,部门,示例县人民政府\n示例县戊局,,部门,示例县人民政府\n"
        try Data(roster.utf8).write(to: URL(fileURLWithPath: path("名册.csv")))
        let jia = Self.report("示例县甲局", published: "2025-01-20", seed: 1)
        let yi = Self.report("示例县乙局", published: "2025-02-10", seed: 2)
        let ding = OversightShapes.copying(jia, into: Self.report("示例县丁局", published: "2025-01-27", seed: 4))
        var received = 0
        let wu = Self.report("示例县戊局", published: "2025-01-15", seed: 5) { report in
            report.table3![.received, 0] = (report.table3![.received, 0] ?? 0) + 1
            received = report.table3![.received, 0]!
        }
        for (name, report) in [("甲.txt", jia), ("乙.txt", yi), ("丁.txt", ding), ("戊.txt", wu)] {
            let text = name == "戊.txt" ? ReportShapes.text(report, layout: .cellPerLine) : ReportShapes.text(report, layout: .tabs)
            try Data(text.utf8).write(to: reports.appendingPathComponent(name))
        }

        #expect(try gongkai("oversee", "roster", "import", path("名册.csv"), "--data", dir.path).status == 0)
        let imported = try gongkai("oversee", "import", reports.path, "--data", dir.path)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("已收集 4 份报告"))

        let status = try gongkai("oversee", "status", "--year", "2024", "--today", "2025-03-01", "--format", "json", "--data", dir.path)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        let units = try #require(object["units"] as? [[String: Any]])
        let standing = Dictionary(uniqueKeysWithValues: units.map { ($0["name"] as! String, $0["status"] as! String) })
        #expect(standing == ["示例县甲局": "onTime", "示例县乙局": "late", "示例县丙局": "missing", "示例县丁局": "onTime", "示例县戊局": "onTime"])

        // CSV: stable columns, one row per unit, the cells by their contract keys.
        let csv = try gongkai("oversee", "export", "--year", "2024", "--today", "2025-03-01", "--format", "csv", "-o", "-", "--data", dir.path)
        #expect(csv.status == 0)
        let rows = CSV.rows(String(csv.stdout.drop { $0 == "\u{FEFF}" })).map(\.fields)
        let header = try #require(rows.first)
        #expect(header.starts(with: ["单位", "统一社会信用代码", "层级", "上级", "年度", "状态"]))
        let received0 = try #require(header.firstIndex(of: "table3.received[0]"))
        let status0 = try #require(header.firstIndex(of: "状态"))
        let wuRow = try #require(rows.first { $0.first == "示例县戊局" })
        #expect(wuRow[received0] == String(received) && wuRow[status0] == "按期发布")
        #expect(rows.first { $0.first == "示例县丙局" }?[status0] == "未发布")
        #expect(rows.count == 6)

        // XLSX and the 通报, opened by LibreOffice.
        let soffice = "/usr/bin/soffice"
        try #require(FileManager.default.isExecutableFile(atPath: soffice), "LibreOffice is installed by scripts/setup")
        #expect(try gongkai("oversee", "export", "--year", "2024", "--today", "2025-03-01", "-o", path("督查.xlsx"), "--data", dir.path).status == 0)
        #expect(try gongkai("oversee", "notice", "--year", "2024", "--today", "2025-03-01", "-o", path("通报.docx"), "--data", dir.path).status == 0)
        func convert(_ file: String, to filter: String) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: soffice)
            process.arguments = ["-env:UserInstallation=file://\(dir.path)/profile", "--headless", "--convert-to", filter, "--outdir", dir.path, file]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
        }
        try convert(path("督查.xlsx"), to: "csv:Text - txt - csv (StarCalc):44,34,76")
        let sheet = try String(contentsOfFile: path("督查.csv"), encoding: .utf8)
        let sheetRows = CSV.rows(sheet).map(\.fields)
        #expect(sheetRows.first?.starts(with: ["单位", "统一社会信用代码"]) == true)
        #expect(sheetRows.first { $0.first == "示例县乙局" }?[status0] == "逾期发布")
        #expect(sheetRows.first { $0.first == "示例县甲局" }?[1] == "11330226MB12345679")  // text stays text
        #expect(sheetRows.first { $0.first == "示例县戊局" }?[received0] == String(received))

        try convert(path("通报.docx"), to: "txt:Text (encoded):UTF8")
        let notice = try String(contentsOfFile: path("通报.txt"), encoding: .utf8)
        #expect(notice.contains("关于2024年度政府信息公开工作年度报告检查情况的通报"))
        #expect(notice.contains("未发布年度报告的单位（1 个）：示例县丙局（期限 2025年1月31日）"))
        #expect(notice.contains("逾期发布年度报告的单位（1 个）：示例县乙局（期限 2025年1月31日，2025年2月10日 发布）"))
        #expect(notice.contains("示例县丁局：「一、总体情况」有"))
        #expect(notice.contains("「示例县甲局」2024 年度报告相同（内容雷同）"))
        let wuLine = try #require(notice.split(separator: "\n").first { $0.contains("示例县戊局：") })
        #expect(wuLine.contains("表三"))
        #expect(!notice.contains("示例县甲局："))
    }

    @Test("Bad input: an XLSX to standard output, a year that is none")
    func refusals() throws {
        let xlsx = try gongkai("oversee", "export", "--year", "2024", "-o", "-")
        #expect(xlsx.status != 0 && xlsx.stderr.contains("XLSX 是二进制文件"))
        let year = try gongkai("oversee", "notice", "--year", "24", "-o", "x.docx")
        #expect(year.status != 0 && year.stderr.contains("不是报告年度"))
    }
}
