import QuartierModel

/// Runs work over origins in fixed-size chunks on all cores (`ParallelChunks.run(count:size:)`).
///
/// Chunk boundaries depend only on the number of origins (and, for per-chunk partial sums, on the
/// number of facilities), never on the number of threads, and every output slot is written by exactly
/// one chunk: results are identical, bit for bit, whatever the core count.
enum OriginChunks {
    /// Origins per chunk: large enough to amortise scheduling, small enough to balance two cores.
    static let size = 1024

    /// Calls `body(chunk, range)` for every chunk of `size` origins, in parallel when there is more than one.
    static func run(count: Int, size: Int = size, _ body: (Int, Range<Int>) -> Void) {
        ParallelChunks.run(count: count, size: size, body)
    }
}

/// A column being filled in parallel: each position is written by exactly one chunk.
struct ColumnWriter<Element>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>

    @inline(__always)
    func callAsFunction(_ i: Int, _ value: Element) {
        base[i] = value
    }

    /// Builds a column of `count` elements, all `initial`, and lets `fill` write into it.
    static func column(_ count: Int, _ initial: Element, _ fill: (ColumnWriter<Element>) -> Void) -> [Element] {
        var column = [Element](repeating: initial, count: count)
        column.withUnsafeMutableBufferPointer { buffer in
            if let base = buffer.baseAddress { fill(ColumnWriter(base: base)) }
        }
        return column
    }
}
