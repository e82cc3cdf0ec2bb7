import GongkaiCore

/// What every writer prints, in order: the sections of the format, each with what the report has of it.
enum ReportLayout {
    struct Part {
        let spec: SectionSpec
        /// The section as the report gives it; nil when the report lacks it.
        let section: ReportSection?
        /// The table that belongs in this section, if the format has one there and the report has it.
        let table: TableID?

        /// The heading to print: the report's own, else the prescribed one.
        var heading: String { section?.heading ?? spec.heading }
        /// The prose, paragraph by paragraph.
        var paragraphs: [String] { (section?.text ?? "").split(separator: "\n").map(String.init).filter { !$0.isEmpty } }
    }

    /// The parts to print: a section the report lacks is left out, unless its table is there to be shown (or the
    /// report says nothing about its sections at all, and then every prescribed heading is printed).
    static func parts(of report: AnnualReport) -> [Part] {
        report.format.spec.sections.compactMap { spec in
            let section = report.section(spec.number)
            let table = TableID.allCases.first { $0.sectionNumber == spec.number && report.has($0) }
            guard section != nil || table != nil || report.sections == nil else { return nil }
            return Part(spec: spec, section: section, table: table)
        }
    }
}

/// Escaping for XML and HTML text: `&`, `<`, `>`, `"`; control characters that XML 1.0 forbids are dropped.
enum MarkupText {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
