import Foundation

/// A small, fast, seedable random number generator (SplitMix64), so that generated reports are reproducible.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Generates complete, consistent annual reports: every cell present, every sum right, the prose stating figures
/// that agree with the tables, published on time. Used by the property tests, the benchmark and the examples.
public struct ReportGenerator {
    /// How large the numbers are.
    public enum Scale: Sendable, CaseIterable {
        /// Every count zero — the most common real report.
        case zero
        /// A handful of applications, as in a small agency.
        case small
        /// Hundreds of applications, as in a city government.
        case large
    }

    public init() {}

    private static let places = ["宁海县", "海阳市", "建宁县", "南关区", "平罗县", "余杭区", "江宁区", "鄞州区", "长兴县", "雄县"]
    private static let agencies = ["卫生健康局", "自然资源和规划局", "市场监督管理局", "教育局", "人力资源和社会保障局", "人民政府",
                                   "住房和城乡建设局", "生态环境分局", "财政局", "公安局"]

    /// A consistent report of a format.
    public func report<G: RandomNumberGenerator>(
        format: ReportFormat, scale: Scale, using rng: inout G
    ) -> AnnualReport {
        let year = format == .y2019 ? Int.random(in: 2019...2020, using: &rng) : Int.random(in: 2021...2025, using: &rng)
        let agency = Self.places.randomElement(using: &rng)! + Self.agencies.randomElement(using: &rng)!
        let deadline = PublicationDeadline(agency: agency, reportYear: year).date
            ?? CivilDate(year: year + 1, month: 3, day: 31)!
        let publishedOn = CivilDate(dayNumber: deadline.dayNumber - Int.random(in: 0...28, using: &rng))

        let table2 = table2(format: format, scale: scale, using: &rng)
        let table3 = table3(format: format, scale: scale, using: &rng)
        let table4 = table4(scale: scale, using: &rng)
        var report = AnnualReport(format: format, agency: agency, year: year, publishedOn: publishedOn,
                                  table2: table2, table3: table3, table4: table4)
        report.sections = sections(for: report)
        return report
    }

    private func count<G: RandomNumberGenerator>(_ scale: Scale, _ rng: inout G, max: Int? = nil) -> Int {
        switch scale {
        case .zero: return 0
        case .small: return Int.random(in: 0...(max ?? 5), using: &rng)
        case .large: return Int.random(in: 0...(max ?? 400), using: &rng)
        }
    }

    func table2<G: RandomNumberGenerator>(format: ReportFormat, scale: Scale, using rng: inout G) -> Table2 {
        var table = Table2(format: format)
        for row in format.spec.table2Rows {
            for field in row.fields {
                let value: Decimal
                switch field.kind {
                case .count: value = Decimal(count(scale, &rng, max: scale == .large ? 5000 : 20))
                case .signedCount: value = Decimal(count(scale, &rng, max: 20) - count(scale, &rng, max: 20))
                case .money: value = Decimal(count(scale, &rng, max: 99_999)) / 100
                }
                table[row.key, field.key] = value
            }
            if format == .y2019, let made = table[row.key, "newlyPublished"] {
                table[row.key, "totalPublished"] = made + Decimal(count(scale, &rng, max: 50))
            }
        }
        return table
    }

    func table3<G: RandomNumberGenerator>(format: ReportFormat, scale: Scale, using rng: inout G) -> Table3 {
        var table = Table3(format: format)
        let outcomes = format.spec.table3Rows.filter { $0.role == .outcome }.map(\.row)
        var columns = [[Table3Row: Int]](repeating: [:], count: Table3Column.applicantCount)
        for c in 0..<Table3Column.applicantCount {
            // Organisations apply far less than natural persons.
            let columnScale: Scale = c == 0 ? scale : (scale == .large ? .small : scale)
            let received = count(columnScale, &rng)
            let carriedOver = count(columnScale, &rng, max: 3)
            let available = received + carriedOver
            let carriedForward = available == 0 ? 0 : Int.random(in: 0...min(available, 3), using: &rng)
            var remaining = available - carriedForward
            var cells: [Table3Row: Int] = [.received: received, .carriedOver: carriedOver,
                                            .carriedForward: carriedForward, .total: remaining]
            for row in outcomes { cells[row] = 0 }
            while remaining > 0 {
                // Most applications are granted; the rest spread over the other outcomes.
                let row = Int.random(in: 0..<3, using: &rng) == 0 ? outcomes.randomElement(using: &rng)! : .granted
                let n = Int.random(in: 1...remaining, using: &rng)
                cells[row, default: 0] += n
                remaining -= n
            }
            columns[c] = cells
        }
        for row in table.rowKeys {
            let values = columns.map { $0[row] ?? 0 }
            table[row] = values + [values.reduce(0, +)]
        }
        return table
    }

    func table4<G: RandomNumberGenerator>(scale: Scale, using rng: inout G) -> Table4 {
        var table = Table4()
        for block in Table4Block.allCases {
            let parts = (0..<4).map { _ in count(scale == .large ? .small : scale, &rng, max: 3) }
            table[block] = parts + [parts.reduce(0, +)]
        }
        return table
    }

    /// Six sections with the prescribed headings and prose that states figures agreeing with the tables.
    func sections(for report: AnnualReport) -> [ReportSection] {
        let received = report.table3?[.received, Table3Column.totalIndex] ?? 0
        let granted = report.table3?[.granted, Table3Column.totalIndex] ?? 0
        let reconsideration = report.table4?[.reconsideration, Table4BlockSpec.totalIndex] ?? 0
        let year = report.year.map(String.init) ?? "本"
        let intake = received == 0
            ? "\(year)年，本机关未收到政府信息公开申请。"
            : "\(year)年，本机关共收到政府信息公开申请\(received)件，其中予以公开\(granted)件，均在法定期限内答复。"
        let texts = [
            "\(year)年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，扎实推进政务公开工作。\n\(intake)",
            "本年度通过门户网站主动公开政府信息。",
            intake,
            reconsideration == 0 ? "本年度未发生因政府信息公开工作被申请行政复议的情况。"
                : "本年度因政府信息公开工作被申请行政复议\(reconsideration)件。",
            "主动公开的深度和广度有待提高。下一步将加强培训，完善制度。",
            "本机关未收取信息处理费。",
        ]
        return report.format.spec.sections.map { spec in
            ReportSection(number: spec.number, heading: spec.heading, text: texts[spec.number - 1])
        }
    }
}
