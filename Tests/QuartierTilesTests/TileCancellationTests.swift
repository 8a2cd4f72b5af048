import Dispatch
import Foundation
import QuartierModel
import QuartierTiles
import Testing

/// A tile cut on a thread that has been cancelled (a dismissed server job) hands no tile to its sink and throws
/// `RunCancelled`; an output it was writing is abandoned, so its temporary file goes and nothing is renamed into
/// place. That the check also stops a cut under way is tested on a live job (`LongStepCancellationTests`).
@Suite("Tile cuts on a cancelled thread")
struct TileCancellationTests {
    @Test func aCancelledCutWritesNothing() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quartier-tile-cancel-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let ring = [
            Coordinate(x: 13.3, y: 52.4), Coordinate(x: 13.5, y: 52.4), Coordinate(x: 13.5, y: 52.6),
            Coordinate(x: 13.3, y: 52.6), Coordinate(x: 13.3, y: 52.4),
        ]
        let layer = FeatureLayer(
            name: "square", fields: [FieldDefinition(name: "id", type: .string)],
            features: [Feature(fid: 1, geometry: .polygon(Polygon(exterior: ring)), attributes: [.string("A")])],
            crs: nil, geometryType: "Polygon")
        let url = folder.appendingPathComponent("square.pmtiles")
        final class Outcome: @unchecked Sendable {
            var tiles = 0
            var error: (any Error)?
        }
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            Thread.current.cancel()
            do {
                let output = try TileOutput(
                    format: .pmtiles, url: url, metadata: PMTilesMetadata(name: "square", vectorLayers: []),
                    bounds: nil, replace: false)
                let builder = TileBuilder(layerName: "square", idField: "id", fields: nil, minZoom: 0, maxZoom: 12)
                _ = try builder.build(layer) { tile, bytes in
                    outcome.tiles += 1
                    try output.add(tile, gzipped: bytes)
                }
                try output.finish()
            } catch {
                outcome.error = error
            }
            done.signal()
        }
        thread.start()
        #expect(done.wait(timeout: .now() + 300) == .success, "the cut did not end")
        #expect(outcome.error is RunCancelled, "\(String(describing: outcome.error))")
        #expect(outcome.tiles == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "temporaries or an archive left")
    }
}
