package import QuartierModel

/// A spatial weights matrix in compressed sparse rows: for area `i`, its neighbours are
/// `neighbors[offsets[i]..<offsets[i+1]]` with the weights at the same positions. Validated once at
/// construction (indexes in range, no self-neighbours, finite non-negative weights), then trusted.
///
/// Modelled on libpysal's `W`/`Graph` (https://pysal.org/libpysal/): `ids` are the areas' keys,
/// `islands` the areas without neighbours, transforms return new values.
package struct SpatialWeights: Sendable, Equatable {
    /// The transformation the weights carry (libpysal's `transform`).
    package enum Transform: String, Sendable, Codable, Equatable {
        /// As built: 1 for contiguity and kNN, the kernel or inverse-distance value otherwise.
        case original = "O"
        /// Binary: every neighbour weighs 1.
        case binary = "B"
        /// Row-standardised: each row sums to 1 (islands keep an empty row).
        case rowStandardized = "R"
    }

    /// Error for weights that do not describe a valid matrix.
    package struct InvalidWeights: QuartierFailure {
        package var message: String
        package var description: String { message }
        /// Neighbour lists or weights that describe no valid matrix (usually from a weights file): bad input.
        package var kind: FailureKind { .badInput }
    }

    /// The areas' keys, in the order of rows.
    package let ids: [String]
    /// Row starts: `count + 1` entries, `offsets[0] == 0`.
    package let offsets: [Int]
    /// Column indexes of the neighbours, row after row.
    package let neighbors: [Int]
    /// The weights, aligned with `neighbors`.
    package let weights: [Double]
    package let transform: Transform

    /// Builds weights from neighbour lists.
    /// - Parameters:
    ///   - neighbors: for each area, the indexes of its neighbours (any order; kept as given).
    ///   - weights: the weights aligned with `neighbors`; nil gives 1 to every neighbour.
    /// - Throws: `InvalidWeights` naming the first area with an unknown index, a self-neighbour,
    ///   a duplicate neighbour, or a weight that is NaN, infinite or negative.
    package init(ids: [String], neighbors lists: [[Int]], weights weightLists: [[Double]]? = nil,
        transform: Transform = .original) throws
    {
        guard lists.count == ids.count else {
            throw InvalidWeights(message: "\(lists.count) neighbour lists for \(ids.count) areas")
        }
        if let weightLists, weightLists.count != ids.count {
            throw InvalidWeights(message: "\(weightLists.count) weight lists for \(ids.count) areas")
        }
        var offsets = [0]
        offsets.reserveCapacity(ids.count + 1)
        var flat: [Int] = []
        var flatWeights: [Double] = []
        for (i, list) in lists.enumerated() {
            let row = weightLists?[i] ?? Array(repeating: 1, count: list.count)
            guard row.count == list.count else {
                throw InvalidWeights(message: "area '\(ids[i])': \(list.count) neighbours but \(row.count) weights")
            }
            var seen = Set<Int>()
            for (j, w) in zip(list, row) {
                guard j >= 0 && j < ids.count else {
                    throw InvalidWeights(message: "area '\(ids[i])': neighbour index \(j) is not an area")
                }
                guard j != i else { throw InvalidWeights(message: "area '\(ids[i])' is its own neighbour") }
                guard seen.insert(j).inserted else {
                    throw InvalidWeights(message: "area '\(ids[i])' lists neighbour '\(ids[j])' twice")
                }
                guard w.isFinite && w >= 0 else {
                    throw InvalidWeights(message: "area '\(ids[i])': weight \(w) for '\(ids[j])' is not a finite, non-negative number")
                }
            }
            flat += list
            flatWeights += row
            offsets.append(flat.count)
        }
        self.init(ids: ids, offsets: offsets, neighbors: flat, weights: flatWeights, transform: transform)
    }

    /// Trusted construction from CSR arrays (used by builders and transforms of this module).
    init(ids: [String], offsets: [Int], neighbors: [Int], weights: [Double], transform: Transform) {
        self.ids = ids
        self.offsets = offsets
        self.neighbors = neighbors
        self.weights = weights
        self.transform = transform
    }

    /// Number of areas.
    package var count: Int { ids.count }

    /// The neighbour indexes of area `i`.
    package func neighbors(of i: Int) -> ArraySlice<Int> { neighbors[offsets[i]..<offsets[i + 1]] }

    /// The weights of area `i`'s neighbours, aligned with `neighbors(of:)`.
    package func weights(of i: Int) -> ArraySlice<Double> { weights[offsets[i]..<offsets[i + 1]] }

    /// Number of neighbours of each area.
    package var cardinalities: [Int] { (0..<count).map { offsets[$0 + 1] - offsets[$0] } }

    /// Areas without neighbours, by index.
    package var islands: [Int] { (0..<count).filter { offsets[$0 + 1] == offsets[$0] } }

    /// S0: the sum of all weights.
    package var s0: Double { weights.reduce(0, +) }

    /// Every neighbour weighs 1.
    package func binary() -> SpatialWeights {
        SpatialWeights(
            ids: ids, offsets: offsets, neighbors: neighbors, weights: Array(repeating: 1, count: weights.count),
            transform: .binary)
    }

    /// Each row divided by its sum; islands keep an empty row.
    package func rowStandardized() -> SpatialWeights {
        var result = weights
        for i in 0..<count {
            let range = offsets[i]..<offsets[i + 1]
            let sum = weights[range].reduce(0, +)
            guard sum > 0 else { continue }
            for k in range { result[k] = weights[k] / sum }
        }
        return SpatialWeights(ids: ids, offsets: offsets, neighbors: neighbors, weights: result, transform: .rowStandardized)
    }

    /// The weights restricted to the areas where `keep` is true (areas with a missing value are nobody's
    /// neighbour); the transform is not re-applied — transform after subsetting.
    package func subset(_ keep: [Bool]) -> SpatialWeights {
        var newIndex = [Int](repeating: -1, count: count)
        var next = 0
        for i in 0..<count where keep[i] {
            newIndex[i] = next
            next += 1
        }
        var ids: [String] = []
        var offsets = [0]
        var flat: [Int] = []
        var flatWeights: [Double] = []
        for i in 0..<count where keep[i] {
            ids.append(self.ids[i])
            for k in self.offsets[i]..<self.offsets[i + 1] where newIndex[neighbors[k]] >= 0 {
                flat.append(newIndex[neighbors[k]])
                flatWeights.append(weights[k])
            }
            offsets.append(flat.count)
        }
        return SpatialWeights(ids: ids, offsets: offsets, neighbors: flat, weights: flatWeights, transform: .original)
    }
}
