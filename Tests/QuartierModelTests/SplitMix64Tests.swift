import QuartierModel
import Testing

@Suite("SplitMix64")
struct SplitMix64Tests {
    /// Reference outputs of Vigna's splitmix64.c, as listed on Rosetta Code,
    /// https://rosettacode.org/wiki/Pseudo-random_numbers/Splitmix64 (seed 1234567).
    @Test func matchesTheReferenceSequence() {
        var random = SplitMix64(seed: 1_234_567)
        let expected: [UInt64] = [
            6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423,
            4_593_380_528_125_082_431, 16_408_922_859_458_223_821,
        ]
        #expect((0 ..< 5).map { _ in random.next() } == expected)
        var zero = SplitMix64(seed: 0)
        #expect(zero.next() == 0xE220_A839_7B1D_CDAF)
    }

    @Test func unitDoublesStayInTheHalfOpenInterval() {
        var random = SplitMix64(seed: 77)
        for _ in 0 ..< 10_000 {
            let u = random.nextUnitDouble()
            #expect(u >= 0 && u < 1)
        }
        var a = SplitMix64(seed: 5)
        var b = a
        #expect(a.nextDouble(in: -1, 1) == b.nextDouble(in: -1, 1))
        #expect(a.nextDouble(in: 3, 3) == 3)
    }
}
