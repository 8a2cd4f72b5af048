import Hummingbird
import NIOCore

extension ServerRoutes {
    /// `GET /metrics`: the Prometheus text exposition of `ServerMetrics`; the jobs-per-state gauges are read
    /// from the store at each scrape.
    static func addOperationsRoutes(_ table: RouteTable<Context>, _ environment: ServerEnvironment) {
        table.add(.get, "/metrics", "Prometheus metrics (text format 0.0.4)", responses: [200: "the metrics"],
            types: ["text/plain; version=0.0.4; charset=utf-8"]) { _, _ in
            environment.metrics.jobCounts(try environment.store.counts())
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: environment.metrics.exposition())))
        }
    }
}
