import Dispatch
import Foundation
import QuartierAccess
import QuartierModel
import Testing

/// A measure run on a thread that has been cancelled (a dismissed server job) starts no slice of origins and
/// returns nothing: it throws `.cancelled`, so no incomplete column can reach an output. That the check also
/// stops a measure already under way is tested on a live job (`LongStepCancellationTests`).
@Suite("Access measures on a cancelled thread")
struct AccessCancellationTests {
    /// Runs `work` on a thread of its own that cancels itself first; waits for it (a deadline, not a time window).
    static func onCancelledThread(_ work: @escaping @Sendable () throws -> Void) -> Result<Void, any Error>? {
        final class Box: @unchecked Sendable { var result: Result<Void, any Error>? }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            Thread.current.cancel()
            box.result = Result { try work() }
            done.signal()
        }
        thread.start()
        guard done.wait(timeout: .now() + 300) == .success else { return nil }
        return box.result
    }

    static let origins = (0..<5_000).map { Coordinate(x: Double($0 % 100) * 10, y: Double($0 / 100) * 10) }
    static let facilities = [Coordinate(x: 5, y: 5), Coordinate(x: 505, y: 255), Coordinate(x: 995, y: 495)]

    @Test func everyMeasureThrowsCancelled() throws {
        let runs: [(String, @Sendable () throws -> Void)] = [
            ("nearest", { _ = try Nearest.compute(origins: Self.origins, facilities: Self.facilities, k: 2) }),
            ("gravity", {
                _ = try Gravity.compute(
                    origins: Self.origins, facilities: Self.facilities, decay: .power(beta: 1), maxDistance: 1e6)
            }),
            ("cumulative", {
                _ = try CumulativeOpportunities.compute(origins: Self.origins, facilities: Self.facilities, radius: 300)
            }),
            ("2sfca", {
                _ = try FloatingCatchment.twoStep(
                    origins: Self.origins, demand: Array(repeating: 1, count: Self.origins.count),
                    facilities: Self.facilities, radius: 300)
            }),
        ]
        for (name, run) in runs {
            let result = try #require(Self.onCancelledThread(run), "\(name) did not end")
            #expect(throws: AccessError.cancelled, "\(name)") { try result.get() }
        }
        // The same measure on a thread that is not cancelled computes as always.
        let plain = try Nearest.compute(origins: Self.origins, facilities: Self.facilities)
        #expect(plain.states.allSatisfy { $0 == .ok })
    }
}
