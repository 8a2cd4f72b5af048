import Foundation
import QuartierModel
import QuartierStats

extension GoalSummary {
    /// The summary's columns in `<series>_goals.csv` (German Excel), one row per target.
    static let tableFields: [FieldDefinition] = [
        .init(name: "indikator", type: .string), .init(name: "feld", type: .string),
        .init(name: "ebene", type: .string), .init(name: "richtung", type: .string),
        .init(name: "zielwert", type: .real), .init(name: "zielwert_aus", type: .string),
        .init(name: "frist", type: .string), .init(name: "einheiten", type: .integer),
        .init(name: "erreicht", type: .integer), .init(name: "auf_kurs", type: .integer),
        .init(name: "nicht_auf_kurs", type: .integer), .init(name: "unbestimmt", type: .integer),
        .init(name: "entfernen_sich", type: .integer), .init(name: "am_weitesten_entfernt", type: .string),
        .init(name: "stadt_wert", type: .real), .init(name: "stadt_zustand", type: .string),
        .init(name: "stadt_abstand", type: .real), .init(name: "stadt_jahr", type: .real),
        .init(name: "beschluss", type: .string), .init(name: "zustaendig", type: .string),
        .init(name: "hinweise", type: .string),
    ]

    /// The row of `<series>_goals.csv`.
    var row: [AttributeValue] {
        let missing = AttributeValue.missing(.empty)
        let count = { (state: String) in AttributeValue.integer(Int64(self.counts[state] ?? 0)) }
        let furthestText = furthest.prefix(5).map { "\($0.id) (" + String(format: "%.3f", $0.gap) + ")" }
        return [
            .string(indicator), .string(field), .string(level), .string(direction.rawValue),
            target.map { .real($0) } ?? missing, .string(targetFrom), .string(deadline),
            .integer(Int64(counts.values.reduce(0, +))), count("erreicht"), count("auf_kurs"), count("nicht_auf_kurs"),
            count("unbestimmt"), .integer(Int64(movingAway.count)), .string(furthestText.joined(separator: ", ")),
            (city?.latest).map { .real($0) } ?? missing, city.map { .string($0.state.rawValue) } ?? missing,
            (city?.gap).map { .real($0) } ?? missing, (city?.year).map { .real($0) } ?? missing, .string(source),
            .string(owner), .string(notes.joined(separator: " ")),
        ]
    }

    /// One line for the run's log.
    var line: String {
        let states = ["erreicht", "auf_kurs", "nicht_auf_kurs", "unbestimmt"].map { "\(counts[$0] ?? 0) \($0)" }
        let cityText = city.map { " ; city: \($0.state.rawValue)" } ?? ""
        return "goal \(indicator) \(direction.rawValue) \(target.map { String($0) } ?? "?") per \(level) by "
            + "\(deadline): " + (fields.isEmpty ? "not judged per unit" : states.joined(separator: ", "))
            + ", \(movingAway.count) moving away\(cityText)"
            + (notes.isEmpty ? "" : " — " + notes.joined(separator: " "))
    }
}

extension SeriesSpec {
    /// Writes `<name>_goals.csv` (one row per target) and, for the area targets, `<name>_goals_<level>.csv` per
    /// roll-up level (one row per target and parent unit: its areas per state); German Excel, internal.
    func writeGoals(_ goals: [GoalSummary], levels: [String: RolledUpLayer], context: PlanContext) throws -> [String] {
        let sink = try context.outputSink()
        let layer = FeatureLayer(
            name: "\(name)_goals", fields: GoalSummary.tableFields,
            features: goals.map { Feature(fid: nil, geometry: nil, attributes: $0.row) }, crs: nil,
            geometryType: "None")
        var files = ["\(name)_goals.csv"]
        let records = GoalSummary.tableFields.map { Manifest.FieldRecord(name: $0.name, role: .value) }
        try sink.write(files[0], OutputSink.entry(.goals, tier: .internal, fields: records)) { path in
            try CSVTableWriter.write(layer, to: path, dialect: .excel)
        }
        for (level, rolled) in levels.sorted(by: { $0.key < $1.key }) {
            let rows = goals.flatMap { goal -> [[AttributeValue]] in
                guard let parents = goal.byParent?[level] else { return [] }
                return parents.sorted { $0.key < $1.key }.map { parent, counts in
                    [.string(goal.indicator), .string(goal.field), .string(parent)]
                        + ["erreicht", "auf_kurs", "nicht_auf_kurs", "unbestimmt"].map {
                            .integer(Int64(counts[$0] ?? 0))
                        }
                }
            }
            guard !rows.isEmpty else { continue }
            let fields: [FieldDefinition] =
                [
                    .init(name: "indikator", type: .string), .init(name: "feld", type: .string),
                    .init(name: rolled.key, type: .string),
                ]
                + ["erreicht", "auf_kurs", "nicht_auf_kurs", "unbestimmt"].map { .init(name: $0, type: .integer) }
            let table = FeatureLayer(
                name: "\(name)_goals_\(level)", fields: fields,
                features: rows.map { Feature(fid: nil, geometry: nil, attributes: $0) }, crs: nil, geometryType: "None")
            let file = "\(name)_goals_\(level).csv"
            let entry = OutputSink.entry(
                .goals, tier: .internal, level: .rollup(level), idField: rolled.key,
                fields: fields.map { Manifest.FieldRecord(name: $0.name, role: $0.name == rolled.key ? .id : .value) })
            try sink.write(file, entry) { path in try CSVTableWriter.write(table, to: path, dialect: .excel) }
            files.append(file)
        }
        return files
    }
}
