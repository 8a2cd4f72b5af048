import QuartierModel

/// Runs work over origins in fixed-size chunks on all cores (`ParallelChunks.run(count:size:)`).
///
/// Chunk boundaries depend only on the number of origins (and, for per-chunk partial sums, on the
/// number of facilities), never on the number of threads, and every output slot is written by exactly
/// one chunk: results are identical, bit for bit, whatever the core count.
///
/// A chunk is handed to its body in slices of `sliceSize` origins, in order, and the caller's thread is
/// checked for cancellation before each slice (`CallerCancellation`: a dismissed server job); once it is
/// cancelled no further slice starts, the results are incomplete and the measure throws `.cancelled`.
/// A slice costs at most `sliceSize` nearest or radius queries, well under a second even with every
/// facility in reach of every origin (O(m) each).
enum OriginChunks {
    /// Origins per chunk: large enough to amortise scheduling, small enough to balance two cores.
    static let size = 1024
    /// Origins between two looks at the cancellation flag.
    static let sliceSize = 64

    /// Calls `body(chunk, slice)` for consecutive slices of every chunk of `size` origins, chunks in parallel
    /// when there is more than one; stops starting slices once `cancellation` is set.
    static func run(
        count: Int, size: Int = size, cancellation: CallerCancellation, _ body: (Int, Range<Int>) -> Void
    ) {
        ParallelChunks.run(count: count, size: size) { chunk, range in
            var lower = range.lowerBound
            while lower < range.upperBound, !cancellation.isCancelled {
                let upper = Swift.min(lower + sliceSize, range.upperBound)
                body(chunk, lower ..< upper)
                lower = upper
            }
        }
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
