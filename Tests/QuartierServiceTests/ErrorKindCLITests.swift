import Foundation
import QuartierTestSupport
import Testing

/// The CLI edge of the error kinds (`FailureKind`): the built `quartier` binary exits 1 with `error:` and a
/// message naming the file and the line for bad input, 2 with `internal error:` for an internal failure.
@Suite("Error kinds at the CLI edge")
struct ErrorKindCLITests {
    /// An analysis file whose third line breaks TOML (a table header without its `]`).
    static let brokenAnalysis = """
        version = 1
        [analysis]
        [inputs.areas
        source = "x.gpkg"
        """

    /// Writes `text` to `name` in a new temporary folder and returns the folder and the file's path.
    func write(_ text: String, as name: String) throws -> (folder: URL, path: String) {
        let folder = try TestSupport.temporaryFolder("quartier-errors")
        let path = folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return (folder, path)
    }

    /// How many lines of `text` start with `prefix` (log lines may come before the error's).
    static func lines(of text: String, startingWith prefix: String) -> Int {
        text.split(separator: "\n").filter { $0.hasPrefix(prefix) }.count
    }

    /// Checks a bad-input failure: exit 1, `error:` (not `internal error:`), and every fragment in stderr.
    func expectBadInput(_ result: Subprocess.Result, naming fragments: [String]) {
        #expect(result.status == 1, "exit \(result.status): \(result.stderr)")
        #expect(Self.lines(of: result.stderr, startingWith: "error: ") == 1, "\(result.stderr)")
        for fragment in fragments {
            #expect(result.stderr.contains(fragment), "missing '\(fragment)' in: \(result.stderr)")
        }
    }

    @Test func brokenServerConfigurationIsBadInputNamingFileAndLine() throws {
        let (folder, path) = try write("[server\nport = 0\n", as: "quartier.toml")
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CLI.run("serve", "--config", path, "--port", "0")
        expectBadInput(result, naming: ["quartier.toml:1:8", "syntax error", "expected ']'"])
    }

    @Test func unknownServerKeyIsBadInputNamingFileLineAndKey() throws {
        let (folder, path) = try write("[server]\nport = 0\n\n[jobs]\nworkerz = 2\n", as: "quartier.toml")
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CLI.run("serve", "--config", path)
        expectBadInput(result, naming: ["quartier.toml:5", "workerz", "[jobs]"])
    }

    @Test func brokenAnalysisFileIsBadInputForCheck() throws {
        let (folder, path) = try write(Self.brokenAnalysis, as: "broken.toml")
        defer { try? FileManager.default.removeItem(at: folder) }
        expectBadInput(try CLI.run("check", path), naming: ["broken.toml:3:", "syntax error"])
    }

    @Test func brokenAnalysisFileIsBadInputForRun() throws {
        let (folder, path) = try write(Self.brokenAnalysis, as: "broken.toml")
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out").path
        expectBadInput(try CLI.run("run", path, "--out", out), naming: ["broken.toml:3:", "syntax error"])
    }

    @Test func mistypedFieldIsBadInputNamingFileLineAndField() throws {
        let (folder, path) = try write("version = 1\n[analysis]\nname = 5\n", as: "typed.toml")
        defer { try? FileManager.default.removeItem(at: folder) }
        expectBadInput(try CLI.run("check", path), naming: ["typed.toml:3", "name"])
    }

    /// A job store that is not a database is the server's own state broken, not the user's input: exit 2.
    @Test func corruptJobStoreIsAnInternalError() throws {
        let (folder, path) = try write(
            "[server]\nport = 0\n[folders]\ndata = \".\"\nstate = \"state\"\n", as: "quartier.toml")
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = folder.appendingPathComponent("state")
        try FileManager.default.createDirectory(
            at: state.appendingPathComponent("jobs"), withIntermediateDirectories: true)
        try Data(repeating: 0x51, count: 8192).write(to: state.appendingPathComponent("jobs.sqlite"))
        let result = try CLI.run("serve", "--config", path)
        #expect(result.status == 2, "exit \(result.status): \(result.stderr)")
        #expect(Self.lines(of: result.stderr, startingWith: "internal error: ") == 1, "\(result.stderr)")
        #expect(!result.stderr.contains("Fatal error"))
    }
}
