import QuartierServer
import Testing

/// `HotspotChange` and `HotspotDiff.compare`: the five classes from pairs of `Gi_Bin`.
@Suite("HotspotDiff")
struct HotspotDiffTests {
    @Test(
        arguments: [
            (0, 2, HotspotChange.new), (nil, -1, .new), (-2, 1, .new), (3, 3, .persistent), (-1, -1, .persistent),
            (1, 3, .intensified), (-1, -2, .intensified), (3, 1, .weakened), (-3, -2, .weakened), (2, 0, .disappeared),
            (-3, nil, .disappeared),
        ] as [(Int?, Int?, HotspotChange)])
    func classes(before: Int?, after: Int?, expected: HotspotChange) {
        #expect(HotspotChange(before: before, after: after) == expected)
    }

    @Test func areasNeverSignificantAreLeftOut() {
        #expect(HotspotChange(before: 0, after: 0) == nil)
        #expect(HotspotChange(before: nil, after: 0) == nil)
        let entries = HotspotDiff.compare(before: ["a": 0, "b": 1, "c": 2], after: ["a": 0, "b": 2, "d": -1])
        #expect(entries.map(\.id) == ["b", "c", "d"])
        #expect(entries.map(\.change) == [.intensified, .disappeared, .new])
    }
}
