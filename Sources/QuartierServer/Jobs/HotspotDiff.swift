import Foundation

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

    /// Area id → `Gi_Bin` from the first GeoJSON file in `folder` whose features carry `Gi_Bin`, keyed by
    /// `idField`; nil when no output has hotspots. A `Gi_Bin` of null (an area left out) is not in the map.
    package static func bins(inFolder folder: String, files: [String], idField: String) -> [String: Int]? {
        for file in files where file.lowercased().hasSuffix(".geojson") {
            let path = (folder as NSString).appendingPathComponent(file)
            guard let data = FileManager.default.contents(atPath: path),
                let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                let features = object["features"] as? [[String: Any]]
            else { continue }
            var result: [String: Int] = [:]
            var found = false
            for feature in features {
                guard let properties = feature["properties"] as? [String: Any], properties.keys.contains("Gi_Bin")
                else { continue }
                found = true
                if let id = properties[idField].map({ "\($0)" }),
                    let bin = (properties["Gi_Bin"] as? NSNumber)?.intValue
                {
                    result[id] = bin
                }
            }
            if found { return result }
        }
        return nil
    }
}
