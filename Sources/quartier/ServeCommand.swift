import ArgumentParser
import Foundation
import Logging
import QuartierServer
import QuartierService

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve analyses over HTTP (OGC API – Processes) with a persistent job queue.",
        discussion: """
            Configuration: --config FILE, else ./Config/quartier.toml, else /etc/quartier/quartier.toml, else \
            defaults; QUARTIER_* environment variables and these flags override it (docs/operations.md, "Server configuration").
            """)

    @Option(help: "The configuration file (TOML).") var config: String?
    @Option(help: "Listen address (default 127.0.0.1).") var host: String?
    @Option(help: "TCP port (default 8080; 0 lets the system choose).") var port: Int?
    @Option(help: "State folder: job store, job outputs, generated token.") var stateDir: String?
    @Option(help: "Data folder: jobs read files from here, by relative path.") var dataDir: String?
    @Option(help: "File holding the bearer token (created with a random token when missing).") var tokenFile: String?
    @OptionGroup var common: CommonOptions

    func run() async throws {
        let logger = common.bootstrap()
        let flags = ServerFlags(
            config: config, host: host, port: port, stateFolder: stateDir, dataFolder: dataDir, tokenFile: tokenFile)
        let environment: ServerEnvironment
        do {
            let (configuration, file) = try ServerConfiguration.resolve(
                flags: flags, environment: ProcessInfo.processInfo.environment)
            logger.notice("configuration: \(file ?? "built-in defaults"); state folder \(configuration.stateFolder)")
            environment = try ServerEnvironment(configuration: configuration, logger: logger)
            logger.notice(
                "job store recovered in \(String(format: "%.3f", environment.recoverySeconds)) s: \(environment.recovery.failedJobs.count) interrupted, \(environment.recovery.acceptedJobs) queued")
        } catch {
            throw reportFailure(error)
        }
        try await QuartierServer.run(
            environment,
            readConfiguration: {
                try ServerConfiguration.resolve(flags: flags, environment: ProcessInfo.processInfo.environment).configuration
            },
            logger: logger)
    }
}
