import Foundation
import HTTPTypes
import HummingbirdTesting
import QuartierService
import QuartierTestSupport
import Testing

@testable import QuartierServer

/// A dismissed job (issue 25, item 11): a running one is cancelled at its next step (its worker is free again
/// long before the job would have ended), and a finished one's results are gone (404) after `DELETE`.
@Suite("Dismissed jobs")
struct JobDismissalTests {
    /// Steps the slow process has run, across its jobs.
    static let steps = StepCounter()

    /// A count that a job's thread raises and a test awaits (`changed`: read again after every step).
    final class StepCounter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        let changed = ChangeSignal()
        func increment() {
            lock.withLock { value += 1 }
            changed.notify()
        }
        var count: Int { lock.withLock { value } }
    }

    /// Up to 72,000 steps of 50 ms (an hour) timed by the pipeline's `StepTimer`, as the commands' steps are: it runs
    /// until it is dismissed, however late a loaded machine answers the DELETE (with 600 and then 3,000 steps, a
    /// DELETE answered after 30 s and after 150 s found it finished).
    static let cap = 72_000

    static let slow = ProcessDefinition(
        id: "slow", title: "Slow", description: "Up to 72,000 timed steps of 50 ms.", inputs: [], outputs: []
    ) { _, _ in
        let timer = StepTimer()
        for step in 0..<Self.cap {
            try timer.measure("step \(step)") {
                usleep(50_000)
                JobDismissalTests.steps.increment()
            }
        }
    }

    @Test func aRunningJobIsCancelledWhenDismissed() async throws {
        var catalog = ProcessCatalog.standard
        catalog.register(Self.slow)
        let server = try TestServer(catalog: catalog)
        try await server.test { client in
            let submitted = try await client.submit("slow", [:])
            let id = try #require(submitted.json["jobID"] as? String, "\(submitted.json)")
            #expect(try await Self.steps.changed.wait(until: .now + .seconds(60)) { Self.steps.count >= 3 })
            #expect(server.environment.scheduler.runningCount == 1)
            let dismissed = try await client.json(.delete, "/jobs/\(id)", headers: TestServer.auth)
            #expect(dismissed.status == .ok && dismissed.json["status"] as? String == "dismissed")
            let clock = ContinuousClock.now
            // The worker is free again once the run has stopped (a condition with a deadline, not a fixed wait).
            let scheduler = server.environment.scheduler
            #expect(try await client.wait(seconds: 20) { _ in scheduler.runningCount == 0 }, "the dismissed job still runs")
            let stoppedAfter = ContinuousClock.now - clock
            // The worker is free once the job's thread has delivered its end: no step can follow.
            let stepsAtStop = Self.steps.count
            #expect(stepsAtStop < Self.cap, "the run did not stop early")
            #expect(try await client.json(.get, "/jobs/\(id)").status == .notFound, "a dismissed job is gone")
            #expect(try server.environment.store.job(id)?.status == .dismissed)
            #expect(!FileManager.default.fileExists(atPath: server.environment.store.partialFolder(of: id)))
            print("figures: dismissed running job stopped after \(stoppedAfter) (\(stepsAtStop) of \(Self.cap) steps)")
        }
    }

    @Test func aDismissedJobsResultsAreGone() async throws {
        let server = try TestServer()
        try await server.test { client in
            let inputs: [String: JSONValue] = [
                "areas": .string("Geodata/berlin_lor_2021/berlin_lor_2021.gpkg"), "layer": .string("bezirke"),
                "id": .string("BEZ_ID"),
                "points": .string("Geodata/berlin_education_facilities/kitas_berlin_2022-12.geojson"),
            ]
            let submitted = try await client.submit("count", inputs)
            let id = try #require(submitted.json["jobID"] as? String, "\(submitted.json)")
            #expect(try await client.poll(id)["status"] as? String == "successful")
            let results = try await client.json(.get, "/jobs/\(id)/results", headers: TestServer.auth)
            let files = results.json.keys.sorted()
            #expect(results.status == .ok && !files.isEmpty)
            #expect(try await client.json(.delete, "/jobs/\(id)", headers: TestServer.auth).status == .ok)
            #expect(try await client.json(.get, "/jobs/\(id)").status == .notFound)
            #expect(try await client.json(.delete, "/jobs/\(id)", headers: TestServer.auth).status == .notFound)
            #expect(try await client.json(.get, "/jobs/\(id)/results", headers: TestServer.auth).status == .notFound)
            for file in files {
                let answer = try await client.file("/jobs/\(id)/results/\(file)")
                #expect(answer.status == .notFound, "\(file) is still served after DELETE")
            }
            #expect(!FileManager.default.fileExists(atPath: server.environment.store.folder(of: id)))
        }
    }

    @Test func aDismissedPublishedJobLeavesServiceAtOnce() async throws {
        let server = try await PublishedDataFixture.server()
        try await server.test { client in
            let job = try #require(try server.environment.store.latestJob(origin: "publish:lor.toml"))
            #expect(try await client.json(.get, "/collections/planungsraeume").status == .ok)
            #expect(try await client.json(.delete, "/jobs/\(job.id)", headers: TestServer.auth).status == .ok)
            // The very next requests: no collection, tileset, style or result file of the dismissed job.
            for uri in [
                "/collections/planungsraeume", "/tiles/planungsraeume.json", "/styles/lor.json",
                "/jobs/\(job.id)/results", "/jobs/\(job.id)/results/style.json",
            ] {
                #expect(try await client.json(.get, uri).status == .notFound, "\(uri)")
            }
        }
    }

    /// Dismissed after the scheduler claimed it but before its thread started (`cancel` finds no thread then): the
    /// job must not run at all.
    @Test func aJobDismissedBeforeItsThreadStartsNeverRuns() async throws {
        // Its own process and counter: the other tests of the suite run `slow` at the same time.
        let ran = StepCounter()
        let once = ProcessDefinition(
            id: "once", title: "Once", description: "Counts its runs.", inputs: [], outputs: []
        ) {
            _, _ in
            let timer = StepTimer()
            try timer.measure("the step") { ran.increment() }
        }
        var catalog = ProcessCatalog.standard
        catalog.register(once)
        let server = try TestServer(catalog: catalog)
        let environment = server.environment
        let slow = try #require(catalog.process("once"))
        let (submitted, _) = try environment.scheduler.submit(slow, inputs: [:])
        let claimed = try #require(try environment.store.claimNext())
        #expect(claimed.id == submitted.id && claimed.status == .running)
        #expect(try environment.store.dismiss(claimed.id) != nil)
        #expect(!environment.scheduler.cancel(claimed.id), "no thread to cancel yet")
        await environment.scheduler.execute(claimed)
        #expect(ran.count == 0, "its step did not run")
        #expect(try environment.store.job(claimed.id)?.status == .dismissed)
        #expect(!FileManager.default.fileExists(atPath: environment.store.folder(of: claimed.id)))
    }
}
