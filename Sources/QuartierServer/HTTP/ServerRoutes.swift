import Foundation
package import Hummingbird
import Logging
import QuartierService

/// The HTTP interface: OGC API – Processes Part 1 core (JSON) plus `/health`, `/ready`, `/analyses` and `/api`.
/// Middleware order: metrics, CORS, link base, request log, problem details, 405 for known paths, then the write
/// guard (token, declared body size), then routes.
package enum ServerRoutes {
    package typealias Context = BasicRequestContext

    /// The router with every route, and the table the OpenAPI document is built from.
    package static func router(_ environment: ServerEnvironment) -> (Router<Context>, RouteTable<Context>) {
        // HEAD answers every GET route with its headers (Content-Length, ETag, …) and no body.
        let router = Router(context: Context.self, options: .autoGenerateHeadEndpoints)
        // Outermost: counts every request by route and status, times it, and returns its id (X-Request-Id).
        router.add(middleware: RequestMetricsMiddleware(metrics: environment.metrics))
        // Every answer carries the CORS headers, problem documents and job result files included.
        router.add(middleware: CORSMiddleware(allowOrigin: environment.configuration.allowOrigin))
        // The base of absolute links when public_url is not set: the request's Host (or X-Forwarded-*).
        router.add(middleware: LinkBaseMiddleware())
        let table = RouteTable(router: router)
        // Requests are logged at debug level (QUARTIER_LOG_LEVEL=debug), without headers, so the token never reaches
        // a log; at info (-v, the systemd unit) the log has the jobs and the server's life, not every tile request.
        router.add(middleware: LogRequestsMiddleware(.debug))
        router.add(middleware: ProblemMiddleware())
        // A known path with a method it does not take: 405 with Allow (the table is filled below, before any request).
        router.add(middleware: AllowedMethodsMiddleware(table: table))
        router.add(
            middleware: WriteGuardMiddleware(token: environment.token, maxBodyBytes: { environment.configuration.maxBodyBytes }))
        // The document describes every route, itself included, so it is made after all are registered.
        let document = Locked(JSONValue.null)
        table.add(.get, "/api", "This OpenAPI document", responses: [200: "OpenAPI 3.0 document"],
            types: ["application/vnd.oai.openapi+json;version=3.0"]) { _, _ in
            document.withLock { $0 }.response(type: "application/vnd.oai.openapi+json;version=3.0")
        }
        addServiceRoutes(table, environment)
        addProcessRoutes(table, environment)
        addJobRoutes(table, environment)
        addOperationsRoutes(table, environment)
        addFeatureRoutes(table, environment)
        addSeriesRoutes(table, environment)
        addProfileRoutes(table, environment)
        addTileRoutes(table, environment)
        addAtlasRoutes(table, environment)
        addObservationRoutes(table, environment)
        let made = OpenAPIDocument.make(
            table, title: "Quartier", version: QuartierVersion.current, serverURL: environment.configuration.publicURL)
        document.withLock { $0 = made }
        return (router, table)
    }

    static func addServiceRoutes(_ table: RouteTable<Context>, _ environment: ServerEnvironment) {
        let documents = environment.documents
        table.add(.get, "/", "Landing page", responses: [200: "links to the API", 303: "a browser asking for HTML: the atlas"]) { request, _ in
            // A browser (Accept names text/html) is sent to the public atlas; API clients get the links.
            if request.headers[values: .accept].contains(where: { $0.contains("text/html") }) {
                return Response(status: .seeOther, headers: [.location: documents.location("/atlas/"), .vary: "Accept"])
            }
            return JSONValue.object([
                "title": .string("Quartier"),
                "description": .string("Small-area analysis for municipal education monitoring (OGC API – Processes)."),
                "links": .array([
                    documents.link("/", rel: "self", title: "this document"),
                    documents.link("/api", rel: "service-desc", type: "application/vnd.oai.openapi+json;version=3.0", title: "OpenAPI"),
                    documents.link("/conformance", rel: "http://www.opengis.net/def/rel/ogc/1.0/conformance", title: "conformance"),
                    documents.link("/collections", rel: "data", title: "feature collections"),
                    documents.link("/processes", rel: "http://www.opengis.net/def/rel/ogc/1.0/processes", title: "processes"),
                    documents.link("/jobs", rel: "http://www.opengis.net/def/rel/ogc/1.0/job-list", title: "jobs"),
                    documents.link("/atlas/", rel: "alternate", type: "text/html", title: "atlas (public map pages)"),
                ]),
            ]).response()
        }
        table.add(.get, "/conformance", "Conformance classes", responses: [200: "the classes implemented"]) { _, _ in
            let classes = ["core", "ogc-process-description", "json", "oas30", "job-list", "dismiss"]
            return JSONValue.object([
                "conformsTo": .array(
                    classes.map { .string("http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/\($0)") }
                        + featureConformance.map(JSONValue.string))
            ]).response()
        }
        table.add(.get, "/health", "Liveness: the server answers", responses: [200: "alive"]) { _, _ in
            let migrations = try environment.store.appliedMigrations()
            return JSONValue.object([
                "status": .string("ok"), "version": .string(QuartierVersion.current),
                "schema": .string(migrations.last ?? ""),
            ]).response()
        }
        table.add(.get, "/ready", "Readiness: published analyses have been run", responses: [200: "ready", 503: "starting or stopping"]) { _, _ in
            let draining = environment.isDraining
            let ready = try !draining && environment.published.isReady()
            let state = environment.published.snapshot
            return JSONValue.object([
                "status": .string(ready ? "ready" : draining ? "stopping" : "starting"),
                "analyses": .object(state.jobs.mapValues { .string($0) }),
                "problems": .object(state.problems.mapValues { .string($0) }),
            ]).response(ready ? .ok : .serviceUnavailable, headers: ready ? [:] : [.retryAfter: "5"])
        }
        table.add(.get, "/analyses", "Published analyses: latest job, served and previous version, their collections", responses: [200: "the analyses"]) { request, _ in
            let snapshot = try await environment.data.current()
            // Anonymous callers are not shown internal collections (a diff of an internal layer).
            let staff = environment.readAccess.isStaff(request)
            var list: [JSONValue] = []
            for file in environment.configuration.publish {
                var entry: [String: JSONValue] = ["file": .string(file)]
                if let job = try environment.store.latestJob(origin: PublishedAnalyses.origin(file)) {
                    entry["job"] = documents.status(job)
                }
                // The version served (the latest successful job) and the one before it, which the diff compares with.
                if let served = snapshot.jobs[file] { entry["served"] = .string(served) }
                if let previous = snapshot.previous[file] { entry["previous"] = .string(previous) }
                // The disclosure audit of the served version's public files (`quartier audit`).
                if let audit = snapshot.audits[file] { entry["audit"] = audit }
                let diffs = snapshot.collections.filter {
                    $0.id.hasPrefix(PublishedData.analysisID(file) + "-hotspot-diff") && (staff || $0.tier == .public)
                }
                var links = diffs.map { documents.link("/collections/\($0.id)", rel: "related", title: $0.title) }
                // The web map's style and the QGIS styles (one thematic layer each), at URLs that outlive the job.
                let analysis = PublishedData.analysisID(file)
                for (id, style) in snapshot.styles.sorted(by: { $0.key < $1.key })
                where (id == analysis || id.hasPrefix(analysis + "-qgis-")) && (staff || style.tier == .public) {
                    let title = id == analysis ? "MapLibre style" : "QGIS style: " + id.dropFirst(analysis.count + 6)
                    links.append(documents.link("/styles/\(id).json", rel: "stylesheet", title: title))
                }
                entry["links"] = .array(links)
                list.append(.object(entry))
            }
            return JSONValue.object(["analyses": .array(list)]).response().scoped(staff ? .internal : .public, listing: true)
        }
    }
}
