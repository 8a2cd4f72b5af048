import Foundation
import QuartierModel
import QuartierTiles
import Testing

/// Reading MBTiles in place: a tileset written by `MBTilesWriter` reads back tile for tile in the XYZ scheme (the
/// file's rows are TMS), with its zoom range, bounds, center and vector layers; files that are not MBTiles are
/// refused with a message naming the file.
@Suite("MBTilesReader") struct MBTilesReaderTests {
    private func gzippedMVT(_ variant: Int) -> [UInt8] {
        let feature = MVTFeature(id: UInt64(variant), geometry: .points([TilePoint(x: variant, y: 7)]), properties: [])
        return Gzip.gzip(MVTEncoder.encode(MVTLayer(name: "areas", features: [feature])).bytes)
    }

    private func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mbtiles-reader-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func readsWhatTheWriterStored() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("plr.mbtiles")
        let metadata = PMTilesMetadata(
            name: "Planungsräume", attribution: "© Amt für Statistik Berlin-Brandenburg", description: "Test",
            vectorLayers: [.init(id: "areas", fields: ["PLR_ID": "String"], minzoom: 3, maxzoom: 14)])
        let berlin = BoundingBox(minX: 13.088_3, minY: 52.338_2, maxX: 13.761_2, maxY: 52.675_5)
        let writer = try MBTilesWriter(url: url, metadata: metadata, bounds: berlin)
        let tiles = [
            (TileID(z: 3, x: 4, y: 2), gzippedMVT(1)), (TileID(z: 3, x: 4, y: 3), gzippedMVT(2)),
            (TileID(z: 14, x: 8800, y: 5373), gzippedMVT(3)),
        ]
        for (tile, bytes) in tiles { try writer.add(tile, gzipped: bytes) }
        try writer.finish()

        let reader = try MBTilesReader(path: url.path)
        #expect(reader.minZoom == 3 && reader.maxZoom == 14)
        #expect(reader.format == "pbf" && reader.tileCompression == 2)
        #expect(abs(reader.bounds.minX - 13.088_3) < 1e-7 && abs(reader.bounds.maxY - 52.675_5) < 1e-7)
        #expect(abs(reader.center.longitude - (13.088_3 + 13.761_2) / 2) < 1e-6 && reader.center.zoom == 3)
        for (tile, bytes) in tiles { #expect(try reader.tile(tile) == bytes, "\(tile)") }
        // Rows are TMS: the XYZ tile 3/4/5 is the stored row of 3/4/2 and holds nothing.
        #expect(try reader.tile(TileID(z: 3, x: 4, y: 5)) == nil)
        #expect(try reader.tile(TileID(z: 2, x: 0, y: 0)) == nil)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(reader.metadataJSON)) as? [String: Any])
        #expect(json["name"] as? String == "Planungsräume")
        #expect(json["attribution"] as? String == "© Amt für Statistik Berlin-Brandenburg")
        #expect((json["vector_layers"] as? [[String: Any]])?.first?["id"] as? String == "areas")
    }

    @Test(.enabled(if: PythonRunner.available(["sqlite3"]))) func refusesWhatIsNotMBTiles() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = dir.appendingPathComponent("notes.mbtiles")
        try Data("Planungsräume, not a database\n".utf8).write(to: text)
        let empty = dir.appendingPathComponent("empty.mbtiles")
        let create = "import sqlite3, sys\nc = sqlite3.connect(sys.argv[1])\nc.execute('CREATE TABLE other (a INTEGER)')\nc.commit()\nprint('{}')"
        _ = try PythonRunner.json(script: create, arguments: [empty.path])
        let cases: [(String, String)] = [
            (text.path, "cannot be read as SQLite"), (empty.path, "has no 'tiles' and 'metadata' tables"),
            (dir.appendingPathComponent("missing.mbtiles").path, "cannot be opened"),
        ]
        for (path, message) in cases {
            do {
                _ = try MBTilesReader(path: path)
                Issue.record("\(path) was accepted")
            } catch let error as TileReadError {
                #expect(error.description.hasPrefix("MBTiles tileset '\(path)'"), "\(error)")
                #expect(error.description.contains(message), "\(error)")
            }
        }
    }
}
