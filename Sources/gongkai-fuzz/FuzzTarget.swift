// The reader under libFuzzer: every input must come back as a report or a clear ReadError, never a crash, a hang or
// unbounded memory.
//
// Fuzzing: `scripts/fuzz [SECONDS]` builds this with -DFUZZING under libFuzzer + AddressSanitizer (libFuzzer supplies
// `main`) and runs it on a corpus of generated reports of every kind.
// Normal build: `gongkai-fuzz FILE...` runs the reader once on each file (to replay a crash libFuzzer saved).

import Foundation
import GongkaiCore
import GongkaiParsing

#if FUZZING
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
        let bytes = Array(UnsafeBufferPointer(start: data, count: size))
        if let report = try? ReportReader.read(bytes: bytes) { _ = report.jsonText() }
        return 0
    }
#else
    @main
    struct Replay {
        static func main() {
            for path in CommandLine.arguments.dropFirst() {
                guard let data = FileManager.default.contents(atPath: path) else {
                    print("\(path)：无法读取")
                    continue
                }
                do {
                    let report = try ReportReader.read(bytes: [UInt8](data))
                    print("\(path)：\(report.findings.count) 项发现")
                } catch {
                    print("\(path)：\(error)")
                }
            }
        }
    }
#endif
