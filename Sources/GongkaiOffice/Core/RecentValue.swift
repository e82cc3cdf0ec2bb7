import Foundation

/// A value with the moment it was read, readable without waiting on an actor: the actors that keep the agency list
/// and the catalogue version (each re-read from the store at most once a second) also leave what they read here, so
/// a cached public page can be answered on the event loop, without a hop to an actor or a task.
final class RecentValue<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value?
    private var read = ContinuousClock.now
    private let age: Duration

    init(age: Duration) { self.age = age }

    /// The value, when it was read less than `age` ago.
    var value: Value? {
        lock.withLock { stored.flatMap { ContinuousClock.now - read < age ? $0 : nil } }
    }

    func set(_ value: Value, readAt instant: ContinuousClock.Instant) {
        lock.withLock {
            stored = value
            read = instant
        }
    }

    func forget() { lock.withLock { stored = nil } }
}
