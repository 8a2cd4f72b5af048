import QuartierAccess
import QuartierModel
import Testing

@Suite("AccessAggregation")
struct AccessAggregationTests {
    @Test func weightedMeanMedianAndShareBeyond() throws {
        // Area 0: distances 100 (P 1), 200 (P 1), 900 (P 2); area 1: empty; origin 4 outside; origin 5 NaN.
        let agg = try AccessAggregation(
            groups: [0, 0, 0, 1, nil, 0], areaCount: 3, demand: [1, 1, 2, 0, 7, .nan],
            nearestDistance: [100, 200, 900, 50, 10, 5], threshold: 500)
        #expect(agg.demand == [4, 0, 0])
        #expect(agg.meanDistance[0] == 525)
        #expect(agg.medianDistance[0] == 200)
        #expect(agg.shareBeyond[0] == 0.5)
        #expect(agg.states == [.ok, .undefined, .undefined])
        #expect(agg.meanDistance[1] == nil)
        #expect(agg.meanAccess == [nil, nil, nil])
    }

    @Test func noProvisionCellsCountAsZeroAccess() throws {
        let origins = [Coordinate(x: 0, y: 0), Coordinate(x: 100, y: 0), Coordinate(x: 9000, y: 0)]
        let demand = [10.0, 30, 60]
        let fca = try FloatingCatchment.twoStep(
            origins: origins, demand: demand, facilities: [Coordinate(x: 50, y: 0)], capacities: [4], radius: 1000)
        let agg = try AccessAggregation(
            groups: [0, 0, 0], areaCount: 1, demand: demand, nearestDistance: fca.nearestDistance, threshold: 1000,
            access: fca)
        // Cells 0 and 1 have A = 4/40 = 0.1; cell 2 counts as 0: (10·0.1 + 30·0.1 + 60·0) / 100 = 0.04.
        #expect(isClose(agg.meanAccess[0], 0.04))
        #expect(agg.shareWithoutProvision[0] == 0.6)
        #expect(agg.shareBeyond[0] == 0.6)
        // The area's mean times its demand is the supply it reached.
        #expect(isClose((agg.meanAccess[0] ?? 0) * agg.demand[0], fca.reachedSupply))
    }

    @Test func rejectsGroupsOutOfRange() {
        #expect(throws: AccessError.invalidGroup(origin: 0, group: 2, areaCount: 2)) {
            try AccessAggregation(groups: [2], areaCount: 2, demand: [1], nearestDistance: [1], threshold: 10)
        }
    }
}
