import Foundation
import Testing

/// The README's command examples, run as a reader would run them: every `gongkai` line of the 用法 and 备份 blocks in
/// order, in a fresh folder that has the project's `examples/`, on a fresh data folder.
@Suite("The README's examples run")
struct ReadmeTests {
    /// The lines of the first ```sh block after `heading`.
    static func block(after heading: String, in readme: String) throws -> [String] {
        let start = try #require(readme.range(of: heading)).upperBound
        let open = try #require(readme.range(of: "```sh\n", range: start..<readme.endIndex)).upperBound
        let close = try #require(readme.range(of: "```", range: open..<readme.endIndex)).lowerBound
        return readme[open..<close].split(separator: "\n").map(String.init)
    }

    /// What a line documents as its exit status: `check` exits 1 when the report has errors; a notice read without
    /// `--yes` is shown, not imported (1).
    static func allowed(_ arguments: [String]) -> Set<Int32> {
        if arguments.first == "check" { return [0, 1] }
        if arguments.starts(with: ["calendar", "import"]), !arguments.contains("--yes") { return [1] }
        return [0]
    }

    @Test("Every gongkai line of the 用法 and 备份 blocks, in order, exits as documented")
    func usage() throws {
        let readme = try String(contentsOf: projectRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let lines = try Self.block(after: "## 用法", in: readme) + Self.block(after: "### 备份与恢复", in: readme)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-readme-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("备份"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("examples"),
                                                   withDestinationURL: projectRoot.appendingPathComponent("examples"))
        var ran = 0
        for line in lines where line.hasPrefix(".build/debug/gongkai ") {
            let command = String(line.split(separator: "#", maxSplits: 1)[0])
            let arguments = command.split(separator: " ").dropFirst().map(String.init)
            guard arguments.first != "bench" else { continue }
            let run = try gongkaiArguments(arguments, environment: ["GONGKAI_DATA": folder.appendingPathComponent("gongkai-data").path],
                                           directory: folder)
            #expect(Self.allowed(arguments).contains(run.status), "\(command) → \(run.status): \(run.stderr.prefix(400))")
            ran += 1
        }
        #expect(ran >= 20, "the examples were found (\(ran))")
    }

    @Test("The CASES-JSONL line of the README imports")
    func casesLine() throws {
        let readme = try String(contentsOf: projectRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let line = try #require(readme.firstMatch(of: /`(\{"id":"[^`]+\})`/)).1
        let file = try temporaryFile(String(line) + "\n", name: "one.jsonl")
        let data = (file as NSString).deletingLastPathComponent + "/data"
        let run = try gongkai("cases", "import", file, "--data", data)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try gongkai("cases", "show", "2025-000001", "--data", data).stdout.contains("张三"))
    }
}
