import Foundation
import Logging
import QuartierGDAL
import QuartierModel

/// Reads the records the server received (`POST /observations`) from its store, an SQLite file in the state folder
/// (`observations.sqlite`, table `observations`), through GDAL's SQLite driver: one row per record, with the
/// analysis's and the `[[observations]]` step's names, the theme, date, source, rating, text and the place (area
/// key, grid cell id, or longitude/latitude in EPSG:4326). The server writes it (`ObservationStore`); a run only
/// reads.
package enum ObservationStoreReader {
    /// The table of the records.
    package static let table = "observations"

    /// The store's records of one `[[observations]]` step, in the order received; points in the working CRS.
    static func records(
        path: String, analysis: String, observations: String, working: SpatialReference?, logger: Logger
    ) throws -> [RawObservation] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        let spec = InputSpec(
            name: "observation store", sourceAsWritten: path, source: path, layer: table, idField: nil, crs: nil,
            attribution: nil, referenceDate: nil, repair: false, openOptions: [], headerRow: nil, skipFooter: nil,
            delimiter: nil, line: 0)
        let source = try InputSource(spec, logger: logger)
        let (layer, _) = try source.layer.readAll(ReadOptions())
        let toWorking = try working.map { try CoordinateTransformer(from: try SpatialReference.wgs84(), to: $0) }
        func column(_ name: String) -> Int? { layer.fieldIndex(name) }
        let (a, o) = (column("analysis"), column("observations"))
        var result: [RawObservation] = []
        for feature in layer.features {
            func text(_ name: String) -> String? {
                guard let index = column(name), index < feature.attributes.count else { return nil }
                return feature.attributes[index].stringValue
            }
            guard let a, let o, feature.attributes[a].stringValue == analysis,
                feature.attributes[o].stringValue == observations
            else { continue }
            var point: Coordinate?
            if let lon = text("lon").flatMap(Double.init), let lat = text("lat").flatMap(Double.init) {
                let c = Coordinate(x: lon, y: lat)
                if let toWorking, case .point(let p)? = try? toWorking.transform(.point(c)) {
                    point = p
                } else {
                    point = c
                }
            }
            result.append(
                RawObservation(
                    theme: text("theme"), date: text("date"), source: text("source"), rating: text("rating"),
                    text: text("text"), key: text("area_key"), cell: text("cell"), point: point))
        }
        return result
    }
}
