import Foundation
import GongkaiCore
import GongkaiStore

/// What was worked out for a supervising office's pages (the year over thousands of units, the region's tables,
/// trend and ranking), kept in memory under the store's stamp of the data it came from
/// (``CaseStore/oversightStamp(owner:)``: every write to the office's supervision data moves it, in the writing
/// transaction; so do reports published here and agencies added). Reading a page again costs one small query until
/// something changes; the first read after a change works it out from the rows. Each process keeps its own; a few
/// entries at most.
final class OversightMemo: @unchecked Sendable {
    static let shared = OversightMemo()

    private let lock = NSLock()
    private var entries: [String: (value: any Sendable, used: Int)] = [:]
    private var clock = 0
    private let capacity = 24

    func value<T: Sendable>(_ key: String, as type: T.Type) -> T? {
        lock.lock()
        defer { lock.unlock() }
        guard let entry = entries[key], let value = entry.value as? T else { return nil }
        clock += 1
        entries[key] = (value, clock)
        return value
    }

    func removeAll() {
        lock.lock()
        entries = [:]
        lock.unlock()
    }

    func set(_ key: String, _ value: any Sendable) {
        lock.lock()
        defer { lock.unlock() }
        clock += 1
        entries[key] = (value, clock)
        if entries.count > capacity, let oldest = entries.min(by: { $0.value.used < $1.value.used })?.key {
            entries[oldest] = nil
        }
    }
}

extension Office {
    /// Forgets what was worked out (`gongkai bench oversee` measures the first read after a change this way).
    public static func forgetOversight() { OversightMemo.shared.removeAll() }

    /// `compute`'s result for the office, the question and the data as it is now: worked out once per change (with
    /// `reviews` false, once per change of anything but the reviews of findings: the answer does not show them).
    func remembered<T: Sendable>(_ question: String, owner: Agency, reviews: Bool = true, compute: () async throws -> T) async throws -> T {
        func stamp() async throws -> String {
            let stamp = try await stored { try await store.oversightStamp(owner: owner.id) }
            return reviews ? stamp.data + "|\(stamp.reviews)" : stamp.data
        }
        let key = "\(question)|\(owner.id)|\(today)|"
        if let hit = OversightMemo.shared.value(key + (try await stamp()), as: T.self) { return hit }
        let value = try await compute()
        // Filed under the stamp read after the work (the roster may have taken in this installation's agencies on
        // the way): what it says is at least that recent.
        OversightMemo.shared.set(key + (try await stamp()), value)
        return value
    }
}
