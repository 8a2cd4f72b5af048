import Foundation
import Logging
import QuartierGDAL
import QuartierModel

/// Reads a grid given as cell centres (a Zensus table: `GITTER_ID_100m`, `x_mp_100m`, `y_mp_100m`, EPSG:3035) as
/// an area layer of square cells (issue 17). Each row is a populated cell; missing cells are simply absent. The
/// rows are checked before anything is computed: every centre on the raster (a multiple of the cell size plus half
/// a cell), every id present and unique, no two ids at one position, and a CRS. The layer carries the cells'
/// columns and rows (`FeatureLayer.grid`), from which queen and rook neighbours are found; the squares are made
/// only when asked (`squares`), or later for output (`FeatureLayer.withGridSquares()`).
struct GridAreaLoader {
    let source: InputSource
    let grid: GridSource
    /// The CRS to reproject the squares to; nil keeps the grid's CRS.
    let working: SpatialReference?
    /// Make the squares now (steps that need polygons); false leaves the geometries empty until output.
    let squares: Bool
    let logger: Logger

    func load(progress: @escaping (Int) -> Void) throws -> (FeatureLayer, Manifest.InputRef) {
        let spec = source.spec
        let size = grid.cellSize
        guard let srs = source.spatialReference else {
            throw source.error(
                .crsMissing,
                "a grid of cell centres needs the CRS of its coordinates, and the table declares none",
                hint: "Give it with crs = \"EPSG:3035\" in [inputs.\(spec.name)] or --crs EPSG:3035 (Zensus grids are "
                    + "in ETRS89-LAEA, EPSG:3035)")
        }
        guard let idField = spec.idField else {
            throw source.error(
                .fieldNotFound, "a grid of cell centres needs its cell id field",
                hint: "Name it with id = \"GITTER_ID_100m\" or --id")
        }
        let selection = AreaLoader.selection(source, also: [idField, grid.x, grid.y])
        let (fields, features, columns, rows) = try source.layer.withFeatures(
            ReadOptions(progress: progress, progressInterval: 10_000), fields: selection
        ) { cursor, fields in
            let xIndex = try source.fieldIndex(grid.x, in: fields)
            let yIndex = try source.fieldIndex(grid.y, in: fields)
            let idIndex = try source.fieldIndex(idField, in: fields)

            var features: [Feature] = []
            var columns: [Int32] = []
            var rows: [Int32] = []
            var ids: [String: Int] = [:]
            var positions = GridPositionTable()
            func place(_ row: Int, _ id: String) -> String { "row \(row) (\(idField) '\(id)')" }
            while var feature = try cursor.next() {
                let row = features.count + 1
                guard let id = feature.attributes[idIndex].stringValue, !id.isEmpty else {
                    throw source.error(
                        .fieldNotFound, "row \(row) has no cell id", field: idField, hint: "Every cell needs an id")
                }
                var index: (Int32, Int32) = (0, 0)
                for (axis, fieldIndex) in [(grid.x, xIndex), (grid.y, yIndex)] {
                    let value = feature.attributes[fieldIndex]
                    guard let coordinate = NumberText.value(of: value), coordinate.isFinite else {
                        throw source.error(
                            .readFailed,
                            "\(place(row, id)): the centre's \(axis) '\(value.stringValue ?? "")' is not a number",
                            field: axis, hint: "Every cell needs the coordinates of its centre")
                    }
                    // A centre lies at a multiple of the cell size plus half a cell.
                    let u = coordinate / size - 0.5
                    let k = u.rounded()
                    guard abs(u - k) <= 1e-6, abs(k) < Double(Int32.max) else {
                        throw source.error(
                            .readFailed,
                            "\(place(row, id)): the centre's \(axis) \(GridAreaLoader.text(coordinate)) is not on the raster "
                                + "of \(GridAreaLoader.text(size))-unit cells: centres lie at a multiple of "
                                + "\(GridAreaLoader.text(size)) plus "
                                + "\(GridAreaLoader.text(size / 2))",
                            field: axis,
                            hint:
                                "Check grid_cell (--grid-cell) and the x and y columns: they must be the cells' centres"
                        )
                    }
                    if axis == grid.x { index.0 = Int32(k) } else { index.1 = Int32(k) }
                }
                if let first = ids[id] {
                    throw source.error(
                        .readFailed, "rows \(first) and \(row) have the same cell id '\(id)'", field: idField,
                        hint: "Each cell appears once; remove the duplicate row")
                }
                ids[id] = row
                if let other = positions.insert(column: index.0, row: index.1, value: Int32(row)) {
                    let otherID = features[Int(other) - 1].attributes[idIndex].stringValue ?? ""
                    throw source.error(
                        .readFailed,
                        "rows \(other) and \(row) (\(idField) '\(otherID)' and '\(id)') lie at the same position "
                            + "(\(GridAreaLoader.text((Double(index.0) + 0.5) * size)), "
                            + "\(GridAreaLoader.text((Double(index.1) + 0.5) * size)))",
                        field: idField, hint: "Each position holds one cell; remove the duplicate row")
                }
                feature.geometry = nil
                // A CSV's empty cell is a missing value (a suppressed Zensus count), not an empty text.
                for k in feature.attributes.indices {
                    if case .string(let text) = feature.attributes[k], text.isEmpty { feature.attributes[k] = .null }
                }
                features.append(feature)
                columns.append(index.0)
                rows.append(index.1)
            }
            return (fields, features, columns, rows)
        }
        guard !features.isEmpty else {
            throw source.error(.emptyLayer, "the grid has no cells", hint: "Check the file and the layer")
        }
        var layer = FeatureLayer(
            name: source.layer.name, fields: fields, features: features, crs: srs.crsDescription,
            geometryType: "Polygon")
        layer.grid = GridCells(cellSize: size, columns: columns, rows: rows)
        if squares || (working.map { !srs.isSame(as: $0) } ?? false) {
            layer = layer.withGridSquares()
        }
        if let working, !srs.isSame(as: working) {
            let transformer = try CoordinateTransformer(from: srs, to: working)
            for i in layer.features.indices {
                layer.features[i].geometry = try layer.features[i].geometry.map { try transformer.transform($0) }
            }
            layer.crs = working.crsDescription
        }
        logger.info(
            "input '\(spec.name)': \(features.count) grid cells of \(GridAreaLoader.text(size)) × \(GridAreaLoader.text(size))"
        )
        let sha = Dataset.isConnectionString(spec.source) ? nil : try? FileSupport.sha256(ofFile: spec.source)
        let ref = Manifest.InputRef(
            name: spec.name, path: GDALError.redactPassword(spec.source), sha256: sha, layer: source.layer.name,
            featureCount: features.count, crs: Manifest.CRSRef(srs.crsDescription), attribution: spec.attribution,
            referenceDate: spec.referenceDate)
        return (layer, ref)
    }

    /// A coordinate or size as people write it: `100`, `4569550`, `0.5`.
    static func text(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
