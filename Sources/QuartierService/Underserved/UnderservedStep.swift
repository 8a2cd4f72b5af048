import Foundation
package import QuartierModel
import QuartierTOML

/// `[underserved]`: one ranked answer for an education provider — where are many people of the target
/// group, poor access to offers like theirs, and a cluster of need. Built on the fields the other
/// steps wrote (a joined population count, `[[access]]` results, `[[hotspots]]` or `[[index]]`):
///
/// - each input field is scaled to 0…1 by min–max over the areas that have every input (turned where
///   a high value is good: `1 − x`); several access fields are averaged;
/// - `demand_component = w_demand · demand`, `access_component = w_access · access`,
///   `need_component = w_need · need` with weights ≥ 0 that sum to 1, and
///   `underserved_score` = their sum (0…1), so the components always add up to the score;
/// - `underserved_rank`: 1 for the highest score, ties broken by the area id (deterministic);
/// - `reasons`: which components drive the score, in words (labels from the file, German by default);
/// - `underserved_state`: `ok`, or `undefined` when an input is missing (never zero-filled).
package struct UnderservedStep: Sendable {
    /// A field and whether a high value means *more* underserved.
    package struct Input: Sendable, Hashable {
        package var field: String
        package var highIsBad: Bool
    }

    package var demand: String
    package var access: [Input]
    package var need: Input
    package var weights: (demand: Double, access: Double, need: Double)
    package var labels: (demand: String, access: String, need: String)
    package var line: Int

    static let fields = [
        "demand_component", "access_component", "need_component", "underserved_score", "underserved_rank", "reasons",
        "underserved_state",
    ]

    static func parse(_ s: inout TOMLSection) throws -> UnderservedStep {
        let demand = try s.requiredString("demand")
        guard let accessMap = try s.stringMap("access"), !accessMap.isEmpty else {
            throw s.error("[underserved] needs access = { <field> = \"high_is_bad\" | \"high_is_good\", … }", line: s.line)
        }
        func direction(_ field: String, _ text: String, key: String) throws -> Input {
            guard text == "high_is_bad" || text == "high_is_good" else {
                throw s.error("[underserved] \(key) '\(field)': write \"high_is_bad\" or \"high_is_good\"", line: s.line(of: key))
            }
            return Input(field: field, highIsBad: text == "high_is_bad")
        }
        let access = try accessMap.sorted { $0.key < $1.key }.map { try direction($0.key, $0.value, key: "access") }
        let need = try direction(try s.requiredString("need"), try s.string("need_direction") ?? "high_is_bad", key: "need_direction")
        let w = try s.doubleMap("weights") ?? ["demand": 1.0 / 3, "access": 1.0 / 3, "need": 1.0 / 3]
        guard Set(w.keys) == ["demand", "access", "need"], w.values.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
            throw s.error("[underserved] weights = { demand = …, access = …, need = … }, each ≥ 0", line: s.line(of: "weights"))
        }
        let sum = w.values.reduce(0, +)
        guard abs(sum - 1) <= 1e-9 else {
            throw s.error("[underserved] weights must sum to 1 (they sum to \(sum))", line: s.line(of: "weights"))
        }
        let l = try s.stringMap("labels") ?? [:]
        return UnderservedStep(
            demand: demand, access: access, need: need,
            weights: (w["demand"] ?? 0, w["access"] ?? 0, w["need"] ?? 0),
            labels: (l["demand"] ?? "viele Menschen der Zielgruppe", l["access"] ?? "schlechte Erreichbarkeit", l["need"] ?? "hoher Bedarf"),
            line: s.line)
    }

    /// The layer with the score fields appended.
    package func apply(to layer: FeatureLayer, idField: String) throws -> FeatureLayer {
        let names = layer.fields.map(\.name)
        func column(_ field: String) throws -> Int {
            guard let i = names.firstIndex(of: field) else {
                throw QuartierError.user(
                    "[underserved] (line \(line)): the areas have no field '\(field)'; fields: " + names.joined(separator: ", "))
            }
            return i
        }
        for field in Self.fields where names.contains(field) {
            throw QuartierError.user("[underserved] (line \(line)): the areas already have a field '\(field)'")
        }
        let idColumn = try column(idField)
        let inputs = [Input(field: demand, highIsBad: true)] + access + [need]
        let columns = try inputs.map { try column($0.field) }
        let raw: [[Double]?] = layer.features.map { feature in
            let values = columns.map { NumberText.value(of: feature.attributes[$0]) }
            return values.contains { $0 == nil || !($0?.isFinite ?? false) } ? nil : values.map { $0 ?? 0 }
        }
        let complete = raw.indices.filter { raw[$0] != nil }
        guard complete.count >= 2 else {
            throw QuartierError.user("[underserved] (line \(line)): fewer than 2 areas have every input field")
        }
        // Min–max per input over the complete areas; a constant input scales to 0 everywhere.
        let scaled: [[Double]?] = {
            var out = [[Double]?](repeating: nil, count: raw.count)
            let lows = inputs.indices.map { k in complete.map { raw[$0]?[k] ?? 0 }.min() ?? 0 }
            let highs = inputs.indices.map { k in complete.map { raw[$0]?[k] ?? 0 }.max() ?? 0 }
            for i in complete {
                guard let row = raw[i] else { continue }
                out[i] = inputs.indices.map { k in
                    let range = highs[k] - lows[k]
                    let x = range > 0 ? (row[k] - lows[k]) / range : 0
                    return inputs[k].highIsBad ? x : 1 - x
                }
            }
            return out
        }()
        var components = [[Double]?](repeating: nil, count: raw.count)
        for i in complete {
            guard let row = scaled[i] else { continue }
            let accessMean = row[1..<(1 + access.count)].reduce(0, +) / Double(access.count)
            components[i] = [weights.demand * row[0], weights.access * accessMean, weights.need * row[row.count - 1]]
        }
        let ids = layer.features.map { feature -> String in
            idColumn < feature.attributes.count ? (feature.attributes[idColumn].keyText ?? "") : ""
        }
        let ranked = complete.sorted { a, b in
            let sa = components[a]?.reduce(0, +) ?? 0
            let sb = components[b]?.reduce(0, +) ?? 0
            return sa != sb ? sa > sb : ids[a] < ids[b]
        }
        var rank = [Int?](repeating: nil, count: raw.count)
        for (position, i) in ranked.enumerated() { rank[i] = position + 1 }

        var out = layer
        out.fields += [
            FieldDefinition(name: "demand_component", type: .real), FieldDefinition(name: "access_component", type: .real),
            FieldDefinition(name: "need_component", type: .real), FieldDefinition(name: "underserved_score", type: .real),
            FieldDefinition(name: "underserved_rank", type: .integer), FieldDefinition(name: "reasons", type: .string),
            FieldDefinition(name: "underserved_state", type: .string),
        ]
        for i in out.features.indices {
            guard let parts = components[i], let position = rank[i] else {
                out.features[i].attributes += Array(repeating: .missing(.undefined), count: 6) + [.string("undefined")]
                continue
            }
            let score = parts.reduce(0, +)
            out.features[i].attributes += parts.map { .real($0) } + [
                .real(score), .integer(Int64(position)), .string(reasons(parts, score: score)), .string("ok"),
            ]
        }
        return out
    }

    /// The components in words, largest first: "vor allem schlechte Erreichbarkeit (55 %), dann …".
    func reasons(_ parts: [Double], score: Double) -> String {
        guard score > 0 else { return "kein Bedarf erkennbar (alle Komponenten minimal)" }
        let named = zip([labels.demand, labels.access, labels.need], parts).sorted { $0.1 > $1.1 }
        let share = { (value: Double) in String(format: "%.0f", value / score * 100) }
        var text = "vor allem \(named[0].0) (\(share(named[0].1)) %)"
        if named[1].1 > 0 { text += ", dann \(named[1].0) (\(share(named[1].1)) %)" }
        return text
    }
}
