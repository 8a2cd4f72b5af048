/// Numeric arrays and tables of a section: `cutoffs = [-1.0, 1.0]`, `class_codes = [1, 3, 5]`,
/// `weights = { S1 = 0.5 }`, `field_minzoom = { EWZ = 10 }`. Integers are accepted where numbers are.
extension TOMLSection {
    private func number(_ key: String, _ node: TOMLNode) throws -> Double {
        switch node.value {
        case .integer(let v): return Double(v)
        case .float(let v): return v
        default: throw typeError(key, node, expected: "a number")
        }
    }

    /// An array of numbers.
    package mutating func doubleArray(_ key: String) throws -> [Double]? {
        guard let node = try node(key, required: false) else { return nil }
        guard case .array(let items) = node.value else { throw typeError(key, node, expected: "an array of numbers") }
        return try items.map { try number(key, $0) }
    }

    /// An array of integers.
    package mutating func integerArray(_ key: String) throws -> [Int]? {
        guard let node = try node(key, required: false) else { return nil }
        guard case .array(let items) = node.value else { throw typeError(key, node, expected: "an array of integers") }
        return try items.map { item in
            guard case .integer(let v) = item.value else { throw typeError(key, item, expected: "an integer") }
            return Int(v)
        }
    }

    /// An inline table of numbers, e.g. `weights = { S1 = 0.5, S3 = 0.5 }`.
    package mutating func doubleMap(_ key: String) throws -> [String: Double]? {
        guard let node = try node(key, required: false) else { return nil }
        guard case .table(let t) = node.value else { throw typeError(key, node, expected: "a table of numbers") }
        return try Dictionary(uniqueKeysWithValues: t.entries.map { ($0.key, try number($0.key, $0.node)) })
    }

    /// An inline table of integers, e.g. `field_minzoom = { EWZ = 10 }`.
    package mutating func integerMap(_ key: String) throws -> [String: Int]? {
        guard let node = try node(key, required: false) else { return nil }
        guard case .table(let t) = node.value else { throw typeError(key, node, expected: "a table of integers") }
        return try Dictionary(uniqueKeysWithValues: t.entries.map { entry in
            guard case .integer(let v) = entry.node.value else {
                throw typeError(entry.key, entry.node, expected: "an integer")
            }
            return (entry.key, Int(v))
        })
    }

}
