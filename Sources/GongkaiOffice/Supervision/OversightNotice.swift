import GongkaiCore

/// The draft 通报 of a year (`gongkai oversee notice`): the standing of every unit, by name those that published late
/// or not at all, and per unit what is wrong in its report with the evidence (the findings' messages name the figures
/// and the other report of a 雷同). Findings a person dismissed are left out; those not yet checked are marked.
extension Office {
    public func oversightNotice(year: Int, by actor: Actor) async throws -> Notice {
        let agency = try require(.oversee, actor)
        let view = try await oversight(year: year, by: actor)
        return Self.notice(view, signer: agency.name)
    }

    static func notice(_ view: OversightYear, signer: String) -> Notice {
        let year = view.year
        func count(_ s: Standing) -> Int { view.units.filter { $0.standing == s }.count }
        func names(_ s: Standing) -> [Office.UnitYear] { view.units.filter { $0.standing == s } }
        let shown = view.units.flatMap { $0.findings.filter { $0.status != .dismissed && $0.finding.severity != .info } }
        let errors = shown.filter { $0.finding.severity == .error }.count

        var opening = [
            "根据《中华人民共和国政府信息公开条例》第四十九条、第五十条规定，我办对所辖 \(view.units.count) 个单位 \(year) 年度政府信息公开工作年度报告的"
                + "发布和内容进行了检查（截至 \(view.today.chineseDescription)）。现将有关情况通报如下。",
        ]
        if !view.unassigned.isEmpty {
            opening.append("另收到 \(view.unassigned.count) 份报告未能确定所属单位，未计入本通报。")
        }

        var parts: [Notice.Part] = []
        var overview = "所辖 \(view.units.count) 个单位中，按期发布 \(count(.onTime)) 个，逾期发布 \(count(.late)) 个，未发布 \(count(.missing)) 个"
        if count(.pending) > 0 { overview += "，未到发布期限 \(count(.pending)) 个" }
        if count(.undated) > 0 { overview += "，已收到报告但未写明发布日期 \(count(.undated)) 个" }
        overview += "。检查发现报告内容问题 \(shown.count) 条，其中错误 \(errors) 条、警告 \(shown.count - errors) 条。"
        parts.append(Notice.Part(heading: "一、总体情况", paragraphs: [overview]))

        var timeliness: [String] = []
        let missing = names(.missing)
        if !missing.isEmpty {
            timeliness.append("（一）未发布年度报告的单位（\(missing.count) 个）：" + missing.map { unit in
                unit.unit.unit.name + (unit.deadline.map { "（期限 \($0.chineseDescription)）" } ?? "")
            }.joined(separator: "；") + "。")
        }
        let late = names(.late)
        if !late.isEmpty {
            timeliness.append("（\(missing.isEmpty ? "一" : "二")）逾期发布年度报告的单位（\(late.count) 个）：" + late.map { unit in
                var text = unit.unit.unit.name
                if let published = unit.publishedOn, let deadline = unit.deadline {
                    text += "（期限 \(deadline.chineseDescription)，\(published.chineseDescription) 发布）"
                }
                return text
            }.joined(separator: "；") + "。")
        }
        if timeliness.isEmpty { timeliness.append("各单位均已按期发布年度报告。") }
        parts.append(Notice.Part(heading: "二、年度报告发布情况", paragraphs: timeliness))

        var content: [String] = []
        var number = 0
        for unit in view.units {
            let items = unit.findings.filter { $0.status != .dismissed && $0.finding.severity != .info }
                .sorted { $0.finding.severity < $1.finding.severity }
            guard !items.isEmpty else { continue }
            number += 1
            let evidence = items.map { item in
                // The messages name their place and figures (「一、总体情况」有 85% 的文字与……相同).
                item.finding.message + (item.status == .open ? "（待核实）" : "")
            }
            content.append("\(number). \(unit.unit.unit.name)：" + evidence.joined(separator: "；") + "。")
        }
        if content.isEmpty { content.append("未发现年度报告内容问题。") }
        parts.append(Notice.Part(heading: "三、年度报告内容存在的问题", paragraphs: content))

        parts.append(Notice.Part(heading: "四、有关要求", paragraphs: [
            "请未发布年度报告的单位立即发布，逾期发布的单位认真查找原因；报告内容存在问题的单位对照政府信息公开工作年度报告格式"
                + "（\(ReportFormat.prescribed(forReportYear: year)?.documentNumber ?? ReportFormat.y2021.documentNumber)）逐项核对，更正后重新发布，并将整改情况报我办。",
        ]))
        return Notice(title: "关于\(year)年度政府信息公开工作年度报告检查情况的通报", addressees: "各单位：", opening: opening,
                      parts: parts, signer: signer, date: view.today)
    }
}
