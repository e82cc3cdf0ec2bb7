import Foundation
import Testing

@testable import GongkaiCore
@testable import GongkaiRendering

/// The DOCX body, HTML and Markdown of one report of each format, kept in the repository so that an unintended layout
/// change shows up in review. `GONGKAI_UPDATE_GOLDEN=1 swift test --filter GoldenTests` writes them anew.
@Suite("Golden files")
struct GoldenTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    @Test("Rendered output equals the reviewed golden files", arguments: ["report-2021", "report-2020"])
    func golden(name: String) throws {
        let report = try AnnualReport(jsonBytes: [UInt8](try Data(contentsOf: projectRoot.appendingPathComponent(
            "examples/\(name).json")))).rechecked()
        let outputs = [
            ("\(name).document.xml", DocxRenderer.documentXML(report)),
            ("\(name).html", HTMLRenderer.render(report)),
            ("\(name).md", MarkdownRenderer.render(report)),
        ]
        for (file, text) in outputs {
            let url = Self.directory.appendingPathComponent(file)
            if ProcessInfo.processInfo.environment["GONGKAI_UPDATE_GOLDEN"] == "1" {
                try Data(text.utf8).write(to: url)
                continue
            }
            let golden = try String(contentsOf: url, encoding: .utf8)
            #expect(text == golden, "\(file) differs from its golden file (GONGKAI_UPDATE_GOLDEN=1 to accept)")
        }
    }
}
