import Foundation
import HTTPTypes
import QuartierModel
import QuartierPostgres
import QuartierService

/// A published table in PostGIS (`manifest.json` `database`), served by queries: each page of items is one `SELECT`
/// with the `bbox` (`geom && ST_MakeEnvelope(…)`, the GiST index), the property filters (`"field" = $1`), the order
/// (the primary key), `LIMIT` and `OFFSET` in SQL, and the number matched by `count(*) OVER ()`; nothing is held in
/// memory but the table's description. Features are encoded as the file-backed collections encode theirs
/// (`FeatureJSON`), from the columns' text and the geometry's WKB, reprojected by PostGIS.
struct DatabaseSource: Sendable {
    let pool: PostgresPool
    let schema: String
    let table: String
    /// The key (the area id), the order of pages and the features' ids.
    let key: String?
    let geometryColumn: String?
    /// The generated EPSG:4326 column (`[database] lonlat = true`), read for CRS84 and EPSG:4326 instead of
    /// transforming `geometryColumn` per request.
    var lonLatColumn: String? = nil
    /// The columns besides the geometry, as the manifest records them.
    let columns: [FieldDefinition]
    /// The geometry column's SRID (the working CRS).
    let epsg: Int?
    /// The keys in the table's order, read once per version of the table: a page without filters starts at its
    /// first key (`WHERE key >= $1 … LIMIT`, through the primary key's index) instead of skipping `OFFSET` rows.
    let keys = KeyCache()

    var relation: String { Self.quoted(schema) + "." + Self.quoted(table) }

    static func quoted(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    /// Connections (and threads) per database: a page waits for its query's round trip, so more queries in flight
    /// than cores keep both the server and PostgreSQL busy; `QUARTIER_PG_POOL` overrides it.
    static let poolSize: Int = {
        if let text = ProcessInfo.processInfo.environment["QUARTIER_PG_POOL"], let n = Int(text), (1...256).contains(n) {
            return n
        }
        return 16
    }()

    /// The pools of the databases served, one per connection string, kept over reloads.
    private static let pools = Locked<[String: PostgresPool]>([:])

    static func pool(for connection: String) -> PostgresPool {
        pools.withLock { pools in
            if let pool = pools[connection] { return pool }
            let pool = PostgresPool(connection: connection, size: poolSize)
            pools[connection] = pool
            return pool
        }
    }

    /// The select list, read in binary: whole numbers as `int4`/`int8`, reals as `float8` (exact, no text in between),
    /// everything else as text; the geometry (in `crs`) as WKB.
    private func selectList(_ crs: CRSChoice) -> String {
        var list = columns.map { column -> String in
            switch column.type {
            case .integer: return Self.quoted(column.name) + "::int4"
            case .integer64: return Self.quoted(column.name) + "::int8"
            case .real: return Self.quoted(column.name) + "::float8"
            default: return Self.quoted(column.name) + "::text"
            }
        }
        if let geometryColumn {
            let column = Self.quoted(geometryColumn)
            let target = crs.epsg ?? 4326
            var expression = target == epsg ? column : "ST_Transform(\(column), \(target))"
            if target == 4326, target != epsg, let lonLatColumn { expression = Self.quoted(lonLatColumn) }
            list.append("ST_AsBinary(\(expression))")
        } else {
            list.append("NULL::bytea")
        }
        return list.joined(separator: ", ")
    }

    private var order: String { key.map { "ORDER BY " + Self.quoted($0) } ?? "ORDER BY ctid" }

    /// A page: the number of features matched, and each feature on the page as GeoJSON.
    /// - Parameters:
    ///   - box: the `bbox` in the storage CRS, when asked for.
    ///   - filters: column index → wanted value (equality as `ItemsQuery.equal`: numbers as numbers, else text).
    func page(
        box: BoundingBox?, filters: [(field: Int, value: String)], limit: Int, offset: Int, crs: CRSChoice
    ) async throws -> (matched: Int, features: [[UInt8]]) {
        var conditions: [String] = []
        var parameters: [String?] = []
        if let box, let geometryColumn {
            let numbers = [box.minX, box.minY, box.maxX, box.maxY].map { String($0) }.joined(separator: ", ")
            conditions.append("\(Self.quoted(geometryColumn)) && ST_MakeEnvelope(\(numbers), \(epsg ?? 4326))")
        }
        for filter in filters where filter.field < columns.count {
            let column = columns[filter.field]
            if column.type.isNumeric {
                guard Double(filter.value) != nil else {
                    conditions.append("FALSE")
                    continue
                }
                parameters.append(filter.value)
                conditions.append("\(Self.quoted(column.name)) = $\(parameters.count)::double precision")
            } else {
                parameters.append(filter.value)
                conditions.append("\(Self.quoted(column.name))::text = $\(parameters.count)")
            }
        }
        if conditions.isEmpty, key != nil {
            return try await pageByKey(limit: limit, offset: offset, crs: crs)
        }
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let sql =
            "SELECT \(selectList(crs)), count(*) OVER () FROM \(relation)\(whereClause) \(order) "
            + "LIMIT \(limit) OFFSET \(offset)"
        let countSQL = "SELECT count(*) FROM \(relation)\(whereClause)"
        let source = self
        let values = parameters
        return try await run { connection in
            let rows = try connection.query(sql, values, binary: true, prepare: true)
            var matched = 0
            if rows.count > 0 {
                matched = Int(rows.int64(0, source.columns.count + 1) ?? 0)
            } else {
                matched = Int(try connection.query(countSQL, values).text(0, 0) ?? "") ?? 0
            }
            let features = try (0..<rows.count).map { row in
                try source.feature(rows, row: row, fallbackID: offset + row + 1, crs: crs)
            }
            return (matched, features)
        }
    }

    /// A page of the whole table: from the cached key at `offset`, through the key's index. Each page also reads the
    /// table's identity (its OID, new with every switch of a run): when the table was replaced since the keys were
    /// read, they are read again and the page with them.
    private func pageByKey(limit: Int, offset: Int, crs: CRSChoice) async throws -> (matched: Int, features: [[UInt8]]) {
        guard let key else { return (0, []) }
        let source = self
        let identity = "SELECT \(Self.literal(relation))::regclass::oid::text"
        let keysSQL = "SELECT \(Self.quoted(key))::text FROM \(relation) ORDER BY \(Self.quoted(key))"
        let sql =
            "SELECT \(selectList(crs)), \(Self.literal(relation))::regclass::oid::text FROM \(relation) "
            + "WHERE \(Self.quoted(key)) >= $1 \(order) LIMIT $2"
        return try await run { connection in
            for _ in 0..<2 {
                var cached = source.keys.current
                if cached == nil {
                    let oid = try connection.query(identity).text(0, 0) ?? ""
                    let rows = try connection.query(keysSQL)
                    cached = (oid, (0..<rows.count).compactMap { rows.text($0, 0) })
                    source.keys.store(cached)
                }
                guard let (oid, keys) = cached else { continue }
                guard offset < keys.count else { return (keys.count, []) }
                let rows = try connection.query(sql, [keys[offset], String(limit)], binary: true, prepare: true)
                if rows.count > 0, rows.string(0, source.columns.count + 1) != oid {
                    source.keys.store(nil)
                    continue
                }
                let features = try (0..<rows.count).map { row in
                    try source.feature(rows, row: row, fallbackID: offset + row + 1, crs: crs)
                }
                return (keys.count, features)
            }
            throw PostgresError(code: .queryFailed, message: "the table \(source.relation) changed while it was read")
        }
    }

    static func literal(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }

    /// One feature by its id, or nil.
    func feature(id: String, crs: CRSChoice) async throws -> [UInt8]? {
        guard let key else { return nil }
        let sql = "SELECT \(selectList(crs)) FROM \(relation) WHERE \(Self.quoted(key))::text = $1"
        let source = self
        return try await run { connection in
            let rows = try connection.query(sql, [id], binary: true, prepare: true)
            guard rows.count > 0 else { return nil }
            return try source.feature(rows, row: 0, fallbackID: 1, crs: crs)
        }
    }

    /// Runs queries on a pooled connection; an unreachable database is a 503, a refused query a 500.
    private func run<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        do {
            return try await pool.withConnection(body)
        } catch let error as PostgresError where error.code == .connectionFailed {
            throw Problem(
                .serviceUnavailable,
                "the database holding collection '\(table)' cannot be reached; the other collections are served")
        } catch let error as PostgresError {
            throw ContextError(context: "table \(schema).\(table)", underlying: error, kind: .internalFailure)
        }
    }

    /// A row as GeoJSON, as `FeatureJSON.feature` writes a file-backed feature.
    private func feature(_ rows: PostgresRows, row: Int, fallbackID: Int, crs: CRSChoice) throws -> [UInt8] {
        var values: [AttributeValue] = []
        values.reserveCapacity(columns.count)
        var id: String?
        for (index, column) in columns.enumerated() {
            guard !rows.isNull(row, index) else {
                values.append(.missing(.empty))
                continue
            }
            let value: AttributeValue
            switch column.type {
            case .integer: value = .integer(Int64(rows.int32(row, index) ?? 0))
            case .integer64: value = .integer(rows.int64(row, index) ?? 0)
            case .real: value = .real(rows.double(row, index) ?? .nan)
            case .date: value = .date(rows.string(row, index) ?? "")
            default: value = .string(rows.string(row, index) ?? "")
            }
            if column.name == key { id = value.stringValue }
            values.append(value)
        }
        var geometry: Geometry?
        if !rows.isNull(row, columns.count) {
            geometry = try rows.withBytes(row, columns.count) { try WKB.geometry($0) }
        }
        return FeatureJSON.feature(
            id: id ?? String(fallbackID), geometry: geometry, fields: columns, values: values,
            latitudeFirst: crs.latitudeFirst)
    }
}

/// The keys of a table in order, and the table's OID they were read from.
final class KeyCache: Sendable {
    private let state = Locked<(oid: String, keys: [String])?>(nil)

    var current: (oid: String, keys: [String])? { state.withLock { $0 } }

    func store(_ value: (oid: String, keys: [String])?) { state.withLock { $0 = value } }
}
