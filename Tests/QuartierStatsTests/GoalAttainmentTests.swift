import Foundation
import QuartierStats
import Testing

/// The goal rule (issue 26) on hand-made series: each state, the year of reaching against a hand computation, and
/// gaps in both directions.
@Suite("Goal attainment")
struct GoalAttainmentTests {
    /// 2020…2024, rising by `step` per year from `start` (Sen's slope = step exactly).
    private func linear(_ start: Double, _ step: Double, years: Int = 5) -> [(time: Double, value: Double)] {
        (0..<years).map { (2020 + Double($0), start + step * Double($0)) }
    }

    @Test func metNowIsErreichtWithANegativeGap() throws {
        let result = try GoalAttainment.judge(
            series: linear(0.80, 0.03), target: 0.9, direction: .atLeast, deadline: 2027)
        // latest 0.92 ≥ 0.9: gap 0.9 − 0.92 = −0.02.
        #expect(result.state == .erreicht)
        #expect(isClose(try #require(result.gap), -0.02))
        #expect(result.year == 2024)
    }

    @Test func onTrackReachesTheTargetOneYearBeforeTheDeadline() throws {
        // latest 0.80 in 2024, slope 0.05/year: gap 0.10, 0.10 / 0.05 = 2 years → 2026, deadline 2027.
        let result = try GoalAttainment.judge(
            series: linear(0.60, 0.05), target: 0.9, direction: .atLeast, deadline: 2027)
        #expect(result.state == .aufKurs)
        #expect(isClose(try #require(result.gap), 0.10))
        #expect(isClose(try #require(result.year), 2026))
        #expect(isClose(try #require(result.pace), 0.05))
    }

    @Test func offTrackByOneYear() throws {
        // latest 0.80 in 2024, slope 0.025/year: 0.10 / 0.025 = 4 years → 2028, one year after the deadline 2027.
        let result = try GoalAttainment.judge(
            series: linear(0.70, 0.025), target: 0.9, direction: .atLeast, deadline: 2027)
        #expect(result.state == .nichtAufKurs)
        #expect(isClose(try #require(result.year), 2028))
    }

    @Test func movingAwayHasNoYear() throws {
        let result = try GoalAttainment.judge(
            series: linear(0.84, -0.01), target: 0.9, direction: .atLeast, deadline: 2027)
        #expect(result.state == .nichtAufKurs)
        #expect(result.year == nil)
        #expect(isClose(try #require(result.pace), -0.01))
        #expect(isClose(try #require(result.gap), 0.10))
    }

    @Test func twoPointsAreUndeterminedButKeepTheGap() throws {
        let result = try GoalAttainment.judge(
            series: linear(0.60, 0.2, years: 2), target: 0.9, direction: .atLeast, deadline: 2027)
        #expect(result.state == .unbestimmt)
        #expect(result.undetermined == .tooFewPoints)
        #expect(isClose(try #require(result.gap), 0.10))
        #expect(result.year == nil)
    }

    @Test func aSuppressedLatestValueIsUndeterminedWithoutGap() throws {
        let result = try GoalAttainment.judge(
            series: linear(0.60, 0.05), latestSuppressed: true, target: 0.9, direction: .atLeast, deadline: 2027)
        #expect(result.state == .unbestimmt && result.undetermined == .suppressed)
        #expect(result.gap == nil && result.year == nil && result.pace == nil)
        let missing = try GoalAttainment.judge(
            series: linear(0.60, 0.05), latestMissing: true, target: 0.9, direction: .atLeast, deadline: 2027)
        #expect(missing.state == .unbestimmt && missing.undetermined == .missing && missing.gap == nil)
    }

    @Test func atMostFallingChildPoverty() throws {
        // S4 %: 30, 29, 28, 27 (2018…2021, slope −1/year), target at most 25 by 2024: gap 27 − 25 = 2, pace 1 →
        // 2023 → on track; target 25 by 2022 → off track; target 28 → met (gap −1).
        let series: [(time: Double, value: Double)] = [(2018, 30), (2019, 29), (2020, 28), (2021, 27)]
        let onTrack = try GoalAttainment.judge(series: series, target: 25, direction: .atMost, deadline: 2024)
        #expect(onTrack.state == .aufKurs)
        #expect(isClose(try #require(onTrack.gap), 2))
        #expect(isClose(try #require(onTrack.year), 2023))
        let late = try GoalAttainment.judge(series: series, target: 25, direction: .atMost, deadline: 2022)
        #expect(late.state == .nichtAufKurs)
        let met = try GoalAttainment.judge(series: series, target: 28, direction: .atMost, deadline: 2024)
        #expect(met.state == .erreicht)
        #expect(isClose(try #require(met.gap), -1))
        // Rising poverty against an at-most target moves away.
        let rising = try GoalAttainment.judge(
            series: series.reversed().enumerated().map { (2018 + Double($0.offset), $0.element.value) },
            target: 25, direction: .atMost, deadline: 2024)
        #expect(rising.state == .nichtAufKurs && rising.year == nil)
    }

    @Test func yearAgainstAHandComputedSenSlopeOnHalfYears() throws {
        // Half-yearly 2023.0, 2023.5, 2024.0, 2024.5 with values 0.70, 0.74, 0.73, 0.79: pairwise slopes per year
        // (0.04/0.5, 0.03/1, 0.09/1.5, −0.01/0.5, 0.05/1, 0.06/0.5) = 0.08, 0.03, 0.06, −0.02, 0.05, 0.12;
        // median of the sorted (−0.02, 0.03, 0.05, 0.06, 0.08, 0.12) = (0.05 + 0.06)/2 = 0.055.
        // gap 0.9 − 0.79 = 0.11 → 0.11 / 0.055 = 2 years → 2026.5.
        let series: [(time: Double, value: Double)] = [(2023, 0.70), (2023.5, 0.74), (2024, 0.73), (2024.5, 0.79)]
        let result = try GoalAttainment.judge(series: series, target: 0.9, direction: .atLeast, deadline: 2026.5)
        #expect(isClose(try #require(result.pace), 0.055))
        #expect(isClose(try #require(result.year), 2026.5))
        #expect(result.state == .aufKurs)
        let early = try GoalAttainment.judge(series: series, target: 0.9, direction: .atLeast, deadline: 2026.4)
        #expect(early.state == .nichtAufKurs)
    }
}
