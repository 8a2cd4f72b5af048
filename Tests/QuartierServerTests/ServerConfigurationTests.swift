import Foundation
import QuartierServer
import QuartierService
import QuartierTestSupport
import Testing
import QuartierTOML

/// `quartier.toml`: the shipped file, the lookup order, environment variables over the file, flags over both.
@Suite("ServerConfiguration")
struct ServerConfigurationTests {
    static let shipped = TestSupport.root.appendingPathComponent("Config/quartier.toml").path

    @Test func theShippedFileServesTheBerlinDemo() throws {
        let configuration = try ServerConfiguration.load(file: Self.shipped)
        #expect(configuration.publish == ["Config/analyses/berlin-demo.toml"])
        #expect(URL(fileURLWithPath: configuration.dataFolder).standardizedFileURL.path == TestSupport.root.path)
        #expect(configuration.stateFolder.hasSuffix("out/server-state"))
        #expect(configuration.host == "127.0.0.1" && configuration.port == 8080 && configuration.workers == 2)
        #expect(configuration.tokenFile == nil)
    }

    @Test func cacheAndCORSKeysFromTheFileAndTheEnvironment() throws {
        let folder = try TestSupport.temporaryFolder()
        let file = folder.appendingPathComponent("q.toml").path
        try "[cache]\nmax_age = 5\nversioned_max_age = 600\n[cors]\nallow_origin = \"https://a.example\"\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let loaded = try ServerConfiguration.load(file: file)
        #expect(loaded.maxAge == 5 && loaded.versionedMaxAge == 600 && loaded.allowOrigin == "https://a.example")
        let shipped = try ServerConfiguration.load(file: Self.shipped)
        #expect(shipped.maxAge == 60 && shipped.versionedMaxAge == 31_536_000 && shipped.allowOrigin == "*")
        let resolved = try ServerConfiguration.resolve(
            flags: ServerFlags(config: file), environment: ["QUARTIER_CACHE_MAX_AGE": "7", "QUARTIER_CORS_ALLOW_ORIGIN": "*"])
        #expect(resolved.configuration.maxAge == 7 && resolved.configuration.allowOrigin == "*")
        try "[cache]\nmax_age = -1\n".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(throws: QuartierError.self) { try ServerConfiguration.load(file: file) }
    }

    @Test func lookupOrderIsFlagThenWorkingFolderThenEtcThenDefaults() throws {
        let folder = try TestSupport.temporaryFolder()
        let file = folder.appendingPathComponent("q.toml").path
        try "[server]\nport = 9001\n".write(toFile: file, atomically: true, encoding: .utf8)
        let given = try ServerConfiguration.resolve(flags: ServerFlags(config: file), environment: [:]) { _ in true }
        #expect(given.file == file && given.configuration.port == 9001)
        let local = try ServerConfiguration.resolve(flags: ServerFlags(), environment: [:]) { $0 == "Config/quartier.toml" }
        #expect(local.file == "Config/quartier.toml")
        var seen: [String] = []
        let none = try ServerConfiguration.resolve(flags: ServerFlags(), environment: [:]) { seen.append($0); return false }
        #expect(seen == ["Config/quartier.toml", "/etc/quartier/quartier.toml"])
        #expect(none.file == nil && none.configuration == ServerConfiguration())
    }

    @Test func environmentOverridesTheFileAndFlagsOverrideBoth() throws {
        let folder = try TestSupport.temporaryFolder()
        let file = folder.appendingPathComponent("q.toml").path
        try "[server]\nport = 9001\nhost = \"0.0.0.0\"\n[jobs]\nworkers = 3\n".write(toFile: file, atomically: true, encoding: .utf8)
        let environment = ["QUARTIER_PORT": "9002", "QUARTIER_WORKERS": "4", "QUARTIER_PUBLISH": "a.toml, b.toml"]
        let resolved = try ServerConfiguration.resolve(flags: ServerFlags(config: file, port: 9003), environment: environment)
        #expect(resolved.configuration.port == 9003)
        #expect(resolved.configuration.workers == 4)
        #expect(resolved.configuration.host == "0.0.0.0")
        #expect(resolved.configuration.publish == ["a.toml", "b.toml"])
        try "[jobs]\nshutdown_timeout_seconds = 20\n".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try ServerConfiguration.load(file: file).shutdownTimeoutSeconds == 20)
        let timeout = try ServerConfiguration.resolve(
            flags: ServerFlags(config: file), environment: ["QUARTIER_SHUTDOWN_TIMEOUT_SECONDS": "5"])
        #expect(timeout.configuration.shutdownTimeoutSeconds == 5)
        try "[watch]\nfolders = [\"Geodata/berlin_mss_2021\"]\ninterval_seconds = 10\n".write(toFile: file, atomically: true, encoding: .utf8)
        let watch = try ServerConfiguration.load(file: file)
        #expect(watch.watchFolders == ["Geodata/berlin_mss_2021"] && watch.watchIntervalSeconds == 10)
        let watchEnv = try ServerConfiguration.resolve(
            flags: ServerFlags(config: file), environment: ["QUARTIER_WATCH_FOLDERS": "a, b", "QUARTIER_WATCH_INTERVAL_SECONDS": "2"])
        #expect(watchEnv.configuration.watchFolders == ["a", "b"] && watchEnv.configuration.watchIntervalSeconds == 2)
        try "[watch]\nfolders = [\"../outside\"]\n".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(throws: QuartierError.self) { try ServerConfiguration.load(file: file) }
        #expect(throws: QuartierError.self) {
            try ServerConfiguration.resolve(flags: ServerFlags(config: file), environment: ["QUARTIER_SHUTDOWN_TIMEOUT_SECONDS": "-1"])
        }
        #expect(throws: QuartierError.self) {
            try ServerConfiguration.resolve(flags: ServerFlags(config: file), environment: ["QUARTIER_PORT": "eighty"])
        }
    }

    @Test func unknownKeysAndBadValuesNameTheLine() throws {
        let folder = try TestSupport.temporaryFolder()
        let file = folder.appendingPathComponent("q.toml").path
        try "[server]\nport = 80\nthreads = 4\n".write(toFile: file, atomically: true, encoding: .utf8)
        let error = #expect(throws: ConfigurationError.self) { try ServerConfiguration.load(file: file) }
        #expect(error?.line == 3 && error?.message.contains("unknown key 'threads'") == true)
        try "[analyses]\npublish = [\"../x.toml\"]\n".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(throws: QuartierError.self) { try ServerConfiguration.load(file: file) }
    }
}
