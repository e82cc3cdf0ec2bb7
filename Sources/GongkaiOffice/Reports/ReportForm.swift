import Foundation
import GongkaiCore

/// The builder's form (page, live check and API): `agency`, `section.N` (prose of section N), and
/// `t2.ROW.FIELD` (table 二 cells; blank is null). Every number is bounded as the JSON contract reads it back, so
/// nothing that is saved can fail to load.
public enum ReportForm {
    public static func apply(_ fields: Fields, to report: AnnualReport) throws(OfficeError) -> AnnualReport {
        var report = report
        if let agency = fields.text("agency") {
            guard agency.count <= 100 else { throw .invalid("机关名称不能超过 100 个字", field: "agency") }
            report.agency = agency
        }
        // The 成文日期 is the day the signer signs off (``Office/approve(year:by:)``), never typed: a typed date invites a
        // false one when the report is late.
        if fields.text("publishedOn") != nil {
            throw .invalid("成文日期不能填写：签发时自动记为签发当日，发布日期为发布当日", field: "publishedOn")
        }
        var sections = report.sections ?? []
        for spec in SectionSpec.all {
            guard let text = fields["section.\(spec.number)"] else { continue }
            guard text.count <= 100_000 else { throw .invalid("「\(spec.heading)」不能超过 10 万字", field: "section.\(spec.number)") }
            let normalized = text.replacingOccurrences(of: "\r\n", with: "\n")
            if let i = sections.firstIndex(where: { $0.number == spec.number }) { sections[i].text = normalized }
            else { sections.append(ReportSection(number: spec.number, heading: spec.heading, text: normalized)) }
        }
        report.sections = sections.sorted { $0.number < $1.number }
        var table2 = report.table2 ?? Table2(format: report.format)
        for row in report.format.spec.table2Rows {
            for field in row.fields {
                let name = "t2.\(row.key).\(field.key)"
                guard let raw = fields[name] else { continue }
                let text = TextNormalizer.comparable(raw)
                if text.isEmpty { table2[row.key, field.key] = nil; continue }
                let label = "表二「\(row.label)·\(field.label)」"
                guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")), value.isFinite,
                      text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-") })
                else { throw .invalid("\(label)应填数字，这里是「\(raw)」", field: name) }
                guard ReportNumber.inRange(value) else { throw .invalid("\(label)的数字「\(raw)」过大", field: name) }
                if field.kind != .signedCount, value < 0 { throw .invalid("\(label)不能为负数", field: name) }
                if field.kind == .money {
                    guard ReportNumber.hasAllowedPrecision(value) else {
                        throw .invalid("\(label)最多保留 \(ReportNumber.maxFractionDigits) 位小数", field: name)
                    }
                } else if value != value.rounded {
                    throw .invalid("\(label)应为整数", field: name)
                }
                table2[row.key, field.key] = value
            }
        }
        report.table2 = table2
        return report
    }
}

extension Decimal {
    var rounded: Decimal {
        var copy = self
        var result = Decimal()
        NSDecimalRound(&result, &copy, 0, .plain)
        return result
    }
}
