import Foundation
import QuartierTestSupport
import Testing

/// Issue 24, items 9 and 10: points from a CSV table's coordinate columns (`x`, `y`, `crs` of `[inputs.<name>]`),
/// and reports that name points by their `id` column rather than by feature id. On the Berlin Kitas (GeoJSON
/// turned into a CSV with `id,name,rechtswert,hochwert`, one row without coordinates).
@Suite("Points from CSV coordinate columns")
struct CSVPointsTests {
    static let kitas = TestSupport.geodata("berlin_education_facilities/kitas_berlin_2022-12.geojson")

    /// The Kitas as a CSV (`id,name,rechtswert,hochwert`, EPSG:25833) and their number with coordinates.
    static func csv(in folder: URL) throws -> (path: String, count: Int) {
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: kitas))) as? [String: Any])
        var lines = ["id,name,rechtswert,hochwert"]
        for (i, feature) in (json["features"] as? [[String: Any]] ?? []).enumerated() {
            guard let geometry = feature["geometry"] as? [String: Any],
                let c = geometry["coordinates"] as? [Double], c.count >= 2
            else { continue }
            lines.append("K\(i),Kita \(i),\(c[0]),\(c[1])")
        }
        lines.append("K-none,Kita ohne Lage,,")
        let path = folder.appendingPathComponent("kitas.csv").path
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return (path, lines.count - 2)
    }

    /// Kitas counted in Berlin's Bezirke: `keys` go into the points' input, `areaKeys` into the Bezirke's.
    static func analysis(_ csv: String, keys: String, areaKeys: String = "") -> String {
        """
        version = 1
        [analysis]
        name = "csvpoints"
        working_crs = "EPSG:25833"
        [inputs.bezirke]
        source = "\(TestSupport.berlinLOR)"
        layer = "bezirke"
        id = "BEZ_ID"
        \(areaKeys)
        [inputs.kitas]
        source = "\(csv)"
        \(keys)
        [areas]
        input = "bezirke"
        [[count]]
        points = "kitas"
        [outputs.bezirke]
        formats = ["geojson"]
        """
    }

    @Test func coordinateColumnsArePoints() throws {
        let folder = try TestSupport.temporaryFolder("quartier-csvpoints")
        let (csv, count) = try Self.csv(in: folder)
        let path = folder.appendingPathComponent("a.toml")
        // The Kitas file gives ETRS89 / UTM 33N metres.
        try Self.analysis(csv, keys: "x = \"rechtswert\"\ny = \"hochwert\"\ncrs = \"EPSG:25833\"").write(
            to: path, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out")
        let result = try CLI.run("run", path.path, "--out", out.path)
        try #require(result.status == 0, "\(result.stdout)\(result.stderr)")
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("bezirke.geojson")))
                as? [String: Any])
        let counted = (json["features"] as? [[String: Any]] ?? []).compactMap {
            ($0["properties"] as? [String: Any])?["n_points"] as? Int
        }
        #expect(counted.count == 12 && counted.reduce(0, +) == count, "\(counted)")
        // The row without coordinates is named by its id, not by a feature number.
        let manifest = try String(contentsOf: out.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"K-none\""), "the report names the point without a position by its id")
    }

    @Test(arguments: [
        ("x = \"lon\"\ncrs = \"EPSG:4326\"", "x and y go together"),
        ("x = \"lon\"\ny = \"lat\"", "x and y need crs"),
    ])
    func incompleteKeysAreRefused(keys: String, message: String) throws {
        let folder = try TestSupport.temporaryFolder("quartier-csvpoints")
        let (csv, _) = try Self.csv(in: folder)
        let path = folder.appendingPathComponent("a.toml")
        try Self.analysis(csv, keys: keys).write(to: path, atomically: true, encoding: .utf8)
        let result = try CLI.run("check", path.path)
        #expect(result.status == 1 && result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.contains("[inputs.kitas]"))
    }

    @Test func coordinateColumnsOfANonCSVAreRefused() throws {
        let folder = try TestSupport.temporaryFolder("quartier-csvpoints")
        let path = folder.appendingPathComponent("a.toml")
        try Self.analysis(Self.kitas, keys: "x = \"lon\"\ny = \"lat\"\ncrs = \"EPSG:4326\"").write(
            to: path, atomically: true, encoding: .utf8)
        let result = try CLI.run("check", path.path)
        #expect(result.status == 1 && result.stderr.contains("is not one"), "\(result.stderr)")
    }

    @Test func inspectNamesTheCoordinateColumns() throws {
        let folder = try TestSupport.temporaryFolder("quartier-csvpoints")
        let (csv, _) = try Self.csv(in: folder)
        let result = try CLI.run("inspect", csv)
        #expect(result.status == 0)
        #expect(result.stdout.contains("coordinate columns: x = \"rechtswert\", y = \"hochwert\""), "\(result.stdout)")
    }
}
