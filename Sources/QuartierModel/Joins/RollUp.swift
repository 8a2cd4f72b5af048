/// How to aggregate an area layer to a parent level (PLR → BZR → Bezirk).
package struct RollUpSpec: Sendable {
    /// Name of the resulting layer (e.g. "bezirksregionen").
    package var name: String
    /// Name of the parent key field in the result (e.g. "BZR_ID").
    package var keyField: String
    /// Count fields: summed.
    package var sums: [String]
    /// Rates: recomputed from their summed numerator and denominator, never averaged.
    package var rates: [RateSpec]
    /// Shares and means without a denominator: field → weight fields, summed into the weight
    /// (weighted mean Σw·x / Σw), e.g. S4 → residents under 6 + residents 6–15.
    package var weighted: [String: [String]]

    package init(
        name: String, keyField: String, sums: [String], rates: [RateSpec] = [], weighted: [String: [String]] = [:]
    ) {
        self.name = name
        self.keyField = keyField
        self.sums = sums
        self.rates = rates
        self.weighted = weighted
    }
}

/// What a roll-up did: members per parent, areas without a parent, fields left out, missing member values.
package struct RollUpReport: Sendable, Codable {
    package var name: String
    package var parents: Int
    package var areasWithoutParent: [String]
    /// Numeric fields that are neither counts, rates nor weighted: not aggregated (a share cannot be summed).
    package var leftOut: [String]
    /// field → number of member values that were missing and so not included.
    package var missingMemberValues: [String: Int]
    /// Parents for which no geometry was found.
    package var parentsWithoutGeometry: [String]

    package var summary: String {
        var lines = ["roll-up '\(name)': \(parents) parents"]
        if !areasWithoutParent.isEmpty {
            lines.append("  \(areasWithoutParent.count) areas without parent: \(areasWithoutParent.prefix(10).joined(separator: ", "))")
        }
        if !leftOut.isEmpty { lines.append("  left out (no denominator or weight declared): \(leftOut.joined(separator: ", "))") }
        for (field, n) in missingMemberValues.sorted(by: { $0.key < $1.key }) {
            lines.append("  \(field): \(n) member values missing, aggregated over the others")
        }
        return lines.joined(separator: "\n")
    }
}

/// Aggregates areas to parents: counts summed, rates recomputed from summed counts, shares weighted.
package enum RollUp {
    /// - Parameters:
    ///   - parentKeys: the parent key of each area (nil: none; reported).
    ///   - idField: the areas' key field, for the report.
    ///   - geometries: parent key → geometry (from a parent layer or a union of the members).
    package static func aggregate(
        areas: FeatureLayer, idField: String, parentKeys: [String?], spec: RollUpSpec, geometries: [String: Geometry]
    ) throws -> (FeatureLayer, RollUpReport) {
        let names = areas.fields.map(\.name)
        func index(_ field: String) throws -> Int {
            try AttributeJoin.fieldIndex(field, in: names, of: "area layer (roll-up '\(spec.name)')")
        }
        let idIndex = try index(idField)
        let rateCounts = spec.rates.flatMap { [$0.numerator, $0.denominator] }
        var sumFields = spec.sums
        for field in rateCounts where !sumFields.contains(field) { sumFields.append(field) }
        let sumIndexes = try sumFields.map(index)
        let weighted = try spec.weighted.sorted { $0.key < $1.key }.map {
            (field: $0.key, x: try index($0.key), w: try $0.value.map(index))
        }

        var report = RollUpReport(name: spec.name, parents: 0, areasWithoutParent: [], leftOut: [],
            missingMemberValues: [:], parentsWithoutGeometry: [])
        let used = Set(
            sumFields + spec.weighted.keys + spec.weighted.values.flatMap { $0 } + spec.rates.map(\.name) + [idField])
        report.leftOut = areas.fields.filter { $0.type.isNumeric && !used.contains($0.name) }.map(\.name)

        var members: [String: [Int]] = [:]
        for (i, key) in parentKeys.enumerated() {
            guard let key else {
                report.areasWithoutParent.append(areas.features[i].attributes[idIndex].stringValue ?? "#\(i + 1)")
                continue
            }
            members[key, default: []].append(i)
        }
        let parents = members.keys.sorted()
        report.parents = parents.count

        var fields = [FieldDefinition(name: spec.keyField, type: .string), FieldDefinition(name: "n_areas", type: .integer)]
        fields += sumIndexes.map { FieldDefinition(name: names[$0], type: areas.fields[$0].type == .real ? .real : .integer) }
        fields += weighted.map { FieldDefinition(name: $0.field, type: .real) }
        fields += spec.rates.map { FieldDefinition(name: $0.name, type: .real) }

        var features: [Feature] = []
        for (p, parent) in parents.enumerated() {
            let rows = members[parent] ?? []
            var values: [AttributeValue] = [.string(parent), .integer(Int64(rows.count))]
            var sums: [String: AttributeValue] = [:]
            for (k, field) in sumIndexes.enumerated() {
                let present = rows.compactMap { NumberText.value(of: areas.features[$0].attributes[field]) }
                if present.count < rows.count { report.missingMemberValues[sumFields[k], default: 0] += rows.count - present.count }
                let total = present.reduce(0, +)
                let value: AttributeValue =
                    present.isEmpty
                    ? .missing(.empty)
                    : !total.isFinite
                        ? .missing(.undefined)
                        : fields[2 + k].type == .integer ? Int64(exactly: total).map { .integer($0) } ?? .real(total) : .real(total)
                sums[sumFields[k]] = value
                values.append(value)
            }
            for w in weighted {
                var num = 0.0
                var den = 0.0
                for r in rows {
                    let a = areas.features[r].attributes
                    let parts = w.w.map { NumberText.value(of: a[$0]) }
                    guard let x = NumberText.value(of: a[w.x]), !parts.contains(where: { $0 == nil }) else {
                        report.missingMemberValues[w.field, default: 0] += 1
                        continue
                    }
                    let weight = parts.reduce(0) { $0 + ($1 ?? 0) }
                    num += x * weight
                    den += weight
                }
                values.append(den > 0 ? .real(num / den) : .missing(.undefined))
            }
            for rate in spec.rates {
                values.append(rate.value(numerator: sums[rate.numerator] ?? .null, denominator: sums[rate.denominator] ?? .null))
            }
            var geometry = geometries[parent]
            if case .polygon(let polygon) = geometry { geometry = .multiPolygon([polygon]) }
            if geometry == nil { report.parentsWithoutGeometry.append(parent) }
            features.append(Feature(fid: Int64(p + 1), geometry: geometry, attributes: values))
        }
        let layer = FeatureLayer(
            name: spec.name, fields: fields, features: features, crs: areas.crs, geometryType: "MultiPolygon")
        return (layer, report)
    }
}
