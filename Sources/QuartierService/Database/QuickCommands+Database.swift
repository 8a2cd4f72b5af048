import Foundation
import Logging
import QuartierGDAL
import QuartierModel

extension QuickCommands {
    /// Checks `--out` and `--table` before anything is read: a file needs a known extension and no `--table`; a
    /// database (`PG:…`) needs `--table [schema.]name` and no password in the connection string.
    static func checkOut(_ out: String, table: String?) throws {
        guard ConnectionString.isPostgreSQL(out) else {
            if table != nil {
                throw QuartierError.user(
                    "--table names a database table: give --out \"PG:<connection string>\" (or leave --table out)")
            }
            _ = try format(of: out)
            return
        }
        if let problem = ConnectionString.problem(out) { throw QuartierError.user("--out: \(problem)") }
        guard let table else {
            throw QuartierError.user(
                "--out PG:… needs --table [schema.]name, e.g. --table monitoring.plr_hotspots")
        }
        _ = try PostGISName.qualified(table, flag: "--table")
    }

    /// Writes the layer of a single command into `schema.table`: staged, typed, keyed, indexed and switched into
    /// place with `<table>_previous` kept, the command recorded in `quartier_runs` of the same schema.
    static func writeTable(_ layer: FeatureLayer, to out: String, table: String?, key: String?, logger: Logger?)
        throws
    {
        try checkOut(out, table: table)
        let (schema, name) = try PostGISName.qualified(table ?? "", flag: "--table")
        let logger = logger ?? Logger(label: "quartier")
        let run = try DatabaseRun(connection: out, runsSchema: schema, lonLat: false, logger: logger)
        let command = CommandLine.arguments.dropFirst().first ?? "command"
        let entry = DatabaseRecord.Table(
            schema: schema, table: name, layer: layer.name, level: LayerRef.areasName,
            idField: key.flatMap { layer.fieldIndex($0) != nil ? $0 : nil }, fields: nil, hotspots: nil,
            tier: .internal, rows: 0)
        let comments = DatabaseComments.make(
            layer, fields: [], indicators: [:], title: "quartier \(command)", tier: .internal)
        try run.write(layer, key: entry.idField, entry: entry, comments: comments)
        let manifest = SingleCommandRecord(
            command: "quartier " + CommandLine.arguments.dropFirst().map(GDALError.redactPassword).joined(separator: " "),
            versions: Manifest.Versions(
                quartier: QuartierVersion.current, gdal: GDALRuntime.gdalVersion, proj: GDALRuntime.projVersion),
            database: run.record)
        try run.commit(manifest: try FileSupport.json(manifest), analysis: "quartier \(command)")
    }

    /// What `quartier_runs` records of a single command.
    struct SingleCommandRecord: Encodable {
        var command: String
        var versions: Manifest.Versions
        var database: DatabaseRecord
    }
}
