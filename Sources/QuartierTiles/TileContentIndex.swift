/// Finds a tile content that was stored before, so that identical tiles are stored once.
///
/// Contents are indexed by a 64-bit hash (Swift's `Hasher`, SipHash-1-3 with a per-process seed) and
/// their length; on a match the stored bytes are read back through `load` and compared, so a hash
/// collision can never make two different tiles share one copy. Only hashes and locations are kept
/// in memory, never the contents.
struct TileContentIndex<Location> {
    private var buckets: [Int: [(length: Int, location: Location)]] = [:]
    /// Distinct contents recorded.
    private(set) var count = 0

    /// The hash of `bytes` (pass it back to `insert`).
    static func hash(_ bytes: [UInt8]) -> Int {
        var hasher = Hasher()
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
        return hasher.finalize()
    }

    /// The location of stored bytes equal to `bytes`, or nil.
    /// - Parameter load: reads the content stored at a location (called only when hash and length match).
    func find(
        _ bytes: [UInt8], hash: Int, load: (Location) throws(TileWriteError) -> [UInt8]
    ) throws(TileWriteError) -> Location? {
        for candidate in buckets[hash] ?? [] where candidate.length == bytes.count {
            if try load(candidate.location) == bytes { return candidate.location }
        }
        return nil
    }

    /// Records a newly stored content.
    mutating func insert(hash: Int, length: Int, location: Location) {
        buckets[hash, default: []].append((length, location))
        count += 1
    }
}
