import Foundation
import Logging
import QuartierGDAL
import QuartierModel
import QuartierStats

extension SeriesSpec: PlanStep {
    var timingName: String? { "series:\(name)" }

    /// Reads the series' tables, carries vintages on older geographies onto the current areas, checks the steps
    /// (one format, evenly spaced, enough for a trend), writes the long-form table, adds the trend fields and leaves
    /// the series in the state for `[[emerging]]`.
    func apply(to state: inout AnalysisState) throws -> StepReport {
        let context = state.context
        let place = context.place("[[series]] '\(name)'", line: line)
        let areaIDs = state.areas.features.map { feature -> String in
            guard let i = state.areas.fieldIndex(context.idField) else { return "" }
            return feature.attributes[i].keyText ?? ""
        }
        let vintages = try readVintages(&state, areaIDs: areaIDs, place: place)
        let crosswalks = try crosswalks(for: vintages, &state, areaIDs: areaIDs, place: place)
        let columnsData = try carriedColumns(vintages, crosswalks: crosswalks, areas: state.areas, place: place)
        let data = SeriesData(steps: vintages.map(\.label), times: vintages.map(\.time), columns: columnsData)
        state.series[name] = data
        let extended = withRatios
        var files = try extended.writeTable(data, ids: areaIDs, vintages: vintages, context: context)
        let crosswalkReports = try writeCrosswalks(crosswalks, context: context, place: place)
        files += crosswalkReports.map(\.file)
        let (fields, goals, warnings) = try addTrendsAndGoals(
            to: &state, data: data, spec: extended, ids: areaIDs, place: place)
        let first = columns.first ?? ""
        let report = SeriesReport(
            name: name, columns: columns,
            vintages: vintages.enumerated().map { step, vintage in
                SeriesReport.Vintage(
                    time: vintage.label, input: vintage.table,
                    source: (try? context.input(vintage.table).sourceAsWritten) ?? vintage.table,
                    referenceDate: vintage.referenceDate ?? (try? context.input(vintage.table).referenceDate) ?? nil,
                    geography: vintage.geography,
                    carried: vintage.geography == SeriesSpec.currentGeography ? nil : carry, rows: vintage.rows,
                    missingAreas: (columnsData[first]?[step] ?? []).filter { $0 == nil }.count)
            },
            crosswalks: crosswalkReports, fields: fields,
            incompleteAreas: areaIDs.indices.filter { area in
                columns.contains { column in (columnsData[column] ?? []).contains { $0[area] == nil } }
            }.count,
            files: files, warnings: warnings, goals: goals.isEmpty ? nil : goals)
        return .series(report)
    }

    /// Reads every table of the series, each on its geography, as vintages sorted by time and checked.
    private func readVintages(
        _ state: inout AnalysisState, areaIDs: [String], place: String
    ) throws -> [SeriesVintage] {
        let context = state.context
        var vintages: [SeriesVintage] = []
        for part in parts {
            let input = try context.input(part.table)
            let textColumns = Set([key ?? context.idField] + [time].compactMap { $0 } + part.filter.keys)
            let (table, ref) = try TableLoader.load(input, textColumns: textColumns, logger: context.logger)
            state.inputRefs.append(ref)
            let ids =
                try part.geography == SeriesSpec.currentGeography
                ? areaIDs : geography(part.geography, state: &state).ids
            vintages += try SeriesVintage.read(
                table, part: part, spec: self, key: key ?? context.idField, source: input.sourceAsWritten,
                areaIDs: ids, place: place)
        }
        vintages.sort { $0.time < $1.time }
        try checkSteps(vintages, place: place)
        return vintages
    }

    /// The crosswalk from each older geography of the vintages onto the current areas, shared by every series of
    /// the run that carries the same way (`AnalysisState.crosswalks`).
    private func crosswalks(
        for vintages: [SeriesVintage], _ state: inout AnalysisState, areaIDs: [String], place: String
    ) throws -> [String: (Crosswalk, CrosswalkReport)] {
        let older = Set(vintages.map(\.geography)).subtracting([SeriesSpec.currentGeography])
        guard !older.isEmpty else { return [:] }
        let current = CrosswalkBuilder.Geography(
            name: SeriesSpec.currentGeography, ids: areaIDs, geometries: state.areas.features.map(\.geometry))
        var crosswalks: [String: (Crosswalk, CrosswalkReport)] = [:]
        for name in older.sorted() {
            let key = "\(name)|\(carry.rawValue)|\(minOverlap)|\(coverage)"
            if let built = state.crosswalks[key] {
                crosswalks[name] = built
                continue
            }
            let built = try CrosswalkBuilder.build(
                old: try geography(name, state: &state), new: current, newIndex: state.areaIndex(), spec: self,
                grid: state.grid, place: place)
            crosswalks[name] = built
            state.crosswalks[key] = built
        }
        return crosswalks
    }

    /// Each column's values per time step on the current areas (carried through the crosswalks; rates as
    /// numerator over denominator), and the ratios of a fixed area field over a column.
    private func carriedColumns(
        _ vintages: [SeriesVintage], crosswalks: [String: (Crosswalk, CrosswalkReport)], areas: FeatureLayer,
        place: String
    ) throws -> [String: [[Double?]]] {
        var columnsData: [String: [[Double?]]] = [:]
        for column in columns {
            columnsData[column] = vintages.map { vintage in
                guard let crosswalk = crosswalks[vintage.geography]?.0 else { return vintage.values[column] ?? [] }
                if let denominator = rates[column] {
                    return crosswalk.carryRate(
                        vintage.values[column] ?? [], denominators: vintage.values[denominator] ?? []
                    ).rate
                }
                return crosswalk.carry(vintage.values[column] ?? [])
            }
        }
        for (ratio, parts) in ratios.sorted(by: { $0.key < $1.key }) where parts.count == 2 {
            guard let field = areas.fieldIndex(parts[0]) else {
                throw QuartierError.user(
                    "\(place): ratios: the areas have no field '\(parts[0])' (it must come from a [[join]] or [[count]])"
                )
            }
            let fixed = areas.features.map { $0.attributes[field].doubleValue }
            columnsData[ratio] = (columnsData[parts[1]] ?? []).map { step in
                step.indices.map { area -> Double? in
                    guard area < fixed.count, let numerator = fixed[area], let d = step[area], d > 0 else { return nil }
                    return numerator / d
                }
            }
        }
        return columnsData
    }

    /// Writes each crosswalk as `<name>_crosswalk_<geography>.csv` (internal).
    private func writeCrosswalks(
        _ crosswalks: [String: (Crosswalk, CrosswalkReport)], context: PlanContext, place: String
    ) throws -> [CrosswalkReport] {
        var reports: [CrosswalkReport] = []
        for (geographyName, (crosswalk, report)) in crosswalks.sorted(by: { $0.key < $1.key }) {
            var written = report
            written.file = "\(name)_crosswalk_\(geographyName).csv"
            let oldKey = try context.input(geographyName).idField ?? "id"
            try context.outputSink().write(written.file, OutputSink.entry(.crosswalk, tier: .internal)) { path in
                try CSVTableWriter.write(
                    CrosswalkBuilder.table(crosswalk, oldKey: oldKey, newKey: context.idField), to: path,
                    dialect: .rfc4180)
            }
            reports.append(written)
            context.logger.info("\(place): \(written.summary)")
        }
        return reports
    }

    /// The trend fields (with `trend`) and the goal fields (with targets in the catalogue) on the areas, computed
    /// from the series as delivered (`AnalysisState.seriesSource`), so never in a public output.
    private func addTrendsAndGoals(
        to state: inout AnalysisState, data: SeriesData, spec extended: SeriesSpec, ids: [String], place: String
    ) throws -> (fields: [String], goals: [GoalSummary], warnings: [String]) {
        guard trend else { return ([], [], []) }
        let context = state.context
        var before = state.areas.fields.count
        let warnings = try SeriesTrends.add(to: &state.areas, data: data, spec: extended, place: place)
        var fields = state.areas.fields[before...].map(\.name)
        state.mark(fields, as: .value)
        state.derive(fields, from: [AnalysisState.seriesSource(name)])
        var goals: [GoalSummary] = []
        if let indicators = context.analysis?.indicators {
            before = state.areas.fields.count
            goals = try SeriesGoals.add(
                to: &state.areas, data: data, spec: extended, indicators: indicators, ids: ids, place: place)
            let goalFields = state.areas.fields[before...].map(\.name)
            if !goals.isEmpty {
                // `<name>_goals.csv` is written by `GoalSummaryStep`, after the roll-ups.
                fields += goalFields
                state.mark(goalFields, as: .value)
                state.derive(goalFields, from: [AnalysisState.seriesSource(name)])
                for goal in goals { context.logger.info("\(place): \(goal.line)") }
            }
        }
        for warning in warnings { context.logger.warning("\(place): \(warning)") }
        return (fields, goals, warnings)
    }

    /// A boundary input of an older geography, reprojected to the working CRS, with its keys: read once per run
    /// (`AnalysisState.geographies`), whichever series carries from it.
    private func geography(_ name: String, state: inout AnalysisState) throws -> CrosswalkBuilder.Geography {
        if let read = state.geographies[name] { return read }
        let context = state.context
        let spec = try context.input(name)
        guard let idField = spec.idField else { throw QuartierError.internal("geography '\(name)' has no id") }
        let source = try InputSource(spec, logger: context.logger)
        let (layer, ref) = try AreaLoader(source: source, working: context.working, logger: context.logger).load { _ in
        }
        state.inputRefs.append(ref)
        let index = try source.fieldIndex(idField, in: layer.fields)
        let geography = CrosswalkBuilder.Geography(
            name: name, ids: layer.features.map { $0.attributes[index].keyText ?? "" },
            geometries: layer.features.map(\.geometry))
        state.geographies[name] = geography
        return geography
    }

    /// One time format over all tables, no time step twice, evenly spaced, and enough steps for a trend.
    private func checkSteps(_ vintages: [SeriesVintage], place: String) throws {
        for (a, b) in zip(vintages, vintages.dropFirst()) {
            if a.format != b.format {
                throw QuartierError.user(
                    "\(place): the tables mix time formats: '\(a.label)' (\(a.format.rawValue), table "
                        + "'\(a.table)') and '\(b.label)' (\(b.format.rawValue), table '\(b.table)')")
            }
            if a.time == b.time {
                throw QuartierError.user(
                    "\(place): the time step '\(a.label)' comes from two tables ('\(a.table)' and '\(b.table)'); "
                        + "each step from one table")
            }
        }
        let labels = Dictionary(vintages.map { ($0.time, $0.label) }, uniquingKeysWith: { a, _ in a })
        try SeriesCube.checkSpacing(vintages.map(\.time), labels: labels, format: vintages.first?.format, path: place)
        if trend && vintages.count < 3 {
            throw QuartierError.user(
                "\(place): a trend needs at least 3 time steps; the series has \(vintages.count) "
                    + "(\(vintages.map(\.label).joined(separator: ", "))). Add vintages, or set trend = false")
        }
    }
}

extension SeriesSpec {
    /// The series in long form on the current areas: one row per area and time step with the area's key, the time
    /// as written, each column (missing where the area has no value in that step), and where the step comes from
    /// (`input`, `geography`: `areas`, or the older geography it was carried from).
    func table(_ data: SeriesData, ids: [String], vintages: [SeriesVintage], idField: String) -> FeatureLayer {
        let timeField = time ?? "time"
        var fields = [FieldDefinition(name: idField, type: .string), FieldDefinition(name: timeField, type: .string)]
        fields += columns.map { FieldDefinition(name: $0, type: .real) }
        fields += [FieldDefinition(name: "input", type: .string), FieldDefinition(name: "geography", type: .string)]
        var features: [Feature] = []
        features.reserveCapacity(ids.count * data.steps.count)
        // A step on the current areas without a row for an area: `no_row`; else an empty cell or a carried share of
        // a missing old value: `empty`.
        let withoutRow = vintages.map { Set($0.areasWithoutRow) }
        for (area, id) in ids.enumerated() {
            for (step, label) in data.steps.enumerated() {
                var attributes: [AttributeValue] = [.string(id), .string(label)]
                let reason: MissingReason =
                    step < vintages.count && vintages[step].geography == SeriesSpec.currentGeography
                        && withoutRow[step].contains(id) ? .noRow : .empty
                for column in columns {
                    let value = data.columns[column].flatMap {
                        step < $0.count && area < $0[step].count ? $0[step][area] : nil
                    }
                    attributes.append(value.map { .real($0) } ?? .missing(reason))
                }
                let vintage = step < vintages.count ? vintages[step] : nil
                attributes += [.string(vintage?.table ?? ""), .string(vintage?.geography ?? "")]
                features.append(Feature(fid: nil, geometry: nil, attributes: attributes))
            }
        }
        return FeatureLayer(name: name, fields: fields, features: features, crs: nil, geometryType: "None")
    }

    /// Writes the long-form table as `<name>.gpkg` (a table without geometry, layer `<name>`) and `<name>.csv`
    /// (German Excel's CSV, as the outputs' tables), recorded in the manifest with the role `series`.
    /// - Returns: the file names.
    func writeTable(
        _ data: SeriesData, ids: [String], vintages: [SeriesVintage], context: PlanContext
    ) throws -> [String] {
        let sink = try context.outputSink()
        let layer = table(data, ids: ids, vintages: vintages, idField: context.idField)
        let records = layer.withStatusFields(for: layer.fields.map(\.name)).fields.map { field in
            let role: FieldRole =
                field.name == context.idField
                ? .id
                : columns.contains(field.name)
                    ? (rates[field.name] != nil ? .rate : .indicator)
                    : layer.fieldIndex(field.name) == nil ? .status : .value
            return Manifest.FieldRecord(name: field.name, role: role)
        }
        let entry = OutputSink.entry(
            .series, tier: .internal, layer: name, level: .areas, idField: context.idField, fields: records)
        try context.timer.measure("write:\(name).gpkg") {
            try sink.write("\(name).gpkg", entry) { path in
                try LayerWriter.write(layer, to: path, format: .geoPackage, layerName: name)
            }
        }
        try context.timer.measure("write:\(name).csv") {
            try sink.write("\(name).csv", entry) { path in try CSVTableWriter.write(layer, to: path, dialect: .excel) }
        }
        return ["\(name).gpkg", "\(name).csv"]
    }
}
