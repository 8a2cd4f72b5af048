import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QuartierServer
import QuartierService
import Testing

/// `/metrics` (Prometheus text) after real requests and a real job; `X-Request-Id` on every response.
@Suite("ServerMetrics")
struct ServerMetricsTests {
    @Test func exportsRequestsJobsAndTiles() async throws {
        let server = try TestServer()
        let text = try await server.test { client in
            let health = try await client.json(.get, "/health")
            #expect(health.status == .ok)
            let requestID = try #require(health.headers[HTTPField.Name("X-Request-Id")!])
            #expect(!requestID.isEmpty)
            #expect(try await client.json(.get, "/health").headers[HTTPField.Name("X-Request-Id")!] != requestID)
            #expect(try await client.json(.get, "/no-such-page").status == .notFound)
            let job = "00000000-0000-0000-0000-000000000000"
            #expect(try await client.json(.get, "/jobs/\(job)").status == .notFound)
            let submitted = try await client.submit(
                "count",
                [
                    "areas": "Geodata/berlin_lor_2021/berlin_lor_2021.gpkg", "layer": "bezirke", "id": "BEZ_ID",
                    "points": "Geodata/berlin_education_facilities/kitas_berlin_2022-12.geojson",
                ])
            let id = try #require(submitted.json["jobID"] as? String)
            #expect(try await client.poll(id)["status"] as? String == "successful")
            return try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
                return String(buffer: response.body)
            }
        }
        let lines = text.split(separator: "\n").map(String.init)
        func value(_ prefix: String) -> Double? {
            lines.first { $0.hasPrefix(prefix + " ") }.flatMap { $0.split(separator: " ").last.flatMap { Double($0) } }
        }
        #expect(value(#"quartier_http_requests_total{method="GET",route="/health",status="200"}"#) == 2, "\(text)")
        // The route pattern, not the raw path: job ids create no series.
        #expect(value(#"quartier_http_requests_total{method="GET",route="/jobs/{jobId}",status="404"}"#) == 1)
        #expect(!text.contains("00000000-0000"))
        #expect(value(#"quartier_http_requests_total{method="GET",route="NotFound",status="404"}"#) == 1)
        #expect(
            value(#"quartier_http_requests_total{method="POST",route="/processes/{processId}/execution",status="201"}"#)
                == 1)
        #expect(value(#"quartier_http_request_duration_seconds_count{method="GET",route="/health"}"#) == 2)
        #expect(
            lines.contains {
                $0.hasPrefix(#"quartier_http_request_duration_seconds_bucket{method="GET",route="/health",le="0.001"}"#)
            })
        #expect(value(#"quartier_jobs{state="successful"}"#) == 1)
        #expect(value(#"quartier_jobs{state="running"}"#) == 0)
        #expect(value(#"quartier_job_duration_seconds_count{process="count",outcome="successful"}"#) == 1)
        #expect(value("quartier_tile_requests_total") == 0, "counted by the tile routes (TileRoutesTests)")
    }
}
