/// SplitMix64: a small, fast, seedable pseudo-random number generator.
///
/// Every value is a pure function of the seed, on every platform and toolchain, so synthetic data and
/// permutation tests are reproducible. Not for cryptography.
///
/// Source: G. L. Steele, D. Lea, C. H. Flood, "Fast splittable pseudorandom number generators",
/// OOPSLA 2014, https://doi.org/10.1145/2660193.2660195; constants as in S. Vigna's reference
/// implementation, https://prng.di.unimi.it/splitmix64.c
package struct SplitMix64: RandomNumberGenerator, Sendable, Hashable {
    /// The generator's whole state; advanced by the golden-ratio increment on every draw.
    package private(set) var state: UInt64

    package init(seed: UInt64) {
        state = seed
    }

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in `[0, 1)` from the top 53 bits of the next value.
    ///
    /// Spelled out rather than using `Double.random(in:using:)`, whose mapping from bits to doubles
    /// the standard library does not promise to keep across versions.
    package mutating func nextUnitDouble() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform double in `[lower, upper)` (or exactly `lower` when the range is empty).
    package mutating func nextDouble(in lower: Double, _ upper: Double) -> Double {
        lower + (upper - lower) * nextUnitDouble()
    }
}
