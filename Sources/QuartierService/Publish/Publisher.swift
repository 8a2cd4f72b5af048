import Foundation
import Logging
package import QuartierDisclosure
import QuartierGDAL
import QuartierModel
import QuartierTiles

/// What `[publish]` wrote, recorded in `manifest.json` under `reports.publish`.
package struct PublishReport: Sendable, Codable {
    package struct Indicator: Sendable, Codable {
        package var field: String
        package var classification: String
        package var breaks: [Double]
        package var counts: [Int]
    }

    package var name: String
    /// "areas" or the roll-up that was published.
    package var layer: String
    package var files: [String]
    /// What suppression did, per layer (the published one and every other written layer).
    package var suppression: [SuppressionRule.Report]
    package var indicators: [Indicator]
    /// Indicators without a declared attribution (no `source`, or a source input without `attribution`).
    package var missingAttribution: [String]
    package var attribution: [String]
    /// The disclosure audit of every count field after secondary suppression (intervals of the suppressed cells).
    package var audit: [DisclosureAudit.Report]? = nil

    package var summary: String {
        let suppressed = suppression.first { $0.layer == layer }?.suppressedValues.values.reduce(0, +) ?? 0
        var text = "publish '\(name)': \(files.count) files, \(suppressed) values suppressed"
        if !missingAttribution.isEmpty { text += "; no attribution for " + missingAttribution.joined(separator: ", ") }
        return text
    }
}

/// The `[publish]` step: writes the published layer as GeoJSON, GeoPackage (QGIS styles in
/// `layer_styles`, field aliases) and CSV, cuts `tiles.pmtiles`, and writes `tilejson.json` and
/// `style.json`. The layer arrives already suppressed (see `SuppressionRule`).
struct Publisher {
    let analysis: AnalysisFile
    let spec: PublishSpec
    let working: SpatialReference
    let sink: OutputSink
    let logger: Logger
    let timer: StepTimer

    var place: String { "[publish] (\(analysis.path):\(spec.line))" }

    /// Checks that every field the step names exists in the layer to publish.
    /// - Throws: `QuartierError.user` naming the field, the key that names it and the fields available.
    /// - Parameter seriesColumns: the columns of the public `[[series]]`, which the suppression rule may name too.
    static func checkFields(
        _ spec: PublishSpec, in layer: FeatureLayer, path: String, seriesColumns: Set<String> = []
    ) throws {
        let names = Set(layer.fields.map(\.name))
        for named in spec.namedFields where !names.contains(named.field) {
            if ["suppression", "aliases"].contains(named.key) && seriesColumns.contains(named.field) { continue }
            throw QuartierError.user(
                "[publish] (\(path):\(named.line)): field '\(named.field)' named in \(named.key) does not exist "
                    + "in layer '\(spec.layer)'; its fields are: " + layer.fields.map(\.name).joined(separator: ", "))
        }
    }

    /// A copy of the layer in lon/lat (EPSG:4326), for tiles.
    static func lonLat(_ layer: FeatureLayer, from working: SpatialReference) throws -> FeatureLayer {
        let toWGS84 = try CoordinateTransformer(from: working, to: try SpatialReference.wgs84())
        var result = layer
        result.features = try layer.features.map { feature in
            var copy = feature
            copy.geometry = try feature.geometry.map { try toWGS84.transform($0) }
            return copy
        }
        result.crs = toWGS84.target
        return result
    }

    /// Writes the published files into the sink, each recorded with its role; the layer's entries carry the meaning
    /// of its fields (`describe`, given the layer as written).
    func publish(
        _ full: FeatureLayer, idField: String, suppression: [SuppressionRule.Report],
        parents: [AtlasDocument.Parent] = [], series: [SeriesSuppression.Result] = [],
        describe: (FeatureLayer) -> (fields: [Manifest.FieldRecord], hotspots: [Manifest.HotspotFields])
    ) throws -> PublishReport {
        let layer = try select(full, idField: idField)
        let legends = try self.legends(for: layer)
        let missingAttribution = legends.filter { $0.attribution == nil }.map(\.field)
        for field in missingAttribution {
            let hint = "set source = \"<input>\" in [publish.indicators.\(field)] and attribution on that input"
            logger.warning("\(place): indicator '\(field)' has no declared attribution; \(hint)")
        }
        // Every declared attribution: the published layer may hold data of any input of the analysis.
        let attributions = unique(analysis.inputs.map(\.attribution))
        let hotspotPrefixes = analysis.steps.hotspots.map(\.prefix).filter { layer.fieldIndex($0 + "Gi_Bin") != nil }

        var files: [(name: String, role: Manifest.OutputRole)] = []
        func path(_ name: String) -> String { sink.path(name) }
        try timer.measure("publish:geojson") {
            try LayerWriter.write(
                layer, to: path("\(spec.name).geojson"), format: .geoJSON, layerName: spec.name,
                geoJSONMembers: try Self.catalogueMember(legends))
        }
        files.append(("\(spec.name).geojson", .layer))
        // QGIS applies the aliases of the default style (GDAL < 3.7 cannot write gpkg_data_columns).
        let columns = layer.withStatusFields(for: layer.fields.map(\.name)).fields.map(\.name)
        let aliasPairs = layer.fields.compactMap { field in
            field.alias.map { (field.name, $0, (columns.firstIndex(of: field.name) ?? 0) + 1) }
        }
        var styles = legends.map {
            (
                name: $0.title,
                qml: QGISStyle.classes($0, hasStatus: columns.contains($0.field + "_status"), aliases: aliasPairs)
            )
        }
        styles += hotspotPrefixes.map {
            (
                name: "Hotspots \($0)Gi_Bin",
                qml: QGISStyle.hotspots(
                    field: $0 + "Gi_Bin", missing: IndicatorLegend.missingEntries(spec.suppression),
                    hasStatus: columns.contains($0 + "Gi_Bin_status"), aliases: aliasPairs)
            )
        }
        try timer.measure("publish:gpkg") {
            try LayerWriter.write(
                layer, to: path("\(spec.name).gpkg"), format: .geoPackage, layerName: spec.name,
                tables: styles.isEmpty ? [] : [QGISStyle.table(layer: spec.name, styles: styles)])
        }
        files.append(("\(spec.name).gpkg", .layer))
        try timer.measure("publish:csv") {
            try CSVTableWriter.write(layer, to: path("\(spec.name).csv"), dialect: spec.csv)
        }
        files += [("\(spec.name).csv", .table), ("\(spec.name).csvt", .columnTypes)]
        if let points = try writePoints() { files.append((points, .points)) }

        let qgisStyles = try writeMap(
            layer, idField: idField, legends: legends, hotspotPrefixes: hotspotPrefixes, attributions: attributions)
        files += [("tiles.pmtiles", .tiles), ("tilejson.json", .tilejson), ("style.json", .style)]
        files += qgisStyles.map { ($0, .qgisStyle) }

        let meaning = describe(layer)
        let roles = Dictionary(meaning.fields.map { ($0.name, $0.role) }, uniquingKeysWith: { first, _ in first })
        var atlas = AtlasDocument(
            title: analysis.title ?? analysis.name, analysis: analysis.name,
            layer: try Self.lonLat(layer, from: working),
            idField: idField, nameField: spec.labelField, spec: spec, legends: legends,
            hotspotPrefixes: hotspotPrefixes, roles: roles, parents: parents, rates: analysis.steps.rates,
            attributions: attributions, downloads: files.filter { [.layer, .table].contains($0.role) }.map(\.name),
            toLonLat: try CoordinateTransformer(from: working, to: try SpatialReference.wgs84()))
        atlas.targets = analysis.indicators.compactMapValues { $0.targets?.first }
        atlas.observations = analysis.observations
        let outline = try atlas.coarsestParent.flatMap { try AtlasOutline.document($0, working: working) }
        let profiles =
            analysis.areaProfiles?.levels.contains(spec.layer.description) == true
            ? "../profiles/\(spec.layer.description)/" : nil
        let atlasSeries = spec.layer == .areas ? AtlasSeries(document: atlas, series: series) : nil
        files += try AtlasWriter(sink: sink, logger: logger).write(
            atlas, outline: outline, profiles: profiles, series: atlasSeries
        ).map { ($0, .atlas) }
        for (name, role) in files {
            let described = role == .layer || role == .table || role == .tiles
            if role == .atlas {
                try sink.add(name, OutputSink.entry(.atlas, tier: .public, layer: spec.name, level: spec.layer))
                continue
            }
            let entry = OutputSink.entry(
                role, tier: .public, layer: role == .points ? spec.points : spec.name,
                level: role == .points ? nil : spec.layer,
                idField: role == .points ? nil : idField, fields: described ? meaning.fields : nil,
                hotspots: role == .layer || role == .tiles ? meaning.hotspots : nil)
            try sink.add(name, entry)
        }
        let report = PublishReport(
            name: spec.name, layer: spec.layer.description, files: files.map(\.name), suppression: suppression,
            indicators: legends.map {
                PublishReport.Indicator(
                    field: $0.field, classification: $0.classification, breaks: $0.breaks, counts: $0.counts)
            },
            missingAttribution: missingAttribution, attribution: attributions)
        return report
    }

    /// The legends of the published indicators, with their attribution and catalogue entries.
    private func legends(for layer: FeatureLayer) throws -> [IndicatorLegend] {
        try spec.indicators.map { indicator -> IndicatorLegend in
            var legend = try IndicatorLegend(indicator, layer: layer, rule: spec.suppression, place: place)
            let source = indicator.source.flatMap { analysis.input(named: $0) }
            legend.attribution = source?.attribution
            legend.referenceDate = source?.referenceDate
            // A catalogue entry fills what [publish.indicators] leaves open and travels with the legend.
            if let entry = analysis.indicators[indicator.field] {
                legend.catalogue = entry
                if legend.title == indicator.field { legend.title = entry.title }
                if legend.unit.isEmpty { legend.unit = entry.unit }
                legend.attribution = legend.attribution ?? entry.attribution
                legend.referenceDate = legend.referenceDate ?? entry.referenceDate
            }
            return legend
        }
    }

    /// `[publish] points`: the provision points as `<input>.geojson` (the id field and the listed fields); the
    /// file's name, or nil without points.
    private func writePoints() throws -> String? {
        guard let points = spec.points, let input = analysis.input(named: points) else { return nil }
        let (loaded, _) = try PointLoader.load(input, working: working, logger: logger)
        let keep = [input.idField].compactMap { $0 } + (spec.pointFields ?? [])
        var selected = loaded
        if spec.pointFields != nil {
            let indexes = try keep.map { name -> Int in
                guard let i = loaded.fieldIndex(name) else {
                    throw QuartierError.user("\(place): point field '\(name)' does not exist in input '\(points)'")
                }
                return i
            }
            selected.fields = indexes.map { loaded.fields[$0] }
            selected.features = loaded.features.map { f in
                var copy = f
                copy.attributes = indexes.map { $0 < f.attributes.count ? f.attributes[$0] : .null }
                return copy
            }
        }
        try LayerWriter.write(selected, to: sink.path("\(points).geojson"), format: .geoJSON, layerName: points)
        return "\(points).geojson"
    }

    /// The published layer as `tiles.pmtiles` (lon/lat, status fields for the indicators and hotspot classes), its
    /// `tilejson.json`, the MapLibre `style.json` and one `style-qgis-<layer>.json` per thematic layer; the names
    /// of the QGIS styles.
    private func writeMap(
        _ layer: FeatureLayer, idField: String, legends: [IndicatorLegend], hotspotPrefixes: [String],
        attributions: [String]
    ) throws -> [String] {
        func path(_ name: String) -> String { sink.path(name) }
        let statusFields =
            legends.map(\.field) + hotspotPrefixes.map { $0 + "Gi_Bin" }
            + analysis.observations.flatMap { spec in spec.gaps.map(spec.gapField) }.filter {
                layer.fieldIndex($0) != nil
            }
        var tilesLayer = try Self.lonLat(layer, from: working).withStatusFields(for: statusFields)
        tilesLayer.name = spec.name
        let attribution = attributions.joined(separator: " | ")
        _ = try TilesCommand.write(
            tilesLayer, idField: idField, name: spec.name, minZoom: spec.minZoom, maxZoom: spec.maxZoom, fields: nil,
            to: URL(fileURLWithPath: path("tiles.pmtiles")), format: .pmtiles, replace: true, timer: timer,
            attribution: attribution, description: analysis.title, stepPrefix: "publish:")
        let extent = tilesLayer.extent ?? BoundingBox(minX: -180, minY: -85, maxX: 180, maxY: 85)
        let map = PublishedMap(
            spec: spec, title: analysis.title ?? analysis.name, sourceLayer: spec.name, legends: legends,
            hotspotPrefixes: hotspotPrefixes,
            fieldTypes: PMTilesMetadata.VectorLayer(layer: tilesLayer).fields, attribution: attribution,
            bounds: [extent.minX, extent.minY, extent.maxX, extent.maxY], rule: spec.suppression)
        try FileSupport.writeAtomically(try FileSupport.json(TileJSONDocument.document(map)), to: path("tilejson.json"))
        try FileSupport.writeAtomically(try FileSupport.json(MapStyle.document(map)), to: path("style.json"))
        return try MapStyle.qgisDocuments(map).map { name, document in
            try FileSupport.writeAtomically(try FileSupport.json(document), to: path(name))
            return name
        }
    }

    /// The id field, the listed fields (all when none are listed) and the indicators and label, with aliases.
    private func select(_ layer: FeatureLayer, idField: String) throws -> FeatureLayer {
        var selected = layer
        if let wanted = spec.fields {
            let extra = spec.indicators.map(\.field) + [spec.labelField].compactMap { $0 }
            var names = [idField]
            for name in wanted + extra where !names.contains(name) { names.append(name) }
            selected = layer.keepingFields(at: names.compactMap { layer.fieldIndex($0) })
        }
        let titles = Dictionary(spec.indicators.map { ($0.field, $0.title) }, uniquingKeysWith: { first, _ in first })
        for i in selected.fields.indices {
            let name = selected.fields[i].name
            if let alias = spec.aliases[name] ?? titles[name] { selected.fields[i].alias = alias }
        }
        selected.name = spec.name
        return selected
    }

    private func unique(_ values: [String?]) -> [String] {
        var seen: [String] = []
        for case let value? in values where !seen.contains(value) { seen.append(value) }
        return seen
    }

    /// The catalogue entries of the published indicators as the GeoJSON foreign member `quartier:indicators`
    /// (RFC 7946 §6.1), `{ "<field>": <entry> }`, which the GeoJSON writer puts in the collection's header; none
    /// when no indicator has an entry.
    static func catalogueMember(_ legends: [IndicatorLegend]) throws -> [(name: String, json: String)] {
        try catalogueMember(legends.compactMap { legend in legend.catalogue.map { (legend.field, $0) } })
    }

    /// The same for `(field, entry)` pairs (e.g. the indicators of an `[outputs]` layer).
    static func catalogueMember(_ pairs: [(String, IndicatorEntry)]) throws -> [(name: String, json: String)] {
        let entries = pairs.map { ($0.0, $0.1.json) }
        guard !entries.isEmpty else { return [] }
        let member = try FileSupport.json(JSONValue.object(Dictionary(uniqueKeysWithValues: entries)))
        return [("quartier:indicators", String(decoding: member, as: UTF8.self))]
    }
}
