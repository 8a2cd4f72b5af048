import Foundation
import Logging
import QuartierGDAL
import QuartierModel

/// `quartier inspect`: what is in a source, layer by layer. Features stream through a cursor, so memory
/// does not grow with the file.
package enum Inspector {
    /// - Parameters:
    ///   - source: a path or connection string.
    ///   - layerName: one layer, or all when nil.
    ///   - crsOverride: a CRS to assume instead of the declared one.
    package static func inspect(_ source: String, layer layerName: String? = nil, crsOverride: String? = nil) throws
        -> InspectReport
    {
        let dataset = try Dataset(opening: source)
        let layers = try layerName.map { [try dataset.layer(named: $0)] } ?? dataset.layers()
        let override = try crsOverride.map { try SpatialReference(definition: $0) }
        let wgs84 = try SpatialReference.wgs84()
        var reports: [InspectReport.Layer] = []
        for layer in layers {
            let srs = override ?? layer.spatialReference
            let cursor = layer.features(ReadOptions(checkValidity: true))
            while try cursor.next() != nil {}
            let report = cursor.report
            let extent = layer.geometryTypeName == "None" ? nil : try layer.extent()
            var extentWGS84: BoundingBox?
            if let extent, let srs {
                extentWGS84 = try? geographicExtent(extent, transformer: CoordinateTransformer(from: srs, to: wgs84))
            }
            let crs = srs.map { $0.crsDescription }
            reports.append(
                InspectReport.Layer(
                    name: layer.name, geometryType: layer.geometryTypeName, featureCount: report.featuresRead,
                    crs: crs.map { InspectReport.CRS(epsg: $0.epsg, name: $0.name) },
                    wkt: crs.flatMap { $0.epsg == nil ? $0.wkt : nil }, extent: extent?.array,
                    extentWGS84: extentWGS84?.array,
                    fields: layer.fields.map { InspectReport.Field(name: $0.name, type: $0.type.rawValue) },
                    invalidGeometries: report.invalidFIDs.count, emptyGeometries: report.emptyFIDs.count,
                    invalidFeatureIds: Array(report.invalidFIDs.prefix(100)),
                    coordinateColumns: layer.geometryTypeName == "None"
                        ? coordinateColumns(layer.fields.map(\.name)) : nil,
                    problems: shapefileProblems(source, driver: dataset.driverName)
                        + (extent == nil ? [] : coordinateProblems(source, layer: layer.name, crs: crsOverride))))
        }
        return InspectReport(source: GDALError.redactPassword(source), driver: dataset.driverName, layers: reports)
    }

    /// What every other command refuses in the layer's coordinates, by the same check
    /// (`InputSource.checkCRSFitsExtent`): degrees declared as a projected CRS or metres as degrees, an extent that is
    /// not finite or cannot be located on Earth, or lies far outside the CRS's area of use. `inspect` describes a
    /// damaged file rather than refusing it, so it names these problems and exits 0; empty when there is none.
    static func coordinateProblems(_ source: String, layer: String, crs: String?) -> [String] {
        let spec = QuickCommands.input("inspect", source, layer: layer, id: nil, crs: crs)
        guard let input = try? InputSource(spec, logger: Logger(label: "quartier.inspect")) else { return [] }
        do {
            try input.checkCRSFitsExtent()
            return []
        } catch let error as GDALError {
            let prefix = "input '\(spec.name)': "
            let message = error.message.hasPrefix(prefix) ? String(error.message.dropFirst(prefix.count)) : error.message
            // Without the hint, which speaks of an analysis's [inputs] and of inspect itself.
            return [message]
        } catch {
            return ["\(error)"]
        }
    }

    /// A Shapefile without its `.dbf`: GDAL reads the geometries alone, and every command then misses the id field.
    static func shapefileProblems(_ source: String, driver: String) -> [String] {
        guard driver == "ESRI Shapefile", source.lowercased().hasSuffix(".shp") else { return [] }
        let stem = String(source.dropLast(4))
        let parts = [".dbf", ".DBF"].contains { FileManager.default.fileExists(atPath: stem + $0) }
        return parts ? [] : ["no .dbf beside the .shp: the features have no attributes (a Shapefile needs its .dbf)"]
    }

    /// The columns of a table that look like x and y of points: names such as `lon`/`lat`, `x`/`y`,
    /// `rechtswert`/`hochwert`, `easting`/`northing` or `x_mp_100m`/`y_mp_100m` (any case); nil unless both are found.
    static func coordinateColumns(_ names: [String]) -> [String: String]? {
        let xWords = [
            "lon", "lng", "long", "longitude", "x", "rechtswert", "easting", "laenge", "längengrad", "laengengrad",
        ]
        let yWords = ["lat", "latitude", "y", "hochwert", "northing", "breite", "breitengrad"]
        func find(_ words: [String], prefix: String) -> String? {
            names.first { words.contains($0.lowercased()) } ?? names.first { $0.lowercased().hasPrefix(prefix) }
        }
        guard let x = find(xWords, prefix: "x_"), let y = find(yWords, prefix: "y_") else { return nil }
        return ["x": x, "y": y]
    }

    /// The WGS84 box of a projected box: its edges densified (21 points each), so that the curved
    /// image of a straight edge is covered.
    static func geographicExtent(_ box: BoundingBox, transformer: CoordinateTransformer) throws -> BoundingBox? {
        let steps = 20
        var points: [Coordinate] = []
        for s in 0...steps {
            let t = Double(s) / Double(steps)
            let x = box.minX + t * box.width
            let y = box.minY + t * box.height
            points += [
                Coordinate(x: x, y: box.minY), Coordinate(x: x, y: box.maxY),
                Coordinate(x: box.minX, y: y), Coordinate(x: box.maxX, y: y),
            ]
        }
        try transformer.transform(&points)
        return BoundingBox(covering: points)
    }
}
