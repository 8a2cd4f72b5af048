import Foundation
import Logging
import NIOCore

/// Keeps the number of open client connections at or below `[limits] max_connections`, so that idle or slow
/// clients cannot use up the process's file descriptors (which SQLite, GDAL and the tile archives need too).
/// A connection over the limit makes room by closing the connection that has been idle longest (no request
/// open); when every connection is busy, the new one is closed at once. So `/health` and new clients are
/// answered while a thousand idle connections are held open elsewhere.
final class ConnectionLimiter: Sendable {
    /// The most connections open at once.
    let limit: Int
    private struct Entry {
        var channel: any Channel
        /// Since when the connection has had no request open; nil while one is.
        var idleSince: NIODeadline?
    }
    private let open = Locked<[ObjectIdentifier: Entry]>([:])

    init(limit: Int) { self.limit = max(1, limit) }

    /// Connections open now.
    var count: Int { open.withLock { $0.count } }

    /// Admits a new connection, closing the longest-idle one when the limit is reached.
    /// - Returns: false when every open connection is busy (the caller closes the new one).
    func admit(_ channel: any Channel) -> Bool {
        let id = ObjectIdentifier(channel)
        let (admitted, evicted) = open.withLock { open -> (Bool, (any Channel)?) in
            var evicted: (any Channel)?
            if open.count >= limit {
                let idle = open.compactMap { key, entry in entry.idleSince.map { (key, $0) } }
                guard let oldest = idle.min(by: { $0.1 < $1.1 }) else { return (false, nil) }
                evicted = open.removeValue(forKey: oldest.0)?.channel
            }
            open[id] = Entry(channel: channel, idleSince: .now())
            return (true, evicted)
        }
        // Closed outside the lock: a close on the calling event loop runs its callbacks (`remove`) at once.
        evicted?.close(promise: nil)
        guard admitted else { return false }
        channel.closeFuture.whenComplete { _ in self.remove(id) }
        return true
    }

    /// Records whether a connection has a request open (busy) or not (idle since now).
    func setIdle(_ channel: any Channel, _ idle: Bool) {
        let id = ObjectIdentifier(channel)
        open.withLock { open in open[id]?.idleSince = idle ? .now() : nil }
    }

    private func remove(_ id: ObjectIdentifier) {
        _ = open.withLock { $0.removeValue(forKey: id) }
    }

    /// The limit that fits the process's descriptor limit: the soft limit is raised to the hard one (as far as
    /// the system allows), and the connection limit is kept `reserve` descriptors below it (for the job store,
    /// GDAL, tile archives, logs). A lower limit than configured is logged as a warning.
    static func fitted(_ configured: Int, reserve: Int = 128, logger: Logger) -> Int {
        var limits = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limits) == 0 else { return configured }
        if limits.rlim_cur < limits.rlim_max {
            var raised = limits
            raised.rlim_cur = limits.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limits = raised }
        }
        let available = Int(clamping: limits.rlim_cur) - reserve
        guard configured > available else { return configured }
        let fitted = max(16, available)
        let message =
            "[limits] max_connections \(configured) exceeds the descriptor limit \(limits.rlim_cur) less \(reserve) "
            + "in reserve: using \(fitted); raise LimitNOFILE= (systemd) or ulimit -n"
        logger.warning("\(message)")
        return fitted
    }
}
