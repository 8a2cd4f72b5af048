import Foundation
package import Logging
import QuartierGDAL
import QuartierModel

/// What the server checks a posted record against (`POST /observations`): the `[[observations]] store = true` step of
/// a published analysis, its vocabulary and rating range, and the analysis's areas (keys and polygons, read once).
/// Posted coordinates are longitude/latitude (EPSG:4326). The same `ObservationValidator` checks a file's records.
package final class ObservationIntake: Sendable {
    /// The analysis's `[analysis] name` and the step's name, under which the store keeps the records.
    package let analysis: String
    package let name: String
    /// The analysis file (relative to the data folder, as the server's configuration names it).
    package let file: String
    package let validator: ObservationValidator

    /// Loads the analysis file and its area layer.
    /// - Throws: `QuartierError.user` when the analysis has no `[[observations]]` of that name with `store = true`.
    package init(analysisFile path: String, file: String, observations name: String?, logger: Logger) throws {
        let analysis = try AnalysisFile.load(path)
        let stored = analysis.observations.filter(\.store)
        guard let spec = name.map({ n in stored.first { $0.name == n } }) ?? stored.first else {
            throw QuartierError.user(
                "the analysis '\(analysis.name)' has no [[observations]]\(name.map { " '\($0)'" } ?? "") with store = true")
        }
        guard let areaSpec = analysis.areaInput, let idField = areaSpec.idField else {
            throw QuartierError.internal("the analysis file was not validated (no area input)")
        }
        let working = try AnalysisRunner.workingCRS(analysis)
        let source = try InputSource(areaSpec, logger: logger)
        let (areas, _) = try AreaLoader(source: source, working: working, logger: logger).load { _ in }
        let keys = areas.features.map { feature -> String in
            guard let column = areas.fieldIndex(idField), column < feature.attributes.count else { return "" }
            return feature.attributes[column].stringValue ?? ""
        }
        let index = PolygonIndex(areas.features.map(\.geometry))
        let fromLonLat = LockedTransformer(try CoordinateTransformer(from: try SpatialReference.wgs84(), to: working))
        // The validator locates every point through `locate`, which takes longitude/latitude: a cell's centre too.
        let fromGrid = LockedTransformer(
            try CoordinateTransformer(from: try SpatialReference(definition: "EPSG:3035"), to: try SpatialReference.wgs84()))
        let located = IndexBox(index: index)
        self.analysis = analysis.name
        self.name = spec.name
        self.file = file
        validator = ObservationValidator(
            vocabulary: spec.vocabulary, ratingRange: spec.ratingRange, areaKeys: keys,
            locate: { lonLat in fromLonLat.transform(lonLat).flatMap { located.index.locate($0) } },
            fromGrid: { fromGrid.transform($0) })
    }

    /// Checks one posted record (coordinates as longitude/latitude).
    /// - Throws: `ObservationProblem` naming the field.
    package func validate(_ raw: RawObservation) throws -> ObservationRecord {
        try validator.validate(raw).record
    }
}

/// A coordinate transformer shared by request threads: GDAL's transformations are not thread-safe, so one call at a
/// time.
private final class LockedTransformer: @unchecked Sendable {
    private let transformer: CoordinateTransformer
    private let lock = NSLock()

    init(_ transformer: CoordinateTransformer) { self.transformer = transformer }

    func transform(_ c: Coordinate) -> Coordinate? {
        lock.lock()
        defer { lock.unlock() }
        return try? transformer.transform(c)
    }
}

/// The areas' polygon index (read-only after it is built).
private struct IndexBox: @unchecked Sendable {
    let index: PolygonIndex
}
