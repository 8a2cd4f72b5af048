import Foundation
import QuartierGDAL
import QuartierModel

/// `atlas/atlas.json`: everything the atlas page shows besides the map, from the published (suppressed) layer
/// and the public roll-ups only: the themes of the switcher with their legends, every published field with title
/// and unit, each area's values and the reasons of its missing values (`_status` as written), the parent levels'
/// and the city's values, the view that fits the bulk of the areas, and the downloads.
/// Attribute names only (no geometry): the page draws the areas from the tiles.
struct AtlasDocument {
    /// A public roll-up of the published areas: its layer, key and each area's parent key.
    struct Parent {
        var name: String
        var layer: FeatureLayer
        var key: String
        /// Aligned with the published layer's features.
        var memberships: [String?]
        var weighted: [String: [String]]
        /// The fields summed over the members.
        var sums: [String]
        /// The parents' names, when its public output has them.
        var nameField: String?
        /// The fields of its public output (nil: all).
        var fields: [String]?
    }

    var title: String
    var analysis: String
    /// The published layer in lon/lat.
    var layer: FeatureLayer
    var idField: String
    var nameField: String?
    var spec: PublishSpec
    var legends: [IndicatorLegend]
    var hotspotPrefixes: [String]
    /// Field → role, from the manifest's records of the published layer.
    var roles: [String: FieldRole]
    var parents: [Parent]
    var rates: [RateSpec]
    var attributions: [String]
    /// The published files offered for download (GeoJSON, GeoPackage, CSV).
    var downloads: [String]
    /// From the working CRS (the parents' layers) to lon/lat, for the parents' label points.
    var toLonLat: CoordinateTransformer? = nil
    /// The first catalogue target of each indicator field, for the goal themes (`AtlasDocument+Goals`).
    var targets: [String: GoalTarget] = [:]
    /// The analysis's `[[observations]]` (issue 22): titles, map themes and flag words (`AtlasDocument+Observations`).
    var observations: [ObservationsSpec] = []

    /// German titles of the fields Quartier writes itself.
    static let builtInTitles: [String: String] = [
        "GiZScore": "Gi*-z-Wert", "GiPValue": "Gi*-p-Wert", "Gi_Bin": "Hotspot-Klasse (Gi*)",
        "COType": "Cluster-Typ (lokales Moran's I)", "LMiIndex": "Lokales Moran's I",
        "LMiZScore": "Lokales Moran's I, z-Wert",
        "LMiPValue": "Lokales Moran's I, p-Wert", "state": "Zustand der Hotspot-Analyse",
        "underserved_rank": "Rang der Unterversorgung", "underserved_score": "Wert der Unterversorgung",
        "n_kitas": "Kitas", "sum_e_platz": "Kitaplätze", "inhabitants": "Einwohner",
    ]

    /// The ranking field of `[underserved]`, shown as a theme when published.
    static let rankingField = "underserved_rank"

    /// The fields shown in the profile: every published field but the id, the name and status fields.
    var valueFields: [String] {
        layer.fields.map(\.name).filter { name in
            name != idField && name != nameField && !name.hasSuffix("_status") && roles[name] != .status
        }
    }

    func title(of field: String) -> String {
        if let legend = legends.first(where: { $0.field == field }) { return legend.title }
        if let alias = spec.aliases[field] ?? Self.builtInTitles[field] ?? observationTitle(field) { return alias }
        // A series' trend and goal fields: the column's title and what the suffix means.
        for (suffix, meaning) in Self.seriesSuffixTitles where field.hasSuffix("_" + suffix) {
            let column = String(field.dropLast(suffix.count + 1))
            if !column.isEmpty { return "\(title(of: column)): \(meaning)" }
        }
        return field
    }

    /// German titles of the suffixes of the trend (`SeriesTrendField`) and goal fields (`SeriesGoals`).
    static let seriesSuffixTitles: [(String, String)] = [
        ("first", "erster Wert der Zeitreihe"), ("last", "letzter Wert der Zeitreihe"),
        ("change", "Veränderung (letzter − erster Wert)"), ("mk_tau", "Trend, Kendalls τ"),
        ("mk_s", "Trend, Mann-Kendall-S"), ("mk_z", "Trend, z-Wert"), ("mk_p", "Trend, p-Wert (Mann-Kendall)"),
        ("sen_slope", "Trend je Jahr (Sen)"), ("target", "Zielwert"), ("gap", "Abstand zum Ziel"),
        ("goal_state", "Zielerreichung"), ("goal_year", "Ziel voraussichtlich erreicht (Jahr)"),
    ]

    func unit(of field: String) -> String { legends.first { $0.field == field }?.unit ?? "" }

    /// The document as JSON.
    func json() -> JSONValue {
        var document: [String: JSONValue] = [
            "version": 1, "title": .string(title), "analysis": .string(analysis), "idField": .string(idField),
            "nameField": nameField.map { .string($0) } ?? .null,
            "attribution": .array(attributions.map { .string($0) }),
            "downloads": .array(downloads.map { .string($0) }), "themes": .array(themes()),
            "fields": .array(
                valueFields.map { field in
                    [
                        "field": .string(field), "title": .string(title(of: field)), "unit": .string(unit(of: field)),
                        "role": .string(roles[field]?.rawValue ?? "value"),
                    ]
                }),
            "areas": areas(), "parents": .array(parents.map(parentJSON)), "city": city(),
            "points": spec.points.map { .string($0) } ?? .null,
            "outline": coarsestParent.map { _ in .string(AtlasOutline.fileName) } ?? .null,
            "pointFields": .array((spec.pointFields ?? []).map { .string($0) }),
            "labels": observationLabels(),
        ]
        if let bounds = bulkBounds() { document["bounds"] = .array(bounds.map { .number(Self.rounded($0, 5)) }) }
        if let center = spec.center { document["center"] = .array(center.map { .number($0) }) }
        if let zoom = spec.zoom { document["zoom"] = .number(zoom) }
        if let basemap = spec.basemap {
            var object: [String: JSONValue] = ["kind": .string(basemap.kind.rawValue), "url": .string(basemap.url)]
            object["attribution"] = basemap.attribution.map { .string($0) }
            document["basemap"] = .object(object)
        }
        return .object(document)
    }

    /// The switcher's entries: every indicator, each hotspot step's `Gi_Bin` and `COType`, the ranking.
    func themes() -> [JSONValue] {
        func entries(_ list: [IndicatorLegend.Entry]) -> JSONValue {
            .array(
                list.map { entry in
                    var object: [String: JSONValue] = ["color": .string(entry.color), "label": .string(entry.label)]
                    if let min = entry.min { object["min"] = .number(min) }
                    if let max = entry.max { object["max"] = .number(max) }
                    return .object(object)
                })
        }
        let missing = entries(IndicatorLegend.missingEntries(spec.suppression))
        var themes: [JSONValue] = legends.map { legend in
            [
                "id": .string(legend.field), "kind": "indicator", "field": .string(legend.field),
                "title": .string(legend.title), "unit": .string(legend.unit),
                "referenceDate": legend.referenceDate.map { .string($0) } ?? .null,
                "attribution": legend.attribution.map { .string($0) } ?? .null,
                "classification": .string(legend.classification),
                "entries": entries(legend.entries), "missing": missing,
            ]
        }
        for prefix in hotspotPrefixes {
            let source = legends.first.flatMap(\.attribution)
            themes.append([
                "id": .string(prefix + "Gi_Bin"), "kind": "hotspot", "field": .string(prefix + "Gi_Bin"),
                "title": "Hotspots (Getis-Ord Gi*)", "unit": "", "referenceDate": .null,
                "attribution": source.map { .string($0) } ?? .null,
                "entries": entries(IndicatorLegend.hotspotEntries()), "missing": missing,
            ])
            if layer.fieldIndex(prefix + "COType") != nil {
                let clusters = [
                    ("HH", "#b2182b", "Hoch-Hoch: hoher Wert, hohe Werte ringsum"),
                    ("LL", "#2166ac", "Niedrig-Niedrig: niedriger Wert, niedrige Werte ringsum"),
                    ("HL", "#ef8a62", "Hoch-Niedrig: hoher Wert, niedrige Werte ringsum"),
                    ("LH", "#67a9cf", "Niedrig-Hoch: niedriger Wert, hohe Werte ringsum"),
                    ("", "#f7f7f7", "kein signifikantes Cluster"),
                ]
                themes.append([
                    "id": .string(prefix + "COType"), "kind": "cluster", "field": .string(prefix + "COType"),
                    "title": "Cluster und Ausreißer (lokales Moran's I)", "unit": "", "referenceDate": .null,
                    "attribution": source.map { .string($0) } ?? .null,
                    "entries": .array(
                        clusters.map { ["value": .string($0.0), "color": .string($0.1), "label": .string($0.2)] }),
                    "missing": missing,
                ])
            }
        }
        themes += goalThemes(missing: missing)
        if layer.fieldIndex(Self.rankingField) != nil {
            let ranks = [
                (10.0, "#b30000", "Rang 1–10"), (25, "#e34a33", "Rang 11–25"), (50, "#fc8d59", "Rang 26–50"),
                (100, "#fdcc8a", "Rang 51–100"), (1e9, "#fef0d9", "ab Rang 101"),
            ]
            themes.append([
                "id": .string(Self.rankingField), "kind": "ranking", "field": .string(Self.rankingField),
                "title": "Wo ein neues Angebot am meisten hilft (Rang)", "unit": "", "referenceDate": .null,
                "attribution": .null,
                "entries": .array(
                    ranks.map { ["max": .number($0.0), "color": .string($0.1), "label": .string($0.2)] }),
                "missing": missing,
            ])
        }
        return themes + observationThemes(missing: missing)
    }

    /// Ids, names, each area's lon/lat box and label point, and per field the values and the reasons of missing ones.
    func areas() -> JSONValue {
        let idIndex = layer.fieldIndex(idField)
        let nameIndex = nameField.flatMap { layer.fieldIndex($0) }
        var object: [String: JSONValue] = [
            "ids": .array(layer.features.map { f in idIndex.map { Self.text(f.attributes[$0]) } ?? .null }),
            "names": .array(layer.features.map { f in nameIndex.map { Self.text(f.attributes[$0]) } ?? .null }),
            "bbox": .array(
                layer.features.map { feature in
                    guard let box = feature.geometry?.envelope else { return .null }
                    return .array([box.minX, box.minY, box.maxX, box.maxY].map { .number(Self.rounded($0, 5)) })
                }),
        ]
        // Where each area's name is drawn: a point inside it (GEOS PointOnSurface), so the page needs no glyphs.
        object["label"] = .array(
            layer.features.map { feature in
                guard let g = feature.geometry, let p = GeometryOperations.pointOnSurface(g) else { return .null }
                return .array([.number(Self.rounded(p.x, 5)), .number(Self.rounded(p.y, 5))])
            })
        let (values, status) = Self.columns(layer, fields: valueFields)
        object["values"] = values
        object["status"] = status
        return .object(object)
    }

    /// Per field: the values (null where missing) and, sparse, the reason of each missing value by row.
    static func columns(_ layer: FeatureLayer, fields: [String]) -> (values: JSONValue, status: JSONValue) {
        var values: [String: JSONValue] = [:]
        var status: [String: JSONValue] = [:]
        for field in fields {
            guard let index = layer.fieldIndex(field) else { continue }
            let statusIndex = layer.fieldIndex(field + "_status")
            var reasons: [String: JSONValue] = [:]
            values[field] = .array(
                layer.features.enumerated().map { row, feature in
                    let value = index < feature.attributes.count ? feature.attributes[index] : .null
                    if case .missing(let reason) = value, reason != .empty {
                        reasons[String(row)] = .string(reason.rawValue)
                    } else if let statusIndex, statusIndex < feature.attributes.count,
                        let reason = feature.attributes[statusIndex].stringValue, !reason.isEmpty
                    {
                        reasons[String(row)] = .string(reason)
                    }
                    return Self.json(value)
                })
            if !reasons.isEmpty { status[field] = .object(reasons) }
        }
        return (.object(values), .object(status))
    }

    static func json(_ value: AttributeValue) -> JSONValue {
        switch value {
        case .integer(let i): .number(Double(i))
        case .real(let d) where d.isFinite: .number(rounded(d, 5))
        case .string(let s), .date(let s): .string(s)
        default: .null
        }
    }

    static func text(_ value: AttributeValue) -> JSONValue { value.stringValue.map { .string($0) } ?? .null }

    static func rounded(_ value: Double, _ decimals: Int) -> Double {
        let scale = pow(10, Double(decimals))
        return (value * scale).rounded() / scale
    }

    /// West, south, east, north of the bulk of the areas: the 2nd to 98th percentile of the areas' boxes, widened
    /// to take in every area whose box lies within a quarter of that span (so an exclave far out at sea is left
    /// outside the first view, but the city's own edge areas are not).
    func bulkBounds() -> [Double]? {
        let boxes = layer.features.compactMap { $0.geometry?.envelope }
        guard !boxes.isEmpty else { return nil }
        func percentile(_ values: [Double], _ p: Double) -> Double {
            let sorted = values.sorted()
            return sorted[min(sorted.count - 1, max(0, Int((Double(sorted.count - 1) * p).rounded())))]
        }
        let (w, s) = (percentile(boxes.map(\.minX), 0.02), percentile(boxes.map(\.minY), 0.02))
        let (e, n) = (percentile(boxes.map(\.maxX), 0.98), percentile(boxes.map(\.maxY), 0.98))
        let (dx, dy) = ((e - w) / 4, (n - s) / 4)
        var result = [w, s, e, n]
        for box in boxes where box.minX >= w - dx && box.maxX <= e + dx && box.minY >= s - dy && box.maxY <= n + dy {
            result = [
                min(result[0], box.minX), min(result[1], box.minY), max(result[2], box.maxX), max(result[3], box.maxY),
            ]
        }
        return result
    }
}
