import Foundation
package import QuartierDisclosure
import QuartierGDAL
import QuartierModel

/// `quartier audit OUT`: the disclosure audit redone from what the public gets. From a run folder, it reads only
/// the outputs `manifest.json` lists with tier `public` (their vector layers, by level) and the manifest's
/// `disclosure` record (minimum count, count fields, the areas' ids and each roll-up's memberships); never an
/// internal file. For every count field, every cell published as `null` with status `suppressed` at any level
/// becomes a target of the linear program of `DisclosureAudit` (GLPK) over the finest units: units ≥ 0, published
/// cells fixed, parents the sums of their members. A target pinned to one value, or shown to be below the minimum
/// count, is a finding. Every suppressed cell counts as primary here: the public files do not tell primary from
/// secondary, and a secondary cell (at least the minimum count) can never be shown to be below it.
package enum PublicAudit {
    /// The audit of one run folder.
    package struct Report: Codable, Sendable {
        package var folder: String
        /// The public layers read, by level.
        package var layers: [String: [String]]
        package var fields: [DisclosureAudit.Report]
        package var seconds: Double
        /// Whether no cell of any field is a finding.
        package var passed: Bool
        /// The number of suppressed cells audited.
        package var cells: Int
        package var findings: [DisclosureAudit.Interval] { fields.flatMap(\.findings) }

        /// The report as text: per field the cells and their intervals, findings marked, then the verdict.
        package var lines: [String] {
            var lines = [
                "audit of \(folder): public layers "
                    + layers.keys.sorted().map { "\($0) (\((layers[$0] ?? []).joined(separator: ", ")))" }
                    .joined(separator: ", ")
            ]
            for field in fields {
                lines.append("\(field.field): \(field.cells.count) suppressed cell(s), minimum count \(field.minCount)")
                for cell in field.cells {
                    let upper = cell.upper.map { String(format: "%g", $0) } ?? "∞"
                    let mark = cell.finding.map { "  FINDING: \($0)" } ?? ""
                    lines.append("  \(cell.level) \(cell.id): [\(String(format: "%g", cell.lower)), \(upper)]\(mark)")
                }
            }
            let verdict =
                passed
                ? "passed: no suppressed cell of \(cells) can be recovered or shown below the minimum count"
                : "FAILED: \(findings.count) finding(s) among \(cells) suppressed cell(s)"
            return lines + [verdict + String(format: " (%.2f s)", seconds)]
        }

        init(folder: String, layers: [String: [String]], fields: [DisclosureAudit.Report], seconds: Double) {
            self.folder = folder
            self.layers = layers
            self.fields = fields
            self.seconds = seconds
            passed = fields.allSatisfy(\.passed)
            cells = fields.reduce(0) { $0 + $1.cells.count }
        }
    }

    /// What the audit reads of `manifest.json`.
    private struct Inputs: Decodable {
        var outputs: [Manifest.FileRef]
        var disclosure: DisclosureRecord?
        var database: DatabaseRecord?
    }

    /// One published cell as a public file shows it: a value, suppressed, or missing for another reason.
    enum Shown: Equatable {
        case value(Double)
        case suppressed
        case other
    }

    /// Audits the run in `folder`.
    /// - Throws: `QuartierError.user` when the folder has no manifest, or one without a disclosure record.
    /// - Parameter staged: the run's PostGIS tables (`schema.table`) → where they are before the run's switch (its
    ///   staging tables); the tables themselves when not named.
    package static func run(folder: String, staged: [String: String] = [:]) throws -> Report {
        let start = ContinuousClock.now
        let manifestPath = (folder as NSString).appendingPathComponent("manifest.json")
        guard let data = FileManager.default.contents(atPath: manifestPath) else {
            throw QuartierError.user("\(manifestPath) does not exist: name the output folder of `quartier run` or `publish`")
        }
        let inputs: Inputs
        do {
            inputs = try JSONDecoder().decode(Inputs.self, from: data)
        } catch {
            throw QuartierError.user("\(manifestPath) cannot be read as a Quartier manifest: \(error)")
        }
        guard let record = inputs.disclosure else {
            throw QuartierError.user(
                "\(manifestPath) has no 'disclosure' record: the run had no [publish.suppression], or was made by a "
                    + "Quartier before audits; run it again with `quartier publish`")
        }
        let publicLayers = inputs.outputs.filter { $0.role == .layer && $0.effectiveTier == .public && $0.level != nil }
        var shown: [String: [FeatureLayer]] = [:]
        var layers: [String: [String]] = [:]
        var stems: Set<String> = []
        for entry in publicLayers {
            guard let level = entry.level, level == LayerRef.areasName || record.levels.contains(where: { $0.name == level })
            else { continue }
            // One output written in several formats (`x.geojson`, `x.gpkg`) holds the same cells: read once.
            guard stems.insert((entry.path as NSString).deletingPathExtension).inserted else { continue }
            let path = (folder as NSString).appendingPathComponent(entry.path)
            let dataset = try Dataset(opening: path)
            let read = try dataset.layers().filter { $0.name != "layer_styles" && $0.geometryTypeName != "None" }
            shown[level, default: []] += try read.map { try $0.readAll().layer }
            layers[level, default: []].append(entry.path)
        }
        for table in inputs.database?.tables ?? [] where table.tier == .public {
            guard let level = table.level,
                level == LayerRef.areasName || record.levels.contains(where: { $0.name == level }),
                let database = inputs.database
            else { continue }
            shown[level, default: []].append(
                try DatabaseAudit.read(database, table: table, at: staged[table.qualifiedName]))
            layers[level, default: []].append("\(database.connection) \(table.qualifiedName)")
        }
        var reports: [DisclosureAudit.Report] = []
        for field in record.counts {
            let (table, suppressed) = cells(field, record: record, shown: shown)
            guard !suppressed.isEmpty else { continue }
            reports.append(
                try DisclosureAudit.run(
                    table, field: field, suppressed: suppressed, primary: suppressed, minCount: record.minCount))
        }
        let series = try readSeriesTables(folder: folder, record: record, outputs: inputs.outputs, layers: &layers)
        reports += try auditSeries(record: record, tables: series, shown: shown[LayerRef.areasName] ?? [])
        reports += try auditProfiles(
            folder: folder, record: record, outputs: inputs.outputs, shown: shown,
            seriesCells: series.mapValues { levels in
                levels.mapValues { table in
                    SeriesCells(
                        table, key: table.fields.first?.name ?? "",
                        time: table.fields.count > 1 ? table.fields[1].name : "")
                }
            })
        return Report(
            folder: folder, layers: layers, fields: reports, seconds: (ContinuousClock.now - start) / .seconds(1))
    }

    /// The cell table of one field: the units and every parent, each with its published value (nil when not
    /// published), and the indexes of the cells published as suppressed.
    static func cells(
        _ field: String, record: DisclosureRecord, shown: [String: [FeatureLayer]]
    ) -> (CellTable, Set<Int>) {
        let units = published(field, level: LayerRef.areasName, key: record.unitIdField, shown: shown)
        var table = CellTable(unitCount: record.units.count, cells: [])
        var suppressed: Set<Int> = []
        func add(_ level: String, _ id: String, _ members: [Int], _ cell: Shown?) {
            if cell == .suppressed { suppressed.insert(table.cells.count) }
            if case .value(let v)? = cell {
                table.cells.append(.init(level: level, id: id, members: members, value: v))
            } else {
                table.cells.append(.init(level: level, id: id, members: members, value: nil))
            }
        }
        for (unit, id) in record.units.enumerated() { add(LayerRef.areasName, id, [unit], units[id]) }
        for level in record.levels {
            let parents = published(field, level: level.name, key: level.idField, shown: shown)
            guard !parents.isEmpty else { continue }
            var members: [String: [Int]] = [:]
            var order: [String] = []
            for (unit, parent) in level.parents.enumerated() {
                guard let parent else { continue }
                if members[parent] == nil { order.append(parent) }
                members[parent, default: []].append(unit)
            }
            for parent in order { add(level.name, parent, members[parent] ?? [], parents[parent]) }
        }
        return (table, suppressed)
    }

    /// A field's cells as the public layers of one level show them, by id (the first layer showing a value wins).
    static func published(_ field: String, level: String, key: String, shown: [String: [FeatureLayer]]) -> [String: Shown] {
        var cells: [String: Shown] = [:]
        for layer in shown[level] ?? [] {
            guard let column = layer.fieldIndex(field), let keyColumn = layer.fieldIndex(key) else { continue }
            let status = layer.fieldIndex(field + "_status")
            for feature in layer.features {
                guard keyColumn < feature.attributes.count, let id = feature.attributes[keyColumn].stringValue,
                    column < feature.attributes.count
                else { continue }
                let cell: Shown
                if let value = feature.attributes[column].doubleValue {
                    cell = .value(value)
                } else if case .missing(.suppressed) = feature.attributes[column] {
                    cell = .suppressed
                } else if let status, status < feature.attributes.count,
                    feature.attributes[status].stringValue == MissingReason.suppressed.rawValue
                {
                    cell = .suppressed
                } else {
                    cell = .other
                }
                if cells[id] == nil || cells[id] == .other || (cells[id] == .suppressed && cell != .other) {
                    cells[id] = cell
                }
            }
        }
        return cells
    }
}
