import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import QuartierModel
import NIOHTTPTypes
import NIOHTTPTypesHTTP1

/// Hummingbird's HTTP/1.1 child channel (`HTTP1Channel`: NIO's HTTP/1 codec, the conversion to swift-http-types,
/// the connection state handler, the async channel the router reads), with the tile fast path placed between
/// the HTTP/1 codec and the conversion, where it reads NIO's request heads and answers in NIO's response parts
/// (see `TileFastPath`), and the connection guard (header and idle timeouts, `ConnectionGuard`) right after the
/// codec. A connection over `[limits] max_connections` is refused here (`ConnectionLimiter`). The decoder limits
/// are Hummingbird's defaults.
struct QuartierHTTP1Channel: ServerChildChannel, HTTPChannelHandler {
    typealias Value = NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>

    let responder: HTTPChannelHandler.Responder
    /// Makes the fast path of one connection; nil: none (every request goes to the router).
    let fastPath: (@Sendable () -> TileFastPath)?
    let limiter: ConnectionLimiter
    let timeouts: ConnectionGuard.Timeouts
    /// `[server] trusted_proxies`: the peers whose `X-Forwarded-*` headers are believed.
    let trustedProxies: Set<String>

    /// A connection over the limit while every open one is busy.
    struct TooManyConnections: QuartierFailure {
        /// The server's capacity, not the request: internal.
        var kind: FailureKind { .internalFailure }
        var description: String { "too many connections are open and busy" }
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        guard limiter.admit(channel) else {
            logger.warning("connection refused: \(limiter.limit) connections are open and busy ([limits] max_connections)")
            channel.close(promise: nil)
            return channel.eventLoop.makeFailedFuture(TooManyConnections())
        }
        return channel.eventLoop.makeCompletedFuture {
            let defaults = HTTP1Channel.Configuration().httpDecoder
            var limits = NIOHTTPDecoderLimitConfiguration()
            limits.maxHeaderFieldSize = defaults.maxHeaderFieldSize
            limits.maxHeaderListSize = defaults.maxHeaderListSize
            limits.maxHeaderFieldCount = defaults.maxHeaderFieldCount
            let pipeline = channel.pipeline.syncOperations
            try pipeline.configureHTTPServerPipeline(
                withPipeliningAssistance: false, withErrorHandling: false, withOutboundHeaderValidation: false,
                withEncoderConfiguration: .init(), withDecoderLimitConfiguration: limits)
            let guarding = ConnectionGuard(timeouts: timeouts, limiter: limiter)
            try pipeline.addHandler(ConnectionGuard.ByteWatch(guarding), position: .first)
            try pipeline.addHandler(guarding)
            try pipeline.addHandler(ForwardedHeaderFilter(trusted: trustedProxies))
            if let fastPath { try pipeline.addHandler(fastPath()) }
            try pipeline.addHandler(HTTP1ToHTTPServerCodec(secure: false))
            try pipeline.addHandler(HTTPConnectionStateHandler(idleTimeout: nil, logger: logger))
            return try NIOAsyncChannel(
                wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
        }
    }

    func handle(value: Value, logger: Logger) async {
        await handleHTTP(asyncChannel: value, logger: logger)
    }
}
