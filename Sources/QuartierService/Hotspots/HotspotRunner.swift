import Foundation
package import Logging
package import QuartierModel
package import QuartierStats

/// What a hotspot analysis produced: the areas with their local statistics, the summary, and the weights
/// as built (for `--save-weights`).
package struct HotspotOutcome: Sendable {
    package var layer: FeatureLayer
    package var summary: HotspotSummary
    package var weights: SpatialWeights
}

/// Runs a hotspot analysis on areas: weights, global Moran/Geary/General G, local Gi* and Moran (LISA),
/// optionally bivariate LISA and Empirical Bayes rates. Areas without a value are left out (state
/// `undefined` or `suppressed`) and are nobody's neighbour; areas without neighbours get state `isolated`.
package enum HotspotRunner {
    /// - Parameters:
    ///   - weightsText: the content of a GAL/GWT file to use instead of building weights, and its path.
    package static func run(
        _ areas: FeatureLayer, idField: String, spec: HotspotSpec, weightsFile: (text: String, path: String)? = nil,
        timer: StepTimer, logger: Logger
    ) throws -> HotspotOutcome {
        guard let idIndex = areas.fieldIndex(idField) else {
            throw QuartierError.user("the areas have no id field '\(idField)'")
        }
        let ids = areas.features.enumerated().map { i, f in f.attributes[idIndex].stringValue ?? "#\(i + 1)" }
        let input = try HotspotInput(areas, spec: spec)

        let built = try timer.measure("weights") { () throws -> (full: SpatialWeights, used: SpatialWeights, added: Int) in
            let full = try buildWeights(areas, ids: ids, spec: spec, file: weightsFile)
            var used = full.subset(input.keep)
            var added = 0
            if spec.islands == .nearest, !used.islands.isEmpty {
                let points = centroids(of: areas).enumerated()
                    .filter { input.keep[$0.offset] }.map { $0.element ?? Coordinate(x: .nan, y: .nan) }
                let before = used.neighbors.count
                used = WeightsBuilder.connectingIslands(used, points: points)
                added = used.neighbors.count - before
            }
            switch spec.transform {
            case .binary: used = used.binary()
            case .rowStandardized: used = used.rowStandardized()
            }
            return (full, used, added)
        }
        let w = built.used
        var y = input.values
        var notes: [String] = []
        var rates: (raw: [Double], global: [Double], spatial: [Double])?
        if let events = input.events, let population = input.population {
            rates = (
                zip(events, population).map { $0 / $1 },
                try EmpiricalBayes.globalRates(events: events, population: population),
                try EmpiricalBayes.spatialRates(events: events, population: population, weights: w)
            )
            y = try EmpiricalBayes.standardizedRates(events: events, population: population)
        }

        let correction: MultipleTestingCorrection
        var alpha = spec.alpha
        switch spec.correction {
        case .none: correction = .none
        case .bonferroni: correction = .bonferroni
        case .fdr(let q):
            correction = .fdr
            alpha = q
        }
        let moran = try timer.measure("moran") {
            try GlobalMoran.compute(
                y, weights: w, permutations: spec.permutations, seed: spec.seed, threads: spec.threads)
        }
        var geary: HotspotSummary.Geary?
        var generalG: HotspotSummary.GeneralG?
        do {
            let c = try Geary.compute(y, weights: w)
            geary = HotspotSummary.Geary(C: c.c, expected: c.expected, z: c.z, p: c.p)
        } catch { notes.append("Geary's C: \(error)") }
        do {
            let g = try GeneralG.compute(y, weights: w.binary())
            generalG = HotspotSummary.GeneralG(G: g.g, expected: g.expected, z: g.z, p: g.p)
        } catch { notes.append("General G: \(error)") }
        let gi = try timer.measure("gistar") { try LocalGiStar.compute(y, weights: w, correction: correction) }
        let lisa = try timer.measure("lisa") {
            try LocalMoran.compute(y, weights: w, permutations: spec.permutations, seed: spec.seed, threads: spec.threads)
        }
        let clusters = try LocalMoranResult.significant(lisa, alpha: alpha, correction: correction)
        var bivariate: (results: [LocalMoranResult], clusters: [ClusterType])?
        if let x2 = input.values2 {
            let results = try timer.measure("bivariate") {
                try BivariateLocalMoran.compute(
                    x: y, y: x2, weights: w, permutations: spec.permutations, seed: spec.seed, threads: spec.threads)
            }
            bivariate = (results, try LocalMoranResult.significant(results, alpha: alpha, correction: correction))
        }
        let threshold = MultipleTesting.threshold(lisa.compactMap(\.pSimulated), alpha: alpha, correction: correction)

        let columns = HotspotColumns(
            spec: spec, input: input, weights: w, gi: gi, lisa: lisa, clusters: clusters, bivariate: bivariate,
            rates: rates)
        let layer = columns.apply(to: areas)
        let cards = w.cardinalities
        let summary = HotspotSummary(
            variable: input.variableName, n: w.count,
            moran: HotspotSummary.Moran(
                I: moran.i, expected: moran.expected, varianceNormal: moran.varianceNormal, zNormal: moran.zNormal,
                pNormal: moran.pNormal, varianceRandom: moran.varianceRandom, zRandom: moran.zRandom,
                pRandom: moran.pRandom, pSimulated: moran.pSimulated),
            geary: geary, generalG: generalG, islands: w.islands.map { w.ids[$0] },
            undefined: input.keep.indices.filter { !input.keep[$0] }.map { ids[$0] },
            weights: HotspotSummary.Weights(
                kind: spec.weightsFile == nil ? spec.weights.description : "file", transform: spec.transform.rawValue,
                snap: spec.snap, islands: spec.islands.rawValue, file: spec.weightsFile,
                meanNeighbors: Double(cards.reduce(0, +)) / Double(max(1, cards.count)), minNeighbors: cards.min() ?? 0,
                maxNeighbors: cards.max() ?? 0, addedLinks: built.added),
            permutations: spec.permutations, seed: spec.seed, alpha: spec.alpha, correction: spec.correction.description,
            localThreshold: threshold, clusters: Dictionary(grouping: clusters.map(\.rawValue), by: { $0 }).mapValues(\.count),
            hotspotBins: Dictionary(grouping: gi.map { String($0.bin) }, by: { $0 }).mapValues(\.count), notes: notes)
        return HotspotOutcome(layer: layer, summary: summary, weights: built.full)
    }

    /// The areas' centroids; a grid cell without its square yet has its centre.
    static func centroids(of areas: FeatureLayer) -> [Coordinate?] {
        var result = Centroids.centroids(of: areas.features.map(\.geometry))
        if let grid = areas.grid, grid.count == result.count {
            for i in result.indices where areas.features[i].geometry == nil { result[i] = grid.centre(i) }
        }
        return result
    }

    static func buildWeights(
        _ areas: FeatureLayer, ids: [String], spec: HotspotSpec, file: (text: String, path: String)?
    ) throws -> SpatialWeights {
        if let file {
            let lower = file.path.lowercased()
            return lower.hasSuffix(".gwt")
                ? try WeightsFile.readGWT(file.text, ids: ids) : try WeightsFile.readGAL(file.text, ids: ids)
        }
        let geometries = areas.features.map(\.geometry)
        if spec.weights.needsDistances, areas.crs?.isGeographic == true {
            throw QuartierError.user(
                "weights '\(spec.weights)' need distances in metres, but the areas are in \(areas.crs?.label ?? "a geographic CRS") "
                    + "(degrees); reproject them to a projected CRS first (e.g. EPSG:25833 with `quartier run` and "
                    + "working_crs), or use queen or rook contiguity")
        }
        func points() throws -> [Coordinate] {
            let centroids = centroids(of: areas)
            if let missing = centroids.firstIndex(where: { $0 == nil }) {
                throw QuartierError.user("area '\(ids[missing])' has no geometry, so distance weights cannot be built")
            }
            return centroids.compactMap { $0 }
        }
        // Grid cells read from their centres: neighbours from the cells' columns and rows, no geometry.
        if let grid = areas.grid, grid.count == areas.features.count {
            switch spec.weights {
            case .queen: return WeightsBuilder.gridContiguity(grid, ids: ids, kind: .queen)
            case .rook: return WeightsBuilder.gridContiguity(grid, ids: ids, kind: .rook)
            default: break
            }
        }
        switch spec.weights {
        case .queen: return WeightsBuilder.contiguity(geometries, ids: ids, kind: .queen, snap: spec.snap)
        case .rook: return WeightsBuilder.contiguity(geometries, ids: ids, kind: .rook, snap: spec.snap)
        case .knn(let k): return try WeightsBuilder.knn(try points(), ids: ids, k: k)
        case .distance(let d): return try WeightsBuilder.distanceBand(try points(), ids: ids, threshold: d)
        case .inverseDistance(let d, let alpha):
            return try WeightsBuilder.distanceBand(try points(), ids: ids, threshold: d, inverseAlpha: alpha)
        case .kernel(let function, let bandwidth, let k):
            return try WeightsBuilder.kernel(try points(), ids: ids, function: function, bandwidth: bandwidth, k: k)
        }
    }
}
