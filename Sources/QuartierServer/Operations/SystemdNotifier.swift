import Foundation

/// The systemd notification protocol without libsystemd: each message is one datagram of `KEY=value` lines to
/// the Unix socket named in `$NOTIFY_SOCKET` (a path, or an abstract name when it starts with `@`).
/// Without `$NOTIFY_SOCKET` (not started by systemd with `Type=notify`) every call does nothing.
/// Source: sd_notify(3) and "The sd_notify protocol", https://systemd.io/NOTIFY/ (for reimplementations).
package struct SystemdNotifier: Sendable {
    /// The socket address as given (`@name` for an abstract socket); nil when not under systemd.
    package let socketPath: String?
    /// How often systemd expects `WATCHDOG=1` (`$WATCHDOG_USEC`), if the watchdog is on for this process.
    package let watchdogInterval: Duration?

    /// Reads `NOTIFY_SOCKET`, `WATCHDOG_USEC` and `WATCHDOG_PID` (the watchdog applies only when the pid is
    /// ours or not given).
    package init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let path = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
        socketPath = path
        let forUs = environment["WATCHDOG_PID"].map { Int32($0) == getpid() } ?? true
        if path != nil, forUs, let text = environment["WATCHDOG_USEC"], let micro = Int64(text), micro > 0 {
            watchdogInterval = .microseconds(micro)
        } else {
            watchdogInterval = nil
        }
    }

    /// Whether systemd listens (a notify socket was given).
    package var isActive: Bool { socketPath != nil }

    /// Sends one message, e.g. `READY=1\nSTATUS=serving`. Failures are returned, not thrown: a lost
    /// notification must not stop the server (systemd's own `sd_notify` behaves the same way).
    /// - Returns: nil on success or when inactive, else the reason.
    @discardableResult
    package func send(_ message: String) -> String? {
        guard let socketPath else { return nil }
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return "socket(): \(String(cString: strerror(errno)))" }
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var name = Array(socketPath.utf8)
        let abstract = name.first == UInt8(ascii: "@")
        if abstract { name[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard name.count < capacity else { return "NOTIFY_SOCKET is longer than \(capacity - 1) bytes" }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            buffer.copyBytes(from: name)
        }
        // An abstract name's length is exact (no terminating zero); a path's includes its terminator.
        let length = socklen_t(MemoryLayout<sa_family_t>.size + name.count + (abstract ? 0 : 1))
        let sent = Array(message.utf8).withUnsafeBytes { bytes in
            withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(descriptor, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL), $0, length)
                }
            }
        }
        return sent < 0 ? "sendto(\(socketPath)): \(String(cString: strerror(errno)))" : nil
    }
}
