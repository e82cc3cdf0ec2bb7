import Foundation
import ZIPFoundation

/// An Office Open XML package: text parts zipped in order, deflated, with a fixed date (the same content gives the
/// same bytes, so golden files and hashes stay stable).
enum Zip {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func package(_ parts: [(String, String)]) throws(Failure) -> Data {
        let archive: Archive
        do {
            archive = try Archive(data: Data(), accessMode: .create)
        } catch {
            throw Failure(description: "无法创建压缩包：\(error)")
        }
        for (path, text) in parts {
            let data = Data(text.utf8)
            do {
                try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count),
                                     modificationDate: Date(timeIntervalSince1970: 1_600_000_000),
                                     compressionMethod: .deflate) { position, size in
                    data.subdata(in: Int(position)..<Int(position) + size)
                }
            } catch {
                throw Failure(description: "无法写入部件 \(path)：\(error)")
            }
        }
        guard let data = archive.data else { throw Failure(description: "压缩包为空") }
        return data
    }
}
