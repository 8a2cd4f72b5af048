import QuartierModel

/// The values a hotspot analysis runs on: which areas have a value (the others are left out with the
/// reason their value is missing), the values of the kept areas, and the rate inputs.
struct HotspotInput {
    /// Per area: true when it takes part in the statistic.
    let keep: [Bool]
    /// Per area: why it was left out (nil for kept areas).
    let reasons: [MissingReason?]
    /// The variable for the kept areas, in layer order.
    let values: [Double]
    /// The second variable (bivariate LISA) for the kept areas.
    let values2: [Double]?
    let events: [Double]?
    let population: [Double]?
    let variableName: String

    init(_ areas: FeatureLayer, spec: HotspotSpec) throws {
        let names = areas.fields.map(\.name)
        func column(_ name: String) throws -> [AttributeValue] {
            guard let index = names.firstIndex(of: name) else {
                let similar = names.first { $0.lowercased() == name.lowercased() }
                throw QuartierError.user(
                    "the areas have no field '\(name)'"
                        + (similar.map { "; did you mean '\($0)'?" } ?? "; fields: " + names.joined(separator: ", ")))
            }
            return areas.column(index)
        }
        var columns: [(name: String, values: [AttributeValue])] = []
        if let events = spec.events, let population = spec.population {
            columns = [(events, try column(events)), (population, try column(population))]
            variableName = "EB(\(events)/\(population))"
        } else if let field = spec.field {
            columns = [(field, try column(field))]
            variableName = field
        } else {
            throw QuartierError.user("name the variable: --field FIELD, or --events FIELD with --population FIELD")
        }
        if let field2 = spec.field2 { columns.append((field2, try column(field2))) }

        let n = areas.features.count
        var keep = [Bool](repeating: true, count: n)
        var reasons = [MissingReason?](repeating: nil, count: n)
        var numbers = [[Double]](repeating: [Double](repeating: 0, count: n), count: columns.count)
        for (c, column) in columns.enumerated() {
            var bad: [String] = []
            for i in 0..<n {
                let value = column.values[i]
                if case .missing(let reason) = value {
                    keep[i] = false
                    reasons[i] = reasons[i] ?? reason
                } else if let number = NumberText.value(of: value), number.isFinite {
                    numbers[c][i] = number
                } else {
                    bad.append(value.stringValue ?? "?")
                }
            }
            if !bad.isEmpty {
                throw QuartierError.user(
                    "field '\(column.name)' is not numeric: \(bad.count) values such as "
                        + bad.prefix(3).map { "'\($0)'" }.joined(separator: ", ")
                        + "; choose a numeric field, or mark missing values in the source")
            }
        }
        if spec.events != nil {
            for i in 0..<n where keep[i] && numbers[1][i] <= 0 {
                keep[i] = false
                reasons[i] = .undefined
            }
        }
        let kept = keep.filter { $0 }.count
        guard kept > 0 else {
            throw QuartierError.user("'\(variableName)' has no values: all \(n) areas are missing")
        }
        guard kept >= 3 else {
            throw QuartierError.user(
                "'\(variableName)' has values in only \(kept) areas; a spatial statistic needs at least 3")
        }
        let pick: ([Double]) -> [Double] = { column in column.indices.filter { keep[$0] }.map { column[$0] } }
        self.keep = keep
        self.reasons = reasons
        if spec.events != nil {
            events = pick(numbers[0])
            population = pick(numbers[1])
            values = zip(events ?? [], population ?? []).map { $0 / $1 }
        } else {
            events = nil
            population = nil
            values = pick(numbers[0])
        }
        values2 = spec.field2 == nil ? nil : pick(numbers[columns.count - 1])
    }
}
