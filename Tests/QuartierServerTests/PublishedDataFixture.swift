import Foundation
import HTTPTypes
import QuartierServer
import QuartierTestSupport
import QuartierService

/// A published analysis small enough for tests: the 542 Berlin Planungsräume as a GeoPackage (EPSG:25833)
/// a PMTiles archive (zooms 8–12), the same tiles as MBTiles (zooms 8–10), and a publication of them (`plr_public.gpkg`, `tiles.pmtiles`, `style.json`). It runs once; each test starts a server on a copy of its state folder,
/// which finds the finished job and serves it at once.
enum PublishedDataFixture {
    static let analysis = """
        version = 1
        [analysis]
        name = "lor"
        working_crs = "EPSG:25833"
        [inputs.planungsraeume]
        source = "lor.gpkg"
        layer = "planungsraeume_2021"
        id = "PLR_ID"
        [areas]
        input = "planungsraeume"
        [outputs.planungsraeume]
        formats = ["gpkg"]
        tier = "public"
        [[tiles]]
        name = "planungsraeume"
        layer = "areas"
        minzoom = 8
        maxzoom = 12
        fields = ["PLR_NAME"]
        tier = "public"
        [[tiles]]
        name = "plr_mbtiles"
        layer = "areas"
        format = "mbtiles"
        minzoom = 8
        maxzoom = 10
        fields = ["PLR_NAME"]
        tier = "public"
        [publish]
        name = "plr_public"
        layer = "areas"
        fields = ["PLR_NAME", "GROESSE_M2"]
        minzoom = 8
        maxzoom = 10
        [publish.indicators.GROESSE_M2]
        classification = "quantiles"
        """

    struct FixtureError: Error { var message: String }

    struct Prepared: Sendable {
        var data: URL
        var state: URL
    }

    static let prepared = Task<Prepared, any Error> {
        let data = try TestSupport.temporaryFolder("quartier-features-data")
        try FileManager.default.copyItem(atPath: TestSupport.berlinLOR, toPath: data.appendingPathComponent("lor.gpkg").path)
        try analysis.write(to: data.appendingPathComponent("lor.toml"), atomically: true, encoding: .utf8)
        let server = try TestServer(dataFolder: data.path) { $0.publish = ["lor.toml"] }
        let ready = try await server.test { client in
            let answer = try await client.waitUntilReady(seconds: 300)
            return answer.status == .ok ? nil : "\(answer.json)"
        }
        if let ready { throw FixtureError(message: "the fixture analysis did not finish: " + ready) }
        return Prepared(data: data, state: server.state)
    }

    /// A server on a copy of the prepared state (with `public_url` set, so links are absolute).
    static func server(publicURL: String? = "https://maps.example.org/q") async throws -> TestServer {
        let prepared = try await prepared.value
        let copy = try TestSupport.temporaryFolder("quartier-features-state")
        try FileManager.default.removeItem(at: copy)
        try FileManager.default.copyItem(at: prepared.state, to: copy)
        return try TestServer(dataFolder: prepared.data.path, state: copy) {
            $0.publish = ["lor.toml"]
            $0.publicURL = publicURL
        }
    }

    /// The output GeoPackage of the finished job.
    static func geoPackage(_ server: TestServer) throws -> String {
        let job = try server.environment.store.latestJob(origin: "publish:lor.toml")
        return server.environment.store.folder(of: job?.id ?? "") + "/planungsraeume.gpkg"
    }
}
