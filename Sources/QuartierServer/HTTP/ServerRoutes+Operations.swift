import Foundation
import Hummingbird
import NIOCore
import QuartierService

extension ServerRoutes {
    /// `GET /metrics`: the Prometheus text exposition of `ServerMetrics`; the jobs-per-state gauges are read
    /// from the store at each scrape.
    static func addOperationsRoutes(_ table: RouteTable<Context>, _ environment: ServerEnvironment) {
        table.add(.get, "/metrics", "Prometheus metrics (text format 0.0.4)", responses: [200: "the metrics"]) { _, _ in
            environment.metrics.jobCounts(try environment.store.counts())
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: environment.metrics.exposition())))
        }
        table.add(
            .get, "/analyses/diff",
            "Hotspot classes (Gi_Bin) per area: the latest results of ?file= against the previous",
            responses: [200: "the areas whose class is or was significant", 404: "no two results to compare"]
        ) { request, _ in
            try hotspotDiff(request.uri.queryParameters.get("file") ?? "", environment).response()
        }
    }

    /// The diff document of a published analysis: its two latest successful jobs compared area by area.
    static func hotspotDiff(_ file: String, _ environment: ServerEnvironment) throws -> JSONValue {
        guard environment.configuration.publish.contains(file) else {
            throw Problem(.notFound, "'\(file)' is not a published analysis; GET /analyses lists them")
        }
        let jobs = try environment.store.latestSuccessfulJobs(origin: PublishedAnalyses.origin(file), limit: 2)
        guard jobs.count == 2 else {
            throw Problem(.notFound, "\(file) has \(jobs.count) successful run(s); a diff needs two")
        }
        let root = environment.scheduler.dataFolder.root
        let analysis = try AnalysisFile.load((root as NSString).appendingPathComponent(file))
        let idField = analysis.areaInput?.idField ?? "id"
        let (current, previous) = (jobs[0], jobs[1])
        guard
            let after = HotspotDiff.bins(
                inFolder: environment.store.folder(of: current.id), files: current.outputFiles, idField: idField),
            let before = HotspotDiff.bins(
                inFolder: environment.store.folder(of: previous.id), files: previous.outputFiles, idField: idField)
        else { throw Problem(.notFound, "\(file) writes no GeoJSON output with Gi_Bin") }
        let entries = HotspotDiff.compare(before: before, after: after)
        return .object([
            "file": .string(file), "current": .string(current.id), "previous": .string(previous.id),
            "counts": .object(
                Dictionary(
                    uniqueKeysWithValues: HotspotChange.allCases.map { change in
                        (change.rawValue, JSONValue.number(Double(entries.filter { $0.change == change }.count)))
                    })),
            "areas": .array(
                entries.map { entry in
                    .object([
                        idField: .string(entry.id), "before": entry.before.map { .number(Double($0)) } ?? .null,
                        "after": entry.after.map { .number(Double($0)) } ?? .null,
                        "change": .string(entry.change.rawValue),
                    ])
                }),
        ])
    }
}
