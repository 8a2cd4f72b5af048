import CoreMetrics
import Metrics
import Prometheus

/// Every metric the server exports at `/metrics` (Prometheus text format 0.0.4), defined in one place.
/// Metrics are made through swift-metrics' API with a Prometheus factory of this server's own registry (not
/// the process-wide `MetricsSystem`, so several servers in one test process do not share counts).
///
/// | name | type | labels | meaning |
/// |---|---|---|---|
/// | `quartier_http_requests_total` | counter | `method`, `route`, `status` | requests answered |
/// | `quartier_http_request_duration_seconds` | histogram | `method`, `route` | time to the response head |
/// | `quartier_jobs` | gauge | `state` | jobs in the store per state (read at each scrape) |
/// | `quartier_job_duration_seconds` | histogram | `process`, `outcome` (`successful`/`failed`) | run time of jobs |
/// | `quartier_input_files_watched` | gauge | — | files in the watched input folders at the last scan |
/// | `quartier_tile_requests_total` | counter | — | tile requests (`tileRequested()`) |
/// | `quartier_tile_cache_hits_total` | counter | — | tile requests answered from a cache (`tileCacheHit()`) |
///
/// `route` is the route pattern (`/jobs/{jobId}`), never the raw path, so job ids do not create series;
/// unmatched paths count as `NotFound`.
package final class ServerMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    let factory: PrometheusMetricsFactory
    private let tileRequests: CoreMetrics.Counter
    private let tileCacheHits: CoreMetrics.Counter
    /// The request counter and timer of each (method, route, status), made once: making a metric looks it up in
    /// the registry under its lock, which would otherwise happen twice on every request.
    private let requestMetrics = Locked([RequestKey: RequestRecorder]())

    /// The counter and timer of one (method, route, status).
    package struct RequestRecorder: Sendable {
        let counter: CoreMetrics.Counter
        let timer: CoreMetrics.Timer

        /// Counts and times one request.
        package func record(_ duration: Duration) {
            counter.increment()
            timer.recordInterval(duration)
        }
    }

    private struct RequestKey: Hashable {
        let method: String
        let route: String
        let status: Int
    }

    package init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // Requests: 1 ms to 10 s. Jobs: 0.1 s to 1 h (a published analysis with many permutations is minutes).
        factory.durationHistogramBuckets["quartier_http_request_duration_seconds"] = [
            .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
            .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(10),
        ]
        factory.durationHistogramBuckets["quartier_job_duration_seconds"] = [
            .milliseconds(100), .milliseconds(500), .seconds(1), .seconds(5), .seconds(15), .seconds(60),
            .seconds(300), .seconds(900), .seconds(3600),
        ]
        self.factory = factory
        tileRequests = CoreMetrics.Counter(label: "quartier_tile_requests_total", factory: factory)
        tileCacheHits = CoreMetrics.Counter(label: "quartier_tile_cache_hits_total", factory: factory)
    }

    /// Counts and times one HTTP request.
    package func requestAnswered(method: String, route: String, status: Int, duration: Duration) {
        recorder(method: method, route: route, status: status).record(duration)
    }

    /// The recorder of (method, route, status), for callers that keep it (the tile fast path).
    package func recorder(method: String, route: String, status: Int) -> RequestRecorder {
        let key = RequestKey(method: method, route: route, status: status)
        return requestMetrics.withLock { made in
            if let recorder = made[key] { return recorder }
            let recorder = RequestRecorder(
                counter: CoreMetrics.Counter(
                    label: "quartier_http_requests_total",
                    dimensions: [("method", method), ("route", route), ("status", String(status))], factory: factory),
                timer: CoreMetrics.Timer(
                    label: "quartier_http_request_duration_seconds", dimensions: [("method", method), ("route", route)],
                    factory: factory))
            made[key] = recorder
            return recorder
        }
    }

    /// Times one finished job.
    package func jobFinished(process: String, succeeded: Bool, duration: Duration) {
        CoreMetrics.Timer(
            label: "quartier_job_duration_seconds",
            dimensions: [("process", process), ("outcome", succeeded ? "successful" : "failed")], factory: factory
        ).recordInterval(duration)
    }

    /// Sets the jobs-per-state gauges.
    package func jobCounts(_ counts: [JobStatus: Int]) {
        for (state, count) in counts {
            CoreMetrics.Gauge(label: "quartier_jobs", dimensions: [("state", state.rawValue)], factory: factory).record(
                count)
        }
    }

    /// The number of files the last scan of the watched folders found.
    package func inputFilesWatched(_ count: Int) {
        CoreMetrics.Gauge(label: "quartier_input_files_watched", factory: factory).record(count)
    }

    /// A tile was requested (for the tile routes).
    package func tileRequested() { tileRequests.increment() }

    /// A tile request was answered from a cache (for the tile routes).
    package func tileCacheHit() { tileCacheHits.increment() }

    /// The registry in Prometheus text format.
    package func exposition() -> String { registry.emitToString() }
}

extension CoreMetrics.Timer {
    /// Records a `Duration` in nanoseconds (swift-metrics' unit for timers).
    func recordInterval(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
