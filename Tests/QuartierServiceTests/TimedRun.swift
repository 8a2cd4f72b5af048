import Foundation
import QuartierTestSupport

/// Runs a program like `Subprocess.run`, but kills it after a time limit: a test of hostile input must
/// report a hang, not become one.
enum TimedRun {
    struct Result {
        var status: Int32
        var stderr: String
        var timedOut: Bool
    }

    static func run(_ executable: String, _ arguments: [String], seconds: Double) throws -> Result {
        let folder = FileManager.default.temporaryDirectory
        let outPath = folder.appendingPathComponent("quartier-timed-out-\(UUID().uuidString)").path
        let errPath = folder.appendingPathComponent("quartier-timed-err-\(UUID().uuidString)").path
        defer {
            unlink(outPath)
            unlink(errPath)
        }
        let pid = try Subprocess.spawn(
            executable, arguments, environment: ["QUARTIER_LOG_LEVEL": "notice"], stdout: outPath, stderr: errPath)
        let deadline = Date().addingTimeInterval(seconds)
        var status: Int32 = 0
        var timedOut = false
        while true {
            let done = waitpid(pid, &status, WNOHANG)
            if done == pid { break }
            if done == -1 && errno != EINTR { break }
            if Date() > deadline {
                kill(pid, SIGKILL)
                timedOut = true
                while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
                break
            }
            usleep(20_000)
        }
        let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let stderr = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        return Result(status: code, stderr: stderr, timedOut: timedOut)
    }
}
