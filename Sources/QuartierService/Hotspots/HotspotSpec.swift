package import QuartierStats

/// Which spatial weights to build: `queen`, `rook`, `knn:K`, `distance:METRES`,
/// `kernel:gaussian:METRES` / `kernel:gaussian:knn:K` (adaptive), `kernel:bisquare:METRES` / `kernel:bisquare:K`.
package enum WeightsKind: Sendable, Equatable, CustomStringConvertible {
    case queen
    case rook
    case knn(Int)
    case distance(Double)
    /// Inverse distance within a band: weight = d^−alpha for d ≤ threshold.
    case inverseDistance(threshold: Double, alpha: Double)
    case kernel(function: WeightsBuilder.KernelFunction, bandwidth: Double?, k: Int?)

    /// Parses the `--weights` syntax; nil with a message on error.
    package static func parse(_ text: String) throws -> WeightsKind {
        let parts = text.lowercased().split(separator: ":").map(String.init)
        func fail() -> QuartierError {
            QuartierError.user(
                "weights '\(text)' is not understood; use queen, rook, knn:K, distance:METRES, idw:METRES[:ALPHA], "
                    + "kernel:gaussian:METRES, kernel:gaussian:knn:K or kernel:bisquare:K")
        }
        switch parts.first {
        case "queen" where parts.count == 1: return .queen
        case "rook" where parts.count == 1: return .rook
        case "knn" where parts.count == 2:
            guard let k = Int(parts[1]), k >= 1 else { throw fail() }
            return .knn(k)
        case "distance" where parts.count == 2:
            guard let d = Double(parts[1]), d > 0, d.isFinite else { throw fail() }
            return .distance(d)
        case "idw" where parts.count == 2 || parts.count == 3:
            guard let d = Double(parts[1]), d > 0, d.isFinite else { throw fail() }
            let alpha = parts.count == 3 ? Double(parts[2]) : 1
            guard let alpha, alpha > 0, alpha.isFinite else { throw fail() }
            return .inverseDistance(threshold: d, alpha: alpha)
        case "kernel" where parts.count >= 3:
            guard let function = WeightsBuilder.KernelFunction(rawValue: parts[1]) else { throw fail() }
            if parts.count == 4, parts[2] == "knn", let k = Int(parts[3]), k >= 1 {
                return .kernel(function: function, bandwidth: nil, k: k)
            }
            guard parts.count == 3 else { throw fail() }
            // A whole number for bisquare is an adaptive k (kernel:bisquare:K), a number with a unit-less
            // decimal or a gaussian value is a fixed bandwidth in metres.
            if function == .bisquare, let k = Int(parts[2]) {
                guard k >= 1 else { throw fail() }
                return .kernel(function: function, bandwidth: nil, k: k)
            }
            guard let bandwidth = Double(parts[2]), bandwidth > 0 else { throw fail() }
            return .kernel(function: function, bandwidth: bandwidth, k: nil)
        default:
            throw fail()
        }
    }

    /// True for weights computed from distances between centroids (a projected CRS is needed).
    package var needsDistances: Bool {
        switch self {
        case .queen, .rook: return false
        default: return true
        }
    }

    package var description: String {
        switch self {
        case .queen: return "queen"
        case .rook: return "rook"
        case .knn(let k): return "knn:\(k)"
        case .distance(let d): return "distance:\(d)"
        case .inverseDistance(let d, let alpha): return "idw:\(d):\(alpha)"
        case .kernel(let f, let b, let k): return "kernel:\(f.rawValue):" + (b.map { "\($0)" } ?? "knn:\(k ?? 0)")
        }
    }
}

/// How the weights are transformed before the statistics: `R` row-standardised, `B` binary.
package enum WeightsTransform: String, Sendable, CaseIterable {
    case rowStandardized = "R"
    case binary = "B"

    /// Reads `--transform` / `transform = …` (case-insensitive).
    package static func parse(_ text: String) throws -> WeightsTransform {
        guard let value = WeightsTransform(rawValue: text.uppercased()) else {
            throw QuartierError.user("--transform is R or B, not '\(text)'")
        }
        return value
    }
}

/// What happens to areas without neighbours: `keep` them (state `isolated`) or connect each to its `nearest` area.
package enum IslandPolicy: String, Sendable, CaseIterable {
    case keep
    case nearest

    /// Reads `--islands` / `islands = …`.
    package static func parse(_ text: String) throws -> IslandPolicy {
        guard let value = IslandPolicy(rawValue: text) else {
            throw QuartierError.user("--islands is keep or nearest, not '\(text)'")
        }
        return value
    }
}

/// Multiple-testing correction for the significance of local statistics.
package enum CorrectionSpec: Sendable, Equatable, CustomStringConvertible {
    case none
    case fdr(Double)
    case bonferroni

    package var description: String {
        switch self {
        case .none: return "none"
        case .fdr(let q): return "fdr:\(q)"
        case .bonferroni: return "bonferroni"
        }
    }
}

/// A hotspot analysis: the `[[hotspots]]` step of an analysis file and `quartier hotspots`.
package struct HotspotSpec: Sendable {
    package var field: String?
    package var field2: String?
    package var events: String?
    package var population: String?
    package var weights: WeightsKind = .queen
    package var weightsFile: String?
    package var saveWeights: String?
    package var transform: WeightsTransform = .rowStandardized
    package var snap: Double = 0
    package var islands: IslandPolicy = .keep
    package var permutations: Int = 999
    package var seed: UInt64 = 12345
    package var alpha: Double = 0.05
    package var correction: CorrectionSpec = .none
    package var threads: Int?
    /// Prefix for the output fields when an analysis runs several hotspot steps.
    package var prefix: String = ""

    package init() {}

    /// Checks the combination of options; returns a message for the user, or nil.
    package func problem() -> String? {
        if field == nil && (events == nil || population == nil) {
            return "name the variable: --field FIELD, or --events FIELD with --population FIELD"
        }
        if (events == nil) != (population == nil) { return "--events and --population go together" }
        if permutations < 0 || permutations > 1_000_000 { return "--permutations must be between 0 and 1,000,000" }
        if !(alpha > 0 && alpha < 1) { return "--alpha must be between 0 and 1" }
        if case .fdr(let q) = correction, !(q > 0 && q < 1) { return "--fdr must be between 0 and 1" }
        if snap < 0 || !snap.isFinite { return "--snap must be a distance >= 0" }
        if let threads, threads < 1 { return "--threads must be at least 1" }
        return nil
    }
}
