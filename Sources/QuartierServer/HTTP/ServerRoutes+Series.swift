import Foundation
import HTTPTypes
import Hummingbird
import QuartierModel
import QuartierService

/// The series of one area: `/collections/{collectionId}/items/{featureId}/series`, for the atlas and the profiles.
/// Answers the `[[series]]` tables of the collection's job (`PublishedSeries`) for the feature's id, each with its
/// time field, columns and steps in time order; 404 when the collection has no such feature or no series.
extension ServerRoutes {
    static func addSeriesRoutes(_ table: RouteTable<Context>, _ environment: ServerEnvironment) {
        let documents = environment.documents
        let data = environment.data
        let caching = environment.caching
        table.add(
            .get, "/collections/{collectionId}/items/{featureId}/series",
            "The series of one area: every [[series]] table of the collection's job, its steps in time order",
            responses: [
                200: "the area's series", 400: "an invalid parameter", 404: "no such collection, feature or series",
            ]
        ) { request, context in
            let (snapshot, collection) = try await Self.collection(data, context, request, environment.readAccess)
            let featureID = context.parameters.get("featureId") ?? ""
            guard collection.index[featureID] != nil else {
                throw Problem(.notFound, "collection '\(collection.id)' has no feature '\(featureID)'")
            }
            for (key, value) in request.uri.queryParameters {
                guard key == "f" else { throw Problem.badRequest("unknown query parameter '\(key)'; series take f") }
                try ItemsQuery.checkFormat(String(value))
            }
            guard let series = snapshot.series[collection.id], !series.isEmpty else {
                throw Problem(
                    .notFound,
                    "collection '\(collection.id)' has no series (its analysis has no [[series]], or it published "
                        + "with suppression, whose series are not served)")
            }
            // A public collection's series are public only when every table is: else the read token.
            let tier: OutputTier = series.allSatisfy { $0.tier == .public } ? collection.tier : .internal
            try environment.readAccess.require(tier, request, what: "the series of collection '\(collection.id)'")
            let escaped = featureID.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? featureID
            let item = "/collections/\(collection.id)/items/\(escaped)"
            let body = JSONValue.object([
                "id": .string(featureID), "collection": .string(collection.id),
                "series": .array(series.map { $0.document(for: featureID) }),
                "links": .array([
                    documents.link(item + "/series", rel: "self", title: "the series of this area"),
                    documents.link(item, rel: "item", type: geoJSON, title: "the area"),
                ]),
            ])
            return caching.respond(
                request, etag: HTTPCaching.etag(snapshot.version, documents.currentBase, request.uri.description)
            ) { ByteBuffer(bytes: body.encoded()) }.with(type: "application/json").scoped(tier)
        }

        table.add(
            .get, "/analyses/{analysis}/goals",
            "The targets judged on an analysis' series: per target the counts per goal state, the units furthest from "
                + "it and those moving away (internal: computed from the series)",
            responses: [
                200: "the goal summaries", 401: "no read token", 404: "no such analysis, or no targets judged",
            ]
        ) { request, context in
            let snapshot = try await data.current()
            let id = context.parameters.get("analysis") ?? ""
            guard let file = snapshot.jobs.keys.sorted().first(where: { PublishedData.analysisID($0) == id }) else {
                throw Problem(.notFound, "no published analysis '\(id)'; /analyses lists them")
            }
            try environment.readAccess.require(.internal, request, what: "the goals of analysis '\(id)'")
            guard let goals = snapshot.goals[id], !goals.isEmpty else {
                throw Problem(
                    .notFound,
                    "analysis '\(id)' has no targets judged (no [[series]] column with catalogue targets; docs/goals.md)"
                )
            }
            let body = JSONValue.object([
                "analysis": .string(id), "job": snapshot.jobs[file].map { .string($0) } ?? .null,
                "goals": .array(goals),
                "links": .array([documents.link("/analyses/\(id)/goals", rel: "self", title: "the goals")]),
            ])
            return caching.respond(
                request, etag: HTTPCaching.etag(snapshot.version, documents.currentBase, request.uri.description)
            ) { ByteBuffer(bytes: body.encoded()) }.with(type: "application/json").scoped(.internal)
        }
    }
}
