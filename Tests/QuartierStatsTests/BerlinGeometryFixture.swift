import Foundation
import QuartierModel
import QuartierStats

/// The Berlin Planungsräume and libpysal's weights on them, from `Tests/Fixtures/stats`
/// (made by `scripts/reference/weights_reference.py`; provenance in `Tests/Fixtures/stats/README.md`).
struct BerlinGeometryFixture: Sendable {
    /// PLR_IDs in layer order.
    let ids: [String]
    /// The polygons, in EPSG:25833 (metres), exactly as in the GeoPackage.
    let geometries: [Geometry?]
    /// shapely/GEOS centroids, the points libpysal's KNN, DistanceBand and Kernel were built on.
    let shapelyCentroids: [Coordinate]
    /// `reference.txt`: versions, thresholds, self-weights.
    let reference: [String: String]

    /// Parsed once for all tests.
    static let shared: BerlinGeometryFixture? = try? BerlinGeometryFixture()

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/stats")

    static func text(_ name: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
    }

    struct FixtureError: Error, CustomStringConvertible {
        var description: String
    }

    init() throws {
        var ids: [String] = []
        var areas: [[Polygon]] = []
        for line in try Self.text("berlin_plr_polygons.txt").split(separator: "\n") {
            if line.hasPrefix("A ") {
                ids.append(String(line.dropFirst(2)))
                areas.append([])
            } else if line == "P" {
                areas[areas.count - 1].append(Polygon(exterior: []))
            } else if line.hasPrefix("R ") {
                let values = line.dropFirst(2).split(separator: " ").compactMap { Double($0) }
                let ring = stride(from: 0, to: values.count - 1, by: 2).map {
                    Coordinate(x: values[$0], y: values[$0 + 1])
                }
                var polygons = areas[areas.count - 1]
                if polygons[polygons.count - 1].exterior.isEmpty {
                    polygons[polygons.count - 1].exterior = ring
                } else {
                    polygons[polygons.count - 1].holes.append(ring)
                }
                areas[areas.count - 1] = polygons
            }
        }
        self.ids = ids
        geometries = areas.map { $0.count == 1 ? .polygon($0[0]) : .multiPolygon($0) }
        var centroids: [String: Coordinate] = [:]
        for line in try Self.text("berlin_plr_centroids.txt").split(separator: "\n") where !line.hasPrefix("#") {
            let t = line.split(separator: " ")
            guard t.count == 3, let x = Double(t[1]), let y = Double(t[2]) else {
                throw FixtureError(description: "\(line)")
            }
            centroids[String(t[0])] = Coordinate(x: x, y: y)
        }
        shapelyCentroids = try ids.map {
            guard let c = centroids[$0] else { throw FixtureError(description: "no centroid for \($0)") }
            return c
        }
        var reference: [String: String] = [:]
        for line in try Self.text("reference.txt").split(separator: "\n") {
            let t = line.split(separator: " ")
            for k in stride(from: 0, to: t.count - 1, by: 2) {
                reference[String(t[k])] = String(t[k + 1])
            }
        }
        self.reference = reference
    }

    /// libpysal's weights from a fixture file, rows in layer order.
    func libpysal(_ name: String) throws -> SpatialWeights {
        let text = try Self.text(name)
        if name.hasSuffix(".gwt") { return try WeightsFile.readGWT(text, ids: ids) }
        return try WeightsFile.readGAL(text, ids: ids)
    }
}

/// numpy's `isclose` rule, as the architecture's convention 13: |a − b| ≤ atol + rtol·|b|.

/// Row-by-row differences between two weights with the same ids: neighbour sets, then weights (by neighbour).
func differences(_ mine: SpatialWeights, _ reference: SpatialWeights, compareWeights: Bool = false) -> [String] {
    var out: [String] = []
    for i in 0..<reference.count {
        let a = Set(mine.neighbors(of: i))
        let b = Set(reference.neighbors(of: i))
        if a != b {
            let extra = a.subtracting(b).map { mine.ids[$0] }.sorted()
            let missing = b.subtracting(a).map { mine.ids[$0] }.sorted()
            out.append("\(reference.ids[i]): extra \(extra), missing \(missing)")
            continue
        }
        guard compareWeights else { continue }
        let expected = Dictionary(uniqueKeysWithValues: zip(reference.neighbors(of: i), reference.weights(of: i)))
        for (j, w) in zip(mine.neighbors(of: i), mine.weights(of: i)) {
            if let e = expected[j], !isClose(w, e) {
                out.append("\(reference.ids[i])→\(reference.ids[j]): \(w) vs \(e)")
            }
        }
    }
    return out
}
