import Foundation

/// A value behind a lock, shared by a test and the threads it starts (reader threads, a request burst).
package final class Locked<Value>: @unchecked Sendable {
    private var stored: Value
    private let lock = NSLock()

    package init(_ value: Value) { stored = value }

    /// The value as it is now.
    package var value: Value { lock.withLock { stored } }

    package func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&stored)
    }
}
