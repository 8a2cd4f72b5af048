import Foundation

/// The processes the server offers, by id. Each is one `ProcessDefinition`; the standard catalog registers
/// every CLI command that exists as a process of the same name (`ProcessCatalog+Commands.swift`).
package struct ProcessCatalog: Sendable {
    package private(set) var processes: [ProcessDefinition] = []

    package init(_ processes: [ProcessDefinition] = []) {
        for process in processes { register(process) }
    }

    /// Adds a process; a later registration with the same id replaces the earlier one.
    package mutating func register(_ process: ProcessDefinition) {
        processes.removeAll { $0.id == process.id }
        processes.append(process)
    }

    package func process(_ id: String) -> ProcessDefinition? { processes.first { $0.id == id } }

    /// Whether a text has the form of a process id (lower-case letters, digits, `-`): anything else in a URL
    /// is refused with 400.
    package static func isValidID(_ text: some StringProtocol) -> Bool {
        !text.isEmpty && text.count <= 64
            && text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// Every command process: `join`, `count`, `hotspots`, `access`, `tiles`, `run`.
    package static let standard = ProcessCatalog([
        CommandProcesses.join, CommandProcesses.count, CommandProcesses.hotspots, CommandProcesses.access,
        CommandProcesses.tiles, CommandProcesses.run, CommandProcesses.publish,
    ])
}

/// Media types of the files processes write.
enum MediaType {
    /// Every type `of(_:)` gives, for the OpenAPI document.
    static let all = [
        "application/geo+json", "application/geopackage+sqlite3", "application/flatgeobuf", "application/vnd.pmtiles",
        "application/json", "text/csv", "application/octet-stream",
    ]

    static func of(_ name: String) -> String {
        switch (name as NSString).pathExtension.lowercased() {
        case "geojson": "application/geo+json"
        case "gpkg": "application/geopackage+sqlite3"
        case "fgb": "application/flatgeobuf"
        case "pmtiles": "application/vnd.pmtiles"
        case "json": "application/json"
        case "csv": "text/csv"
        default: "application/octet-stream"
        }
    }
}
