package import QuartierStats

/// One target judged on every unit of its level (issue 26): the counts per state, the units furthest from the target
/// and those moving away — `manifest.json` (`series[].goals`) and `<series>_goals.csv`.
package struct GoalSummary: Sendable, Codable, Equatable {
    /// A unit and its gap (in the indicator's unit, positive = still to go) and pace per year (nil without a trend).
    package struct Unit: Sendable, Codable, Equatable {
        package var id: String
        package var gap: Double
        package var pace: Double?
    }

    /// The series column and its catalogue id.
    package var field: String
    package var indicator: String
    /// The level the target applies to (`areas`, `city` or a roll-up name) and its deadline as written.
    package var level: String
    package var direction: GoalAttainment.Direction
    /// The target value used (a number, or the baseline's value).
    package var target: Double?
    package var deadline: String
    /// How the target value was obtained: `value`, `baseline` or `city value at <date>`.
    package var targetFrom: String
    package var source: String
    package var owner: String
    /// The fields written on the areas (`<field>_target`, `_gap`, `_goal_state`, `_goal_year`).
    package var fields: [String]
    /// Units per state (every state listed, zero included); their sum is the number of units.
    package var counts: [String: Int]
    /// Why units are `unbestimmt`: `missing`, `suppressed`, `too_few_points` → count.
    package var undetermined: [String: Int]
    /// Up to ten units furthest from the target (largest gap first, ties by id).
    package var furthest: [Unit]
    /// Units whose trend points away from the target (pace < 0), largest gap first.
    package var movingAway: [Unit]
    /// The city as one unit, when its series can be computed (a rate with its denominator): state, gap and year.
    package var city: CityGoal?
    /// Caveats the output must state (e.g. a numerator of one date only).
    package var notes: [String]
    /// For an area target: per roll-up level, each parent unit's areas per state (level → parent id → state →
    /// count); nil without roll-ups.
    package var byParent: [String: [String: [String: Int]]]? = nil

    /// Every state with 0.
    static var zeroCounts: [String: Int] {
        Dictionary(uniqueKeysWithValues: GoalAttainment.State.allCases.map { ($0.rawValue, 0) })
    }

    /// The city's attainment from the series' city values.
    package struct CityGoal: Sendable, Codable, Equatable {
        package var latest: Double?
        package var state: GoalAttainment.State
        package var gap: Double?
        package var year: Double?
    }

    enum CodingKeys: String, CodingKey {
        case field, indicator, level, direction, target, deadline, source, owner, fields, counts, undetermined
        case furthest, city, notes
        case targetFrom = "target_from"
        case movingAway = "moving_away"
        case byParent = "by_parent"
    }

    /// The summary of per-unit results.
    static func summarise(_ results: [(id: String, result: GoalAttainment)]) -> (
        counts: [String: Int], undetermined: [String: Int], furthest: [Unit], movingAway: [Unit]
    ) {
        var counts = zeroCounts
        var undetermined: [String: Int] = [:]
        for (_, result) in results {
            counts[result.state.rawValue, default: 0] += 1
            if let reason = result.undetermined { undetermined[reason.rawValue, default: 0] += 1 }
        }
        let units = results.compactMap { id, result in
            result.gap.map { Unit(id: id, gap: $0, pace: result.pace) }
        }.sorted { $0.gap != $1.gap ? $0.gap > $1.gap : $0.id < $1.id }
        return (
            counts, undetermined, Array(units.filter { $0.gap > 0 }.prefix(10)),
            units.filter { ($0.pace ?? 0) < 0 }
        )
    }
}
