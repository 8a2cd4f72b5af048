import Foundation
import QuartierService

/// The systemd side of the notify protocol for tests: a bound Unix datagram socket (a path, or an abstract
/// name given as `@name`) that collects the messages a server sends to `$NOTIFY_SOCKET`, with arrival times.
final class NotifyListener {
    let address: String
    private let descriptor: Int32
    private(set) var messages: [(time: ContinuousClock.Instant, text: String)] = []

    struct SocketError: Error { var message: String }

    init(abstract: Bool, folder: URL) throws {
        address =
            abstract
            ? "@quartier-test-\(getpid())-\(UUID().uuidString.prefix(8))"
            : folder.appendingPathComponent("notify.sock").path
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        guard descriptor >= 0 else { throw SocketError(message: "socket(): \(errno)") }
        var socketAddress = sockaddr_un()
        socketAddress.sun_family = sa_family_t(AF_UNIX)
        var name = Array(address.utf8)
        if abstract { name[0] = 0 }
        withUnsafeMutableBytes(of: &socketAddress.sun_path) { $0.copyBytes(from: name) }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + name.count + (abstract ? 0 : 1))
        let bound = withUnsafePointer(to: &socketAddress) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0 else { throw SocketError(message: "bind(\(address)): \(String(cString: strerror(errno)))") }
        var timeout = timeval(tv_sec: 0, tv_usec: 50_000)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(descriptor) }

    /// Receives messages until `done` holds for those received so far, or `seconds` have passed.
    /// - Returns: whether `done` held.
    @discardableResult
    func receive(seconds: Double, until done: ([String]) -> Bool) -> Bool {
        let clock = ContinuousClock.now
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !done(messages.map(\.text)) {
            guard ContinuousClock.now - clock < .seconds(seconds) else { return false }
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count > 0 { messages.append((ContinuousClock.now, String(decoding: buffer[..<count], as: UTF8.self))) }
        }
        return true
    }

    /// Whether some message has the line `line`.
    func has(_ line: String) -> Bool { messages.contains { $0.text.split(separator: "\n").contains(Substring(line)) } }

    /// The index of the first message at or after `start` with the line `line`.
    func index(of line: String, from start: Int = 0) -> Int? {
        messages.indices.dropFirst(start).first { messages[$0].text.split(separator: "\n").contains(Substring(line)) }
    }
}
