import Foundation

/// A 95 % confidence interval for a rate from its published numerator and denominator, and which method gave it.
/// Proportions (unit `%`, numerator ≤ denominator) use Wilson's score interval (Wilson 1927, *Probable inference,
/// the law of succession, and statistical inference*, JASA 22(158)); other rates treat the numerator as a Poisson
/// count and use Byar's approximation of the exact interval (Breslow & Day 1987, *Statistical Methods in Cancer
/// Research II*, p. 69), as England's Fingertips profiles do. The comparator lies outside the interval ⇔ the
/// difference is significant at the 5 % level (Fingertips' comparison with a benchmark).
package struct RateInterval: Sendable, Equatable {
    package enum Method: String, Sendable {
        case wilson
        case byar

        /// How the page names it.
        package var german: String {
            switch self {
            case .wilson: "Wilson-Score-Intervall (95 %) aus Zähler und Nenner"
            case .byar: "Poisson-Intervall nach Byar (95 %) aus Zähler und Nenner"
            }
        }
    }

    /// Bounds in the rate's own units (numerator / denominator × scale).
    package var lower: Double
    package var upper: Double
    package var method: Method

    /// The normal quantile of a two-sided 95 % interval.
    static let z = 1.959963984540054

    /// The interval of `numerator / denominator × scale`, or nil when it is not defined (denominator ≤ 0, negative
    /// or non-integer-looking counts are still treated as counts).
    package static func of(numerator: Double, denominator: Double, scale: Double, proportion: Bool) -> RateInterval? {
        guard denominator > 0, numerator >= 0, numerator.isFinite, denominator.isFinite else { return nil }
        if proportion && numerator <= denominator {
            let (n, p) = (denominator, numerator / denominator)
            let z2 = z * z
            let centre = (p + z2 / (2 * n)) / (1 + z2 / n)
            let half = z / (1 + z2 / n) * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
            // At 0 and at n the score interval ends exactly at 0 and 1 (rounding would leave the value outside).
            let lower = numerator == 0 ? 0 : max(0, centre - half)
            let upper = numerator == denominator ? 1 : min(1, centre + half)
            return RateInterval(lower: lower * scale, upper: upper * scale, method: .wilson)
        }
        let o = numerator
        let lower = o == 0 ? 0 : o * pow(1 - 1 / (9 * o) - z / (3 * o.squareRoot()), 3)
        let u = o + 1
        let upper = u * pow(1 - 1 / (9 * u) + z / (3 * u.squareRoot()), 3)
        return RateInterval(lower: lower / denominator * scale, upper: upper / denominator * scale, method: .byar)
    }

    /// Whether a comparator value lies outside the interval: +1 the area is significantly higher, −1 lower, 0 not.
    package func compare(with comparator: Double) -> Int {
        if comparator < lower { return 1 }
        if comparator > upper { return -1 }
        return 0
    }
}
