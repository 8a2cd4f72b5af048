import Foundation
import QuartierTOML

/// `[[observations]]`: qualitative observations (workshop notes, survey answers, providers' notes) beside the
/// numbers (issue 22). Each record has a theme from a declared vocabulary, a place (an area key, a Zensus grid cell id
/// or coordinates), and optionally a date, a source, a rating and free text. They are counted per area and roll-up
/// level (`ObservationAggregation`), and set against indicators in the declared perception gaps.
///
/// The counts are protected like every count of persons (`[publish.suppression]`: minimum count, secondary
/// suppression across the levels, the audit); the free text and the records' places stay in the internal tier.
package struct ObservationsSpec: Sendable {
    /// The prefix of the fields written (`<name>_<theme>`, `<name>_total`, …).
    package var name: String
    /// The declared input holding the records (CSV, XLSX, GeoJSON, a database table); nil: the store only.
    package var input: String?
    /// Also read the records the server received for this step (`POST /observations`; `store = true`): from the
    /// store the run is given (`RunOptions.observationStore`), by the analysis's and this step's names.
    package var store: Bool = false
    /// The records' fields.
    package var themeField: String
    package var dateField: String?
    package var sourceField: String?
    package var ratingField: String?
    package var textField: String?
    /// The field with the area key (e.g. `PLR_ID`), compared with the areas' id.
    package var keyField: String?
    /// The field with a Zensus grid cell id (`CRS3035RES100mN…E…` or `100mN…E…`): the cell's centre locates the record.
    package var cellField: String?
    /// The vocabulary: the themes, in the file's order.
    package var vocabulary: ObservationVocabulary
    /// The allowed ratings (`rating_range = [1, 5]`).
    package var ratingRange: ClosedRange<Double> = 1...5
    /// The areas' field with the residents, for observations per 1,000 residents (default: the population of
    /// `[publish.suppression]`).
    package var population: String?
    /// Declared theme ↔ indicator pairs.
    package var gaps: [PerceptionGap] = []
    /// The attribution every output shows for the observations (default: the input's).
    package var attribution: String?
    /// Whether the records are invented (the demo): every output's attribution says so.
    package var synthetic: Bool = false
    /// Write `<name>_records.csv` (internal tier: every record with its area and free text).
    package var writeRecords: Bool = true
    package var line: Int

    /// The field names written for a theme.
    package func countField(_ theme: String) -> String { "\(name)_\(theme)" }
    package func shareField(_ theme: String) -> String { "\(name)_\(theme)_share" }
    package func ratingMeanField(_ theme: String) -> String { "\(name)_\(theme)_rating" }
    package func ratingCountField(_ theme: String) -> String { "\(name)_\(theme)_rating_n" }
    package func latestField(_ theme: String) -> String { "\(name)_\(theme)_latest" }
    package var totalField: String { "\(name)_total" }
    package var allLatestField: String { "\(name)_latest" }
    package func perThousandField(_ gap: PerceptionGap) -> String { "\(name)_\(gap.theme)_per_1000" }
    package func gapField(_ gap: PerceptionGap) -> String { "\(name)_\(gap.theme)_perception" }

    /// The protected counts, in the order secondary suppression protects them: the themes, the ratings' n (derived
    /// from their theme's count), the total last (derived from every theme, so that no theme can be recovered as
    /// the total minus the others).
    package var protectedCounts: [String] {
        let themes = vocabulary.themes.map(\.id)
        return themes.map(countField) + (ratingField == nil ? [] : themes.map(ratingCountField)) + [totalField]
    }
}

/// A declared pair of a theme and an indicator (`[[observations.gap]]`): the observations of the theme per 1,000
/// residents against the indicator's class. Where people report the problem (at least `reportedPerThousand`) and the
/// indicator does not show it, the flag is `perceived_only`; the reverse is `indicator_only`; `both` and `neither`.
package struct PerceptionGap: Sendable, Equatable {
    /// How the indicator shows a problem: below or above a bound (its class "problem" against "no problem").
    package enum Problem: Sendable, Equatable {
        case below(Double)
        case above(Double)

        package func shows(_ value: Double) -> Bool {
            switch self {
            case .below(let bound): return value < bound
            case .above(let bound): return value > bound
            }
        }

        package var text: String {
            switch self {
            case .below(let bound): return "< \(IndicatorLegend.label(bound))"
            case .above(let bound): return "> \(IndicatorLegend.label(bound))"
            }
        }
    }

    /// The flag's values.
    package enum Flag: String, Sendable, CaseIterable {
        case perceivedOnly = "perceived_only"
        case indicatorOnly = "indicator_only"
        case both
        case neither
    }

    package var theme: String
    package var indicator: String
    package var problem: Problem
    /// Observations of the theme per 1,000 residents from which people are taken to report a problem.
    package var reportedPerThousand: Double
    /// The areas' field the rate is per 1,000 of (default: the observations' population).
    package var population: String?
    package var line: Int

    /// The flag of one area: nil when the indicator or the rate is missing.
    package func flag(perThousand: Double?, indicator value: Double?) -> Flag? {
        guard let perThousand, let value else { return nil }
        switch (perThousand >= reportedPerThousand, problem.shows(value)) {
        case (true, false): return .perceivedOnly
        case (false, true): return .indicatorOnly
        case (true, true): return .both
        case (false, false): return .neither
        }
    }
}

/// The themes observations may have: read from a TOML file with one table per theme (`[kita_platzmangel] title =
/// "…" description = "…"`).
package struct ObservationVocabulary: Sendable, Equatable {
    package struct Theme: Sendable, Equatable, Codable {
        package var id: String
        package var title: String
        package var description: String?
    }

    package var themes: [Theme]
    /// The file it was read from.
    package var path: String

    package func theme(_ id: String) -> Theme? { themes.first { $0.id == id } }

    /// An id is lower-case letters, digits and `_`, starting with a letter (it becomes part of field names).
    package static func isValidID(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, ("a"..."z").contains(first), id.count <= 40 else { return false }
        return id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    /// Reads a vocabulary file.
    /// - Throws: `ConfigurationError` naming the file and line, `QuartierError.user` when it cannot be read.
    package static func load(_ path: String) throws -> ObservationVocabulary {
        guard let data = FileManager.default.contents(atPath: path), data.count <= 1 << 20 else {
            throw QuartierError.user("the vocabulary '\(path)' cannot be read (missing, unreadable or over 1 MiB)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw QuartierError.user("the vocabulary '\(path)' is not UTF-8 text; save it as UTF-8")
        }
        let table = try TOMLParser.parse(text, file: path)
        var root = TOMLSection(table, path: "", file: path, line: 1)
        var themes: [Theme] = []
        for key in table.keys {
            guard var section = try root.section(key) else {
                throw root.error(
                    "'\(key)' is not a theme table: write [\(key)] with title = \"…\"", line: root.line(of: key))
            }
            guard isValidID(key) else {
                throw root.error(
                    "theme id '\(key)' must be lower-case letters, digits and '_', starting with a letter (at most 40)",
                    line: section.line)
            }
            themes.append(
                Theme(id: key, title: try section.requiredString("title"), description: try section.string("description")))
            try section.finish()
        }
        try root.finish()
        guard !themes.isEmpty else {
            throw QuartierError.user("the vocabulary '\(path)' declares no theme: add [<theme id>] title = \"…\"")
        }
        return ObservationVocabulary(themes: themes, path: path)
    }
}

extension ObservationsSpec {
    /// Reads an `[[observations]]` table; `vocabulary` resolves against the analysis file's folder.
    static func parse(_ s: inout TOMLSection, inputs: [InputSpec], folder: URL) throws -> ObservationsSpec {
        let name = try s.string("name") ?? "obs"
        guard ObservationVocabulary.isValidID(name) else {
            throw s.error(
                "[[observations]] name '\(name)' must be lower-case letters, digits and '_' (it prefixes field names)",
                line: s.line(of: "name"))
        }
        let input = try s.string("input").map { try DeclaredInputs(inputs).check($0, s, key: "input") }
        let store = try s.bool("store") ?? false
        guard input != nil || store else {
            throw s.error(
                "[[observations]] needs input = \"<a declared input>\" or store = true (the records the server receives)",
                line: s.line)
        }
        let written = try s.requiredString("vocabulary")
        let resolved = written.hasPrefix("/") ? written : folder.appendingPathComponent(written).standardizedFileURL.path
        let vocabulary = try ObservationVocabulary.load(resolved)
        var spec = ObservationsSpec(
            name: name, input: input, themeField: try s.requiredString("theme"), dateField: try s.string("date"),
            sourceField: try s.string("source"), ratingField: try s.string("rating"), textField: try s.string("text"),
            keyField: try s.string("key"), cellField: try s.string("cell"), vocabulary: vocabulary,
            population: try s.string("population"), attribution: try s.string("attribution"),
            synthetic: try s.bool("synthetic") ?? false, writeRecords: try s.bool("records") ?? true, line: s.line)
        spec.store = store
        if let range = try s.doubleArray("rating_range") {
            guard range.count == 2, range[0] < range[1], range.allSatisfy(\.isFinite) else {
                throw s.error("rating_range must be [lowest, highest], e.g. [1, 5]", line: s.line(of: "rating_range"))
            }
            spec.ratingRange = range[0]...range[1]
        }
        for var g in try s.sectionArray("gap") {
            let theme = try g.requiredString("theme")
            guard vocabulary.theme(theme) != nil else {
                throw g.error(
                    "[[observations.gap]] theme '\(theme)' is not in the vocabulary \(written): "
                        + vocabulary.themes.map(\.id).joined(separator: ", "), line: g.line(of: "theme"))
            }
            let problem: PerceptionGap.Problem
            switch (try g.double("problem_below"), try g.double("problem_above")) {
            case (let bound?, nil): problem = .below(bound)
            case (nil, let bound?): problem = .above(bound)
            default:
                throw g.error(
                    "[[observations.gap]] needs one of problem_below or problem_above: the indicator's value from "
                        + "which it shows the problem", line: g.line)
            }
            let reported = try g.double("reported_per_1000") ?? 1
            guard reported > 0, reported.isFinite else {
                throw g.error("reported_per_1000 must be > 0", line: g.line(of: "reported_per_1000"))
            }
            guard !spec.gaps.contains(where: { $0.theme == theme }) else {
                throw g.error("[[observations.gap]] theme '\(theme)' has a pair already", line: g.line(of: "theme"))
            }
            spec.gaps.append(
                PerceptionGap(
                    theme: theme, indicator: try g.requiredString("indicator"), problem: problem,
                    reportedPerThousand: reported, population: try g.string("population"), line: g.line))
            try g.finish()
        }
        if spec.keyField == nil && spec.cellField == nil,
            let source = inputs.first(where: { $0.name == input }), input != nil,
            ["xlsx", "ods", "xls"].contains((source.source as NSString).pathExtension.lowercased())
        {
            throw s.error(
                "[[observations]] '\(name)': a spreadsheet has no coordinates; name the area key (key = \"PLR_ID\") "
                    + "or the grid cell (cell = \"<field>\")", line: s.line)
        }
        return spec
    }
}

extension ObservationsSpec {
    /// Every `[[observations]]` table of an analysis file; names are unique.
    static func parseAll(_ root: inout TOMLSection, inputs: [InputSpec], folder: URL) throws -> [ObservationsSpec] {
        var result: [ObservationsSpec] = []
        for var section in try root.sectionArray("observations") {
            let spec = try ObservationsSpec.parse(&section, inputs: inputs, folder: folder)
            guard !result.contains(where: { $0.name == spec.name }) else {
                throw section.error(
                    "[[observations]] name '\(spec.name)' is used twice; give each its own name = \"…\"",
                    line: section.line(of: "name"))
            }
            try section.finish()
            result.append(spec)
        }
        return result
    }
}
