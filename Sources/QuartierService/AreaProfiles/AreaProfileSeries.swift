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
            for record in entry.fields ?? [] { titles[record.name] = record.title }
            return AreaProfileSeries(
                name: name, level: level, columns: columns.map { names[$0] }, steps: steps, titles: titles,
                cells: cells)
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
                h += line(cells, label: title)
                var facts: [String] = []
                let area = profile.area
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
                    if state != "erreicht", case .value(let year)? = area.cells[column + "_goal_year"] {
                        text += " (voraussichtlich erreicht \(Int(year.rounded(.up))))"
                    }
                    facts.append(text)
                }
                if !facts.isEmpty {
                    h += "<ul class=\"trend\">" + facts.map { "<li>\(escape($0))</li>" }.joined() + "</ul>\n"
                }
                h += "<table class=\"reihe\" data-series=\"\(escape(s.name)):\(escape(column))\"><thead><tr>"
                h += "<th scope=\"col\">Stichtag</th><th scope=\"col\">Wert</th></tr></thead><tbody>"
                for (step, cell) in zip(s.steps, cells) {
                    h += "<tr><th scope=\"row\">\(escape(step))</th><td\(data("wert", cell))>"
                    h += cellText(cell, unit: unit) + "</td></tr>"
                }
                h += "</tbody></table>\n"
            }
        }
        h += "<p class=\"quelle\">Jeder Stichtag ist wie die übrigen Werte geheimhaltungsgeprüft; Trend und Ziel sind "
        h += "aus den veröffentlichten Werten berechnet.</p></section>\n"
        return h
    }

    static let goalStates = [
        "erreicht": "erreicht", "auf_kurs": "auf Kurs", "nicht_auf_kurs": "nicht auf Kurs",
        "unbestimmt": "unbestimmt (zu wenige Werte)", "suppressed": "nicht veröffentlicht (Geheimhaltung)",
    ]

    /// A print-friendly line of the steps: an SVG with its text alternative; a gap where no value is published.
    static func line(_ cells: [AreaProfileRun.Cell], label: String) -> String {
        let values = cells.map(\.value)
        let present = values.compactMap { $0 }
        guard let lo = present.min(), let hi = present.max() else { return "" }
        let (width, height, pad) = (320.0, 60.0, 6.0)
        let span = hi - lo > 0 ? hi - lo : 1
        func x(_ i: Int) -> Double {
            values.count > 1 ? pad + Double(i) * (width - 2 * pad) / Double(values.count - 1) : width / 2
        }
        func y(_ v: Double) -> Double { height - pad - (v - lo) * (height - 2 * pad) / span }
        var path = ""
        var pen = false
        for (i, v) in values.enumerated() {
            guard let v else {
                pen = false
                continue
            }
            path += (pen ? "L" : "M") + String(format: "%.1f %.1f", x(i), y(v))
            pen = true
        }
        let alt =
            "\(label): von \(AreaProfileSentences.number(present[0], digits: 1)) auf "
            + AreaProfileSentences.number(present[present.count - 1], digits: 1)
        var svg = "<svg class=\"reihe-linie\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"\(Int(width))\" "
        svg += "height=\"\(Int(height))\" role=\"img\" aria-label=\"\(escape(alt))\">"
        svg += "<path d=\"\(path)\" fill=\"none\" stroke=\"#08519c\" stroke-width=\"1.5\"/>"
        for (i, v) in values.enumerated() {
            guard let v else { continue }
            svg += String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2\" fill=\"#08519c\"/>", x(i), y(v))
        }
        return svg + "</svg>\n"
    }
}
