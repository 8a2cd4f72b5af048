package import QuartierModel
import QuartierTOML

// The parsers of the step tables that name inputs: `[[join]]`, `[[count]]`, `[grid]`, `[[rollup]]`.

extension JoinStep {
    /// Reads a `[[join]]` table.
    static func parse(_ s: inout TOMLSection, inputs: DeclaredInputs) throws -> JoinStep {
        let table = try inputs.check(try s.requiredString("table"), s, key: "table")
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
                throw s.error(
                    "by_name must be { area = \"<area field>\", table = \"<table column>\" }",
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
        return JoinStep(
            table: table, key: try s.string("key"), byName: byName, aliases: try s.stringListMap("aliases") ?? [:],
            normalization: normalization, duplicates: policy, columns: try s.stringArray("columns"), validity: validity,
            line: s.line)
    }
}

extension CountStep {
    /// Reads a `[[count]]` table.
    static func parse(_ s: inout TOMLSection, inputs: DeclaredInputs) throws -> CountStep {
        if let problem = PointCounter.sumFieldsProblem(try s.stringArray("sum") ?? []) {
            throw s.error(problem, line: s.line(of: "sum"))
        }
        return CountStep(
            points: try inputs.check(try s.requiredString("points"), s, key: "points"),
            countField: try s.string("name") ?? "n_points", sum: try s.stringArray("sum") ?? [],
            by: try s.string("by"), line: s.line)
    }
}

extension GridStep {
    /// Reads the `[grid]` table.
    static func parse(_ s: inout TOMLSection, inputs: DeclaredInputs) throws -> GridStep {
        let grid = GridStep(
            input: try inputs.check(try s.requiredString("input"), s, key: "input"), x: try s.string("x"),
            y: try s.string("y"),
            id: try s.string("id"), crs: try s.string("crs") ?? "EPSG:3035", weight: try s.requiredString("weight"),
            counts: try s.stringArray("counts") ?? [], weighted: try s.stringArray("weighted") ?? [],
            prefix: try s.string("prefix") ?? "grid_", line: s.line)
        guard grid.id != nil || (grid.x != nil && grid.y != nil) else {
            throw s.error("[grid] needs x and y (cell centre columns) or id (a Zensus cell id column)", line: s.line)
        }
        return grid
    }
}

extension RollUpStep {
    /// Reads a `[[rollup]]` table.
    static func parse(_ s: inout TOMLSection, inputs: DeclaredInputs) throws -> RollUpStep {
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
                input: try inputs.check(m, s, key: "mapping"), child: try s.requiredString("mapping_child"),
                parent: try s.requiredString("mapping_parent"))
        case (nil, nil, nil, let c?): assignment = .containment(input: try inputs.check(c, s, key: "contains"))
        default:
            throw s.error("[[rollup]] needs exactly one of prefix, field, mapping or contains", line: s.line)
        }
        let geometry = try s.string("geometry")
        if let geometry { _ = try inputs.check(geometry, s, key: "geometry") }
        return RollUpStep(
            name: try s.requiredString("name"), key: try s.requiredString("key"), assignment: assignment,
            geometry: geometry, sums: try s.stringArray("sums") ?? [],
            weighted: try s.stringListMap("weighted", allowingSingle: true) ?? [:],
            nameField: try s.string("name_field"), names: try s.stringMap("names") ?? [:], line: s.line)
    }
}
