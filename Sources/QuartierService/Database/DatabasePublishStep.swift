import QuartierGDAL
import QuartierModel

/// `[publish]`'s layer into the public schema (`[database] publish`, default on): the GeoPackage the publisher wrote,
/// read back as written (the fields, aliases and suppressed cells of the public files, nothing else) and written as
/// the table `<publish name>`, staged and switched with the run's other tables after the audit.
struct DatabasePublishStep: PlanStep {
    let publish: PublishSpec

    var timingName: String? { nil }

    func apply(to state: inout AnalysisState) throws -> StepReport {
        let context = state.context
        guard let spec = context.analysis?.database, spec.publish, let sink = context.sink, let database = sink.database
        else { return .none }
        let (_, key) = try state.layer(publish.layer)
        let name = "\(spec.publicSchema).\(publish.name)"
        try context.timer.measure("write:\(name)") {
            let written = try Dataset(opening: sink.path("\(publish.name).gpkg")).layer(named: publish.name)
                .readAll().layer
            let fields = state.fieldRecords(of: written, key: key, withStatus: false)
            let entry = DatabaseRecord.Table(
                schema: spec.publicSchema, table: publish.name, layer: publish.name, level: publish.layer.description,
                idField: key, fields: fields, hotspots: nil, tier: .public, rows: 0)
            let comments = DatabaseComments.make(
                written, fields: fields, indicators: context.analysis?.indicators ?? [:],
                title: "\(context.analysis?.title ?? context.analysis?.name ?? "Quartier"): [publish] \(publish.name)",
                tier: .public)
            try database.write(written, key: key, entry: entry, comments: comments)
        }
        return .none
    }
}
