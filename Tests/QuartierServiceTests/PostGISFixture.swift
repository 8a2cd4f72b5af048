import Foundation
import QuartierGDAL
import QuartierTestSupport

/// The Berlin demo writing into the throwaway PostGIS server (`PostGISServer`): the demo's analysis file with absolute
/// paths, `"postgis"` added to the formats of `planungsraeume` (internal) and of `bezirksregionen` and `bezirke`
/// (public), and a `[database]` table naming two schemas of the test's own.
enum PostGISFixture {
    /// Writes the analysis file into `folder`; the schemas are `<prefix>_public` and `<prefix>_internal`.
    static func demo(
        in folder: URL, prefix: String, connection: String? = nil, tiles: Bool = true, lonLat: Bool = false
    ) throws -> String {
        let root = TestSupport.root.path
        let demo = TestSupport.root.appendingPathComponent("Config/analyses/berlin-demo.toml").path
        var text = try String(contentsOfFile: demo, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"../../", with: "\"\(root)/")
        text = text.replacingOccurrences(of: "\"../indicators.toml\"", with: "\"\(root)/Config/indicators.toml\"")
        text = text.replacingOccurrences(
            of: "[outputs.planungsraeume]\nformats = [\"geojson\", \"gpkg\"]",
            with: "[outputs.planungsraeume]\nformats = [\"geojson\", \"gpkg\", \"postgis\"]")
        for level in ["bezirksregionen", "bezirke"] {
            text = text.replacingOccurrences(
                of: "[outputs.\(level)]\n", with: "[outputs.\(level)]\nformats = [\"geojson\", \"gpkg\", \"postgis\"]\n")
        }
        if !tiles {
            // Without the internal tiles (the published files keep theirs): a quicker run.
            if let start = text.range(of: "[[tiles]]"), let end = text.range(of: "[publish]", range: start.upperBound..<text.endIndex) {
                text.removeSubrange(start.lowerBound..<end.lowerBound)
            }
        }
        let connectionString = try connection ?? PostGISServer.connectionString()
        text += """

            [database]
            connection = "\(connectionString)"
            public_schema = "\(prefix)_public"
            internal_schema = "\(prefix)_internal"
            lonlat = \(lonLat)

            """
        let path = folder.appendingPathComponent("berlin-demo-postgis.toml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// One query's rows on a new connection.
    static func query(_ sql: String) throws -> [[String?]] {
        try PostGISConnection(try PostGISServer.connectionString()).query(sql)
    }

    /// One statement on a new connection.
    static func execute(_ sql: String) throws {
        try PostGISConnection(try PostGISServer.connectionString()).execute(sql)
    }

    /// The tables of a schema, sorted.
    static func tables(_ schema: String) throws -> [String] {
        try query(
            "SELECT tablename FROM pg_tables WHERE schemaname = '\(schema)' ORDER BY tablename"
        ).compactMap { $0.first ?? nil }
    }
}
