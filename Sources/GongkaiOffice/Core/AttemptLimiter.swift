import Foundation

/// Counts attempts per key (address + user name; address for look-ups and filings) in a sliding window.
actor AttemptLimiter {
    private var attempts: [String: [Date]] = [:]
    /// Keys whose current block has been reported once (a blocked login is audited once per window, not per try).
    private var reported: Set<String> = []
    /// How many keys are kept before the expired ones are forgotten (doubles with the live ones, so that forgetting
    /// stays rare however many addresses are active).
    private var pruneAt = 10_000
    let limit: Int
    let window: TimeInterval

    init(limit: Int, window: TimeInterval) {
        self.limit = limit
        self.window = window
    }

    struct Block {
        /// Seconds until the key may try again.
        let wait: Int
        /// Whether this is the first refusal of this block (to be reported).
        let first: Bool
    }

    /// The block on a key, or nil when it may try.
    func blocked(_ key: String, now: Date = Date()) -> Block? {
        guard limit > 0 else { return nil }
        let recent = (attempts[key] ?? []).filter { now.timeIntervalSince($0) < window }
        attempts[key] = recent.isEmpty ? nil : recent
        guard recent.count >= limit, let oldest = recent.first else {
            reported.remove(key)
            return nil
        }
        let first = reported.insert(key).inserted
        return Block(wait: max(1, Int((window - now.timeIntervalSince(oldest)).rounded(.up))), first: first)
    }

    func count(_ key: String, now: Date = Date()) {
        attempts[key, default: []].append(now)
        // Many addresses over time: forget those whose attempts are all older than the window.
        if attempts.count > pruneAt {
            attempts = attempts.filter { $0.value.contains { now.timeIntervalSince($0) < window } }
            reported = reported.filter { attempts[$0] != nil }
            pruneAt = max(10_000, attempts.count * 2)
        }
    }

    func clear(_ key: String) {
        attempts[key] = nil
        reported.remove(key)
    }
}
