import NIOCore
import NIOHTTP1

/// Drops the `X-Forwarded-*` and `Forwarded` headers of requests that do not come from a trusted proxy, before
/// anything reads them: the links of the answers are built from `X-Forwarded-Proto`/`-Host` (`LinkBaseMiddleware`),
/// and a client that could set them itself could have a shared cache store answers whose links point elsewhere.
/// Trusted are the peers listed in `[server] trusted_proxies` (default: loopback, where a reverse proxy on the same
/// machine connects from); a server reached directly from elsewhere ignores these headers.
final class ForwardedHeaderFilter: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart

    static let names = ["X-Forwarded-Host", "X-Forwarded-Proto", "X-Forwarded-For", "X-Forwarded-Port", "Forwarded"]

    let trusted: Set<String>
    private var peerTrusted: Bool?

    init(trusted: Set<String>) {
        self.trusted = trusted
    }

    /// Whether a peer address (`127.0.0.1`, `::1`, …) is trusted; `127.0.0.0/8` counts as `127.0.0.1`.
    static func isTrusted(_ address: String?, among trusted: Set<String>) -> Bool {
        guard let address else { return false }
        if trusted.contains(address) { return true }
        return trusted.contains("127.0.0.1") && address.hasPrefix("127.")
            || trusted.contains("::1") && address == "::ffff:127.0.0.1"
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var part = unwrapInboundIn(data)
        if case .head(var head) = part {
            let isTrusted =
                peerTrusted ?? Self.isTrusted(context.channel.remoteAddress?.ipAddress, among: trusted)
            peerTrusted = isTrusted
            if !isTrusted, Self.names.contains(where: { head.headers.contains(name: $0) }) {
                for name in Self.names { head.headers.remove(name: name) }
                part = .head(head)
            }
        }
        context.fireChannelRead(wrapInboundOut(part))
    }
}
