/// A layer of an analysis: the areas every step extends, or a `[[rollup]]` level by name. Parsed once from the
/// analysis file (`layer = "areas"` or a roll-up's name); nothing downstream compares layer names as strings.
package enum LayerRef: Sendable, Hashable, CustomStringConvertible {
    case areas
    case rollup(String)

    /// The reference a `layer = "…"` key names: "areas" or the name of a roll-up.
    package init(_ name: String) {
        self = name == LayerRef.areasName ? .areas : .rollup(name)
    }

    /// The name the analysis file uses for the area layer.
    package static let areasName = "areas"

    /// The name as written in the analysis file ("areas" or the roll-up's name): the `level` of manifest outputs.
    package var description: String {
        switch self {
        case .areas: return LayerRef.areasName
        case .rollup(let name): return name
        }
    }

    /// True when the layer exists in a plan with these roll-ups.
    package func exists(among rollups: [RollUpStep]) -> Bool {
        switch self {
        case .areas: return true
        case .rollup(let name): return rollups.contains { $0.name == name }
        }
    }
}

/// What a field of an output means, recorded in the manifest so that readers (server, atlas, profiles, audit)
/// need not guess from names: the key, an indicator, a count (summed in roll-ups, protected by suppression), a
/// rate, an output of a hotspot analysis, the `_status` sibling of a field with missing values, or another value.
package enum FieldRole: String, Sendable, Codable, CaseIterable {
    case id
    case indicator
    case count
    case rate
    case hotspot
    case status
    case value
}
