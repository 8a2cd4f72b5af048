import Foundation
import QuartierModel
import QuartierTiles
import Testing

@Suite("TileOutput") struct TileOutputTests {
    static let pythonReady = PythonRunner.available(["pmtiles"])

    /// A gzipped MVT with one point, for tests about files rather than contents.
    private let pointTile = Gzip.gzip(
        MVTEncoder.encode(
            MVTLayer(
                name: "cells", features: [MVTFeature(id: 1, geometry: .points([TilePoint(x: 1, y: 2)]), properties: [])])
        ).bytes)

    private func metadata(_ name: String = "cells") -> PMTilesMetadata {
        PMTilesMetadata(name: name, vectorLayers: [.init(id: name, fields: ["id": "String", "v": "Number"])])
    }

    /// `columns` × `rows` square cells of about 1 km (1/70° of longitude × 1/111.2° of latitude, square
    /// near 51° N) west of 6° E / north of 50° N: a wide regular grid like a 1-km census grid.
    private func cells(columns: Int, rows: Int) -> FeatureLayer {
        let dx = 1.0 / 70
        let dy = 1.0 / 111.2
        var features: [Feature] = []
        features.reserveCapacity(columns * rows)
        for row in 0..<rows {
            for column in 0..<columns {
                let x = 6 + Double(column) * dx
                let y = 50 + Double(row) * dy
                let ring = [
                    Coordinate(x: x, y: y), Coordinate(x: x + dx, y: y), Coordinate(x: x + dx, y: y + dy),
                    Coordinate(x: x, y: y + dy), Coordinate(x: x, y: y),
                ]
                let n = row * columns + column
                features.append(
                    Feature(
                        fid: Int64(n), geometry: .polygon(Polygon(exterior: ring)),
                        attributes: [.string(String(format: "C%06d", n)), .integer(Int64(n % 97))]))
            }
        }
        return FeatureLayer(
            name: "cells",
            fields: [FieldDefinition(name: "id", type: .string), FieldDefinition(name: "v", type: .integer)],
            features: features, crs: nil, geometryType: "Polygon")
    }

    /// Issue 6: "a 100,000-cell archive from zooms 0–14 has leaf directories, passes the reader's header
    /// and directory checks, and every tile is byte-identical to the z/x/y copy". The cells are cut and
    /// gzipped once (`compress`, as `quartier tiles` does); each tile's bytes go to both outputs.
    @Test(.enabled(if: TileOutputTests.pythonReady)) func hundredThousandCellsNeedLeavesAndMatchZXY() throws {
        let dir = try PythonRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let layer = cells(columns: 400, rows: 250)
        let archiveURL = dir.appendingPathComponent("cells.pmtiles")
        let folderURL = dir.appendingPathComponent("cells")
        let archive = try TileOutput(
            format: .pmtiles, url: archiveURL, metadata: metadata(), bounds: layer.extent, replace: false)
        let folder = try TileOutput(format: .zxy, url: folderURL, metadata: metadata(), bounds: nil, replace: false)
        var builder = TileBuilder(layerName: "cells", idField: "id", fields: nil, minZoom: 0, maxZoom: 14)
        let clock = ContinuousClock()
        let start = clock.now
        let built = try builder.build(layer) { tile, gzipped in
            try archive.add(tile, gzipped: gzipped)
            try folder.add(tile, gzipped: gzipped)
        }
        let report = try archive.finish()
        let zxy = try folder.finish()
        let seconds = (clock.now - start).components.seconds
        print(
            "100,000 cells: \(report.addressedTiles) tiles, \(report.tileContents) contents, "
                + "\(report.leafDirectories) leaves, \(report.fileBytes) bytes, \(seconds) s"
        )
        #expect(report.addressedTiles == built.tiles)
        #expect(zxy.addressedTiles == built.tiles)
        #expect(report.addressedTiles > 50_000)
        #expect(report.leafDirectories > 0)
        #expect(report.rootDirectoryBytes + 127 <= 16_384)

        let verified = try PythonRunner.json(
            script: PythonRunner.fixture("verify_tiles.py"), arguments: [archiveURL.path, folderURL.path])
        #expect(verified["failures"] as? [String] == [])
        #expect(verified["tiles"] as? Int == report.addressedTiles)
        #expect(verified["leaves"] as? Int == report.leafDirectories)
        #expect(verified["zooms"] as? [Int] == Array(0...14))
        #expect(verified["zxy"] as? [String: Int] == ["missing": 0, "extra": 0, "different": 0])
        let header = try #require(verified["header"] as? [String: Any])
        #expect(header["leaf_directory_length"] as? Int ?? 0 > 0)
        #expect(header["clustered"] as? Bool == true)
        #expect(header["min_zoom"] as? Int == 0 && header["max_zoom"] as? Int == 14)
    }

    /// An error while tiles are being added (here a tile added twice, as a broken cutter might) leaves
    /// neither the output nor any temporary file, in every format.
    @Test(arguments: TileOutput.Format.allCases) func aFailedRunLeavesNothing(format: TileOutput.Format) throws {
        let dir = try PythonRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let gzipped = pointTile
        #expect(throws: TileWriteError(code: .duplicateTile, tile: TileID(z: 5, x: 3, y: 3))) {
            let output = try TileOutput(
                format: format, url: dir.appendingPathComponent(format.fileName("out")), metadata: metadata(),
                bounds: nil, replace: false)
            for i in 0..<600 { try output.add(TileID(z: 5, x: i % 32, y: i / 32), gzipped: gzipped) }
            try output.add(TileID(z: 5, x: 3, y: 3), gzipped: gzipped)
            try output.finish()
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == [])
    }

    /// An existing output is refused unless replacing, and then replaced whole (no stale tile survives).
    @Test(arguments: TileOutput.Format.allCases) func existingOutputIsReplacedOnlyWhenAllowed(
        format: TileOutput.Format
    ) throws {
        let dir = try PythonRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent(format.fileName("out"))
        let gzipped = pointTile
        func write(_ tiles: [TileID], replace: Bool) throws {
            let output = try TileOutput(format: format, url: url, metadata: metadata(), bounds: nil, replace: replace)
            for tile in tiles { try output.add(tile, gzipped: gzipped) }
            try output.finish()
        }
        try write([TileID(z: 1, x: 0, y: 0), TileID(z: 1, x: 1, y: 1)], replace: false)
        let before = try FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date
        #expect(throws: TileWriteError.self) { try write([TileID(z: 0, x: 0, y: 0)], replace: false) }
        #expect(try FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date == before)
        try write([TileID(z: 0, x: 0, y: 0)], replace: true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == [url.lastPathComponent])
        if format == .zxy {
            #expect(FileManager.default.fileExists(atPath: url.path + "/0/0/0.mvt"))
            #expect(!FileManager.default.fileExists(atPath: url.path + "/1"))
        }
    }
}
