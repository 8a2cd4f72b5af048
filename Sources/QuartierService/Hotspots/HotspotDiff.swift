package import QuartierModel

/// How an area's hotspot class (`Gi_Bin`, −3…3: cold/hot spot at 99, 95, 90 % confidence, 0 not significant)
/// changed between two versions of an analysis's results.
package enum HotspotChange: String, Sendable, CaseIterable {
    /// Not significant before (or absent), significant now — or significant with the other sign now.
    case new
    /// Significant before and now, with the same bin.
    case persistent
    /// Same sign, higher confidence now.
    case intensified
    /// Same sign, lower confidence now.
    case weakened
    /// Significant before, not significant (or absent) now.
    case disappeared

    /// The change from `before` to `after` (nil: absent or missing); nil when both are 0 or absent.
    package init?(before: Int?, after: Int?) {
        let (old, new) = (before ?? 0, after ?? 0)
        switch (old, new) {
        case (0, 0): return nil
        case (0, _): self = .new
        case (_, 0): self = .disappeared
        case _ where (old > 0) != (new > 0): self = .new
        case _ where abs(new) > abs(old): self = .intensified
        case _ where abs(new) < abs(old): self = .weakened
        default: self = .persistent
        }
    }
}

/// The per-area difference of `Gi_Bin` between the results of two jobs of one analysis.
package enum HotspotDiff {
    /// One area's change.
    package struct Entry: Sendable, Equatable {
        package var id: String
        package var before: Int?
        package var after: Int?
        package var change: HotspotChange
    }

    /// Compares two maps area id → `Gi_Bin`; areas not significant in either are left out. Sorted by id.
    package static func compare(before: [String: Int], after: [String: Int]) -> [Entry] {
        Set(before.keys).union(after.keys).sorted().compactMap { id in
            HotspotChange(before: before[id], after: after[id]).map {
                Entry(id: id, before: before[id], after: after[id], change: $0)
            }
        }
    }

    /// The versions compared: two jobs of one analysis and the layers with their hotspot results.
    package struct Versions: Sendable {
        package var before: (job: String, layer: FeatureLayer)
        package var after: (job: String, layer: FeatureLayer)

        package init(before: (job: String, layer: FeatureLayer), after: (job: String, layer: FeatureLayer)) {
            self.before = before
            self.after = after
        }
    }

    /// The fields of a diff layer besides the id field.
    package static let fields = [
        FieldDefinition(name: "Gi_Bin_before", type: .integer), FieldDefinition(name: "Gi_Bin_after", type: .integer),
        FieldDefinition(name: "change", type: .string),
        FieldDefinition(name: "state_before", type: .string), FieldDefinition(name: "state_after", type: .string),
        FieldDefinition(name: "job_before", type: .string), FieldDefinition(name: "job_after", type: .string),
    ]

    /// The diff as a layer named `name`: one feature per area significant in either version (as `compare`),
    /// sorted by id, with the area's geometry (from the current version; from the previous one for an area the
    /// current one lacks, when both layers have the same CRS), its id, `Gi_Bin_before`/`_after` (null when
    /// missing or absent), `change`, `state_before`/`_after` (the area's `state` in that version: `ok`,
    /// `undefined`, `isolated`, `suppressed`; `absent` when the version has no such area) and the two job ids.
    /// - Parameters:
    ///   - field: the `Gi_Bin` field (`<prefix>Gi_Bin` for a `[[hotspots]]` step with a prefix); its step's
    ///     `<prefix>state` field gives the states.
    ///   - idField: the areas' id field, present in both layers.
    /// - Returns: nil when a layer lacks `field` or `idField`.
    package static func layer(
        _ versions: Versions, field: String, idField: String, name: String
    ) -> FeatureLayer? {
        layer(
            versions, hotspot: Manifest.HotspotFields(bin: field, state: String(field.dropLast("Gi_Bin".count)) + "state"),
            idField: idField, name: name)
    }

    /// The diff of one `[[hotspots]]` step's fields, as the manifest names them (see `layer(_:field:idField:name:)`).
    package static func layer(
        _ versions: Versions, hotspot: Manifest.HotspotFields, idField: String, name: String
    ) -> FeatureLayer? {
        let (field, state) = (hotspot.bin, hotspot.state)
        guard let before = areas(versions.before.layer, field: field, state: state, idField: idField),
            let after = areas(versions.after.layer, field: field, state: state, idField: idField)
        else { return nil }
        let sameCRS = versions.before.layer.crs?.epsg == versions.after.layer.crs?.epsg
        let entries = compare(before: before.compactMapValues(\.bin), after: after.compactMapValues(\.bin))
        let features = entries.map { entry in
            let (old, new) = (before[entry.id], after[entry.id])
            func bin(_ value: Int?) -> AttributeValue { value.map { .integer(Int64($0)) } ?? .null }
            return Feature(
                fid: nil, geometry: new?.geometry ?? (sameCRS ? old?.geometry : nil),
                attributes: [
                    .string(entry.id), bin(entry.before), bin(entry.after), .string(entry.change.rawValue),
                    old?.state ?? .string("absent"), new?.state ?? .string("absent"),
                    .string(versions.before.job), .string(versions.after.job),
                ])
        }
        return FeatureLayer(
            name: name, fields: [FieldDefinition(name: idField, type: .string)] + fields, features: features,
            crs: versions.after.layer.crs, geometryType: versions.after.layer.geometryType)
    }

    /// One version's areas by id: `Gi_Bin` (nil when missing), `state` and geometry.
    static func areas(
        _ layer: FeatureLayer, field: String, state: String, idField: String
    ) -> [String: (bin: Int?, state: AttributeValue, geometry: Geometry?)]? {
        guard let binColumn = layer.fieldIndex(field), let idColumn = layer.fieldIndex(idField) else { return nil }
        let stateColumn = layer.fieldIndex(state)
        var result: [String: (bin: Int?, state: AttributeValue, geometry: Geometry?)] = [:]
        for feature in layer.features {
            let values = feature.attributes
            guard idColumn < values.count, let id = values[idColumn].stringValue, result[id] == nil else { continue }
            let bin = binColumn < values.count ? values[binColumn].doubleValue.flatMap { Int(exactly: $0) } : nil
            let state = stateColumn.flatMap { $0 < values.count ? values[$0] : nil } ?? .null
            result[id] = (bin, state, feature.geometry)
        }
        return result
    }
}
