import Foundation
import QuartierGDAL
import QuartierModel
import QuartierTiles

/// `atlas/grenzen.geojson`: the borders of the coarsest public roll-up of the published areas (the Bezirke of the
/// Berlin demo), which are also the city's outline, so that the page draws district borders from its own data
/// without a base map. Each ring is simplified (Douglas–Peucker, `LineSimplifier`) in the working CRS, then written in
/// lon/lat (RFC 7946, 5 decimals) as one `MultiLineString` per parent with its key. Only geometry and keys: a public
/// roll-up's output already shows both.
enum AtlasOutline {
    static let fileName = "grenzen.geojson"

    /// The document, or nil without a roll-up.
    /// - Parameter tolerance: the simplification tolerance in units of the working CRS (metres).
    static func document(_ parent: AtlasDocument.Parent, working: SpatialReference, tolerance: Double = 15) throws
        -> JSONValue?
    {
        let toWGS84 = try CoordinateTransformer(from: working, to: try SpatialReference.wgs84())
        let keyIndex = parent.layer.fieldIndex(parent.key)
        var features: [JSONValue] = []
        for feature in parent.layer.features {
            guard let geometry = feature.geometry else { continue }
            var lines: [JSONValue] = []
            for polygon in geometry.polygons {
                for ring in [polygon.exterior] + polygon.holes where ring.count > 3 {
                    var points = LineSimplifier.simplify(ring, tolerance: tolerance)
                    try toWGS84.transform(&points)
                    lines.append(
                        .array(
                            points.map {
                                .array([
                                    .number(AtlasDocument.rounded($0.x, 5)), .number(AtlasDocument.rounded($0.y, 5)),
                                ])
                            }))
                }
            }
            let key = keyIndex.flatMap { feature.attributes[$0].stringValue }
            features.append([
                "type": "Feature", "properties": .object([parent.key: key.map { .string($0) } ?? .null]),
                "geometry": ["type": "MultiLineString", "coordinates": .array(lines)],
            ])
        }
        return features.isEmpty ? nil : ["type": "FeatureCollection", "features": .array(features)]
    }
}
