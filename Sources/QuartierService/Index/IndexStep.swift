package import QuartierModel
package import QuartierStats
import QuartierTOML

/// `[[index]]`: a composite index (MSS-style status or dynamics) over indicator fields of the areas,
/// written as `<name>_index` (real), `<name>_class` (integer code), `<name>_class_name` and
/// `<name>_state` (`ok`, `invalid`: excluded before standardising, `undefined`: an indicator is
/// missing). See `CompositeIndex` for the method.
package struct IndexStep: Sendable {
    package var name: String
    package var index: CompositeIndex
    /// Areas whose field is below the value are excluded (e.g. `{ EW = 300 }`).
    package var excludeBelow: [String: Int]
    package var line: Int

    static func parse(_ s: inout TOMLSection) throws -> IndexStep {
        let name = try s.requiredString("name")
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
            throw s.error("[[index]] name '\(name)' becomes field names: use letters, digits and _", line: s.line(of: "name"))
        }
        guard let indicators = try s.stringArray("indicators"), !indicators.isEmpty else {
            throw s.error("[[index]] '\(name)' needs indicators = [\"…\", …]", line: s.line)
        }
        let invert = Set(try s.stringArray("invert") ?? [])
        let weights = try s.doubleMap("weights")
        for key in invert.sorted() + (weights?.keys.sorted() ?? []) where !indicators.contains(key) {
            throw s.error("[[index]] '\(name)': '\(key)' is not one of its indicators", line: s.line)
        }
        func choice<T: RawRepresentable & CaseIterable>(_ key: String, _ fallback: T) throws -> T where T.RawValue == String {
            guard let text = try s.string(key) else { return fallback }
            guard let value = T(rawValue: text) else {
                let allowed = T.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
                throw s.error("[[index]] \(key) = \"\(text)\" is not one of \(allowed)", line: s.line(of: key))
            }
            return value
        }
        let standardization = try choice("standardize", CompositeIndex.Standardization.zScore)
        let aggregation = try choice("aggregate", CompositeIndex.Aggregation.mean)
        do {
            var classes: IndexClasses?
            if let cutoffs = try s.doubleArray("cutoffs") {
                let codes = try s.integerArray("class_codes")
                let names = try s.stringArray("class_names") ?? (0...cutoffs.count).map { "Klasse \($0 + 1)" }
                classes = try IndexClasses(cutoffs: cutoffs, codes: codes, names: names)
            }
            let index = try CompositeIndex(
                components: indicators.map { .init(name: $0, invert: invert.contains($0), weight: weights?[$0]) },
                standardization: standardization, aggregation: aggregation,
                restandardize: try s.bool("restandardize") ?? false, classes: classes)
            return IndexStep(name: name, index: index, excludeBelow: try s.integerMap("exclude_below") ?? [:], line: s.line)
        } catch {
            // Plain catch and cast: `catch let e as StatisticsError` on a typed throw crashed the compiler.
            guard let error = error as? StatisticsError else { throw error }
            throw s.error("[[index]] '\(name)': \(error.message)", line: s.line)
        }
    }

    /// The output fields, in order.
    package var fieldNames: [String] { ["_index", "_class", "_class_name", "_state"].map { name + $0 } }

    /// The layer with the index fields appended.
    package func apply(to layer: FeatureLayer) throws -> (layer: FeatureLayer, included: Int) {
        let names = layer.fields.map(\.name)
        func column(_ field: String) throws -> Int {
            guard let i = names.firstIndex(of: field) else {
                throw QuartierError.user(
                    "[[index]] '\(name)' (line \(line)): the areas have no field '\(field)'; fields: "
                        + names.joined(separator: ", "))
            }
            return i
        }
        for field in fieldNames where names.contains(field) {
            throw QuartierError.user("[[index]] '\(name)' (line \(line)): the areas already have a field '\(field)'")
        }
        let columns = try index.components.map { try column($0.name) }
        let thresholds = try excludeBelow.sorted { $0.key < $1.key }.map { (try column($0.key), Double($0.value)) }
        var values: [[Double?]] = []
        var invalid: [Bool] = []
        for feature in layer.features {
            let row = columns.map { NumberText.value(of: feature.attributes[$0]) }
            values.append(row)
            let flagged = columns.contains { c in
                if case .missing(.invalid) = feature.attributes[c] { return true } else { return false }
            }
            let small = thresholds.contains { c, minimum in (NumberText.value(of: feature.attributes[c]) ?? 0) < minimum }
            invalid.append(flagged || small)
        }
        // `compute` throws only StatisticsError (typed), kept as it is under the context.
        let result = try ContextError.adding("[[index]] '\(name)' (line \(line))") {
            try index.compute(values, invalid: invalid)
        }
        var out = layer
        out.fields += [
            FieldDefinition(name: fieldNames[0], type: .real), FieldDefinition(name: fieldNames[1], type: .integer),
            FieldDefinition(name: fieldNames[2], type: .string), FieldDefinition(name: fieldNames[3], type: .string),
        ]
        for i in out.features.indices {
            let reason: MissingReason = result.exclusion[i] == .invalid ? .invalid : .undefined
            let classIndex = result.classIndex[i]
            out.features[i].attributes += [
                result.index[i].map { .real($0) } ?? .missing(reason),
                classIndex.flatMap { k in index.classes.map { .integer(Int64($0.codes[k])) } } ?? .missing(reason),
                classIndex.flatMap { k in index.classes.map { .string($0.names[k]) } } ?? .missing(reason),
                .string(result.exclusion[i] == nil ? "ok" : reason.rawValue),
            ]
        }
        return (out, result.included)
    }
}
