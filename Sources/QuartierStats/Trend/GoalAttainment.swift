import Foundation

/// Whether one unit meets a target, or will by the deadline at the pace of its trend (issue 26).
///
/// The rule, for a target value T with a direction (`atLeast`: the value must reach T or more; `atMost`: T or less),
/// a deadline D (in the series' time unit, years) and the unit's series of present (time, value) pairs:
///
///   gap = T − latest (at least) or latest − T (at most): positive means "still to go", in the indicator's unit;
///   `erreicht` when gap ≤ 0;
///   `unbestimmt` when the latest value is missing or suppressed (no gap either: a gap would reveal the value), or
///     when the series has fewer than `minimumPoints` present values (no trend; the gap is still given);
///   otherwise the pace = Sen's slope per year (towards the target: +slope for at least, −slope for at most);
///     pace ≤ 0 → `nicht_auf_kurs` (moving away or standing still; no year);
///     year = t_latest + gap / pace (the trend line through the latest value), `auf_kurs` when year ≤ D,
///     else `nicht_auf_kurs`.
///
/// Example (at least 0.9 by 2027, latest 0.80 in 2024): slope 0.05/year → year 2026 → `auf_kurs`; slope 0.025/year
/// → 2028 → `nicht_auf_kurs`; slope −0.01 → `nicht_auf_kurs` (moving away); latest 0.92 → `erreicht`.
package struct GoalAttainment: Sendable, Equatable {
    /// `at_least` or `at_most`.
    package enum Direction: String, Sendable, Codable, CaseIterable {
        case atLeast = "at_least"
        case atMost = "at_most"
    }

    /// The state of a unit against its target (German words, as they appear on public maps).
    package enum State: String, Sendable, Codable, CaseIterable {
        case erreicht
        case aufKurs = "auf_kurs"
        case nichtAufKurs = "nicht_auf_kurs"
        case unbestimmt
    }

    /// Why a state is `unbestimmt` (nil for the other states).
    package enum Undetermined: String, Sendable, Codable {
        /// The latest value is missing.
        case missing
        /// The latest value is suppressed.
        case suppressed
        /// Fewer present values than a trend needs.
        case tooFewPoints = "too_few_points"
    }

    package var state: State
    /// Distance to the target in the indicator's unit, positive = still to go; nil when the latest value is missing
    /// or suppressed.
    package var gap: Double?
    /// The time (in years) at which the trend line through the latest value reaches the target; the latest time for
    /// `erreicht`; nil when the trend does not reach it or there is none.
    package var year: Double?
    /// The pace towards the target per year (Sen's slope, signed so that positive approaches the target).
    package var pace: Double?
    package var undetermined: Undetermined?

    /// Sen's slope needs at least this many present values (as the series' trend fields).
    package static let minimumPoints = 3

    /// Judges one unit.
    /// - Parameters:
    ///   - series: the unit's present (time in years, value) pairs in time order (missing steps left out).
    ///   - latestSuppressed: the latest value is suppressed in the public tier (the unit is then `unbestimmt`).
    ///   - latestMissing: the latest step of the series has no value for the unit (`unbestimmt`, never an older
    ///     value taken as the latest).
    ///   - target: the target value, in the indicator's unit.
    ///   - direction: `atLeast` or `atMost`.
    ///   - deadline: the deadline in the series' time unit (years).
    ///   - slope: Sen's slope per year when already computed (nil: computed here from `series`).
    /// - Throws: `StatisticsError` `.nonFiniteValue` for a NaN or infinite value.
    package static func judge(
        series: [(time: Double, value: Double)], latestSuppressed: Bool = false, latestMissing: Bool = false,
        target: Double, direction: Direction, deadline: Double, slope: Double? = nil
    ) throws -> GoalAttainment {
        if latestSuppressed {
            return GoalAttainment(state: .unbestimmt, gap: nil, year: nil, pace: nil, undetermined: .suppressed)
        }
        guard !latestMissing, let latest = series.last else {
            return GoalAttainment(state: .unbestimmt, gap: nil, year: nil, pace: nil, undetermined: .missing)
        }
        guard latest.value.isFinite, target.isFinite, deadline.isFinite else {
            throw StatisticsError(.nonFiniteValue, "a goal needs finite values, target and deadline")
        }
        let gap = direction == .atLeast ? target - latest.value : latest.value - target
        if gap <= 0 {
            return GoalAttainment(state: .erreicht, gap: gap, year: latest.time, pace: nil, undetermined: nil)
        }
        guard series.count >= minimumPoints else {
            return GoalAttainment(state: .unbestimmt, gap: gap, year: nil, pace: nil, undetermined: .tooFewPoints)
        }
        let sen = try slope ?? MannKendall.test(series.map(\.value), times: series.map(\.time)).slope
        let pace = direction == .atLeast ? sen : -sen
        guard pace > 0 else {
            return GoalAttainment(state: .nichtAufKurs, gap: gap, year: nil, pace: pace, undetermined: nil)
        }
        let year = latest.time + gap / pace
        return GoalAttainment(
            state: year <= deadline + 1e-9 ? .aufKurs : .nichtAufKurs, gap: gap, year: year, pace: pace,
            undetermined: nil)
    }
}
