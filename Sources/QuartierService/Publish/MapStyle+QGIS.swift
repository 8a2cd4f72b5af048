import Foundation
import QuartierModel

/// `style-qgis-<layer>.json` (`qgisDocuments`): one style per thematic layer for QGIS, whose MapBox GL style
/// converter (`QgsMapBoxGlStyleConverter`, QGIS 3.22) ignores `visibility` and converts neither `case` nor `step`
/// on a feature's value (issue 24, item 2). Each holds one thematic layer, its classes as one style layer
/// each (a constant colour, a filter on the value's range — the converter's comparisons, `all`, `has`,
/// `!has`, `==`, `!=`), named by the class's legend label, plus the borders and labels: QGIS lists the classes
/// as a legend, and MapLibre draws the same colours as `style.json` with that layer switched on. No provider
/// points: they are no vector tiles (`<points>.geojson` is a layer of its own in QGIS); no background: QGIS 3.22
/// paints a `background` layer as an opaque fill of every tile, which would hide the layers beneath (a base map).
extension MapStyle {
    /// One style per thematic layer for QGIS: (file name, style).
    static func qgisDocuments(_ map: PublishedMap) -> [(name: String, document: JSONValue)] {
        themes(map).map { theme in
            // No background: QGIS draws a `background` layer as an opaque fill of every tile, over the layers beneath.
            var layers = qgisLayers(map, theme)
            layers.append(borders(map))
            if let names = labels(map) { layers.append(names) }
            layers = uniqueIDs(layers)
            var title = title(theme)
            if case .hotspot(let prefix) = theme, !prefix.isEmpty { title += " (\(prefix)Gi_Bin)" }
            let document = style(
                map, name: "\(map.title) – \(title)", sources: [source: tileSource(map)], layers: layers,
                legend: [legendBlock(map, theme, visible: true)])
            return (qgisFileName(theme.field), document)
        }
    }

    /// The layers with a repeated id (two classes whose rounded labels coincide) numbered: `label (2)`.
    static func uniqueIDs(_ layers: [JSONValue]) -> [JSONValue] {
        var seen: Set<String> = []
        return layers.map { layer in
            guard case .object(var object) = layer, case .string(let id)? = object["id"] else { return layer }
            var unique = id
            var n = 1
            while seen.contains(unique) {
                n += 1
                unique = "\(id) (\(n))"
            }
            seen.insert(unique)
            object["id"] = .string(unique)
            return .object(object)
        }
    }

    /// `style-qgis-<field>.json`, with characters other than letters, digits, `_`, `.` and `-` replaced by `_`
    /// (the server's result route takes no others).
    static func qgisFileName(_ field: String) -> String {
        let safe = String(
            field.unicodeScalars.map { scalar -> Character in
                scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "_.-".unicodeScalars.contains(scalar))
                    ? Character(scalar) : "_"
            })
        return "style-qgis-\(safe).json"
    }

    /// A QGIS style's layers of a theme: one fill layer per class with a constant colour and a filter on the
    /// class's range (upper bound inclusive, as `style.json`'s `case`), named by the legend label; one per
    /// reason a value is missing; one outline layer per cluster type.
    static func qgisLayers(_ map: PublishedMap, _ theme: Theme) -> [JSONValue] {
        func fill(_ id: String, _ filter: JSONValue, _ color: String, opacity: Double? = 0.85) -> JSONValue {
            var paint: [String: JSONValue] = ["fill-color": .string(color)]
            if let opacity { paint["fill-opacity"] = .number(opacity) }
            return layer(map, id, "fill", filter: filter, paint: .object(paint))
        }
        switch theme {
        case .indicator(let indicator):
            let field = JSONValue.string(indicator.field)
            var layers: [JSONValue] = []
            for (c, entry) in indicator.entries.enumerated() {
                var conditions: [JSONValue] = ["all", ["has", field]]
                if c > 0 {
                    conditions.append([">", value(indicator.field), .number(indicator.entries[c - 1].max ?? 0)])
                }
                if c < indicator.entries.count - 1 {
                    conditions.append(["<=", value(indicator.field), .number(entry.max ?? 0)])
                }
                layers.append(fill(entry.label, .array(conditions), entry.color))
            }
            if indicator.missing.count == 2 {
                let status = JSONValue.string(indicator.field + "_status")
                let (suppressed, unavailable) = (indicator.missing[0], indicator.missing[1])
                layers.append(
                    fill(
                        suppressed.label, ["all", ["!", ["has", field]], ["==", ["get", status], "suppressed"]],
                        suppressed.color, opacity: nil))
                layers.append(
                    fill(
                        unavailable.label, ["all", ["!", ["has", field]], ["!=", ["get", status], "suppressed"]],
                        unavailable.color, opacity: nil))
            }
            return layers
        case .hotspot(let prefix):
            let bin = JSONValue.string(prefix + "Gi_Bin")
            let co = JSONValue.string(prefix + "COType")
            var layers = IndicatorLegend.hotspotEntries().enumerated().map { i, entry in
                fill(entry.label, ["==", ["get", bin], .number(Double(i - 3))], entry.color)
            }
            // Areas without a bin, in the legend's missing colours.
            let status = JSONValue.string(prefix + "Gi_Bin_status")
            let missing = IndicatorLegend.missingEntries(map.rule)
            if missing.count == 2 {
                layers.append(
                    fill(
                        missing[0].label, ["all", ["!", ["has", bin]], ["==", ["get", status], "suppressed"]],
                        missing[0].color, opacity: nil))
                layers.append(
                    fill(
                        missing[1].label, ["all", ["!", ["has", bin]], ["!=", ["get", status], "suppressed"]],
                        missing[1].color, opacity: nil))
            }
            for type in clusterTypes {
                layers.append(
                    layer(
                        map, type.label, "line", filter: ["==", ["get", co], .string(type.code)],
                        paint: ["line-color": .string(type.color), "line-width": 2]))
            }
            return layers
        }
    }
}
