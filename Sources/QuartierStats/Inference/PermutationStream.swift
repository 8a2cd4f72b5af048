import QuartierModel

/// Random streams for permutation inference, derived from a seed and an index only, so that results do
/// not depend on the number of threads or on the order in which areas are processed.
extension SplitMix64 {
    /// The generator for stream `index` of `seed`: the seed and the index are mixed by one SplitMix64
    /// step each, so neighbouring indexes give unrelated streams (Steele et al. 2014, "split").
    static func stream(seed: UInt64, index: Int) -> SplitMix64 {
        var mixer = SplitMix64(seed: seed ^ (UInt64(truncatingIfNeeded: index) &* 0xD1B5_4A32_D192_ED03))
        return SplitMix64(seed: mixer.next())
    }

    /// A uniform integer in `0..<bound` (bound > 0), by Lemire's nearly divisionless method
    /// (D. Lemire, "Fast random integer generation in an interval", ACM TOMACS 29(1), 2019).
    /// Spelled out because `Int.random(in:using:)` does not promise a stable mapping across versions.
    @inline(__always)
    mutating func bounded(_ bound: UInt64) -> UInt64 {
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold { product = next().multipliedFullWidth(by: bound) }
        }
        return product.high
    }

    /// Shuffles `buffer` in place (Fisher–Yates, Durstenfeld's form).
    mutating func shuffle(_ buffer: inout [Double]) {
        var i = buffer.count - 1
        while i > 0 {
            let j = Int(bounded(UInt64(i + 1)))
            buffer.swapAt(i, j)
            i -= 1
        }
    }
}
