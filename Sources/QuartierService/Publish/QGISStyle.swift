import Foundation
import QuartierModel

/// QGIS styles for the GeoPackage: one row per classified field in the `layer_styles` table that QGIS
/// reads when it opens the layer (the first is the default), with the same classes and colours as
/// `style.json`. QML as QGIS 3 writes it
/// (https://docs.qgis.org/3.28/en/docs/user_manual/appendices/qgis_file_formats.html).
enum QGISStyle {
    /// A rule-based renderer over `legend.field`, one rule per legend entry in its colour and with its label, plus the
    /// field aliases: each class holds the values above the previous class's upper bound up to its own (the first
    /// from the lowest, the last to the highest), as `style.json` classes them; the areas without a value are drawn
    /// in the legend's missing classes, told apart by `<field>_status` (`suppressed`, or any other reason). A
    /// graduated renderer, which QGIS would offer, cannot draw a missing value: suppressed areas would be blank.
    /// `aliases`: (field, alias, QGIS field index — the GeoPackage's fid is 0).
    /// - Parameter hasStatus: the layer has the `<field>_status` column (it has one when a value is missing).
    static func classes(_ legend: IndicatorLegend, hasStatus: Bool, aliases: [(String, String, Int)]) -> String {
        let field = "\"\(legend.field)\""
        let status = "\"\(legend.field)_status\""
        var rules: [(filter: String, entry: IndicatorLegend.Entry)] = legend.entries.enumerated().map { c, entry in
            var parts = ["\(field) IS NOT NULL"]
            if c > 0 { parts.append("\(field) > \(legend.entries[c - 1].max ?? 0)") }
            if c < legend.entries.count - 1 { parts.append("\(field) <= \(entry.max ?? 0)") }
            return (parts.joined(separator: " AND "), entry)
        }
        if legend.missing.count == 2, hasStatus {
            rules.append(("\(field) IS NULL AND \(status) = 'suppressed'", legend.missing[0]))
            rules.append(("\(field) IS NULL AND (\(status) IS NULL OR \(status) <> 'suppressed')", legend.missing[1]))
        } else if let last = legend.missing.last {
            rules.append(("\(field) IS NULL", last))
        }
        let lines = rules.enumerated().map { i, rule in
            "      <rule key=\"{quartier-\(i)}\" symbol=\"\(i)\" filter=\"\(xml(rule.filter))\" "
                + "label=\"\(xml(rule.entry.label))\"/>"
        }
        let renderer = """
              <renderer-v2 type="RuleRenderer" symbollevels="0" forceraster="0" enableorderby="0">
                <rules key="{quartier-rules}">
            \(lines.joined(separator: "\n"))
                </rules>
                <symbols>
            \(rules.enumerated().map { symbol("\($0)", $1.entry.color) }.joined(separator: "\n"))
                </symbols>
              </renderer-v2>
            """
        return document(renderer, aliases: aliases)
    }

    /// A categorized renderer over a hotspot layer's `Gi_Bin` (−3…3), with the missing values in the legend's two
    /// classes: with a `<field>_status` column the renderer classifies `coalesce(to_string(Gi_Bin), status)`, so that
    /// `suppressed` gets the first missing class; a last category with an empty value, which QGIS draws for every
    /// other value, gets the second (no value, no neighbours).
    /// - Parameters:
    ///   - missing: `IndicatorLegend.missingEntries(rule)`: suppressed, then no value.
    ///   - hasStatus: the layer has the `<field>_status` column (it has one when a bin is missing).
    static func hotspots(
        field: String, missing: [IndicatorLegend.Entry], hasStatus: Bool, aliases: [(String, String, Int)]
    ) -> String {
        let bins = IndicatorLegend.hotspotEntries()
        var values = bins.indices.map { String($0 - 3) }
        var entries = bins
        if hasStatus, let suppressed = missing.first {
            values.append("suppressed")
            entries.append(suppressed)
        }
        values.append("")
        entries.append(
            missing.last
                ?? IndicatorLegend.Entry(
                    color: IndicatorLegend.unavailableColor, label: "keine Angabe", min: nil, max: nil))
        let attribute = hasStatus ? "coalesce(to_string(\"\(field)\"), \"\(field)_status\")" : field
        let type = hasStatus ? "string" : "integer"
        let categories = entries.indices.map { i in
            "      <category symbol=\"\(i)\" value=\"\(values[i])\" label=\"\(xml(entries[i].label))\" "
                + "render=\"true\" type=\"\(values[i].isEmpty ? "string" : type)\"/>"
        }
        let renderer = """
              <renderer-v2 type="categorizedSymbol" attr="\(xml(attribute))" symbollevels="0" forceraster="0" \
            enableorderby="0">
                <categories>
            \(categories.joined(separator: "\n"))
                </categories>
                <symbols>
            \(entries.enumerated().map { symbol("\($0)", $1.color) }.joined(separator: "\n"))
                </symbols>
              </renderer-v2>
            """
        return document(renderer, aliases: aliases)
    }

    private static func document(_ renderer: String, aliases: [(String, String, Int)]) -> String {
        let aliasLines = aliases.map { field, alias, index in
            "    <alias field=\"\(xml(field))\" index=\"\(index)\" name=\"\(xml(alias))\"/>"
        }
        return """
            <!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
            <qgis version="3.28.0" styleCategories="Symbology|Fields">
            \(renderer)
              <aliases>
            \(aliasLines.joined(separator: "\n"))
              </aliases>
            </qgis>

            """
    }

    private static func symbol(_ name: String, _ hex: String) -> String {
        """
              <symbol type="fill" name="\(name)" alpha="0.85" clip_to_extent="1" force_rhr="0">
                <layer class="SimpleFill" enabled="1" locked="0" pass="0">
                  <Option type="Map">
                    <Option name="color" type="QString" value="\(rgba(hex))"/>
                    <Option name="outline_color" type="QString" value="255,255,255,255"/>
                    <Option name="outline_width" type="QString" value="0.2"/>
                    <Option name="style" type="QString" value="solid"/>
                  </Option>
                </layer>
              </symbol>
        """
    }

    /// `#rrggbb` → `r,g,b,255` as QGIS writes colours.
    static func rgba(_ hex: String) -> String {
        let digits = hex.dropFirst()
        let value = Int(digits, radix: 16) ?? 0
        return "\((value >> 16) & 255),\((value >> 8) & 255),\(value & 255),255"
    }

    static func xml(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// The `layer_styles` table of a GeoPackage, as QGIS creates it, with one row per style.
    static func table(layer: String, styles: [(name: String, qml: String)]) -> FeatureLayer {
        let names = [
            "f_table_catalog", "f_table_schema", "f_table_name", "f_geometry_column", "styleName", "styleQML",
            "styleSLD",
            "useAsDefault", "description", "owner", "ui", "update_time",
        ]
        let fields = names.map { FieldDefinition(name: $0, type: $0 == "useAsDefault" ? .integer : .string) }
        let stamp = ISO8601DateFormatter().string(from: Date())
        let features = styles.enumerated().map { i, style in
            Feature(
                fid: nil, geometry: nil,
                attributes: [
                    .string(""), .string(""), .string(layer), .string("geom"), .string(style.name), .string(style.qml),
                    .null, .integer(i == 0 ? 1 : 0), .string("Quartier: \(style.name)"), .string(""), .null,
                    .string(stamp),
                ])
        }
        return FeatureLayer(name: "layer_styles", fields: fields, features: features, crs: nil, geometryType: "None")
    }
}
