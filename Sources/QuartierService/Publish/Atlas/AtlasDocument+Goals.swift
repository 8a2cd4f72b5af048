import QuartierModel
import QuartierStats

/// The goal themes of the atlas (issue 26, item 4): every published `<column>_goal_state` of a public series (the
/// state judged from the public values) coloured by state, with the target in the title and the legend.
extension AtlasDocument {
    /// The states in legend order, with their colours (ColorBrewer RdYlGn, grey for undetermined) and words.
    static let goalStates: [(value: String, color: String, label: String)] = [
        ("erreicht", "#1a9641", "Ziel erreicht"), ("auf_kurs", "#a6d96a", "auf Kurs"),
        ("nicht_auf_kurs", "#d7191c", "nicht auf Kurs"),
        ("unbestimmt", "#bdbdbd", "unbestimmt (letzter Wert fehlt oder zu wenige Werte)"),
    ]

    func goalThemes(missing: JSONValue) -> [JSONValue] {
        layer.fields.filter { $0.type == .string && $0.name.hasSuffix("_goal_state") }.map { field in
            let column = String(field.name.dropLast("_goal_state".count))
            let target = layer.fieldIndex(column + "_target").flatMap { index in
                layer.features.lazy.compactMap { $0.attributes[index].doubleValue }.first
            }
            let declared = targets[column]
            var goal = "Ziel"
            if let declared { goal += declared.direction == .atMost ? " höchstens" : " mindestens" }
            if let target { goal += " " + AreaProfileSentences.format(target, unit: unit(of: column)) }
            if let declared { goal += " bis \(declared.deadline)" }
            return [
                "id": .string(field.name), "kind": "goal", "field": .string(field.name),
                "title": .string("\(title(of: column)): Zielerreichung (\(goal))"), "unit": "",
                "referenceDate": .null,
                "attribution": legends.first { $0.field == column }?.attribution.map { .string($0) } ?? .null,
                "entries": .array(
                    Self.goalStates.map {
                        ["value": .string($0.value), "color": .string($0.color), "label": .string($0.label)]
                    }
                ),
                "missing": missing,
            ]
        }
    }
}
