import Foundation
import QuartierService

/// The JSON documents of OGC API – Processes Part 1 (core): process summaries and descriptions, status
/// information and results. Every link is absolute (QGIS's OAPIF provider refuses relative ones): under
/// `public_url` when it is set, else under the base of the request being answered (`requestBase`, from
/// `X-Forwarded-Proto`/`X-Forwarded-Host` or `Host`, see `LinkBaseMiddleware`).
struct Documents: Sendable {
    /// `public_url` without a trailing slash, or "".
    let base: String

    /// The base URL of the request being answered (`http://host:port`), set by `LinkBaseMiddleware` around every
    /// route's handler; nil outside a request.
    @TaskLocal static var requestBase: String?

    init(publicURL: String?) {
        var base = publicURL ?? ""
        while base.hasSuffix("/") { base.removeLast() }
        self.base = base
    }

    /// The base of absolute links now: `public_url`, else the request's.
    var currentBase: String { base.isEmpty ? Documents.requestBase ?? "http://localhost" : base }

    func href(_ path: String) -> String { currentBase + path }

    /// A `Location` header: absolute under `public_url`, else the path (RFC 9110 §10.2.2 allows a relative
    /// reference, resolved against the request's own URL by the client).
    func location(_ path: String) -> String { base + path }

    func link(_ path: String, rel: String, type: String = "application/json", title: String? = nil) -> JSONValue {
        var link: [String: JSONValue] = ["href": .string(href(path)), "rel": .string(rel), "type": .string(type)]
        if let title { link["title"] = .string(title) }
        return .object(link)
    }

    func summary(_ process: ProcessDefinition) -> [String: JSONValue] {
        [
            "id": .string(process.id), "title": .string(process.title), "description": .string(process.description),
            "version": .string("1.0.0"),
            "jobControlOptions": .array(["sync-execute", "async-execute", "dismiss"].map(JSONValue.string)),
            "outputTransmission": .array([.string("reference")]),
            "links": .array([
                link("/processes/\(process.id)", rel: "self", title: "process description"),
                link("/processes/\(process.id)/execution", rel: "http://www.opengis.net/def/rel/ogc/1.0/execute", title: "execute"),
            ]),
        ]
    }

    func description(_ process: ProcessDefinition) -> JSONValue {
        var document = summary(process)
        document["inputs"] = .object(Dictionary(uniqueKeysWithValues: process.inputs.map { input in
            (input.name, JSONValue.object([
                "title": .string(input.name), "description": .string(input.description), "schema": input.schema,
                "minOccurs": .number(input.required ? 1 : 0), "maxOccurs": .number(1),
            ]))
        }))
        document["outputs"] = .object(Dictionary(uniqueKeysWithValues: process.outputs.map { output in
            (output.name, JSONValue.object([
                "title": .string(output.name), "description": .string(output.description),
                "schema": .object(["type": .string("string"), "contentMediaType": .string(output.mediaType)]),
            ]))
        }))
        return .object(document)
    }

    func status(_ job: JobRecord) -> JSONValue {
        var links = [link("/jobs/\(job.id)", rel: "self", title: "job status")]
        if job.status == .successful {
            links.append(link("/jobs/\(job.id)/results", rel: "http://www.opengis.net/def/rel/ogc/1.0/results", title: "results"))
        }
        var document: [String: JSONValue] = [
            "jobID": .string(job.id), "processID": .string(job.process), "type": .string("process"),
            "status": .string(job.status.rawValue), "progress": .number(Double(job.progress)),
            "created": .string(Documents.timestamp(job.created)), "published": .bool(job.published),
            "links": .array(links),
        ]
        if let message = job.message { document["message"] = .string(message) }
        if let started = job.started { document["started"] = .string(Documents.timestamp(started)) }
        if let finished = job.finished { document["finished"] = .string(Documents.timestamp(finished)) }
        document["updated"] = .string(Documents.timestamp(job.finished ?? job.started ?? job.created))
        return .object(document)
    }

    /// The results document: each output file by name, as a reference (`href`) with its media type. Files in
    /// sub-folders (z/x/y tiles an analysis file asks for) stay in the job's folder but are not served.
    /// - Parameter files: the files the caller may read (default: all of the job's).
    func results(_ job: JobRecord, files: [String]? = nil) -> JSONValue {
        .object(Dictionary(uniqueKeysWithValues: (files ?? job.outputFiles).filter { !$0.contains("/") }.map { name in
            (name, JSONValue.object([
                "href": .string(href("/jobs/\(job.id)/results/\(name)")), "type": .string(MediaType.of(name)),
            ]))
        }))
    }

    /// RFC 3339 in UTC with milliseconds.
    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
