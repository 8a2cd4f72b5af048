import Foundation
import Logging
import QuartierGDAL
import QuartierModel

extension OutputSpec: PlanStep {
    /// Selecting and each file are timed (`select:<name>`, `write:<file>`).
    var timingName: String? { nil }

    /// `[outputs.<name>]`: the layer's selected fields, ordered, written as `<name>.<format>` (and `<name>.csv`).
    func apply(to state: inout AnalysisState) throws -> StepReport {
        let context = state.context
        let sink = try context.outputSink()
        let (base, key) = try state.layer(layer)
        let selected = try context.timer.measure("select:\(name)") {
            try AnalysisRunner.ordered(
                try select(base, key: key, source: context.areaSource), by: orderBy, output: self)
        }
        let fields = state.fieldRecords(of: selected, key: key)
        let hotspots = state.hotspotFields.filter { selected.fieldIndex($0.bin) != nil }
        if csv {
            let fileName = "\(name).csv"
            try context.timer.measure("write:\(fileName)") {
                try sink.write(fileName, OutputSink.entry(.table, tier: tier, level: layer, idField: key, fields: fields)) { path in
                    try CSVTableWriter.write(selected, to: path, dialect: .excel)
                }
            }
        }
        for format in formats {
            let fileName = "\(name).\(format.fileExtension)"
            context.progress.update("writing \(fileName)")
            let entry = OutputSink.entry(
                .layer, tier: tier, layer: name, level: layer, idField: key, fields: fields, hotspots: hotspots)
            let path = try context.timer.measure("write:\(fileName)") {
                try sink.write(fileName, entry) { path in
                    var members: [(name: String, json: String)] = []
                    if format == .geoJSON, let analysis = context.analysis {
                        let pairs = selected.fields.compactMap { f in analysis.indicators[f.name].map { (f.name, $0) } }
                        members = try Publisher.catalogueMember(pairs)
                    }
                    try LayerWriter.write(selected, to: path, format: format, layerName: name, geoJSONMembers: members)
                }
            }
            context.logger.info("wrote \(path) (\(selected.features.count) features)")
        }
        if postgis {
            try writeTable(selected, key: key, fields: fields, hotspots: hotspots, context: context, sink: sink)
        }
        return .none
    }

    /// The output's fields: all, or the id field plus the listed ones, in the listed order.
    /// Unknown fields are reported by the area input's source (naming it, with a hint) when there is one.
    private func select(_ layer: FeatureLayer, key idField: String, source: InputSource?) throws -> FeatureLayer {
        guard let wanted = fields else { return layer }
        let names = [idField] + wanted.filter { $0 != idField }
        let indexes = try names.map { name -> Int in
            if let source { return try source.fieldIndex(name, in: layer.fields) }
            guard let index = layer.fieldIndex(name) else {
                throw QuartierError.user(
                    "[outputs.\(self.name)] (line \(line)): field '\(name)' does not exist; fields: "
                        + layer.fields.map(\.name).joined(separator: ", "))
            }
            return index
        }
        return layer.keepingFields(at: indexes)
    }
}
