package import Foundation

/// A program started in the background (posix_spawn), for tests that talk to a server and kill it:
/// its output goes to files in a temporary folder; `kill(_:)` sends a signal, `wait()` reaps it.
package final class BackgroundProcess: @unchecked Sendable {
    package let pid: pid_t
    package let stdoutPath: String
    package let stderrPath: String
    private var reaped = false

    package init(_ executable: String, _ arguments: [String], environment: [String: String] = [:], in folder: URL) throws {
        let label = UUID().uuidString.prefix(8)
        stdoutPath = folder.appendingPathComponent("stdout-\(label).log").path
        stderrPath = folder.appendingPathComponent("stderr-\(label).log").path
        pid = try Subprocess.spawn(executable, arguments, environment: environment, stdout: stdoutPath, stderr: stderrPath)
    }

    /// Sends a signal (SIGKILL for a crash, SIGTERM for a graceful stop).
    package func kill(_ signal: Int32) {
        guard !reaped else { return }
        _ = Foundation.kill(pid, signal)
    }

    /// Waits for the process to end and returns its exit code (128 + signal when killed).
    @discardableResult
    package func wait() -> Int32 {
        guard !reaped else { return 0 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        reaped = true
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// What the process wrote to stderr so far.
    package var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    deinit {
        if !reaped {
            _ = Foundation.kill(pid, SIGKILL)
            wait()
        }
    }

    /// A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0 and released).
    package static func freeLoopbackPort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Subprocess.SpawnError(description: "socket() failed") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length) == 0 && getsockname(descriptor, pointer, &length) == 0
            }
        }
        guard bound else { throw Subprocess.SpawnError(description: "cannot bind a loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
