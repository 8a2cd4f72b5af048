import Foundation
import QuartierServer
import QuartierTestSupport
import Testing
import QuartierService

/// `systemd/quartier.service`: the settings issue 10 asks for, and its exposure score from
/// `systemd-analyze security --offline=true` (systemd ≥ 252; skipped where the tool is missing).
@Suite("systemd unit")
struct SystemdUnitTests {
    static let unit = TestSupport.root.appendingPathComponent("systemd/quartier.service").path
    static let analyze = ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"].first(
        where: FileManager.default.isExecutableFile)

    /// The unit's `Key=value` lines (a key set twice keeps both values).
    static func settings() throws -> [String: [String]] {
        var result: [String: [String]] = [:]
        for line in try String(contentsOfFile: unit, encoding: .utf8).split(separator: "\n") {
            guard !line.hasPrefix("#"), !line.hasPrefix("["), let equals = line.firstIndex(of: "=") else { continue }
            result[String(line[..<equals]), default: []].append(String(line[line.index(after: equals)...]))
        }
        return result
    }

    @Test func hasTheRequiredSettings() throws {
        let settings = try Self.settings()
        let required: [String: String] = [
            "Type": "notify", "DynamicUser": "yes", "StateDirectory": "quartier", "ConfigurationDirectory": "quartier",
            "ProtectSystem": "strict", "ProtectHome": "yes", "PrivateTmp": "yes", "PrivateDevices": "yes",
            "NoNewPrivileges": "yes", "RestrictAddressFamilies": "AF_INET AF_INET6 AF_UNIX",
            "SystemCallFilter": "@system-service", "MemoryDenyWriteExecute": "yes", "LockPersonality": "yes",
            "CapabilityBoundingSet": "", "ExecReload": "/bin/kill -HUP $MAINPID",
        ]
        for (key, value) in required {
            #expect(settings[key]?.contains(value) == true, "\(key)=\(value) missing: \(settings[key] ?? [])")
        }
        // Connections stay below the descriptor limit: the unit raises it above the default max_connections + 128.
        let files = try #require(settings["LimitNOFILE"]?.first.flatMap { Int($0) }, "LimitNOFILE= missing")
        #expect(files >= ServerConfiguration().maxConnections + 128)
        let watchdog = try #require(settings["WatchdogSec"]?.first)
        #expect(watchdog.hasSuffix("s") && (Int(watchdog.dropLast()) ?? 0) > 0)
    }

    @Test(.enabled(if: analyze != nil, "systemd-analyze is not installed"))
    func securityScoreIsAtMostFour() throws {
        let tool = try #require(Self.analyze)
        let result = try Subprocess.run(tool, ["security", "--offline=true", "--no-pager", Self.unit])
        // "→ Overall exposure level for quartier.service: 1.0 OK 🙂"
        let line = try #require(
            result.stdout.split(separator: "\n").last(where: { $0.contains("Overall exposure level") }),
            "\(result.stdout)\(result.stderr)")
        let score = try #require(line.split(separator: ":").last?.split(separator: " ").first.flatMap { Double($0) })
        #expect(score <= 4.0, "\(line)")
        print("figures: systemd-analyze security score of systemd/quartier.service: \(score)")
    }
}
