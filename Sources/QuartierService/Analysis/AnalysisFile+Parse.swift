import Foundation
import QuartierGDAL
import QuartierModel
import QuartierTOML

// The parsers of an analysis file's tables besides the steps: inputs, outputs and the indicator catalogue.

extension InputSpec {
    /// Reads an `[inputs.<name>]` table; a relative `source` resolves against the analysis file's folder.
    static func parse(_ s: inout TOMLSection, name: String, folder: URL) throws -> InputSpec {
        let written = try s.requiredString("source")
        let resolved =
            written.hasPrefix("/") || Dataset.isConnectionString(written)
            ? written : folder.appendingPathComponent(written).standardizedFileURL.path
        var openOptions = try s.stringArray("open_options") ?? []
        let crs = try s.string("crs")
        let gridCell = try s.double("grid_cell")
        var grid: GridSource?
        switch (try s.string("x"), try s.string("y")) {
        case (nil, nil):
            if gridCell != nil {
                throw s.error(
                    "[inputs.\(name)] grid_cell needs x and y, the columns of the cell centres", line: s.line(of: "grid_cell"))
            }
        case (let x?, let y?) where gridCell != nil:
            // Grid cells from their centres: read as a table, the squares made by Quartier.
            guard let size = gridCell, size > 0, size.isFinite else {
                throw s.error("[inputs.\(name)] grid_cell is the cell size, a positive number (100 for the 100 m grid)",
                    line: s.line(of: "grid_cell"))
            }
            grid = GridSource(cellSize: size, x: x, y: y)
        case (let x?, let y?):
            // Points from a table's coordinate columns, through GDAL's CSV driver.
            let ext = (resolved as NSString).pathExtension.lowercased()
            guard ["csv", "tsv", "txt"].contains(ext) else {
                throw s.error(
                    "[inputs.\(name)] x and y name coordinate columns of a CSV table; '\(written)' is not one "
                        + "(for other formats, export the table as CSV)", line: s.line(of: "x"))
            }
            guard crs != nil else {
                throw s.error(
                    "[inputs.\(name)] x and y need crs, the CRS of the coordinates (e.g. \"EPSG:4326\" for "
                        + "longitude/latitude, \"EPSG:25832\" for UTM eastings/northings)", line: s.line(of: "x"))
            }
            openOptions += ["X_POSSIBLE_NAMES=\(x)", "Y_POSSIBLE_NAMES=\(y)"]
        default:
            throw s.error("[inputs.\(name)] x and y go together", line: s.line(of: "x"))
        }
        return InputSpec(
            name: name, sourceAsWritten: written, source: resolved, layer: try s.string("layer"),
            idField: try s.string("id"), crs: crs, attribution: try s.string("attribution"),
            referenceDate: try s.string("reference_date"), repair: try s.bool("repair") ?? false,
            openOptions: openOptions, headerRow: try s.integer("header_row"),
            skipFooter: try s.integer("skip_footer"), delimiter: try s.string("delimiter"),
            missingCodes: try AnalysisFile.missingCodes(&s), line: s.line, grid: grid,
            fields: try s.stringArray("fields"))
    }
}

extension OutputSpec {
    /// Reads an `[outputs.<name>]` table.
    static func parse(_ s: inout TOMLSection, name: String) throws -> OutputSpec {
        let formatNames = try s.stringArray("formats") ?? ["geojson", "gpkg"]
        let formats = try formatNames.filter { $0 != "csv" && $0 != "postgis" }.map { format in
            guard let f = VectorFormat(rawValue: format) else {
                throw s.error(
                    "unknown format '\(format)' in [outputs.\(name)]; use "
                        + (VectorFormat.allCases.map(\.rawValue) + ["csv", "postgis"]).joined(separator: ", "),
                    line: s.line(of: "formats"))
            }
            return f
        }
        if let problem = OutputPaths.fileNameProblem(name) {
            throw s.error("[outputs] output name \(problem)", line: s.line)
        }
        var output = OutputSpec(
            name: name, formats: formats, layer: LayerRef(try s.string("layer") ?? LayerRef.areasName),
            fields: try s.stringArray("fields"), csv: formatNames.contains("csv"), orderBy: try s.string("order_by"),
            tier: try OutputTier.parse(&s, place: "[outputs.\(name)]"), line: s.line)
        try output.parseDatabase(&s, formats: formatNames)
        return output
    }
}

extension AnalysisFile {
    /// `catalogue = "<file>"` and `[indicators] field = "<id>"`: the catalogue entries by field, and the catalogue's
    /// path (relative to the analysis file's folder).
    static func catalogueEntries(_ root: inout TOMLSection, path: String) throws -> (
        indicators: [String: IndicatorEntry], path: String?
    ) {
        let catalogueLine = root.line(of: "catalogue")
        guard let written = try root.string("catalogue") else {
            if try root.stringMap("indicators") != nil {
                throw root.error(
                    "[indicators] needs catalogue = \"<file>\" naming the indicator catalogue", line: catalogueLine)
            }
            return ([:], nil)
        }
        let resolved =
            written.hasPrefix("/")
            ? written
            : URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(written)
                .standardizedFileURL.path
        let catalogue = try IndicatorCatalogue.load(resolved)
        let line = root.line(of: "indicators")
        var indicators: [String: IndicatorEntry] = [:]
        for (field, id) in (try root.stringMap("indicators") ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let entry = catalogue.entry(id) else {
                throw root.error(
                    "[indicators] \(field) = \"\(id)\": unknown indicator id; the catalogue \(written) has: "
                        + catalogue.entries.map(\.id).joined(separator: ", "), line: line)
            }
            indicators[field] = entry
        }
        return (indicators, resolved)
    }
}
