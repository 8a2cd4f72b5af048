import QuartierDisclosure
import Testing

/// Secondary suppression and the audit on tables small enough to check by hand: the four-block case with an
/// overlapping grouping, zeros and ones, a three-level hierarchy, and the audit catching what primary suppression
/// (or a naive sibling rule) leaves open.
@Suite("Secondary suppression and disclosure audit")
struct SecondarySuppressionTests {
    /// Blocks b0 = 2, b1 = 30, b2 = 10, b3 = 15; their parent P = 57; an overlapping grouping S1 = b0 + b2 = 12.
    static let fourBlocks = CellTable(
        unitCount: 4,
        cells: [
            .init(level: "blocks", id: "b0", members: [0], value: 2),
            .init(level: "blocks", id: "b1", members: [1], value: 30),
            .init(level: "blocks", id: "b2", members: [2], value: 10),
            .init(level: "blocks", id: "b3", members: [3], value: 15),
            .init(level: "parents", id: "P", members: [0, 1, 2, 3], value: 57),
            .init(level: "groupings", id: "S1", members: [0, 2], value: 12),
        ])

    @Test func fourBlocksWithAnOverlappingGrouping() throws {
        let table = Self.fourBlocks
        // Switched off (b0 primary, b1 its naive complement within P): S1 − b2 gives b0 = 2 exactly.
        let naive = try DisclosureAudit.run(table, field: "n", suppressed: [0, 1], primary: [0], minCount: 3)
        #expect(!naive.passed)
        let finding = try #require(naive.findings.first)
        #expect(finding.id == "b0" && finding.lower == 2 && finding.upper == 2)

        let outcome = try SecondarySuppression.protect(table, field: "n", primary: [0], minCount: 3)
        #expect(outcome.audit.passed, "\(outcome.audit.findings)")
        let suppressed = Set(outcome.secondary).union([0])
        #expect(!suppressed.contains(4), "the parent stays published")
        #expect(suppressed.contains(2) || suppressed.contains(5), "b2 or S1 is suppressed")
        // b0 lies anywhere from 0 to at least the minimum count.
        let b0 = try #require(outcome.audit.cells.first { $0.id == "b0" })
        #expect(b0.lower == 0 && (b0.upper ?? .infinity) >= 3)
        // Deterministic.
        #expect(try SecondarySuppression.protect(table, field: "n", primary: [0], minCount: 3) == outcome)
    }

    /// A merged unit K = a + b = 5 (b reported only within it) is known to the public: it can never be the
    /// complement. Without `known` elimination would pick K (after Q = b + c and c, K gives a); with it, c is.
    @Test func aKnownCellIsNeverSecondary() throws {
        let table = CellTable(
            unitCount: 3,
            cells: [
                .init(level: "areas", id: "a", members: [0], value: 1),
                .init(level: "groupings", id: "Q", members: [1, 2], value: 100),
                .init(level: "areas", id: "c", members: [2], value: 96),
                .init(level: "merged unit", id: "K", members: [0, 1], value: 5),
                .init(level: "areas", id: "b", members: [1], value: nil),
            ])
        #expect(try SecondarySuppression.protect(table, field: "n", primary: [0], minCount: 3).secondary == [3])
        let outcome = try SecondarySuppression.protect(table, field: "n", primary: [0], minCount: 3, known: [3])
        #expect(outcome.secondary == [2])
        #expect(outcome.audit.passed, "\(outcome.audit.findings)")
        let a = try #require(outcome.audit.cells.first { $0.id == "a" })
        #expect(a.lower == 0 && a.upper == 5)
    }

    @Test func aSingleSuppressedChildGetsAComplement() throws {
        // Parent 60 = 2 + 18 + 40: the complement is the cheaper sibling (18), not the larger one.
        let table = CellTable.hierarchy(
            level: "areas", ids: ["a", "b", "c"], values: [2, 18, 40], groupings: [("parents", ["P", "P", "P"])])
        let outcome = try SecondarySuppression.protect(table, field: "n", primary: [0], minCount: 3)
        #expect(outcome.secondary == [1])
        #expect(outcome.audit.passed)
        let a = try #require(outcome.audit.cells.first { $0.id == "a" })
        #expect(a.lower == 0 && a.upper == 20)
    }

    @Test func zerosAndOnesAreNotLeftShownSmall() throws {
        // Children 0 and 1 are primary; their sum (1) would show both below 3 once the others are published.
        let table = CellTable.hierarchy(
            level: "areas", ids: ["a", "b", "c", "d"], values: [0, 1, 5, 40],
            groupings: [("parents", ["P", "P", "P", "P"])])
        let primaryOnly = try DisclosureAudit.run(table, field: "n", suppressed: [0, 1], primary: [0, 1], minCount: 3)
        #expect(primaryOnly.findings.map(\.id) == ["a", "b"])
        let outcome = try SecondarySuppression.protect(table, field: "n", primary: [0, 1], minCount: 3)
        #expect(outcome.audit.passed, "\(outcome.audit.findings)")
        #expect(outcome.secondary == [2], "the cheapest sibling (5), not the parent")
        // All zeros under a zero parent: the parent must go too, and with no level above nothing pins them.
        let zeros = CellTable.hierarchy(
            level: "areas", ids: ["a", "b"], values: [0, 0], groupings: [("parents", ["P", "P"])])
        let hidden = try SecondarySuppression.protect(zeros, field: "n", primary: [0, 1], minCount: 3)
        #expect(hidden.secondary == [2])
        #expect(hidden.audit.passed)
    }

    @Test func threeLevelsProtectEachOther() throws {
        // 8 units → 4 middle cells → 2 top cells; one unit primary. Differencing at any level must not reveal it.
        let values: [Double?] = [1, 20, 30, 40, 50, 60, 70, 80]
        let table = CellTable.hierarchy(
            level: "units", ids: (0..<8).map { "u\($0)" }, values: values,
            groupings: [
                ("middle", ["m0", "m0", "m1", "m1", "m2", "m2", "m3", "m3"]),
                ("top", ["t0", "t0", "t0", "t0", "t1", "t1", "t1", "t1"]),
            ])
        let outcome = try SecondarySuppression.protect(table, field: "n", primary: [0], minCount: 3)
        #expect(outcome.audit.passed, "\(outcome.audit.findings)")
        // u0's sibling u1 is suppressed; m0 is computable from t0 − m1 only if m1 is published, so either m0 stays
        // published with u1 hidden (u0 + u1 = m0 known, u0 in [0, 21]) — the pattern must leave u0 unpinned.
        let u0 = try #require(outcome.audit.cells.first { $0.id == "u0" })
        #expect(u0.lower == 0 && (u0.upper ?? .infinity) >= 3)
        #expect(outcome.secondary.contains(1))
    }

    @Test func anAuditWithNothingPublishedIsOpenAbove() throws {
        let table = CellTable.hierarchy(level: "areas", ids: ["a"], values: [1], groupings: [])
        let report = try DisclosureAudit.run(table, field: "n", suppressed: [0], primary: [0], minCount: 3)
        #expect(report.passed)
        #expect(report.cells.first?.upper == nil)
    }

    @Test func contradictoryPublishedValuesAreAnError() throws {
        var table = CellTable.hierarchy(
            level: "areas", ids: ["a", "b"], values: [5, 7], groupings: [("parents", ["P", "P"])])
        table.cells[2].value = 3  // 5 + 7 ≠ 3
        #expect(throws: DisclosureAudit.Infeasible.self) {
            try DisclosureAudit.run(table, field: "n", suppressed: [0], primary: [0], minCount: 3)
        }
    }
}
