import Foundation
import QuartierService
import HTTPTypes
import Hummingbird
import QuartierModel
import QuartierService

/// OGC API – Features Part 1 (core, GeoJSON, OpenAPI 3.0) and Part 2 (CRS by reference) over the published
/// results: `/collections`, `/collections/{collectionId}`, `/collections/{collectionId}/items` and
/// `/collections/{collectionId}/items/{featureId}`. Pages are cut from features prepared in memory.
///
/// Spec: https://docs.ogc.org/is/17-069r4/17-069r4.html, https://docs.ogc.org/is/18-058r1/18-058r1.html
extension ServerRoutes {
    static let geoJSON = "application/geo+json"
    /// The conformance classes of OGC API – Features Parts 1 and 2 implemented here.
    static let featureConformance = [
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
        "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
    ]

    static func addFeatureRoutes(_ table: RouteTable<Context>, _ environment: ServerEnvironment) {
        let documents = environment.documents
        let data = environment.data
        let caching = environment.caching
        let access = environment.readAccess
        table.add(.get, "/collections", "Feature collections: the published result layers and their hotspot diffs", responses: [200: "the collections"]) { request, _ in
            let snapshot = try await data.current()
            // Anonymous callers see the public tier only; the ETag tells the two lists apart.
            let staff = access.isStaff(request)
            let visible = snapshot.collections.filter { staff || $0.tier == .public }
            let body = JSONValue.object([
                "links": .array([documents.link("/collections", rel: "self", title: "collections")]),
                "collections": .array(visible.map { collectionDocument($0, snapshot, documents) }),
            ])
            let etag = HTTPCaching.etag(
                snapshot.version, documents.currentBase, request.uri.description, staff ? "internal" : "public")
            return caching.respond(request, etag: etag) {
                ByteBuffer(bytes: body.encoded())
            }.with(type: "application/json").scoped(staff ? .internal : .public, listing: true)
        }
        table.add(.get, "/collections/{collectionId}", "One collection: extent, CRSs, storage CRS", responses: [200: "the collection", 401: "internal: read token needed", 404: "no such collection"]) { request, context in
            let (snapshot, collection) = try await Self.collection(data, context, request, access)
            let body = collectionDocument(collection, snapshot, documents)
            return caching.respond(request, etag: HTTPCaching.etag(snapshot.version, documents.currentBase, request.uri.description)) {
                ByteBuffer(bytes: body.encoded())
            }.with(type: "application/json").scoped(collection.tier)
        }
        table.add(.get, "/collections/{collectionId}/items", "Features (GeoJSON): limit, offset, bbox, bbox-crs, crs, property filters", responses: [200: "a page of features", 304: "not modified", 400: "an invalid parameter", 401: "internal: read token needed", 404: "no such collection"], types: [geoJSON]) { request, context in
            let (snapshot, collection) = try await Self.collection(data, context, request, access)
            let query = try ItemsQuery(request, collection: collection)
            let body: [UInt8]
            if let database = collection.database {
                let page = try await query.page(collection, database: database)
                body = itemsBody(collection, query, matched: page.matched, features: page.features, documents: documents)
            } else {
                let page = try query.page(collection)
                body = try itemsBody(collection, query, page, request: request, documents: documents)
            }
            return caching.respond(
                request, etag: HTTPCaching.etag(snapshot.version, documents.currentBase, request.uri.description),
                headers: [.contentCrs: query.crs.contentCrsHeader]
            ) { ByteBuffer(bytes: body) }.with(type: geoJSON).scoped(collection.tier)
        }
        table.add(.get, "/collections/{collectionId}/items/{featureId}", "One feature by its id (the area's id field)", responses: [200: "the feature", 304: "not modified", 400: "an invalid parameter", 401: "internal: read token needed", 404: "no such collection or feature"], types: [geoJSON]) { request, context in
            let (snapshot, collection) = try await Self.collection(data, context, request, access)
            let featureID = context.parameters.get("featureId") ?? ""
            let index = collection.index[featureID]
            let missing = Problem(.notFound, "collection '\(collection.id)' has no feature '\(featureID)'")
            guard index != nil || collection.database != nil else { throw missing }
            var crs = CRSChoice.crs84
            for (key, value) in request.uri.queryParameters {
                switch key {
                case "crs": crs = try ItemsQuery.crs(String(value), collection, parameter: "crs")
                case "f": try ItemsQuery.checkFormat(String(value))
                default: throw Problem.badRequest("unknown query parameter '\(key)'; a feature takes crs and f")
                }
            }
            // The request's CRS is checked above: a failure to reproject the server's own data is internal (500).
            var body: [UInt8]
            if let database = collection.database {
                guard let found = try await database.feature(id: featureID, crs: crs) else { throw missing }
                body = found
            } else if let index {
                body = try ContextError.adding("collection", kind: .internalFailure) {
                    try collection.encoded(in: crs)
                }[index]
            } else {
                throw missing
            }
            body.removeLast()  // the closing brace: links follow
            let path = "/collections/\(collection.id)/items/\(featureID.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? featureID)"
            FeatureJSON.append(",\"links\":", to: &body)
            FeatureJSON.links([
                (documents.href(path), "self", geoJSON, "this feature"),
                (documents.href("/collections/\(collection.id)"), "collection", "application/json", "the collection"),
            ], to: &body)
            body.append(UInt8(ascii: "}"))
            return caching.respond(
                request, etag: HTTPCaching.etag(snapshot.version, documents.currentBase, request.uri.description), headers: [.contentCrs: crs.contentCrsHeader]
            ) { ByteBuffer(bytes: body) }.with(type: geoJSON).scoped(collection.tier)
        }
    }

    /// The collection named in the path, when the request may read its tier.
    /// - Throws: 404 when there is none, 401 when it is internal and the request has no read token.
    static func collection(
        _ data: PublishedData, _ context: Context, _ request: Request, _ access: ReadAccess
    ) async throws -> (PublishedData.Snapshot, FeatureCollectionData) {
        let snapshot = try await data.current()
        let id = context.parameters.get("collectionId") ?? ""
        guard let collection = snapshot.collection(id) else {
            throw Problem(.notFound, "no collection '\(id)'; GET /collections lists them")
        }
        try access.require(collection.tier, request, what: "collection '\(id)'")
        return (snapshot, collection)
    }

    static func collectionDocument(
        _ collection: FeatureCollectionData, _ snapshot: PublishedData.Snapshot, _ documents: Documents
    ) -> JSONValue {
        let base = "/collections/\(collection.id)"
        var links = [
            documents.link(base, rel: "self", title: "this collection"),
            documents.link(base + "/items", rel: "items", type: geoJSON, title: "the features"),
        ]
        if snapshot.tilesets[collection.id] != nil {
            links.append(documents.link("/tiles/\(collection.id).json", rel: "describedby", title: "TileJSON of the vector tiles"))
        }
        var document: [String: JSONValue] = [
            "id": .string(collection.id), "title": .string(collection.title),
            "description": .string(collection.description),
            "itemType": "feature", "links": .array(links),
            "crs": .array(collection.crs.map { .string($0.uri) }), "storageCrs": .string(collection.storageCRS.uri),
        ]
        if let extent = collection.extent {
            document["extent"] = .object(["spatial": .object([
                "bbox": .array([.array(extent.map(JSONValue.number))]), "crs": .string(CRSChoice.crs84.uri),
            ])])
        }
        return .object(document)
    }

    /// The FeatureCollection of a page: members, then the prepared features joined.
    static func itemsBody(
        _ collection: FeatureCollectionData, _ query: ItemsQuery, _ page: (matched: Int, indices: [Int]),
        request: Request, documents: Documents
    ) throws -> [UInt8] {
        let features = try ContextError.adding("collection", kind: .internalFailure) {
            try collection.encoded(in: query.crs)
        }
        return itemsBody(collection, query, matched: page.matched, features: page.indices.map { features[$0] }, documents: documents)
    }

    /// The FeatureCollection of a page of encoded features.
    static func itemsBody(
        _ collection: FeatureCollectionData, _ query: ItemsQuery, matched: Int, features: [[UInt8]],
        documents: Documents
    ) -> [UInt8] {
        let page = (matched: matched, indices: Array(features.indices))
        let path = "/collections/\(collection.id)/items"
        func link(offset: Int, rel: String) -> (String, String, String, String) {
            (documents.href(path + query.queryString(offset: offset)), rel, geoJSON, rel == "self" ? "this page" : "\(rel) page")
        }
        var links = [link(offset: query.offset, rel: "self"),
                     (documents.href("/collections/\(collection.id)"), "collection", "application/json", "the collection")]
        if query.offset + query.limit < page.matched { links.append(link(offset: query.offset + query.limit, rel: "next")) }
        if query.offset > 0 { links.append(link(offset: max(0, query.offset - query.limit), rel: "prev")) }
        var out: [UInt8] = []
        out.reserveCapacity(page.indices.reduce(512) { $0 + features[$1].count + 1 })
        FeatureJSON.append(#"{"type":"FeatureCollection","numberMatched":\#(page.matched),"numberReturned":\#(page.indices.count),"#, to: &out)
        // A projected CRS is also named in the GeoJSON 2008 `crs` member, which GDAL's GeoJSON driver reads (it
        // cannot ask OGC API for a CRS, and ignores Content-Crs); not for EPSG:4326, whose latitude-first order
        // GDAL would read as longitude first.
        if let epsg = query.crs.epsg, epsg != 4326 {
            FeatureJSON.append(#""crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::\#(epsg)"}},"#, to: &out)
        }
        FeatureJSON.append(#""links":"#, to: &out)
        FeatureJSON.links(links, to: &out)
        FeatureJSON.append(#","features":["#, to: &out)
        for (n, index) in page.indices.enumerated() {
            if n > 0 { out.append(UInt8(ascii: ",")) }
            out += features[index]
        }
        FeatureJSON.append("]}", to: &out)
        return out
    }
}

extension Response {
    func with(type: String) -> Response {
        var response = self
        if response.status != .notModified { response.headers[.contentType] = type }
        return response
    }
}

extension HTTPField.Name {
    /// `Content-Crs` (OGC API – Features Part 2, §6.4).
    static var contentCrs: Self { Self("Content-Crs")! }  // a valid token, known at compile time
}
