import Foundation
import Logging
import QuartierGDAL
import QuartierModel

/// What an `[[observations]]` step read: records, per location kind, and the levels it aggregated to. Kept out of
/// `manifest.json` on purpose (the manifest of a published job is public, and these are counts of persons); logged.
package struct ObservationsReport: Sendable {
    package var name: String
    package var records: Int
    package var byKey: Int
    package var byCell: Int
    package var byPoint: Int
    package var levels: [String]

    package var summary: String {
        "observations '\(name)': \(records) records (\(byKey) by area key, \(byCell) by grid cell, \(byPoint) by "
            + "coordinates) aggregated to " + levels.joined(separator: ", ")
    }
}

extension ObservationsSpec: PlanStep {
    var timingName: String? { "observations:\(name)" }

    /// Reads and validates the records (a record in error stops the run, naming the record and the field), counts
    /// them per area and per roll-up level, adds the perception gaps, records the lineage and the counts that
    /// `[publish]` protects, and writes every record with its area and text to `<name>_records.csv` (internal).
    func apply(to state: inout AnalysisState) throws -> StepReport {
        let context = state.context
        let place = context.place("[[observations]] '\(name)'", line: line)
        let (records, inputRefs) = try readRecords(&state, place: place)
        state.inputRefs += inputRefs
        for ref in inputRefs { state.countSources[ref.name, default: []] += protectedCounts }
        let themes = vocabulary.themes.map(\.id)
        let publishing = context.analysis?.publish != nil
        let population = self.population ?? context.analysis?.publish?.suppression.population
        for gap in gaps {
            for field in [gap.indicator] + [gap.population ?? population].compactMap({ $0 })
            where state.areas.fieldIndex(field) == nil {
                throw QuartierError.user(
                    "\(place): [[observations.gap]] of '\(gap.theme)' (line \(gap.line)) names '\(field)', which the "
                        + "areas do not have when the observations are counted (after the joins, counts, rates, "
                        + "indexes and roll-ups)")
            }
        }
        if !gaps.isEmpty && population == nil && gaps.contains(where: { $0.population == nil }) {
            throw QuartierError.user(
                "\(place): a perception gap needs the residents: population = \"<field>\" in [[observations]] or "
                    + "[[observations.gap]] (or [publish.suppression] population)")
        }
        for field in fieldNames where state.areas.fieldIndex(field) != nil {
            throw QuartierError.user(
                "\(place): the areas already have a field '\(field)'; give the observations another name = \"…\"")
        }

        let areaAggregation = ObservationAggregation.aggregate(
            records, themes: themes, rowCount: state.areas.features.count, row: { $0 })
        state.areas = appending(areaAggregation, to: state.areas, population: population, publishing: publishing)
        var levels = [LayerRef.areasName]
        for name in state.rollups.keys.sorted() {
            guard var level = state.rollups[name], let key = level.layer.fieldIndex(level.key) else { continue }
            var rows: [String: Int] = [:]
            for (row, feature) in level.layer.features.enumerated() {
                if let id = feature.attributes[key].stringValue, rows[id] == nil { rows[id] = row }
            }
            let memberships = level.memberships
            let aggregation = ObservationAggregation.aggregate(
                records, themes: themes, rowCount: level.layer.features.count,
                row: { area in memberships.indices.contains(area) ? memberships[area].flatMap { rows[$0] } : nil })
            level.layer = appending(aggregation, to: level.layer, population: population, publishing: publishing)
            let summed = level.sums
            level.sums += protectedCounts.filter { !summed.contains($0) }
            state.rollups[name] = level
            levels.append(name)
        }
        let lineage = self.lineage(population: population)
        for (field, sources) in lineage.sorted(by: { $0.key < $1.key }) { state.derive([field], from: sources) }
        state.mark(protectedCounts, as: .count)
        state.mark(themes.map(shareField) + (ratingField == nil ? [] : themes.map(ratingMeanField)), as: .indicator)
        state.mark(gaps.map(perThousandField), as: .rate)
        let known = state.observationCounts
        state.observationCounts += protectedCounts.filter { !known.contains($0) }
        state.observations.append(
            manifestRecord(
                attribution: inputRefs.first?.attribution ?? attribution, levels: levels, population: population))
        if writeRecords, let sink = context.sink {
            let file = "\(name)_records.csv"
            try sink.write(file, OutputSink.entry(.table, tier: .internal, layer: "\(name)_records")) { path in
                try CSVTableWriter.write(
                    recordsTable(records, areas: state.areas, idField: context.idField), to: path, dialect: .excel)
            }
            try sink.add(
                "\(name)_records.csvt", OutputSink.entry(.columnTypes, tier: .internal, layer: "\(name)_records"))
        }
        let report = ObservationsReport(
            name: name, records: records.count,
            byKey: records.filter { if case .key = $0.record.place { true } else { false } }.count,
            byCell: records.filter { if case .cell = $0.record.place { true } else { false } }.count,
            byPoint: records.filter { if case .point = $0.record.place { true } else { false } }.count,
            levels: levels)
        context.logger.info("\(report.summary)")
        return .none
    }

    /// Every field the step writes on each level.
    var fieldNames: [String] {
        let themes = vocabulary.themes.map(\.id)
        var names = [totalField, allLatestField]
        for theme in themes {
            names += [countField(theme), shareField(theme), latestField(theme)]
            if ratingField != nil { names += [ratingMeanField(theme), ratingCountField(theme)] }
        }
        return names + gaps.flatMap { [perThousandField($0), gapField($0)] }
    }

    /// The records of the input and of the store, validated and located in the areas.
    /// - Throws: `QuartierError.user` listing the first records in error (record number, field, what is wrong).
    private func readRecords(
        _ state: inout AnalysisState, place: String
    ) throws -> ([(record: ObservationRecord, area: Int)], [Manifest.InputRef]) {
        let context = state.context
        let working = try context.working ?? state.areas.crs.map { try SpatialReference($0) }
        let validator = try self.validator(for: &state, working: working)
        var located: [(record: ObservationRecord, area: Int)] = []
        var refs: [Manifest.InputRef] = []
        if let input {
            let spec = try context.input(input)
            let (raws, ref) = try inputRecords(spec, state: state, working: working)
            located += try validated(
                raws, validator, place: place, origin: "input '\(input)'", fix: spec.sourceAsWritten)
            var withAttribution = ref
            withAttribution.attribution = attribution ?? spec.attribution
            refs.append(withAttribution)
        }
        if store {
            guard let path = context.observationStore else {
                let note =
                    "\(place): store = true, but this run has no observation store (the server gives its own); "
                    + "only the input's records are counted"
                context.logger.notice("\(note)")
                return (located, refs)
            }
            let analysisName = context.analysis?.name ?? ""
            let raws = try ObservationStoreReader.records(
                path: path, analysis: analysisName, observations: name, working: working, logger: context.logger)
            located += try validated(raws, validator, place: place, origin: "the observation store", fix: path)
            refs.append(
                Manifest.InputRef(
                    name: "\(name) (store)", path: (path as NSString).lastPathComponent, sha256: nil,
                    layer: ObservationStoreReader.table, featureCount: raws.count, crs: nil,
                    attribution: attribution ?? refs.first?.attribution, referenceDate: nil))
        }
        return (located, refs)
    }

    /// Validates records; any record in error stops the run.
    private func validated(
        _ raws: [RawObservation], _ validator: ObservationValidator, place: String, origin: String, fix: String
    ) throws -> [(record: ObservationRecord, area: Int)] {
        var located: [(record: ObservationRecord, area: Int)] = []
        var problems: [String] = []
        var refused = 0
        for (index, raw) in raws.enumerated() {
            do {
                located.append(try validator.validate(raw))
            } catch let problem as ObservationProblem {
                refused += 1
                if problems.count < 5 {
                    problems.append("record \(index + 1): \(fieldName(problem.field)): \(problem.message)")
                }
            }
        }
        guard refused == 0 else {
            throw QuartierError.user(
                "\(place): \(refused) of \(raws.count) records of \(origin) are refused — "
                    + problems.joined(separator: "; ") + (refused > problems.count ? "; …" : "")
                    + ". Correct them in \(fix) (every record needs a theme of the vocabulary and a place inside the areas)"
            )
        }
        return located
    }

    /// The records of a declared input as text, points in the working CRS.
    private func inputRecords(
        _ spec: InputSpec, state: AnalysisState, working: SpatialReference?
    ) throws -> ([RawObservation], Manifest.InputRef) {
        let context = state.context
        let probe = try InputSource(spec, logger: context.logger)
        let hasGeometry = probe.spatialReference != nil && probe.layer.geometryTypeName != "None"
        let layer: FeatureLayer
        let ref: Manifest.InputRef
        if hasGeometry {
            (layer, ref) = try PointLoader.load(
                spec, working: working, within: state.areas.extent, logger: context.logger)
        } else {
            (layer, _) = try probe.layer.readAll(ReadOptions(maximumFeatures: TableLoader.maximumRows))
            let sha = Dataset.isConnectionString(spec.source) ? nil : try? FileSupport.sha256(ofFile: spec.source)
            ref = Manifest.InputRef(
                name: spec.name, path: GDALError.redactPassword(spec.source), sha256: sha, layer: probe.layer.name,
                featureCount: layer.features.count, crs: nil, attribution: spec.attribution,
                referenceDate: spec.referenceDate)
        }
        func column(_ name: String?) throws -> Int? {
            guard let name else { return nil }
            return try probe.fieldIndex(name, in: layer.fields)
        }
        let columns = (
            theme: try column(themeField), date: try column(dateField), source: try column(sourceField),
            rating: try column(ratingField), text: try column(textField), key: try column(keyField),
            cell: try column(cellField)
        )
        let raws = layer.features.map { feature -> RawObservation in
            func text(_ column: Int?) -> String? {
                guard let column, column < feature.attributes.count else { return nil }
                return feature.attributes[column].stringValue
            }
            var point: Coordinate?
            switch feature.geometry {
            case .point(let c): point = c
            case .multiPoint(let cs) where cs.count == 1: point = cs[0]
            default: point = nil
            }
            return RawObservation(
                theme: text(columns.theme), date: text(columns.date), source: text(columns.source),
                rating: text(columns.rating), text: text(columns.text), key: text(columns.key),
                cell: text(columns.cell), point: point)
        }
        return (raws, ref)
    }

    /// The file's name of a validated field, for messages.
    func fieldName(_ field: ObservationProblem.Field) -> String {
        switch field {
        case .theme: return themeField
        case .date: return dateField ?? "date"
        case .source: return sourceField ?? "source"
        case .rating: return ratingField ?? "rating"
        case .text: return textField ?? "text"
        case .key: return keyField ?? "key"
        case .cell: return cellField ?? "cell"
        case .coordinates: return "coordinates"
        }
    }

    /// The validator of this step's records against the areas (points in the working CRS).
    func validator(for state: inout AnalysisState, working: SpatialReference?) throws -> ObservationValidator {
        let idField = state.context.idField
        let keys = state.areas.features.map { feature -> String in
            guard let column = state.areas.fieldIndex(idField), column < feature.attributes.count else { return "" }
            return feature.attributes[column].stringValue ?? ""
        }
        let index = state.areaIndex()
        let grid: (@Sendable (Coordinate) -> Coordinate?)
        if let working, cellField != nil {
            let transformer = try CoordinateTransformer(
                from: try SpatialReference(definition: "EPSG:3035"), to: working)
            let box = GridTransform(transformer: transformer)
            grid = { box.transform($0) }
        } else {
            grid = { $0 }
        }
        let locator = AreaLocator(index: index)
        return ObservationValidator(
            vocabulary: vocabulary, ratingRange: ratingRange, areaKeys: keys, locate: { locator.locate($0) },
            fromGrid: grid)
    }

    /// The records as a table (internal tier): the area, the theme, date, source, rating, how it was located, text.
    func recordsTable(_ records: [(record: ObservationRecord, area: Int)], areas: FeatureLayer, idField: String)
        -> FeatureLayer
    {
        let idColumn = areas.fieldIndex(idField)
        let fields = [
            FieldDefinition(name: idField, type: .string), FieldDefinition(name: "theme", type: .string),
            FieldDefinition(name: "date", type: .string), FieldDefinition(name: "source", type: .string),
            FieldDefinition(name: "rating", type: .real), FieldDefinition(name: "located_by", type: .string),
            FieldDefinition(name: "text", type: .string),
        ]
        let features = records.map { record, area -> Feature in
            let id = idColumn.flatMap { areas.features[area].attributes[$0].stringValue }
            let kind = record.place.kind
            return Feature(
                fid: nil, geometry: nil,
                attributes: [
                    id.map { .string($0) } ?? .null, .string(record.theme), record.date.map { .string($0) } ?? .null,
                    record.source.map { .string($0) } ?? .null, record.rating.map { .real($0) } ?? .null,
                    .string(kind), record.text.map { .string($0) } ?? .null,
                ])
        }
        return FeatureLayer(name: "\(name)_records", fields: fields, features: features, crs: nil, geometryType: "None")
    }
}

/// A coordinate transformer used from the validator's closure: the validator is `Sendable`, a transformer is not;
/// the step uses it on its own thread only.
private final class GridTransform: @unchecked Sendable {
    let transformer: CoordinateTransformer
    init(transformer: CoordinateTransformer) { self.transformer = transformer }
    func transform(_ c: Coordinate) -> Coordinate? {
        try? transformer.transform(c)
    }
}

/// The areas' polygon index, located from the validator's closure.
private struct AreaLocator: @unchecked Sendable {
    let index: PolygonIndex
    func locate(_ c: Coordinate) -> Int? { index.locate(c) }
}
