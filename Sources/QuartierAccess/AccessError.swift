package import QuartierModel
/// Why an access computation refused its input. Every case names the offending value and, where there
/// is one, the position (0-based) of the origin or facility in the arrays given.
package enum AccessError: QuartierFailure, Equatable {
    /// Every case is a refused input: bad input (`.cancelled` too, as `RunCancelled`).
    package var kind: FailureKind { .badInput }

    /// A catchment radius or distance threshold that is zero, negative, NaN or infinite where a finite
    /// one is required.
    case invalidRadius(Double)
    /// A facility capacity that is negative, NaN or infinite (zero is allowed and contributes nothing).
    case invalidCapacity(facility: Int, value: Double)
    /// A demand weight that is negative or infinite (NaN is missing: that origin becomes `undefined`).
    case invalidDemand(origin: Int, value: Double)
    /// A facility without a finite position.
    case invalidFacilityPosition(facility: Int)
    /// The facility list is empty.
    case noFacilities
    /// Two arrays that must run in parallel differ in length.
    case lengthMismatch(what: String, expected: Int, actual: Int)
    /// `k` of a k-nearest query below 1.
    case invalidK(Int)
    /// A decay parameter out of its domain (named in the message).
    case invalidDecay(String)
    /// A group index outside `0 ..< areaCount`.
    case invalidGroup(origin: Int, group: Int, areaCount: Int)
    /// The calling thread was cancelled (`CallerCancellation`: a dismissed server job) while the measure ran;
    /// nothing it had computed is returned.
    case cancelled

    package var description: String {
        switch self {
        case .invalidRadius(let r):
            "a radius of \(r) m: the catchment radius must be a positive, finite number of metres"
        case .invalidCapacity(let j, let v):
            "facility \(j) has a capacity of \(v): capacities must be finite and not negative (0 is allowed)"
        case .invalidDemand(let i, let v):
            "origin \(i) has a demand of \(v): demand must be finite and not negative (leave it NaN if missing)"
        case .invalidFacilityPosition(let j):
            "facility \(j) has no finite position: remove it or give it coordinates in the projected CRS"
        case .noFacilities:
            "no facilities: access needs at least one facility"
        case .lengthMismatch(let what, let expected, let actual):
            "\(what): expected \(expected) values (one per point), got \(actual)"
        case .invalidK(let k):
            "k = \(k): the number of nearest facilities must be at least 1"
        case .invalidDecay(let why):
            "invalid distance decay: \(why)"
        case .invalidGroup(let i, let g, let count):
            "origin \(i) is in group \(g), outside 0 ..< \(count)"
        case .cancelled:
            RunCancelled().description
        }
    }
}
