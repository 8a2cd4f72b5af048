import Foundation
import QuartierModel
import QuartierTiles
import Testing

/// Reads a tileset with python's sqlite3 (an SQLite independent of GRDB's build).
private let readScript = #"""
    import json, sqlite3, sys
    db = sqlite3.connect(sys.argv[1])
    q = lambda sql: db.execute(sql).fetchall()
    print(json.dumps({
        "metadata": dict(q("SELECT name, value FROM metadata")),
        "tiles": [[z, x, row, data.hex()] for z, x, row, data in
                  q("SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles ORDER BY 1, 2, 3")],
        "images": q("SELECT count(*) FROM images")[0][0],
        "map": q("SELECT count(*) FROM map")[0][0],
        "tilesIsView": q("SELECT type FROM sqlite_master WHERE name = 'tiles'")[0][0],
        "applicationID": q("PRAGMA application_id")[0][0],
        "integrity": q("PRAGMA integrity_check")[0][0]}))
    """#

@Suite("MBTilesWriter") struct MBTilesWriterTests {
    private func gzippedMVT(_ variant: Int) -> [UInt8] {
        let feature = MVTFeature(id: UInt64(variant), geometry: .points([TilePoint(x: variant, y: 7)]), properties: [])
        return Gzip.gzip(MVTEncoder.encode(MVTLayer(name: "areas", features: [feature])).bytes)
    }

    private let metadata = PMTilesMetadata(
        name: "Planungsräume", attribution: "© Amt für Statistik Berlin-Brandenburg", description: "Test",
        vectorLayers: [.init(id: "areas", fields: ["PLR_ID": "String", "v": "Number"], minzoom: 0, maxzoom: 14)])

    @Test(.enabled(if: PythonRunner.available(["sqlite3"]))) func metadataAndTMSRows() throws {
        let dir = try PythonRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("plr.mbtiles")
        let berlin = BoundingBox(minX: 13.088_3, minY: 52.338_2, maxX: 13.761_2, maxY: 52.675_5)
        let writer = try MBTilesWriter(url: url, metadata: metadata, bounds: berlin)
        // XYZ rows → TMS rows 2^z − 1 − y: z0 0 → 0; z3 y=2 → 5; z14 y=5373 → 11010. Two tiles share content.
        let tiles = [
            (TileID(z: 0, x: 0, y: 0), gzippedMVT(1)), (TileID(z: 3, x: 5, y: 2), gzippedMVT(2)),
            (TileID(z: 3, x: 5, y: 3), gzippedMVT(1)), (TileID(z: 14, x: 8800, y: 5373), gzippedMVT(3)),
        ]
        for (tile, bytes) in tiles { try writer.add(tile, gzipped: bytes) }
        try writer.add(TileID(z: 2, x: 0, y: 0), gzipped: [])  // empty: not stored
        let report = try writer.finish()
        #expect(report.addressedTiles == 4 && report.tileContents == 3)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["plr.mbtiles"])

        let result = try PythonRunner.json(script: readScript, arguments: [url.path])
        #expect(result["integrity"] as? String == "ok")
        #expect(result["applicationID"] as? Int == 0x4d50_4258)
        #expect(result["tilesIsView"] as? String == "view")
        #expect(result["images"] as? Int == 3 && result["map"] as? Int == 4)
        let rows = try #require(result["tiles"] as? [[Any]])
        let hex = { (bytes: [UInt8]) in bytes.map { String(format: "%02x", $0) }.joined() }
        let expected: [(Int, Int, Int, String)] = [
            (0, 0, 0, hex(gzippedMVT(1))), (3, 5, 4, hex(gzippedMVT(1))), (3, 5, 5, hex(gzippedMVT(2))),
            (14, 8800, 11010, hex(gzippedMVT(3))),
        ]
        #expect(rows.count == expected.count)
        for (row, want) in zip(rows, expected) {
            #expect(row[0] as? Int == want.0 && row[1] as? Int == want.1 && row[2] as? Int == want.2)
            #expect(row[3] as? String == want.3)
        }
        let meta = try #require(result["metadata"] as? [String: String])
        #expect(meta["name"] == "Planungsräume")
        #expect(meta["format"] == "pbf")
        #expect(meta["type"] == "overlay")
        #expect(meta["bounds"] == "13.0883,52.3382,13.7612,52.6755")
        #expect(meta["center"] == "13.42475,52.50685,0")
        #expect(meta["minzoom"] == "0" && meta["maxzoom"] == "14")
        #expect(meta["attribution"] == "© Amt für Statistik Berlin-Brandenburg")
        #expect(meta["description"] == "Test")
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data((meta["json"] ?? "").utf8)) as? [String: Any])
        let layers = try #require(json["vector_layers"] as? [[String: Any]])
        #expect(layers.first?["id"] as? String == "areas")
        #expect(layers.first?["fields"] as? [String: String] == ["PLR_ID": "String", "v": "Number"])
    }

    /// Thousands of tiles, a third of them one shared content: deduplicated across transactions
    /// (verification reads stored blobs back from the database, not only the pending batch).
    @Test(.enabled(if: PythonRunner.available(["sqlite3"]))) func deduplicatesAcrossBatches() throws {
        let dir = try PythonRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("many.mbtiles")
        let writer = try MBTilesWriter(url: url, metadata: metadata)
        for i in 0..<4_096 {
            try writer.add(TileID(z: 6, x: i % 64, y: i / 64), gzipped: gzippedMVT(i % 3 == 0 ? 0 : i % 500))
        }
        let report = try writer.finish()
        #expect(report.addressedTiles == 4_096)
        #expect(report.tileContents == 500)
        let result = try PythonRunner.json(script: readScript, arguments: [url.path])
        #expect(result["images"] as? Int == 500 && result["map"] as? Int == 4_096)
        let meta = try #require(result["metadata"] as? [String: String])
        #expect(meta["minzoom"] == "6" && meta["maxzoom"] == "6")
    }
}
