import Foundation
import NIOCore
import NIOPosix
import QuartierService

/// A plain TCP connection to a loopback server, for requests no HTTP client would send (a chunk size `zz`,
/// a header that never ends, an idle connection). Non-blocking (NIO); every wait has a deadline. What the server
/// sends is collected; the connection closes when the server closes it (no half-closure).
///
/// Every wait is on event-loop timers and futures, never `Task.sleep`: a task's sleep ends through Swift's
/// cooperative pool (two threads here), which the test process's synchronous suites keep blocked for tens of
/// seconds, so a loop of 20 ms sleeps saw a close the server made on time only when the pool was free again
/// (40 s late with both pool threads blocked for 40 s). The connections run on an event loop of their own for the
/// same reason (NIO's shared loops serve other tests' clients).
final class RawConnection: Sendable {
    /// The loop of every raw connection.
    static let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)

    let channel: any Channel
    private let received: Collector

    /// Collects the bytes the server sends.
    final class Collector: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        private let lock = NSLock()
        private var bytes: [UInt8] = []

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let buffer = unwrapInboundIn(data)
            lock.withLock { bytes += buffer.readableBytesView }
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) { context.close(promise: nil) }

        var text: String { lock.withLock { String(decoding: bytes, as: UTF8.self) } }
    }

    private init(channel: any Channel, received: Collector) {
        self.channel = channel
        self.received = received
    }

    /// Opens a connection to 127.0.0.1:`port`.
    static func open(port: Int) async throws -> RawConnection {
        let collector = Collector()
        let channel = try await ClientBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(collector) }
            }
            .connect(host: "127.0.0.1", port: port).get()
        return RawConnection(channel: channel, received: collector)
    }

    /// Sends bytes as they are.
    func send(_ text: String) async throws {
        try await channel.writeAndFlush(ByteBuffer(string: text))
    }

    /// Waits until the server closes the connection or `seconds` pass; the text received.
    func readUntilClosed(seconds: Double = 10) async throws -> String {
        if await closedByServer(within: seconds) { return received.text }
        close()
        return received.text.isEmpty ? "(still open after \(seconds) s)" : received.text
    }

    /// Whether the server has closed the connection within `seconds` (returns as soon as it is closed).
    func closedByServer(within seconds: Double) async -> Bool {
        let loop = channel.eventLoop
        let closed = loop.makePromise(of: Bool.self)
        let timeout = loop.scheduleTask(in: .nanoseconds(Int64(seconds * 1e9))) { closed.succeed(false) }
        // The first of the two completes the promise (NIO ignores the second).
        channel.closeFuture.whenComplete { _ in
            timeout.cancel()
            closed.succeed(true)
        }
        return (try? await closed.futureResult.get()) ?? !channel.isActive
    }

    /// Waits `seconds` on an event-loop timer (not `Task.sleep`, which ends through the cooperative pool).
    static func pause(_ seconds: Double) async {
        try? await group.next().scheduleTask(in: .nanoseconds(Int64(seconds * 1e9))) {}.futureResult.get()
    }

    func close() { channel.close(promise: nil) }

    /// What the server has sent so far.
    var text: String { received.text }

    /// Whether the connection is still open.
    var isOpen: Bool { channel.isActive }

    /// The status code of the first answer in raw HTTP text (0 when there is none).
    static func status(_ text: String) -> Int {
        guard text.hasPrefix("HTTP/1.1 ") else { return 0 }
        return Int(text.dropFirst(9).prefix(3)) ?? 0
    }
}
