import Foundation
import NIOCore
import NIOPosix

/// A plain TCP connection to a loopback server, for requests no HTTP client would send (a chunk size `zz`,
/// a header that never ends, an idle connection). Non-blocking (NIO); every wait has a deadline.
final class RawConnection: Sendable {
    let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>

    private init(channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>) { self.channel = channel }

    /// Opens a connection to 127.0.0.1:`port`.
    static func open(port: Int) async throws -> RawConnection {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(
                        wrappingChannelSynchronously: channel,
                        configuration: .init(isOutboundHalfClosureEnabled: true))
                }
            }
        return RawConnection(channel: channel)
    }

    /// Sends bytes as they are.
    func send(_ text: String) async throws {
        try await channel.channel.writeAndFlush(ByteBuffer(string: text))
    }

    /// Reads until the server closes the connection or `seconds` pass; the text received.
    func readUntilClosed(seconds: Double = 10) async throws -> String {
        let channel = channel
        return try await withThrowingTaskGroup(of: String?.self) { group in
            group.addTask {
                var text = ""
                // A reset after the answer (the server closed while a body was still being sent) ends the reading.
                try? await channel.executeThenClose { inbound, _ in
                    for try await buffer in inbound { text += String(buffer: buffer) }
                }
                return text
            }
            group.addTask {
                try await Task.sleep(for: .seconds(seconds))
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            channel.channel.close(promise: nil)
            return first ?? "(still open after \(seconds) s)"
        }
    }

    /// Whether the server has closed the connection within `seconds` (polled; returns as soon as it is closed).
    func closedByServer(within seconds: Double) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if !channel.channel.isActive { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return !channel.channel.isActive
    }

    func close() { channel.channel.close(promise: nil) }

    /// Whether the connection is still open.
    var isOpen: Bool { channel.channel.isActive }

    /// The status code of the first answer in raw HTTP text (0 when there is none).
    static func status(_ text: String) -> Int {
        guard text.hasPrefix("HTTP/1.1 ") else { return 0 }
        return Int(text.dropFirst(9).prefix(3)) ?? 0
    }
}
