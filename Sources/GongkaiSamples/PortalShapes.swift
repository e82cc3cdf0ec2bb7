import Foundation
import GongkaiCore

extension ReportShapes {
    /// A report as a crawler saves a portal page (DOMAIN.md §0; `../shared/corpus/real/`): the crawler's header lines
    /// and a `正文` rule, then the whole body on one line — the portal's breadcrumb, the title and its share buttons run
    /// into the first paragraph, the six headings inline, every table cell glued to its neighbours, the signature and
    /// `附件下载` at the end.
    public static func portalPage(_ report: AnnualReport) -> String {
        let title = "\(report.agency ?? "")\(report.year.map(String.init) ?? "")年度政府信息公开工作年度报告"
        let published = report.publishedOn.map { "\($0) 16:24" } ?? ""
        let header = [
            "标题: \(title)", "发布时间: \(published)", "文号: ", "发布机构: ", "栏目: 政府信息公开年报",
            "原文链接: https://www.example.gov.cn/zwgk/zfxxgknb/t20200117_80574.htm",
            "本地目录: zwgk/zfxxgknb/80574_\(title)", "页面链接与图片详见 links.tsv(同目录)",
            "==================== 正文 ====================",
        ]
        // The body as glued text, without its title and signature lines, run together.
        var lines = text(report, layout: .glued).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.removeFirst(2)
        if report.publishedOn != nil { lines.removeLast() }
        if report.agency != nil { lines.removeLast() }
        let body = lines.filter { !$0.isEmpty }.joined()
        let crumbs = "当前位置： 首页政务公开政府信息公开\(report.agency ?? "")政府信息公开年报 \(title) 来源： 时间：\(published) --> "
            + "微信 微博 QQ空间 全真版 文字版 文件下载 相关链接： "
        let signature = " \(report.agency ?? "") \(report.publishedOn?.chineseDescription ?? "") 附件下载"
        return (header + [crumbs + body + signature]).joined(separator: "\n")
    }
}
