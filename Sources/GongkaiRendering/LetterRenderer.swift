import Foundation
import GongkaiCore

/// Writes a 政府信息公开申请答复书 as HTML (a page, or a fragment for the portal) and as a Word document in the
/// layout of the reports (GB/T 9704 fonts and margins): the title, the reference number, the salutation, the body,
/// and the agency and date signed at the right.
public enum LetterRenderer {
    public static func html(_ letter: ReplyLetter, mode: HTMLRenderer.Mode = .page) -> String {
        var out: [String] = []
        out.append("<article class=\"gongkai-report gongkai-letter\" lang=\"zh-CN\">")
        out.append("<style>\(HTMLRenderer.stylesheet)\(letterStyle)</style>")
        out.append("<h1>\(escape(letter.title))</h1>")
        out.append("<p class=\"reference\">\(escape(letter.reference))</p>")
        out.append("<p class=\"salutation\">\(escape(letter.salutation))</p>")
        for paragraph in letter.paragraphs { out.append("<p>\(escape(paragraph))</p>") }
        out.append("<footer class=\"signature\"><p>\(escape(letter.agency))</p>")
        out.append("<p><time datetime=\"\(letter.date)\">\(letter.date.chineseDescription)</time></p></footer>")
        out.append("</article>")
        return HTMLRenderer.wrap(out.joined(separator: "\n"), title: letter.title, mode: mode)
    }

    /// The `.docx` bytes.
    public static func docx(_ letter: ReplyLetter) throws -> Data {
        try DocxRenderer.package(documentXML: documentXML(letter), title: letter.title, creator: letter.agency)
    }

    /// The body of the Word document.
    public static func documentXML(_ letter: ReplyLetter) -> String {
        var body: [String] = [DocxRenderer.paragraph(letter.title, style: "Title")]
        body.append(DocxRenderer.paragraph(letter.reference, style: "Signature"))
        body.append("<w:p><w:pPr><w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/></w:pPr>\(DocxRenderer.run(letter.salutation))</w:p>")
        for paragraph in letter.paragraphs { body.append(DocxRenderer.paragraph(paragraph, style: nil)) }
        body.append(DocxRenderer.paragraph("", style: nil))
        body.append(DocxRenderer.paragraph(letter.agency, style: "Signature"))
        body.append(DocxRenderer.paragraph(letter.date.chineseDescription, style: "Signature"))
        return DocxRenderer.document(body)
    }

    static let letterStyle = ".gongkai-letter .reference{text-align:right;text-indent:0}.gongkai-letter .salutation{text-indent:0}"

    static func escape(_ text: String) -> String { MarkupText.escape(text) }
}
