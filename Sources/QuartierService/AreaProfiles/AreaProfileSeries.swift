import Foundation
import QuartierGDAL
import QuartierModel

/// A public `[[series]]` of one level as the profiles read it: the `<name>_public.gpkg` (or `<name>_<level>_public
/// .gpkg`) tables the manifest lists with role `series`, tier `public` — suppressed step by step, never the internal
/// table — and, per area, each column's cells over the steps.
package struct AreaProfileSeries: Sendable {
    package var name: String
    package var level: String
    package var columns: [String]
    package var steps: [String]
    /// Column → its title (`[publish] aliases`, recorded in the manifest).
    package var titles: [String: String]
    /// Area id → column → its cells, one per step.
    package var cells: [String: [String: [AreaProfileRun.Cell]]]
    /// Rate columns → their denominator column (the manifest's field records).
    package var rates: [String: String] = [:]

    /// Reads every public series table of the run.
    static func read(folder: String, outputs: [Manifest.FileRef]) throws -> [AreaProfileSeries] {
        let entries = outputs.filter {
            $0.role == .series && $0.effectiveTier == .public && $0.path.hasSuffix(".gpkg") && $0.level != nil
        }
        return try entries.compactMap { entry -> AreaProfileSeries? in
            guard let level = entry.level, let idField = entry.idField else { return nil }
            let dataset = try Dataset(opening: (folder as NSString).appendingPathComponent(entry.path))
            guard let layer = try dataset.layers().first(where: { $0.name == entry.layer })?.readAll().layer,
                let key = layer.fieldIndex(idField)
            else { return nil }
            // The time is the field after the key; the columns are the rest without their `_status`.
            let time = key == 0 ? 1 : 0
            let names = layer.fields.map(\.name)
            let columns = names.indices.filter { $0 != key && $0 != time && !names[$0].hasSuffix("_status") }
            var steps: [String] = []
            var cells: [String: [String: [AreaProfileRun.Cell]]] = [:]
            for feature in layer.features {
                guard let id = feature.attributes[key].keyText, let label = feature.attributes[time].stringValue
                else { continue }
                if !steps.contains(label) { steps.append(label) }
                for column in columns {
                    let status = layer.fieldIndex(names[column] + "_status").flatMap {
                        feature.attributes[$0].stringValue
                    }
                    let cell: AreaProfileRun.Cell =
                        feature.attributes[column].doubleValue.map { .value($0) } ?? .missing(status ?? "empty")
                    cells[id, default: [:]][names[column], default: []].append(cell)
                }
            }
            // `<name>_public`, `<name>_<level>_public` (`PublicSeriesStep`).
            var name = String((entry.layer ?? "").dropLast("_public".count))
            if level != LayerRef.areasName, name.hasSuffix("_" + level) {
                name = String(name.dropLast(level.count + 1))
            }
            var titles: [String: String] = [:]
            var rates: [String: String] = [:]
            for record in entry.fields ?? [] {
                titles[record.name] = record.title
                if record.role == .rate, let denominator = record.denominator { rates[record.name] = denominator }
            }
            return AreaProfileSeries(
                name: name, level: level, columns: columns.map { names[$0] }, steps: steps, titles: titles,
                cells: cells, rates: rates)
        }
    }
}

extension AreaProfileHTML {
    /// The profile's series section: per public series of the level and column, a line over the steps (a gap where a
    /// value is missing or suppressed), the values in a table, and — where the public layer has them — the trend
    /// (Sen's slope per year, Mann–Kendall p) and the goal (target, state, expected year), all computed from the
    /// public values.
    static func seriesSection(_ profile: AreaProfile, run: AreaProfileRun) -> String {
        let series = run.series.filter { $0.level == profile.level.name && $0.cells[profile.area.id] != nil }
        var h = "<section><h2>Zeitreihen</h2>\n"
        if series.isEmpty {
            h += "<p class=\"zeitreihen\">"
            h +=
                run.hasSeries
                ? "Die Zeitreihen dieser Auswertung werden nicht veröffentlicht (intern)."
                : "Für diese Auswertung liegen keine Zeitreihen vor."
            return h + "</p></section>\n"
        }
        for s in series {
            for column in s.columns {
                guard let cells = s.cells[profile.area.id]?[column] else { continue }
                let entry = run.indicators.first { $0.field == column }?.entry
                let title = entry?.title ?? s.titles[column] ?? column
                let unit = entry?.unit ?? ""
                h += "<h3>\(escape(title)) (\(escape(s.steps.first ?? "")) bis \(escape(s.steps.last ?? "")))</h3>\n"
                let area = profile.area
                var goal: ChartGoal?
                if case .value(let target)? = area.cells[column + "_target"], let declared = entry?.targets?.first,
                    let deadline = GoalTarget.deadlineKey(declared.deadline)
                {
                    goal = ChartGoal(
                        target: target, deadline: deadline, deadlineText: declared.deadline,
                        slope: area.cells[column + "_sen_slope"]?.value)
                }
                let comparators = comparators(profile, series: s, column: column, run: run)
                // A rate's comparators share its axis; a count's parent or total is of another size and stays in
                // the table.
                let drawn = s.rates[column] != nil ? comparators : []
                h += line(cells, steps: s.steps, label: title, goal: goal, comparators: drawn)
                if !drawn.isEmpty {
                    h += "<p class=\"quelle\">Blau: \(escape(area.name))"
                    for (i, c) in drawn.enumerated() {
                        h += "; \(Self.comparatorStyles[i % 2].name): \(escape(c.label))"
                    }
                    h += ".</p>\n"
                }
                var facts: [String] = []
                if case .value(let slope)? = area.cells[column + "_sen_slope"] {
                    // A change of a share is in percentage points.
                    var text =
                        "Trend: " + AreaProfileSentences.format(slope, unit: unit == "%" ? "Prozentpunkte" : unit)
                        + " je Jahr (Sen)"
                    if case .value(let p)? = area.cells[column + "_mk_p"] {
                        text += ", Mann-Kendall p = " + AreaProfileSentences.number(p, digits: 3)
                    }
                    facts.append(text)
                }
                if let state = area.texts[column + "_goal_state"],
                    case .value(let target)? = area.cells[column + "_target"]
                {
                    var text = "Ziel " + AreaProfileSentences.format(target, unit: unit)
                    if let deadline = entry?.targets?.first?.deadline { text += " bis \(deadline)" }
                    text += ": " + Self.goalStates[state, default: state]
                    if case .value(let gap)? = area.cells[column + "_gap"] {
                        let distance = AreaProfileSentences.format(gap, unit: unit == "%" ? "Prozentpunkte" : unit)
                        text += ", Abstand \(distance)"
                    }
                    if state != "erreicht", case .value(let year)? = area.cells[column + "_goal_year"] {
                        text += " (voraussichtlich erreicht \(Int(year.rounded(.up))))"
                    }
                    facts.append(text)
                }
                if !facts.isEmpty {
                    h += "<ul class=\"trend\">" + facts.map { "<li>\(escape($0))</li>" }.joined() + "</ul>\n"
                }
                h += "<table class=\"reihe\" data-series=\"\(escape(s.name)):\(escape(column))\""
                for c in comparators { h += c.unit.map { " data-\(c.kind)-einheit=\"\(escape($0))\"" } ?? "" }
                h += "><thead><tr><th scope=\"col\">Stichtag</th><th scope=\"col\">\(escape(area.name))</th>"
                for c in comparators { h += "<th scope=\"col\">\(escape(c.label))</th>" }
                h += "</tr></thead><tbody>"
                for (step, cell) in cells.enumerated() where step < s.steps.count {
                    h += "<tr><th scope=\"row\">\(escape(s.steps[step]))</th><td\(data("wert", cell))>"
                    h += cellText(cell, unit: unit) + "</td>"
                    for c in comparators {
                        let other = step < c.cells.count ? c.cells[step] : .missing(MissingReason.empty.rawValue)
                        h += "<td\(data(c.kind, other))>" + cellText(other, unit: unit) + "</td>"
                    }
                    h += "</tr>"
                }
                h += "</tbody></table>\n"
            }
        }
        h += "<p class=\"quelle\">Jeder Stichtag ist wie die übrigen Werte geheimhaltungsgeprüft; Trend und Ziel sind "
        h += "aus den veröffentlichten Werten berechnet.</p></section>\n"
        return h
    }

    /// The comparators' lines: the parent dark grey and dashed, the reference light grey and dotted (told apart
    /// without colour, and named below the chart).
    static let comparatorStyles: [(name: String, color: String, dash: String)] = [
        ("grau gestrichelt", "#525252", "5 2"), ("hellgrau gepunktet", "#969696", "1 2"),
    ]

    static let goalStates = [
        "erreicht": "erreicht", "auf_kurs": "auf Kurs", "nicht_auf_kurs": "nicht auf Kurs",
        "unbestimmt": "unbestimmt (zu wenige Werte)", "suppressed": "nicht veröffentlicht (Geheimhaltung)",
    ]

    /// The goal drawn into a chart: the target, its deadline (as a time key) and the area's Sen slope.
    struct ChartGoal {
        var target: Double
        var deadline: Double
        var deadlineText: String
        var slope: Double?
    }

    /// A print-friendly chart of the steps on a time axis: an SVG with its text alternative; a gap where no value is
    /// published; with a goal, the target as a dashed line to its deadline and the trend (Sen's slope) from the last
    /// published value projected to the deadline, dotted.
    static func line(
        _ cells: [AreaProfileRun.Cell], steps: [String], label: String, goal: ChartGoal? = nil,
        comparators: [SeriesComparator] = []
    ) -> String {
        let times = steps.enumerated().map { i, step in SeriesCube.parse(step)?.0 ?? Double(i) }
        let points = zip(times, cells).compactMap { t, cell in cell.value.map { (t, $0) } }
        guard let first = points.first, let last = points.last else { return "" }
        var ys = points.map(\.1) + comparators.flatMap { $0.cells.compactMap(\.value) }
        var (t0, t1) = (times.first ?? first.0, times.last ?? last.0)
        var projected: Double?
        if let goal {
            ys.append(goal.target)
            t1 = max(t1, goal.deadline)
            if let slope = goal.slope {
                projected = last.1 + slope * (goal.deadline - last.0)
                ys.append(projected ?? last.1)
            }
        }
        t0 = min(t0, first.0)
        let (lo, hi) = (ys.min() ?? 0, ys.max() ?? 1)
        let (width, height, pad) = (320.0, 70.0, 8.0)
        func x(_ t: Double) -> Double { t1 > t0 ? pad + (t - t0) * (width - 2 * pad) / (t1 - t0) : width / 2 }
        func y(_ v: Double) -> Double { height - pad - (v - lo) * (height - 2 * pad) / (hi - lo > 0 ? hi - lo : 1) }
        func path(_ cells: [AreaProfileRun.Cell]) -> String {
            var path = ""
            var pen = false
            for (t, cell) in zip(times, cells) {
                guard let v = cell.value else {
                    pen = false
                    continue
                }
                path += (pen ? "L" : "M") + String(format: "%.1f %.1f", x(t), y(v))
                pen = true
            }
            return path
        }
        var alt =
            "\(label): von \(AreaProfileSentences.number(first.1, digits: 1)) auf "
            + AreaProfileSentences.number(last.1, digits: 1)
        var svg = "<svg class=\"reihe-linie\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"\(Int(width))\" "
        svg += "height=\"\(Int(height))\" role=\"img\" aria-label=\"ALT\">"
        if let goal {
            svg += String(
                format: "<line class=\"ziel\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#d7191c\" "
                    + "stroke-dasharray=\"4 3\"/>", x(t0), y(goal.target), x(goal.deadline), y(goal.target))
            svg +=
                String(
                    format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"9\" text-anchor=\"end\" fill=\"#a50f15\">",
                    x(goal.deadline), max(9, y(goal.target) - 3)) + "Ziel \(escape(goal.deadlineText))</text>"
            alt += ", Ziel " + AreaProfileSentences.number(goal.target, digits: 1) + " bis \(goal.deadlineText)"
            if let projected {
                svg += String(
                    format: "<line class=\"trend\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#08519c\" "
                        + "stroke-dasharray=\"1 3\"/>", x(last.0), y(last.1), x(goal.deadline), y(projected))
                alt += ", beim bisherigen Trend " + AreaProfileSentences.number(projected, digits: 1)
            }
        }
        for (i, comparator) in comparators.enumerated() {
            let style = comparatorStyles[i % comparatorStyles.count]
            svg += "<path class=\"vergleich\" d=\"\(path(comparator.cells))\" fill=\"none\" stroke=\"\(style.color)\" "
            svg += "stroke-width=\"1.2\" stroke-dasharray=\"\(style.dash)\"/>"
            let values = comparator.cells.compactMap(\.value)
            if let a = values.first, let b = values.last {
                alt += "; \(comparator.label): von \(AreaProfileSentences.number(a, digits: 1)) auf "
                alt += AreaProfileSentences.number(b, digits: 1)
            }
        }
        svg += "<path d=\"\(path(cells))\" fill=\"none\" stroke=\"#08519c\" stroke-width=\"1.5\"/>"
        for (t, v) in points {
            svg += String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2\" fill=\"#08519c\"/>", x(t), y(v))
        }
        return svg.replacingOccurrences(of: "aria-label=\"ALT\"", with: "aria-label=\"\(escape(alt))\"") + "</svg>\n"
    }
}
