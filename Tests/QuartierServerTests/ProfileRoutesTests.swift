import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import QuartierServer
import QuartierTestSupport
import Testing

/// Issue 21, item 6: `quartier serve` serves the area profiles of each published analysis, made from its job's
/// public files at the first request (`/profiles/<analysis>/<id>.html`, the index, roll-up levels).
@Suite("Profile routes")
struct ProfileRoutesTests {
    @Test func profilesOfAPublishedAnalysis() async throws {
        let server = try await PublishedDataFixture.server()
        try await server.test { client in
            func page(_ path: String) async throws -> (status: HTTPResponse.Status, text: String, type: String?) {
                try await client.execute(uri: path, method: .get) { response in
                    (
                        response.status, String(decoding: response.body.readableBytesView, as: UTF8.self),
                        response.headers[.contentType]
                    )
                }
            }
            let index = try await page("/profiles/lor/index.html")
            #expect(index.status == .ok && index.type?.hasPrefix("text/html") == true, "\(index.text.prefix(300))")
            #expect(index.text.components(separatedBy: "href=\"").count - 1 >= 542, "every Planungsraum is linked")
            let one = try await page("/profiles/lor/01100101.html")
            #expect(one.status == .ok && one.text.contains("Stülerstraße"), "\(one.text.prefix(300))")
            // Self-contained: nothing is loaded from elsewhere (links to sources may point anywhere).
            #expect(!one.text.contains("src=\"http") && !one.text.contains("@import"), "no external requests")
            #expect(try await page("/profiles/lor/nope.html").status == .notFound)
            #expect(try await page("/profiles/other/index.html").status == .notFound)
            #expect(try await page("/profiles/lor/bezirke/index.html").status == .notFound, "no such level")
            #expect(try await page("/profiles/lor/..%2Fmanifest.json").status == .badRequest)
        }
    }
}
