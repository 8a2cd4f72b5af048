import Foundation

/// One timed step of a run: the records of `manifest.json` and `--timings`.
package struct StepTiming: Codable, Sendable, Equatable {
    package var name: String
    package var seconds: Double
}

/// Measures the steps of a run with a monotonic clock.
package final class StepTimer {
    package private(set) var steps: [StepTiming] = []

    package init() {}

    /// Runs `body` and records how long it took under `name`; first stops the run if its thread has been
    /// cancelled (`RunCancellation`: a dismissed server job).
    package func measure<T>(_ name: String, _ body: () throws -> T) throws -> T {
        try RunCancellation.check()
        let clock = ContinuousClock()
        let start = clock.now
        let result = try body()
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        steps.append(StepTiming(name: name, seconds: (seconds * 1e6).rounded() / 1e6))
        return result
    }

    /// `{"steps":[{"name":…, "seconds":…}]}`, the format of `--timings FILE`.
    package func write(to path: String) throws {
        try FileSupport.writeAtomically(try FileSupport.json(["steps": steps]), to: path)
    }
}

@available(*, unavailable)
extension StepTimer: Sendable {}

/// Progress lines for long runs, on a terminal only (stderr is a TTY); silent in logs and pipes.
package final class ProgressReporter {
    package let isEnabled: Bool
    private var lastLength = 0

    package init(enabled: Bool? = nil) {
        isEnabled = enabled ?? (isatty(STDERR_FILENO) != 0)
    }

    /// Replaces the current progress line.
    package func update(_ text: String) {
        guard isEnabled else { return }
        let padding = String(repeating: " ", count: max(0, lastLength - text.count))
        FileHandle.standardError.write(Data("\r\(text)\(padding)".utf8))
        lastLength = text.count
    }

    /// Clears the progress line.
    package func finish() {
        guard isEnabled, lastLength > 0 else { return }
        FileHandle.standardError.write(Data(("\r" + String(repeating: " ", count: lastLength) + "\r").utf8))
        lastLength = 0
    }
}

@available(*, unavailable)
extension ProgressReporter: Sendable {}
