import Foundation
import QuartierTOML

/// `[database]` of an analysis file: the PostgreSQL/PostGIS database that outputs with `formats = […, "postgis"]`
/// are written into, the public tier in one schema and the internal tier in another (so that a read-only role can
/// be granted the public one alone, docs/database.md).
///
/// ```toml
/// [database]
/// connection = "PG:service=bildung"      # libpq: no password here (~/.pgpass, PGPASSFILE, PGSERVICEFILE)
/// public_schema = "monitoring"           # tier = "public" outputs (default quartier_public)
/// internal_schema = "monitoring_intern"  # internal outputs and quartier_runs (default quartier_internal)
/// lonlat = true                          # also a geom_4326 column (EPSG:4326), default false
/// publish = true                         # [publish]'s layer into public_schema too (default)
/// ```
package struct DatabaseSpec: Sendable, Equatable {
    /// The libpq connection string, with `PG:` (checked to hold no password).
    package var connection: String
    package var publicSchema: String
    package var internalSchema: String
    /// Also write a generated `geom_4326` column (EPSG:4326) beside the working CRS's `geom`.
    package var lonLat: Bool
    /// Also write `[publish]`'s layer into the public schema, as the table of its name.
    package var publish: Bool = true
    package var line: Int

    package static let defaultPublicSchema = "quartier_public"
    package static let defaultInternalSchema = "quartier_internal"

    package init(
        connection: String, publicSchema: String = defaultPublicSchema, internalSchema: String = defaultInternalSchema,
        lonLat: Bool = false, line: Int = 0
    ) {
        self.connection = ConnectionString.withPrefix(connection)
        self.publicSchema = publicSchema
        self.internalSchema = internalSchema
        self.lonLat = lonLat
        self.line = line
    }

    /// The schema of a tier's tables.
    package func schema(for tier: OutputTier) -> String { tier == .public ? publicSchema : internalSchema }

    /// Reads `[database]`.
    static func parse(_ s: inout TOMLSection) throws -> DatabaseSpec {
        let connectionLine = s.line(of: "connection")
        let written = try s.requiredString("connection")
        if let problem = ConnectionString.problem(written) {
            throw s.error("[database] connection: \(problem)", line: connectionLine)
        }
        let publicSchema = try s.string("public_schema") ?? defaultPublicSchema
        let internalSchema = try s.string("internal_schema") ?? defaultInternalSchema
        for (key, name) in [("public_schema", publicSchema), ("internal_schema", internalSchema)] {
            if let problem = PostGISName.problem(name, maximumLength: 63) {
                throw s.error("[database] \(key) '\(name)' \(problem)", line: s.line(of: key))
            }
        }
        guard publicSchema != internalSchema else {
            throw s.error(
                "[database] public_schema and internal_schema are both '\(publicSchema)': the public tier needs a "
                    + "schema of its own, which a read-only role may read without seeing the internal tier",
                line: s.line)
        }
        var spec = DatabaseSpec(
            connection: written, publicSchema: publicSchema, internalSchema: internalSchema,
            lonLat: try s.bool("lonlat") ?? false, line: s.line)
        spec.publish = try s.bool("publish") ?? true
        return spec
    }
}
