import QuartierModel
import QuartierStats

/// Emerging hot spot analysis of a series on the areas (`EmergingHotSpots`), shared by `quartier emerging` and the
/// `[[emerging]]` step: builds the spatial weights, analyses the cube and appends `PATTERN`, `CATEGORY`, `TREND_Z`,
/// `TREND_P` and `state` (each after `prefix`) to the areas.
enum EmergingAnalysis {
    /// - Parameters:
    ///   - values: the cube, `values[step][area]` over the areas' order (nil: missing, the bin is left out).
    ///   - steps: the step labels, in time order.
    ///   - source: the series' name or file, for messages.
    static func run(
        _ areas: FeatureLayer, ids: [String], values: [[Double?]], steps: [String], variable: String, source: String,
        weights kind: WeightsKind, timeLag: Int, alpha: Double, fdr: Bool, prefix: String
    ) throws -> (layer: FeatureLayer, summary: EmergingSummary, results: [EmergingHotSpots.AreaResult]) {
        var spec = HotspotSpec()
        spec.weights = kind
        let weights = try HotspotRunner.buildWeights(areas, ids: ids, spec: spec, file: nil)
        let neighbors = ids.indices.map { Array(weights.neighbors(of: $0)) }
        let results = try ContextError.adding("emerging hot spots of '\(variable)' in '\(source)'") {
            try EmergingHotSpots.analyse(values, neighbors: neighbors, timeLag: timeLag, alpha: alpha, fdr: fdr)
        }
        var layer = areas
        let added = fieldNames(prefix: prefix)
        if let clash = added.first(where: { layer.fieldIndex($0) != nil }) {
            throw QuartierError.user(
                "emerging hot spots of '\(variable)': the areas already have a field '\(clash)'; set another prefix")
        }
        layer.fields += zip(added, [FieldType.string, .integer, .real, .real, .string]).map {
            FieldDefinition(name: $0, type: $1)
        }
        var missing: [String: [String]] = [:]
        for (i, result) in results.enumerated() {
            let gaps = result.bins.indices.filter { result.bins[$0] == nil }.map { steps[$0] }
            if !gaps.isEmpty { missing[ids[i]] = gaps }
            layer.features[i].attributes += [
                .string(result.pattern), .integer(Int64(result.category)),
                result.trendZ.map { .real($0) } ?? .missing(.none), result.trendP.map { .real($0) } ?? .missing(.none),
                .string(gaps.isEmpty ? "ok" : "undefined"),
            ]
        }
        let summary = EmergingSummary(
            variable: variable, steps: steps, areas: ids.count, timeLag: timeLag, alpha: alpha, fdr: fdr,
            weights: "\(kind)", patterns: Dictionary(grouping: results.map(\.pattern), by: { $0 }).mapValues(\.count),
            missingBins: missing)
        return (layer, summary, results)
    }

    /// The fields added, in order.
    static func fieldNames(prefix: String) -> [String] {
        ["PATTERN", "CATEGORY", "TREND_Z", "TREND_P", "state"].map { prefix + $0 }
    }
}
