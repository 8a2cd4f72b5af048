import Foundation
import QuartierModel

/// Data-parallel helpers for the tile pipeline: work is split into contiguous chunks run with
/// `ParallelChunks` on all cores; results come back in input order, so output never depends on the number
/// of cores.
package enum Parallel {
    /// `transform` over `items` on all cores, results in input order.
    package static func map<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
        map(count: items.count) { transform(items[$0]) }
    }

    /// `transform` over `0..<count` on all cores, results in index order.
    package static func map<R: Sendable>(count: Int, _ transform: @Sendable (Int) -> R) -> [R] {
        guard count > 1 else { return (0..<count).map(transform) }
        let box = ResultBox<R>(count: count)
        let chunks = min(count, ProcessInfo.processInfo.activeProcessorCount * 4)
        ParallelChunks.run(count: count, chunks: chunks) { _, range in
            for i in range { box.set(i, transform(i)) }
        }
        return box.values()
    }
}

/// Results written by index from several threads into raw memory allocated once (no array
/// copy-on-write in the threads); each index is written by exactly one thread.
private final class ResultBox<R>: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<R?>
    private let count: Int

    init(count: Int) {
        self.count = count
        storage = UnsafeMutablePointer<R?>.allocate(capacity: count)
        storage.initialize(repeating: nil, count: count)
    }

    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }

    func set(_ i: Int, _ value: R) { storage[i] = value }
    func values() -> [R] { (0..<count).compactMap { storage[$0] } }
}
