import Foundation
import QuartierService

/// Settings given on the command line; nil where a flag was not given.
package struct ServerFlags: Sendable {
    package var config: String?
    package var host: String?
    package var port: Int?
    package var stateFolder: String?
    package var dataFolder: String?
    package var tokenFile: String?

    package init(
        config: String? = nil, host: String? = nil, port: Int? = nil, stateFolder: String? = nil,
        dataFolder: String? = nil, tokenFile: String? = nil
    ) {
        self.config = config
        self.host = host
        self.port = port
        self.stateFolder = stateFolder
        self.dataFolder = dataFolder
        self.tokenFile = tokenFile
    }
}

extension ServerConfiguration {
    /// Where the configuration comes from when `--config` is not given, in this order.
    package static let searchPaths = ["Config/quartier.toml", "/etc/quartier/quartier.toml"]

    /// The configuration in force: the file (`--config`, else the first of `searchPaths` that exists, else the
    /// defaults), then `QUARTIER_*` environment variables, then flags.
    /// - Returns: the configuration and the file it was read from (nil for the defaults).
    package static func resolve(
        flags: ServerFlags, environment: [String: String], fileExists: (String) -> Bool = FileManager.default.fileExists
    ) throws -> (configuration: ServerConfiguration, file: String?) {
        let file = flags.config ?? searchPaths.first(where: fileExists)
        var result = try file.map { try ServerConfiguration.load(file: $0) } ?? ServerConfiguration()
        try result.apply(environment: environment)
        if let v = flags.host { result.host = v }
        if let v = flags.port { result.port = v }
        if let v = flags.stateFolder { result.stateFolder = v }
        if let v = flags.dataFolder { result.dataFolder = v }
        if let v = flags.tokenFile { result.tokenFile = v }
        try result.validate(source: "the server settings")
        return (result, file)
    }

    /// Applies `QUARTIER_HOST`, `QUARTIER_PORT`, `QUARTIER_PUBLIC_URL`, `QUARTIER_DATA_DIR`, `QUARTIER_STATE_DIR`,
    /// `QUARTIER_TOKEN_FILE`, `QUARTIER_WORKERS`, `QUARTIER_MAX_QUEUED_JOBS`, `QUARTIER_RETRY_AFTER_SECONDS`,
    /// `QUARTIER_SYNC_MAX_INPUT_BYTES`, `QUARTIER_SYNC_TIMEOUT_SECONDS`, `QUARTIER_SHUTDOWN_TIMEOUT_SECONDS`,
    /// `QUARTIER_MAX_BODY_BYTES`, `QUARTIER_MAX_CONNECTIONS`, `QUARTIER_IDLE_TIMEOUT_SECONDS`,
    /// `QUARTIER_HEADER_TIMEOUT_SECONDS`, `QUARTIER_CACHE_MAX_AGE`, `QUARTIER_CACHE_VERSIONED_MAX_AGE`,
    /// `QUARTIER_CORS_ALLOW_ORIGIN`, `QUARTIER_WATCH_FOLDERS` and `QUARTIER_PUBLISH` (comma-separated),
    /// `QUARTIER_WATCH_INTERVAL_SECONDS`.
    package mutating func apply(environment: [String: String]) throws {
        func integer(_ name: String) throws -> Int? {
            guard let text = environment[name] else { return nil }
            guard let value = Int(text) else { throw QuartierError.user("\(name)='\(text)' is not an integer") }
            return value
        }
        func seconds(_ name: String) throws -> Double? {
            guard let text = environment[name] else { return nil }
            guard let value = Double(text), value.isFinite else { throw QuartierError.user("\(name)='\(text)' is not a number") }
            return value
        }
        if let v = environment["QUARTIER_HOST"] { host = v }
        if let v = try integer("QUARTIER_PORT") { port = v }
        if let v = environment["QUARTIER_PUBLIC_URL"] { publicURL = v.isEmpty ? nil : v }
        if let v = environment["QUARTIER_DATA_DIR"] { dataFolder = v }
        if let v = environment["QUARTIER_STATE_DIR"] { stateFolder = v }
        if let v = environment["QUARTIER_TOKEN_FILE"] { tokenFile = v }
        if let v = environment["QUARTIER_READ_TOKEN_FILE"] { readTokenFile = v }
        if let v = try integer("QUARTIER_WORKERS") { workers = v }
        if let v = try integer("QUARTIER_MAX_QUEUED_JOBS") { maxQueuedJobs = v }
        if let v = try integer("QUARTIER_RETRY_AFTER_SECONDS") { retryAfterSeconds = v }
        if let v = try integer("QUARTIER_SYNC_MAX_INPUT_BYTES") { syncMaxInputBytes = v }
        if let v = try integer("QUARTIER_SYNC_TIMEOUT_SECONDS") { syncTimeoutSeconds = v }
        if let v = try integer("QUARTIER_SHUTDOWN_TIMEOUT_SECONDS") { shutdownTimeoutSeconds = v }
        if let v = try integer("QUARTIER_MAX_BODY_BYTES") { maxBodyBytes = v }
        if let v = try integer("QUARTIER_MAX_CONNECTIONS") { maxConnections = v }
        if let v = try seconds("QUARTIER_IDLE_TIMEOUT_SECONDS") { idleTimeoutSeconds = v }
        if let v = try seconds("QUARTIER_HEADER_TIMEOUT_SECONDS") { headerTimeoutSeconds = v }
        if let v = try integer("QUARTIER_WATCH_INTERVAL_SECONDS") { watchIntervalSeconds = v }
        if let v = environment["QUARTIER_WATCH_FOLDERS"] {
            watchFolders = v.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        if let v = try integer("QUARTIER_CACHE_MAX_AGE") { maxAge = v }
        if let v = try integer("QUARTIER_CACHE_VERSIONED_MAX_AGE") { versionedMaxAge = v }
        if let v = environment["QUARTIER_CORS_ALLOW_ORIGIN"] { allowOrigin = v }
        if let v = environment["QUARTIER_PUBLISH"] {
            publish = v.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
    }
}
