import Foundation
import QuartierModel

/// The synthetic case of `Tests/Fixtures/access` (200 origins, 30 facilities in a 10 km square, EPSG:25833
/// metres) and PySAL access's values on it, made by `scripts/reference/access_reference.py` (provenance in
/// `Tests/Fixtures/access/README.md`). Empty reference cells are origins PySAL leaves out (nothing in reach).
struct AccessFixture: Sendable {
    let origins: [Coordinate]
    let demand: [Double]
    let facilities: [Coordinate]
    let capacities: [Double]
    /// Column name → one value per origin (nil where empty).
    let reference: [String: [Double?]]

    static let shared: AccessFixture? = try? AccessFixture()

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/access")

    struct FixtureError: Error {}

    /// Rows of a plain comma-separated file with a header, as optional doubles.
    static func table(_ name: String) throws -> [String: [Double?]] {
        let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        let lines = text.split(whereSeparator: \.isNewline)
        guard let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false) else {
            throw FixtureError()
        }
        var columns = [String: [Double?]]()
        for line in lines.dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            guard cells.count == header.count else { throw FixtureError() }
            for (name, cell) in zip(header, cells) {
                columns[String(name), default: []].append(Double(cell))
            }
        }
        return columns
    }

    init() throws {
        let o = try Self.table("origins.csv")
        let f = try Self.table("facilities.csv")
        func column(_ t: [String: [Double?]], _ name: String) throws -> [Double] {
            guard let c = t[name] else { throw FixtureError() }
            return try c.map { v throws(FixtureError) in
                guard let v else { throw FixtureError() }
                return v
            }
        }
        let ox = try column(o, "x"), oy = try column(o, "y")
        let fx = try column(f, "x"), fy = try column(f, "y")
        origins = zip(ox, oy).map { Coordinate(x: $0, y: $1) }
        demand = try column(o, "demand")
        facilities = zip(fx, fy).map { Coordinate(x: $0, y: $1) }
        capacities = try column(f, "capacity")
        reference = try Self.table("reference.csv")
    }
}

/// numpy's `isclose`: |a − b| <= atol + rtol·|b| (ARCHITECTURE.md, convention 13).
func isClose(_ a: Double?, _ b: Double?, rtol: Double = 1e-5, atol: Double = 1e-7) -> Bool {
    guard let a, let b else { return a == nil && b == nil }
    return abs(a - b) <= atol + rtol * abs(b)
}

/// Seeded random points in a square of `side` metres.
func randomPoints(_ count: Int, side: Double, seed: UInt64) -> [Coordinate] {
    var rng = SplitMix64(seed: seed)
    return (0 ..< count).map { _ in
        Coordinate(x: 390_000 + rng.nextDouble(in: 0, side), y: 5_810_000 + rng.nextDouble(in: 0, side))
    }
}
