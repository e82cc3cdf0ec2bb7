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

    /// A value kept in a box of its own type: taking an array of structs out of an `any Sendable` copied it element by
    /// element (a profile of the region's pages over 10,000 reports showed the units copied on every read), a box is
    /// one cast.
    private final class Box<T: Sendable>: Sendable {
        let value: T
        init(_ value: T) { self.value = value }
    }

    func value<T: Sendable>(_ key: String, as type: T.Type) -> T? {
        lock.lock()
        defer { lock.unlock() }
        guard let entry = entries[key], let box = entry.value as? Box<T> else { return nil }
        clock += 1
        entries[key] = (box, clock)
        return box.value
    }

    func removeAll() {
        lock.lock()
        entries = [:]
        lock.unlock()
    }

    func set<T: Sendable>(_ key: String, _ value: T) {
        lock.lock()
        defer { lock.unlock() }
        clock += 1
        entries[key] = (Box(value), clock)
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
        if let hit: T = try await recalled(question, owner: owner, reviews: reviews) { return hit }
        let value = try await compute()
        // Filed under the stamp read after the work (the roster may have taken in this installation's agencies on
        // the way): what it says is at least that recent.
        OversightMemo.shared.set(try await memoKey(question, owner: owner, reviews: reviews), value)
        return value
    }

    /// What ``remembered(_:owner:reviews:compute:)`` kept for the question and the data as it is now, if anything.
    func recalled<T: Sendable>(_ question: String, owner: Agency, reviews: Bool = true) async throws -> T? {
        OversightMemo.shared.value(try await memoKey(question, owner: owner, reviews: reviews), as: T.self)
    }

    private func memoKey(_ question: String, owner: Agency, reviews: Bool) async throws -> String {
        let stamp = try await stored { try await store.oversightStamp(owner: owner.id) }
        return "\(question)|\(owner.id)|\(today)|" + (reviews ? stamp.data + "|\(stamp.reviews)" : stamp.data)
    }
}
