package import Hummingbird
import NIOCore
package import Logging

/// `quartier serve`: the HTTP application with its services (job scheduler, published analyses).
package enum QuartierServer {
    /// The application for an environment; run it with `runService()` (it handles SIGTERM and SIGINT).
    package static func application(_ environment: ServerEnvironment, logger: Logger)
        -> Application<RouterResponder<BasicRequestContext>>
    {
        let (router, _) = ServerRoutes.router(environment)
        let configuration = environment.configuration
        return Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Quartier"),
            services: [environment.scheduler, environment.published],
            onServerRunning: { channel in
                logger.notice("quartier serve: listening on \(channel.localAddress?.description ?? "?")")
            },
            logger: logger)
    }

    /// Serves until SIGTERM or SIGINT (graceful shutdown: running jobs end first).
    package static func run(_ environment: ServerEnvironment, logger: Logger) async throws {
        try await application(environment, logger: logger).runService()
    }
}
