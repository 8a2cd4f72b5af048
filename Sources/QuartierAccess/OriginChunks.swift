import Dispatch

/// Runs work over origins in fixed-size chunks on all cores (`DispatchQueue.concurrentPerform`).
///
/// Chunk boundaries depend only on the number of origins (and, for per-chunk partial sums, on the
/// number of facilities), never on the number of threads, and every output slot is written by exactly
/// one chunk: results are identical, bit for bit, whatever the core count.
enum OriginChunks {
    /// Origins per chunk: large enough to amortise scheduling, small enough to balance two cores.
    static let size = 1024

    /// The number of chunks for `count` origins with `size` origins per chunk.
    static func count(_ count: Int, size: Int = size) -> Int {
        (count + size - 1) / size
    }

    /// Calls `body(chunk, range)` for every chunk, in parallel when there is more than one.
    static func run(count: Int, size: Int = size, _ body: (Int, Range<Int>) -> Void) {
        let chunks = Self.count(count, size: size)
        if chunks <= 1 {
            if count > 0 { body(0, 0 ..< count) }
            return
        }
        withoutActuallyEscaping(body) { body in
            let box = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let lo = chunk * size
                box.value(chunk, lo ..< Swift.min(lo + size, count))
            }
        }
    }
}

/// Lets a value that is only read, or written at disjoint positions, cross into `concurrentPerform`.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
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
