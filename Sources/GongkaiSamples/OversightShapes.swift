import GongkaiCore

/// Reports as a supervising office receives them from many units: the same format and much of the same official
/// wording, but each unit's own work in its own words (the generator's plain prose is one template for all, which
/// would make every report a copy of every other).
public enum OversightShapes {
    private static let characters = Array("安邦保北本博昌长城承楚春从达大德东都方丰福富高光广海汉和河弘华环黄惠吉佳嘉建江金锦景敬静九康乐黎立利联林龙隆鲁路民明南宁平普齐庆秋泉仁荣瑞润山善尚盛石顺泰天通万文祥新信星兴秀阳扬宜义益永元源远兆振正志中忠众洲卓")
    private static let actions = ["推进", "完善", "开展", "深化", "落实", "建设", "优化", "规范", "加强", "拓展"]
    private static let topics = ["政务公开专区", "政策解读栏目", "依申请公开办理流程", "信息发布审核制度", "公开目录动态更新",
                                 "基层政务公开标准化", "重点领域信息公开", "政府开放日活动", "政务新媒体矩阵", "公开指南修订"]
    private static let effects = ["群众满意度明显提升", "办理时效进一步缩短", "公开质量稳步提高", "社会关注热点得到及时回应",
                                  "基层群众获取信息更加便捷", "工作人员业务能力有所增强"]

    private static let bureaus = ["卫生健康局", "自然资源和规划局", "市场监督管理局", "教育局", "人力资源和社会保障局", "住房和城乡建设局",
                                  "财政局", "公安局", "民政局", "交通运输局", "水利局", "农业农村局", "文化和旅游局", "应急管理局", "统计局",
                                  "司法局", "商务局", "审计局", "林业局", "医疗保障局"]

    /// `count` distinct unit names of a region's departments (`安邦县卫生健康局`).
    public static func unitNames<G: RandomNumberGenerator>(_ count: Int, using rng: inout G) -> [String] {
        var names: [String] = []
        var seen: Set<String> = []
        while names.count < count {
            let place = String((0..<2).map { _ in characters.randomElement(using: &rng)! }) + ["县", "区", "市"].randomElement(using: &rng)!
            let name = place + bureaus.randomElement(using: &rng)!
            if seen.insert(name).inserted { names.append(name) }
        }
        return names
    }

    /// A name no other unit uses: the unit's own project (`“惠民安康”工程`).
    static func projectName<G: RandomNumberGenerator>(_ rng: inout G) -> String {
        String((0..<Int.random(in: 4...6, using: &rng)).map { _ in characters.randomElement(using: &rng)! })
    }

    /// A sentence of the unit's own work.
    static func sentence<G: RandomNumberGenerator>(_ rng: inout G) -> String {
        let action = actions.randomElement(using: &rng)!, topic = topics.randomElement(using: &rng)!
        let effect = effects.randomElement(using: &rng)!
        let project = projectName(&rng), second = projectName(&rng)
        let n = Int.random(in: 2...60, using: &rng)
        return [
            "围绕“\(project)”行动，\(action)\(topic)，组织\(second)专题培训\(n)场次，\(effect)。",
            "依托“\(project)”平台\(action)\(topic)，在\(second)片区设立公开查阅点\(n)个，\(effect)。",
            "结合\(project)项目实施，\(action)\(topic)，编印\(second)明白纸\(n)期，\(effect)。",
        ].randomElement(using: &rng)!
    }

    /// A unit's report of `year` (2021 format, small figures) with its own prose, as the tests' units publish them;
    /// `edit` changes it last (a copied section, an unbalanced table).
    public static func report(_ agency: String, year: Int, published: String, seed: UInt64,
                              edit: (inout AnnualReport) -> Void = { _ in }) -> AnnualReport {
        var rng = SeededGenerator(seed: seed)
        var report = ReportGenerator().report(format: .y2021, scale: .small, using: &rng)
        report.agency = agency
        report.year = year
        report.publishedOn = CivilDate(iso: published)
        report.sections = sections(for: report, using: &rng)
        edit(&report)
        return report
    }

    /// `report` with its section 一 replaced by `original`'s, the other unit's name changed to its own: the copied
    /// section a `TEXT-REUSED` finding must name.
    public static func copying(_ original: AnnualReport, into report: AnnualReport) -> AnnualReport {
        var copy = report
        copy.sections![0].text = original.sections![0].text.replacingOccurrences(of: original.agency ?? "", with: report.agency ?? "")
        return copy
    }

    /// The six sections of `report` in the unit's own words (the headings and the opening sentence as everyone
    /// writes them), the figures of its tables stated as the generator states them.
    /// `length` multiplies the number of the unit's own sentences (1: about 2 KB of prose; real reports run 6–15 KB
    /// in all, tables included, which 3 gives).
    public static func sections<G: RandomNumberGenerator>(for report: AnnualReport, length: Int = 1,
                                                          using rng: inout G) -> [ReportSection] {
        let year = report.year.map(String.init) ?? "本"
        let received = report.table3?[.received, Table3Column.totalIndex] ?? 0
        let reconsideration = report.table4?[.reconsideration, Table4BlockSpec.totalIndex] ?? 0
        func own(_ count: Int) -> String { (0..<count * length).map { _ in sentence(&rng) }.joined() }
        let texts = [
            "\(year)年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，扎实推进政务公开工作。" + own(4),
            "本年度通过门户网站主动公开政府信息。" + own(3),
            (received == 0 ? "\(year)年，本机关未收到政府信息公开申请。" : "\(year)年，本机关共收到政府信息公开申请\(received)件，均在法定期限内答复。")
                + own(2),
            (reconsideration == 0 ? "本年度未发生因政府信息公开工作被申请行政复议的情况。"
                : "本年度因政府信息公开工作被申请行政复议\(reconsideration)件。") + own(1),
            "主动公开的深度和广度有待提高。" + own(3) + "下一步将加强培训，完善制度。",
            "本机关未收取信息处理费。" + own(1),
        ]
        return report.format.spec.sections.map { spec in
            ReportSection(number: spec.number, heading: spec.heading, text: texts[spec.number - 1])
        }
    }
}
