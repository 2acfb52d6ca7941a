import Foundation

/// A value behind a pthread mutex (`NSLock`), with `Mutex`'s `withLock`. Shared with `RunLog` (package access).
///
/// Not the standard library's `Synchronization.Mutex`: on Linux it waits with raw futex calls that ThreadSanitizer
/// cannot see, so `swift test --sanitize=thread` reported the parallel figure rendering's (and `RunLogger`'s)
/// `withLock` bodies on different threads as a Swift access race. A pthread mutex is intercepted, so TSan checks the locking instead.
package final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    package init(_ value: Value) { self.value = value }

    /// Runs `body` with exclusive access to the value.
    package func withLock<Result, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
