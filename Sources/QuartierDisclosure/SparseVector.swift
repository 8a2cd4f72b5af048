/// A sparse vector over the prime field GF(p), p = 2³¹ − 1: entries sorted by index, no zeros stored.
/// Products of two entries fit in 62 bits, so `UInt64` arithmetic never overflows.
struct SparseVector: Equatable {
    static let prime: UInt64 = 2_147_483_647

    struct Entry: Equatable {
        var index: Int
        var value: UInt64
    }

    private(set) var entries: [Entry]

    init(entries: [Entry]) {
        self.entries = entries
    }

    /// 1 at each index (the indexes ascending, without repeats).
    init(ones indexes: [Int]) {
        entries = indexes.map { Entry(index: $0, value: 1) }
    }

    var isZero: Bool { entries.isEmpty }
    var first: Entry? { entries.first }

    /// The entry at `index` (0 when absent), by binary search.
    subscript(index: Int) -> UInt64 {
        var (low, high) = (0, entries.count)
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].index < index { low = middle + 1 } else { high = middle }
        }
        return low < entries.count && entries[low].index == index ? entries[low].value : 0
    }

    /// self + factor · other, merged in one pass.
    func adding(_ other: SparseVector, times factor: UInt64) -> SparseVector {
        var result: [Entry] = []
        result.reserveCapacity(entries.count + other.entries.count)
        var (i, j) = (0, 0)
        while i < entries.count || j < other.entries.count {
            if j == other.entries.count || (i < entries.count && entries[i].index < other.entries[j].index) {
                result.append(entries[i])
                i += 1
            } else {
                let scaled = other.entries[j].value * factor % Self.prime
                var value = scaled
                var index = other.entries[j].index
                if i < entries.count && entries[i].index == index {
                    value = (entries[i].value + scaled) % Self.prime
                    index = entries[i].index
                    i += 1
                }
                if value != 0 { result.append(Entry(index: index, value: value)) }
                j += 1
            }
        }
        return SparseVector(entries: result)
    }

    static func negate(_ a: UInt64) -> UInt64 { a == 0 ? 0 : prime - a }

    static func multiply(_ a: UInt64, _ b: UInt64) -> UInt64 { a * b % prime }

    /// a / b (b ≠ 0), with the inverse by Fermat's little theorem: b^(p−2).
    static func divide(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var (base, exponent, inverse) = (b % prime, prime - 2, UInt64(1))
        while exponent > 0 {
            if exponent & 1 == 1 { inverse = inverse * base % prime }
            base = base * base % prime
            exponent >>= 1
        }
        return a * inverse % prime
    }
}
