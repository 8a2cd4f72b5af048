/// An indicator declared as numerator / denominator (× scale), e.g. Kita places per child under 6.
/// Both counts stay beside the rate in every output, so it can be recomputed after any aggregation.
package struct RateSpec: Sendable, Hashable, Codable {
    package var name: String
    package var numerator: String
    package var denominator: String
    /// 1 for a ratio, 100 for a percentage, 1000 for "per 1,000".
    package var scale: Double

    package init(name: String, numerator: String, denominator: String, scale: Double = 1) {
        self.name = name
        self.numerator = numerator
        self.denominator = denominator
        self.scale = scale
    }

    /// The rate of two values: missing when either is missing (keeping its reason), `undefined` when the
    /// denominator is 0.
    package func value(numerator n: AttributeValue, denominator d: AttributeValue) -> AttributeValue {
        if case .missing = n { return n }
        if case .missing = d { return d }
        guard let top = NumberText.value(of: n), let bottom = NumberText.value(of: d) else {
            return .missing(.invalid)
        }
        guard bottom != 0 else { return .missing(.undefined) }
        return .real(top / bottom * scale)
    }

    /// Adds the rate as a Real field computed from two fields of the layer.
    package func apply(to layer: FeatureLayer) throws -> FeatureLayer {
        let names = layer.fields.map(\.name)
        let n = try AttributeJoin.fieldIndex(numerator, in: names, of: "area layer (numerator of '\(name)')")
        let d = try AttributeJoin.fieldIndex(denominator, in: names, of: "area layer (denominator of '\(name)')")
        guard !names.contains(name) else { throw JoinError("rate '\(name)': the layer already has a field of that name") }
        var result = layer
        result.fields.append(FieldDefinition(name: name, type: .real))
        for i in result.features.indices {
            let attributes = result.features[i].attributes
            result.features[i].attributes.append(value(numerator: attributes[n], denominator: attributes[d]))
        }
        return result
    }
}
