import Foundation
import QuartierModel
import QuartierService

/// A `[[series]]` table of a published job, held in memory by area: what
/// `/collections/{collectionId}/items/{featureId}/series` answers for the collections of the same job whose id
/// field is the series' key (the area layers; not roll-ups). Read from the job's series GeoPackage as its manifest
/// records it (role `series`); of a run that suppressed small counts (`OutputCatalogue.suppressed`) only the public
/// tables (`tier = "public"`, suppressed step by step, `<name>_public.gpkg` and one per roll-up level), as the
/// internal ones hold the values before suppression.
struct PublishedSeries: Sendable {
    /// One time step of one area.
    struct Step: Sendable {
        var time: String
        /// Per column (in `columns` order); nil where missing, with the reason from the table's `<column>_status`
        /// (`empty` when it has none).
        var values: [Double?]
        var reasons: [String?]
        /// The input the step comes from and its geography (`areas`, or the older geography it was carried from);
        /// nil in the public tables, which do not name them.
        var input: String?
        var geography: String?
    }

    var name: String
    var file: String
    var idField: String
    var timeField: String
    var columns: [String]
    var steps: [String: [Step]]
    /// Who may read the table (`OutputTier`, from its manifest entry).
    var tier: OutputTier

    /// Reads a series table: the key (`idField`), the time (the second field), the columns, `input`, `geography`.
    init(entry: Manifest.FileRef, catalogue: OutputCatalogue) throws {
        guard let idField = entry.idField, let layer = try catalogue.readTable(entry) else {
            throw QuartierError.internal("the series table \(entry.path) has no recorded id field or layer")
        }
        let names = layer.fields.map(\.name)
        guard let key = layer.fieldIndex(idField), names.count >= 3 else {
            throw QuartierError.internal("the series table \(entry.path) lacks its key field")
        }
        let (input, geography) = (layer.fieldIndex("input"), layer.fieldIndex("geography"))
        let time = key == 0 ? 1 : 0
        let valueColumns = names.indices.filter {
            ![key, time, input, geography].contains($0) && !names[$0].hasSuffix("_status")
        }
        name = entry.layer ?? (entry.path as NSString).deletingPathExtension
        file = entry.path
        self.idField = idField
        timeField = names[time]
        columns = valueColumns.map { names[$0] }
        let statusColumns = valueColumns.map { layer.fieldIndex(names[$0] + "_status") }
        var steps: [String: [Step]] = [:]
        for feature in layer.features {
            let values = feature.attributes
            guard let id = values[key].keyText else { continue }
            steps[id, default: []].append(
                Step(
                    time: values[time].stringValue ?? "", values: valueColumns.map { values[$0].doubleValue },
                    reasons: statusColumns.map { $0.flatMap { values[$0].stringValue } },
                    input: input.flatMap { values[$0].stringValue },
                    geography: geography.flatMap { values[$0].stringValue }))
        }
        self.steps = steps
        tier = entry.effectiveTier
    }

    /// The series of one area as JSON: name, time field, columns and its steps in time order (missing values `null`
    /// with `<column>_status`: `no_row`, or `empty`).
    func document(for id: String) -> JSONValue {
        let rows = (steps[id] ?? []).map { step -> JSONValue in
            var values: [String: JSONValue] = [:]
            for (n, column) in columns.enumerated() {
                let value = n < step.values.count ? step.values[n] : nil
                values[column] = value.map(JSONValue.number) ?? .null
                if value == nil {
                    let reason = n < step.reasons.count ? step.reasons[n] : nil
                    values[column + "_status"] = .string(reason ?? MissingReason.empty.rawValue)
                }
            }
            var row: [String: JSONValue] = ["time": .string(step.time), "values": .object(values)]
            if let input = step.input { row["input"] = .string(input) }
            if let geography = step.geography { row["geography"] = .string(geography) }
            return .object(row)
        }
        return .object([
            "name": .string(name), "file": .string(file), "time_field": .string(timeField),
            "columns": .array(columns.map(JSONValue.string)), "steps": .array(rows),
        ])
    }
}
