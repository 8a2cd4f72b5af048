package import QuartierModel

/// `manifest.json` `database`: the tables a run wrote into PostgreSQL/PostGIS, as readers (the server, the audit)
/// find them — with the same meaning of fields, tier, level and id field as a file output's entry.
package struct DatabaseRecord: Codable, Sendable {
    /// One table of the run.
    package struct Table: Codable, Sendable {
        package var schema: String
        package var table: String
        /// The output's name (the layer name of its files).
        package var layer: String
        package var level: String?
        package var idField: String?
        package var fields: [Manifest.FieldRecord]?
        package var hotspots: [Manifest.HotspotFields]?
        package var tier: OutputTier
        package var rows: Int
        /// The geometry column (`geom`, in the CRS of `epsg`) and the generated lon/lat column when there is one.
        package var geometryColumn: String?
        package var epsg: Int?
        package var lonLatColumn: String?
        /// The table's columns besides the geometry, in order, with the types readers parse their text as (status and
        /// list columns are text).
        package var columns: [FieldDefinition]?
        /// The extent of `geometryColumn` (west, south, east, north in the CRS of `epsg`).
        package var extent: [Double]?

        /// `schema.table`.
        package var qualifiedName: String { "\(schema).\(table)" }

        package init(
            schema: String, table: String, layer: String, level: String?, idField: String?,
            fields: [Manifest.FieldRecord]?, hotspots: [Manifest.HotspotFields]?, tier: OutputTier, rows: Int
        ) {
            self.schema = schema
            self.table = table
            self.layer = layer
            self.level = level
            self.idField = idField
            self.fields = fields
            self.hotspots = hotspots
            self.tier = tier
            self.rows = rows
        }

        enum CodingKeys: String, CodingKey {
            case schema, table, layer, level, fields, hotspots, tier, rows, epsg, columns, extent
            case idField = "id_field"
            case geometryColumn = "geometry_column"
            case lonLatColumn = "lonlat_column"
        }
    }

    /// The connection string (`PG:…`, never with a password).
    package var connection: String
    /// The run's id, as `quartier_runs.run_id` has it.
    package var runID: String
    /// The table of the runs (`schema.quartier_runs`).
    package var runsTable: String
    package var tables: [Table]

    enum CodingKeys: String, CodingKey {
        case connection, tables
        case runID = "run_id"
        case runsTable = "runs_table"
    }
}
