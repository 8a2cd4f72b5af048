import Foundation

/// Tail probabilities of the standard normal distribution, from the complementary error function
/// (accurate in the far tails, unlike 1 − Φ(z)); scipy's `norm.sf`/`norm.cdf` give the same values.
enum NormalDistribution {
    /// P(Z > z).
    static func upperTail(_ z: Double) -> Double { 0.5 * erfc(z / 2.0.squareRoot()) }

    /// P(Z < z).
    static func lowerTail(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }

    /// Two-sided p: P(|Z| > |z|) = 2·P(Z > |z|).
    static func twoSided(_ z: Double) -> Double { min(1, 2 * upperTail(abs(z))) }
}
