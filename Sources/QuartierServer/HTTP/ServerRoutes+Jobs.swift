import Foundation
import Hummingbird
import QuartierService

extension ServerRoutes {
    /// The job named in the path: 400 unless the id is a lower-case UUID, 404 when there is no such job or it
    /// was dismissed (a dismissed job is gone: its status, results and a second `DELETE` are 404; `GET
    /// /jobs?status=dismissed` still lists it).
    static func job(_ context: Context, _ environment: ServerEnvironment) throws -> JobRecord {
        guard let id = context.parameters.get("jobId"), JobRecord.isValidID(id) else {
            throw Problem.badRequest("a job id is a lower-case UUID, e.g. 0f8fad5b-d9cb-469f-a165-70867728950e")
        }
        guard let job = try environment.store.job(id) else {
            throw Problem(.notFound, "there is no job \(id)", type: Problem.noSuchJob)
        }
        guard job.status != .dismissed else {
            throw Problem(.notFound, "job \(id) was dismissed", type: Problem.noSuchJob)
        }
        return job
    }

    /// A successful job whose results the request may read: a published job's public files by anyone, the rest
    /// with the read (or write) token; an unpublished job's with either token (401 without one, 403 with a wrong one).
    static func readableResults(_ request: Request, _ context: Context, _ environment: ServerEnvironment) throws -> JobRecord {
        let job = try job(context, environment)
        if !job.published, !environment.readAccess.isStaff(request) { try environment.token.authorize(request) }
        guard job.status == .successful else {
            let reason = job.message.map { ": \($0)" } ?? ""
            throw Problem(.notFound, "job \(job.id) is \(job.status.rawValue)\(reason)", type: Problem.resultNotReady)
        }
        return job
    }

    /// The tier of each result file of a job, from its manifest (`OutputTier`): `manifest.json` and `timings.json`
    /// describe the run and are public when the job is published; a file the manifest does not list as public, or
    /// any file of an unpublished job, is internal.
    static func resultTiers(_ job: JobRecord, _ environment: ServerEnvironment) -> [String: OutputTier] {
        guard job.published else { return [:] }
        var tiers: [String: OutputTier] = ["manifest.json": .public, "timings.json": .public]
        let catalogue = try? OutputCatalogue(folder: environment.store.folder(of: job.id), files: job.outputFiles)
        for entry in catalogue?.outputs ?? [] { tiers[entry.path] = entry.effectiveTier }
        return tiers
    }

    static func addJobRoutes(_ table: RouteTable<Context>, _ environment: ServerEnvironment) {
        let documents = environment.documents
        table.add(
            .get, "/jobs", "Jobs, newest first; query: limit (1–1000, default 100), status and processID (comma-separated)",
            responses: [200: "job list", 400: "bad query"]
        ) { request, _ in
            let query = request.uri.queryParameters
            let limit = try query["limit"].map { try QueryNumber.integer($0, "limit", in: 1...1000) } ?? 100
            let status = try (query["status"].map { $0.split(separator: ",") } ?? []).map { word -> JobStatus in
                guard let status = JobStatus(rawValue: String(word)) else {
                    throw Problem.badRequest("status is one or more of: accepted, running, successful, failed, dismissed")
                }
                return status
            }
            let processes = (query["processID"].map { $0.split(separator: ",").map(String.init) } ?? [])
            return JSONValue.object([
                "jobs": .array(try environment.store.jobs(limit: limit, status: status, process: processes).map(documents.status)),
                "links": .array([documents.link("/jobs", rel: "self")]),
            ]).response()
        }
        table.add(
            .get, "/jobs/{jobId}", "A job's status, progress, timestamps and failure message",
            responses: [200: "status information", 400: "malformed id", 404: "no such job"]
        ) { _, context in
            documents.status(try job(context, environment)).response()
        }
        table.add(
            .delete, "/jobs/{jobId}", "Dismiss a job: it will not run, or its outputs are removed", access: .token,
            responses: [200: "the dismissed job", 400: "malformed id", 401: "no or malformed token", 403: "wrong token", 404: "no such job"]
        ) { _, context in
            let current = try job(context, environment)
            guard let (before, after) = try environment.store.dismiss(current.id) else {
                throw Problem(.notFound, "there is no job \(current.id)", type: Problem.noSuchJob)
            }
            switch before.status {
            case .successful: try? FileManager.default.removeItem(atPath: environment.store.folder(of: before.id))
            case .running: environment.scheduler.cancel(before.id)
            default: break
            }
            // A published job's collections, tiles and style are no longer served from the next request on.
            if before.published { environment.data.invalidate() }
            return documents.status(after).response()
        }
        table.add(
            .get, "/jobs/{jobId}/results", "A successful job's outputs (links); the token unless published",
            access: .tokenUnlessPublished,
            responses: [200: "results", 400: "malformed id", 401: "token needed", 403: "wrong token", 404: "no such job or not ready"]
        ) { request, context in
            let job = try readableResults(request, context, environment)
            // Anonymous callers of a published job see its public files only.
            let staff = environment.readAccess.isStaff(request)
            let tiers = resultTiers(job, environment)
            let visible = job.outputFiles.filter { staff || tiers[$0] == .public }
            return documents.results(job, files: visible).response().scoped(staff ? .internal : .public, listing: true)
        }
        table.add(
            .get, "/jobs/{jobId}/results/{file}", "One output file; the token unless published", access: .tokenUnlessPublished,
            responses: [200: "the file", 400: "malformed id or name", 401: "token needed", 403: "wrong token", 404: "no such file"],
            types: MediaType.all
        ) { request, context in
            guard let name = context.parameters.get("file"), isPlainFileName(name) else {
                throw Problem.badRequest("a result file is named by letters, digits, '_', '-' and '.', not starting with '.'")
            }
            let job = try readableResults(request, context, environment)
            guard job.outputFiles.contains(name) else {
                throw Problem(.notFound, "job \(job.id) has no output '\(name)'; GET /jobs/\(job.id)/results lists them")
            }
            let tier = resultTiers(job, environment)[name] ?? .internal
            if job.published {
                try environment.readAccess.require(tier, request, what: "result '\(name)' of job \(job.id)")
            }
            let path = (environment.store.folder(of: job.id) as NSString).appendingPathComponent(name)
            let body = try await FileIO().loadFile(path: path, context: context)
            return Response(status: .ok, headers: [.contentType: MediaType.of(name)], body: body).scoped(tier)
        }
    }

    /// A single path segment naming a file (`fileNamePattern`): no `/`, `\`, `%`, no leading dot (so never `.` or
    /// `..`), at most 255 characters.
    static func isPlainFileName(_ name: String) -> Bool {
        name.range(of: fileNamePattern, options: .regularExpression) != nil
    }

    /// The result file names the server accepts (also the `file` parameter's pattern in `/api`).
    static let fileNamePattern = "^[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}$"
}
