import Foundation
import QuartierService
import QuartierTestSupport
import Testing

/// A run's files switch into place together: a run that fails late or is killed (`kill -9`) leaves the previous
/// set whole (every file still has the hash its `manifest.json` records), and the next run clears what the dead
/// one left (temporaries, staging folders) or finishes its interrupted switch.
@Suite("OutputSet")
struct OutputSetTests {
    /// The manifest's files whose bytes no longer have the recorded hash (empty when the set is whole).
    static func mismatches(in folder: URL) throws -> [String] {
        let data = try Data(contentsOf: folder.appendingPathComponent("manifest.json"))
        let manifest = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let outputs = try #require(manifest["outputs"] as? [[String: Any]])
        return try outputs.compactMap { output in
            let name = try #require(output["path"] as? String)
            let path = folder.appendingPathComponent(name).path
            guard FileManager.default.fileExists(atPath: path) else { return "\(name) (missing)" }
            return try TestSupport.sha256sum(path) == output["sha256"] as? String ? nil : name
        }
    }

    static func hidden(in folder: URL) -> [String] { CLI.files(in: folder).filter { $0.hasPrefix(".") } }

    /// The inode of a file: a file renamed into place has a new one.
    static func inode(_ url: URL) throws -> UInt64 {
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        return try #require((attributes[.systemFileNumber] as? NSNumber)?.uint64Value)
    }

    @Test func aRunFailingLateReplacesNothing() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out")
        let outputs = """

            [outputs.a_first]
            formats = ["geojson"]

            [outputs.b_second]
            formats = ["geojson"]
            """
        let good = try CLI.analysis(in: folder, source: TestSupport.berlinLOR, layer: "bezirke", id: "BEZ_ID")
        try (String(contentsOfFile: good, encoding: .utf8) + outputs).write(toFile: good, atomically: true, encoding: .utf8)
        let first = try CLI.run("run", good, "--out", out.path)
        #expect(first.status == 0, "\(first.stderr)")
        let before = try Self.inode(out.appendingPathComponent("a_first.geojson"))

        // The same analysis, but its second output orders by a field that does not exist: found after the first
        // output was written.
        let late = try String(contentsOfFile: good, encoding: .utf8) + "\norder_by = \"NO_SUCH_FIELD\"\n"
        try late.write(toFile: good, atomically: true, encoding: .utf8)
        let failed = try CLI.run("run", good, "--out", out.path)
        #expect(failed.status == 1, "\(failed.stderr)")
        #expect(failed.stderr.contains("NO_SUCH_FIELD"))
        #expect(try Self.inode(out.appendingPathComponent("a_first.geojson")) == before, "a_first.geojson was replaced")
        #expect(try Self.mismatches(in: out).isEmpty)
        #expect(Self.hidden(in: out).isEmpty, "left behind: \(Self.hidden(in: out))")
    }

    @Test func killedRunsLeaveTheSetWholeAndTheNextRunClearsUp() throws {
        let out = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let demo = TestSupport.root.appendingPathComponent("Config/analyses/berlin-demo.toml").path
        let first = try CLI.run("run", demo, "--out", out.path)
        #expect(first.status == 0, "\(first.stderr)")
        let logs = try TestSupport.temporaryFolder("quartier-kill-logs")
        defer { try? FileManager.default.removeItem(at: logs) }

        // Killed once it has begun (a hidden entry appears) and 3 s later, while it writes.
        for delay in [0, 3_000] {
            let run = try BackgroundProcess(CLI.executable, ["run", demo, "--out", out.path], in: logs)
            let deadline = ContinuousClock.now + .seconds(300)
            while Self.hidden(in: out).isEmpty && ContinuousClock.now < deadline { usleep(2_000) }
            usleep(useconds_t(delay * 1_000))
            run.kill(SIGKILL)
            _ = run.wait()
            #expect(try Self.mismatches(in: out).isEmpty, "killed \(delay) ms after it began writing")
        }
        let last = try CLI.run("run", demo, "--out", out.path)
        #expect(last.status == 0, "\(last.stderr)")
        #expect(try Self.mismatches(in: out).isEmpty)
        #expect(Self.hidden(in: out).isEmpty, "left behind: \(Self.hidden(in: out))")
    }

    @Test func leftoversOfDeadRunsAreClearedAndAnInterruptedSwitchIsFinished() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let logs = try TestSupport.temporaryFolder("quartier-true-logs")
        defer { try? FileManager.default.removeItem(at: logs) }
        let dead = try BackgroundProcess("/bin/true", [], in: logs)
        let pid = dead.pid
        _ = dead.wait()
        let live = getpid()
        let write = { (name: String, text: String) in
            try text.write(to: folder.appendingPathComponent(name), atomically: false, encoding: .utf8)
        }
        try write("a.geojson", "old a")
        try write("manifest.json", "old manifest")
        try write(".a.geojson.tmp-\(pid)-17.geojson", "partial")
        try write(".tiles.pmtiles.data-\(pid)-4.tmp", "partial")
        try write(".b.gpkg.tmp-\(live)-3.gpkg", "another run of this process: kept")
        try write(".notes", "not ours: kept")
        // A dead run's staging folder whose switch had begun: a.geojson was moved, the manifest not yet.
        let staging = folder.appendingPathComponent(".quartier-run-\(pid)-99")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: false)
        try "b.geojson\nmanifest.json\n".write(
            to: staging.appendingPathComponent(".switch"), atomically: false, encoding: .utf8)
        try "new b".write(to: staging.appendingPathComponent("b.geojson"), atomically: false, encoding: .utf8)
        try "new manifest".write(to: staging.appendingPathComponent("manifest.json"), atomically: false, encoding: .utf8)
        // One without the list had not begun its switch: removed, nothing moved.
        let unfinished = folder.appendingPathComponent(".quartier-run-\(pid)-100")
        try FileManager.default.createDirectory(at: unfinished, withIntermediateDirectories: false)
        try "never".write(to: unfinished.appendingPathComponent("a.geojson"), atomically: false, encoding: .utf8)

        OutputSet.clearLeftovers(in: folder)
        #expect(CLI.files(in: folder) == [".b.gpkg.tmp-\(live)-3.gpkg", ".notes", "a.geojson", "b.geojson", "manifest.json"])
        let read = { (name: String) in try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8) }
        #expect(try read("a.geojson") == "old a")
        #expect(try read("b.geojson") == "new b")
        #expect(try read("manifest.json") == "new manifest")
    }

    @Test(arguments: [
        (".a.geojson.tmp-1234-5678.geojson", 1234), (".mss-2013-2021.csv.tmp-42-7", 42),
        (".tiles.pmtiles.data-77-123.tmp", 77), (".zxy.old-9-8", 9), (".quartier-run-31-4", 31),
        (".quartier-write-test-55", 55), (".notes", nil), (".hidden-12-34", nil), ("a.geojson", nil),
    ] as [(String, Int?)])
    func leftoverNames(_ name: String, _ pid: Int?) {
        #expect(OutputSet.leftoverProcess(name).map(Int.init) == pid)
    }
}
