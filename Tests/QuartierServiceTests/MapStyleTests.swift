import Foundation
import QuartierModel
import Testing

@testable import QuartierService

/// `MapStyle` on a hand-made publication: the expression forms of `style.json` that QGIS's converter reads too, and
/// the QGIS styles' layers (issue 24, item 2). The published styles, converted by QGIS itself and drawn by MapLibre,
/// are tested in `PublishTests`.
@Suite("map styles")
struct MapStyleTests {
    typealias Entry = IndicatorLegend.Entry

    /// A legend with the given classes (made from one value, then given its entries).
    static func legend(_ field: String, _ entries: [Entry], missing: Bool) -> IndicatorLegend {
        let layer = FeatureLayer(
            name: "gebiete", fields: [FieldDefinition(name: field, type: .real)],
            features: [Feature(fid: nil, geometry: nil, attributes: [.real(1)])], crs: nil, geometryType: "None")
        let spec = IndicatorSpec(
            field: field, title: field.uppercased(), unit: "%", source: nil, method: .user, classes: 1, breaks: [5],
            line: 1)
        guard var legend = try? IndicatorLegend(spec, layer: layer, rule: SuppressionRule(), place: "test") else {
            preconditionFailure("a legend of one value")
        }
        legend.entries = entries
        legend.breaks = entries.compactMap(\.max)
        legend.missing = missing ? IndicatorLegend.missingEntries(SuppressionRule()) : []
        return legend
    }

    /// Three classes of which two have the same rounded label, with missing values; one class without; a hotspot step.
    static let map: PublishedMap = {
        let spec = PublishSpec(
            name: "gebiete", layer: .areas, fields: nil, csv: .excel, minZoom: 0, maxZoom: 12, labelField: "NAME",
            glyphs: nil, points: "kitas", pointFields: nil, baseURL: "", aliases: [:], suppression: SuppressionRule(),
            indicators: [], line: 1)
        let three = legend(
            "anteil",
            [
                Entry(color: "#111111", label: "1 – 2 %", min: 1, max: 2.004),
                Entry(color: "#222222", label: "über 2 – 2 %", min: 2.004, max: 2.0041),
                Entry(color: "#333333", label: "über 2 – 2 %", min: 2.0041, max: 9),
            ], missing: true)
        let one = legend("einzig", [Entry(color: "#444444", label: "0 – 5 %", min: 0, max: 5)], missing: false)
        return PublishedMap(
            spec: spec, title: "Test", sourceLayer: "gebiete", legends: [three, one], hotspotPrefixes: ["Kita_"],
            fieldTypes: [:], attribution: "Quelle", bounds: [13, 52, 14, 53], rule: SuppressionRule())
    }()

    /// Every expression (arrays whose first element is an operator) of a JSON value.
    static func expressions(_ value: JSONValue) -> [[JSONValue]] {
        switch value {
        case .array(let items):
            let own: [[JSONValue]] = if case .string? = items.first { [items] } else { [] }
            return own + items.flatMap(expressions)
        case .object(let object): return object.values.flatMap(expressions)
        default: return []
        }
    }

    static func layers(_ style: JSONValue) -> [[String: JSONValue]] {
        guard case .object(let object) = style, case .array(let layers)? = object["layers"] else { return [] }
        return layers.compactMap { if case .object(let layer) = $0 { layer } else { nil } }
    }

    @Test func styleJSONWritesMatchLabelsAsArraysAndNoInFilter() throws {
        let style = MapStyle.document(Self.map)
        let matches = Self.expressions(style).filter { $0.first == "match" }
        #expect(matches.count == 5)  // anteil-fehlend, Gi_Bin, Gi_Bin-fehlend, COType's filter and colour
        for match in matches {
            // ["match", input, label, output, …, default]: every label an array (QGIS 3.22 reads a scalar as `IN ()`).
            let labels = stride(from: 2, to: match.count - 1, by: 2).map { match[$0] }
            #expect(
                labels.allSatisfy { if case .array(let values) = $0 { !values.isEmpty } else { false } }, "\(match)")
        }
        #expect(!Self.expressions(style).contains { $0.first == "in" || $0.first == "literal" })
        let ids = Self.layers(style).compactMap { if case .string(let id)? = $0["id"] { id } else { nil } }
        #expect(
            ids == [
                "hintergrund", "anteil", "anteil-fehlend", "einzig", "Kita_Gi_Bin", "Kita_Gi_Bin-fehlend",
                "Kita_COType",
                "grenzen",
                "einrichtungen",
            ])
    }

    @Test func eachQGISStyleHasOneThemeWithAVisibleLayerPerClassUniquelyNamed() throws {
        let documents = MapStyle.qgisDocuments(Self.map)
        #expect(
            documents.map(\.name) == [
                "style-qgis-anteil.json", "style-qgis-einzig.json", "style-qgis-Kita_Gi_Bin.json",
            ])
        for (name, style) in documents {
            let layers = Self.layers(style)
            let ids = layers.compactMap { if case .string(let id)? = $0["id"] { id } else { nil } }
            #expect(Set(ids).count == ids.count, "\(name): \(ids)")
            #expect(!ids.contains("hintergrund") && !ids.contains("einrichtungen") && ids.last == "grenzen", "\(name)")
            #expect(layers.allSatisfy { $0["layout"] == ["visibility": "visible"] }, "\(name)")
            #expect(
                !Self.expressions(style).contains {
                    ["case", "step", "interpolate", "in", "literal"].contains($0.first)
                })
        }
        let anteil = Self.layers(documents[0].document)
        let value: JSONValue = ["to-number", ["get", "anteil"]]
        #expect(
            anteil.map { $0["id"] } == [
                "1 – 2 %", "über 2 – 2 %", "über 2 – 2 % (2)",
                .string(IndicatorLegend.missingEntries(SuppressionRule())[0].label), "keine Angabe", "grenzen",
            ])
        #expect(anteil[0]["filter"] == ["all", ["has", "anteil"], ["<=", value, 2.004]])
        #expect(anteil[1]["filter"] == ["all", ["has", "anteil"], [">", value, 2.004], ["<=", value, 2.0041]])
        #expect(anteil[2]["filter"] == ["all", ["has", "anteil"], [">", value, 2.0041]])
        #expect(anteil[2]["paint"] == ["fill-color": "#333333", "fill-opacity": 0.85])
        #expect(
            anteil[3]["filter"] == [
                "all", ["!", ["has", "anteil"]], ["==", ["get", "anteil_status"], "suppressed"],
            ])
        #expect(
            anteil[4]["filter"] == [
                "all", ["!", ["has", "anteil"]], ["!=", ["get", "anteil_status"], "suppressed"],
            ])
        #expect(anteil[4]["paint"] == ["fill-color": .string(IndicatorLegend.unavailableColor)])
        let einzig = Self.layers(documents[1].document)
        #expect(einzig.count == 2 && einzig[0]["filter"] == ["all", ["has", "einzig"]])
        let hotspot = Self.layers(documents[2].document)
        #expect(
            hotspot.filter { $0["type"] == "fill" }.count == 9 && hotspot.filter { $0["type"] == "line" }.count == 5)
        #expect(hotspot[0]["filter"] == ["==", ["get", "Kita_Gi_Bin"], -3])
        // Areas without a bin in the legend's two missing colours (the legend lists both).
        #expect(
            hotspot[7]["filter"] == [
                "all", ["!", ["has", "Kita_Gi_Bin"]], ["==", ["get", "Kita_Gi_Bin_status"], "suppressed"],
            ])
        #expect(hotspot[8]["paint"] == ["fill-color": .string(IndicatorLegend.unavailableColor)])
        #expect(hotspot[9]["filter"] == ["==", ["get", "Kita_COType"], "HH"])
        guard case .object(let object) = documents[0].document, case .object(let metadata)? = object["metadata"],
            case .array(let legend)? = metadata["quartier:legend"]
        else {
            Issue.record("no legend")
            return
        }
        #expect(legend.count == 1 && object["name"] == "Test – ANTEIL")
    }

    @Test func qgisFileNamesKeepToTheCharactersTheResultRouteServes() {
        #expect(MapStyle.qgisFileName("S4") == "style-qgis-S4.json")
        #expect(MapStyle.qgisFileName("Kinder_ü6 je.1000") == "style-qgis-Kinder__6_je.1000.json")
    }
}
