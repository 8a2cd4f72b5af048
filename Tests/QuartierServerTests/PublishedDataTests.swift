import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import QuartierServer
import QuartierService
import QuartierTestSupport
import Synchronization
import Testing

/// The published data switch to a new version atomically: while a new job replaces the old one, readers that
/// request the collections, a page of items, the hotspot diff, the TileJSON and a tile at the same time get
/// every answer wholly from one version, never an error, and once one answer came from the new version no
/// later one comes from the old: from then on only the new version is served.
@Suite("PublishedData")
struct PublishedDataTests {
    /// What is read, and how an answer names its version.
    enum Kind: CaseIterable {
        case collections, items, diff, tileJSON, tile

        func path(_ tile: (Int, Int, Int)) -> String {
            switch self {
            case .collections: "/collections"
            case .items: "/collections/hotspots/items?limit=20"
            case .diff: "/collections/\(WatchedAnalysis.diffCollection)/items?limit=10"
            case .tileJSON: "/tiles/hotspots.json"
            case .tile: "/tiles/hotspots/\(tile.0)/\(tile.1)/\(tile.2).mvt"
            }
        }
    }

    /// One answer: when it was asked and answered, its status, and what identifies its version — the ETag for
    /// the collections and a tile, the body for a page of items, the TileJSON's `version`, the diff's jobs.
    struct Answer: Sendable {
        var kind: Kind
        var start: ContinuousClock.Instant
        var end: ContinuousClock.Instant
        var status: HTTPResponse.Status
        var identity: String
    }

    /// Set when the readers are to stop; the answers they have had so far (`changed`: notified after each).
    final class Stop: Sendable {
        let flag = Atomic(false)
        let answers = Mutex<[Answer]>([])
        let changed = ChangeSignal()

        func append(_ answer: Answer) {
            answers.withLock { $0.append(answer) }
            changed.notify()
        }

        /// How many answers were asked after `instant`.
        func answers(startedAfter instant: ContinuousClock.Instant) -> Int {
            answers.withLock { $0.filter { $0.start > instant }.count }
        }
    }

    static func read(_ kind: Kind, _ client: some TestClientProtocol, tile: (Int, Int, Int)) async throws -> Answer {
        let start = ContinuousClock.now
        let (status, etag, body) = try await client.execute(
            uri: kind.path(tile), method: .get, headers: TestServer.readAuth
        ) { response in
            (response.status, response.headers[.eTag] ?? "", Data(response.body.readableBytesView))
        }
        let end = ContinuousClock.now
        let json = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
        let identity: String
        switch kind {
        case .collections, .tile: identity = etag
        case .items: identity = String(decoding: body, as: UTF8.self)
        case .tileJSON: identity = json["version"] as? String ?? ""
        case .diff:
            // Every feature of the page must name the same two jobs; a mix shows as several pairs.
            let pairs = Set(
                (json["features"] as? [[String: Any]] ?? []).map { feature in
                    let properties = feature["properties"] as? [String: Any] ?? [:]
                    return "\(properties["job_before"] as? String ?? "?")→\(properties["job_after"] as? String ?? "?")"
                })
            identity = pairs.sorted().joined(separator: " ")
        }
        return Answer(kind: kind, start: start, end: end, status: status, identity: identity)
    }

    /// Every kind read once, one after the other.
    static func snapshot(_ client: some TestClientProtocol, tile: (Int, Int, Int)) async throws -> [Kind: String] {
        var result: [Kind: String] = [:]
        for kind in Kind.allCases {
            let answer = try await read(kind, client, tile: tile)
            #expect(answer.status == .ok, "\(kind)")
            result[kind] = answer.identity
        }
        return result
    }

    @Test func aNewJobReplacesTheServedVersionAtomically() async throws {
        let analysis = try WatchedAnalysis()
        let server = try analysis.server()
        let store = server.environment.store
        let (x, y) = TileRoutesTests.tile(13.4132, 52.5219, zoom: 10)
        let tile = (10, x, y)  // over Alexanderplatz, in Mitte, whose S4 each delivery changes
        try await server.test { client in
            #expect(try await client.waitUntilReady().status == .ok)
            let first = try #require(try store.latestJob(origin: WatchedAnalysis.origin))
            // Version A: the first delivery against the original table (so that A has a diff too).
            try analysis.deliver(bezirk: "01", s4: "60.0")
            let second = try #require(try await WatchedAnalysis.nextJob(store, after: first.id)?.job)
            #expect(try await client.poll(second.id)["status"] as? String == "successful")
            // The server re-reads its published jobs on a request, trusting what it read for a second: there is no
            // event to wait on, so a short poll with a deadline until the diff names the new job; then every kind
            // answers from it.
            let expected = "\(first.id)→\(second.id)"
            let deadline = ContinuousClock.now + .seconds(60)
            while try await Self.read(.diff, client, tile: tile).identity != expected, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
            }
            let a = try await Self.snapshot(client, tile: tile)
            #expect(a[.diff] == "\(first.id)→\(second.id)")

            // Version B: the second delivery, while four readers request every kind in turn.
            let stop = Stop()
            let (answers, third, done) = try await withThrowingTaskGroup(of: [Answer].self) { group in
                for reader in 0..<4 {
                    group.addTask {
                        var answers: [Answer] = []
                        var turn = reader
                        while !stop.flag.load(ordering: .relaxed) {
                            let answer = try await Self.read(
                                Kind.allCases[turn % Kind.allCases.count], client, tile: tile)
                            answers.append(answer)
                            stop.append(answer)
                            turn += 1
                            try await Task.sleep(for: .milliseconds(5))
                        }
                        return answers
                    }
                }
                // The readers have answers from A before the delivery (a condition, not a time window).
                let asked = try await stop.changed.wait(until: .now + .seconds(120)) {
                    stop.answers.withLock { $0.count } >= 8
                }
                #expect(asked, "the readers got no answers")
                try analysis.deliver(bezirk: "01", s4: "5.0")
                let third = try #require(try await WatchedAnalysis.nextJob(store, after: second.id)?.job)
                #expect(try await client.poll(third.id)["status"] as? String == "successful")
                let done = ContinuousClock.now
                // Until the new version is served, then until the readers have asked 40 more times (conditions with a
                // deadline, not a time window: on a loaded machine the readers may be slow).
                // The new version is served on a request once the second the server trusts its last read has
                // passed: no event, so a short poll with the deadline. The readers' answers are events.
                let deadline = done + .seconds(120)
                while try await Self.read(.tileJSON, client, tile: tile).identity == a[.tileJSON],
                    ContinuousClock.now < deadline
                {
                    try await Task.sleep(for: .milliseconds(50))
                }
                let served = ContinuousClock.now
                _ = try await stop.changed.wait(until: deadline) { stop.answers(startedAfter: served) >= 40 }
                stop.flag.store(true, ordering: .relaxed)
                var all: [Answer] = []
                for try await list in group { all += list }
                return (all, third, done)
            }
            let b = try await Self.snapshot(client, tile: tile)
            #expect(b[.diff] == "\(second.id)→\(third.id)")
            for kind in Kind.allCases { #expect(a[kind] != b[kind], "\(kind) differs between the versions") }

            #expect(answers.allSatisfy { $0.status == .ok }, "never an error: \(Set(answers.map(\.status.code)))")
            let unknown = answers.filter { $0.identity != a[$0.kind] && $0.identity != b[$0.kind] }
            #expect(
                unknown.isEmpty,
                "every answer wholly from A or B: \(unknown.prefix(3).map { "\($0.kind): \($0.identity.prefix(200))" })"
            )
            let old = answers.filter { $0.identity == a[$0.kind] }
            let new = answers.filter { $0.identity == b[$0.kind] }
            #expect(!old.isEmpty && !new.isEmpty, "the readers saw the switch")
            // After the first answer from B: only B (no answer from A asked later), and the readers went on.
            let firstNew = try #require(new.map(\.end).min())
            let afterSwitch = answers.filter { $0.start > firstNew }
            let late = afterSwitch.filter { $0.identity != b[$0.kind] }
            #expect(late.isEmpty, "no answer from A asked after one from B was given: \(late.map(\.kind))")
            #expect(afterSwitch.count >= 20, "\(afterSwitch.count) answers after the switch")
            #expect(firstNew - done < .seconds(120), "served after the job's end")
            let latencies = answers.map { ($0.end - $0.start) / .milliseconds(1) }.sorted()
            let switched = (firstNew - done) / .milliseconds(1)
            print(
                "figures: \(answers.count) answers during the switch (\(old.count) from A, \(new.count) from B), none mixed or failed; first B answer \(Int(switched)) ms after the job's end; answer time median \(Int(latencies.isEmpty ? 0 : latencies[latencies.count / 2])) ms, slowest \(Int(latencies.last ?? 0)) ms, \(latencies.filter { $0 > 250 }.count) over 250 ms"
            )
        }
    }
}
