import Foundation
import Testing

@testable import GongkaiCore

/// The project root, found from this file's path.
let projectRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

@Suite("docs/report.schema.json")
struct SchemaTests {
    static let schemaURL = projectRoot.appendingPathComponent("docs/report.schema.json")

    /// Runs the Python validator (jsonschema) over files; returns its exit status and output.
    func validate(_ documents: [String]) throws -> (status: Int32, output: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var paths: [String] = []
        for (i, document) in documents.enumerated() {
            let url = dir.appendingPathComponent("\(i).json")
            try Data(document.utf8).write(to: url)
            paths.append(url.path)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", projectRoot.appendingPathComponent("scripts/validate-json-schema.py").path,
                             Self.schemaURL.path] + paths
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    @Test("Everything the engine emits validates against the schema")
    func emittedJSONValidates() throws {
        let documents = JSONTests.randomReports(count: 300, seed: 77).map { $0.jsonText() }
        let result = try validate(documents)
        #expect(result.status == 0, "\(result.output)")
    }

    @Test("The schema rejects what breaks the contract (so the test above is not vacuous)")
    func schemaRejectsBrokenDocuments() throws {
        let good = Fixtures.report2021().rechecked().jsonText()
        let broken = [
            good.replacingOccurrences(of: "[38, 4, 0, 1, 1, 0, 44]", with: "[38, 4, 0, 1, 1, 44]"),
            good.replacingOccurrences(of: "\"format\": \"2021\"", with: "\"format\": \"2020\""),
            good.replacingOccurrences(of: "\"otherHandling.other\"", with: "\"otherHandling\""),
            good.replacingOccurrences(of: "\"decisions\": 3059", with: "\"decisions\": \"3059\""),
        ]
        for document in broken {
            #expect(document != good)
            #expect(try validate([document]).status == 1)
        }
    }

    @Test("The schema's row and field keys are the format spec's, for both formats")
    func schemaMatchesFormatSpec() throws {
        let schema = try JSONParser.parse(Array(try Data(contentsOf: Self.schemaURL)))
        guard case let .array(branches)? = schema["allOf"]?.value else { Issue.record("allOf missing"); return }
        for branch in branches {
            guard case let .string(formatName)? = branch["if"]?["properties"]?["format"]?["const"]?.value,
                  let format = ReportFormat(rawValue: formatName),
                  let properties = branch["then"]?["properties"] else { Issue.record("bad branch"); continue }
            func keys(_ json: JSON?) -> [String] {
                guard case let .object(members)? = json?.value else { return [] }
                return members.map(\.key)
            }
            func objectBranch(_ table: String) -> JSON? {
                guard case let .array(options)? = properties[table]?["oneOf"]?.value else { return nil }
                return options.first { $0["properties"] != nil }
            }
            #expect(keys(objectBranch("table3")?["properties"]) == format.spec.table3Rows.map(\.key))
            let table2 = objectBranch("table2")?["properties"]
            #expect(keys(table2) == format.spec.table2Rows.map(\.key))
            for row in format.spec.table2Rows {
                #expect(keys(table2?[row.key]?["properties"]) == row.fields.map(\.key), "\(format) \(row.key)")
            }
        }
    }
}
