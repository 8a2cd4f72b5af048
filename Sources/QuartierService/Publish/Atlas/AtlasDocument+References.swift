import Foundation
import QuartierGDAL
import QuartierModel

/// The references of the profile: each public parent level's values and the city's, computed from public values
/// only (the parents' published cells and the areas' published values), so the atlas reveals nothing the public
/// files do not already hold.
extension AtlasDocument {
    /// A level's display title: its name with a capital first letter ("bezirke" → "Bezirke").
    static func levelTitle(_ name: String) -> String { name.prefix(1).uppercased() + name.dropFirst() }

    /// The coarsest public roll-up that covers every area (the Bezirke of the Berlin demo): the city's values are
    /// computed from it and its borders are drawn (`AtlasOutline`).
    var coarsestParent: Parent? {
        parents.filter { $0.memberships.count == layer.features.count }.min {
            $0.layer.features.count < $1.layer.features.count
        }
    }

    func parentJSON(_ parent: Parent) -> JSONValue {
        let keyIndex = parent.layer.fieldIndex(parent.key)
        let ids = parent.layer.features.map { f in keyIndex.flatMap { f.attributes[$0].stringValue } }
        var row: [String: Int] = [:]
        for (i, id) in ids.enumerated() { if let id { row[id] = i } }
        let fields = valueFields.filter { field in
            parent.layer.fieldIndex(field) != nil && (parent.fields?.contains(field) ?? true)
        }
        let (values, status) = Self.columns(parent.layer, fields: fields)
        let nameIndex = parent.nameField.flatMap { parent.layer.fieldIndex($0) }
        let names = parent.layer.features.map { f -> JSONValue in nameIndex.map { Self.text(f.attributes[$0]) } ?? .null
        }
        let labels = parent.layer.features.map { feature -> JSONValue in
            guard nameIndex != nil, let g = feature.geometry, let p = GeometryOperations.pointOnSurface(g),
                let lonLat = try? toLonLat?.transform(p)
            else { return .null }
            return .array([.number(Self.rounded(lonLat.x, 5)), .number(Self.rounded(lonLat.y, 5))])
        }
        return [
            "names": .array(names), "label": .array(labels),
            "level": .string(parent.name), "title": .string(Self.levelTitle(parent.name)),
            "idField": .string(parent.key), "ids": .array(ids.map { $0.map { .string($0) } ?? .null }),
            "of": .array(
                parent.memberships.map { key in key.flatMap { row[$0] }.map { .number(Double($0)) } ?? .null }),
            "values": values, "status": status,
        ]
    }

    /// The whole city's value of each field, with how it was obtained (`note`), or null with the reason:
    /// from the coarsest public parent level (a sum, a rate of sums, or a weighted mean of its published cells, when
    /// every cell needed is published), else the median of the areas' published values (not for counts, whose
    /// city total a median would misstate, nor for hotspot outputs, which have no city value).
    func city() -> JSONValue {
        let top = coarsestParent
        var values: [String: JSONValue] = [:]
        var notes: [String: JSONValue] = [:]
        func column(_ l: FeatureLayer, _ field: String) -> [Double]? {
            guard let i = l.fieldIndex(field) else { return nil }
            let column = l.column(i).map(\.doubleValue)
            let numbers = column.compactMap { $0 }
            return numbers.count == column.count ? numbers : nil
        }
        let publicFields = { (p: Parent, f: String) in p.fields?.contains(f) ?? true }
        for field in valueFields {
            guard let index = layer.fieldIndex(field), layer.fields[index].type.isNumeric else { continue }
            if roles[field] == .hotspot || field == Self.rankingField { continue }
            if let top, publicFields(top, field), top.layer.fieldIndex(field) != nil {
                let title = Self.levelTitle(top.name)
                if let weights = top.weighted[field] {
                    let ws = weights.filter { publicFields(top, $0) }.compactMap { column(top.layer, $0) }
                    if let v = column(top.layer, field), ws.count == weights.count {
                        let w = v.indices.map { i in ws.reduce(0) { $0 + $1[i] } }
                        let total = w.reduce(0, +)
                        if total > 0 {
                            values[field] = .number(Self.rounded(zip(v, w).map(*).reduce(0, +) / total, 5))
                            notes[field] = .string("gewichteter Mittelwert der \(title)")
                        }
                    }
                    continue
                }
                if let rate = rates.first(where: { $0.name == field }) {
                    if publicFields(top, rate.numerator), publicFields(top, rate.denominator),
                        let n = column(top.layer, rate.numerator), let d = column(top.layer, rate.denominator),
                        d.reduce(0, +) > 0
                    {
                        values[field] = .number(Self.rounded(n.reduce(0, +) / d.reduce(0, +) * rate.scale, 5))
                        notes[field] = .string("aus den Summen der \(title) berechnet")
                    }
                    continue
                }
                if top.sums.contains(field), let v = column(top.layer, field) {
                    values[field] = .number(Self.rounded(v.reduce(0, +), 5))
                    notes[field] = .string("Summe der \(title)")
                }
                continue
            }
            if roles[field] == .count { continue }
            let published = layer.column(index).compactMap(\.doubleValue).filter(\.isFinite).sorted()
            guard !published.isEmpty else { continue }
            let mid = published.count / 2
            let median = published.count % 2 == 1 ? published[mid] : (published[mid - 1] + published[mid]) / 2
            values[field] = .number(Self.rounded(median, 5))
            notes[field] = .string("Median der veröffentlichten Werte der Gebiete")
        }
        return ["name": .string(spec.city ?? "Gesamtstadt"), "values": .object(values), "notes": .object(notes)]
    }
}
