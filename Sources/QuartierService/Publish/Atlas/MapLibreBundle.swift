package import Foundation

/// The MapLibre GL JS bundle with the `pmtiles://` protocol that the atlas page loads, extracted from the PyPI
/// `maplibre` wheel at set-up time by `scripts/vendor-maplibre.sh` (never committed, never fetched at run time).
package enum MapLibreBundle {
    /// The files of the bundle, as the atlas page names them.
    package static let files = ["maplibre-pmtiles.js", "maplibre-gl.css"]

    /// The folder holding the bundle: `$QUARTIER_MAPLIBRE_DIR`, `./vendor/maplibre`, or `vendor/maplibre` of the
    /// checkout the executable was built in (`.build/<configuration>/quartier`); nil when none holds every file.
    package static func folder(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        var candidates: [URL] = []
        if let configured = environment["QUARTIER_MAPLIBRE_DIR"], !configured.isEmpty {
            candidates.append(URL(fileURLWithPath: configured))
        }
        candidates.append(
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("vendor/maplibre"))
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        var folder = executable.deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(folder.appendingPathComponent("vendor/maplibre"))
            candidates.append(folder.appendingPathComponent("share/quartier/maplibre"))
            folder = folder.deletingLastPathComponent()
        }
        return candidates.first { candidate in
            files.allSatisfy { FileManager.default.fileExists(atPath: candidate.appendingPathComponent($0).path) }
        }
    }
}
