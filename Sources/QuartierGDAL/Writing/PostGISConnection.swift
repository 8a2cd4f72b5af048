import CGDAL
import Foundation
package import QuartierModel

/// One connection to a PostgreSQL/PostGIS database through GDAL's PostgreSQL driver (libpq underneath): SQL
/// statements, queries returning text, transactions, and a value layer written into a new table with `COPY`.
/// The owner of the GDAL dataset handle (closed in `deinit`, which also closes the libpq connection, ending its
/// session: an open transaction is rolled back and its advisory locks are released).
///
/// The connection string is libpq's (`PG:host=… dbname=… user=…`, `PG:service=…`): passwords come from libpq's own
/// mechanisms (`~/.pgpass`, `PGPASSFILE`, `PGSERVICEFILE`), TLS settings (`sslmode`, `sslrootcert`, …) pass through.
///
/// See https://gdal.org/en/stable/drivers/vector/pg.html (`PG_USE_COPY`: COPY is the default into a table created
/// by the same connection) and https://www.postgresql.org/docs/15/libpq-connect.html.
package final class PostGISConnection {
    let handle: GDALDatasetH
    /// The connection string as given (`PG:…`).
    package let connection: String

    /// Connects.
    /// - Throws: `GDALError(.openFailed)` with libpq's message (server down, authentication failed, no such
    ///   database), or `.driverMissing` when this GDAL has no PostgreSQL driver.
    package init(_ connection: String) throws {
        GDALRuntime.initialize()
        guard GDALGetDriverByName("PostgreSQL") != nil else {
            throw GDALError(code: .driverMissing, message: "this GDAL has no PostgreSQL driver")
        }
        let text = connection.hasPrefix("PG:") ? connection : "PG:" + connection
        let drivers = CStringList(["PostgreSQL"])
        // Only the tables named are listed at open (none: the connection is used for SQL and new layers).
        let options = CStringList(["LIST_ALL_TABLES=NO", "TABLES=quartier_no_such_table"])
        CPLErrorState.reset()
        let flags = UInt32(GDAL_OF_VECTOR) | UInt32(GDAL_OF_UPDATE) | UInt32(GDAL_OF_VERBOSE_ERROR)
        guard let handle = GDALOpenEx(text, flags, drivers.constPointer, options.constPointer, nil) else {
            throw GDALError(
                code: .openFailed, message: "cannot connect to the PostgreSQL database", path: text,
                gdalMessage: CPLErrorState.takeFailure() ?? CPLErrorState.lastMessage,
                hint: "Check that the server runs and the connection string (host, port, dbname, user, sslmode); "
                    + "the password comes from ~/.pgpass, PGPASSFILE or a service file (PGSERVICEFILE)")
        }
        _ = CPLErrorState.takeFailure()
        self.handle = handle
        self.connection = text
    }

    deinit { GDALClose(handle) }

    private func failure(_ message: String, _ gdal: String?, table: String? = nil) -> GDALError {
        GDALError(code: .writeFailed, message: message, path: connection, layer: table, gdalMessage: gdal)
    }

    /// Runs one statement (or several separated by `;`) that returns no rows.
    /// - Throws: `GDALError(.writeFailed)` with the server's message.
    package func execute(_ sql: String) throws {
        CPLErrorState.reset()
        let result = GDALDatasetExecuteSQL(handle, sql, nil, nil)
        if let result { GDALDatasetReleaseResultSet(handle, result) }
        if let failure = CPLErrorState.takeFailure() {
            throw self.failure("the database refused a statement (\(sql.prefix(120))…)", failure)
        }
    }

    /// Runs a `SELECT` and returns its rows, each value as text (nil for SQL NULL), geometry columns left out.
    package func query(_ sql: String) throws -> [[String?]] {
        CPLErrorState.reset()
        let result = GDALDatasetExecuteSQL(handle, sql, nil, nil)
        if let failure = CPLErrorState.takeFailure() {
            if let result { GDALDatasetReleaseResultSet(handle, result) }
            throw self.failure("the database refused a query (\(sql.prefix(120))…)", failure)
        }
        guard let result else { return [] }
        defer { GDALDatasetReleaseResultSet(handle, result) }
        var rows: [[String?]] = []
        OGR_L_ResetReading(result)
        while let feature = OGR_L_GetNextFeature(result) {
            defer { OGR_F_Destroy(feature) }
            let count = OGR_F_GetFieldCount(feature)
            rows.append(
                (0..<count).map { index in
                    guard OGR_F_IsFieldSetAndNotNull(feature, index) != 0 else { return nil }
                    return OGR_F_GetFieldAsString(feature, index).map { String(cString: $0) }
                })
        }
        if let failure = CPLErrorState.takeFailure() {
            throw self.failure("reading the rows of a query failed", failure)
        }
        return rows
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    package func transaction<T>(_ body: () throws -> T) throws -> T {
        CPLErrorState.reset()
        guard GDALDatasetStartTransaction(handle, 0) == OGRERR_NONE else {
            throw failure("could not start a transaction", CPLErrorState.takeFailure())
        }
        let value: T
        do {
            value = try body()
        } catch {
            _ = GDALDatasetRollbackTransaction(handle)
            throw error
        }
        CPLErrorState.reset()
        guard GDALDatasetCommitTransaction(handle) == OGRERR_NONE, CPLErrorState.lastFailure == nil else {
            let message = CPLErrorState.takeFailure()
            _ = GDALDatasetRollbackTransaction(handle)
            throw failure("could not commit the transaction", message)
        }
        return value
    }

    /// The type name a new table's geometry column gets for a layer: its declared type when every feature has it,
    /// else the generic `Geometry` (a layer mixing polygons and multipolygons, which a GeoPackage accepts under
    /// either name but a typed PostGIS column would refuse).
    static func geometryType(of layer: FeatureLayer) -> OGRwkbGeometryType {
        let declared = OGRGeometryBridge.wkbType(named: layer.geometryType)
        let kinds = Set(layer.features.compactMap { $0.geometry.map(\.typeName) })
        guard kinds.count <= 1, kinds.first.map({ OGRGeometryBridge.wkbType(named: $0) == declared }) ?? true else {
            return wkbUnknown
        }
        return declared
    }

    /// The PostgreSQL type of a column (GDAL's `COLUMN_TYPES`), or nil to leave it to GDAL (dates and times).
    static func columnType(_ column: FieldPlan.Column) -> String? {
        if column.isStatus { return "text" }
        switch column.type {
        case .integer: return "integer"
        case .integer64: return "bigint"
        case .real: return "double precision"
        case .string, .integerList, .integer64List, .realList, .stringList: return "text"
        default: return nil
        }
    }

    /// Writes a layer into a new table `schema.table` with `COPY`: its fields typed as in a GeoPackage (whole
    /// numbers `integer`/`bigint`, reals `double precision` — sent as the shortest text that reads back as the same
    /// double, where GDAL would send 15 digits —, text and lists (as JSON) `text`), each
    /// field with a missing value for a stated reason followed by its `<field>_status` text column, the geometry
    /// as `geom` in the layer's CRS. GDAL's FID column `ogc_fid` is created too (the caller may drop it), no
    /// spatial index (create it after loading). Names are kept as they are (no laundering).
    /// - Parameters:
    ///   - description: the table's comment.
    /// Call it inside `transaction`: the table, its rows and what the caller does to it then become visible together
    /// at the commit (and nothing of it when the transaction is rolled back).
    /// - Throws: `GDALError(.writeFailed)`.
    package func writeTable(_ layer: FeatureLayer, schema: String, table: String, description: String?) throws {
        let srs = try layer.crs.map { try SpatialReference($0) }
        var options = [
            "SCHEMA=\(schema)", "LAUNDER=NO", "GEOMETRY_NAME=geom", "SPATIAL_INDEX=NONE", "FID=ogc_fid",
            "EXTRACT_SCHEMA_FROM_LAYER_NAME=NO", "OVERWRITE=NO",
        ]
        if let description { options.append("DESCRIPTION=\(description)") }
        let plan = FieldPlan(layer)
        // Names holding the list's separators keep GDAL's types (and its 15 digits for reals).
        let typed = plan.columns.filter { !$0.name.contains(",") && !$0.name.contains("=") }
        let types = typed.compactMap { column in Self.columnType(column).map { "\(column.name)=\($0)" } }
        if !types.isEmpty { options.append("COLUMN_TYPES=" + types.joined(separator: ",")) }
        let exactReals = Set(typed.filter { !$0.isStatus && $0.type == .real }.map(\.name))
        let list = CStringList(options)
        let geometryType = layer.geometryType == "None" ? wkbNone : Self.geometryType(of: layer)
        CPLErrorState.reset()
        guard let ogrLayer = GDALDatasetCreateLayer(handle, table, srs?.handle, geometryType, list.pointer) else {
            throw failure("could not create the table \(schema).\(table)", CPLErrorState.takeFailure(), table: table)
        }
        for field in plan.columns {
            let type = exactReals.contains(field.name) ? OFTString : FieldPlan.ogrType(field.type)
            guard let definition = OGR_Fld_Create(field.name, type) else {
                throw failure("could not define column '\(field.name)'", nil, table: table)
            }
            defer { OGR_Fld_Destroy(definition) }
            CPLErrorState.reset()
            guard OGR_L_CreateField(ogrLayer, definition, 0) == OGRERR_NONE else {
                throw failure("could not create column '\(field.name)'", CPLErrorState.takeFailure(), table: table)
            }
        }
        guard let featureDefinition = OGR_L_GetLayerDefn(ogrLayer) else {
            throw failure("no layer definition", nil, table: table)
        }
        for feature in layer.features {
            guard let ogrFeature = OGR_F_Create(featureDefinition) else {
                throw failure("out of memory", nil, table: table)
            }
            defer { OGR_F_Destroy(ogrFeature) }
            plan.fill(ogrFeature, from: feature)
            for (position, column) in plan.columns.enumerated() where exactReals.contains(column.name) {
                let value = column.source < feature.attributes.count ? feature.attributes[column.source] : .null
                if case .real(let number) = value, number.isFinite {
                    OGR_F_SetFieldString(ogrFeature, Int32(position), String(number))
                } else if case .integer(let number) = value {
                    OGR_F_SetFieldString(ogrFeature, Int32(position), String(number))
                } else {
                    OGR_F_SetFieldNull(ogrFeature, Int32(position))
                }
            }
            if let geometry = feature.geometry, let handle = OGRGeometryBridge.makeHandle(geometry) {
                OGR_F_SetGeometryDirectly(ogrFeature, handle)
            }
            CPLErrorState.reset()
            guard OGR_L_CreateFeature(ogrLayer, ogrFeature) == OGRERR_NONE else {
                throw failure(
                    "could not write feature \(feature.fid.map(String.init) ?? "?")", CPLErrorState.takeFailure(),
                    table: table)
            }
        }
        // Ends the COPY, so that the statements after it run on a quiet connection.
        CPLErrorState.reset()
        _ = OGR_L_SyncToDisk(ogrLayer)
        if let failure = CPLErrorState.takeFailure() {
            throw self.failure("could not finish loading the rows", failure, table: table)
        }
    }
}

@available(*, unavailable)
extension PostGISConnection: Sendable {}
