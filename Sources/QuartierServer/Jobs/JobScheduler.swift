import Foundation
package import Logging
package import QuartierModel
package import QuartierService
import ServiceLifecycle

/// Runs accepted jobs from the store on a bounded pool of worker threads (`[jobs] workers`), oldest first.
/// A service of the application: it starts with the server, stops taking jobs on graceful shutdown and waits
/// for the running ones (a GDAL call cannot be interrupted).
package final class JobScheduler: Service, Sendable {
    package let store: JobStore
    package let catalog: ProcessCatalog
    package let dataFolder: DataFolder
    let workers: Int
    private let maxQueued: Locked<Int>
    let metrics: ServerMetrics
    let logger: Logger
    /// Running jobs' deliveries: calling one ends the job's wait at once (shutdown timeout).
    let inFlight = Locked<[String: @Sendable (Result<[String], any Error>) -> Void]>([:])
    /// Running jobs' threads: cancelling one stops its run at the next step (a dismissed job).
    let threads = Locked<[String: Thread]>([:])
    let bell: (stream: AsyncStream<Void>, continuation: AsyncStream<Void>.Continuation)
    let freeSlots: Locked<Int>
    /// Set on graceful shutdown: no job is claimed after it.
    let stopping = Locked(false)

    /// The queue is full: HTTP 429 (answered by the route). Neither the input's fault nor a fault of the
    /// server: classified internal should it ever reach the generic edge.
    package struct QueueFull: QuartierFailure {
        package var kind: FailureKind { .internalFailure }
        package var description: String { "too many jobs are already waiting" }
    }

    package init(store: JobStore, catalog: ProcessCatalog, dataFolder: DataFolder, workers: Int, maxQueued: Int,
        metrics: ServerMetrics, logger: Logger
    ) {
        self.store = store
        self.catalog = catalog
        self.dataFolder = dataFolder
        self.workers = workers
        self.maxQueued = Locked(maxQueued)
        self.metrics = metrics
        self.logger = logger
        bell = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        freeSlots = Locked(workers)
    }

    /// Checks the inputs, stores an accepted job and wakes a worker.
    /// - Throws: `InputError` (400) for bad inputs, `QueueFull` (429), store errors (500).
    package func submit(
        _ process: ProcessDefinition, inputs: [String: JSONValue], published: Bool = false, origin: String? = nil
    ) throws -> (job: JobRecord, inputBytes: Int) {
        let checked = try ProcessInputs(inputs, for: process, dataFolder: dataFolder)
        let text = String(decoding: try JSONEncoder().encode(inputs), as: UTF8.self)
        let job = JobRecord(
            id: UUID().uuidString.lowercased(), process: process.id, inputs: text,
            published: published || process.publishesResults, origin: origin,
            created: Date())
        guard try store.enqueue(job, limit: maxQueued.withLock { $0 }) else { throw QueueFull() }
        bell.continuation.yield()
        return (job, checked.fileBytes)
    }

    /// Waits until a job has finished or `timeout` has passed; returns the job as stored then. The job is read
    /// again after every change to the store (`JobStore.changes`), not at intervals.
    package func wait(for id: String, timeout: Duration) async throws -> JobRecord? {
        _ = try await store.changes.wait(until: ContinuousClock.now + timeout) {
            try store.job(id)?.status.isFinished ?? true
        }
        return try store.job(id)
    }

    package func run() async throws {
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                var rings = bell.stream.makeAsyncIterator()
                repeat {
                    while !stopping.withLock({ $0 }), takeSlot() {
                        let next: JobRecord?
                        do {
                            next = try store.claimNext()
                        } catch {
                            logger.error("cannot read the job queue: \(error)")
                            next = nil
                        }
                        guard let job = next else {
                            freeSlots.withLock { $0 += 1 }
                            break
                        }
                        group.addTask {
                            await self.execute(job)
                            self.freeSlots.withLock { $0 += 1 }
                            // The running count changed after the job's last store write: wake its waiters too.
                            self.store.changes.notify()
                            self.bell.continuation.yield()
                        }
                    }
                } while await rings.next() != nil
            }
        } onGracefulShutdown: {
            self.stopping.withLock { $0 = true }
            self.bell.continuation.finish()
        }
        // After a drain (`drain(timeout:)`) the loop ends before the service group's shutdown reaches this
        // service; a service that returns early would count as failed.
        try? await gracefulShutdown()
    }

    /// Cancels a running job's thread (a dismissed job): its run stops at its next step (`RunCancellation`), the
    /// execution then removes its partial outputs and the job stays dismissed.
    /// - Returns: whether the job was running here.
    @discardableResult
    package func cancel(_ id: String) -> Bool {
        guard let thread = threads.withLock({ $0[id] }) else { return false }
        thread.cancel()
        logger.with(job: id).notice("job \(id) dismissed while running: cancelled at its next step")
        return true
    }

    /// Changes the queue limit (a reload).
    package func setMaxQueued(_ limit: Int) { maxQueued.withLock { $0 = limit } }

    /// Takes a free worker slot, if there is one.
    private func takeSlot() -> Bool {
        freeSlots.withLock { free in
            guard free > 0 else { return false }
            free -= 1
            return true
        }
    }

    /// Runs one claimed job: into `<id>.partial`, sealed and renamed on success; removed on failure.
    func execute(_ job: JobRecord) async {
        let clock = ContinuousClock.now
        let partial = store.partialFolder(of: job.id)
        let final = store.folder(of: job.id)
        let (catalog, dataFolder) = (catalog, dataFolder)
        let estimate = Task { await self.estimateProgress(of: job) }
        defer { estimate.cancel() }
        let jobLogger = logger.with(job: job.id)
        let outcome = await JobOutputs.onThread(
            register: { deliver in self.inFlight.withLock { $0[job.id] = deliver } },
            started: { thread in self.threads.withLock { $0[job.id] = thread } }
        ) { [store] () throws -> [String] in
            // Dismissed between its claim and this thread's start (when `cancel` found no thread to cancel): the
            // thread is registered before it starts, so a later dismissal cancels it and an earlier one shows here.
            if try store.job(job.id)?.status == .dismissed { Thread.current.cancel() }
            try RunCancellation.check()
            guard let process = catalog.process(job.process) else {
                throw QuartierError.user("process '\(job.process)' is no longer offered by this server")
            }
            try? FileManager.default.removeItem(atPath: partial)
            try FileManager.default.createDirectory(atPath: partial, withIntermediateDirectories: true)
            let values = try JSONDecoder().decode([String: JSONValue].self, from: Data(job.inputs.utf8))
            let inputs = try ProcessInputs(values, for: process, dataFolder: dataFolder)
            try process.run(inputs, JobContext(
                    folder: partial, logger: jobLogger,
                    observationStore: ObservationStore.path(
                        stateFolder: (store.jobsFolder as NSString).deletingLastPathComponent)))
            return try JobOutputs.seal(partial, final: final, redacting: dataFolder)
        }
        inFlight.withLock { $0[job.id] = nil }
        threads.withLock { $0[job.id] = nil }
        do {
            switch outcome {
            case .success(let names):
                let stored = try store.finish(job.id, outputs: names, failure: nil)
                if stored?.status == .dismissed { try? FileManager.default.removeItem(atPath: final) }
            case .failure(let error):
                try? FileManager.default.removeItem(atPath: partial)
                try store.finish(job.id, outputs: nil, failure: failureMessage(error, job: job))
            }
        } catch {
            logger.error("cannot record the end of job \(job.id): \(error)")
        }
        let elapsed = ContinuousClock.now - clock
        metrics.jobFinished(process: job.process, succeeded: (try? outcome.get()) != nil, duration: elapsed)
        jobLogger.info("job \(job.id) (\(job.process)) ended after \(elapsed)")
    }

    /// The message a client sees: what was wrong with the input, without server paths; internal errors are
    /// logged and reported without detail.
    func failureMessage(_ error: any Error, job: JobRecord) -> String {
        if let input = error as? InputError { return dataFolder.redact(input.message) }
        if let stopped = error as? ShutdownTimeout { return stopped.message }
        if FailureKind(of: error) == .badInput {
            return dataFolder.redact("\(error)").replacingOccurrences(of: store.partialFolder(of: job.id) + "/", with: "")
        }
        logger.error("job \(job.id) (\(job.process)) failed: \(error)")
        return "internal error while running the job; the server log has the details"
    }
}
