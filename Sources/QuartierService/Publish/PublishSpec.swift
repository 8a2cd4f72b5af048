import QuartierTOML
import QuartierTiles

/// `[publish]`: the files for GIS staff, planners and the public map, written into the output folder:
/// `<name>.geojson`, `<name>.gpkg` (with QGIS styles and field aliases), `<name>.csv`, `tiles.pmtiles`,
/// `tilejson.json`, `style.json` and one `style-qgis-<field>.json` per thematic layer. See docs/publishing.md.
package struct PublishSpec: Sendable {
    /// How the CSV is written.
    package enum CSVDialect: String, Sendable, CaseIterable {
        /// As German Excel opens it: UTF-8 with BOM, `;`, decimal comma, CRLF.
        case excel
        /// RFC 4180: UTF-8, `,`, decimal point, CRLF.
        case rfc4180
    }

    /// Base name of the GeoJSON, GeoPackage and CSV files.
    package var name: String
    /// "areas" or the name of a `[[rollup]]`.
    package var layer: LayerRef
    /// Fields to publish after the id field; nil publishes every field.
    package var fields: [String]?
    package var csv: CSVDialect
    package var minZoom: Int
    package var maxZoom: Int
    /// The field with the area names drawn as labels (needs `glyphs`).
    package var labelField: String?
    /// A glyphs URL template (`…/{fontstack}/{range}.pbf`); labels are drawn only when given.
    package var glyphs: String?
    /// A point input (provider locations) published as `<points>.geojson` and drawn as circles.
    package var points: String?
    package var pointFields: [String]?
    /// Prefix of the URLs in `style.json` and `tilejson.json` (empty: relative to the page).
    package var baseURL: String
    /// Field → alias (GeoPackage, CSV stays with field names); indicators add their titles.
    package var aliases: [String: String]
    package var suppression: SuppressionRule
    package var indicators: [IndicatorSpec]
    /// The name of the whole territory the atlas's profile compares each area with (`city`, e.g. "Berlin").
    package var city: String? = nil
    /// The atlas's first view (`center = [lon, lat]`, `zoom`), overriding the fit to the bulk of the areas.
    package var center: [Double]? = nil
    package var zoom: Double? = nil
    /// What the atlas draws below the areas (raster tiles or a MapLibre style), with its attribution; none by
    /// default, so that the page needs no network but its own server.
    package var basemap: BaseMap? = nil
    package var line: Int
}

/// `[publish.indicators.<field>]`: a classified indicator of the map.
package struct IndicatorSpec: Sendable {
    package enum Method: String, Sendable, CaseIterable {
        case quantiles
        case equalInterval = "equal_interval"
        case fisherJenks = "fisher_jenks"
        case standardDeviation = "std"
        case boxPlot = "box_plot"
        case user
    }

    package var field: String
    package var title: String
    package var unit: String
    /// The input whose attribution and reference date the indicator carries.
    package var source: String?
    package var method: Method
    package var classes: Int
    /// Upper bounds for `classification = "user"`.
    package var breaks: [Double]
    package var line: Int
}

extension PublishSpec {
    static func parse(_ s: inout TOMLSection, inputs: [InputSpec]) throws -> PublishSpec {
        let name = try s.requiredString("name")
        if let problem = OutputPaths.fileNameProblem(name) {
            throw s.error("[publish] name \(problem)", line: s.line(of: "name"))
        }
        let csvName = try s.string("csv") ?? "excel"
        guard let csv = CSVDialect(rawValue: csvName) else {
            throw s.error("[publish] csv is \"excel\" or \"rfc4180\", not '\(csvName)'", line: s.line(of: "csv"))
        }
        let minZoom = try s.integer("minzoom") ?? 0
        let maxZoom = try s.integer("maxzoom") ?? 14
        guard (0...18).contains(maxZoom), (0...maxZoom).contains(minZoom) else {
            throw s.error("[publish] zooms: 0 ≤ minzoom ≤ maxzoom ≤ 18", line: s.line(of: "maxzoom"))
        }
        let points = try s.string("points")
        if let points, !inputs.contains(where: { $0.name == points }) {
            throw s.error("[publish] points = '\(points)' is not a declared input", line: s.line(of: "points"))
        }
        var suppression = SuppressionRule()
        if var section = try s.section("suppression") {
            suppression = try SuppressionRule.parse(&section)
            try section.finish()
        }
        let center = try s.doubleArray("center")
        if let center, center.count != 2 || !(-180...180).contains(center[0]) || !(-85...85).contains(center[1]) {
            throw s.error("[publish] center is [longitude, latitude] in degrees", line: s.line(of: "center"))
        }
        let zoom = try s.double("zoom")
        if let zoom, !(0...22).contains(zoom) {
            throw s.error("[publish] zoom is between 0 and 22", line: s.line(of: "zoom"))
        }
        let basemap: BaseMap?
        do {
            basemap = try BaseMap.parse(try s.string("basemap"), attribution: try s.string("basemap_attribution"))
        } catch let problem as BaseMap.Problem {
            let key = s.table.entry("basemap") != nil ? "basemap" : "basemap_attribution"
            throw s.error("[publish] \(problem.message)", line: s.line(of: key))
        }
        var indicators: [IndicatorSpec] = []
        for (field, var section) in try s.namedSections("indicators") {
            indicators.append(try IndicatorSpec.parse(field, &section, inputs: inputs))
            try section.finish()
        }
        return PublishSpec(
            name: name, layer: LayerRef(try s.string("layer") ?? LayerRef.areasName),
            fields: try s.stringArray("fields"), csv: csv,
            minZoom: minZoom, maxZoom: maxZoom, labelField: try s.string("label"), glyphs: try s.string("glyphs"),
            points: points, pointFields: try s.stringArray("point_fields"), baseURL: try s.string("base_url") ?? "",
            aliases: try s.stringMap("aliases") ?? [:], suppression: suppression, indicators: indicators,
            city: try s.string("city"), center: center, zoom: zoom, basemap: basemap,
            line: s.line)
    }

    /// Checks the layer and that no published file overwrites another output of the run.
    func validate(outputs: [OutputSpec], tiles: [TilesStep], rollups: [RollUpStep], _ section: TOMLSection) throws {
        guard layer.exists(among: rollups) else {
            throw section.error(
                "[publish] layer '\(layer)' is neither \"areas\" nor a [[rollup]]", line: section.line(of: "layer"))
        }
        let outputNames = outputs.map(\.name)
        let taken = outputNames + [points].compactMap { $0 }
        if let clash = taken.first(where: { $0 == name }) ?? outputNames.first(where: { $0 == points }) {
            throw section.error(
                "[publish] '\(clash)' names both an [outputs] table or the points and the published files; "
                    + "their files would overwrite each other: rename one", line: section.line)
        }
        if tiles.contains(where: { $0.name == "tiles" && $0.format == .pmtiles }) {
            throw section.error(
                "[[tiles]] name \"tiles\" would overwrite the published tiles.pmtiles", line: section.line)
        }
    }

    /// Every field the step names, with the line that names it (checked against the layer at run time).
    var namedFields: [(field: String, line: Int, key: String)] {
        var named = (fields ?? []).map { ($0, line, "fields") }
        named += indicators.map { ($0.field, $0.line, "indicators.\($0.field)") }
        if let labelField { named.append((labelField, line, "label")) }
        named += aliases.keys.sorted().map { ($0, line, "aliases") }
        named += suppression.namedFields.map { ($0, suppression.line, "suppression") }
        return named
    }
}

extension IndicatorSpec {
    static func parse(_ field: String, _ s: inout TOMLSection, inputs: [InputSpec]) throws -> IndicatorSpec {
        let methodName = try s.string("classification") ?? "quantiles"
        guard let method = Method(rawValue: methodName) else {
            throw s.error(
                "classification '\(methodName)' is unknown; use "
                    + Method.allCases.map(\.rawValue).joined(separator: ", "),
                line: s.line(of: "classification"))
        }
        let classes = try s.integer("classes") ?? 5
        guard (2...9).contains(classes) else {
            throw s.error(
                "classes must be between 2 and 9 (the palettes have at most 9 colours)", line: s.line(of: "classes"))
        }
        let breaks = try s.doubleArray("breaks") ?? []
        if method == .user && breaks.isEmpty {
            throw s.error("classification = \"user\" needs breaks = [upper bounds]", line: s.line)
        }
        let source = try s.string("source")
        if let source, !inputs.contains(where: { $0.name == source }) {
            throw s.error("source = '\(source)' is not a declared input", line: s.line(of: "source"))
        }
        return IndicatorSpec(
            field: field, title: try s.string("title") ?? field, unit: try s.string("unit") ?? "", source: source,
            method: method, classes: classes, breaks: breaks, line: s.line)
    }
}
