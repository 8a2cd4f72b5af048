import Foundation
import QuartierTestSupport
import Testing

/// One case per class of damage from `scripts/bad-input-corpus.py --small`, through the command that reads
/// it: exit 1 with a message naming the file, no output left, nothing over 60 s (issue 25, item 13).
/// The whole corpus through every command: `scripts/bad-input-run.sh`.
@Suite("Bad-input corpus")
struct BadInputCorpusTests {
    /// The corpus, generated once per test process.
    static let corpus: Result<URL, any Error> = Result {
        let folder = try TestSupport.temporaryFolder("quartier-corpus")
        let script = TestSupport.root.appendingPathComponent("scripts/bad-input-corpus.py").path
        let made = try Subprocess.run("/usr/bin/env", ["python3", script, folder.path, "--small"])
        guard made.status == 0 else { throw CorpusError(message: made.stderr) }
        return folder
    }

    struct CorpusError: Error {
        var message: String
    }

    static let kitas = TestSupport.geodata("berlin_education_facilities/kitas_berlin_2022-12.geojson")

    /// The command that reads `file` in its role: areas, origins, tiles source, table, analysis file.
    static func arguments(_ role: String, _ file: String, out: URL) -> [String] {
        switch role {
        case "areas":
            return [
                "count", "--areas", file, "--id", "BZR_ID", "--points", kitas, "--out",
                out.appendingPathComponent("c.gpkg").path,
            ]
        case "points":
            return [
                "count", "--areas", TestSupport.berlinLOR, "--layer", "bezirksregionen_2021", "--id", "BZR_ID",
                "--points", file,
                "--out", out.appendingPathComponent("p.geojson").path,
            ]
        case "origins":
            return [
                "access", "--origins", file, "--id", "BZR_ID", "--facilities", kitas, "--measure", "nearest", "--out",
                out.appendingPathComponent("a.geojson").path,
            ]
        case "tiles":
            return [
                "tiles", file, "--id", "BZR_ID", "--maxzoom", "6", "--out",
                out.appendingPathComponent("t.pmtiles").path,
            ]
        case "table":
            return [
                "join", "--areas", TestSupport.berlinLOR, "--layer", "bezirksregionen_2021", "--id", "BZR_ID",
                "--table", file,
                "--table-key", "BZR_ID", "--out", out.appendingPathComponent("j.geojson").path,
            ]
        case "inspect":
            return ["inspect", "--json", file]
        default:
            return ["check", file]
        }
    }

    @Test(arguments: [
        ("truncated__shp50.shp", "areas"), ("truncated__fgb1.fgb", "areas"), ("truncated__fgb50.fgb", "tiles"),
        ("bitflip__xlsx50.xlsx", "table"), ("truncated__xlsx90.xlsx", "table"),
        ("shpparts__swapped_shx.shp", "areas"), ("shpparts__no_shx.shp", "areas"), ("shpparts__no_dbf.shp", "areas"),
        ("coords__nan.geojson", "tiles"), ("coords__inf.geojson", "areas"), ("coords__1e308.geojson", "areas"),
        ("coords__degrees_as_25833.geojson", "origins"), ("coords__xy_swapped_25833.geojson", "areas"),
        ("coords__huge_polygon.geojson", "areas"), ("coords__latlon_swapped_points.geojson", "points"),
        ("geometry__bowtie.geojson", "tiles"), ("geometry__bowtie.geojson", "origins"),
        ("geometry__bowtie.geojson", "points"), ("geometry__zero_area.geojson", "tiles"),
        ("geometry__duplicate_ids.geojson", "tiles"), ("geometry__empty_ids.geojson", "tiles"),
        ("csv__1000_columns.csv", "table"), ("xlsx__zipbomb.xlsx", "table"), ("xlsx__many_rows.xlsx", "table"), ("xlsx__not_a_zip.xlsx", "table"),
        ("toml__deep_arrays.toml", "check"), ("toml__deep_tables.toml", "check"), ("toml__dotted_header.toml", "check"),
        ("toml__huge.toml", "check"), ("special__fifo.geojson", "areas"), ("special__fifo.toml", "check"),
        ("special__loop_a.geojson", "areas"), ("special__proc.geojson", "areas"),
    ])
    func damagedInputFailsCleanly(file: String, role: String) throws {
        let corpus = try Self.corpus.get()
        let out = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let path = corpus.appendingPathComponent(file).path
        let start = Date()
        let result = try Subprocess.run(
            CLI.executable, Self.arguments(role, path, out: out), environment: ["QUARTIER_LOG_LEVEL": "notice"],
            timeout: 60)
        #expect(!result.timedOut, "\(file): no answer within 60 s")
        #expect(Date().timeIntervalSince(start) < 60)
        #expect(result.status == 1, "\(file) (\(role)): exit \(result.status): \(result.stderr)")
        #expect(result.stderr.contains(file), "\(file): the message does not name the file: \(result.stderr)")
        #expect(CLI.files(in: out).isEmpty, "\(file): left behind \(CLI.files(in: out))")
    }
}
