import ArgumentParser
import Foundation
import GongkaiCore
import GongkaiOffice

/// An input that cannot be used: printed as one line naming the file, and the process exits with status 2.
struct InputError: Error, CustomStringConvertible {
    let file: String
    let reason: String

    var description: String { "\(file)：\(reason)" }
}

enum CLI {
    /// Exit status for unusable input.
    static let unusableInput = ExitCode(2)

    /// Prints an error line to standard error.
    static func printError(_ message: String) {
        FileHandle.standardError.write(Data("gongkai：错误：\(message)\n".utf8))
    }

    /// Refuses a JSON Lines file with wrong lines: the first 20 printed with their line, record and field, then the
    /// count and that nothing was imported (`what`: 申请, 记录); exit status 2.
    static func refuse(_ errors: [JSONLineError], in file: String, what: String) -> ExitCode {
        for error in errors.prefix(20) { printError("\(file)：\(error.description)") }
        if errors.count > 20 { printError("\(file)：……另有 \(errors.count - 20) 行有错") }
        printError("\(file)：共 \(errors.count) 行有错，未导入任何\(what)")
        return unusableInput
    }

    /// Runs a body; an ``InputError`` is printed as one line and becomes exit status 2.
    static func withInputErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as InputError {
            printError(error.description)
            throw unusableInput
        }
    }

    /// Runs an office rule; its refusal is printed as one line (the same words the web shows) and becomes exit status 2.
    static func office<T>(_ body: () throws(OfficeError) -> T) throws -> T {
        do throws(OfficeError) {
            return try body()
        } catch {
            printError(error.message)
            throw unusableInput
        }
    }

    /// Reads a file whole, with a clear error when it cannot be read.
    static func read(_ path: String) throws -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputError(file: path, reason: "文件不存在")
        }
        guard !isDirectory.boolValue else { throw InputError(file: path, reason: "这是一个目录，不是文件") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(file: path, reason: "无法读取文件（没有读权限？）")
        }
        return [UInt8](data)
    }

    /// Reads a report JSON file.
    static func loadReport(_ path: String) throws -> AnnualReport {
        let bytes = try read(path)
        guard !bytes.isEmpty else { throw InputError(file: path, reason: "文件是空的") }
        do {
            return try AnnualReport(jsonBytes: bytes)
        } catch {
            throw InputError(file: path, reason: error.description)
        }
    }

    /// Writes text to a file, or to standard output when `path` is nil or `-`.
    static func write(_ text: String, to path: String?) throws {
        guard let path, path != "-" else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw InputError(file: path, reason: "无法写入文件（\(error.localizedDescription)）")
        }
    }
}
