import Foundation
import HTTPTypes
import HummingbirdTesting
import QuartierServer
import QuartierService
import QuartierTestSupport
import Testing

/// A published analysis whose outputs live in PostGIS (the throwaway server of the tests): the same layer written as
/// a GeoPackage (collection `planungsraeume`, held in memory) and into PostGIS (`plr_db`, public; `plr_intern`,
/// internal), so that every answer from the database can be compared with the file's. With `lonlat = true`: CRS84 and
/// EPSG:4326 are read from the generated `geom_4326`, other CRSs transformed by PostGIS per request.
enum DatabaseCollectionFixture {
    static func analysis(connection: String) -> String {
        """
        version = 1
        [analysis]
        name = "lor_db"
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
        [outputs.plr_db]
        formats = ["postgis"]
        tier = "public"
        [outputs.plr_intern]
        formats = ["postgis"]
        fields = ["PLR_NAME"]
        [publish]
        name = "plr_public"
        layer = "areas"
        fields = ["PLR_NAME", "GROESSE_M2"]
        minzoom = 8
        maxzoom = 9
        [publish.indicators.GROESSE_M2]
        classification = "quantiles"
        [database]
        connection = "\(connection)"
        public_schema = "served_public"
        internal_schema = "served_internal"
        lonlat = true
        """
    }

    static let prepared = Task<PublishedDataFixture.Prepared, any Error> {
        let data = try TestSupport.temporaryFolder("quartier-db-data")
        try FileManager.default.copyItem(
            atPath: TestSupport.berlinLOR, toPath: data.appendingPathComponent("lor.gpkg").path)
        try analysis(connection: try PostGISServer.connectionString()).write(
            to: data.appendingPathComponent("lor_db.toml"), atomically: true, encoding: .utf8)
        let server = try TestServer(dataFolder: data.path) { $0.publish = ["lor_db.toml"] }
        let ready = try await server.test { client in
            let answer = try await client.waitUntilReady(seconds: 300)
            return answer.status == .ok ? nil : "\(answer.json)"
        }
        if let ready { throw PublishedDataFixture.FixtureError(message: "the analysis did not finish: " + ready) }
        return PublishedDataFixture.Prepared(data: data, state: server.state)
    }

    /// A server on a copy of the prepared state; `editManifest` may change the job's manifest first.
    static func server(editManifest: ((inout [String: Any]) -> Void)? = nil) async throws -> TestServer {
        let prepared = try await prepared.value
        let copy = try TestSupport.temporaryFolder("quartier-db-state")
        try FileManager.default.removeItem(at: copy)
        try FileManager.default.copyItem(at: prepared.state, to: copy)
        if let editManifest {
            let jobs = copy.appendingPathComponent("state/jobs")
            for job in try FileManager.default.contentsOfDirectory(atPath: jobs.path) {
                let url = jobs.appendingPathComponent(job).appendingPathComponent("manifest.json")
                guard var manifest = try? JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
                else { continue }
                editManifest(&manifest)
                try JSONSerialization.data(withJSONObject: manifest).write(to: url)
            }
        }
        return try TestServer(dataFolder: prepared.data.path, state: copy) { $0.publish = ["lor_db.toml"] }
    }
}

@Suite("Collections served from PostGIS")
struct DatabaseCollectionTests {
    /// The features of a page by id.
    static func features(_ json: [String: Any]) -> [String: [String: Any]] {
        let list = json["features"] as? [[String: Any]] ?? []
        return Dictionary(list.compactMap { f in (f["id"] as? String).map { ($0, f) } }, uniquingKeysWith: { a, _ in a })
    }

    /// Properties equal, and coordinates within 1e-6 (the file's are reprojected by PROJ in Quartier, the
    /// database's by PostGIS).
    static func same(_ a: [String: Any], _ b: [String: Any]) -> Bool {
        let pa = a["properties"] as? NSDictionary
        let pb = b["properties"] as? NSDictionary
        guard let pa, let pb, pa == pb else { return false }
        func flat(_ value: Any?) -> [Double] {
            if let number = value as? Double { return [number] }
            if let list = value as? [Any] { return list.flatMap(flat) }
            return []
        }
        let ca = flat((a["geometry"] as? [String: Any])?["coordinates"])
        let cb = flat((b["geometry"] as? [String: Any])?["coordinates"])
        return ca.count == cb.count && zip(ca, cb).allSatisfy { abs($0 - $1) <= 1e-6 * max(1, abs($1)) }
    }

    @Test func tablesAreCollectionsWithTheirTiers() async throws {
        let server = try await DatabaseCollectionFixture.server()
        try await server.test { client in
            let anonymous = try await client.json(.get, "/collections").json["collections"] as? [[String: Any]] ?? []
            let ids = anonymous.compactMap { $0["id"] as? String }
            #expect(ids.contains("plr_db") && ids.contains("planungsraeume"))
            #expect(!ids.contains("plr_intern"), "an internal table is listed for anonymous callers")
            let staff = try await client.json(.get, "/collections", headers: TestServer.readAuth).json["collections"]
                as? [[String: Any]] ?? []
            #expect(staff.contains { $0["id"] as? String == "plr_intern" })

            let one = try await client.json(.get, "/collections/plr_db").json
            #expect(one["storageCrs"] as? String == "http://www.opengis.net/def/crs/EPSG/0/25833")
            let bbox = ((one["extent"] as? [String: Any])?["spatial"] as? [String: Any])?["bbox"] as? [[Double]]
            #expect(bbox?.first.map { $0[0] > 13 && $0[0] < 13.2 && $0[3] > 52.6 && $0[3] < 52.7 } == true)

            #expect(try await client.json(.get, "/collections/plr_intern/items").status == .unauthorized)
            let intern = try await client.json(.get, "/collections/plr_intern/items?limit=3", headers: TestServer.readAuth)
            #expect(intern.status == .ok)
            let first = (intern.json["features"] as? [[String: Any]])?.first?["properties"] as? [String: Any]
            #expect(first.map { Set($0.keys) } == ["PLR_ID", "PLR_NAME"])
        }
    }

    /// Every page, filter, bbox and CRS answered from PostGIS equals the file-backed collection's answer.
    @Test func answersEqualTheFileBackedCollection() async throws {
        let server = try await DatabaseCollectionFixture.server()
        try await server.test { client in
            let all = try await client.json(.get, "/collections/planungsraeume/items?limit=1000").json
            let file = Self.features(all)
            #expect(file.count == 542)
            // Pages of 100 in key order, the whole layer once.
            var seen: [String] = []
            for offset in stride(from: 0, to: 600, by: 100) {
                let page = try await client.json(.get, "/collections/plr_db/items?limit=100&offset=\(offset)")
                #expect(page.status == .ok)
                #expect(page.headers[.contentType] == "application/geo+json")
                #expect(page.json["numberMatched"] as? Int == 542)
                let features = page.json["features"] as? [[String: Any]] ?? []
                #expect(page.json["numberReturned"] as? Int == features.count)
                for feature in features {
                    let id = feature["id"] as? String ?? ""
                    seen.append(id)
                    #expect(file[id].map { Self.same(feature, $0) } == true, "feature \(id) differs from the file's")
                }
                let links = page.json["links"] as? [[String: Any]] ?? []
                #expect(links.contains { $0["rel"] as? String == "next" } == (offset + 100 < 542))
            }
            #expect(seen == file.keys.sorted())

            for query in [
                "bbox=13.3,52.5,13.4,52.55", "BEZ_ID=07", "GROESSE_M2=719119.684",
                "PLR_NAME=Mertensstra%C3%9Fe", "BEZ_ID=99", "GROESSE_M2=abc",
                "bbox=385000,5815000,395000,5820000&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/25833",
                "crs=http://www.opengis.net/def/crs/EPSG/0/25833&BEZ_ID=01",
                "crs=http://www.opengis.net/def/crs/EPSG/0/4326&BEZ_ID=02", "offset=600",
                "crs=http://www.opengis.net/def/crs/EPSG/0/3857&BEZ_ID=03",
            ] {
                let a = try await client.json(.get, "/collections/plr_db/items?limit=1000&" + query)
                let b = try await client.json(.get, "/collections/planungsraeume/items?limit=1000&" + query)
                #expect(a.status == .ok && b.status == .ok, "\(query)")
                #expect(a.json["numberMatched"] as? Int == b.json["numberMatched"] as? Int, "\(query)")
                #expect(a.headers[HTTPField.Name("Content-Crs")!] == b.headers[HTTPField.Name("Content-Crs")!])
                let (fa, fb) = (Self.features(a.json), Self.features(b.json))
                #expect(Set(fa.keys) == Set(fb.keys), "\(query)")
                for (id, feature) in fa { #expect(fb[id].map { Self.same(feature, $0) } == true, "\(query): \(id)") }
            }

            // A filtered page: in key order (the file's pages are in the file's order).
            let filtered = try await client.json(.get, "/collections/planungsraeume/items?limit=1000&BEZ_ID=07")
            let expected = Array(Self.features(filtered.json).keys.sorted()[5..<15])
            let page = try await client.json(.get, "/collections/plr_db/items?BEZ_ID=07&limit=10&offset=5").json
            #expect((page["features"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == expected)
            #expect(page["numberMatched"] as? Int == filtered.json["numberMatched"] as? Int)

            let one = try await client.json(.get, "/collections/plr_db/items/05100103")
            let twin = try await client.json(.get, "/collections/planungsraeume/items/05100103")
            #expect(one.status == .ok)
            #expect(Self.same(one.json, twin.json))
            #expect((one.json["links"] as? [[String: Any]])?.isEmpty == false)
            #expect(try await client.json(.get, "/collections/plr_db/items/nope").status == .notFound)
            #expect(try await client.json(.get, "/collections/plr_db/items?nope=1").status == .badRequest)
        }
    }

    @Test func pagesHaveETags() async throws {
        let server = try await DatabaseCollectionFixture.server()
        try await server.test { client in
            let first = try await client.json(.get, "/collections/plr_db/items?limit=5")
            let etag = try #require(first.headers[.eTag])
            let again = try await client.json(.get, "/collections/plr_db/items?limit=5", headers: [.ifNoneMatch: etag])
            #expect(again.status == .notModified)
            let other = try await client.json(.get, "/collections/plr_db/items?limit=6", headers: [.ifNoneMatch: etag])
            #expect(other.status == .ok)
        }
    }

    /// A database that cannot be reached: its collections answer 503, everything else is served as before.
    @Test func aDatabaseThatIsDownAffectsItsCollectionsOnly() async throws {
        let server = try await DatabaseCollectionFixture.server { manifest in
            guard var database = manifest["database"] as? [String: Any] else { return }
            database["connection"] = "PG:host=/nonexistent/quartier-socket port=54329 dbname=quartier user=postgres"
            manifest["database"] = database
        }
        try await server.test { client in
            let down = try await client.json(.get, "/collections/plr_db/items?limit=5")
            #expect(down.status == .serviceUnavailable)
            #expect((down.json["detail"] as? String)?.contains("cannot be reached") == true)
            #expect(try await client.json(.get, "/collections/planungsraeume/items?limit=5").status == .ok)
            #expect(try await client.json(.get, "/collections").status == .ok)
            #expect(try await client.json(.get, "/collections/plr_db").status == .ok)
        }
    }
}
