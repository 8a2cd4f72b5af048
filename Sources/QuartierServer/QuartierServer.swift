package import Hummingbird
import HummingbirdCore
import NIOCore
import NIOPosix
package import Logging
import ServiceLifecycle
import UnixSignals

/// `quartier serve`: the HTTP application with its services (job scheduler, published analyses), and the
/// operations service (systemd notifications, watchdog, reload, drain).
package enum QuartierServer {
    /// The application for an environment; `onRunning` receives the address once it listens.
    package static func application(
        _ environment: ServerEnvironment, logger: Logger, eventLoopGroup: EventLoopGroupProvider = .singleton,
        onRunning: @escaping @Sendable (String) -> Void = { _ in }
    ) -> Application<RouterResponder<BasicRequestContext>> {
        let (router, _) = ServerRoutes.router(environment)
        let configuration = environment.configuration
        // Warm tile requests are answered on the event loop before the router (TileFastPath), unless requests are
        // logged (debug level): then every request goes through the router's request log.
        let fastTiles = logger.logLevel > .debug
        let (data, caching, metrics) = (environment.data, environment.caching, environment.metrics)
        let fastPath: (@Sendable () -> TileFastPath)? =
            fastTiles ? { @Sendable in TileFastPath(data: data, caching: caching, metrics: metrics) } : nil
        let limiter = ConnectionLimiter(limit: ConnectionLimiter.fitted(configuration.maxConnections, logger: logger))
        let timeouts = ConnectionGuard.Timeouts(
            header: .milliseconds(Int64(configuration.headerTimeoutSeconds * 1000)),
            idle: .milliseconds(Int64(configuration.idleTimeoutSeconds * 1000)))
        let server = HTTPServerBuilder { responder in
            QuartierHTTP1Channel(
                responder: responder, fastPath: fastPath, limiter: limiter, timeouts: timeouts,
                trustedProxies: Set(configuration.trustedProxies))
        }
        return Application(
            router: router,
            server: server,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: serverName),
            services: [environment.scheduler, environment.published, environment.watcher],
            onServerRunning: { channel in
                logger.notice("quartier serve: listening on \(channel.localAddress?.description ?? "?")")
                onRunning(channel.localAddress.map { "\($0.ipAddress ?? "?"):\($0.port ?? 0)" } ?? "?")
            },
            eventLoopGroupProvider: eventLoopGroup,
            logger: logger)
    }

    /// Serves until SIGTERM or SIGINT, then shuts down gracefully: the operations service (after the application
    /// in the group, so shut down first) drains the jobs while the server still answers `/ready` with 503, then
    /// the server closes, then the job store.
    /// - Parameter readConfiguration: reads the configuration again on SIGHUP.
    package static func run(
        _ environment: ServerEnvironment, readConfiguration: @escaping @Sendable () throws -> ServerConfiguration,
        logger: Logger
    ) async throws {
        // Swift concurrency's global executor becomes NIO's event loops (the ones Hummingbird serves on), so a
        // request's handler runs on its connection's thread instead of hopping to the concurrency pool and back.
        // Jobs run on threads of their own (JobOutputs.onThread), so nothing long blocks an event loop.
        if eventLoopsAreGlobalExecutor { logger.info("Swift concurrency runs on the NIO event loops") }
        let operations = OperationsService(environment: environment, readConfiguration: readConfiguration, logger: logger)
        let application = application(environment, logger: logger) { operations.serverStarted(at: $0) }
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: application), .init(service: operations)],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        try environment.store.close()
        logger.notice("stopped; job store closed")
    }

    /// The `Server` header of every answer.
    static let serverName = "Quartier"

    /// Installs NIO's event loops as the global executor, once per process (NIO allows one call).
    private static let eventLoopsAreGlobalExecutor =
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
}
