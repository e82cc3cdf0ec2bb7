import Testing

@testable import GongkaiCore
@testable import GongkaiRendering

@Suite("HTML in the official layout")
struct HTMLRendererTests {
    @Test("Merged cells of table 三 and 四 as the national format draws them, header cells with scope")
    func layout() {
        let html = HTMLRenderer.render(Fixtures.report2021().rechecked())
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"zh-CN\">"))
        #expect(html.contains("<h1>宁海县卫生健康局2021年政府信息公开工作年度报告</h1>"))
        #expect(html.contains("<th rowspan=\"3\" colspan=\"3\">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</th>"))
        #expect(html.contains("<th scope=\"rowgroup\" rowspan=\"22\">三、本年度办理结果</th><th scope=\"row\" colspan=\"2\">（一）予以公开</th><td>20</td>"))
        #expect(html.contains("<th scope=\"rowgroup\" rowspan=\"8\">（三）不予公开</th><th scope=\"row\">1.属于国家秘密</th>"))
        #expect(html.contains("<th scope=\"colgroup\" rowspan=\"2\" colspan=\"5\">行政复议</th>"))
        #expect(html.contains("<th scope=\"row\">行政许可</th><td colspan=\"3\">3059</td>"))
        #expect(html.contains("<td colspan=\"3\">12.5</td>"))
        #expect(html.contains("<time datetime=\"2022-01-20\">2022年1月20日</time>"))
        #expect(html.contains("@page{size:A4"))
        let fragment = HTMLRenderer.render(Fixtures.report2021(), mode: .fragment)
        #expect(fragment.hasPrefix("<article class=\"gongkai-report\" lang=\"zh-CN\">"))
        #expect(!fragment.contains("<html"))
    }

    @Test("Text is escaped; a null cell is blank and listed among the findings")
    func escapingAndNulls() {
        var report = Fixtures.report2021()
        report.sections![0].text = "含有<b>标签</b>与&符号"
        report.table3![.granted, 2] = nil
        let html = HTMLRenderer.render(report.rechecked())
        #expect(html.contains("<p>含有&lt;b&gt;标签&lt;/b&gt;与&amp;符号</p>"))
        #expect(html.contains("<th scope=\"row\" colspan=\"2\">（一）予以公开</th><td>20</td><td>3</td><td></td>"))
        #expect(html.contains("<code>MISSING-CELL</code> 表三「予以公开」：缺少科研机构（1 个数）"))
    }
}
