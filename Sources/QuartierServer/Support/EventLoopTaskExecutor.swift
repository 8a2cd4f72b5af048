package import NIOCore
import NIOPosix

/// A Swift task executor that runs jobs on NIO's event loops: the executor `quartier serve` runs on.
///
/// `quartier serve` installs the event loops as Swift's global executor (`QuartierServer.run`), so every task of
/// the server (routes, scheduler, published data, watcher) runs on an event loop and never waits for a thread of
/// Swift's cooperative pool. A process that cannot install them globally (a test process, where the pool is shared
/// with every other test and may be busy with blocking work) runs the server under this executor as a task
/// preference instead (`QuartierServer.onEventLoops`), which child tasks inherit: the server then runs as
/// deployed. Blocking work never runs here: jobs and scans go to threads of their own (`JobOutputs.onThread`).
package final class EventLoopTaskExecutor: TaskExecutor {
    private let group: any EventLoopGroup

    /// - Parameter group: the event loops: NIO's process-wide group (the one Hummingbird serves on) by default.
    package init(_ group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.group = group
    }

    package func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        // `any()` keeps a job on the event loop it was enqueued from, as NIO's own executor does.
        group.any().execute { job.runSynchronously(on: executor) }
    }

    /// The executor over NIO's process-wide event loops.
    package static let shared = EventLoopTaskExecutor()
}

extension QuartierServer {
    /// Runs `body` (and every child task it starts) on event loops, as `quartier serve` runs: NIO's process-wide
    /// ones by default, or a group of the caller's (a test's server on loops of its own, which no other test's
    /// blocking code can stall).
    package static func onEventLoops<T>(
        _ executor: EventLoopTaskExecutor = .shared, _ body: () async throws -> T
    ) async rethrows -> T {
        try await withTaskExecutorPreference(executor) { try await body() }
    }
}
