import QuartierModel

/// A run of features of one MVT layer encoded with its own key and value tables (spec 2.1 §4.4),
/// so that the features of a large tile can be encoded on several cores; `MVTEncoder` merges the
/// batches' tables in order and rewrites the tags, which gives the same bytes as a single pass.
struct MVTFeatureBatch: Sendable {
    var keys: [String] = []
    var values: [AttributeValue] = []
    /// Per encoded feature: id, `GeomType`, geometry commands, and tags into this batch's tables.
    var ids: [UInt64?] = []
    var types: [UInt64] = []
    var commands: [[UInt32]] = []
    var tags: [[UInt32]] = []
    var substituted = 0
    var dropped = 0
    var skipped = 0

    init(_ features: ArraySlice<MVTFeature>, extent: Int) {
        var keyTable = InternTable<String, String>()
        var valueTable = InternTable<MVTEncoder.ValueKey, AttributeValue>(capacity: features.count)
        defer { (keys, values) = (keyTable.elements, valueTable.elements) }
        ids.reserveCapacity(features.count)
        types.reserveCapacity(features.count)
        commands.reserveCapacity(features.count)
        tags.reserveCapacity(features.count)
        for feature in features {
            var repairs = (substituted: 0, dropped: 0)
            guard let geometry = MVTEncoder.encodeGeometry(feature.geometry, extent: extent, repairs: &repairs) else {
                skipped += 1
                continue
            }
            substituted += repairs.substituted
            dropped += repairs.dropped
            var featureTags: [UInt32] = []
            featureTags.reserveCapacity(feature.properties.count * 2)
            for (key, value) in feature.properties {
                // A missing value is left out: a reader sees the property absent, never 0 or "".
                guard let vkey = MVTEncoder.valueKey(value) else { continue }
                featureTags.append(UInt32(keyTable.intern(key)))
                featureTags.append(UInt32(valueTable.intern(vkey, value)))
            }
            ids.append(feature.id)
            types.append(geometry.type)
            commands.append(geometry.commands)
            tags.append(featureTags)
        }
    }
}
