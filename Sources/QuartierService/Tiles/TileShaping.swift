/// How a tile set is shaped beyond its zooms and fields: the zoom at which a field first appears,
/// the tile-size budget that is reported when exceeded, and the generalisation tolerance.
/// Shared by `quartier tiles` (`--field-minzoom`, `--max-tile-bytes`, `--simplify`) and `[[tiles]]`
/// (`field_minzoom`, `max_tile_bytes`, `simplify`).
package struct TileShaping: Sendable {
    /// Field name → first zoom at which it is a tile attribute (the id field is in every tile).
    package var fieldMinZoom: [String: Int]
    /// Uncompressed tile size in bytes above which a tile is reported (areas are never dropped).
    package var maxTileBytes: Int
    /// Douglas–Peucker tolerance in tile units (1/4096 of a tile side); 0 turns generalisation off.
    package var simplify: Double

    package init(fieldMinZoom: [String: Int] = [:], maxTileBytes: Int = 500_000, simplify: Double = 1) {
        self.fieldMinZoom = fieldMinZoom
        self.maxTileBytes = maxTileBytes
        self.simplify = simplify
    }

    /// The values, checked: a positive budget, a finite non-negative tolerance, field zooms in range.
    package func validated(maxZoom: Int) throws -> TileShaping {
        guard maxTileBytes > 0 else { throw QuartierError.user("the tile-size budget must be a positive number of bytes") }
        guard simplify >= 0, simplify.isFinite else {
            throw QuartierError.user("simplify must be 0 (off) or a positive number of tile units, e.g. 1")
        }
        for (field, zoom) in fieldMinZoom.sorted(by: { $0.key < $1.key }) where !(0...maxZoom).contains(zoom) {
            throw QuartierError.user("field '\(field)' starts at zoom \(zoom), outside 0…\(maxZoom)")
        }
        return self
    }

    /// Parses `NAME=Z` pairs as given to `--field-minzoom`.
    package static func parseFieldMinZoom(_ pairs: [String]) throws -> [String: Int] {
        var out: [String: Int] = [:]
        for pair in pairs {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, let zoom = Int(parts[1]) else {
                throw QuartierError.user("--field-minzoom '\(pair)': write FIELD=ZOOM, e.g. EWZ=10")
            }
            out[parts[0]] = zoom
        }
        return out
    }
}
