import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs `python3` on a script with posix_spawn + waitpid (no Foundation.Process), capturing stdout
/// and stderr through temporary files. Tests use it to decode our output with reference readers
/// (`mapbox-vector-tile`, `pmtiles` from PyPI).
enum PythonRunner {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// True when python3 can import every module named.
    static func available(_ modules: [String]) -> Bool {
        guard let out = try? run(script: "import " + modules.joined(separator: ", "), arguments: []) else {
            return false
        }
        return out.status == 0
    }

    static func run(script: String, arguments: [String]) throws -> Output {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("quartier-py-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let scriptPath = dir.appendingPathComponent("script.py").path
        let outPath = dir.appendingPathComponent("out.txt").path
        let errPath = dir.appendingPathComponent("err.txt").path
        try script.write(toFile: scriptPath, atomically: true, encoding: .utf8)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)

        let argv = ["python3", scriptPath] + arguments
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) }
        cArgs.append(nil)
        defer { for p in cArgs { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, "python3", &actions, nil, cArgs, environ)
        guard rc == 0 else { return Output(status: -1, stdout: "", stderr: "posix_spawnp failed: \(rc)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { break }
        }
        let exitCode = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : -1
        let stdout = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        return Output(status: exitCode, stdout: stdout, stderr: stderr)
    }

    /// Runs a script and parses its stdout as a JSON object.
    static func json(script: String, arguments: [String]) throws -> [String: Any] {
        let out = try run(script: script, arguments: arguments)
        guard out.status == 0, let data = out.stdout.data(using: .utf8),
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        else {
            throw PythonFailure(message: "status \(out.status): \(out.stderr.suffix(2000)) \(out.stdout.prefix(500))")
        }
        return object
    }

    struct PythonFailure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// The text of a script in Tests/Fixtures/tiles.
    static func fixture(_ name: String) throws -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/tiles/\(name)")
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// A temporary directory for a test's files.
    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("quartier-tiles-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}
