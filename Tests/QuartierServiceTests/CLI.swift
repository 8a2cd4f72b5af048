import Foundation
import QuartierTestSupport

/// Runs the built `quartier` executable, as a user would.
enum CLI {
    /// The executable next to the test bundle (`swift build --build-tests` builds both into one folder).
    static let executable: String = {
        if let path = ProcessInfo.processInfo.environment["QUARTIER_BIN"] { return path }
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("quartier").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        return TestSupport.root.appendingPathComponent(".build/debug/quartier").path
    }()

    static func run(_ arguments: String...) throws -> Subprocess.Result { try run(arguments) }

    static func run(_ arguments: [String]) throws -> Subprocess.Result {
        try Subprocess.run(executable, arguments, environment: ["QUARTIER_LOG_LEVEL": "notice"])
    }

    /// Writes an analysis file for the area input `areas` into `folder` and returns its path.
    static func analysis(
        in folder: URL, source: String, layer: String? = nil, id: String = "PLR_ID", extraInput: String = "",
        extra: String = "", formats: String = #"["geojson", "gpkg"]"#
    ) throws -> String {
        let text = """
            version = 1
            [analysis]
            name = "test"
            working_crs = "EPSG:25833"

            [inputs.areas]
            source = "\(source)"
            \(layer.map { "layer = \"\($0)\"" } ?? "")
            id = "\(id)"
            \(extraInput)

            [areas]
            input = "areas"
            \(extra)

            [outputs.result]
            formats = \(formats)
            """
        let path = folder.appendingPathComponent("analysis.toml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The files a run left in a folder, hidden ones included (a leftover temporary file would show).
    static func files(in folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }
}
