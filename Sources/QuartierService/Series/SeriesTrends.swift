import Foundation
import QuartierModel
import QuartierStats

/// The trend fields of a series per area and column: first and last value, change (last − first), Mann–Kendall τ,
/// S, z and p (tie-corrected variance, as `pymannkendall.original_test`) and Sen's slope per year (as
/// `scipy.stats.theilslopes` on the times in years) — computed on the area's present values; missing with fewer
/// than 3.
enum SeriesTrends {
    /// Appends the fields to the areas.
    /// - Returns: warnings (the series is too short to reach the significance level).
    static func add(to areas: inout FeatureLayer, data: SeriesData, spec: SeriesSpec, place: String) throws -> [String]
    {
        var warnings: [String] = []
        let n = data.steps.count
        if let smallest = smallestP(n), smallest >= spec.alpha {
            warnings.append(
                "\(n) time steps cannot reach p < \(spec.alpha) in a Mann–Kendall test (the smallest possible p is "
                    + String(format: "%.4f", smallest) + "); the trend fields describe, they cannot be significant")
        }
        let existing = Set(areas.fields.map(\.name))
        for column in spec.columns {
            let names = SeriesTrendField.allCases.map { $0.name(column) }
            if let clash = names.first(where: existing.contains) {
                throw QuartierError.user(
                    "\(place): the areas already have a field '\(clash)'; rename the column or the field")
            }
            areas.fields += SeriesTrendField.allCases.map {
                FieldDefinition(name: $0.name(column), type: $0 == .s ? .integer : .real)
            }
            let values = data.columns[column] ?? []
            for area in areas.features.indices {
                let present = data.times.indices.compactMap { step -> (Double, Double)? in
                    guard step < values.count, area < values[step].count, let value = values[step][area] else {
                        return nil
                    }
                    return (data.times[step], value)
                }
                areas.features[area].attributes += try fields(present)
            }
        }
        return warnings
    }

    /// The eight values for one area's present (time, value) pairs, in time order.
    static func fields(_ present: [(time: Double, value: Double)]) throws -> [AttributeValue] {
        let missing = AttributeValue.missing(.empty)
        let first = present.first.map { AttributeValue.real($0.value) } ?? missing
        let last = present.last.map { AttributeValue.real($0.value) } ?? missing
        let change =
            present.count >= 2 ? AttributeValue.real(present[present.count - 1].value - present[0].value) : missing
        guard present.count >= 3 else {
            return [first, last, change] + Array(repeating: missing, count: 5)
        }
        let test = try MannKendall.test(present.map(\.value), times: present.map(\.time))
        return [
            first, last, change, .real(test.tau), .integer(Int64(test.s)), .real(test.z), .real(test.p),
            .real(test.slope),
        ]
    }

    /// The smallest two-sided p a Mann–Kendall test of n distinct values can reach (a strictly monotonic series),
    /// nil for n < 3.
    static func smallestP(_ n: Int) -> Double? {
        guard n >= 3 else { return nil }
        let test = try? MannKendall.test((0..<n).map(Double.init))
        return test?.p
    }
}

/// The trend fields a `[[series]]` step adds per column, and their suffixes.
enum SeriesTrendField: String, CaseIterable {
    case first, last, change
    case tau = "mk_tau"
    case s = "mk_s"
    case z = "mk_z"
    case p = "mk_p"
    case slope = "sen_slope"

    /// The field's name for a column (`inhabitants_age_below_6_mk_tau`).
    func name(_ column: String) -> String { "\(column)_\(rawValue)" }
}
