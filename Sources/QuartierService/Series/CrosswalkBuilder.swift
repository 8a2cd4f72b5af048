import Foundation
import QuartierGDAL
import QuartierModel

/// Builds the crosswalk from an older geography onto the current areas: overlays the two sets of polygons (GEOS
/// through `GeometryOperations.intersectionAreas`), checks that the older geography covers every current area,
/// drops digitising slivers and weights each (old, new) piece by its surface or by the population of the grid cells
/// whose centres lie in it.
enum CrosswalkBuilder {
    struct Geography {
        var name: String
        var ids: [String]
        var geometries: [Geometry?]
    }

    /// - Parameters:
    ///   - grid: cell centres and weights in the working CRS (population weighting).
    ///   - newIndex: the spatial index of the current areas.
    /// - Throws: a user error naming the current areas the old geography does not cover, or old areas that overlap
    ///   no current area.
    static func build(
        old: Geography, new: Geography, newIndex: PolygonIndex, spec: SeriesSpec, grid: GridOrigins?, place: String
    ) throws -> (Crosswalk, CrosswalkReport) {
        var pairs: [GeometryOperations.OverlayPair] = []
        for (o, geometry) in old.geometries.enumerated() {
            guard let box = geometry?.envelope else { continue }
            pairs += newIndex.candidates(intersecting: box).map { GeometryOperations.OverlayPair(o, $0) }
        }
        let overlaps = try GeometryOperations.intersectionAreas(old.geometries, new.geometries, pairs: pairs)
        var covered = Array(repeating: 0.0, count: new.ids.count)
        var largest: [Int: Double] = [:]
        for (pair, area) in zip(pairs, overlaps) where area > 0 {
            covered[pair.second] += area
            largest[pair.first] = max(largest[pair.first] ?? 0, area)
        }
        let coverage = new.ids.indices.map { i -> Double in
            let total = new.geometries[i]?.area ?? 0
            return total > 0 ? covered[i] / total : 1
        }
        let gaps = new.ids.indices.filter { coverage[$0] < spec.coverage }.sorted { new.ids[$0] < new.ids[$1] }
        if !gaps.isEmpty {
            let listed = gaps.map { "\(new.ids[$0]) (\(String(format: "%.1f", coverage[$0] * 100)) %)" }
            throw QuartierError.user(
                "\(place): the geography '\(old.name)' does not cover \(gaps.count) current areas (share of each "
                    + "area's surface covered, at least \(spec.coverage * 100) % needed): \(AreaLoader.list(listed)); "
                    + "its vintages cannot be carried onto them. Is it the right boundary input, in the right CRS?")
        }
        var raw: [Crosswalk.Entry] = []
        var slivers = 0
        var sliverArea = 0.0
        for (pair, area) in zip(pairs, overlaps) where area > 0 {
            if area < spec.minOverlap && area < (largest[pair.first] ?? 0) {
                slivers += 1
                sliverArea += area
                continue
            }
            raw.append(Crosswalk.Entry(old: pair.first, new: pair.second, weight: area, overlap: area))
        }
        var fallbacks: [String] = []
        if spec.carry == .population {
            guard let grid else { throw QuartierError.internal("carry = population ran without the [grid] cells") }
            (raw, fallbacks) = populationWeights(raw, old: old, newIndex: newIndex, grid: grid)
        }
        let crosswalk = Crosswalk(oldIDs: old.ids, newIDs: new.ids, raw: raw)
        if !crosswalk.unmatched.isEmpty {
            throw QuartierError.user(
                "\(place): \(crosswalk.unmatched.count) areas of the geography '\(old.name)' overlap no current area: "
                    + AreaLoader.list(crosswalk.unmatched.map { old.ids[$0] }) + "; their values cannot be carried")
        }
        let lowest = coverage.indices.min { coverage[$0] < coverage[$1] } ?? 0
        let report = CrosswalkReport(
            geography: old.name, method: spec.carry, oldAreas: old.ids.count, newAreas: new.ids.count,
            pairs: crosswalk.entries.count, slivers: slivers, sliverArea: sliverArea, areaFallbacks: fallbacks,
            lowestCoverage: coverage.isEmpty ? 1 : coverage[lowest],
            lowestCoverageArea: new.ids.isEmpty ? "" : new.ids[lowest],
            file: "")
        return (crosswalk, report)
    }

    /// Replaces the surface weights by the summed weight of the grid cells whose centre lies in both the old and the
    /// new area; an old area without any cell weight keeps its surface weights (listed as a fallback).
    static func populationWeights(
        _ surface: [Crosswalk.Entry], old: Geography, newIndex: PolygonIndex, grid: GridOrigins
    ) -> ([Crosswalk.Entry], [String]) {
        let oldIndex = PolygonIndex(old.geometries)
        let inOld = oldIndex.locateAll(grid.cells)
        let inNew = newIndex.locateAll(grid.cells)
        var population: [Int: [Int: Double]] = [:]
        for cell in grid.cells.indices {
            guard let o = inOld[cell], let n = inNew[cell], cell < grid.cellWeights.count else { continue }
            let weight = grid.cellWeights[cell]
            guard weight.isFinite, weight > 0 else { continue }
            population[o, default: [:]][n, default: 0] += weight
        }
        var fallbacks: [String] = []
        var entries: [Crosswalk.Entry] = []
        for (o, pieces) in Dictionary(grouping: surface, by: \.old).sorted(by: { $0.key < $1.key }) {
            let weights = pieces.map { population[o]?[$0.new] ?? 0 }
            if weights.reduce(0, +) > 0 {
                entries += zip(pieces, weights).map { piece, weight in
                    Crosswalk.Entry(old: o, new: piece.new, weight: weight, overlap: piece.overlap)
                }
            } else {
                fallbacks.append(old.ids[o])
                entries += pieces
            }
        }
        return (entries, fallbacks)
    }

    /// The crosswalk as a table: old id, new id, weight, overlap (m²), one row per pair.
    static func table(_ crosswalk: Crosswalk, oldKey: String, newKey: String) -> FeatureLayer {
        let fields = [
            FieldDefinition(name: "old_\(oldKey)", type: .string),
            FieldDefinition(name: "new_\(newKey)", type: .string),
            FieldDefinition(name: "weight", type: .real), FieldDefinition(name: "overlap_m2", type: .real),
        ]
        let features = crosswalk.entries.map { entry in
            Feature(
                fid: nil, geometry: nil,
                attributes: [
                    .string(crosswalk.oldIDs[entry.old]), .string(crosswalk.newIDs[entry.new]), .real(entry.weight),
                    .real(entry.overlap),
                ])
        }
        return FeatureLayer(name: "crosswalk", fields: fields, features: features, crs: nil, geometryType: "None")
    }
}
