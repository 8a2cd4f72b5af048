import Foundation
import HTTPTypes
import HummingbirdTesting
import QuartierServer
import QuartierService
import QuartierTestSupport
import Testing

/// `/collections/{collectionId}/items/{featureId}/series`: the `[[series]]` table of a published analysis (children
/// under 6 on the 542 Planungsräume, 8 half-years), per area, as the atlas and the profiles read it.
@Suite("Series route")
struct SeriesRouteTests {
    static let analysis = """
        version = 1
        [analysis]
        name = "reihe"
        working_crs = "EPSG:25833"
        [inputs.planungsraeume]
        source = "lor.gpkg"
        layer = "planungsraeume_2021"
        id = "PLR_ID"
        [inputs.einwohner]
        source = "einwohner.csv"
        [areas]
        input = "planungsraeume"
        [[series]]
        name = "kinder"
        columns = ["inhabitants_age_below_6", "inhabitants"]
        time = "stichtag"
        table = "einwohner"
        [outputs.planungsraeume]
        formats = ["gpkg"]
        """

    static let series = TestSupport.geodata(
        "berlin_population_lor_series/einwohner_plr_lor2021_2021-06-30_2024-12-31.csv")

    @Test func anAreasSeriesInTimeOrder() async throws {
        let data = try TestSupport.temporaryFolder("quartier-series-data")
        defer { try? FileManager.default.removeItem(at: data) }
        try FileManager.default.copyItem(
            atPath: TestSupport.berlinLOR, toPath: data.appendingPathComponent("lor.gpkg").path)
        try FileManager.default.copyItem(atPath: Self.series, toPath: data.appendingPathComponent("einwohner.csv").path)
        try Self.analysis.write(to: data.appendingPathComponent("reihe.toml"), atomically: true, encoding: .utf8)
        let server = try TestServer(dataFolder: data.path) { $0.publish = ["reihe.toml"] }
        try await server.test { client in
            let ready = try await client.waitUntilReady(seconds: 300)
            #expect(ready.status == .ok, "\(ready.json)")
            // The collection and its series are internal (no tier declared): the read token reads them.
            let path = "/collections/planungsraeume/items/01100101/series"
            #expect(try await client.json(.get, path).status == .unauthorized)
            let answer = try await client.json(.get, path, headers: TestServer.readAuth)
            #expect(answer.status == .ok, "\(answer.json)")
            let series = try #require((answer.json["series"] as? [[String: Any]])?.first)
            #expect(series["name"] as? String == "kinder")
            #expect(series["time_field"] as? String == "stichtag")
            #expect(series["columns"] as? [String] == ["inhabitants_age_below_6", "inhabitants"])
            let steps = series["steps"] as? [[String: Any]] ?? []
            #expect(steps.compactMap { $0["time"] as? String }.first == "2021-06-30")
            #expect(steps.compactMap { $0["time"] as? String }.last == "2024-12-31")
            #expect(steps.count == 8)
            // The values are those of the source table, row for row.
            let rows = try String(contentsOfFile: Self.series, encoding: .utf8).split(separator: "\n")
                .filter { $0.hasPrefix("01100101,") }.map { $0.split(separator: ",", omittingEmptySubsequences: false) }
            let expected = rows.compactMap { Double($0[3]) }
            let served = steps.compactMap { (($0["values"] as? [String: Any])?["inhabitants_age_below_6"] as? Double) }
            #expect(served == expected)
            let staff = TestServer.readAuth
            #expect(
                try await client.json(.get, "/collections/planungsraeume/items/nope/series", headers: staff).status
                    == .notFound)
            #expect(try await client.json(.get, path + "?x=1", headers: staff).status == .badRequest)
            let api = try await client.json(.get, "/api").json["paths"] as? [String: Any] ?? [:]
            #expect(api["/collections/{collectionId}/items/{featureId}/series"] != nil)
        }
    }

    /// The fixture's analysis has no series (and publishes with suppression): 404 naming why.
    @Test func aCollectionWithoutSeriesAnswers404() async throws {
        let server = try await PublishedDataFixture.server()
        try await server.test { client in
            let answer = try await client.json(.get, "/collections/planungsraeume/items/01100101/series")
            #expect(answer.status == .notFound)
            #expect("\(answer.json)".contains("no series"))
        }
    }

    /// `/analyses/{analysis}/goals`: the series with a catalogue target (children under 6 at least 60 per area by
    /// 2026) answers its summary with the read token only; an unknown analysis is 404.
    @Test func theGoalsOfAnAnalysis() async throws {
        let data = try TestSupport.temporaryFolder("quartier-goals-data")
        defer { try? FileManager.default.removeItem(at: data) }
        try FileManager.default.copyItem(
            atPath: TestSupport.berlinLOR, toPath: data.appendingPathComponent("lor.gpkg").path)
        try FileManager.default.copyItem(atPath: Self.series, toPath: data.appendingPathComponent("einwohner.csv").path)
        let catalogue = """
            version = 1
            [indicators.kinder_u6]
            title = "Kinder unter 6 Jahren"
            definition = "Einwohnerinnen und Einwohner unter 6 Jahren"
            source = "Einwohnerregister"
            reference_date = "2024-12-31"
            licence = "CC BY 3.0 DE"
            attribution = "© Amt für Statistik Berlin-Brandenburg"
            polarity = "neutral"
            [[indicators.kinder_u6.targets]]
            value = 60
            direction = "at_least"
            level = "areas"
            deadline = "2026"
            source = "Test"
            owner = "Jugendamt"
            """
        try catalogue.write(to: data.appendingPathComponent("katalog.toml"), atomically: true, encoding: .utf8)
        let analysis =
            Self.analysis.replacingOccurrences(of: "version = 1\n", with: "version = 1\ncatalogue = \"katalog.toml\"\n")
            + "\n[indicators]\ninhabitants_age_below_6 = \"kinder_u6\"\n"
        try analysis.write(to: data.appendingPathComponent("reihe.toml"), atomically: true, encoding: .utf8)
        let server = try TestServer(dataFolder: data.path) { $0.publish = ["reihe.toml"] }
        try await server.test { client in
            let ready = try await client.waitUntilReady(seconds: 300)
            #expect(ready.status == .ok, "\(ready.json)")
            #expect(try await client.json(.get, "/analyses/reihe/goals").status == .unauthorized)
            let answer = try await client.json(.get, "/analyses/reihe/goals", headers: TestServer.readAuth)
            #expect(answer.status == .ok, "\(answer.json)")
            let goal = try #require((answer.json["goals"] as? [[String: Any]])?.first)
            #expect(goal["series"] as? String == "kinder" && goal["indicator"] as? String == "kinder_u6")
            let counts = goal["counts"] as? [String: Int] ?? [:]
            #expect(counts.values.reduce(0, +) == 542)
            #expect(
                try await client.json(.get, "/analyses/nope/goals", headers: TestServer.readAuth).status == .notFound)
        }
    }
}
