import Foundation
import Logging
import QuartierModel
import QuartierTiles

extension ProfileStep: PlanStep {
    var timingName: String? { nil }

    /// `[[profile]]`: a Kreis against its Land, written as `<name>.csv`.
    func apply(to state: inout AnalysisState) throws -> StepReport {
        let context = state.context
        let sink = try context.outputSink()
        let rollupSteps = context.analysis?.steps.rollups ?? []
        let table = try context.timer.measure("profile:\(name)") {
            try self.table(areas: state.areas, idField: context.idField, rollups: state.rollups, steps: rollupSteps)
        }
        let fileName = "\(name).csv"
        try context.timer.measure("write:\(fileName)") {
            try sink.write(fileName, OutputSink.entry(.profile, tier: tier, layer: name)) { path in
                try CSVTableWriter.write(table, to: path, dialect: .excel)
            }
        }
        return .none
    }
}

extension TilesStep: PlanStep {
    /// The tile builder times its parts.
    var timingName: String? { nil }

    /// `[[tiles]]`: the layer in lon/lat cut into vector tiles (`<name>.pmtiles`, `.mbtiles` or a z/x/y folder).
    func apply(to state: inout AnalysisState) throws -> StepReport {
        let context = state.context
        let sink = try context.outputSink()
        guard let working = context.working else { throw QuartierError.internal("[[tiles]] ran without a working CRS") }
        let (base, key) = try state.layer(layer)
        let lonLat = try Publisher.lonLat(base, from: working)
        let fileName = format.fileName(name)
        // A z/x/y folder is listed but not hashed.
        let entry =
            format == .zxy
            ? nil
            : OutputSink.entry(
                .tiles, tier: tier, layer: name, level: layer, idField: key,
                fields: tileFieldRecords(state, base, key: key),
                hotspots: state.hotspotFields.filter { base.fieldIndex($0.bin) != nil })
        try sink.write(fileName, entry) { path in
            let (report, _) = try TilesCommand.write(
                lonLat, idField: key, name: name, minZoom: minZoom, maxZoom: maxZoom, fields: fields,
                to: URL(fileURLWithPath: path), format: format, replace: true, timer: context.timer, shaping: shaping)
            context.logger.info(
                "tiles \(fileName): \(report.tiles) tiles, \(report.substitutedPolygons) polygons at minimal size")
        }
        return .none
    }

    /// The fields the tiles carry: the id and the listed ones (all when none are listed), without status siblings.
    private func tileFieldRecords(_ state: AnalysisState, _ base: FeatureLayer, key: String) -> [Manifest.FieldRecord] {
        state.fieldRecords(of: base, key: key, withStatus: false).filter { record in
            record.role == .id || fields.map { $0.contains(record.name) } ?? true
        }
    }
}
