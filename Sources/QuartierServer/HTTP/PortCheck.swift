import Foundation
import NIOCore
import QuartierService

/// Checks, before the server does anything else (recovering the job store, running published analyses), that
/// it can listen on its address: a busy port or an address not on this host is reported at once, naming
/// `host:port`, instead of after the first jobs have run. The check binds a socket the way the listener will
/// (`SO_REUSEADDR`, so a port held only by closed connections in TIME_WAIT passes) and closes it again.
enum PortCheck {
    /// - Throws: `QuartierError.user` naming the address and the reason (exit 1 from `quartier serve`).
    static func check(host: String, port: Int) throws {
        guard port != 0 else { return }  // the system chooses a free port
        let address: SocketAddress
        do {
            address = try SocketAddress.makeAddressResolvingHost(host, port: port)
        } catch {
            throw QuartierError.user(
                "cannot listen on \(host):\(port): the host name does not resolve; set [server] host")
        }
        let family = address.protocol.rawValue
        let descriptor = socket(family, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else {
            throw QuartierError.user("cannot listen on \(host):\(port): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var on: Int32 = 1
        _ = setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        let bound = address.withSockAddr { pointer, length in bind(descriptor, pointer, socklen_t(length)) }
        guard bound == 0 else {
            let reason =
                errno == EADDRINUSE
                ? "the port is in use by another process (another quartier serve?); choose another with --port or [server] port"
                : String(cString: strerror(errno))
            throw QuartierError.user("cannot listen on \(host):\(port): \(reason)")
        }
    }
}
