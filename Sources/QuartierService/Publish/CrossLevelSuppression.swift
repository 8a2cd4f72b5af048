import QuartierDisclosure
import QuartierModel

/// Secondary suppression across every published level: after the primary rule, each count field of the rule is
/// protected over the areas and every roll-up that carries it (the roll-ups are sums of the areas), so that no
/// suppressed count can be computed by subtracting published siblings from a published parent, at any level
/// (`SecondarySuppression`: Gaussian elimination, then the LP audit). A secondary cell is suppressed like a
/// primary one: null with status `suppressed`, and every value derived from it with it.
struct CrossLevelSuppression {
    let rule: SuppressionRule
    /// The lineage of every level's fields (`SuppressionStep.derivations(for:)`).
    let derivations: (String) -> [String: [String]]
    let idField: String
    /// The merged units of the areas' joins, before and after the primary rule (`MergedUnitCells.publicUnits`):
    /// cells of their own.
    var units: [MergedUnit] = []
    var publicUnits: [MergedUnit] = []

    /// One layer of the run: the values before suppression, the layer after it, and its key field.
    struct Level {
        var name: String
        var raw: FeatureLayer
        var suppressed: FeatureLayer
        var key: String
        /// Each area's parent key in this level (nil for the areas themselves).
        var parents: [String?]?
    }

    /// The areas and roll-ups before and after primary suppression, as the plan's state holds them: protects every
    /// count field, adds the secondary counts to the per-layer reports, and returns the layers and each field's audit.
    func apply(
        areas: (raw: FeatureLayer, suppressed: FeatureLayer),
        rollups: (raw: [String: RolledUpLayer], suppressed: [String: RolledUpLayer]),
        reports: inout [SuppressionRule.Report]
    ) throws -> (FeatureLayer, [String: RolledUpLayer], [DisclosureAudit.Report]) {
        var levels = [
            Level(
                name: LayerRef.areas.description, raw: areas.raw, suppressed: areas.suppressed, key: idField,
                parents: nil)
        ]
        for name in rollups.suppressed.keys.sorted() {
            guard let raw = rollups.raw[name], let suppressed = rollups.suppressed[name] else { continue }
            levels.append(
                Level(
                    name: name, raw: raw.layer, suppressed: suppressed.layer, key: suppressed.key,
                    parents: suppressed.memberships))
        }
        let (protected, secondary, audits) = try apply(levels)
        var layers = rollups.suppressed
        for level in protected.dropFirst() { layers[level.name]?.layer = level.suppressed }
        for index in reports.indices {
            if let counts = secondary[reports[index].layer] { reports[index].secondaryValues = counts }
        }
        return (protected[0].suppressed, layers, audits)
    }

    /// Protects every count field; returns the levels with the secondary cells suppressed, the per-layer counts of
    /// secondary cells by field, and each field's audit.
    /// - Throws: `QuartierError.user` when the audit still finds a disclosure (nothing left to suppress would
    ///   hide it), naming the field, the level and the cell.
    func apply(_ levels: [Level]) throws -> (
        levels: [Level], secondary: [String: [String: Int]], audits: [DisclosureAudit.Report]
    ) {
        guard rule.isActive, let areas = levels.first else { return (levels, [:], []) }
        var result = levels
        var secondary: [String: [String: Int]] = [:]
        var audits: [DisclosureAudit.Report] = []
        for field in rule.protectedCounts where areas.raw.fieldIndex(field) != nil {
            let carrying = levels.indices.filter { index in
                index == 0 || (levels[index].raw.fieldIndex(field) != nil && levels[index].parents != nil)
            }
            var table = CellTable.hierarchy(
                level: areas.name, ids: Self.keys(areas.raw, areas.key).map { $0 ?? "" },
                values: Self.values(areas.raw, field),
                groupings: carrying.dropFirst().map { (levels[$0].name, levels[$0].parents ?? []) },
                parentValues: Dictionary(
                    uniqueKeysWithValues: carrying.dropFirst().map { index in
                        let level = levels[index]
                        let pairs = zip(Self.keys(level.raw, level.key), Self.values(level.raw, field))
                        return (level.name, Dictionary(pairs.map { ($0 ?? "", $1) }, uniquingKeysWith: { a, _ in a }))
                    }))
            var primary: Set<Int> = []
            for (index, cell) in table.cells.enumerated() {
                guard let level = result.first(where: { $0.name == cell.level }),
                    let row = Self.row(of: cell.id, in: level.suppressed, key: level.key),
                    let column = level.suppressed.fieldIndex(field)
                else { continue }
                if case .missing(.suppressed) = level.suppressed.features[row].attributes[column] {
                    primary.insert(index)
                }
            }
            let (unitPrimary, known) = MergedUnitCells.add(units, public: publicUnits, field: field, to: &table)
            primary.formUnion(unitPrimary)
            let outcome = try SecondarySuppression.protect(
                table, field: field, primary: primary, minCount: rule.minCount, known: known)
            audits.append(outcome.audit)
            if let finding = outcome.audit.findings.first {
                throw QuartierError.user(
                    "disclosure audit: '\(field)' of \(finding.level) '\(finding.id)' would be disclosed: "
                        + "\(finding.finding ?? ""); nothing published is left that could hide it. Raise the levels' "
                        + "counts (fewer roll-ups of '\(field)') or publish '\(field)' on fewer levels")
            }
            for cell in outcome.secondary.map({ table.cells[$0] }) {
                guard let l = result.firstIndex(where: { $0.name == cell.level }),
                    let row = Self.row(of: cell.id, in: result[l].suppressed, key: result[l].key)
                else { continue }
                let fields = rule.closure(of: [field], derivations: derivations(cell.level))
                SuppressionRule.suppress(fields, row: row, in: &result[l].suppressed)
                secondary[cell.level, default: [:]][field, default: 0] += 1
            }
        }
        return (result, secondary, audits)
    }

    static func keys(_ layer: FeatureLayer, _ key: String) -> [String?] {
        guard let column = layer.fieldIndex(key) else { return layer.features.map { _ in nil } }
        return layer.features.map { column < $0.attributes.count ? $0.attributes[column].stringValue : nil }
    }

    static func values(_ layer: FeatureLayer, _ field: String) -> [Double?] {
        guard let column = layer.fieldIndex(field) else { return layer.features.map { _ in nil } }
        return layer.features.map { column < $0.attributes.count ? $0.attributes[column].doubleValue : nil }
    }

    static func row(of id: String, in layer: FeatureLayer, key: String) -> Int? {
        guard let column = layer.fieldIndex(key) else { return nil }
        return layer.features.firstIndex { column < $0.attributes.count && $0.attributes[column].stringValue == id }
    }
}
