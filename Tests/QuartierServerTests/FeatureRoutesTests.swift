import Foundation
import HTTPTypes
import HummingbirdTesting
import QuartierServer
import QuartierTestSupport
import Testing
import QuartierService

/// OGC API – Features over a published analysis: landing page, conformance, collections, paging, property
/// filters, feature by id, Part 2 CRSs (EPSG:25833 equals the GeoPackage, EPSG:4326 is lat/lon), bbox,
/// ETag/304 and CORS.
@Suite("OGC API – Features routes")
struct FeatureRoutesTests {
    static let items = "/collections/planungsraeume/items"

    @Test func landingPageConformanceCollectionsAndAPI() async throws {
        let server = try await PublishedDataFixture.server()
        try await server.test { client in
            let landing = try await client.json(.get, "/")
            let links = landing.json["links"] as? [[String: Any]] ?? []
            #expect(links.contains { $0["rel"] as? String == "data" && $0["href"] as? String == "https://maps.example.org/q/collections" })
            let conformance = try await client.json(.get, "/conformance").json["conformsTo"] as? [String] ?? []
            #expect(conformance.contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core"))
            #expect(conformance.contains("http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs"))
            let collections = try await client.json(.get, "/collections").json["collections"] as? [[String: Any]] ?? []
            #expect(collections.map { $0["id"] as? String } == ["planungsraeume", "plr_public"], "the GeoJSON twin of plr_public.gpkg is not a collection")
            let one = try await client.json(.get, "/collections/planungsraeume").json
            #expect(one["storageCrs"] as? String == "http://www.opengis.net/def/crs/EPSG/0/25833")
            let crs = one["crs"] as? [String] ?? []
            #expect(crs.contains("http://www.opengis.net/def/crs/OGC/1.3/CRS84") && crs.contains("http://www.opengis.net/def/crs/EPSG/0/4326"))
            let bbox = ((one["extent"] as? [String: Any])?["spatial"] as? [String: Any])?["bbox"] as? [[Double]]
            #expect(bbox?.first.map { $0[0] > 13 && $0[0] < 13.2 && $0[3] > 52.6 && $0[3] < 52.7 } == true, "Berlin in CRS84")
            let api = try await client.json(.get, "/api").json["paths"] as? [String: Any] ?? [:]
            for path in ["/collections", "/collections/{collectionId}/items/{featureId}", "/tiles/{tilesetId}/{z}/{x}/{y}.mvt",
                         "/tiles/{tilesetId}.json", "/styles/{styleId}.json"] {
                #expect(api[path] != nil, "\(path) in /api")
            }
            let tile = ((api["/tiles/{tilesetId}/{z}/{x}/{y}.mvt"] as? [String: Any])?["get"] as? [String: Any])?["parameters"] as? [[String: Any]]
            #expect(tile?.compactMap { $0["name"] as? String } == ["tilesetId", "z", "x", "y"])
            let missing = try await client.json(.get, "/collections/nothing/items")
            #expect(missing.status == .notFound)
        }
    }

    @Test func pagesThroughAllFeaturesAndFindsOneById() async throws {
        let server = try await PublishedDataFixture.server()
        try await server.test { client in
            var ids: [String] = []
            var next: String? = Self.items + "?limit=100"
            while let page = next {
                let response = try await client.json(.get, page.replacingOccurrences(of: "https://maps.example.org/q", with: ""))
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/geo+json")
                #expect(response.json["numberMatched"] as? Int == 542)
                let features = response.json["features"] as? [[String: Any]] ?? []
                #expect(response.json["numberReturned"] as? Int == features.count)
                ids += features.compactMap { $0["id"] as? String }
                let links = response.json["links"] as? [[String: Any]] ?? []
                next = links.first { $0["rel"] as? String == "next" }?["href"] as? String
            }
            #expect(ids.count == 542 && Set(ids).count == 542)
            #expect(ids.allSatisfy { $0.count == 8 }, "feature ids are the PLR_ID values")
            let all = try await client.json(.get, Self.items + "?limit=20000")
            #expect(all.json["numberReturned"] as? Int == 542)
            let filtered = try await client.json(.get, Self.items + "?PLR_ID=\(ids[7])")
            #expect(filtered.json["numberMatched"] as? Int == 1)
            let feature = try await client.json(.get, Self.items + "/\(ids[7])")
            #expect(feature.status == .ok && feature.json["id"] as? String == ids[7])
            #expect((feature.json["properties"] as? [String: Any])?["PLR_ID"] as? String == ids[7])
            for bad in ["?limit=0", "?offset=-1", "?bbox=1,2,3", "?crs=EPSG:31468", "?nonsense=1", "?f=html"] {
                #expect(try await client.json(.get, Self.items + bad).status == .badRequest, "\(bad)")
            }
            #expect(try await client.json(.get, Self.items + "/00000000").status == .notFound)
        }
    }

    /// Part 2: EPSG:25833 coordinates equal the GeoPackage's (as ogr2ogr writes them); EPSG:4326 swaps CRS84's
    /// axes; a bbox in EPSG:25833 selects the features around a point.
    @Test func coordinateReferenceSystems() async throws {
        let server = try await PublishedDataFixture.server()
        let reference = try Subprocess.run(
            "/usr/bin/ogr2ogr", ["-f", "GeoJSON", "/vsistdout/", try PublishedDataFixture.geoPackage(server), "-lco", "SIGNIFICANT_FIGURES=17"])
        let expected = try Self.coordinates(JSONSerialization.jsonObject(with: Data(reference.stdout.utf8)) as? [String: Any] ?? [:])
        try await server.test { client in
            let utm = try await client.json(.get, Self.items + "?limit=1000&crs=http://www.opengis.net/def/crs/EPSG/0/25833")
            #expect(utm.headers[HTTPField.Name("Content-Crs")!] == "<http://www.opengis.net/def/crs/EPSG/0/25833>")
            // GDAL reads the page as EPSG:25833 (the `crs` member), not as the RFC 7946 default (issue 24, item 4).
            let page = try TestSupport.temporaryFolder("quartier-crs").appendingPathComponent("utm.geojson")
            try JSONSerialization.data(withJSONObject: utm.json).write(to: page)
            let info = try Subprocess.run("/usr/bin/ogrinfo", ["-so", page.path, "utm"])
            #expect(info.stdout.contains("ETRS89 / UTM zone 33N"), "\(info.stdout)\(info.stderr)")
            let served = Self.coordinates(utm.json)
            #expect(served.count == expected.count && served.count > 542 * 4)
            let mismatched = zip(served, expected).filter { abs($0.0 - $0.1) > 1e-7 }
            #expect(mismatched.isEmpty, "the GeoPackage's coordinates (within 0.1 µm: text round trips): \(mismatched.prefix(3))")
            let crs84 = Self.coordinates(try await client.json(.get, Self.items + "?limit=1").json)
            let latLon = Self.coordinates(try await client.json(.get, Self.items + "?limit=1&crs=EPSG:4326").json)
            #expect(crs84.count == latLon.count && crs84[0] > 13 && crs84[0] < 14 && latLon[0] > 52 && latLon[0] < 53)
            #expect(latLon[0] == crs84[1] && latLon[1] == crs84[0])
            let around = try await client.json(
                .get, Self.items + "?bbox=391000,5819000,392000,5820000&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/25833")
            let matched = around.json["numberMatched"] as? Int ?? 0
            #expect(matched >= 1 && matched < 20)
            let aroundLatLon = try await client.json(.get, Self.items + "?bbox=52.520,13.40,52.525,13.41&bbox-crs=EPSG:4326")
            let aroundLonLat = try await client.json(.get, Self.items + "?bbox=13.40,52.520,13.41,52.525")
            #expect((aroundLatLon.json["numberMatched"] as? Int ?? 0) >= 1)
            #expect(aroundLatLon.json["numberMatched"] as? Int == aroundLonLat.json["numberMatched"] as? Int)
        }
    }

    @Test func entityTagsAndCORS() async throws {
        let server = try await PublishedDataFixture.server()
        try await server.test { client in
            let first = try await client.json(.get, Self.items + "?limit=5")
            let etag = try #require(first.headers[.eTag])
            #expect(etag.hasPrefix("\"") && etag.hasSuffix("\""))
            #expect(first.headers[.accessControlAllowOrigin] == "*")
            #expect(first.headers[.accessControlExposeHeaders]?.contains("ETag") == true)
            #expect(first.headers[.cacheControl] == "public, max-age=60")
            let again = try await client.json(.get, Self.items + "?limit=5", headers: [.ifNoneMatch: etag])
            #expect(again.status == .notModified)
            #expect(again.headers[.eTag] == etag)
            let other = try await client.json(.get, Self.items + "?limit=6", headers: [.ifNoneMatch: etag])
            #expect(other.status == .ok)
        }
    }

    /// All positions of a GeoJSON FeatureCollection, flattened in order.
    static func coordinates(_ collection: [String: Any]) -> [Double] {
        func flatten(_ value: Any) -> [Double] {
            if let number = value as? Double { return [number] }
            if let list = value as? [Any] { return list.flatMap(flatten) }
            return []
        }
        let features = collection["features"] as? [[String: Any]] ?? []
        return features.flatMap { flatten(($0["geometry"] as? [String: Any])?["coordinates"] ?? []) }
    }
}
