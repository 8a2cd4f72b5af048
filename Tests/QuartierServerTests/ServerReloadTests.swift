import QuartierServer
import Testing
import QuartierService

/// `ServerEnvironment.reload(_:)` (SIGHUP): the reloadable keys take effect, the others wait for a restart.
@Suite("ServerEnvironment reload")
struct ServerReloadTests {
    @Test func reloadAppliesOnlyReloadableKeys() throws {
        let server = try TestServer()
        var changed = server.environment.configuration
        changed.maxBodyBytes = 4096
        changed.maxQueuedJobs = 3
        changed.workers = 7
        let (applied, needRestart) = server.environment.reload(changed)
        #expect(applied.sorted() == ["jobs.max_queued", "limits.max_body_bytes"])
        #expect(needRestart == ["jobs.workers"])
        #expect(server.environment.configuration.maxBodyBytes == 4096)
        #expect(server.environment.configuration.workers == 2, "workers need a restart")
    }
}
