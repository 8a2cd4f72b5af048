package import Foundation

/// Paths and helpers shared by the test targets: the repository's `Geodata/` and `Tests/Fixtures/`
/// (tests never read ../shared), temporary folders, and `isClose` with numpy's tolerance rule.
package enum TestSupport {
    /// The repository root, found from this file's path.
    package static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    package static func geodata(_ relative: String) -> String {
        root.appendingPathComponent("Geodata").appendingPathComponent(relative).path
    }

    package static func fixture(_ relative: String) -> String {
        root.appendingPathComponent("Tests/Fixtures").appendingPathComponent(relative).path
    }

    package static let berlinLOR = geodata("berlin_lor_2021/berlin_lor_2021.gpkg")

    /// A new empty folder under the system's temporary folder.
    package static func temporaryFolder(_ label: String = "quartier-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(label)-\(getpid())-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// |a − b| ≤ atol + rtol·|b| (numpy's `isclose`, as esda's tests use it).
    package static func isClose(_ a: Double, _ b: Double, rtol: Double = 1e-5, atol: Double = 1e-7) -> Bool {
        abs(a - b) <= atol + rtol * abs(b)
    }

    /// The SHA-256 of a file, by `sha256sum` (an implementation independent of Quartier's).
    package static func sha256sum(_ path: String) throws -> String {
        let result = try Subprocess.run("/usr/bin/sha256sum", [path])
        return String(result.stdout.prefix(64))
    }
}

/// Runs a program and collects its exit status and output. Built on posix_spawn and waitpid: Foundation's
/// `Process.waitUntilExit` can miss the exit of a child whose own children (a database server) live on.
package enum Subprocess {
    package struct Result: Sendable {
        package var status: Int32
        package var stdout: String
        package var stderr: String
        /// True when the program was killed for running past the time limit.
        package var timedOut = false
    }

    package struct SpawnError: Error, CustomStringConvertible {
        package var description: String
    }

    /// - Parameter timeout: seconds after which the program is killed (SIGKILL) and `timedOut` set; nil waits.
    package static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], timeout: Double? = nil
    ) throws -> Result {
        let folder = FileManager.default.temporaryDirectory
        let outPath = folder.appendingPathComponent("quartier-out-\(UUID().uuidString)").path
        let errPath = folder.appendingPathComponent("quartier-err-\(UUID().uuidString)").path
        defer {
            unlink(outPath)
            unlink(errPath)
        }
        let pid = try spawn(executable, arguments, environment: environment, stdout: outPath, stderr: errPath)
        var status: Int32 = 0
        var timedOut = false
        if let timeout {
            // The exit is the event waited for: a thread blocks in waitpid and signals it; the deadline, if it comes
            // first, kills the program (whose exit the thread then reaps). No polling interval.
            final class Exit: @unchecked Sendable { var status: Int32 = 0 }
            let exit = Exit()
            let exited = DispatchSemaphore(value: 0)
            let reaper = Thread {
                var code: Int32 = 0
                while waitpid(pid, &code, 0) == -1 && errno == EINTR {}
                exit.status = code
                exited.signal()
            }
            reaper.start()
            if exited.wait(timeout: .now() + timeout) == .timedOut {
                kill(pid, SIGKILL)
                timedOut = true
                exited.wait()
            }
            status = exit.status
        } else {
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        }
        // WIFEXITED / WEXITSTATUS: the low 7 bits are the signal, the next 8 the exit code.
        let exitCode = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let stdout = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        return Result(status: exitCode, stdout: stdout, stderr: stderr, timedOut: timedOut)
    }

    /// Starts a program with stdin from /dev/null and stdout and stderr into files; returns its pid.
    package static func spawn(
        _ executable: String, _ arguments: [String], environment: [String: String], stdout: String, stderr: String
    ) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        let env = ProcessInfo.processInfo.environment.merging(environment) { $1 }.map { "\($0.key)=\($0.value)" }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard spawned == 0 else {
            throw SpawnError(description: "cannot start \(executable): \(String(cString: strerror(spawned)))")
        }
        return pid
    }
}
