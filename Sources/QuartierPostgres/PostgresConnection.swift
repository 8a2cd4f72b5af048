import CLibPQ
import Foundation

/// A libpq connection, for the server's queries of published PostGIS tables: one parameterised query at a time,
/// results as text. libpq reads the password itself (`~/.pgpass`, `PGPASSFILE`, the service file); TLS settings in the
/// connection string pass through. The owner of the `PGconn` (closed in `deinit`).
///
/// See https://www.postgresql.org/docs/15/libpq-exec.html (`PQexecParams`).
package final class PostgresConnection {
    private let handle: OpaquePointer
    /// The statements prepared on this connection: their SQL → name.
    private var prepared: [String: String] = [:]

    /// Connects.
    /// - Parameter connection: a libpq connection string, with or without GDAL's `PG:` (GDAL's own keys such as
    ///   `schemas=` are left out).
    /// - Throws: `PostgresError(.connectionFailed)` with libpq's message.
    package init(_ connection: String) throws {
        let conninfo = Self.libpqString(connection)
        guard let handle = PQconnectdb(conninfo) else {
            throw PostgresError(code: .connectionFailed, message: "out of memory")
        }
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(handle)).trimmingCharacters(in: .whitespacesAndNewlines)
            PQfinish(handle)
            throw PostgresError(code: .connectionFailed, message: message)
        }
        self.handle = handle
    }

    deinit { PQfinish(handle) }

    /// False once the server has gone (the pool then drops the connection).
    package var isUsable: Bool { PQstatus(handle) == CONNECTION_OK }

    /// The connection string for libpq: without `PG:` and GDAL's keys (`schemas`, `tables`, `active_schema`,
    /// `list_all_tables`), which libpq would refuse.
    static func libpqString(_ text: String) -> String {
        let body = text.hasPrefix("PG:") ? String(text.dropFirst(3)) : text
        if body.hasPrefix("postgresql://") || body.hasPrefix("postgres://") { return body }
        let gdalKeys: Set<String> = ["schemas", "tables", "active_schema", "list_all_tables"]
        return body.split(separator: " ").filter { token in
            let key = token.split(separator: "=", maxSplits: 1).first.map(String.init)?.lowercased() ?? ""
            return !gdalKeys.contains(key)
        }.joined(separator: " ")
    }

    /// Runs a query with text parameters (`$1`, `$2`, …; nil is NULL) and returns its rows as text.
    /// - Parameters:
    ///   - binary: the rows in PostgreSQL's binary format (read them with `int32`, `int64`, `double`, `bytes`).
    ///   - prepare: prepare the statement on this connection the first time and execute the prepared one after.
    /// - Throws: `PostgresError(.queryFailed)` with the server's message, or `.connectionFailed` when the
    ///   connection is gone.
    package func query(_ sql: String, _ parameters: [String?] = [], binary: Bool = false, prepare: Bool = false)
        throws -> PostgresRows
    {
        let copies = parameters.map { $0.map { strdup($0) } ?? nil }
        defer { copies.forEach { free($0) } }
        let values = copies.map { UnsafePointer<CChar>($0) }
        let format: Int32 = binary ? 1 : 0
        var name: String?
        if prepare {
            if let known = prepared[sql] {
                name = known
            } else {
                let fresh = "q\(prepared.count + 1)"
                let result = PQprepare(handle, fresh, sql, Int32(parameters.count), nil)
                defer { PQclear(result) }
                guard let result, PQresultStatus(result) == PGRES_COMMAND_OK else {
                    let message = result.map { String(cString: PQresultErrorMessage($0)) }
                        ?? String(cString: PQerrorMessage(handle))
                    throw PostgresError(
                        code: isUsable ? .queryFailed : .connectionFailed,
                        message: message.trimmingCharacters(in: .whitespacesAndNewlines))
                }
                prepared[sql] = fresh
                name = fresh
            }
        }
        let result = values.withUnsafeBufferPointer { buffer in
            if let name {
                return PQexecPrepared(handle, name, Int32(parameters.count), buffer.baseAddress, nil, nil, format)
            }
            return PQexecParams(handle, sql, Int32(parameters.count), nil, buffer.baseAddress, nil, nil, format)
        }
        guard let result else {
            throw PostgresError(code: .connectionFailed, message: String(cString: PQerrorMessage(handle)))
        }
        let status = PQresultStatus(result)
        guard status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK else {
            let message = String(cString: PQresultErrorMessage(result)).trimmingCharacters(in: .whitespacesAndNewlines)
            PQclear(result)
            throw PostgresError(code: isUsable ? .queryFailed : .connectionFailed, message: message)
        }
        return PostgresRows(owning: result)
    }
}

@available(*, unavailable)
extension PostgresConnection: Sendable {}

/// The rows of a query, as text; the owner of the `PGresult`.
package final class PostgresRows {
    private let result: OpaquePointer
    package let count: Int
    package let columns: Int

    init(owning result: OpaquePointer) {
        self.result = result
        count = Int(PQntuples(result))
        columns = Int(PQnfields(result))
    }

    deinit { PQclear(result) }

    /// Whether a value is SQL NULL.
    package func isNull(_ row: Int, _ column: Int) -> Bool { PQgetisnull(result, Int32(row), Int32(column)) != 0 }

    /// A value as text (nil for NULL).
    package func text(_ row: Int, _ column: Int) -> String? {
        guard !isNull(row, column), let value = PQgetvalue(result, Int32(row), Int32(column)) else { return nil }
        return String(cString: value)
    }

    /// A binary `int4`.
    package func int32(_ row: Int, _ column: Int) -> Int32? {
        guard !isNull(row, column) else { return nil }
        return withBytes(row, column) { bytes in
            bytes.count == 4 ? bytes.reduce(0) { $0 << 8 | Int32($1) } : nil
        }
    }

    /// A binary `int8`.
    package func int64(_ row: Int, _ column: Int) -> Int64? {
        guard !isNull(row, column) else { return nil }
        return withBytes(row, column) { bytes in
            bytes.count == 8 ? bytes.reduce(0) { $0 << 8 | Int64($1) } : nil
        }
    }

    /// A binary `float8`.
    package func double(_ row: Int, _ column: Int) -> Double? {
        guard !isNull(row, column) else { return nil }
        return withBytes(row, column) { bytes in
            bytes.count == 8 ? Double(bitPattern: bytes.reduce(0) { $0 << 8 | UInt64($1) }) : nil
        }
    }

    /// A binary `text` (or any value's bytes) as a string.
    package func string(_ row: Int, _ column: Int) -> String? {
        guard !isNull(row, column) else { return nil }
        return withBytes(row, column) { String(decoding: $0, as: UTF8.self) }
    }

    /// A value's bytes (empty for NULL), without copying them into a string.
    package func withBytes<T>(_ row: Int, _ column: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
        let length = Int(PQgetlength(result, Int32(row), Int32(column)))
        guard let value = PQgetvalue(result, Int32(row), Int32(column)) else {
            return try body(UnsafeBufferPointer(start: nil, count: 0))
        }
        return try value.withMemoryRebound(to: UInt8.self, capacity: length) {
            try body(UnsafeBufferPointer(start: $0, count: length))
        }
    }
}

@available(*, unavailable)
extension PostgresRows: Sendable {}

/// An error of a query of the server's published tables.
package struct PostgresError: Error, CustomStringConvertible, Sendable {
    package enum Code: String, Sendable {
        /// No connection: the server is down or refuses (authentication, no such database).
        case connectionFailed = "connection_failed"
        /// The server refused the query.
        case queryFailed = "query_failed"
    }

    package var code: Code
    package var message: String

    package init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    package var description: String { "PostgreSQL: \(message)" }
}
