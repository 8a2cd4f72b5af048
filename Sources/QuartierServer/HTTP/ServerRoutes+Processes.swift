import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import QuartierService

extension ServerRoutes {
    static func processID(_ context: Context, _ environment: ServerEnvironment) throws -> ProcessDefinition {
        guard let id = context.parameters.get("processId"), ProcessCatalog.isValidID(id) else {
            throw Problem.badRequest("a process id is lower-case letters, digits and '-'")
        }
        guard let process = environment.scheduler.catalog.process(id) else {
            throw Problem(.notFound, "there is no process '\(id)'; GET /processes lists them", type: Problem.noSuchProcess)
        }
        return process
    }

    static func addProcessRoutes(_ table: RouteTable<Context>, _ environment: ServerEnvironment) {
        let documents = environment.documents
        table.add(.get, "/processes", "The processes (one per CLI command)", responses: [200: "process list"]) { _, _ in
            JSONValue.object([
                "processes": .array(environment.scheduler.catalog.processes.map { .object(documents.summary($0)) }),
                "links": .array([documents.link("/processes", rel: "self")]),
            ]).response()
        }
        table.add(
            .get, "/processes/{processId}", "A process: inputs and outputs with JSON Schema",
            responses: [200: "process description", 400: "malformed id", 404: "no such process"]
        ) { _, context in
            documents.description(try processID(context, environment)).response()
        }
        table.add(
            .post, "/processes/{processId}/execution",
            "Execute a process: {\"inputs\": {…}}; asynchronous with Prefer: respond-async, else synchronous for small inputs",
            access: .token,
            responses: [
                200: "synchronous: the results", 201: "asynchronous: the job (Location: /jobs/{jobId})",
                400: "bad inputs or a failed synchronous job", 401: "no or malformed token", 403: "wrong token",
                404: "no such process", 413: "body too large", 429: "too many queued jobs",
            ]
        ) { request, context in
            let process = try processID(context, environment)
            let configuration = environment.configuration  // read per request: SIGHUP may have changed limits
            var request = request
            let body = try await request.collectBody(upTo: configuration.maxBodyBytes)
            let inputs = try executeInputs(Data(body.readableBytesView))
            let submitted: (job: JobRecord, inputBytes: Int)
            do {
                submitted = try environment.scheduler.submit(process, inputs: inputs)
            } catch let error as InputError {
                throw Problem.badRequest(error.message)
            } catch is JobScheduler.QueueFull {
                throw Problem(
                    .tooManyRequests, "\(configuration.maxQueuedJobs) jobs are already waiting; try again later",
                    headers: [.retryAfter: String(configuration.retryAfterSeconds)])
            }
            let location: HTTPFields = [.location: documents.location("/jobs/\(submitted.job.id)")]
            let prefersAsync = request.headers[values: .prefer].contains { $0.lowercased().contains("respond-async") }
            if prefersAsync || submitted.inputBytes > configuration.syncMaxInputBytes {
                var headers = location
                if prefersAsync { headers[.preferenceApplied] = "respond-async" }
                return documents.status(submitted.job).response(.created, headers: headers)
            }
            let job = try await environment.scheduler.wait(
                for: submitted.job.id, timeout: .seconds(configuration.syncTimeoutSeconds))
            guard let job, job.status.isFinished else {
                return documents.status(job ?? submitted.job).response(.created, headers: location)
            }
            switch job.status {
            case .successful: return documents.results(job).response(.ok, headers: location)
            case .failed where job.message?.hasPrefix("internal error") == true:
                throw Problem(.internalServerError, "job \(job.id) failed: \(job.message ?? "")", headers: location)
            default:
                throw Problem(.badRequest, "job \(job.id) \(job.status.rawValue): \(job.message ?? "")", headers: location)
            }
        }
    }

    /// The `inputs` of an execute request (`{"inputs": {…}}`, OGC's `outputs`, `response` and `subscriber`
    /// keys tolerated and ignored).
    static func executeInputs(_ data: Data) throws -> [String: JSONValue] {
        // Nesting is bounded before the decoder (which recurses) sees the body.
        guard jsonDepth(data) <= maxJSONDepth else {
            throw Problem.badRequest("the body nests arrays or objects deeper than \(maxJSONDepth) levels")
        }
        guard case .object(let body)? = try? JSONDecoder().decode(JSONValue.self, from: data) else {
            throw Problem.badRequest(#"the body must be a JSON object {"inputs": {…}}"#)
        }
        for key in body.keys.sorted() where !["inputs", "outputs", "response", "subscriber"].contains(key) {
            throw Problem.badRequest("unknown key '\(Problem.safe(key))' in the execute request; send {\"inputs\": {…}}")
        }
        switch body["inputs"] {
        case nil: return [:]
        case .object(let inputs)?: return inputs
        case let other?: throw Problem.badRequest("'inputs' must be an object, not a \(other.typeName)")
        }
    }
}

extension ServerRoutes {
    /// The deepest nesting of arrays and objects an execute request may have (inputs need 3).
    static let maxJSONDepth = 32

    /// The deepest nesting of `[`/`{` in JSON text, outside strings (a scan of the bytes, no recursion).
    static func jsonDepth(_ data: Data) -> Int {
        var (depth, deepest, inString, escaped) = (0, 0, false, false)
        for byte in data {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                deepest = max(deepest, depth)
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return deepest
    }
}

extension HTTPField.Name {
    // Both names are valid header tokens (RFC 7240), so the failable initialiser cannot fail.
    static let prefer = HTTPField.Name("Prefer")!
    static let preferenceApplied = HTTPField.Name("Preference-Applied")!
}
