import Foundation
import QuartierModel
import QuartierTiles
import Testing

/// Writes archives with `PMTilesWriter` and reads every tile back by random access: root and leaf
/// directories, runs of equal tiles, and tiles the archive does not hold.
@Suite("PMTilesReader") struct PMTilesReaderTests {
    /// The content of a tile, or nil for a tile left out; every 5th row repeats one "sea" tile (runs).
    private func content(_ z: Int, _ x: Int, _ y: Int) -> [UInt8]? {
        if (x + y) % 7 == 3 { return nil }
        if y % 5 == 0 { return Array("sea".utf8) }
        return Array("tile \(z)/\(x)/\(y)".utf8)
    }

    private func archive(maxZoom: Int) throws -> (URL, TileArchiveReport) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("reader-\(UUID().uuidString).pmtiles")
        let writer = try PMTilesWriter(url: url, metadata: PMTilesMetadata(name: "test", vectorLayers: []))
        for z in 0...maxZoom {
            for x in 0..<(1 << z) {
                for y in 0..<(1 << z) {
                    if let bytes = content(z, x, y) { try writer.add(TileID(z: z, x: x, y: y), gzipped: Gzip.gzip(bytes)) }
                }
            }
        }
        return (url, try writer.finish())
    }

    private func checkEveryTile(_ url: URL, maxZoom: Int) throws {
        let reader = try PMTilesReader(path: url.path)
        #expect(reader.header.minZoom == 0 && Int(reader.header.maxZoom) == maxZoom)
        #expect(String(decoding: reader.metadata, as: UTF8.self).contains("\"test\""))
        var mismatches = 0
        for z in 0...maxZoom {
            for x in 0..<(1 << z) {
                for y in 0..<(1 << z) {
                    let location = try reader.locate(TileID(z: z, x: x, y: y))
                    let stored = try location.map { try reader.bytes(at: $0) }
                    if stored.flatMap({ Gzip.gunzip($0, limit: 4096) }) != content(z, x, y) { mismatches += 1 }
                }
            }
        }
        #expect(mismatches == 0)
        #expect(try reader.locate(TileID(z: maxZoom + 1, x: 0, y: 1)) == nil)
    }

    @Test func readsTilesFromTheRootDirectory() throws {
        let (url, report) = try archive(maxZoom: 4)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(report.leafDirectories == 0)
        try checkEveryTile(url, maxZoom: 4)
    }

    @Test func readsTilesThroughLeafDirectories() throws {
        let (url, report) = try archive(maxZoom: 8)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(report.leafDirectories > 0)
        try checkEveryTile(url, maxZoom: 8)
    }

    @Test func refusesAFileThatIsNotAnArchive() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("not-\(UUID().uuidString).pmtiles")
        try Data(repeating: 7, count: 200).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: TileReadError.self) { try PMTilesReader(path: url.path) }
    }
}
