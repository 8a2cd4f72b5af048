import Foundation
import QuartierModel

/// What the web documents of a publication describe: the tileset, its indicators and hotspot layers.
struct PublishedMap: Sendable {
    var spec: PublishSpec
    var title: String
    /// The source layer of the tiles (the publication's name).
    var sourceLayer: String
    var legends: [IndicatorLegend]
    /// The prefixes of the hotspot steps whose `Gi_Bin` is published.
    var hotspotPrefixes: [String]
    /// Field → "Number" or "String", as in the tiles.
    var fieldTypes: [String: String]
    var attribution: String
    /// West, south, east, north (degrees).
    var bounds: [Double]
    var rule: SuppressionRule

    var tilesURL: String { "pmtiles://\(spec.baseURL)tiles.pmtiles" }

    /// Centre and zoom that show the whole extent on a 1024 × 768 map (512 px tiles).
    var center: [Double] {
        let (west, south, east, north) = (bounds[0], bounds[1], bounds[2], bounds[3])
        func mercatorY(_ lat: Double) -> Double { log(tan(Double.pi / 4 + lat * Double.pi / 360)) }
        let zx = log2(1024 * 360 / (512 * max(east - west, 1e-9)))
        let zy = log2(768 * 2 * Double.pi / (512 * max(mercatorY(north) - mercatorY(south), 1e-9)))
        let zoom = min(max(floor(min(zx, zy) * 10) / 10, Double(spec.minZoom)), Double(spec.maxZoom))
        return [(west + east) / 2, (south + north) / 2, zoom]
    }
}

/// `style.json`: a MapLibre style (spec v8, https://maplibre.org/maplibre-style-spec/) with a choropleth
/// per indicator (classes as in the legend; grey for null, darker when suppressed), a Gi* hotspot layer
/// (`Gi_Bin` −3…3, diverging) with `COType` cluster outlines, area borders, provider points and, when
/// glyphs are configured, area-name labels. Its metadata carries the legend block (`quartier:legend`).
///
/// `style-qgis-<layer>.json`: one per thematic layer, for QGIS (`MapStyle+QGIS.swift`).
///
/// Both use only expressions the QGIS converter translates where one exists: a `match` whose labels are
/// arrays (`["match", ["get", f], ["suppressed"], …]`: QGIS 3.22 turns a scalar label into `f IN ()`, which
/// matches nothing), and `match` instead of `in` + `literal` as a filter.
enum MapStyle {
    static let source = "quartier"

    /// A thematic layer: an indicator's choropleth or one hotspot step.
    enum Theme {
        case indicator(IndicatorLegend)
        case hotspot(prefix: String)

        /// The field it colours by, which is also the id of its main `style.json` layer.
        var field: String {
            switch self {
            case .indicator(let legend): legend.field
            case .hotspot(let prefix): prefix + "Gi_Bin"
            }
        }
    }

    /// The themes in the order of the legend: the indicators, then the hotspot steps.
    static func themes(_ map: PublishedMap) -> [Theme] {
        map.legends.map { .indicator($0) } + map.hotspotPrefixes.map { .hotspot(prefix: $0) }
    }

    /// The cluster and outlier types of local Moran's I (`COType`), with their outline colours and labels.
    static let clusterTypes: [(code: String, color: String, label: String)] = [
        ("HH", "#b2182b", "Hoch-Hoch-Cluster"), ("LL", "#2166ac", "Niedrig-Niedrig-Cluster"),
        ("HL", "#ef8a62", "Ausreißer: hoch, umgeben von niedrig"),
        ("LH", "#67a9cf", "Ausreißer: niedrig, umgeben von hoch"),
    ]

    /// A layer of the tiles' source layer.
    static func layer(
        _ map: PublishedMap, _ id: String, _ type: String, filter: JSONValue? = nil, paint: JSONValue,
        layout: [String: JSONValue] = [:], visible: Bool = true
    ) -> JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(id), "type": .string(type), "source": .string(source),
            "source-layer": .string(map.sourceLayer), "paint": paint,
        ]
        if let filter { object["filter"] = filter }
        var layout = layout
        layout["visibility"] = visible ? "visible" : "none"
        object["layout"] = .object(layout)
        return .object(object)
    }

    /// The indicator's value as a number (absent values are filtered out before, `has`).
    static func value(_ field: String) -> JSONValue { ["to-number", ["get", .string(field)]] }

    static func document(_ map: PublishedMap) -> JSONValue {
        // One thematic layer is shown as delivered (the first indicator, else the first hotspot layer);
        // the web page switches the others on (`metadata."quartier:legend"[].visible`).
        var layers: [JSONValue] = [background]
        var legend: [JSONValue] = []
        for (i, theme) in themes(map).enumerated() {
            let visible = i == 0
            layers += webLayers(map, theme, visible: visible)
            legend.append(legendBlock(map, theme, visible: visible))
        }
        layers.append(borders(map))
        var sources: [String: JSONValue] = [source: tileSource(map)]
        if let points = map.spec.points {
            sources["einrichtungen"] = ["type": "geojson", "data": .string("\(map.spec.baseURL)\(points).geojson")]
            layers.append([
                "id": "einrichtungen", "type": "circle", "source": "einrichtungen",
                "paint": [
                    "circle-radius": 3, "circle-color": "#4d4d4d", "circle-stroke-color": "#ffffff",
                    "circle-stroke-width": 1,
                ],
            ])
        }
        if let names = labels(map) { layers.append(names) }
        return style(map, name: map.title, sources: sources, layers: layers, legend: legend)
    }

    private static let background: JSONValue = [
        "id": "hintergrund", "type": "background", "paint": ["background-color": "#ffffff"],
    ]

    static func tileSource(_ map: PublishedMap) -> JSONValue {
        ["type": "vector", "url": .string(map.tilesURL), "attribution": .string(map.attribution)]
    }

    static func borders(_ map: PublishedMap) -> JSONValue {
        layer(map, "grenzen", "line", paint: ["line-color": "#ffffff", "line-width": 0.6])
    }

    /// The area names, when glyphs are configured.
    static func labels(_ map: PublishedMap) -> JSONValue? {
        guard map.spec.glyphs != nil, let label = map.spec.labelField else { return nil }
        return layer(
            map, "namen", "symbol",
            paint: ["text-color": "#252525", "text-halo-color": "#ffffff", "text-halo-width": 1],
            layout: ["text-field": ["get", .string(label)], "text-font": ["Noto Sans Regular"], "text-size": 11])
    }

    static func style(
        _ map: PublishedMap, name: String, sources: [String: JSONValue], layers: [JSONValue], legend: [JSONValue]
    ) -> JSONValue {
        var style: [String: JSONValue] = [
            "version": 8, "name": .string(name), "sources": .object(sources),
            "center": [.number(map.center[0]), .number(map.center[1])], "zoom": .number(map.center[2]),
        ]
        if let glyphs = map.spec.glyphs, map.spec.labelField != nil { style["glyphs"] = .string(glyphs) }
        style["layers"] = .array(layers)
        style["metadata"] = ["quartier:legend": .array(legend), "quartier:attribution": .string(map.attribution)]
        return .object(style)
    }

    /// `style.json`'s layers of a theme: one fill layer coloured by an expression (its id the field, which the
    /// atlas switches), `<field>-fehlend` for the missing values, `COType` outlines for a hotspot step.
    private static func webLayers(_ map: PublishedMap, _ theme: Theme, visible: Bool) -> [JSONValue] {
        switch theme {
        case .indicator(let indicator):
            let field = JSONValue.string(indicator.field)
            var cases: [JSONValue] = ["case"]
            for entry in indicator.entries.dropLast() {
                cases += [["<=", value(indicator.field), .number(entry.max ?? 0)], .string(entry.color)]
            }
            cases.append(.string(indicator.entries.last?.color ?? IndicatorLegend.unavailableColor))
            var layers = [
                layer(
                    map, indicator.field, "fill", filter: ["has", field],
                    paint: ["fill-color": .array(cases), "fill-opacity": 0.85], visible: visible)
            ]
            if !indicator.missing.isEmpty {
                layers.append(
                    layer(
                        map, indicator.field + "-fehlend", "fill", filter: ["!", ["has", field]],
                        paint: [
                            "fill-color": [
                                "match", ["get", .string(indicator.field + "_status")], ["suppressed"],
                                .string(IndicatorLegend.suppressedColor), .string(IndicatorLegend.unavailableColor),
                            ]
                        ], visible: visible))
            }
            return layers
        case .hotspot(let prefix):
            let bin = JSONValue.string(prefix + "Gi_Bin")
            var match: [JSONValue] = ["match", ["get", bin]]
            for (i, color) in IndicatorLegend.diverging.enumerated() {
                match += [[.number(Double(i - 3))], .string(color)]
            }
            match.append(.string(IndicatorLegend.unavailableColor))
            let co = JSONValue.string(prefix + "COType")
            var colors: [JSONValue] = ["match", ["get", co]]
            for type in clusterTypes.dropLast() { colors += [[.string(type.code)], .string(type.color)] }
            colors.append(.string(clusterTypes.last?.color ?? "#67a9cf"))
            return [
                layer(
                    map, prefix + "Gi_Bin", "fill", filter: ["has", bin],
                    paint: ["fill-color": .array(match), "fill-opacity": 0.85], visible: visible),
                // Areas without a bin (suppressed, no value, no neighbours) in the legend's missing colours.
                layer(
                    map, prefix + "Gi_Bin-fehlend", "fill", filter: ["!", ["has", bin]],
                    paint: [
                        "fill-color": [
                            "match", ["get", .string(prefix + "Gi_Bin_status")], ["suppressed"],
                            .string(IndicatorLegend.suppressedColor), .string(IndicatorLegend.unavailableColor),
                        ]
                    ], visible: visible),
                layer(
                    map, prefix + "COType", "line",
                    filter: ["match", ["get", co], .array(clusterTypes.map { .string($0.code) }), true, false],
                    paint: ["line-color": .array(colors), "line-width": 2], visible: visible),
            ]
        }
    }

    /// A theme's title in the legend.
    static func title(_ theme: Theme) -> String {
        switch theme {
        case .indicator(let indicator): indicator.title
        case .hotspot: "Hotspots (Getis-Ord Gi*)"
        }
    }

    static func legendBlock(_ map: PublishedMap, _ theme: Theme, visible: Bool) -> JSONValue {
        switch theme {
        case .indicator(let indicator):
            legendBlock(
                indicator.field, title(theme), indicator.unit, indicator.entries + indicator.missing,
                referenceDate: indicator.referenceDate, attribution: indicator.attribution, visible: visible,
                catalogue: indicator.catalogue)
        case .hotspot(let prefix):
            legendBlock(
                prefix + "Gi_Bin", title(theme), "",
                IndicatorLegend.hotspotEntries() + IndicatorLegend.missingEntries(map.rule), referenceDate: nil,
                attribution: nil, visible: visible)
        }
    }

    static func legendBlock(
        _ layer: String, _ title: String, _ unit: String, _ entries: [IndicatorLegend.Entry], referenceDate: String?,
        attribution: String?, visible: Bool, catalogue: IndicatorEntry? = nil
    ) -> JSONValue {
        var block: [String: JSONValue] = [
            "layer": .string(layer), "title": .string(title), "unit": .string(unit), "visible": .bool(visible),
            "entries": .array(entries.map { ["color": .string($0.color), "label": .string($0.label)] }),
        ]
        if let referenceDate { block["referenceDate"] = .string(referenceDate) }
        if let attribution { block["attribution"] = .string(attribution) }
        if let catalogue { block["catalogue"] = catalogue.json }
        return .object(block)
    }
}

/// `tilejson.json`: TileJSON 3.0.0 (https://github.com/mapbox/tilejson-spec/tree/master/3.0.0) for the
/// tileset, with `vector_layers`, zooms, bounds, centre, attribution, and per indicator (key
/// `quartier:indicators`) its title, unit, reference date, attribution, class breaks and legend — all
/// computed from published values.
enum TileJSONDocument {
    static func document(_ map: PublishedMap) -> JSONValue {
        let fields = map.fieldTypes.mapValues { type -> JSONValue in .string(type) }
        let indicators: [JSONValue] = map.legends.map { legend in
            var object: [String: JSONValue] = [
                "field": .string(legend.field), "title": .string(legend.title), "unit": .string(legend.unit),
                "classification": .string(legend.classification), "breaks": .array(legend.breaks.map { .number($0) }),
                "legend": .array(
                    (legend.entries + legend.missing).map { ["color": .string($0.color), "label": .string($0.label)] }),
            ]
            object["reference_date"] = legend.referenceDate.map { .string($0) } ?? .null
            object["attribution"] = legend.attribution.map { .string($0) } ?? .null
            if let entry = legend.catalogue { object["catalogue"] = entry.json }
            return .object(object)
        }
        return [
            "tilejson": "3.0.0", "name": .string(map.title), "scheme": "xyz",
            "tiles": [.string(map.tilesURL + "/{z}/{x}/{y}")], "attribution": .string(map.attribution),
            "minzoom": .number(Double(map.spec.minZoom)), "maxzoom": .number(Double(map.spec.maxZoom)),
            "bounds": .array(map.bounds.map { .number($0) }), "center": .array(map.center.map { .number($0) }),
            "vector_layers": [
                [
                    "id": .string(map.sourceLayer), "fields": .object(fields),
                    "minzoom": .number(Double(map.spec.minZoom)), "maxzoom": .number(Double(map.spec.maxZoom)),
                ]
            ],
            "quartier:indicators": .array(indicators),
        ]
    }
}
