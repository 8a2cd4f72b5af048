package import QuartierModel

/// Why a tile archive or tile directory could not be written; carries the facts, not prose.
package struct TileWriteError: QuartierFailure, Hashable {
    package struct Code: RawRepresentable, Sendable, Hashable {
        package var rawValue: String
        package init(rawValue: String) { self.rawValue = rawValue }

        /// A tile id outside the grid (zoom > 31, column or row out of range).
        package static let invalidTile = Code(rawValue: "invalid_tile")
        /// The same tile was added twice.
        package static let duplicateTile = Code(rawValue: "duplicate_tile")
        /// Creating, writing or renaming a file failed.
        package static let io = Code(rawValue: "io")
        /// Nothing to write.
        package static let empty = Code(rawValue: "empty")
        /// The output exists (a file, or a non-empty folder) and replacing it was not allowed.
        package static let exists = Code(rawValue: "exists")
        /// The output path is a folder where an archive file is wanted, or a file where a folder is.
        package static let wrongKind = Code(rawValue: "wrong_kind")
    }

    package var code: Code
    package var tile: TileID?
    package var path: String?
    package var message: String

    package init(code: Code, tile: TileID? = nil, path: String? = nil, message: String = "") {
        self.code = code
        self.tile = tile
        self.path = path
        self.message = message
    }

    /// Bad input for every code: each follows from what was asked (a zoom outside the grid, a field the layer
    /// lacks, an output that exists, is of the wrong kind, cannot be written or would be empty).
    package var kind: FailureKind { .badInput }

    package var description: String {
        var parts = ["tiles: \(code.rawValue)"]
        if let tile { parts.append("tile \(tile.z)/\(tile.x)/\(tile.y)") }
        if let path { parts.append("path \(path)") }
        if !message.isEmpty { parts.append(message) }
        return parts.joined(separator: ", ")
    }
}
