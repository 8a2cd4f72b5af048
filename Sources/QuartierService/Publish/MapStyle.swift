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
enum MapStyle {
    static func document(_ map: PublishedMap) -> JSONValue {
        let source = "quartier"
        func layer(
            _ id: String, _ type: String, filter: JSONValue? = nil, paint: JSONValue,
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
        // One thematic layer is shown as delivered (the first indicator, else the first hotspot layer);
        // the web page switches the others on (`metadata."quartier:legend"[].visible`).
        var shown = false
        func showNext() -> Bool {
            defer { shown = true }
            return !shown
        }
        var layers: [JSONValue] = [
            ["id": "hintergrund", "type": "background", "paint": ["background-color": "#ffffff"]]
        ]
        var legend: [JSONValue] = []
        for indicator in map.legends {
            let visible = showNext()
            let field = JSONValue.string(indicator.field)
            var cases: [JSONValue] = ["case"]
            for entry in indicator.entries.dropLast() {
                cases += [["<=", ["to-number", ["get", field]], .number(entry.max ?? 0)], .string(entry.color)]
            }
            cases.append(.string(indicator.entries.last?.color ?? IndicatorLegend.unavailableColor))
            layers.append(
                layer(
                    indicator.field, "fill", filter: ["has", field],
                    paint: ["fill-color": .array(cases), "fill-opacity": 0.85], visible: visible))
            if !indicator.missing.isEmpty {
                layers.append(
                    layer(
                        indicator.field + "-fehlend", "fill", filter: ["!", ["has", field]],
                        paint: [
                            "fill-color": [
                                "match", ["get", .string(indicator.field + "_status")], "suppressed",
                                .string(IndicatorLegend.suppressedColor), .string(IndicatorLegend.unavailableColor),
                            ]
                        ], visible: visible))
            }
            legend.append(
                legendBlock(
                    indicator.field, indicator.title, indicator.unit, indicator.entries + indicator.missing,
                    referenceDate: indicator.referenceDate, attribution: indicator.attribution, visible: visible))
        }
        for prefix in map.hotspotPrefixes {
            let visible = showNext()
            let bin = JSONValue.string(prefix + "Gi_Bin")
            var match: [JSONValue] = ["match", ["get", bin]]
            for (i, color) in IndicatorLegend.diverging.enumerated() {
                match += [.number(Double(i - 3)), .string(color)]
            }
            match.append(.string(IndicatorLegend.unavailableColor))
            layers.append(
                layer(
                    prefix + "Gi_Bin", "fill", filter: ["has", bin],
                    paint: ["fill-color": .array(match), "fill-opacity": 0.85], visible: visible))
            let co = JSONValue.string(prefix + "COType")
            layers.append(
                layer(
                    prefix + "COType", "line", filter: ["in", ["get", co], ["literal", ["HH", "LL", "HL", "LH"]]],
                    paint: [
                        "line-color": [
                            "match", ["get", co], "HH", "#b2182b", "LL", "#2166ac", "HL", "#ef8a62", "#67a9cf",
                        ],
                        "line-width": 2,
                    ], visible: visible))
            legend.append(
                legendBlock(
                    prefix + "Gi_Bin", "Hotspots (Getis-Ord Gi*)", "",
                    IndicatorLegend.hotspotEntries() + IndicatorLegend.missingEntries(map.rule), referenceDate: nil,
                    attribution: nil, visible: visible))
        }
        layers.append(layer("grenzen", "line", paint: ["line-color": "#ffffff", "line-width": 0.6]))
        var sources: [String: JSONValue] = [
            source: ["type": "vector", "url": .string(map.tilesURL), "attribution": .string(map.attribution)]
        ]
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
        var style: [String: JSONValue] = [
            "version": 8, "name": .string(map.title), "sources": .object(sources),
            "center": [.number(map.center[0]), .number(map.center[1])], "zoom": .number(map.center[2]),
        ]
        if let glyphs = map.spec.glyphs, let label = map.spec.labelField {
            style["glyphs"] = .string(glyphs)
            layers.append(
                layer(
                    "namen", "symbol",
                    paint: ["text-color": "#252525", "text-halo-color": "#ffffff", "text-halo-width": 1],
                    layout: [
                        "text-field": ["get", .string(label)], "text-font": ["Noto Sans Regular"], "text-size": 11,
                    ]))
        }
        style["layers"] = .array(layers)
        style["metadata"] = ["quartier:legend": .array(legend), "quartier:attribution": .string(map.attribution)]
        return .object(style)
    }

    static func legendBlock(
        _ layer: String, _ title: String, _ unit: String, _ entries: [IndicatorLegend.Entry], referenceDate: String?,
        attribution: String?, visible: Bool
    ) -> JSONValue {
        var block: [String: JSONValue] = [
            "layer": .string(layer), "title": .string(title), "unit": .string(unit), "visible": .bool(visible),
            "entries": .array(entries.map { ["color": .string($0.color), "label": .string($0.label)] }),
        ]
        if let referenceDate { block["referenceDate"] = .string(referenceDate) }
        if let attribution { block["attribution"] = .string(attribution) }
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
