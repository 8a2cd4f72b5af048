import Foundation
import NIOPosix

/// A few libpq connections to one database, used from async code: each query runs on a thread of the pool's own
/// (libpq blocks), on a connection no other query uses meanwhile. Connections are made when first needed and dropped
/// when the server has gone, so that the pool recovers when the database is back.
package final class PostgresPool: Sendable {
    package let connection: String
    private let threads: NIOThreadPool
    private let idle = PoolState()

    /// - Parameter size: the most connections (and threads) at once.
    package init(connection: String, size: Int = 4) {
        self.connection = connection
        threads = NIOThreadPool(numberOfThreads: max(1, size))
        threads.start()
    }

    deinit { threads.shutdownGracefully { _ in } }

    /// Runs `body` with a connection, on the pool's threads.
    package func withConnection<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        let connection = self.connection
        let idle = self.idle
        return try await threads.runIfActive {
            let handle = try idle.take() ?? PostgresConnection(connection)
            do {
                let value = try body(handle)
                idle.put(handle)
                return value
            } catch {
                if handle.isUsable { idle.put(handle) }
                throw error
            }
        }
    }
}

/// The idle connections (each thread of the pool takes one, or makes one when none is idle).
private final class PoolState: @unchecked Sendable {
    private let lock = NSLock()
    private var connections: [PostgresConnection] = []

    func take() throws -> PostgresConnection? {
        lock.withLock { connections.popLast() }
    }

    func put(_ connection: PostgresConnection) {
        lock.withLock { connections.append(connection) }
    }
}
