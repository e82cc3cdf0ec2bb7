import Foundation
import GongkaiCore

/// Writes a 通报 as a Word document in the house style of the reports and letters (GB/T 9704 page, 方正小标宋 title,
/// 黑体 headings, 仿宋 body, page numbers in the footer).
public enum NoticeRenderer {
    public static func docx(_ notice: Notice) throws -> Data {
        try DocxRenderer.package(documentXML: documentXML(notice), title: notice.title, creator: notice.signer)
    }

    public static func documentXML(_ notice: Notice) -> String {
        var body: [String] = [DocxRenderer.paragraph(notice.title, style: "Title")]
        body.append("<w:p><w:pPr><w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/></w:pPr>\(DocxRenderer.run(notice.addressees))</w:p>")
        for paragraph in notice.opening { body.append(DocxRenderer.paragraph(paragraph, style: nil)) }
        for part in notice.parts {
            body.append(DocxRenderer.paragraph(part.heading, style: "Heading1"))
            for paragraph in part.paragraphs { body.append(DocxRenderer.paragraph(paragraph, style: nil)) }
        }
        body.append(DocxRenderer.paragraph("", style: nil))
        body.append(DocxRenderer.paragraph(notice.signer, style: "Signature"))
        body.append(DocxRenderer.paragraph(notice.date.chineseDescription, style: "Signature"))
        return DocxRenderer.document(body)
    }
}
