import Foundation
import QuartierDisclosure
import Testing

/// The disclosure audit against τ-ARGUS's audit (pytauargus 0.6.0: the τ-ARGUS engine with HiGHS, its port of the
/// legacy `intervalle` audit) on the small shared tables of `Tests/Fixtures/disclosure/tauargus_reference.json`,
/// made by `scripts/tauargus_reference.py` (see `Tests/Fixtures/disclosure/SOURCE.md`).
///
/// `reference` is the plain LP over non-negative reals that Quartier solves (τ-ARGUS's audit solver with a priori
/// bounds [0, 1e6] and [0, 1e7], upper null where it follows the bound; equal to scipy's linprog over the units).
/// `tauargus` is pytauargus's audit as shipped: it bounds every cell by the smallest and largest cell value of the
/// table, so it agrees where those bounds do not bind and otherwise reports an interval inside Quartier's.
@Suite("Disclosure audit against τ-ARGUS")
struct AuditReferenceTests {
    struct Reference: Decodable {
        var provenance: Provenance
        var scenarios: [Scenario]
    }

    struct Provenance: Decodable {
        var tool: String
        var pytauargusVersion: String
        var date: String
    }

    struct Scenario: Decodable {
        var name: String
        var minCount: Double
        var cells: [Cell]
        var intervals: [Expected]
    }

    struct Cell: Decodable {
        var level: String
        var id: String
        /// Unit ids.
        var members: [String]
        var value: Double
        var suppressed: Bool
        var primary: Bool
    }

    struct Bounds: Decodable {
        var lower: Double
        /// nil: unbounded above.
        var upper: Double?
        /// τ-ARGUS's verdict (the primary's protection levels: nothing below, up to the minimum count above).
        var unsafe: Bool?
    }

    struct Expected: Decodable {
        var level: String
        var id: String
        var primary: Bool
        var reference: Bounds
        var tauargus: Bounds
        var agreesWithTauargus: Bool
        var difference: String?
    }

    static let scenarioNames = ["safe", "unsafe", "unbounded", "overlap", "no_zero_cells"]
    static let tolerance = 1e-6

    static let path = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/disclosure/tauargus_reference.json")

    static func load() throws -> Reference {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(Reference.self, from: Data(contentsOf: path))
    }

    /// The scenario's cells as a `CellTable`: the units (level `units`, in file order) are the finest units.
    static func table(_ scenario: Scenario) throws -> CellTable {
        var unitIndex: [String: Int] = [:]
        for cell in scenario.cells where cell.level == "units" {
            unitIndex[cell.id] = unitIndex.count
        }
        var cells: [CellTable.Cell] = []
        for cell in scenario.cells {
            var members: [Int] = []
            for member in cell.members {
                members.append(try #require(unitIndex[member], "\(cell.id): unknown unit \(member)"))
            }
            cells.append(CellTable.Cell(level: cell.level, id: cell.id, members: members, value: cell.value))
        }
        return CellTable(unitCount: unitIndex.count, cells: cells)
    }

    static func same(_ got: DisclosureAudit.Interval, _ expected: Bounds) -> Bool {
        guard abs(got.lower - expected.lower) <= tolerance else { return false }
        switch (got.upper, expected.upper) {
        case (nil, nil): return true
        case (let got?, let expected?): return abs(got - expected) <= tolerance
        default: return false
        }
    }

    /// τ-ARGUS's interval lies within Quartier's (its a priori bounds only add constraints).
    static func contains(_ got: DisclosureAudit.Interval, _ inner: Bounds) -> Bool {
        guard got.lower <= inner.lower + tolerance else { return false }
        guard let upper = got.upper else { return true }
        guard let innerUpper = inner.upper else { return false }
        return upper >= innerUpper - tolerance
    }

    static func describe(_ lower: Double, _ upper: Double?) -> String {
        "[\(lower), \(upper.map { "\($0)" } ?? "∞")]"
    }

    @Test func theFixtureComesFromPytauargus() throws {
        let reference = try Self.load()
        #expect(reference.provenance.tool.hasPrefix("pytauargus"))
        #expect(!reference.provenance.pytauargusVersion.isEmpty && !reference.provenance.date.isEmpty)
        #expect(reference.scenarios.map(\.name) == Self.scenarioNames)
    }

    @Test(arguments: AuditReferenceTests.scenarioNames)
    func intervalsMatchTheReference(_ name: String) throws {
        let reference = try Self.load()
        let scenario = try #require(reference.scenarios.first { $0.name == name })
        let table = try Self.table(scenario)
        let suppressed = Set(scenario.cells.indices.filter { scenario.cells[$0].suppressed })
        let primary = Set(scenario.cells.indices.filter { scenario.cells[$0].primary })
        let report = try DisclosureAudit.run(
            table, field: "n", suppressed: suppressed, primary: primary, minCount: scenario.minCount)
        #expect(report.cells.count == scenario.intervals.count)

        for expected in scenario.intervals {
            let got = try #require(
                report.cells.first { $0.level == expected.level && $0.id == expected.id },
                "\(name): no interval for \(expected.level)/\(expected.id)")
            let label = "\(name) \(expected.id): Quartier \(Self.describe(got.lower, got.upper))"
            #expect(got.primary == expected.primary, "\(label)")
            #expect(
                Self.same(got, expected.reference),
                "\(label), reference \(Self.describe(expected.reference.lower, expected.reference.upper))")

            // τ-ARGUS never reports an open interval: its a priori upper bound caps every cell.
            let tauUpper = try #require(expected.tauargus.upper, "\(label): τ-ARGUS without an upper bound")
            let tau = "τ-ARGUS \(Self.describe(expected.tauargus.lower, tauUpper))"
            if expected.agreesWithTauargus {
                #expect(Self.same(got, expected.tauargus), "\(label), \(tau)")
            } else {
                #expect(!Self.same(got, expected.tauargus), "\(label), \(tau): marked as differing")
                #expect(Self.contains(got, expected.tauargus), "\(label), \(tau): \(expected.difference ?? "")")
            }

            // A primary is a finding exactly when τ-ARGUS calls it unsafe. τ-ARGUS gives secondaries no
            // protection levels and never flags them; Quartier flags a secondary pinned to one value.
            if expected.primary {
                let unsafe = try #require(expected.tauargus.unsafe)
                #expect((got.finding != nil) == unsafe, "\(label), \(tau), unsafe: \(unsafe)")
            } else {
                #expect(expected.tauargus.unsafe != true, "\(label)")
                let pinned = expected.reference.upper.map { $0 - expected.reference.lower < 1 - 1e-9 } ?? false
                #expect((got.finding != nil) == pinned, "\(label)")
            }
        }
    }
}
