import Foundation
package import QuartierStats
import QuartierTOML

/// One target of an indicator in the catalogue (`[[indicators.<id>.targets]]`, issue 26): a value to reach by a
/// deadline on a level, with the baseline it was set against, the decision it comes from and the office that owns it.
package struct GoalTarget: Codable, Sendable, Hashable {
    /// Where the target applies.
    package enum Level: Sendable, Hashable {
        /// Every area of the analysis.
        case areas
        /// Every unit of the `[[rollup]]` of that name.
        case rollup(String)
        /// The city as a whole.
        case city
    }

    /// The target value in the indicator's unit; nil: the baseline's value (`value = "baseline"`, e.g. "at most the
    /// city's 2021 value").
    package var value: Double?
    package var direction: GoalAttainment.Direction
    /// `areas`, `city` or the name of a roll-up level.
    package var level: String
    /// As written: a year (`2027`: its end), a date (`2027-12-31`, `31.12.2027`) or a school year (`2026/27`: its
    /// end, 31 July of the second year).
    package var deadline: String
    /// The baseline value; nil with `baselineOfCity` (the city's value at `baselineDate`) or without a baseline.
    package var baselineValue: Double?
    /// The baseline is the city's value at `baselineDate`, computed from the series.
    package var baselineOfCity: Bool
    package var baselineDate: String?
    /// The decision the target comes from (e.g. a council resolution), as text.
    package var source: String
    /// The office that owns the target.
    package var owner: String
    /// The line of the target's table in the catalogue (for messages; not written to JSON).
    package var line: Int = 0

    package var levelRef: Level {
        switch level {
        case "areas": return .areas
        case "city": return .city
        default: return .rollup(level)
        }
    }

    /// Written as the catalogue's keys (`json`): `value` a number or "baseline", `baseline` a number, "city" or null.
    package func encode(to encoder: any Encoder) throws { try json.encode(to: encoder) }

    package init(from decoder: any Decoder) throws {
        guard case .object(let o) = try JSONValue(from: decoder),
            case .string(let directionText)? = o["direction"],
            let direction = GoalAttainment.Direction(rawValue: directionText)
        else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a target"))
        }
        func text(_ key: String) -> String? {
            if case .string(let s)? = o[key] { return s }
            return nil
        }
        func number(_ key: String) -> Double? {
            if case .number(let x)? = o[key] { return x }
            return nil
        }
        self.init(
            value: number("value"), direction: direction, level: text("level") ?? "areas",
            deadline: text("deadline") ?? "", baselineValue: number("baseline"),
            baselineOfCity: text("baseline") == "city", baselineDate: text("baseline_date"),
            source: text("source") ?? "", owner: text("owner") ?? "")
    }

    package init(
        value: Double?, direction: GoalAttainment.Direction, level: String, deadline: String, baselineValue: Double?,
        baselineOfCity: Bool, baselineDate: String?, source: String, owner: String, line: Int = 0
    ) {
        self.value = value
        self.direction = direction
        self.level = level
        self.deadline = deadline
        self.baselineValue = baselineValue
        self.baselineOfCity = baselineOfCity
        self.baselineDate = baselineDate
        self.source = source
        self.owner = owner
        self.line = line
    }

    /// The deadline in years as the series' time keys count (`SeriesCube.parse`): a year means its 31 December, a
    /// school year its 31 July; nil when the text is none of the formats.
    package static func deadlineKey(_ text: String) -> Double? {
        guard let (key, format) = SeriesCube.parse(text) else { return nil }
        switch format {
        case .year: return SeriesCube.parse("\(Int(key))-12-31")?.0
        case .schoolYear: return SeriesCube.parse("\(Int(key) + 1)-07-31")?.0
        case .date: return key
        }
    }

    /// One line for `quartier indicators` (`at_least 0.9 per areas by 2027 (baseline 0.81 at 2021-12-31) — …`).
    package var summary: String {
        let target = value.map { Self.number($0) } ?? "the baseline"
        var baseline = ""
        if baselineOfCity {
            baseline = " (baseline: the city's value at \(baselineDate ?? "?"))"
        } else if let baselineValue {
            baseline = " (baseline \(Self.number(baselineValue)) at \(baselineDate ?? "?"))"
        }
        return "\(direction.rawValue) \(target) per \(level) by \(deadline)\(baseline) — \(source); \(owner)"
    }

    private static func number(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
    }
}

extension GoalTarget {
    /// The target as JSON, with the catalogue's key names (absent keys as null).
    var json: JSONValue {
        .object([
            "value": value.map { .number($0) } ?? .string("baseline"), "direction": .string(direction.rawValue),
            "level": .string(level), "deadline": .string(deadline),
            "baseline": baselineOfCity ? .string("city") : baselineValue.map { .number($0) } ?? .null,
            "baseline_date": baselineDate.map { .string($0) } ?? .null, "source": .string(source),
            "owner": .string(owner),
        ])
    }

    /// Reads one `[[indicators.<id>.targets]]` table; every problem names the file and line.
    static func parse(_ s: inout TOMLSection, indicator: String) throws -> GoalTarget {
        let place = "[[indicators.\(indicator).targets]]"
        let directionText = try s.requiredString("direction")
        guard let direction = GoalAttainment.Direction(rawValue: directionText) else {
            throw s.error(
                "\(place) direction = \"\(directionText)\": use \"at_least\" or \"at_most\"",
                line: s.line(of: "direction"))
        }
        let level = try s.requiredString("level")
        guard !level.isEmpty else {
            throw s.error("\(place) level must be \"areas\", \"city\" or a [[rollup]] name", line: s.line(of: "level"))
        }
        let deadline = try s.requiredString("deadline")
        guard deadlineKey(deadline) != nil else {
            throw s.error(
                "\(place) deadline = \"\(deadline)\" is no year (2027), date (2027-12-31, 31.12.2027) or school year "
                    + "(2026/27)", line: s.line(of: "deadline"))
        }
        var baselineValue: Double?
        var baselineOfCity = false
        if case .string(let text)? = s.table["baseline"]?.value {
            _ = try s.string("baseline")
            guard text == "city" else {
                throw s.error(
                    "\(place) baseline = \"\(text)\": give a number or \"city\" (the city's value at baseline_date)",
                    line: s.line(of: "baseline"))
            }
            baselineOfCity = true
        } else {
            baselineValue = try s.double("baseline")
        }
        let baselineDate = try s.string("baseline_date")
        let hasBaseline = baselineOfCity || baselineValue != nil
        if hasBaseline, baselineDate == nil {
            throw s.error(
                "\(place) baseline needs baseline_date = \"<date>\" (when the baseline was measured)",
                line: s.line(of: "baseline"))
        }
        if !hasBaseline, baselineDate != nil {
            throw s.error(
                "\(place) baseline_date without baseline = <value> or \"city\"", line: s.line(of: "baseline_date"))
        }
        if let baselineDate, SeriesCube.parse(baselineDate) == nil {
            throw s.error(
                "\(place) baseline_date = \"\(baselineDate)\" is no year, date or school year",
                line: s.line(of: "baseline_date"))
        }
        var value: Double?
        if case .string(let text)? = s.table["value"]?.value {
            _ = try s.string("value")
            guard text == "baseline" else {
                throw s.error(
                    "\(place) value = \"\(text)\": give a number or \"baseline\" (the baseline's value)",
                    line: s.line(of: "value"))
            }
            guard hasBaseline else {
                throw s.error(
                    "\(place) value = \"baseline\" needs baseline = <value> or \"city\" and baseline_date",
                    line: s.line(of: "value"))
            }
        } else {
            if s.table["value"] == nil { _ = try s.requiredString("value") }
            value = try s.double("value")
            if let value, !value.isFinite {
                throw s.error("\(place) value must be a finite number", line: s.line(of: "value"))
            }
        }
        let target = GoalTarget(
            value: value, direction: direction, level: level, deadline: deadline, baselineValue: baselineValue,
            baselineOfCity: baselineOfCity, baselineDate: baselineDate, source: try s.requiredString("source"),
            owner: try s.requiredString("owner"), line: s.line)
        try s.finish()
        return target
    }
}
