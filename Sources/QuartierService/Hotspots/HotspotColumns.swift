import QuartierModel
import QuartierStats

/// Adds the local results to the areas under the names GIS staff know from ArcGIS: `GiZScore`,
/// `GiPValue`, `Gi_Bin`, `LMiIndex`, `LMiZScore`, `LMiPValue`, `COType`, `NNeighbors`, `state`
/// (bivariate: `BLMiIndex`, `BLMiPValue`, `BCOType`; rates: `RawRate`, `EBGlobal`, `EBSpatial`).
/// No NaN becomes a number: a value that cannot exist is null with a status.
struct HotspotColumns {
    let spec: HotspotSpec
    let input: HotspotInput
    let weights: SpatialWeights
    let gi: [GiStarResult]
    let lisa: [LocalMoranResult]
    let clusters: [ClusterType]
    let bivariate: (results: [LocalMoranResult], clusters: [ClusterType])?
    let rates: (raw: [Double], global: [Double], spatial: [Double])?

    func apply(to areas: FeatureLayer) -> FeatureLayer {
        let p = spec.prefix
        var fields: [FieldDefinition] = []
        if rates != nil { fields += ["RawRate", "EBGlobal", "EBSpatial"].map { FieldDefinition(name: p + $0, type: .real) } }
        fields += [
            FieldDefinition(name: p + "GiZScore", type: .real), FieldDefinition(name: p + "GiPValue", type: .real),
            FieldDefinition(name: p + "Gi_Bin", type: .integer), FieldDefinition(name: p + "LMiIndex", type: .real),
            FieldDefinition(name: p + "LMiZScore", type: .real), FieldDefinition(name: p + "LMiPValue", type: .real),
            FieldDefinition(name: p + "COType", type: .string),
        ]
        if bivariate != nil {
            fields += [
                FieldDefinition(name: p + "BLMiIndex", type: .real), FieldDefinition(name: p + "BLMiPValue", type: .real),
                FieldDefinition(name: p + "BCOType", type: .string),
            ]
        }
        fields += [FieldDefinition(name: p + "NNeighbors", type: .integer), FieldDefinition(name: p + "state", type: .string)]

        var result = areas
        result.fields += fields
        let cardinalities = weights.cardinalities
        var j = 0
        for i in result.features.indices {
            guard input.keep[i] else {
                let reason: MissingReason = input.reasons[i] == .suppressed ? .suppressed : .undefined
                var values = Array(repeating: AttributeValue.missing(reason), count: fields.count - 1)
                values.append(.string(reason == .suppressed ? "suppressed" : "undefined"))
                result.features[i].attributes += values
                continue
            }
            result.features[i].attributes += row(j, cardinality: cardinalities[j])
            j += 1
        }
        return result
    }

    /// The values of the j-th kept area.
    private func row(_ j: Int, cardinality: Int) -> [AttributeValue] {
        func number(_ value: Double?, _ reason: MissingReason = .isolated) -> AttributeValue {
            guard let value, value.isFinite else { return .missing(reason) }
            return .real(value)
        }
        let isolated = gi[j].state == .isolated || lisa[j].state == .isolated
        var values: [AttributeValue] = []
        if let rates {
            values += [number(rates.raw[j], .undefined), number(rates.global[j], .undefined), number(rates.spatial[j], .undefined)]
        }
        values += [
            number(gi[j].z), number(gi[j].p), isolated ? .missing(.isolated) : .integer(Int64(gi[j].bin)),
            number(lisa[j].i), number(lisa[j].z), number(lisa[j].pSimulated, spec.permutations == 0 ? .undefined : .isolated),
            .string(clusters[j].rawValue),
        ]
        if let bivariate {
            values += [
                number(bivariate.results[j].i),
                number(bivariate.results[j].pSimulated, spec.permutations == 0 ? .undefined : .isolated),
                .string(bivariate.clusters[j].rawValue),
            ]
        }
        values += [.integer(Int64(cardinality)), .string(isolated ? "isolated" : "ok")]
        return values
    }
}
