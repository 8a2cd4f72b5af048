import Foundation
import Hummingbird
import QuartierModel

/// The query of `/collections/{collectionId}/items`, checked once: `limit` (1…10,000, default 100; larger
/// values are reduced to 10,000 as Part 1 allows), `offset`, `bbox` (4 or 6 numbers) in `bbox-crs` (default
/// CRS84), `crs`, `f` (json or geojson) and property filters `?FIELD=value` (equality of the value as text).
/// Anything else is a 400, as Part 1 (`/req/core/query-param-unknown`) asks.
struct ItemsQuery: Sendable {
    static let maxLimit = 10_000
    /// The largest limit or offset accepted (2^31 − 1): far beyond any collection, and offset + limit cannot overflow.
    static let maxNumber = Int(Int32.max)
    var limit = 100
    var offset = 0
    var crs = CRSChoice.crs84
    var bboxCRS = CRSChoice.crs84
    /// West, south, east, north as given (axis order of `bbox-crs`).
    var bbox: [Double]?
    /// Field index → wanted value, with the names as given (for links).
    var filters: [(field: Int, name: String, value: String)] = []

    init(_ request: Request, collection: FeatureCollectionData) throws {
        var bboxText: String?
        for (key, raw) in request.uri.queryParameters {
            let value = String(raw)
            switch key {
            case "limit": limit = try min(QueryNumber.integer(value, "limit", in: 1...Self.maxNumber), Self.maxLimit)
            case "offset": offset = try QueryNumber.integer(value, "offset", in: 0...Self.maxNumber)
            case "bbox": bboxText = value
            case "bbox-crs": bboxCRS = try Self.crs(value, collection, parameter: "bbox-crs")
            case "crs": crs = try Self.crs(value, collection, parameter: "crs")
            case "f": try Self.checkFormat(value)
            default:
                guard let field = collection.fields.firstIndex(where: { $0.name == key }) else {
                    throw Problem.badRequest(
                        "unknown query parameter '\(key)'; use limit, offset, bbox, bbox-crs, crs, f or a property of collection '\(collection.id)'")
                }
                filters.append((field, String(key), value))
            }
        }
        // Checked after the loop: its bounds depend on bbox-crs, which may come after it.
        if let bboxText { bbox = try QueryNumber.bbox(bboxText, crs: bboxCRS) }
    }

    static func crs(_ value: String, _ collection: FeatureCollectionData, parameter: String) throws -> CRSChoice {
        guard let choice = CRSChoice(parsing: value), collection.crs.contains(choice) else {
            throw Problem.badRequest(
                "\(parameter) '\(value)' is not offered; collection '\(collection.id)' offers \(collection.crs.map(\.uri).joined(separator: ", "))")
        }
        return choice
    }

    static func checkFormat(_ value: String) throws {
        guard ["json", "geojson"].contains(value.lowercased()) else {
            throw Problem.badRequest("f '\(value)' is not offered; use f=json (GeoJSON)")
        }
    }

    /// The number of matching features and the indices of those on the page.
    func page(_ collection: FeatureCollectionData) throws -> (matched: Int, indices: [Int]) {
        let box = try storageBox(collection)
        if box == nil, filters.isEmpty {
            let count = collection.features.count
            let start = min(offset, count)
            return (count, Array(start..<min(count, start + limit)))
        }
        var matching: [Int] = []
        for (index, feature) in collection.features.enumerated() {
            if let box {
                guard let envelope = collection.envelopes[index], envelope.intersects(box) else { continue }
            }
            let passes = filters.allSatisfy { filter in
                guard filter.field < feature.attributes.count else { return false }
                return Self.equal(feature.attributes[filter.field], filter.value)
            }
            if passes { matching.append(index) }
        }
        let start = min(offset, matching.count)
        return (matching.count, Array(matching[start..<min(matching.count, start + limit)]))
    }

    /// The same page of a table in PostGIS, queried: the number matched and the features on it as GeoJSON.
    func page(_ collection: FeatureCollectionData, database: DatabaseSource) async throws
        -> (matched: Int, features: [[UInt8]])
    {
        try await database.page(
            box: try storageBox(collection), filters: filters.map { ($0.field, $0.value) }, limit: limit,
            offset: offset, crs: crs)
    }

    /// The `bbox` in the collection's storage CRS (nil when none was asked for).
    func storageBox(_ collection: FeatureCollectionData) throws -> BoundingBox? {
        guard let bbox else { return nil }
        let (x0, y0, x1, y1) = bboxCRS.latitudeFirst ? (bbox[1], bbox[0], bbox[3], bbox[2]) : (bbox[0], bbox[1], bbox[2], bbox[3])
        do {
            return try FeatureCollectionData.transform(
                BoundingBox(minX: x0, minY: y0, maxX: x1, maxY: y1), from: bboxCRS, to: collection.storageCRS)
        } catch {
            // In bounds (QueryNumber.bbox) but not transformable (e.g. a projected CRS far from its zone).
            throw Problem.badRequest(
                "bbox \(bbox.map { String($0) }.joined(separator: ",")) cannot be transformed from \(bboxCRS.uri) "
                    + "to the collection's CRS; give a box inside the CRS's area of use")
        }
    }

    /// Text equality; numbers compare as numbers (`?n_kitas=3` matches 3 and 3.0).
    static func equal(_ value: AttributeValue, _ wanted: String) -> Bool {
        if let number = value.doubleValue, let other = Double(wanted) { return number == other }
        return value.stringValue == wanted
    }

    /// The query for a link to another page: the same parameters with `offset` replaced.
    func queryString(offset: Int) -> String {
        var parts = ["limit=\(limit)", "offset=\(offset)"]
        if crs != .crs84 { parts.append("crs=" + Self.encode(crs.uri)) }
        if let bbox {
            parts.append("bbox=" + bbox.map { String($0) }.joined(separator: ","))
            if bboxCRS != .crs84 { parts.append("bbox-crs=" + Self.encode(bboxCRS.uri)) }
        }
        for filter in filters { parts.append(Self.encode(filter.name) + "=" + Self.encode(filter.value)) }
        return "?" + parts.joined(separator: "&")
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+?#")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
