import Foundation
package import QuartierModel
import QuartierTOML

/// `[[profile]]`: a Kreis against its Land, the way a Kreis's education monitoring compares its
/// Gemeinden: one row per Gemeinde of the Kreis, one for the Kreis and one for the Land, with each
/// indicator's value, its difference to the Land and the Gemeinde's rank within the Kreis (1 = the
/// highest value; ties by key). Kreis and Land rows come from two prefix `[[rollup]]`s, so every
/// number traces to the areas' values (no number is made up). Written as `<name>.csv` (German Excel)
/// with a `quelle` column naming the data's origin on every row (e.g. the census year).
package struct ProfileStep: Sendable {
    package var name: String
    /// The Kreis's key in the Kreis roll-up (e.g. "06438").
    package var kreis: String
    package var kreisLayer: String
    package var landLayer: String
    package var indicators: [String]
    package var nameField: String?
    package var source: String
    /// Who may read the table (`tier`, default internal).
    package var tier: OutputTier = .internal
    package var line: Int

    static func parse(_ s: inout TOMLSection, rollups: [RollUpStep]) throws -> ProfileStep {
        let name = try s.requiredString("name")
        if let problem = OutputPaths.fileNameProblem(name) {
            throw s.error("[[profile]] name \(problem)", line: s.line(of: "name"))
        }
        let kreisLayer = try s.requiredString("kreis_layer")
        let landLayer = try s.requiredString("land_layer")
        for layer in [kreisLayer, landLayer] {
            guard let rollup = rollups.first(where: { $0.name == layer }), case .prefix = rollup.assignment else {
                throw s.error("[[profile]] '\(name)': '\(layer)' is not a [[rollup]] with prefix = N", line: s.line)
            }
        }
        guard let indicators = try s.stringArray("indicators"), !indicators.isEmpty else {
            throw s.error("[[profile]] '\(name)' needs indicators = [\"…\", …]", line: s.line)
        }
        return ProfileStep(
            name: name, kreis: try s.requiredString("kreis"), kreisLayer: kreisLayer, landLayer: landLayer,
            indicators: indicators, nameField: try s.string("name_field"), source: try s.requiredString("source"),
            tier: try OutputTier.parse(&s, place: "[[profile]] '\(name)'"), line: s.line)
    }

    /// The profile table.
    func table(
        areas: FeatureLayer, idField: String, rollups: [String: RolledUpLayer], steps: [RollUpStep]
    ) throws -> FeatureLayer {
        func fail(_ message: String) -> QuartierError { QuartierError.user("[[profile]] '\(name)' (line \(line)): \(message)") }
        guard let kreise = rollups[kreisLayer], let laender = rollups[landLayer],
            case .prefix(let kreisLength)? = steps.first(where: { $0.name == kreisLayer })?.assignment,
            case .prefix(let landLength)? = steps.first(where: { $0.name == landLayer })?.assignment
        else { throw fail("the roll-ups '\(kreisLayer)' and '\(landLayer)' were not built") }
        guard kreis.count == kreisLength else { throw fail("kreis '\(kreis)' must have \(kreisLength) characters") }
        func rows(_ layer: FeatureLayer, key: String) throws -> (ids: [String], columns: [Int], name: Int?) {
            let names = layer.fields.map(\.name)
            let columns = try indicators.map { field -> Int in
                guard let i = names.firstIndex(of: field) else {
                    throw fail("the layer of '\(key)' has no field '\(field)'; fields: " + names.joined(separator: ", "))
                }
                return i
            }
            guard let k = names.firstIndex(of: key) else { throw fail("the layer has no key field '\(key)'") }
            let ids = layer.features.map { $0.attributes[k].keyText ?? "" }
            return (ids, columns, nameField.flatMap { names.firstIndex(of: $0) })
        }
        let gemeinden = try rows(areas, key: idField)
        let kreisRows = try rows(kreise.layer, key: kreise.key)
        let landRows = try rows(laender.layer, key: laender.key)
        let members = gemeinden.ids.indices.filter { gemeinden.ids[$0].hasPrefix(kreis) }.sorted { gemeinden.ids[$0] < gemeinden.ids[$1] }
        guard !members.isEmpty else { throw fail("no area has a key starting with '\(kreis)'") }
        guard let kreisRow = kreisRows.ids.firstIndex(of: kreis) else { throw fail("the Kreis '\(kreis)' is not in '\(kreisLayer)'") }
        let landKey = String(kreis.prefix(landLength))
        guard let landRow = landRows.ids.firstIndex(of: landKey) else { throw fail("the Land '\(landKey)' is not in '\(landLayer)'") }

        let landValues = landRows.columns.map { NumberText.value(of: laender.layer.features[landRow].attributes[$0]) }
        // Ranks within the Kreis per indicator: 1 for the highest value, ties by key; missing values unranked.
        var ranks = [[Int?]](repeating: [Int?](repeating: nil, count: indicators.count), count: members.count)
        for k in indicators.indices {
            let values = members.map { NumberText.value(of: areas.features[$0].attributes[gemeinden.columns[k]]) }
            let order = values.indices.filter { values[$0] != nil }.sorted { a, b in
                let (va, vb) = (values[a] ?? 0, values[b] ?? 0)
                return va != vb ? va > vb : gemeinden.ids[members[a]] < gemeinden.ids[members[b]]
            }
            for (position, m) in order.enumerated() { ranks[m][k] = position + 1 }
        }
        var fields = [
            FieldDefinition(name: "ebene", type: .string), FieldDefinition(name: "schluessel", type: .string),
            FieldDefinition(name: "name", type: .string),
        ]
        for field in indicators {
            fields += [
                FieldDefinition(name: field, type: .real), FieldDefinition(name: "\(field)_diff_land", type: .real),
                FieldDefinition(name: "\(field)_rang_kreis", type: .integer),
            ]
        }
        fields.append(FieldDefinition(name: "quelle", type: .string))
        func row(_ level: String, _ key: String, _ feature: Feature, _ set: (ids: [String], columns: [Int], name: Int?),
                 ranks: [Int?]?) -> Feature {
            var attributes: [AttributeValue] = [
                .string(level), .string(key), set.name.map { feature.attributes[$0] } ?? .missing(.empty),
            ]
            for (k, column) in set.columns.enumerated() {
                let value = NumberText.value(of: feature.attributes[column])
                let diff = value.flatMap { v in landValues[k].map { v - $0 } }
                attributes += [
                    value.map { .real($0) } ?? feature.attributes[column],
                    diff.map { .real($0) } ?? .missing(.undefined),
                    ranks.map { $0[k].map { .integer(Int64($0)) } ?? .missing(.undefined) } ?? .missing(.empty),
                ]
            }
            attributes.append(.string(source))
            return Feature(fid: nil, geometry: nil, attributes: attributes)
        }
        var features = members.enumerated().map { m, i in
            row("Gemeinde", gemeinden.ids[i], areas.features[i], gemeinden, ranks: ranks[m])
        }
        features.append(row("Kreis", kreis, kreise.layer.features[kreisRow], kreisRows, ranks: nil))
        features.append(row("Land", landKey, laender.layer.features[landRow], landRows, ranks: nil))
        return FeatureLayer(name: name, fields: fields, features: features, crs: nil, geometryType: "None")
    }
}
