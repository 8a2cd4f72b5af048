import Foundation
import QuartierService
import QuartierTOML

/// The settings of `quartier serve`, from `quartier.toml`, `QUARTIER_*` environment variables and flags
/// (in rising order of strength). Every key, its default and its variable are listed in docs/operations.md,
/// section "Server configuration" (`ServerConfigurationReferenceTests` checks the list against this reader).
package struct ServerConfiguration: Sendable, Equatable {
    /// `[server] host`: the address to listen on.
    package var host = "127.0.0.1"
    /// `[server] port`: the TCP port (0 lets the system choose one, which is logged).
    package var port = 8080
    /// `[server] public_url`: the base of absolute links (behind a proxy or CDN); links are relative when nil.
    package var publicURL: String?
    /// `[server] trusted_proxies`: the peer addresses whose `X-Forwarded-*` headers are believed (default loopback:
    /// a reverse proxy on the same machine); from other peers these headers are dropped.
    package var trustedProxies = ["127.0.0.1", "::1"]
    /// `[folders] data`: jobs read their file inputs from here (relative paths only).
    package var dataFolder = "."
    /// `[folders] state`: the job store (`jobs.sqlite`), job outputs (`jobs/<id>/`) and the generated token.
    package var stateFolder = "state"
    /// `[auth] token_file`: the bearer token; nil means `<state>/token`, created with a random token if missing.
    package var tokenFile: String?
    /// `[auth] read_token_file`: the token that reads internal-tier outputs (not a write token); nil means
    /// `<state>/read-token`, created with a random token if missing.
    package var readTokenFile: String?
    /// `[jobs] workers`: jobs that run at the same time (each on its own thread, off the event loop).
    package var workers = 2
    /// `[jobs] max_queued`: accepted jobs waiting at most; more get 429 with `Retry-After`.
    package var maxQueuedJobs = 100
    /// `[jobs] retry_after_seconds`: the `Retry-After` of a 429.
    package var retryAfterSeconds = 30
    /// `[jobs] sync_max_input_bytes`: without `Prefer: respond-async`, a job whose file inputs are at most
    /// this large together runs synchronously (the response waits for the result).
    package var syncMaxInputBytes = 20 * 1024 * 1024
    /// `[jobs] sync_timeout_seconds`: how long a synchronous execution waits before answering 201 with the job.
    package var syncTimeoutSeconds = 120
    /// `[jobs] shutdown_timeout_seconds`: on SIGTERM, how long running jobs may go on before they are recorded as
    /// failed and the server stops.
    package var shutdownTimeoutSeconds = 300
    /// `[limits] max_body_bytes`: larger request bodies get 413.
    package var maxBodyBytes = 64 * 1024
    /// `[limits] max_connections`: client connections open at once; at the limit the longest-idle one is closed
    /// for a new one. Kept below the descriptor limit (`LimitNOFILE=`) less 128 descriptors.
    package var maxConnections = 1024
    /// `[limits] idle_timeout_seconds`: a connection without a request (or with a stalled body) is closed after it.
    package var idleTimeoutSeconds = 60.0
    /// `[limits] header_timeout_seconds`: a request head must be complete within it (slowloris).
    package var headerTimeoutSeconds = 10.0
    /// `[analyses] publish`: analysis files (relative to the data folder) whose results are public; on a start
    /// with an empty state folder (no results yet) each is run once before `/ready` reports ready.
    package var publish: [String] = []

    /// `[watch] folders`: folders (relative to the data folder) scanned for changed input files; a changed file
    /// re-runs the published analyses that read it.
    package var watchFolders: [String] = []
    /// `[watch] interval_seconds`: time between two scans.
    package var watchIntervalSeconds = 30
    /// `[cache] max_age`: `Cache-Control` max-age (seconds) of collections, features, TileJSON, styles and tiles
    /// requested without the current version.
    package var maxAge = 60
    /// `[cache] versioned_max_age`: max-age of tiles requested with the current version (`?v=`), `immutable`.
    package var versionedMaxAge = 31_536_000
    /// `[cors] allow_origin`: the `Access-Control-Allow-Origin` of collections, features, tiles and styles.
    package var allowOrigin = "*"

    package init() {}

    /// The token file in use.
    package var resolvedTokenFile: String { tokenFile ?? (stateFolder as NSString).appendingPathComponent("token") }
    /// The read token file in use.
    package var resolvedReadTokenFile: String {
        readTokenFile ?? (stateFolder as NSString).appendingPathComponent("read-token")
    }
}

extension ServerConfiguration {
    /// Reads a configuration file over the defaults. Relative folder and file paths resolve against the
    /// file's folder (as paths in analysis files do); `publish` entries stay relative to the data folder.
    /// - Throws: `ConfigurationError` (file, line, the unknown or mistyped key) or `QuartierError.user`.
    package static func load(file path: String) throws -> ServerConfiguration {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw QuartierError.user("configuration file '\(path)' cannot be read; check the path given with --config")
        }
        let table = try TOMLParser.parse(text, file: path)
        let base = (URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent().path)
        func anchored(_ value: String) -> String { value.hasPrefix("/") ? value : (base as NSString).appendingPathComponent(value) }

        var result = ServerConfiguration()
        var root = TOMLSection(table, path: "", file: path, line: 1)
        if var server = try root.section("server") {
            result.host = try server.string("host") ?? result.host
            result.port = try server.integer("port") ?? result.port
            result.publicURL = try server.string("public_url")
            result.trustedProxies = try server.stringArray("trusted_proxies") ?? result.trustedProxies
            try server.finish()
        }
        if var folders = try root.section("folders") {
            result.dataFolder = try folders.string("data").map(anchored) ?? anchored(result.dataFolder)
            result.stateFolder = try folders.string("state").map(anchored) ?? anchored(result.stateFolder)
            try folders.finish()
        } else {
            result.dataFolder = anchored(result.dataFolder)
            result.stateFolder = anchored(result.stateFolder)
        }
        if var auth = try root.section("auth") {
            result.tokenFile = try auth.string("token_file").map(anchored)
            result.readTokenFile = try auth.string("read_token_file").map(anchored)
            try auth.finish()
        }
        if var jobs = try root.section("jobs") {
            result.workers = try jobs.integer("workers") ?? result.workers
            result.maxQueuedJobs = try jobs.integer("max_queued") ?? result.maxQueuedJobs
            result.retryAfterSeconds = try jobs.integer("retry_after_seconds") ?? result.retryAfterSeconds
            result.syncMaxInputBytes = try jobs.integer("sync_max_input_bytes") ?? result.syncMaxInputBytes
            result.syncTimeoutSeconds = try jobs.integer("sync_timeout_seconds") ?? result.syncTimeoutSeconds
            result.shutdownTimeoutSeconds = try jobs.integer("shutdown_timeout_seconds") ?? result.shutdownTimeoutSeconds
            try jobs.finish()
        }
        if var limits = try root.section("limits") {
            result.maxBodyBytes = try limits.integer("max_body_bytes") ?? result.maxBodyBytes
            result.maxConnections = try limits.integer("max_connections") ?? result.maxConnections
            result.idleTimeoutSeconds = try limits.double("idle_timeout_seconds") ?? result.idleTimeoutSeconds
            result.headerTimeoutSeconds = try limits.double("header_timeout_seconds") ?? result.headerTimeoutSeconds
            try limits.finish()
        }
        if var cache = try root.section("cache") {
            result.maxAge = try cache.integer("max_age") ?? result.maxAge
            result.versionedMaxAge = try cache.integer("versioned_max_age") ?? result.versionedMaxAge
            try cache.finish()
        }
        if var cors = try root.section("cors") {
            result.allowOrigin = try cors.string("allow_origin") ?? result.allowOrigin
            try cors.finish()
        }
        if var analyses = try root.section("analyses") {
            result.publish = try analyses.stringArray("publish") ?? []
            try analyses.finish()
        }
        if var watch = try root.section("watch") {
            result.watchFolders = try watch.stringArray("folders") ?? []
            result.watchIntervalSeconds = try watch.integer("interval_seconds") ?? result.watchIntervalSeconds
            try watch.finish()
        }
        try root.finish()
        try result.validate(source: path)
        return result
    }

    /// Rejects values that cannot work, naming where they came from.
    package func validate(source: String) throws {
        func fail(_ message: String) -> QuartierError { .user("\(source): \(message)") }
        guard (0...65535).contains(port) else { throw fail("port \(port) is not between 0 and 65535") }
        guard workers >= 1 else { throw fail("workers must be at least 1") }
        guard maxQueuedJobs >= 1 else { throw fail("max_queued must be at least 1") }
        guard maxBodyBytes >= 1024 else { throw fail("max_body_bytes must be at least 1024") }
        guard (1...1_000_000).contains(maxConnections) else { throw fail("max_connections must be from 1 to 1000000") }
        guard (0.1...86_400).contains(idleTimeoutSeconds), (0.1...86_400).contains(headerTimeoutSeconds) else {
            throw fail("idle_timeout_seconds and header_timeout_seconds must be from 0.1 to 86400")
        }
        guard shutdownTimeoutSeconds >= 0 else { throw fail("shutdown_timeout_seconds must be ≥ 0") }
        guard syncTimeoutSeconds >= 0, syncMaxInputBytes >= 0, retryAfterSeconds >= 1 else {
            throw fail("sync_timeout_seconds and sync_max_input_bytes must be ≥ 0, retry_after_seconds ≥ 1")
        }
        guard maxAge >= 0, versionedMaxAge >= 0 else { throw fail("max_age and versioned_max_age must be ≥ 0") }
        if let publicURL, !(publicURL.hasPrefix("http://") || publicURL.hasPrefix("https://")) {
            throw fail("public_url '\(publicURL)' must start with http:// or https://")
        }
        guard watchIntervalSeconds >= 1 else { throw fail("watch interval_seconds must be at least 1") }
        for entry in watchFolders where DataFolder.problem(withRelativePath: entry) != nil {
            throw fail("watch folder '\(entry)' must be a path relative to the data folder, without '..'")
        }
        for entry in publish where DataFolder.problem(withRelativePath: entry) != nil {
            throw fail("publish entry '\(entry)' must be a path relative to the data folder, without '..'")
        }
    }
}
