import QuartierStats
import Testing

@Suite("SpatialWeights")
struct SpatialWeightsTests {
    @Test func validatesAndTransforms() throws {
        let w = try SpatialWeights(ids: ["a", "b", "c", "d"], neighbors: [[1, 2], [0], [0], []])
        #expect(w.count == 4)
        #expect(w.islands == [3])
        #expect(w.cardinalities == [2, 1, 1, 0])
        #expect(w.s0 == 4)
        let r = w.rowStandardized()
        #expect(Array(r.weights(of: 0)) == [0.5, 0.5])
        #expect(r.transform == .rowStandardized)
        #expect(r.binary().weights == [1, 1, 1, 1])
        let sub = w.subset([true, false, true, true])
        #expect(sub.ids == ["a", "c", "d"])
        #expect(Array(sub.neighbors(of: 0)) == [1])
    }

    @Test func rejectsBadMatrices() {
        #expect(throws: SpatialWeights.InvalidWeights.self) { try SpatialWeights(ids: ["a"], neighbors: [[0]]) }
        #expect(throws: SpatialWeights.InvalidWeights.self) { try SpatialWeights(ids: ["a"], neighbors: [[3]]) }
        #expect(throws: SpatialWeights.InvalidWeights.self) {
            try SpatialWeights(ids: ["a", "b"], neighbors: [[1], [0]], weights: [[.nan], [1]])
        }
        #expect(throws: SpatialWeights.InvalidWeights.self) { try SpatialWeights(ids: ["a", "b"], neighbors: [[1, 1], [0]]) }
    }
}
