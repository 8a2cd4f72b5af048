import QuartierTOML

/// `[[series]]`: an indicator series per area, from one long-form table (key, time, value columns) or several
/// tables (one per vintage, or one per geography), each on the geography it refers to: the current areas, or an
/// older boundary input whose vintages are carried onto the current areas (`Crosswalk`). Adds the trend fields of
/// each column to the areas and writes the long-form series table (`<name>.gpkg`, `<name>.csv`).
package struct SeriesSpec: Sendable {
    /// How vintages on another geography are carried onto the current areas.
    package enum Carry: String, Sendable, CaseIterable, Codable {
        /// By the share of the old area's surface that lies in each current area.
        case area
        /// By the share of the old area's population (the `[grid]` cells' weight) in each current area.
        case population
    }

    /// One table of the series.
    package struct Part: Sendable {
        /// The input holding the table.
        package var table: String
        /// `areas` (the current areas) or the name of a boundary input (with `id`) the table's keys refer to.
        package var geography: String
        /// A fixed time for every row (one table per vintage); nil: the series' `time` column.
        package var time: String?
        /// Only rows whose columns have these values (e.g. `{ lor_version = "2006_447" }`).
        package var filter: [String: String]
        /// The date the values refer to, for the manifest (default: the time, when it is a date).
        package var referenceDate: String?
        package var line: Int
    }

    package var name: String
    /// The value columns, in the tables and in the series table.
    package var columns: [String]
    /// The key column of the tables (default: the areas' id field).
    package var key: String?
    /// The time column of long-form tables.
    package var time: String?
    /// Rate columns and their denominator column: carried as numerator and denominator, never averaged.
    package var rates: [String: String]
    /// Columns computed per step as a fixed area field over a series column (`ratios = { <name> = ["<area field>",
    /// "<column>"] }`, e.g. Kita places counted once per child under 6): name → (field, column). They get trend and
    /// goal fields, and are carried up as rates of the column.
    package var ratios: [String: [String]] = [:]
    package var carry: Carry
    /// Pieces of an old area smaller than this (m²) are digitising slivers: dropped, unless they are the area's
    /// largest piece.
    package var minOverlap: Double
    /// The share of each current area's surface that an older geography must cover.
    package var coverage: Double
    /// Add Mann–Kendall and Sen's slope fields per column.
    package var trend: Bool
    /// The significance level trends are judged at (and the series' length checked against).
    package var alpha: Double
    /// `public`: the series is suppressed step by step like the areas (`SeriesSuppression`) and written as
    /// `<name>_public.*`; its trend and goal fields are computed again from the public values and may be published.
    package var tier: OutputTier = .internal
    package var parts: [Part]
    package var line: Int

    /// The name the analysis file uses for the current areas as a geography.
    package static let currentGeography = "areas"

    /// The spec with its ratio columns added as columns and rates of their series column (what the trend and goal
    /// fields and the series table are computed for).
    var withRatios: SeriesSpec {
        var spec = self
        for (name, parts) in ratios.sorted(by: { $0.key < $1.key }) where parts.count == 2 {
            spec.columns.append(name)
            spec.rates[name] = parts[1]
        }
        return spec
    }

    /// The columns read from the tables: the value columns and the rates' denominators.
    var columnsRead: [String] {
        columns + rates.values.filter { !columns.contains($0) }.sorted()
    }
}

extension SeriesSpec {
    /// Reads a `[[series]]` table.
    static func parse(_ s: inout TOMLSection, inputs: DeclaredInputs, hasGrid: Bool) throws -> SeriesSpec {
        let name = try s.requiredString("name")
        if let problem = OutputPaths.fileNameProblem(name) { throw s.error("[[series]] name \(problem)", line: s.line) }
        let columns = try s.stringArray("columns") ?? []
        guard !columns.isEmpty else {
            throw s.error("[[series]] '\(name)' needs columns = [\"<value column>\", …]", line: s.line)
        }
        let carryName = try s.string("carry") ?? Carry.area.rawValue
        guard let carry = Carry(rawValue: carryName) else {
            throw s.error("carry must be \"area\" or \"population\"", line: s.line(of: "carry"))
        }
        if carry == .population && !hasGrid {
            throw s.error(
                "[[series]] carry = \"population\" needs a [grid] table (the population grid whose cells weight the "
                    + "carrying)", line: s.line(of: "carry"))
        }
        let rates = try s.stringMap("rates") ?? [:]
        for rate in rates.keys where !columns.contains(rate) {
            throw s.error("rates: '\(rate)' is not one of the columns", line: s.line(of: "rates"))
        }
        let ratios = try s.stringListMap("ratios") ?? [:]
        for (ratio, parts) in ratios.sorted(by: { $0.key < $1.key }) {
            guard parts.count == 2, columns.contains(parts[1]), !columns.contains(ratio) else {
                throw s.error(
                    "ratios: '\(ratio)' must be a new name with [\"<area field>\", \"<one of the columns>\"]",
                    line: s.line(of: "ratios"))
            }
        }
        let time = try s.string("time")
        let defaultGeography = try geography(try s.string("geography"), s, inputs: inputs)
        var parts: [Part] = []
        if let table = try s.string("table") {
            parts.append(
                Part(
                    table: try inputs.check(table, s, key: "table"),
                    geography: defaultGeography, time: nil, filter: [:],
                    referenceDate: nil, line: s.line(of: "table")))
        }
        for var p in try s.sectionArray("tables") {
            parts.append(
                Part(
                    table: try inputs.check(try p.requiredString("table"), p, key: "table"),
                    geography: try p.string("geography").map { try geography($0, p, inputs: inputs) }
                        ?? defaultGeography,
                    time: try p.string("time"),
                    filter: try p.stringMap("where") ?? [:], referenceDate: try p.string("reference_date"), line: p.line
                ))
            try p.finish()
        }
        guard !parts.isEmpty else {
            throw s.error(
                "[[series]] '\(name)' needs table = \"<input>\" or tables = [{ table = \"<input>\", … }, …]",
                line: s.line)
        }
        if time == nil, let part = parts.first(where: { $0.time == nil }) {
            throw s.error(
                "[[series]] '\(name)': the table '\(part.table)' has no fixed time; name its time column with "
                    + "time = \"<column>\" or give the table a time = \"2021\"", line: part.line)
        }
        let alpha = try s.double("alpha") ?? 0.05
        guard alpha > 0, alpha < 1 else { throw s.error("alpha must lie between 0 and 1", line: s.line(of: "alpha")) }
        let coverage = try s.double("coverage") ?? 0.99
        guard coverage > 0, coverage <= 1 else {
            throw s.error("coverage must lie in (0, 1]", line: s.line(of: "coverage"))
        }
        let minOverlap = try s.double("min_overlap") ?? 1000
        guard minOverlap >= 0, minOverlap.isFinite else {
            throw s.error("min_overlap must be ≥ 0 (m²)", line: s.line(of: "min_overlap"))
        }
        let tier = try OutputTier.parse(&s, place: "[[series]] '\(name)'")
        return SeriesSpec(
            name: name, columns: columns, key: try s.string("key"), time: time, rates: rates, ratios: ratios,
            carry: carry, minOverlap: minOverlap, coverage: coverage, trend: try s.bool("trend") ?? true, alpha: alpha,
            tier: tier, parts: parts, line: s.line)
    }

    /// `geography = "areas"` (the default) or a declared boundary input.
    private static func geography(_ name: String?, _ s: TOMLSection, inputs: DeclaredInputs) throws -> String {
        guard let name, name != currentGeography else { return currentGeography }
        let checked = try inputs.check(name, s, key: "geography")
        guard inputs.inputs.first(where: { $0.name == checked })?.idField != nil else {
            throw s.error(
                "geography '\(name)' needs id = \"<key field>\" in its [inputs.\(name)] table",
                line: s.line(of: "geography"))
        }
        return checked
    }
}
