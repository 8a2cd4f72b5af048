import Foundation

/// What counting points into areas found: points outside every area and points without a usable
/// geometry, by id, and values that are not numbers.
package struct PointCountReport: Sendable, Codable {
    package var points: Int
    package var inside: Int
    package var pointsOutside: [String]
    package var pointsWithoutGeometry: [String]
    package var badValues: [BadCell]
    /// The input the points were read from (set by the analysis step).
    package var input: String? = nil

    package var summary: String {
        var lines = ["count: \(inside) of \(points) points inside an area"]
        if !pointsOutside.isEmpty {
            lines.append(
                "  \(pointsOutside.count) outside every area: \(pointsOutside.prefix(10).joined(separator: ", "))")
        }
        if !pointsWithoutGeometry.isEmpty {
            lines.append(
                "  \(pointsWithoutGeometry.count) without geometry: \(pointsWithoutGeometry.prefix(10).joined(separator: ", "))"
            )
        }
        if !badValues.isEmpty {
            lines.append(
                "  \(badValues.count) values are not numbers: "
                    + badValues.prefix(10).map { "\($0.column) '\($0.text)' (point \($0.row))" }.joined(separator: ", ")
            )
        }
        return lines.joined(separator: "\n")
    }
}

/// Counts points (schools, Kitas, …) per area through a spatial index over the areas: per area the
/// number of points, the sum of numeric fields (numbers stored as text, like "69", are parsed) and the
/// number per category value. Points and areas must be in the same CRS.
package enum PointCounter {
    /// - Parameters:
    ///   - countField: name of the count field (`n_points`).
    ///   - sumFields: fields to sum as `sum_<field>`.
    ///   - byField: a category field, counted as `n_<field>_<value>`.
    ///   - idField: the points' id field for the report (feature ids otherwise).
    package static func count(
        areas: FeatureLayer, index: PolygonIndex, points: FeatureLayer, countField: String = "n_points",
        sumFields: [String] = [], byField: String? = nil, idField: String? = nil
    ) throws -> (FeatureLayer, PointCountReport) {
        if let problem = sumFieldsProblem(sumFields) { throw JoinError(problem) }
        let names = points.fields.map(\.name)
        let sumIndexes = try sumFields.map { try AttributeJoin.fieldIndex($0, in: names, of: "point layer") }
        let byIndex = try byField.map { try AttributeJoin.fieldIndex($0, in: names, of: "point layer") }
        _ = try idField.map { try AttributeJoin.fieldIndex($0, in: names, of: "point layer") }
        // Points are named by the declared id, else an `id` column, else their feature id.
        let idIndex = points.reportIDIndex(declared: idField)
        func pointID(_ i: Int) -> String {
            idIndex.flatMap { points.features[i].attributes[$0].stringValue }
                ?? points.features[i].fid.map { "fid \($0)" } ?? "#\(i + 1)"
        }

        var report = PointCountReport(
            points: points.features.count, inside: 0, pointsOutside: [],
            pointsWithoutGeometry: [], badValues: [])
        var coordinates: [Coordinate] = []
        var owners: [Int] = []
        for (i, feature) in points.features.enumerated() {
            switch feature.geometry {
            case .point(let c):
                coordinates.append(c)
                owners.append(i)
            case .multiPoint(let cs) where cs.count == 1:
                coordinates.append(cs[0])
                owners.append(i)
            default: report.pointsWithoutGeometry.append(pointID(i))
            }
        }
        let located = index.locateAll(coordinates)

        let areaCount = areas.features.count
        var counts = [Int64](repeating: 0, count: areaCount)
        var sums = [[Double]](repeating: [Double](repeating: 0, count: areaCount), count: sumIndexes.count)
        var categories: [String: [Int64]] = [:]
        for (j, area) in located.enumerated() {
            let i = owners[j]
            guard let area else {
                report.pointsOutside.append(pointID(i))
                continue
            }
            report.inside += 1
            counts[area] += 1
            for (k, field) in sumIndexes.enumerated() {
                let value = points.features[i].attributes[field]
                if let number = NumberText.value(of: value) {
                    sums[k][area] += number
                } else if case .missing = value {
                    continue
                } else {
                    report.badValues.append(BadCell(row: i + 1, column: names[field], text: value.stringValue ?? ""))
                }
            }
            if let byIndex, let category = points.features[i].attributes[byIndex].stringValue {
                categories[category, default: [Int64](repeating: 0, count: areaCount)][area] += 1
            }
        }

        var result = areas
        result.fields.append(FieldDefinition(name: countField, type: .integer))
        for (k, field) in sumIndexes.enumerated() {
            // Integral only when every sum fits an Int64 exactly; a sum ≥ 2^63 stays a real number.
            let integral = sums[k].allSatisfy { Int64(exactly: $0) != nil }
            result.fields.append(FieldDefinition(name: "sum_\(names[field])", type: integral ? .integer : .real))
        }
        let categoryNames = categories.keys.sorted()
        for category in categoryNames {
            result.fields.append(FieldDefinition(name: "n_\(byField ?? "")_\(category)", type: .integer))
        }
        for a in 0..<areaCount {
            var values: [AttributeValue] = [.integer(counts[a])]
            for k in sumIndexes.indices {
                let fieldType = result.fields[areas.fields.count + 1 + k].type
                let sum = sums[k][a]
                if fieldType == .integer, let exact = Int64(exactly: sum) {
                    values.append(.integer(exact))
                } else {
                    values.append(sum.isFinite ? .real(sum) : .missing(.undefined))
                }
            }
            values += categoryNames.map { .integer(categories[$0]?[a] ?? 0) }
            result.features[a].attributes += values
        }
        return (result, report)
    }

    /// The most fields one count may sum: each costs a pass over the points and a column of output.
    package static let maximumSumFields = 100

    /// Why a list of fields to sum cannot be used (a field named twice, or too many), or nil.
    package static func sumFieldsProblem(_ fields: [String]) -> String? {
        if fields.count > maximumSumFields {
            return "count: \(fields.count) fields to sum; at most \(maximumSumFields) are allowed (sum / --sum)"
        }
        var seen = Set<String>()
        if let twice = fields.first(where: { !seen.insert($0).inserted }) {
            return "count: the field '\(twice)' is named twice in sum / --sum; name each field once"
        }
        return nil
    }
}

/// Numbers as statistics offices and registers write them: numbers, and text like "69", "1.234,5" or
/// "12,5" (decimal comma). Used where a field is numeric by meaning but stored as text.
package enum NumberText {
    package static func value(of attribute: AttributeValue) -> Double? {
        switch attribute {
        case .integer(let i): return Double(i)
        case .real(let d): return d.isFinite ? d : nil
        case .string(let s): return parse(s)
        default: return nil
        }
    }

    package static func parse(_ text: String) -> Double? {
        // Plain numbers ("4569550", "12.5", "-3e2"), the most of a million-row table, without Foundation's string
        // work: the slow path below gives the same value for them.
        if !text.isEmpty,
            text.utf8.allSatisfy({
                ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x2D || $0 == 0x2B || $0 == 0x65 || $0 == 0x45
            })
        {
            guard let value = Double(text), value.isFinite else { return nil }
            return value
        }
        var s = text.trimmingCharacters(in: .whitespaces)
        guard !s.isEmpty else { return nil }
        if s.contains(",") {
            // German: dots group thousands, the comma is the decimal separator.
            s = s.replacingOccurrences(of: ".", with: "").replacingOccurrences(of: ",", with: ".")
        }
        s = s.replacingOccurrences(of: "\u{202F}", with: "").replacingOccurrences(of: "\u{00A0}", with: "")
            .replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "'", with: "")
        guard let value = Double(s), value.isFinite else { return nil }  // "1e999" and "inf" are no counts
        return value
    }
}
