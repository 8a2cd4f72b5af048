import Foundation
import QuartierModel
import QuartierStats

/// The classes of one published indicator: breaks computed on the published (suppressed) values only,
/// a colour per class from a colour-blind-safe sequential palette, and German legend labels. The same
/// classes go into `style.json`, `tilejson.json` and the QGIS style of the GeoPackage.
struct IndicatorLegend: Encodable, Sendable {
    struct Entry: Encodable, Sendable {
        var color: String
        var label: String
        /// The class's bounds (lower exclusive except for the first class), nil for the missing entries.
        var min: Double?
        var max: Double?
    }

    var field: String
    var title: String
    var unit: String
    var referenceDate: String?
    var attribution: String?
    /// The indicator's catalogue entry, carried unchanged into `tilejson.json` and the style's legend.
    var catalogue: IndicatorEntry?
    var classification: String
    /// Upper bound of every class, ascending.
    var breaks: [Double]
    var counts: [Int]
    var entries: [Entry]
    /// Why a value is missing on the map: suppressed (confidentiality) or not available; empty when the
    /// indicator has a value in every area.
    var missing: [Entry]

    /// ColorBrewer YlGnBu (9 classes), colour-blind safe (https://colorbrewer2.org, Brewer 2003).
    static let sequential = [
        "#ffffd9", "#edf8b1", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#253494", "#081d58",
    ]
    /// ColorBrewer RdBu (7 classes, reversed: cold blue to hot red), colour-blind safe, for Gi_Bin −3…3.
    static let diverging = ["#2166ac", "#67a9cf", "#d1e5f0", "#f7f7f7", "#fddbc7", "#ef8a62", "#b2182b"]
    static let suppressedColor = "#969696"
    static let unavailableColor = "#d9d9d9"

    /// `k` colours spread over the sequential palette.
    static func colors(_ k: Int) -> [String] {
        guard k > 1 else { return [sequential[4]] }
        return (0..<k).map { sequential[Int((Double($0) * 8 / Double(k - 1)).rounded())] }
    }

    /// A number as a German legend shows it: at most two decimals, decimal comma.
    static func label(_ value: Double) -> String {
        var text = String(format: "%.2f", value)
        while text.contains(".") && (text.hasSuffix("0") || text.hasSuffix(".")) { text.removeLast() }
        return text.replacingOccurrences(of: ".", with: ",")
    }

    static func missingEntries(_ rule: SuppressionRule) -> [Entry] {
        var why = "Geheimhaltung: weniger als \(label(rule.minCount)) Fälle"
        if let minPopulation = rule.minPopulation { why += " oder weniger als \(label(minPopulation)) Einwohner" }
        return [
            Entry(color: suppressedColor, label: why, min: nil, max: nil),
            Entry(color: unavailableColor, label: "keine Angabe", min: nil, max: nil),
        ]
    }

    /// Classifies the published values of `spec.field` in `layer`.
    /// - Throws: `QuartierError.user` when there are fewer distinct values than classes, or none.
    init(_ spec: IndicatorSpec, layer: FeatureLayer, rule: SuppressionRule, place: String) throws {
        guard let index = layer.fieldIndex(spec.field) else {
            throw QuartierError.user("\(place): indicator field '\(spec.field)' does not exist")
        }
        let values = layer.column(index).compactMap(\.doubleValue).filter(\.isFinite)
        let distinct = Set(values).count
        guard !values.isEmpty else {
            throw QuartierError.user("\(place): indicator '\(spec.field)' has no published value to classify")
        }
        let usesK = [.quantiles, .equalInterval, .fisherJenks].contains(spec.method)
        if usesK && distinct < spec.classes {
            throw QuartierError.user(
                "\(place): indicator '\(spec.field)' asks for \(spec.classes) classes but has only \(distinct) "
                    + "distinct published values; use classes = \(distinct) or fewer, "
                    + "or classification = \"user\" with breaks")
        }
        let breaks: ClassBreaks = try ContextError.adding("\(place): indicator '\(spec.field)'") {
            switch spec.method {
            case .quantiles: try Classification.quantiles(values, k: spec.classes)
            case .equalInterval: try Classification.equalInterval(values, k: spec.classes)
            case .fisherJenks: try Classification.fisherJenks(values, k: spec.classes)
            case .standardDeviation: try Classification.standardDeviation(values)
            case .boxPlot: try Classification.boxPlot(values)
            case .user: try Classification.userDefined(values, upperBounds: spec.breaks)
            }
        }
        guard breaks.count <= Self.sequential.count else {
            throw QuartierError.user(
                "\(place): indicator '\(spec.field)' has \(breaks.count) classes; at most 9 can be drawn")
        }
        let colors = Self.colors(breaks.count)
        let unit = spec.unit.isEmpty ? "" : " " + spec.unit
        var entries: [Entry] = []
        let lowest = values.min() ?? 0
        for (c, upper) in breaks.upperBounds.enumerated() {
            let lower = c == 0 ? lowest : breaks.upperBounds[c - 1]
            let text =
                c == 0
                ? "\(Self.label(lower)) – \(Self.label(upper))\(unit)"
                : "über \(Self.label(lower)) – \(Self.label(upper))\(unit)"
            entries.append(Entry(color: colors[c], label: text, min: lower, max: upper))
        }
        field = spec.field
        title = spec.title
        self.unit = spec.unit
        classification = spec.method.rawValue
        self.breaks = breaks.upperBounds
        counts = breaks.counts
        self.entries = entries
        missing = values.count < layer.features.count ? Self.missingEntries(rule) : []
    }

    /// The legend of a Gi* hotspot layer (`Gi_Bin` −3…3, as ArcGIS's Hot Spot Analysis).
    static func hotspotEntries() -> [Entry] {
        let labels = [
            "Kältepunkt, 99 % Konfidenz", "Kältepunkt, 95 % Konfidenz", "Kältepunkt, 90 % Konfidenz",
            "nicht signifikant",
            "Hotspot, 90 % Konfidenz", "Hotspot, 95 % Konfidenz", "Hotspot, 99 % Konfidenz",
        ]
        return (0..<7).map { Entry(color: diverging[$0], label: labels[$0], min: Double($0 - 3), max: Double($0 - 3)) }
    }
}
