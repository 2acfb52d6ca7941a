import Foundation

/// A value behind a pthread mutex (`NSLock`), with `Mutex`'s `withLock`.
///
/// Not the standard library's `Synchronization.Mutex`: on Linux it waits with raw futex calls that ThreadSanitizer
/// cannot see, so TSan reported every two `withLock` bodies on different threads as a data race (the
/// concurrent-logging test under `swift test --sanitize=thread`). A pthread mutex is intercepted, so TSan checks the
/// logger's locking instead of flagging it.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    /// Runs `body` with exclusive access to the value.
    func withLock<Result, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
