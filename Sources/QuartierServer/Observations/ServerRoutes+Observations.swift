import Foundation
import Hummingbird
import Logging
import QuartierModel
import QuartierService

/// `POST /observations` (write token) and `GET /observations/summary` (public): issue 22, item 4.
extension ServerRoutes {
    /// The most records one request may carry.
    static let maxObservationsPerRequest = 1_000
    /// The members a posted record may have.
    static let observationMembers: Set<String> = [
        "theme", "date", "source", "rating", "text", "key", "cell", "lon", "lat",
    ]

    static func addObservationRoutes(_ table: RouteTable<Context>, _ environment: ServerEnvironment) {
        table.add(
            .post, "/observations",
            "Append observations to the store of a published analysis ({\"analysis\", \"observations\", \"records\": […]}); "
                + "all or none; the analysis is queued to run again",
            access: .token,
            responses: [
                201: "the records were stored", 400: "a record is invalid (the problem names the field)",
                401: "no or malformed token", 403: "wrong token", 404: "no analysis takes observations",
                413: "body too large",
            ]
        ) { request, _ in
            let configuration = environment.configuration
            var request = request
            let body = try await request.collectBody(upTo: configuration.maxBodyBytes)
            let data = Data(body.readableBytesView)
            guard jsonDepth(data) <= maxJSONDepth else {
                throw Problem.badRequest("the body nests arrays or objects deeper than \(maxJSONDepth) levels")
            }
            guard case .object(let document)? = try? JSONDecoder().decode(JSONValue.self, from: data) else {
                throw Problem.badRequest(#"the body must be a JSON object {"records": [{"theme": …, "key": …}, …]}"#)
            }
            for key in document.keys.sorted() where !["analysis", "observations", "records"].contains(key) {
                throw Problem.badRequest(
                    "unknown member '\(Problem.safe(key))'; send {\"analysis\", \"observations\", \"records\"}")
            }
            let intake = try await environment.observations.intake(
                analysis: document["analysis"]?.observationText, observations: document["observations"]?.observationText)
            guard case .array(let items)? = document["records"], !items.isEmpty else {
                throw Problem.badRequest(#"'records' must be a non-empty array of records"#)
            }
            guard items.count <= maxObservationsPerRequest else {
                throw Problem.badRequest("at most \(maxObservationsPerRequest) records per request; send \(items.count) in parts")
            }
            var records: [ObservationRecord] = []
            for (index, item) in items.enumerated() {
                do {
                    records.append(try intake.validate(try rawObservation(item, index: index)))
                } catch let problem as ObservationProblem {
                    return invalidRecord(index: index, field: problem.field.rawValue, problem.message)
                } catch let invalid as InvalidObservation {
                    return invalidRecord(index: invalid.index, field: invalid.field, invalid.message)
                }
            }
            let ids = try environment.observations.store.append(
                records, analysis: intake.analysis, observations: intake.name)
            let job = environment.observations.markForRerun(intake.file, environment: environment)
            return JSONValue.object([
                "analysis": .string(intake.analysis), "observations": .string(intake.name),
                "stored": .number(Double(ids.count)), "ids": .array(ids.map { .number(Double($0)) }),
                "rerun": job.map { .string($0) } ?? .null,
            ]).response(.created)
        }
        table.add(
            .get, "/observations/summary",
            "The observations aggregated per area and level of each published analysis, as its public files show them "
                + "(suppressed below the minimum count; never a text or a point)",
            responses: [200: "the aggregates"]
        ) { _, _ in
            try environment.observations.summary(environment).response().scoped(.public)
        }
    }

    /// A posted record's members as text; a member of the wrong type or an unknown one is a problem naming it.
    static func rawObservation(_ item: JSONValue, index: Int) throws -> RawObservation {
        guard case .object(let members) = item else {
            throw Problem.badRequest("records[\(index)] must be an object")
        }
        for key in members.keys.sorted() where !observationMembers.contains(key) {
            throw invalidProblem(index: index, field: key, "unknown member; a record has "
                + observationMembers.sorted().joined(separator: ", "))
        }
        func text(_ key: String) throws -> String? {
            switch members[key] {
            case nil, .null?: return nil
            case .string(let s)?: return s
            case .number(let n)? where key == "rating" || key == "key": return IndicatorLegendText.plain(n)
            default: throw invalidProblem(index: index, field: key, "must be a string")
            }
        }
        func number(_ key: String) throws -> Double? {
            switch members[key] {
            case nil, .null?: return nil
            case .number(let n)?: return n
            default: throw invalidProblem(index: index, field: key, "must be a number")
            }
        }
        let lon = try number("lon")
        let lat = try number("lat")
        if (lon == nil) != (lat == nil) {
            throw invalidProblem(index: index, field: lon == nil ? "lon" : "lat", "lon and lat go together")
        }
        if let lon, let lat, !(-180...180).contains(lon) || !(-90...90).contains(lat) {
            throw invalidProblem(index: index, field: "lon", "longitude/latitude (EPSG:4326) out of range")
        }
        return RawObservation(
            theme: try text("theme"), date: try text("date"), source: try text("source"), rating: try text("rating"),
            text: try text("text"), key: try text("key"), cell: try text("cell"),
            point: lon.flatMap { x in lat.map { Coordinate(x: x, y: $0) } })
    }

    /// The problem document of an invalid record: 400, naming the record and the field (`field`, and `pointer`, a JSON
    /// pointer into the body).
    static func invalidRecord(index: Int, field: String, _ message: String) -> Response {
        let member = field == "coordinates" ? "lon" : field
        return JSONValue.object([
            "type": "https://quartier.invalid/problems/invalid-observation", "title": "Bad Request", "status": 400,
            "detail": .string("records[\(index)].\(member): \(message); nothing was stored"),
            "field": .string(member), "record": .number(Double(index)),
            "pointer": .string("/records/\(index)/\(member)"),
        ]).response(.badRequest, type: "application/problem+json")
    }

    /// The same as an error to throw from inside the parsing.
    static func invalidProblem(index: Int, field: String, _ message: String) -> InvalidObservation {
        InvalidObservation(index: index, field: Problem.safe(field), message: message)
    }
}

/// A posted record's member of the wrong type or name, found while the body is read (the route answers it with
/// `invalidRecord`).
struct InvalidObservation: Error {
    var index: Int
    var field: String
    var message: String
}

/// Numbers sent where text is expected (a rating `4`, a key `1100101`): written without a trailing `.0`.
enum IndicatorLegendText {
    static func plain(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}

extension JSONValue {
    var observationText: String? {
        if case .string(let s) = self { return s }
        return nil
    }
}
