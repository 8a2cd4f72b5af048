import Foundation
import NIOCore
import NIOHTTP1

/// Closes connections that hold a descriptor without using it (slowloris and idle keep-alive connections):
/// - a request head must be complete within `[limits] header_timeout_seconds` of the connection's start or of
///   its first byte after the previous answer;
/// - a connection with no request open is closed after `[limits] idle_timeout_seconds`, and so is one whose
///   request body stalls that long;
/// - a request the router is working on (a synchronous job may take minutes) is never timed out here.
/// It also tells the `ConnectionLimiter` whether the connection is idle (the longest-idle one makes room when the
/// limit is reached). One timer per connection ticks while it is idle or reading, so a request costs no timer
/// of its own.
///
/// Place: right after NIO's HTTP/1 codec (it sees every request and answer, the tile fast path's too); its
/// `ByteWatch` goes before the decoder and reports the first bytes of a head.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    struct Timeouts: Sendable {
        var header: TimeAmount
        var idle: TimeAmount
        /// How often the timer looks: a quarter of the shorter timeout, at least 50 ms.
        var tick: TimeAmount { .nanoseconds(max(50_000_000, min(header.nanoseconds, idle.nanoseconds) / 4)) }
    }

    private let timeouts: Timeouts
    private let limiter: ConnectionLimiter
    /// Requests whose head has arrived and whose answer has not ended.
    private var open = 0
    /// A request's head has arrived and its end not yet.
    private var reading = false
    /// When the bytes of the next head began (or the connection started); nil when no head is pending.
    private var headSince: NIODeadline? = .now()
    /// The last read of the request being read, or the end of the last answer.
    private var lastActivity: NIODeadline = .now()
    private var timer: Scheduled<Void>?

    init(timeouts: Timeouts, limiter: ConnectionLimiter) {
        self.timeouts = timeouts
        self.limiter = limiter
    }

    func handlerAdded(context: ChannelHandlerContext) { tick(context) }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        lastActivity = .now()
        switch unwrapInboundIn(data) {
        case .head:
            if open == 0 { limiter.setIdle(context.channel, false) }
            open += 1
            reading = true
            headSince = nil
        case .body: break
        case .end: reading = false
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            open = max(0, open - 1)
            if open == 0 {
                lastActivity = .now()
                limiter.setIdle(context.channel, true)
                if timer == nil { tick(context) }
            }
        }
        context.write(data, promise: promise)
    }

    /// Bytes arrived before the decoder: when no request is being read, they begin the next head.
    fileprivate func bytesArrived(_ context: ChannelHandlerContext) {
        guard !reading, headSince == nil else { return }
        headSince = .now()
        if timer == nil { tick(context) }
    }

    /// Closes the connection when a timeout has passed; else looks again after a tick while it is idle, reading
    /// or waiting for a head.
    private func tick(_ context: ChannelHandlerContext) {
        timer = nil
        let now = NIODeadline.now()
        if let headSince, now - headSince >= timeouts.header {
            context.close(promise: nil)
            return
        }
        let waiting = open == 0 || reading
        if waiting, headSince == nil, now - lastActivity >= timeouts.idle {
            context.close(promise: nil)
            return
        }
        guard waiting || headSince != nil else { return }  // the router has the request: no timeout
        timer = context.eventLoop.assumeIsolatedUnsafeUnchecked().scheduleTask(in: timeouts.tick) { [weak self] in
            self?.tick(context)
        }
    }

    /// Reports bytes that arrive before NIO's HTTP decoder to the guard (the decoder passes nothing on until a
    /// head is complete, so only here can a head that trickles in be seen).
    final class ByteWatch: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = ByteBuffer
        typealias InboundOut = ByteBuffer
        private let guarding: ConnectionGuard
        private var guardContext: ChannelHandlerContext?

        init(_ guarding: ConnectionGuard) { self.guarding = guarding }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            if guardContext == nil { guardContext = try? context.pipeline.syncOperations.context(handler: guarding) }
            if let guardContext { guarding.bytesArrived(guardContext) }
            context.fireChannelRead(data)
        }
    }
}
