import Foundation
import QuartierStats
import QuartierTOML

/// One indicator of the education office's catalogue: what it is, how it is computed, where it comes
/// from and how old it is — the facts every published map must cite.
package struct IndicatorEntry: Codable, Sendable, Hashable {
    package var id: String
    package var title: String
    package var definition: String
    package var numerator: String?
    package var denominator: String?
    package var unit: String
    /// The source statistic (e.g. "Monitoring Soziale Stadtentwicklung Berlin 2021, Indikator S4").
    package var source: String
    package var referenceDate: String
    package var licence: String
    package var attribution: String
    /// `high_is_bad`, `high_is_good` or `neutral`.
    package var polarity: String
    /// Preferred classification (as `[publish.indicators]` `classification`) and number of classes.
    package var classification: String?
    package var classes: Int?
    /// The targets set for the indicator (`[[indicators.<id>.targets]]`); nil when none (so entries without targets
    /// read and write as before).
    package var targets: [GoalTarget]?

    enum CodingKeys: String, CodingKey {
        case id, title, definition, numerator, denominator, unit, source, licence, attribution, polarity
        case classification, classes, targets
        case referenceDate = "reference_date"
    }
}

/// The indicator catalogue (`Config/indicators.toml`): `[indicators.<id>]` tables with the keys of
/// `IndicatorEntry`, and any number of `[[indicators.<id>.targets]]` (`GoalTarget`). Ids are our own unless an entry quotes a code from a cited source. Analysis
/// files refer to entries by id (`catalogue = "…"`, `[indicators] <field> = "<id>"`).
package struct IndicatorCatalogue: Sendable {
    package var path: String
    package var entries: [IndicatorEntry]

    static let polarities = ["high_is_bad", "high_is_good", "neutral"]

    /// Reads and checks a catalogue file (unknown keys and missing required keys name their line).
    package static func load(_ path: String) throws -> IndicatorCatalogue {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw QuartierError.user("indicator catalogue '\(path)' cannot be read; check the path")
        }
        let table = try TOMLParser.parse(text, file: path)
        var root = TOMLSection(table, path: "", file: path, line: 1)
        _ = try root.integer("version")
        var entries: [IndicatorEntry] = []
        for (id, var s) in try root.namedSections("indicators") {
            let polarity = try s.requiredString("polarity")
            guard polarities.contains(polarity) else {
                throw s.error(
                    "[indicators.\(id)] polarity = \"\(polarity)\": use \"high_is_bad\", \"high_is_good\" or \"neutral\"",
                    line: s.line(of: "polarity"))
            }
            let targets = try s.sectionArray("targets").map { t in
                var t = t
                return try GoalTarget.parse(&t, indicator: id)
            }
            entries.append(
                IndicatorEntry(
                    id: id, title: try s.requiredString("title"), definition: try s.requiredString("definition"),
                    numerator: try s.string("numerator"), denominator: try s.string("denominator"),
                    unit: try s.string("unit") ?? "", source: try s.requiredString("source"),
                    referenceDate: try s.requiredString("reference_date"), licence: try s.requiredString("licence"),
                    attribution: try s.requiredString("attribution"), polarity: polarity,
                    classification: try s.string("classification"), classes: try s.integer("classes"),
                    targets: targets.isEmpty ? nil : targets))
            try s.finish()
        }
        try root.finish()
        return IndicatorCatalogue(path: path, entries: entries)
    }

    package func entry(_ id: String) -> IndicatorEntry? { entries.first { $0.id == id } }

    /// Whether a file is a catalogue rather than an analysis file: no `[analysis]` table, and `[indicators]` holds
    /// tables (an analysis file's `[indicators]` maps fields to ids). Unreadable files are no catalogue.
    package static func isCatalogue(_ path: String) -> Bool {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
            let table = try? TOMLParser.parse(text, file: path), table["analysis"] == nil,
            case .table(let indicators)? = table["indicators"]?.value, !indicators.entries.isEmpty
        else { return false }
        return indicators.entries.allSatisfy { if case .table = $0.node.value { true } else { false } }
    }

    /// `quartier check` of a catalogue: one line per indicator with targets, after every entry and target parsed.
    package func checkLines() -> [String] {
        let targets = entries.reduce(0) { $0 + ($1.targets?.count ?? 0) }
        return ["indicator catalogue: \(entries.count) indicators, \(targets) targets"]
            + entries.flatMap { entry in (entry.targets ?? []).map { "target of \(entry.id): \($0.summary)" } }
    }
}

extension IndicatorEntry {
    /// The entry as JSON, with the catalogue's key names (for `tilejson.json` and the style's legend).
    var json: JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(id), "title": .string(title), "definition": .string(definition), "unit": .string(unit),
            "source": .string(source), "reference_date": .string(referenceDate), "licence": .string(licence),
            "attribution": .string(attribution), "polarity": .string(polarity),
        ]
        object["numerator"] = numerator.map { .string($0) } ?? .null
        object["denominator"] = denominator.map { .string($0) } ?? .null
        object["classification"] = classification.map { .string($0) } ?? .null
        object["classes"] = classes.map { .number(Double($0)) } ?? .null
        if let targets { object["targets"] = .array(targets.map(\.json)) }
        return .object(object)
    }
}
