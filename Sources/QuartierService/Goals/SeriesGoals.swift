import Foundation
import QuartierModel
import QuartierStats

/// The goal fields of a `[[series]]` (issue 26): for each column the analysis maps to a catalogue indicator with
/// targets, every area judged against each `level = "areas"` target (`GoalAttainment`), and the summary per target.
/// The fields come from the series as delivered (internal): they are never written to public outputs.
enum SeriesGoals {
    /// The field names of a column's n-th area target (1-based; `_2`, `_3`, … after the first).
    static func fieldNames(_ column: String, index: Int) -> [String] {
        let suffix = index == 1 ? "" : "_\(index)"
        return ["target", "gap", "goal_state", "goal_year"].map { "\(column)_\($0)\(suffix)" }
    }

    /// Appends the goal fields to the areas.
    /// - Parameters:
    ///   - indicators: the analysis' `[indicators]` (field → catalogue entry).
    ///   - ids: the areas' keys, in order.
    /// - Returns: one summary per target (roll-up targets are reported as not computed in `notes`).
    static func add(
        to areas: inout FeatureLayer, data: SeriesData, spec: SeriesSpec, indicators: [String: IndicatorEntry],
        ids: [String], place: String
    ) throws -> [GoalSummary] {
        var summaries: [GoalSummary] = []
        let existing = Set(areas.fields.map(\.name))
        for column in spec.columns {
            guard let entry = indicators[column], let targets = entry.targets, !targets.isEmpty else { continue }
            let values = data.columns[column] ?? []
            let city = cityValues(column, data: data, spec: spec)
            var areaIndex = 0
            for target in targets {
                let (targetValue, targetFrom) = try value(
                    of: target, column: column, city: city, data: data, place: place)
                guard let deadline = GoalTarget.deadlineKey(target.deadline) else {
                    throw QuartierError.internal("deadline '\(target.deadline)' was not validated")
                }
                var summary = GoalSummary(
                    field: column, indicator: entry.id, level: target.level, direction: target.direction,
                    target: targetValue, deadline: target.deadline, targetFrom: targetFrom, source: target.source,
                    owner: target.owner, fields: [], counts: [:], undetermined: [:], furthest: [], movingAway: [],
                    city: nil, notes: [])
                if let parts = spec.ratios[column], parts.count == 2 {
                    summary.notes.append(
                        "\(column) = \(parts[0]) / \(parts[1]): the numerator \(parts[0]) is of one date for every step, "
                            + "so the trend is that of \(parts[1]) alone")
                }
                if let cityValues = city {
                    let present = zip(data.times, cityValues).compactMap { t, v in v.map { (time: t, value: $0) } }
                    let judged = try GoalAttainment.judge(
                        series: present, latestMissing: cityValues.last.map { $0 == nil } ?? true, target: targetValue,
                        direction: target.direction, deadline: deadline)
                    summary.city = GoalSummary.CityGoal(
                        latest: cityValues.last ?? nil, state: judged.state, gap: judged.gap, year: judged.year)
                }
                switch target.levelRef {
                case .city:
                    if city == nil {
                        summary.notes.append(
                            "the city's value of '\(column)' needs the series to carry it as a rate (rates = { \(column) "
                                + "= \"<denominator>\" }); the city target is not judged")
                    }
                    summaries.append(summary)
                    continue
                case .rollup(let name):
                    summary.notes.append("the level '\(name)' is judged after the roll-ups")
                    summaries.append(summary)
                    continue
                case .areas:
                    break
                }
                areaIndex += 1
                let names = fieldNames(column, index: areaIndex)
                if let clash = names.first(where: existing.contains) {
                    throw QuartierError.user("\(place): the areas already have a field '\(clash)'; rename it")
                }
                areas.fields += [
                    FieldDefinition(name: names[0], type: .real), FieldDefinition(name: names[1], type: .real),
                    FieldDefinition(name: names[2], type: .string), FieldDefinition(name: names[3], type: .real),
                ]
                var results: [(id: String, result: GoalAttainment)] = []
                for area in areas.features.indices {
                    let series = data.times.indices.compactMap { step -> (time: Double, value: Double)? in
                        guard step < values.count, area < values[step].count, let v = values[step][area] else {
                            return nil
                        }
                        return (data.times[step], v)
                    }
                    let latestMissing = values.last.map { area >= $0.count || $0[area] == nil } ?? true
                    let result = try GoalAttainment.judge(
                        series: series, latestMissing: latestMissing, target: targetValue, direction: target.direction,
                        deadline: deadline)
                    results.append((area < ids.count ? ids[area] : "", result))
                    let missing = AttributeValue.missing(.empty)
                    areas.features[area].attributes += [
                        .real(targetValue), result.gap.map { .real($0) } ?? missing, .string(result.state.rawValue),
                        result.year.map { .real($0) } ?? missing,
                    ]
                }
                let summarised = GoalSummary.summarise(results)
                summary.fields = names
                summary.counts = summarised.counts
                summary.undetermined = summarised.undetermined
                summary.furthest = summarised.furthest
                summary.movingAway = summarised.movingAway
                summaries.append(summary)
            }
        }
        return summaries
    }

    /// The target value: the number, the baseline value, or the city's value at the baseline date.
    private static func value(
        of target: GoalTarget, column: String, city: [Double?]?, data: SeriesData, place: String
    ) throws -> (Double, String) {
        if let value = target.value { return (value, "value") }
        if let baseline = target.baselineValue { return (baseline, "baseline") }
        let date = target.baselineDate ?? ""
        guard let city else {
            throw QuartierError.user(
                "\(place): a target of '\(column)' is the city's value at \(date), which needs the series to carry "
                    + "'\(column)' as a rate (rates = { \(column) = \"<denominator>\" })")
        }
        guard let key = SeriesCube.parse(date)?.0,
            let step = data.times.firstIndex(where: { abs($0 - key) < 1e-9 }) ?? data.steps.firstIndex(of: date)
                ?? data.times.lastIndex(where: { Int($0) == Int(key) }),
            let value = city[step]
        else {
            throw QuartierError.user(
                "\(place): the baseline date \(date) of a target of '\(column)' is no step of the series with a city "
                    + "value; steps: " + data.steps.joined(separator: ", "))
        }
        return (value, "city value at \(data.steps[step])")
    }

    /// The city's value per step of a rate column: Σ rate·denominator / Σ denominator over the areas with both
    /// present (nil in a step without any); nil when the column is no rate of the series.
    static func cityValues(_ column: String, data: SeriesData, spec: SeriesSpec) -> [Double?]? {
        guard let denominator = spec.rates[column], let rates = data.columns[column],
            let weights = data.columns[denominator]
        else { return nil }
        return zip(rates, weights).map { rate, weight in
            var numerator = 0.0
            var total = 0.0
            for (r, w) in zip(rate, weight) {
                guard let r, let w else { continue }
                numerator += r * w
                total += w
            }
            return total > 0 ? numerator / total : nil
        }
    }
}
