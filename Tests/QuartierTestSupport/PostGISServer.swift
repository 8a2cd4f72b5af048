import Foundation

/// A throwaway PostgreSQL 15 + PostGIS 3 server for the tests, on a Unix socket in a temporary folder,
/// loaded with the Berlin Planungsräume by `scripts/postgis-test-server.sh`. Started once per test
/// process, stopped when the process exits.
package enum PostGISServer {
    private static let started: Result<String, any Error> = {
        do {
            let folder = try TestSupport.temporaryFolder("quartier-pg")
            let script = TestSupport.root.appendingPathComponent("scripts/postgis-test-server.sh").path
            let result = try Subprocess.run("/bin/bash", [script, "start", folder.path])
            guard result.status == 0 else {
                throw PostGISError(message: "postgis-test-server.sh failed (\(result.status)): \(result.stderr)")
            }
            serverFolder = folder.path
            atexit {
                guard let folder = PostGISServer.serverFolder else { return }
                let script = TestSupport.root.appendingPathComponent("scripts/postgis-test-server.sh").path
                _ = try? Subprocess.run("/bin/bash", [script, "stop", folder])
            }
            return .success(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        } catch {
            return .failure(error)
        }
    }()

    nonisolated(unsafe) private static var serverFolder: String?

    /// The GDAL connection string (`PG:host=… port=… dbname=quartier user=postgres`).
    package static func connectionString() throws -> String {
        try started.get()
    }

    struct PostGISError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
