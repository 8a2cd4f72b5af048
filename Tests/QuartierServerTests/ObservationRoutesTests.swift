import Foundation
import HTTPTypes
import HummingbirdTesting
import QuartierServer
import QuartierService
import QuartierTestSupport
import Testing

/// Issue 22, item 4: `POST /observations` validates and stores records all or none, names the field of an invalid
/// one, needs the write token; `GET /observations/summary` is public and shows the published aggregates only.
@Suite("Observations over HTTP")
struct ObservationRoutesTests {
    static let analysis = "Tests/Fixtures/observations/intake.toml"

    static func server(maxBody: Int? = nil) throws -> TestServer {
        try TestServer { configuration in
            configuration.publish = [analysis]
            if let maxBody { configuration.maxBodyBytes = maxBody }
        }
    }

    static func body(_ records: [[String: Any]], analysis: String? = "intake") throws -> String {
        var document: [String: Any] = ["records": records]
        if let analysis { document["analysis"] = analysis }
        return String(decoding: try JSONSerialization.data(withJSONObject: document), as: UTF8.self)
    }

    static var valid: [String: Any] {
        [
        "theme": "kita_platzmangel", "date": "2024-05-17", "source": "workshop", "rating": 4,
        "text": "ROUTE-NOTE keine Plätze", "key": "01100101",
        ]
    }

    @Test func validRecordsAreStoredAndInvalidOnesNameTheirField() async throws {
        let server = try Self.server()
        let store = server.environment.observations.store
        try await server.test { client in
            let unauthorized = try await client.json(.post, "/observations", body: try Self.body([Self.valid]))
            #expect(unauthorized.status == .unauthorized)

            let stored = try await client.json(
                .post, "/observations", headers: TestServer.auth,
                body: try Self.body([
                    Self.valid,
                    ["theme": "schulweg", "cell": "CRS3035RES100mN3271200E4548300", "rating": "3"],
                    ["theme": "schulweg", "lon": 13.3736, "lat": 52.5033, "source": "provider"],
                ]))
            try #require(stored.status == .created, "\(stored.json)")
            #expect(stored.json["stored"] as? Int == 3 && (stored.json["ids"] as? [Int])?.count == 3)
            #expect(stored.json["observations"] as? String == "notizen")
            #expect(try store.count(analysis: "intake", observations: "notizen") == 3)

            // Each invalid record: 400, a problem document naming the field; nothing of the request is stored.
            let cases: [(record: [String: Any], field: String, words: String)] = [
                (["theme": "spielplatz", "key": "01100101"], "theme", "unknown theme 'spielplatz'"),
                (["theme": "schulweg"], "key", "no place"),
                (["theme": "schulweg", "key": "99999999"], "key", "key of no area"),
                (["theme": "schulweg", "lon": 8.68, "lat": 50.11], "lon", "outside every area"),
                (["theme": "schulweg", "key": "01100101", "rating": 7], "rating", "out of range"),
                (["theme": "schulweg", "key": "01100101", "rating": "viel"], "rating", "not a number"),
                (["theme": "schulweg", "key": "01100101", "date": "2024-02-30"], "date", "not a date"),
                (["theme": "schulweg", "key": "01100101", "name": "Erika"], "name", "unknown member"),
                (["theme": "schulweg", "key": "01100101", "text": String(repeating: "x", count: 5_000)], "text", "at most"),
            ]
            for (record, field, words) in cases {
                let answer = try await client.json(
                    .post, "/observations", headers: TestServer.auth, body: try Self.body([Self.valid, record]))
                #expect(answer.status == .badRequest, "\(field): \(answer.json)")
                #expect(answer.headers[.contentType] == "application/problem+json")
                #expect(answer.json["field"] as? String == field, "\(answer.json)")
                #expect(answer.json["pointer"] as? String == "/records/1/\(field)", "\(answer.json)")
                #expect((answer.json["detail"] as? String)?.contains(words) == true, "\(answer.json)")
            }
            #expect(try store.count(analysis: "intake", observations: "notizen") == 3, "no half-written request")

            let unknown = try await client.json(
                .post, "/observations", headers: TestServer.auth, body: try Self.body([Self.valid], analysis: "nichts"))
            #expect(unknown.status == .notFound, "\(unknown.json)")
            // A 1 MB text is over the default body limit (64 KiB): 413 before the body is read.
            let huge = try Self.body([Self.valid.merging(["text": String(repeating: "x", count: 1_000_000)]) { $1 }])
            let tooLarge = try await client.json(.post, "/observations", headers: TestServer.auth, body: huge)
            #expect(tooLarge.status == .contentTooLarge)
            #expect(try store.count(analysis: "intake", observations: "notizen") == 3)
        }
    }

    @Test func aMegabyteTextWithinTheBodyLimitIsRefusedNamingTheText() async throws {
        let server = try Self.server(maxBody: 4 << 20)
        try await server.test { client in
            let huge = try Self.body([Self.valid.merging(["text": String(repeating: "ü", count: 500_000)]) { $1 }])
            #expect(huge.utf8.count > 1_000_000)
            let answer = try await client.json(.post, "/observations", headers: TestServer.auth, body: huge)
            #expect(answer.status == .badRequest)
            #expect(answer.json["field"] as? String == "text" && answer.json["pointer"] as? String == "/records/0/text")
        }
        #expect(try server.environment.observations.store.count(analysis: "intake", observations: "notizen") == 0)
    }

    @Test func theSummaryIsPublicAndShowsOnlyPublishedAggregates() async throws {
        let server = try Self.server()
        try await server.test { client in
            // Five notes in one Planungsraum: its count is published, the text and the places are not.
            let records = (0..<5).map { i -> [String: Any] in
                ["theme": "kita_platzmangel", "key": "01100101", "text": "SUMMARY-NOTE-\(i)", "rating": 2 + i % 3]
            } + [["theme": "schulweg", "key": "01100103", "text": "SUMMARY-NOTE-5"]]
            let stored = try await client.json(.post, "/observations", headers: TestServer.auth, body: try Self.body(records))
            #expect(stored.status == .created, "\(stored.json)")
            let job = try #require(stored.json["rerun"] as? String)
            let finished = try await client.poll(job)
            #expect(finished["status"] as? String == "successful", "\(finished)")

            let (status, _, summary) = try await client.json(.get, "/observations/summary")
            #expect(status == .ok)
            let data = try JSONSerialization.data(withJSONObject: summary)
            let text = String(decoding: data, as: UTF8.self)
            #expect(!text.contains("SUMMARY-NOTE"), "no free text in the public summary")
            let analysis = try #require((summary["analyses"] as? [[String: Any]])?.first)
            let step = try #require((analysis["observations"] as? [[String: Any]])?.first)
            let levels = try #require(step["levels"] as? [String: Any])
            // Bezirk 01 shows its 5 Kita notes; in the Planungsraum they are hidden, as the zeros of its siblings
            // (below the minimum) would otherwise be pinned by the Bezirksregion's count.
            let bezirke = try #require((levels["bezirke"] as? [String: Any])?["areas"] as? [[String: Any]])
            let bezirk = try #require(bezirke.first { $0["id"] as? String == "01" })
            let kita = try #require((bezirk["themes"] as? [String: Any])?["kita_platzmangel"] as? [String: Any])
            #expect(kita["count"] as? Int == 5, "\(bezirk)")
            let areas = try #require((levels["areas"] as? [String: Any])?["areas"] as? [[String: Any]])
            let area = try #require(areas.first { $0["id"] as? String == "01100101" })
            let hidden = try #require((area["themes"] as? [String: Any])?["kita_platzmangel"] as? [String: Any])
            #expect((hidden["count"] as? [String: Any])?["status"] as? String == "suppressed", "\(area)")
            #expect(levels["bezirke"] != nil)
        }
    }
}
