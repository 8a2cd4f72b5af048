import Foundation
import QuartierModel

/// One measured task of `quartier bench`.
package struct BenchResult: Sendable, Codable {
    package var task: String
    package var seconds: Double
    package var detail: String
}

/// Synthetic benchmarks of the join layer (`quartier bench`): point in polygon through the R-tree and a
/// table join, on deterministic data that can be exported for a peer (scripts/bench-joins.sh runs
/// shapely and pandas on the same files and prints the ratios).
package enum Benchmarks {
    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let clock = ContinuousClock()
        let elapsed = try clock.measure(body)
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// Point in polygon: `points` random points into a jittered grid of about `polygons` cells.
    /// - Parameter export: a folder to write `polygons.wkt` (one WKT a line) and `points.csv` (x,y) into.
    package static func pointInPolygon(points: Int, polygons: Int, export: String?) throws -> [BenchResult] {
        let side = max(1, Int(Double(polygons).squareRoot().rounded()))
        let origin = Coordinate(x: 370_000, y: 5_799_000)
        let cells = SyntheticPolygons.grid(columns: side, rows: side, cellSize: 250, origin: origin, jitter: 0.2, seed: 1)
        let extent = SyntheticPolygons.gridExtent(columns: side, rows: side, cellSize: 250, origin: origin)
        let coordinates = SyntheticPolygons.randomPoints(count: points, in: extent, seed: 2)
        if let export { try write(cells, coordinates, to: export) }
        var located: [Int?] = []
        let total = seconds { located = PolygonIndex(cells.map { Optional($0) }).locateAll(coordinates) }
        let inside = located.lazy.filter { $0 != nil }.count
        return [
            BenchResult(
                task: "point_in_polygon", seconds: total,
                detail: "\(points) points into \(cells.count) polygons (index build + locate), \(inside) located, "
                    + "\(ProcessInfo.processInfo.activeProcessorCount) cores")
        ]
    }

    /// Reading a `rows`-row CSV table (`;`, decimal commas) and joining it by key to as many areas.
    package static func tableJoin(rows: Int, export: String?) throws -> [BenchResult] {
        let folder = export ?? FileManager.default.temporaryDirectory.appendingPathComponent("quartier-bench-\(getpid())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = URL(fileURLWithPath: folder).appendingPathComponent("table.csv").path
        var text = "KEY;Einwohner;Kinder;Anteil;Quote;Name\n"
        text.reserveCapacity(rows * 48)
        var rng = SplitMix64(seed: 3)
        for i in 0..<rows {
            let share = Double(rng.next() % 10_000) / 100
            text += "\(key(i));\(rng.next() % 5000);\(rng.next() % 900);\(String(format: "%.2f", share).replacingOccurrences(of: ".", with: ","));"
            text += "\(rng.next() % 100),5;Gebiet \(i)\n"
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let areas = FeatureLayer(
            name: "areas", fields: [FieldDefinition(name: "KEY", type: .string)],
            features: (0..<rows).map { Feature(fid: Int64($0), geometry: nil, attributes: [.string(key($0))]) },
            crs: nil, geometryType: "Polygon")
        var table: IndicatorTable?
        let read = try seconds { table = try GermanCSV.read(path: path, options: CSVReadOptions(textColumns: ["KEY"])) }
        guard let table else { return [] }
        var matched = 0
        let join = try seconds {
            matched = try AttributeJoin.byKey(areas: areas, areaKey: "KEY", table: table, tableName: "bench", tableKey: "KEY")
                .1.matched
        }
        if export == nil { try? FileManager.default.removeItem(atPath: folder) }
        return [
            BenchResult(task: "csv_read", seconds: read, detail: "\(rows) rows × 6 columns, German conventions"),
            BenchResult(task: "key_join", seconds: join, detail: "\(rows) rows to \(rows) areas, \(matched) matched"),
            BenchResult(task: "csv_read+key_join", seconds: read + join, detail: "\(rows) rows"),
        ]
    }

    static func key(_ i: Int) -> String {
        let digits = String(i)
        return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }

    private static func write(_ cells: [Geometry], _ points: [Coordinate], to folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var wkt = ""
        for cell in cells {
            guard let polygon = cell.polygons.first else { continue }
            wkt += "POLYGON((" + polygon.exterior.map { "\($0.x) \($0.y)" }.joined(separator: ",") + "))\n"
        }
        try wkt.write(toFile: URL(fileURLWithPath: folder).appendingPathComponent("polygons.wkt").path, atomically: true, encoding: .utf8)
        var csv = "x,y\n"
        csv.reserveCapacity(points.count * 36)
        for p in points { csv += "\(p.x),\(p.y)\n" }
        try csv.write(toFile: URL(fileURLWithPath: folder).appendingPathComponent("points.csv").path, atomically: true, encoding: .utf8)
    }
}
