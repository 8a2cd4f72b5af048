import Foundation
import HTTPTypes
import HummingbirdTesting
import QuartierAccess
import QuartierModel
import QuartierTestSupport
import QuartierTiles
import Testing

@testable import QuartierServer
@testable import QuartierService

/// A dismissed job stops using the cores inside its long steps too (issue 25, item 11), not only between them:
/// an access measure looks at its thread's flag before every slice of 64 origins, a tile cut before every band
/// and tile. Each job here is one step that would run for hours in a debug build (minutes in a release one); it is
/// dismissed once the job is inside that step's loop, and the worker must be free again and the step ended by the
/// cancellation, not by its end, within the deadline. Before the loops looked at the flag, both ran on.
@Suite("Long steps stop when their job is dismissed")
struct LongStepCancellationTests {
    /// Where a job's step is: inside its loop, and how it ended. Every change wakes the test (`changed`).
    final class Probe: @unchecked Sendable {
        enum End: Equatable { case running, completed, cancelled, failed(String) }
        private let lock = NSLock()
        private var inside = false
        private var ending = End.running
        let changed = ChangeSignal()

        var isInside: Bool { lock.withLock { inside } }
        var end: End { lock.withLock { ending } }

        func enter() {
            lock.withLock { inside = true }
            changed.notify()
        }

        /// Runs the step and records how it ended (rethrowing its error, as the job would).
        func record(_ step: () throws -> Void) throws {
            do {
                try step()
                lock.withLock { ending = .completed }
            } catch let error as RunCancelled {
                lock.withLock { ending = .cancelled }
                changed.notify()
                throw error
            } catch {
                lock.withLock { ending = .failed("\(error)") }
                changed.notify()
                throw error
            }
            changed.notify()
        }
    }

    static let accessProbe = Probe()
    static let tilesProbe = Probe()

    /// Gravity access with every facility in reach of every origin: 1,000,000 origins × 20,000 facilities,
    /// 2 × 10¹⁰ pairs, through the access step's computation (`AccessComputation`, as `quartier access` and
    /// `[[access]]` run it).
    static let longAccess = ProcessDefinition(
        id: "long-access", title: "Long access", description: "Gravity over 2e10 pairs.", inputs: [], outputs: []
    ) { _, _ in
        var generator = SystemRandomNumberGenerator()
        let origins = (0..<1_000_000).map { _ in
            Coordinate(x: Double.random(in: 370_000...415_000, using: &generator),
                       y: Double.random(in: 5_800_000...5_840_000, using: &generator))
        }
        let facilities = try Facilities(
            (0..<20_000).map { _ in
                Coordinate(x: Double.random(in: 370_000...415_000, using: &generator),
                           y: Double.random(in: 5_800_000...5_840_000, using: &generator))
            })
        let demand = [Double](repeating: 1, count: origins.count)
        accessProbe.enter()
        try accessProbe.record {
            _ = try AccessComputation.run(
                .gravityPower(beta: 1, maxDistance: 1e7), origins: origins, demand: demand, facilities: facilities)
        }
    }

    /// One polygon over Germany cut at zoom 16: about 4.7 million tiles, written to a PMTiles archive in the job's
    /// folder (its temporary file must go with the job). The probe enters with the first tile.
    static let longTiles = ProcessDefinition(
        id: "long-tiles", title: "Long tiles", description: "4.7 million tiles.", inputs: [], outputs: []
    ) { _, context in
        let ring = [
            Coordinate(x: 6, y: 47), Coordinate(x: 15, y: 47), Coordinate(x: 15, y: 55), Coordinate(x: 6, y: 55),
            Coordinate(x: 6, y: 47),
        ]
        let layer = FeatureLayer(
            name: "germany", fields: [FieldDefinition(name: "id", type: .string)],
            features: [Feature(fid: 1, geometry: .polygon(Polygon(exterior: ring)), attributes: [.string("DE")])],
            crs: nil, geometryType: "Polygon")
        let builder = TileBuilder(layerName: "germany", idField: "id", fields: nil, minZoom: 16, maxZoom: 16)
        let output = try TileOutput(
            format: .pmtiles, url: URL(fileURLWithPath: context.path("germany.pmtiles")),
            metadata: PMTilesMetadata(name: "germany", vectorLayers: [.init(layer: layer)]), bounds: layer.extent,
            replace: false)
        try tilesProbe.record {
            _ = try builder.build(layer) { tile, gzipped in
                if !tilesProbe.isInside { tilesProbe.enter() }
                try output.add(tile, gzipped: gzipped)
            }
            try output.finish()
        }
    }

    /// Submits `process`, dismisses it once `probe` is inside the step's loop, and checks that the worker is free
    /// again, the step ended by its cancellation and the job left no folder.
    func dismissInside(_ process: ProcessDefinition, _ probe: Probe) async throws {
        var catalog = ProcessCatalog.standard
        catalog.register(process)
        let server = try TestServer(catalog: catalog)
        try await server.test { client in
            let submitted = try await client.submit(process.id, [:])
            let id = try #require(submitted.json["jobID"] as? String, "\(submitted.json)")
            let inside = try await probe.changed.wait(until: .now + .seconds(300)) { probe.isInside || probe.end != .running }
            try #require(inside && probe.end == .running, "the step did not start: \(probe.end)")
            let dismissed = try await client.json(.delete, "/jobs/\(id)", headers: TestServer.auth)
            #expect(dismissed.status == .ok && dismissed.json["status"] as? String == "dismissed")
            let clock = ContinuousClock.now
            let scheduler = server.environment.scheduler
            // Conditions with a deadline: the worker is free again, and the step ended by the cancellation.
            let stopped = try await client.wait(seconds: 60) { _ in scheduler.runningCount == 0 }
            let stoppedAfter = ContinuousClock.now - clock
            #expect(stopped, "the dismissed job still runs")
            if !stopped {
                // Give the job up, as a shutdown past its timeout does, so that the suite ends with its failure
                // instead of waiting hours for the step (its thread runs on until the process exits).
                _ = await scheduler.drain(timeout: .seconds(1))
            }
            #expect(probe.end == .cancelled, "the step ended as \(probe.end)")
            #expect(try server.environment.store.job(id)?.status == .dismissed)
            let store = server.environment.store
            #expect(!FileManager.default.fileExists(atPath: store.partialFolder(of: id)))
            #expect(!FileManager.default.fileExists(atPath: store.folder(of: id)))
            print("figures: dismissed \(process.id) stopped inside its step after \(stoppedAfter)")
        }
    }

    @Test func anAccessMeasureStopsInsideItsOrigins() async throws {
        try await dismissInside(Self.longAccess, Self.accessProbe)
    }

    @Test func aTileCutStopsInsideItsZoom() async throws {
        try await dismissInside(Self.longTiles, Self.tilesProbe)
    }
}
