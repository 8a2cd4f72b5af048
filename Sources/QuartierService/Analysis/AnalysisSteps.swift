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
    /// The parent input's field with the parents' names (`name_field`; detected when nil).
    package var nameField: String? = nil
    /// Parent id → name, for levels without a parent input (`names`, e.g. the Länder of a prefix roll-up).
    package var names: [String: String] = [:]
    package var line: Int
}

/// The step tables of an analysis file, by kind. The order they run in is declared once, in `AnalysisPlan`.
package struct AnalysisSteps: Sendable {
    package var joins: [JoinStep] = []
    package var counts: [CountStep] = []
    package var grid: GridStep?
    package var access: [AccessStep] = []
    package var rates: [RateSpec] = []
    package var indexes: [IndexStep] = []
    package var indexTypes: [IndexTypesStep] = []
    package var hotspots: [HotspotSpec] = []
    package var series: [SeriesSpec] = []
    package var emerging: [EmergingStep] = []
    package var underserved: UnderservedStep?
    package var rollups: [RollUpStep] = []

    /// True when any step adds fields to the areas.
    package var hasSteps: Bool {
        !joins.isEmpty || !counts.isEmpty || grid != nil || !access.isEmpty || !rates.isEmpty || !indexes.isEmpty
            || !indexTypes.isEmpty || !hotspots.isEmpty || underserved != nil || !series.isEmpty
    }

    /// Reads the step tables of an analysis file, each checked against the declared inputs.
    static func parse(_ root: inout TOMLSection, inputs: [InputSpec]) throws -> AnalysisSteps {
        let declared = DeclaredInputs(inputs)
        var steps = AnalysisSteps()
        for var s in try root.sectionArray("join") {
            steps.joins.append(try JoinStep.parse(&s, inputs: declared))
            try s.finish()
        }
        for var s in try root.sectionArray("count") {
            steps.counts.append(try CountStep.parse(&s, inputs: declared))
            try s.finish()
        }
        if var s = try root.section("grid") {
            steps.grid = try GridStep.parse(&s, inputs: declared)
            try s.finish()
        }
        for var s in try root.sectionArray("series") {
            let step = try SeriesSpec.parse(&s, inputs: declared, hasGrid: steps.grid != nil)
            guard !steps.series.contains(where: { $0.name == step.name }) else {
                throw s.error("[[series]] name '\(step.name)' is used twice", line: s.line(of: "name"))
            }
            steps.series.append(step)
            try s.finish()
        }
        for var s in try root.sectionArray("access") {
            let step = try AccessStep.parse(&s, inputs: inputs)
            if step.origins.needsGrid && steps.grid == nil {
                throw s.error("[[access]] origins = \"\(step.origins.rawValue)\" needs a [grid] table", line: s.line)
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
        for var s in try root.sectionArray("emerging") {
            steps.emerging.append(try EmergingStep.parse(&s, series: steps.series))
            try s.finish()
        }
        if var s = try root.section("underserved") {
            steps.underserved = try UnderservedStep.parse(&s)
            try s.finish()
        }
        for var s in try root.sectionArray("rollup") {
            steps.rollups.append(try RollUpStep.parse(&s, inputs: declared))
            try s.finish()
        }
        return steps
    }
}

/// The inputs an analysis file declares, for steps that name one.
struct DeclaredInputs {
    let inputs: [InputSpec]

    init(_ inputs: [InputSpec]) { self.inputs = inputs }

    /// The name, checked to be declared; else an error at the key that names it.
    func check(_ name: String, _ section: TOMLSection, key: String) throws -> String {
        guard inputs.contains(where: { $0.name == name }) else {
            throw section.error(
                "[\(section.path)] \(key) = '\(name)' is not a declared input; declared: "
                    + inputs.map(\.name).joined(separator: ", "), line: section.line(of: key))
        }
        return name
    }
}
