import QuartierGDAL
import QuartierModel

/// The public audit's reading of a PostGIS table: through GDAL, as QGIS and every other client reads it.
enum DatabaseAudit {
    /// Reads a table of a run.
    /// - Parameter location: `schema.table` to read instead (the staging table, before the run's switch).
    static func read(_ record: DatabaseRecord, table: DatabaseRecord.Table, at location: String?) throws
        -> FeatureLayer
    {
        let name = location ?? table.qualifiedName
        let dataset = try Dataset(opening: record.connection, openOptions: ["TABLES=\(name)"])
        return try dataset.layer(named: nil).readAll().layer
    }
}
