import Foundation

/// A realistic catalogue for an example county health bureau: normative documents (some later repealed) with their
/// interpretations, licensing and penalty results, plans, notices, personnel notices, budgets and procurement, over
/// several years; for the example data, tests and benchmarks. Deterministic for a seed.
public struct CatalogueGenerator {
    public var random: SeededGenerator
    public var agency: String
    public var rule: IndexNumber.Rule
    var serials: [Int: Int] = [:]

    public init(seed: UInt64, agency: String = "示例市示例局", prefix: String = "11330100MB0000000N") {
        random = SeededGenerator(seed: seed)
        self.agency = agency
        rule = IndexNumber.Rule(prefix: prefix)
    }

    private mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &random)] }
    private mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &random) < p }
    private mutating func number(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }

    static let subjects = ["基层医疗卫生机构绩效考核", "家庭医生签约服务", "医疗机构依法执业自查", "疫苗接种单位管理", "公共场所卫生许可",
                           "院前急救网络建设", "医疗废物处置", "职业病防治", "老年人健康管理服务", "中医药传承发展",
                           "医疗保障基金使用监督", "传染病疫情报告", "生活饮用水卫生监测", "卫生健康统计调查", "村卫生室标准化建设",
                           "妇幼健康服务", "食品安全风险监测", "爱国卫生运动", "乡村医生队伍建设", "医疗纠纷预防和处理"]
    static let licensed = ["某某诊所", "某某口腔门诊部", "某某大药房", "某某宾馆", "某某游泳馆", "某某美容美发店", "某某中医诊所",
                           "某某社区卫生服务站", "某某医院", "某某康复医疗中心"]
    static let sentences = ["为进一步规范管理，提升服务质量，根据有关法律法规，结合本地实际，制定本办法。",
                            "各乡镇（街道）卫生院、各有关单位要高度重视，明确责任分工，确保各项工作落到实处。",
                            "本办法自发布之日起施行，由示例市示例局负责解释。",
                            "请各单位于每季度末将工作进展情况报送局办公室。",
                            "对工作中发现的问题要及时整改，整改情况纳入年度考核。"]

    mutating func indexNumber(_ year: Int) -> String {
        serials[year, default: 0] += 1
        return rule.number(year: year, serial: serials[year]!)
    }

    /// About `perYear` records a year, formed from January of `years.lowerBound` to `until`, all published.
    public mutating func records(years: ClosedRange<Int>, perYear: Int = 120, until: CivilDate? = nil) -> [CatalogueRecord] {
        let end = until ?? CivilDate(year: years.upperBound, month: 12, day: 31)!
        var records: [CatalogueRecord] = []
        var documents: [Int] = []
        for year in years {
            let first = CivilDate(year: year, month: 1, day: 2)!.dayNumber
            let last = min(CivilDate(year: year, month: 12, day: 28)!.dayNumber, end.dayNumber - 3)
            guard first <= last else { break }
            for _ in 0..<perYear {
                let formed = CivilDate(dayNumber: number(first...last))
                let published = CivilDate(dayNumber: min(formed.dayNumber + number(0...6) + (chance(0.05) ? 30 : 0), end.dayNumber))
                let subject = pick(Self.subjects)
                let serial = number(1...40)
                let roll = number(1...100)
                var record: CatalogueRecord
                switch roll {
                case 1...10:
                    record = CatalogueRecord(
                        title: "\(agency)关于印发《\(subject)管理办法》的通知", summary: "明确\(subject)的适用范围、职责分工、工作程序和监督管理要求。",
                        formedOn: formed, issuer: agency, documentNumber: "示卫〔\(year)〕\(serial)号", kind: .normativeDocument,
                        article20: 1, validity: .inForce, text: pick(Self.sentences) + pick(Self.sentences))
                    documents.append(records.count)
                case 11...16:
                    record = CatalogueRecord(
                        title: "《\(subject)管理办法》政策解读", summary: "解读\(subject)管理办法的制定背景、主要内容和执行要点。",
                        formedOn: formed, issuer: agency, kind: .policyInterpretation, article20: 1, text: pick(Self.sentences))
                case 17...46:
                    let holder = pick(Self.licensed)
                    record = CatalogueRecord(
                        title: "\(holder)\(pick(["医疗机构执业许可", "公共场所卫生许可", "放射诊疗许可"]))审批结果公示",
                        summary: "\(holder)申请的许可事项已审批通过，予以公示。", formedOn: formed, issuer: agency,
                        documentNumber: "示卫许〔\(year)〕\(number(100...999))号", kind: .licensingDecision, article20: 5)
                case 47...56:
                    record = CatalogueRecord(
                        title: "\(pick(Self.licensed))行政处罚决定书", summary: "对违反\(subject)有关规定的行为依法作出行政处罚。",
                        formedOn: formed, issuer: agency, documentNumber: "示卫罚〔\(year)〕\(number(1...200))号", kind: .penaltyDecision,
                        article20: 6)
                case 57...62:
                    record = CatalogueRecord(
                        title: "\(agency)\(year)年\(subject)工作计划", summary: "部署\(year)年\(subject)的目标任务和保障措施。",
                        formedOn: formed, issuer: agency, kind: .plan, article20: 3, text: pick(Self.sentences))
                case 63...70:
                    record = CatalogueRecord(
                        title: "\(agency)\(year)年公开招聘编外工作人员\(pick(["公告", "拟聘用人员公示", "面试成绩公布"]))",
                        summary: "公布招聘岗位、条件和程序。", formedOn: formed, issuer: agency, kind: .personnel, article20: 14)
                case 71...74:
                    record = CatalogueRecord(
                        title: "\(agency)\(year)年部门\(pick(["预算", "决算"]))公开", summary: "公开本部门收支预算（决算）及“三公”经费情况。",
                        formedOn: formed, issuer: agency, kind: .budget, article20: 7)
                case 75...80:
                    record = CatalogueRecord(
                        title: "\(agency)\(subject)服务采购项目\(pick(["招标公告", "中标结果公告"]))", summary: "公布采购项目的预算、方式和结果。",
                        formedOn: formed, issuer: agency, kind: .procurement, article20: 9)
                default:
                    record = CatalogueRecord(
                        title: "关于开展\(year)年\(subject)\(pick(["专项检查", "宣传月活动", "培训"]))的通知", summary: "部署\(subject)相关工作。",
                        formedOn: formed, issuer: agency, documentNumber: chance(0.5) ? "示卫办〔\(year)〕\(serial)号" : nil,
                        kind: .notice, article20: chance(0.5) ? 13 : nil, text: pick(Self.sentences))
                }
                record.publishedOn = published
                record.indexNumber = indexNumber(published.year)
                records.append(record)
            }
        }
        // Some normative documents are repealed or expire later; interpretations point at a document.
        for position in documents where chance(0.3) {
            let formed = records[position].formedOn
            let changed = CivilDate(dayNumber: formed.dayNumber + number(60...900))
            if changed < end {
                records[position].validity = chance(0.7) ? .repealed : .expired
                records[position].validityChangedOn = changed
            }
        }
        let documentNumbers = documents.compactMap { records[$0].indexNumber }
        for position in records.indices where records[position].kind == .policyInterpretation && !documentNumbers.isEmpty {
            records[position].interprets = pick(documentNumbers)
        }
        return records
    }

    /// Three pieces of information not yet published, for the review queue of the example office on `today`: a notice
    /// formed two days ago, a plan formed 35 days ago (past its Art. 26 due date), a normative document formed ten
    /// days ago. They have no 索引号 and no 发布日期: an import makes them drafts.
    public func drafts(today: CivilDate) -> [CatalogueRecord] {
        func day(_ back: Int) -> CivilDate { CivilDate(dayNumber: today.dayNumber - back) }
        let year = today.year
        return [
            CatalogueRecord(title: "\(agency)关于做好冬春季流感等呼吸道传染病防控工作的通知", summary: "部署冬春季呼吸道传染病监测、疫苗接种和医疗救治工作。",
                            formedOn: day(2), issuer: agency, kind: .notice, article20: 13,
                            text: "各乡镇（街道）卫生院、各有关单位：\n请做好冬春季呼吸道传染病防控工作。"),
            CatalogueRecord(title: "\(agency)\(year)年基层卫生人才培训工作计划", summary: "安排全年基层卫生人员培训的内容、对象和进度。",
                            formedOn: day(35), issuer: agency, kind: .plan, article20: 11, text: pick2(Self.sentences)),
            CatalogueRecord(title: "\(agency)关于印发《村卫生室运行经费补助管理办法》的通知", summary: "明确村卫生室运行经费补助的对象、标准、拨付和监督。",
                            formedOn: day(10), issuer: agency, documentNumber: "示卫〔\(year)〕41号", kind: .normativeDocument, article20: 1,
                            validity: .inForce, text: pick2(Self.sentences)),
        ]
    }

    private func pick2(_ items: [String]) -> String { items.prefix(2).joined() }
}
