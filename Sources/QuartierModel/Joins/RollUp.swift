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
    /// Merged units (`MergedUnit`) whose members all lie in one parent: unit → that parent, which counts it whole.
    package var mergedUnits: [String: String]? = nil
    /// Merged units whose members lie in several parents (or in none, or not all among the areas): unit → the
    /// parents it touches, whose values of its fields are null with status `incomplete`.
    package var straddlingUnits: [String: [String]]? = nil
    /// Parent → its fields that are null with status `incomplete` (a member's value lies in a straddling unit).
    package var incompleteParents: [String: [String]]? = nil

    package var summary: String {
        var lines = ["roll-up '\(name)': \(parents) parents"]
        if !areasWithoutParent.isEmpty {
            lines.append(
                "  \(areasWithoutParent.count) areas without parent: \(areasWithoutParent.prefix(10).joined(separator: ", "))"
            )
        }
        if !leftOut.isEmpty {
            lines.append("  left out (no denominator or weight declared): \(leftOut.joined(separator: ", "))")
        }
        for (field, n) in missingMemberValues.sorted(by: { $0.key < $1.key }) {
            lines.append("  \(field): \(n) member values missing, aggregated over the others")
        }
        for (unit, parent) in (mergedUnits ?? [:]).sorted(by: { $0.key < $1.key }) {
            lines.append("  merged unit '\(unit)' counted whole in parent \(parent)")
        }
        for (unit, parents) in (straddlingUnits ?? [:]).sorted(by: { $0.key < $1.key }) {
            let fields = Set(parents.flatMap { incompleteParents?[$0] ?? [] }).sorted()
            lines.append(
                "  warning: merged unit '\(unit)' straddles parents "
                    + (parents.isEmpty ? "(none)" : parents.joined(separator: ", "))
                    + (fields.isEmpty
                        ? "" : ": their \(fields.joined(separator: ", ")) are null with status incomplete"))
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
    ///   - units: the merged units of the areas' joins: one whose members share a parent is added to it whole
    ///     (once, with its own values and weights); a parent with a member in any other unit gets null with
    ///     status `incomplete` in the unit's fields, and the unit is reported.
    package static func aggregate(
        areas: FeatureLayer, idField: String, parentKeys: [String?], spec: RollUpSpec, geometries: [String: Geometry],
        units: [MergedUnit] = []
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
            (field: $0.key, x: try index($0.key), w: try $0.value.map { (name: $0, index: try index($0)) })
        }

        var report = RollUpReport(
            name: spec.name, parents: 0, areasWithoutParent: [], leftOut: [],
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
        let placement = MergedPlacement(units: units, parentKeys: parentKeys)
        if !placement.wholeParent.isEmpty { report.mergedUnits = placement.wholeParent }
        if !placement.straddling.isEmpty { report.straddlingUnits = placement.straddling }

        var fields = [
            FieldDefinition(name: spec.keyField, type: .string), FieldDefinition(name: "n_areas", type: .integer),
        ]
        fields += sumIndexes.map {
            FieldDefinition(name: names[$0], type: areas.fields[$0].type == .real ? .real : .integer)
        }
        fields += weighted.map { FieldDefinition(name: $0.field, type: .real) }
        fields += spec.rates.map { FieldDefinition(name: $0.name, type: .real) }

        var incomplete: [String: [String]] = [:]
        var features: [Feature] = []
        for (p, parent) in parents.enumerated() {
            let rows = members[parent] ?? []
            let whole = (placement.whole[parent] ?? []).map { units[$0] }
            // A member whose value lies in a unit: skipped when the unit counts here whole, else the parent is
            // incomplete.
            func skipsMerged(_ row: Int, _ value: AttributeValue, field: String) -> (skip: Bool, incomplete: Bool) {
                guard value == .missing(.merged) else { return (false, false) }
                return (true, !whole.contains { $0.covers(row, field: field) })
            }
            var values: [AttributeValue] = [.string(parent), .integer(Int64(rows.count))]
            var sums: [String: AttributeValue] = [:]
            for (k, field) in sumIndexes.enumerated() {
                let name = sumFields[k]
                var present: [Double] = []
                var missing = 0
                var isIncomplete = false
                for row in rows {
                    let value = areas.features[row].attributes[field]
                    let merged = skipsMerged(row, value, field: name)
                    isIncomplete = isIncomplete || merged.incomplete
                    if merged.skip { continue }
                    if let x = NumberText.value(of: value) { present.append(x) } else { missing += 1 }
                }
                for unit in whole {
                    guard let value = unit.values[name] else { continue }
                    if let x = NumberText.value(of: value) { present.append(x) } else { missing += 1 }
                }
                if missing > 0 { report.missingMemberValues[name, default: 0] += missing }
                if isIncomplete { incomplete[parent, default: []].append(name) }
                let total = present.reduce(0, +)
                let value: AttributeValue =
                    isIncomplete
                    ? .missing(.incomplete)
                    : present.isEmpty
                        ? .missing(.empty)
                        : !total.isFinite
                            ? .missing(.undefined)
                            : fields[2 + k].type == .integer
                                ? Int64(exactly: total).map { .integer($0) } ?? .real(total) : .real(total)
                sums[name] = value
                values.append(value)
            }
            for w in weighted {
                var num = 0.0
                var den = 0.0
                var isIncomplete = false
                for r in rows {
                    let a = areas.features[r].attributes
                    let merged = skipsMerged(r, a[w.x], field: w.field)
                    isIncomplete = isIncomplete || merged.incomplete
                    if merged.skip { continue }
                    let parts = w.w.map { NumberText.value(of: a[$0.index]) }
                    guard let x = NumberText.value(of: a[w.x]), !parts.contains(where: { $0 == nil }) else {
                        report.missingMemberValues[w.field, default: 0] += 1
                        continue
                    }
                    let weight = parts.reduce(0) { $0 + ($1 ?? 0) }
                    num += x * weight
                    den += weight
                }
                for unit in whole {
                    guard let value = unit.values[w.field] else { continue }
                    let weight = w.w.reduce(Double?.some(0)) { total, part in
                        guard let total, let x = unit.total(part.name, in: areas) else {
                            return nil
                        }
                        return total + x
                    }
                    guard let x = NumberText.value(of: value), let weight else {
                        report.missingMemberValues[w.field, default: 0] += 1
                        continue
                    }
                    num += x * weight
                    den += weight
                }
                if isIncomplete { incomplete[parent, default: []].append(w.field) }
                values.append(isIncomplete ? .missing(.incomplete) : den > 0 ? .real(num / den) : .missing(.undefined))
            }
            for rate in spec.rates {
                values.append(
                    rate.value(numerator: sums[rate.numerator] ?? .null, denominator: sums[rate.denominator] ?? .null))
            }
            var geometry = geometries[parent]
            if case .polygon(let polygon) = geometry { geometry = .multiPolygon([polygon]) }
            if geometry == nil { report.parentsWithoutGeometry.append(parent) }
            features.append(Feature(fid: Int64(p + 1), geometry: geometry, attributes: values))
        }
        if !incomplete.isEmpty { report.incompleteParents = incomplete }
        let layer = FeatureLayer(
            name: spec.name, fields: fields, features: features, crs: areas.crs, geometryType: "MultiPolygon")
        return (layer, report)
    }
}
