import QuartierGDAL
import QuartierModel

/// Writes each public `[[series]]` as suppression left it (`SeriesSuppression`), in long form per level: the areas as
/// `<name>_public.gpkg` / `.csv`, each roll-up as `<name>_<level>_public.gpkg` / `.csv` (key, time, the columns with
/// their `_status`), recorded in the manifest with the role `series`, tier `public` and the level, which is where
/// the atlas, the area profiles, the server and `quartier audit` find them.
struct PublicSeriesStep: PlanStep {
    var timingName: String? { "write:public_series" }

    func apply(to state: inout AnalysisState) throws -> StepReport {
        let context = state.context
        let sink = try context.outputSink()
        for name in state.publicSeries.keys.sorted() {
            guard let series = state.publicSeries[name] else { continue }
            let timeField =
                context.analysis?.steps.series.first(where: { $0.name == name })?.time ?? "time"
            var levels: [(LayerRef, String, SeriesSuppression.Level)] = [(.areas, "\(name)_public", series.areas)]
            for level in series.rollups.keys.sorted() {
                guard let steps = series.rollups[level] else { continue }
                levels.append((.rollup(level), "\(name)_\(level)_public", steps))
            }
            var files: [String] = []
            for (ref, stem, level) in levels {
                let layer = Self.longForm(level, name: stem, steps: series.steps, timeField: timeField)
                let aliases = context.analysis?.publish?.aliases ?? [:]
                let records = state.fieldRecords(of: layer, key: level.key).map { record in
                    var titled = record
                    titled.title = aliases[record.name]
                    // A rate column names its denominator: the profiles weight the whole city's rate by it.
                    if let denominator = series.rates[record.name] {
                        titled.role = .rate
                        titled.denominator = denominator
                    }
                    return titled
                }
                let entry = OutputSink.entry(
                    .series, tier: .public, layer: stem, level: ref, idField: level.key, fields: records)
                try sink.write("\(stem).gpkg", entry) { path in
                    try LayerWriter.write(layer, to: path, format: .geoPackage, layerName: stem)
                }
                try sink.write("\(stem).csv", entry) { path in
                    try CSVTableWriter.write(layer, to: path, dialect: .excel)
                }
                files += ["\(stem).gpkg", "\(stem).csv"]
            }
            if let r = state.reports.series.firstIndex(where: { $0.name == name }) {
                state.reports.series[r].suppression?.files = files
            }
        }
        return .none
    }

    /// One level's steps as one table: a row per unit and step (units in the level's order), the time as written.
    static func longForm(
        _ level: SeriesSuppression.Level, name: String, steps: [String], timeField: String
    ) -> FeatureLayer {
        guard let first = level.steps.first else {
            return FeatureLayer(name: name, fields: [], features: [], crs: nil, geometryType: "None")
        }
        let values = first.fields.filter { $0.name != level.key }
        var fields = [FieldDefinition(name: level.key, type: .string), FieldDefinition(name: timeField, type: .string)]
        fields += values.map { FieldDefinition(name: $0.name, type: .real) }
        let key = first.fieldIndex(level.key)
        let columns = values.map { field in level.steps.map { $0.fieldIndex(field.name) } }
        var features: [Feature] = []
        features.reserveCapacity(first.features.count * steps.count)
        for row in first.features.indices {
            let id = key.flatMap { row < first.features.count ? first.features[row].attributes[$0].stringValue : nil }
            for (step, label) in steps.enumerated() where step < level.steps.count {
                let layer = level.steps[step]
                var attributes: [AttributeValue] = [.string(id ?? ""), .string(label)]
                for column in columns {
                    guard let c = column[step], row < layer.features.count, c < layer.features[row].attributes.count
                    else {
                        attributes.append(.missing(.empty))
                        continue
                    }
                    attributes.append(layer.features[row].attributes[c])
                }
                features.append(Feature(fid: nil, geometry: nil, attributes: attributes))
            }
        }
        return FeatureLayer(name: name, fields: fields, features: features, crs: nil, geometryType: "None")
    }
}
