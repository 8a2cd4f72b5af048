extension FeatureLayer {
    /// Whether any value of the field is missing for a stated reason (not a plain empty value): such a
    /// field gets a sibling `<field>_status` text column in every output (ARCHITECTURE.md, *States*).
    package func hasMissingReason(_ index: Int) -> Bool {
        features.contains { feature in
            guard index < feature.attributes.count, case .missing(let reason) = feature.attributes[index] else {
                return false
            }
            return reason != .empty
        }
    }

    /// The layer with a `<field>_status` text field after every listed field that has a stated missing
    /// reason (for outputs that carry plain values only, such as vector tiles).
    package func withStatusFields(for names: [String]) -> FeatureLayer {
        var result = self
        var fields: [FieldDefinition] = []
        var sources: [(index: Int, isStatus: Bool)] = []
        for (index, field) in self.fields.enumerated() {
            fields.append(field)
            sources.append((index, false))
            if names.contains(field.name) && hasMissingReason(index) {
                fields.append(FieldDefinition(name: field.name + "_status", type: .string))
                sources.append((index, true))
            }
        }
        guard fields.count > self.fields.count else { return self }
        result.fields = fields
        result.features = features.map { feature in
            var copy = feature
            copy.attributes = sources.map { source in
                let value = source.index < feature.attributes.count ? feature.attributes[source.index] : .null
                guard source.isStatus else { return value }
                if case .missing(let reason) = value, reason != .empty { return .string(reason.rawValue) }
                return .null
            }
            return copy
        }
        return result
    }
}
