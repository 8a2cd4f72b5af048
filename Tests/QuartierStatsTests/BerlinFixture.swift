import Foundation
import QuartierStats

/// The Berlin MSS 2021 S4 fixture of `Tests/Fixtures/stats/` (made by scripts/reference/stats_reference.py)
/// and the numpy/esda closeness rule of ARCHITECTURE.md convention 13.
struct BerlinFixture: Sendable {
    let ids: [String]
    let s4: [Double]
    let s3: [Double]
    let children: [Double]
    let events: [Double]
    /// Queen contiguity as built by libpysal, original (binary) weights.
    let queen: SpatialWeights
    /// The parsed berlin_reference.json.
    let reference: [String: any Sendable]

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/stats")

    static let shared: BerlinFixture = {
        do { return try BerlinFixture() } catch { fatalError("Berlin fixture unreadable: \(error)") }
    }()

    init() throws {
        let csv = try String(contentsOf: Self.folder.appendingPathComponent("berlin_s4.csv"), encoding: .utf8)
        var ids: [String] = [], s4: [Double] = [], s3: [Double] = [], kids: [Double] = [], events: [Double] = []
        for line in csv.split(whereSeparator: \.isNewline).dropFirst() {
            let f = line.split(separator: ",").map(String.init)
            guard f.count == 5, let a = Double(f[1]), let b = Double(f[2]), let c = Double(f[3]),
                let d = Double(f[4])
            else { throw FixtureError(message: "bad CSV line \(line)") }
            ids.append(f[0])
            s4.append(a)
            s3.append(b)
            kids.append(c)
            events.append(d)
        }
        let gal = try String(contentsOf: Self.folder.appendingPathComponent("berlin_queen.gal"), encoding: .utf8)
        let lines = gal.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let index = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
        var lists = [[Int]](repeating: [], count: ids.count)
        var l = 1
        while l + 1 < lines.count, !lines[l].isEmpty {
            let head = lines[l].split(separator: " ")
            guard head.count == 2, let i = index[String(head[0])] else {
                throw FixtureError(message: "bad GAL line \(lines[l])")
            }
            lists[i] = try lines[l + 1].split(separator: " ").map {
                guard let j = index[String($0)] else { throw FixtureError(message: "unknown id \($0)") }
                return j
            }
            l += 2
        }
        self.ids = ids
        self.s4 = s4
        self.s3 = s3
        self.children = kids
        self.events = events
        self.queen = try SpatialWeights(ids: ids, neighbors: lists)
        let data = try Data(contentsOf: Self.folder.appendingPathComponent("berlin_reference.json"))
        guard let json = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw FixtureError(message: "reference JSON is not an object")
        }
        self.reference = json.mapValues { Self.sendable($0) }
    }

    private static func sendable(_ value: Any) -> any Sendable {
        switch value {
        case let d as [String: Any]: return d.mapValues { sendable($0) }
        case let a as [Any]: return a.map { sendable($0) }
        case let n as NSNumber: return n.doubleValue
        case let s as String: return s
        default: return "\(value)"
        }
    }

    func section(_ name: String) -> [String: any Sendable] {
        reference[name] as? [String: any Sendable] ?? [:]
    }

    func number(_ section: String, _ key: String) -> Double {
        self.section(section)[key] as? Double ?? .nan
    }

    func numbers(_ section: String, _ key: String) -> [Double] {
        (self.section(section)[key] as? [any Sendable])?.compactMap { $0 as? Double } ?? []
    }
}

struct FixtureError: Error { let message: String }

/// |a − b| ≤ 1e-7 + 1e-5·|b| (numpy's `isclose`, as esda's tests).
func isClose(_ a: Double, _ b: Double, atol: Double = 1e-7, rtol: Double = 1e-5) -> Bool {
    abs(a - b) <= atol + rtol * abs(b)
}
