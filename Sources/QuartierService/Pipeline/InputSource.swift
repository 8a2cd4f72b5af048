import Foundation
package import Logging
package import QuartierGDAL
package import QuartierModel

/// An opened input of an analysis: its layer, the CRS in force (declared or overridden) and the
/// messages that name it. Shared by `run` and `check`.
package struct InputSource {
    package let spec: InputSpec
    package let dataset: Dataset
    package let layer: VectorLayer
    /// The CRS in force: the override when given, else the declared one, else nil.
    package let spatialReference: SpatialReference?
    package let crsWasOverridden: Bool

    /// Opens the input's source and layer and resolves its CRS.
    /// - Parameter crsOverride: a CRS from the command line, stronger than the file's `crs`.
    package init(_ spec: InputSpec, crsOverride: String? = nil, logger: Logger) throws {
        self.spec = spec
        dataset = try Dataset(opening: spec.source, openOptions: spec.openOptions)
        if spec.layer == nil, dataset.layerNames.count > 1 {
            logger.notice(Logger.Message(stringLiteral:
                "input '\(spec.name)': no layer given, using the first, '\(dataset.layerNames[0])'; others: "
                    + dataset.layerNames.dropFirst().joined(separator: ", ")))
        }
        layer = try dataset.layer(named: spec.layer)
        if let definition = crsOverride ?? spec.crs {
            spatialReference = try SpatialReference(definition: definition)
            crsWasOverridden = true
        } else {
            spatialReference = layer.spatialReference
            crsWasOverridden = false
        }
    }

    /// A `GDALError` about this input, naming its source and layer.
    package func error(_ code: GDALError.Code, _ message: String, field: String? = nil, hint: String? = nil)
        -> GDALError
    {
        GDALError(
            code: code, message: "input '\(spec.name)': \(message)", path: spec.source, layer: layer.name, field: field,
            hint: hint)
    }

    /// Fails unless the input has a CRS, saying why one is needed and how to declare it.
    package func requireCRS(for purpose: String) throws -> SpatialReference {
        guard let spatialReference else {
            throw error(
                .crsMissing, "the layer has no CRS (a Shapefile without .prj, or a table?), and \(purpose) needs one",
                hint: "Add crs = \"EPSG:…\" to [inputs.\(spec.name)] (line \(spec.line)) or pass --crs EPSG:…")
        }
        return spatialReference
    }

    /// Fails when the coordinates cannot be in the CRS in force: metres declared as degrees, or
    /// degrees declared as a projected CRS.
    /// - Parameter working: the CRS the input is reprojected to, whose area of use the coordinates must
    ///   fit as well (lon/lat swapped in EPSG:4326 fits the world, not EPSG:25833's).
    package func checkCRSFitsExtent(working: SpatialReference? = nil) throws {
        guard let srs = spatialReference, let extent = try layer.extent() else { return }
        let label = srs.crsDescription.label
        guard [extent.minX, extent.minY, extent.maxX, extent.maxY].allSatisfy(\.isFinite) else {
            throw error(
                .invalidGeometry, "the extent is not finite: some coordinates are NaN or infinite",
                hint: "Find and fix the broken geometries (e.g. with quartier inspect or in a GIS)")
        }
        if srs.isGeographic && !extent.isPlausiblyGeographic {
            throw error(
                .crsMismatch,
                "the CRS is \(label) (degrees), but the coordinates reach \(extent.maxX), \(extent.maxY): "
                    + "they look projected (metres)",
                hint: "Set the right CRS with crs = \"EPSG:…\" in [inputs.\(spec.name)] or --crs (EPSG:25833 in Berlin)")
        }
        if !srs.isGeographic && extent.isPlausiblyGeographic && extent.width < 20 && extent.height < 20 {
            throw error(
                .crsMismatch,
                "the CRS is \(label) (projected), but all coordinates lie within ±180/±90 and span "
                    + "\(extent.width) × \(extent.height) units: they look like degrees",
                hint: "If the data are longitude/latitude, set crs = \"EPSG:4326\" in [inputs.\(spec.name)] or --crs")
        }
        try checkAreaOfUse(extent, srs: srs, area: srs)
        if let working { try checkAreaOfUse(extent, srs: srs, area: working) }
    }

    /// The index of a field, or an error listing the fields that exist.
    package func fieldIndex(_ name: String, in fields: [FieldDefinition]) throws -> Int {
        guard let index = fields.firstIndex(where: { $0.name == name }) else {
            let similar = fields.first { $0.name.lowercased() == name.lowercased() }
            let hint =
                similar.map { "Did you mean '\($0.name)'? Field names are case-sensitive" }
                ?? "Fields: " + fields.map(\.name).joined(separator: ", ")
            throw error(.fieldNotFound, "there is no field '\(name)'", field: name, hint: hint)
        }
        return index
    }
}
