/// The access measure of `quartier access --measure` and an `[[access]]` step.
package enum AccessMeasure: Sendable, Equatable, CustomStringConvertible {
    case nearest
    case knn(Int)
    case cumulative(radius: Double)
    case gravityPower(beta: Double, maxDistance: Double)
    case gravityGaussian(sigma: Double, maxDistance: Double)
    case twoStep(radius: Double)
    case enhancedTwoStep(steps: [(upTo: Double, weight: Double)])
    case gaussianFCA(sigma: Double, radius: Double)

    package static func == (a: AccessMeasure, b: AccessMeasure) -> Bool { a.description == b.description }

    /// Parses `nearest`, `knn:K`, `cumulative:METRES`, `gravity:power:BETA:METRES`,
    /// `gravity:gaussian:SIGMA:METRES`, `2sfca:METRES`, `e2sfca:METRES=WEIGHT,…`, `gaussian:SIGMA:METRES`.
    package static func parse(_ text: String) throws -> AccessMeasure {
        let parts = text.lowercased().split(separator: ":").map(String.init)
        func fail(_ why: String = "") -> QuartierError {
            QuartierError.user(
                "measure '\(text)' is not understood\(why); use nearest, knn:K, cumulative:METRES, "
                    + "gravity:power:BETA:METRES, gravity:gaussian:SIGMA:METRES, 2sfca:METRES, "
                    + "e2sfca:METRES=WEIGHT,METRES=WEIGHT,… or gaussian:SIGMA:METRES")
        }
        func metres(_ s: String) throws -> Double {
            guard let v = Double(s), v.isFinite else { throw fail() }
            guard v > 0 else { throw fail(" (a distance must be greater than 0 m)") }
            return v
        }
        switch (parts.first, parts.count) {
        case ("nearest", 1): return .nearest
        case ("knn", 2):
            guard let k = Int(parts[1]), k >= 1 else { throw fail() }
            return .knn(k)
        case ("cumulative", 2): return .cumulative(radius: try metres(parts[1]))
        case ("gravity", 4) where parts[1] == "power":
            guard let beta = Double(parts[2]), beta > 0 else { throw fail() }
            return .gravityPower(beta: beta, maxDistance: try metres(parts[3]))
        case ("gravity", 4) where parts[1] == "gaussian":
            return .gravityGaussian(sigma: try metres(parts[2]), maxDistance: try metres(parts[3]))
        case ("2sfca", 2): return .twoStep(radius: try metres(parts[1]))
        case ("e2sfca", 2):
            let steps = try parts[1].split(separator: ",").map { step -> (Double, Double) in
                let pair = step.split(separator: "=")
                guard pair.count == 2, let w = Double(pair[1]), w >= 0, w <= 1 else { throw fail(" (steps are METRES=WEIGHT, weights 0…1)") }
                return (try metres(String(pair[0])), w)
            }
            guard !steps.isEmpty, zip(steps, steps.dropFirst()).allSatisfy({ $0.0 < $1.0 }) else {
                throw fail(" (steps must be in increasing distance)")
            }
            return .enhancedTwoStep(steps: steps.map { (upTo: $0.0, weight: $0.1) })
        case ("gaussian", 3): return .gaussianFCA(sigma: try metres(parts[1]), radius: try metres(parts[2]))
        default: throw fail()
        }
    }

    package var description: String {
        switch self {
        case .nearest: return "nearest"
        case .knn(let k): return "knn:\(k)"
        case .cumulative(let r): return "cumulative:\(r)"
        case .gravityPower(let b, let d): return "gravity:power:\(b):\(d)"
        case .gravityGaussian(let s, let d): return "gravity:gaussian:\(s):\(d)"
        case .twoStep(let r): return "2sfca:\(r)"
        case .enhancedTwoStep(let steps): return "e2sfca:" + steps.map { "\($0.upTo)=\($0.weight)" }.joined(separator: ",")
        case .gaussianFCA(let s, let r): return "gaussian:\(s):\(r)"
        }
    }
}
