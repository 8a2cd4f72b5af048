import Foundation
import HTTPTypes
import HummingbirdTesting
import QuartierServer
import QuartierTestSupport
import Testing
import QuartierService

/// An analysis the server runs reads files in the data folder only: a catalogue, weights file or input outside
/// it is refused by name before anything reads it, and the answer never quotes a file outside the data folder
/// (issue 25, item 6).
@Suite("Analysis paths confined to the data folder")
struct AnalysisConfinementTests {
    /// A data folder with one analysis file, next to a secret file outside it.
    static func dataFolder(_ analysis: String) throws -> (data: URL, secret: URL) {
        let root = try TestSupport.temporaryFolder("quartier-confine")
        let data = root.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: TestSupport.berlinLOR, toPath: data.appendingPathComponent("lor.gpkg").path)
        let secret = root.appendingPathComponent("secret.toml")
        try "password = hunter2secret\n".write(to: secret, atomically: true, encoding: .utf8)
        try analysis.write(to: data.appendingPathComponent("a.toml"), atomically: true, encoding: .utf8)
        return (data, secret)
    }

    static func analysis(_ extra: String, hotspot: String = "") -> String {
        """
        version = 1
        \(extra)
        [analysis]
        name = "confined"
        working_crs = "EPSG:25833"
        [inputs.plr]
        source = "lor.gpkg"
        layer = "planungsraeume_2021"
        id = "PLR_ID"
        [areas]
        input = "plr"
        \(hotspot)
        [outputs.plr]
        formats = ["geojson"]
        """
    }

    static let cases: [(name: String, extra: String, hotspot: String, written: String)] = [
        ("system file as catalogue", #"catalogue = "/etc/os-release""#, "", "/etc/os-release"),
        ("secret beside the data folder", #"catalogue = "../secret.toml""#, "", "../secret.toml"),
        (
            "weights file outside", "", "[[hotspots]]\nfield = \"GROESSE_M2\"\nweights_file = \"/etc/passwd\"",
            "/etc/passwd"
        ),
    ]

    @Test(arguments: cases)
    func aPathOutsideTheDataFolderIsRefusedByName(
        _ example: (name: String, extra: String, hotspot: String, written: String)
    ) async throws {
        let (data, _) = try Self.dataFolder(Self.analysis(example.extra, hotspot: example.hotspot))
        let server = try TestServer(dataFolder: data.path)
        try await server.test { client in
            let answer = try await client.submit("run", ["file": .string("a.toml")], async: false)
            let detail = answer.json["detail"] as? String ?? ""
            #expect(answer.status == .badRequest, "\(example.name): \(answer.json)")
            #expect(
                detail.contains("outside the data folder") && detail.contains(example.written),
                "\(example.name): \(detail)")
            for leaked in ["hunter2secret", "PRETTY_NAME", "root:x:", "ID="] {
                #expect(!detail.contains(leaked), "\(example.name) leaks '\(leaked)': \(detail)")
            }
        }
    }

    @Test func aSymbolicLinkOutOfTheDataFolderIsRefused() async throws {
        let (data, secret) = try Self.dataFolder(Self.analysis(#"catalogue = "catalogue.toml""#))
        try FileManager.default.createSymbolicLink(
            atPath: data.appendingPathComponent("catalogue.toml").path, withDestinationPath: secret.path)
        let server = try TestServer(dataFolder: data.path)
        try await server.test { client in
            let answer = try await client.submit("run", ["file": .string("a.toml")], async: false)
            let detail = answer.json["detail"] as? String ?? ""
            #expect(answer.status == .badRequest)
            #expect(detail.contains("outside the data folder") && !detail.contains("hunter2secret"), "\(detail)")
        }
    }
}
