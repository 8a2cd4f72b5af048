package import QuartierModel
import QuartierTOML

/// `[[join]]`: an indicator table joined to the areas by key or by name.
package struct JoinStep: Sendable {
    package var table: String
    /// The table's key column (default: the area id field's name).
    package var key: String?
    /// Join by name instead: area field and table column.
    package var byName: (area: String, table: String)?
    package var aliases: [String: [String]]
    package var normalization: KeyNormalization
    package var duplicates: DuplicatePolicy
    package var columns: [String]?
    /// Rows whose flag column is not one of the valid values: their empty cells get status `invalid`.
    package var validity: ValidityFlag?
    package var line: Int
}

/// `[[count]]`: points (Kitas, schools) counted per area.
package struct CountStep: Sendable {
    package var points: String
    package var countField: String
    package var sum: [String]
    package var by: String?
    package var line: Int
}

/// `[grid]`: a population grid assigned to the areas.
package struct GridStep: Sendable {
    package var input: String
    package var x: String?
    package var y: String?
    package var id: String?
    package var crs: String
    package var weight: String
    package var counts: [String]
    package var weighted: [String]
    package var prefix: String
    package var line: Int
}

/// `[[rollup]]`: the areas aggregated to a parent level.
package struct RollUpStep: Sendable {
    package enum Assignment: Sendable {
        case prefix(Int)
        case field(String)
        case mapping(input: String, child: String, parent: String)
        case containment(input: String)
    }

    package var name: String
    package var key: String
    package var assignment: Assignment
    /// An input with the parent polygons, keyed by `key` (else the members are dissolved).
    package var geometry: String?
    package var sums: [String]
    package var weighted: [String: [String]]
    package var line: Int
}

/// The analysis steps of a file, run in this order: joins, counts, grid, access, rates, indexes, index
/// types, hotspots, underserved, roll-ups.
package struct AnalysisSteps: Sendable {
    package var joins: [JoinStep] = []
    package var counts: [CountStep] = []
    package var grid: GridStep?
    package var access: [AccessStep] = []
    package var rates: [RateSpec] = []
    package var indexes: [IndexStep] = []
    package var indexTypes: [IndexTypesStep] = []
    package var hotspots: [HotspotSpec] = []
    package var underserved: UnderservedStep?
    package var rollups: [RollUpStep] = []

    /// True when any step adds fields to the areas.
    package var hasSteps: Bool {
        !joins.isEmpty || !counts.isEmpty || grid != nil || !access.isEmpty || !rates.isEmpty || !indexes.isEmpty
            || !indexTypes.isEmpty || !hotspots.isEmpty || underserved != nil
    }

    static func parse(_ root: inout TOMLSection, inputs: [InputSpec]) throws -> AnalysisSteps {
        var steps = AnalysisSteps()
        func input(_ name: String, _ section: TOMLSection, key: String) throws -> String {
            guard inputs.contains(where: { $0.name == name }) else {
                throw section.error(
                    "[\(section.path)] \(key) = '\(name)' is not a declared input; declared: "
                        + inputs.map(\.name).joined(separator: ", "), line: section.line(of: key))
            }
            return name
        }
        for var s in try root.sectionArray("join") {
            let table = try input(try s.requiredString("table"), s, key: "table")
            let duplicates = try s.string("duplicates") ?? "error"
            guard let policy = DuplicatePolicy(rawValue: duplicates) else {
                throw s.error("duplicates must be \"error\", \"first\" or \"sum\"", line: s.line(of: "duplicates"))
            }
            let letterCase = try s.string("case") ?? "keep"
            guard let caseRule = KeyNormalization.LetterCase(rawValue: letterCase) else {
                throw s.error("case must be \"keep\", \"upper\" or \"lower\"", line: s.line(of: "case"))
            }
            var byName: (String, String)?
            if let names = try s.stringMap("by_name") {
                guard let area = names["area"], let column = names["table"], names.count == 2 else {
                    throw s.error("by_name must be { area = \"<area field>\", table = \"<table column>\" }",
                        line: s.line(of: "by_name"))
                }
                byName = (area, column)
            }
            var validity: ValidityFlag?
            if let flag = try s.stringListMap("valid_when") {
                guard flag.count == 1, let (column, values) = flag.first else {
                    throw s.error("valid_when must name one column: { KOM = [\"gültig\"] }", line: s.line(of: "valid_when"))
                }
                validity = ValidityFlag(column: column, validValues: Set(values))
            }
            let normalization = KeyNormalization(
                trim: try s.bool("trim") ?? true, zeroPad: try s.integer("zero_pad"), letterCase: caseRule)
            if let problem = normalization.zeroPadProblem { throw s.error(problem, line: s.line(of: "zero_pad")) }
            steps.joins.append(
                JoinStep(
                    table: table, key: try s.string("key"), byName: byName, aliases: try s.stringListMap("aliases") ?? [:],
                    normalization: normalization,
                    duplicates: policy, columns: try s.stringArray("columns"), validity: validity, line: s.line))
            try s.finish()
        }
        for var s in try root.sectionArray("count") {
            if let problem = PointCounter.sumFieldsProblem(try s.stringArray("sum") ?? []) {
                throw s.error(problem, line: s.line(of: "sum"))
            }
            steps.counts.append(
                CountStep(
                    points: try input(try s.requiredString("points"), s, key: "points"),
                    countField: try s.string("name") ?? "n_points", sum: try s.stringArray("sum") ?? [],
                    by: try s.string("by"), line: s.line))
            try s.finish()
        }
        if var s = try root.section("grid") {
            steps.grid = GridStep(
                input: try input(try s.requiredString("input"), s, key: "input"), x: try s.string("x"), y: try s.string("y"),
                id: try s.string("id"), crs: try s.string("crs") ?? "EPSG:3035", weight: try s.requiredString("weight"),
                counts: try s.stringArray("counts") ?? [], weighted: try s.stringArray("weighted") ?? [],
                prefix: try s.string("prefix") ?? "grid_", line: s.line)
            guard steps.grid?.id != nil || (steps.grid?.x != nil && steps.grid?.y != nil) else {
                throw s.error("[grid] needs x and y (cell centre columns) or id (a Zensus cell id column)", line: s.line)
            }
            try s.finish()
        }
        for var s in try root.sectionArray("access") {
            let step = try AccessStep.parse(&s, inputs: inputs)
            if step.origins != "areas" && steps.grid == nil {
                throw s.error("[[access]] origins = \"\(step.origins)\" needs a [grid] table", line: s.line)
            }
            steps.access.append(step)
            try s.finish()
        }
        for var s in try root.sectionArray("rate") {
            steps.rates.append(
                RateSpec(
                    name: try s.requiredString("name"), numerator: try s.requiredString("numerator"),
                    denominator: try s.requiredString("denominator"), scale: try s.double("scale") ?? 1))
            try s.finish()
        }
        for var s in try root.sectionArray("index") {
            let step = try IndexStep.parse(&s)
            guard !steps.indexes.contains(where: { $0.name == step.name }) else {
                throw s.error("[[index]] name '\(step.name)' is used twice", line: s.line(of: "name"))
            }
            steps.indexes.append(step)
            try s.finish()
        }
        for var s in try root.sectionArray("index_types") {
            steps.indexTypes.append(try IndexTypesStep.parse(&s, indexes: steps.indexes))
            try s.finish()
        }
        for var s in try root.sectionArray("hotspots") {
            steps.hotspots.append(try HotspotSpec.parse(&s))
            try s.finish()
        }
        if var s = try root.section("underserved") {
            steps.underserved = try UnderservedStep.parse(&s)
            try s.finish()
        }
        for var s in try root.sectionArray("rollup") {
            let prefix = try s.integer("prefix")
            let field = try s.string("field")
            let mapping = try s.string("mapping")
            let contains = try s.string("contains")
            let assignment: RollUpStep.Assignment
            switch (prefix, field, mapping, contains) {
            case (let n?, nil, nil, nil): assignment = .prefix(n)
            case (nil, let f?, nil, nil): assignment = .field(f)
            case (nil, nil, let m?, nil):
                assignment = .mapping(
                    input: try input(m, s, key: "mapping"), child: try s.requiredString("mapping_child"),
                    parent: try s.requiredString("mapping_parent"))
            case (nil, nil, nil, let c?): assignment = .containment(input: try input(c, s, key: "contains"))
            default:
                throw s.error("[[rollup]] needs exactly one of prefix, field, mapping or contains", line: s.line)
            }
            let geometry = try s.string("geometry")
            if let geometry { _ = try input(geometry, s, key: "geometry") }
            steps.rollups.append(
                RollUpStep(
                    name: try s.requiredString("name"), key: try s.requiredString("key"), assignment: assignment,
                    geometry: geometry, sums: try s.stringArray("sums") ?? [], weighted: try s.stringListMap("weighted", allowingSingle: true) ?? [:],
                    line: s.line))
            try s.finish()
        }
        return steps
    }
}
