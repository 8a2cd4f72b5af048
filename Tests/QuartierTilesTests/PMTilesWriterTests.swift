import Foundation
import QuartierModel
import QuartierTiles
import Testing

/// Reads an archive with the reference `pmtiles` reader and compares every tile with the z/x/y copy.
private let readScript = #"""
import sys, json, os
from pmtiles.reader import Reader, MmapSource, all_tiles
from pmtiles.tile import zxy_to_tileid
archive, zxy = sys.argv[1], sys.argv[2]
with open(archive, 'rb') as f:
    get = MmapSource(f)
    reader = Reader(get)
    header = reader.header()
    meta = reader.metadata()
    count = 0; mismatches = 0; missing = 0
    for (z, x, y), data in all_tiles(get):
        count += 1
        path = os.path.join(zxy, str(z), str(x), f'{y}.mvt')
        if not os.path.exists(path):
            missing += 1
        elif open(path, 'rb').read() != data:
            mismatches += 1
    direct = reader.get(1, 1, 0)
    out = {k: (v.value if hasattr(v, 'value') else v) for k, v in header.items()}
    print(json.dumps({'header': out, 'metadata': meta, 'count': count, 'mismatches': mismatches,
                      'missing': missing, 'direct_1_1_0': direct is not None,
                      'hilbert_check': [zxy_to_tileid(1, 0, 1), zxy_to_tileid(3, 5, 2)]}))
"""#

@Suite("PMTilesWriter") struct PMTilesWriterTests {
    static let pythonReady = PythonRunner.available(["pmtiles"])

    /// A small MVT whose content depends on `variant` (so duplicates are easy to make).
    private func mvt(_ variant: Int) -> [UInt8] {
        let feature = MVTFeature(
            id: UInt64(variant), geometry: .points([TilePoint(x: variant % 4096, y: (variant / 4096) % 4096)]),
            properties: [("v", .integer(Int64(variant)))])
        return MVTEncoder.encode(MVTLayer(name: "areas", features: [feature])).bytes
    }

    private func metadata() -> PMTilesMetadata {
        PMTilesMetadata(
            name: "Quartier test", attribution: "© Amt für Statistik Berlin-Brandenburg",
            vectorLayers: [.init(id: "areas", fields: ["v": "Number", "PLR_ID": "String"], minzoom: 0, maxzoom: 8)])
    }

    /// Writes `tiles` as PMTiles and z/x/y (one gzip per tile, the same bytes to both), then checks them
    /// with python `pmtiles` and the directory rules of Fixtures/tiles/verify_tiles.py.
    private func roundTrip(_ tiles: [(TileID, [UInt8])]) throws -> (TileArchiveReport, [String: Any]) {
        let dir = try PythonRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let archive = dir.appendingPathComponent("test.pmtiles")
        let writer = try PMTilesWriter(url: archive, metadata: metadata())
        let zxy = try ZXYWriter(directory: dir.appendingPathComponent("zxy"))
        for (tile, bytes) in tiles {
            let gzipped = Gzip.gzip(bytes)
            try writer.add(tile, gzipped: gzipped)
            try zxy.add(tile, gzipped: gzipped)
        }
        let report = try writer.finish()
        try zxy.finish()
        // Only the two outputs remain: the temporary data and archive files are gone.
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(left == ["test.pmtiles", "zxy"])
        let result = try PythonRunner.json(
            script: readScript, arguments: [archive.path, dir.appendingPathComponent("zxy").path])
        let verified = try PythonRunner.json(
            script: PythonRunner.fixture("verify_tiles.py"),
            arguments: [archive.path, dir.appendingPathComponent("zxy").path])
        #expect(verified["failures"] as? [String] == [])
        #expect(verified["zxy"] as? [String: Int] == ["missing": 0, "extra": 0, "different": 0])
        #expect(verified["leaves"] as? Int == report.leafDirectories)
        return (report, result)
    }

    @Test(.enabled(if: PMTilesWriterTests.pythonReady)) func archiveWithDuplicatesReadsBack() throws {
        // z0…5 complete (1,365 tiles) plus part of z6 and z7: ~2,000 tiles; every third tile shares
        // content with others (variant 0), making runs of identical consecutive tiles.
        var tiles: [(TileID, [UInt8])] = []
        var i = 0
        for z in 0...7 {
            let n = 1 << z
            for x in 0..<min(n, 24) {
                for y in 0..<min(n, 24) {
                    tiles.append((TileID(z: z, x: x, y: y), i % 3 == 0 ? mvt(0) : mvt(i)))
                    i += 1
                }
            }
        }
        let (report, result) = try roundTrip(tiles)
        #expect(report.addressedTiles == tiles.count)
        #expect(report.tileContents < tiles.count)
        #expect(report.tileEntries <= tiles.count)
        #expect(report.leafDirectories == 0)
        #expect(result["count"] as? Int == tiles.count)
        #expect(result["mismatches"] as? Int == 0)
        #expect(result["missing"] as? Int == 0)
        #expect(result["direct_1_1_0"] as? Bool == true)
        #expect(result["hilbert_check"] as? [Int] == [2, Int(TileID(z: 3, x: 5, y: 2).hilbertID ?? 0)])
        let header = try #require(result["header"] as? [String: Any])
        #expect(header["tile_type"] as? Int == 1)
        #expect(header["tile_compression"] as? Int == 2)
        #expect(header["min_zoom"] as? Int == 0)
        #expect(header["max_zoom"] as? Int == 7)
        #expect(header["addressed_tiles_count"] as? Int == tiles.count)
        #expect(header["tile_contents_count"] as? Int == report.tileContents)
        #expect(header["min_lon_e7"] as? Int == -1_800_000_000)
        #expect(header["max_lat_e7"] as? Int == 850_511_288)
        let meta = try #require(result["metadata"] as? [String: Any])
        #expect(meta["name"] as? String == "Quartier test")
        let layers = try #require(meta["vector_layers"] as? [[String: Any]])
        #expect(layers.first?["id"] as? String == "areas")
    }

    @Test(.enabled(if: PMTilesWriterTests.pythonReady)) func largeArchiveUsesLeafDirectories() throws {
        // 60,000 distinct tiles scattered over z12 (an odd multiplier is a bijection modulo 2^24), so the
        // directory's id deltas do not compress away: the gzipped root alone would exceed 16 KiB.
        var tiles: [(TileID, [UInt8])] = []
        tiles.reserveCapacity(60_000)
        for i in 0..<60_000 {
            let cell = (i &* 7919 &* 104_729) & 0xFF_FFFF
            tiles.append((TileID(z: 12, x: cell & 0xFFF, y: cell >> 12), mvt(i + 1)))
        }
        let (report, result) = try roundTrip(tiles)
        #expect(report.leafDirectories > 0)
        #expect(report.rootDirectoryBytes + 127 <= 16_384)
        #expect(result["count"] as? Int == 60_000)
        #expect(result["mismatches"] as? Int == 0)
        #expect(result["missing"] as? Int == 0)
    }

    @Test(.enabled(if: PMTilesWriterTests.pythonReady)) func identicalConsecutiveTilesFormOneRun() throws {
        // The four z1 tiles have Hilbert ids 1…4: one entry with run_length 4, one stored content.
        let tiles = [(0, 0), (0, 1), (1, 1), (1, 0)].map { (TileID(z: 1, x: $0.0, y: $0.1), mvt(5)) }
        let (report, result) = try roundTrip(tiles)
        #expect(report.tileEntries == 1)
        #expect(report.tileContents == 1)
        #expect(result["count"] as? Int == 4)
        #expect(result["mismatches"] as? Int == 0)
    }

    @Test func gzipRoundTripsAndCompresses() throws {
        let big = (0..<200_000).map { UInt8(truncatingIfNeeded: ($0 / 7) &* 31) }
        let gz = Gzip.gzip(big)
        #expect(gz.prefix(3) == [0x1F, 0x8B, 0x08])
        #expect(gz[3] == 0 && gz[4..<8] == [0, 0, 0, 0])  // RFC 1952: no flags, no name, MTIME 0
        #expect(gz.count < big.count / 4)
        #expect(Gzip.gunzip(gz) == big)
        #expect(Gzip.gzip(big) == gz)  // deterministic: identical tiles deduplicate
        #expect(Gzip.gunzip([1, 2, 3]) == nil)
    }

    @Test func rejectsDuplicateAndInvalidTiles() throws {
        let dir = try PythonRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let writer = try PMTilesWriter(url: dir.appendingPathComponent("t.pmtiles"), metadata: metadata())
        try writer.add(TileID(z: 1, x: 0, y: 0), gzipped: Gzip.gzip(mvt(1)))
        #expect(throws: TileWriteError(code: .duplicateTile, tile: TileID(z: 1, x: 0, y: 0))) {
            try writer.add(TileID(z: 1, x: 0, y: 0), gzipped: Gzip.gzip(mvt(2)))
        }
        #expect(throws: TileWriteError(code: .invalidTile, tile: TileID(z: 1, x: 2, y: 0))) {
            try writer.add(TileID(z: 1, x: 2, y: 0), gzipped: Gzip.gzip(mvt(2)))
        }
    }

    @Test func anAbandonedWriterLeavesNoFile() throws {
        let dir = try PythonRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            let writer = try PMTilesWriter(url: dir.appendingPathComponent("t.pmtiles"), metadata: metadata())
            try writer.add(TileID(z: 0, x: 0, y: 0), gzipped: Gzip.gzip(mvt(1)))
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).count == 1)  // the data file
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == [])
    }

    @Test func anExistingArchiveIsKeptUnlessReplacing() throws {
        let dir = try PythonRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("t.pmtiles")
        try Data("old".utf8).write(to: url)
        #expect(throws: TileWriteError(code: .exists, path: url.path, message: "exists")) {
            _ = try PMTilesWriter(url: url, metadata: metadata())
        }
        let writer = try PMTilesWriter(url: url, metadata: metadata(), replace: true)
        try writer.add(TileID(z: 0, x: 0, y: 0), gzipped: Gzip.gzip(mvt(1)))
        let report = try writer.finish()
        #expect(try Data(contentsOf: url).count == report.fileBytes)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["t.pmtiles"])
    }
}
