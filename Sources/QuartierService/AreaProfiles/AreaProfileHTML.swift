import Foundation

/// One profile as a self-contained HTML page (inline CSS and SVG, no script, no external request; A4 when
/// printed). Rows carry their numbers as `data-` attributes (`data-value`, `data-parent`, `data-reference`, in
/// full precision, as published), so that tests and other tools read them back without parsing German text.
package enum AreaProfileHTML {
    /// The page's style: screen and A4 print.
    static let style = """
        @page { size: A4; margin: 14mm 12mm 16mm 12mm; }
        * { box-sizing: border-box; }
        body { font: 10pt/1.4 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #222; margin: 0 auto;
          max-width: 186mm; padding: 6mm 0; }
        h1 { font-size: 17pt; margin: 0 0 2mm; overflow-wrap: anywhere; hyphens: auto; }
        h2 { font-size: 11.5pt; margin: 5mm 0 2mm; border-bottom: 1px solid #bbb; }
        .ebene { color: #555; margin: 0; overflow-wrap: anywhere; }
        .kopf { display: flex; gap: 6mm; align-items: flex-start; }
        .kopf > div { flex: 1; min-width: 0; }
        svg.karte { flex: none; max-width: 70mm; height: auto; }
        .rahmen { fill: none; stroke: #888; stroke-width: .6; }
        .eltern { fill: #c6dbef; stroke: none; }
        .gebiet { fill: #08519c; stroke: #08306b; stroke-width: .8; }
        .marke { fill: none; stroke: #d7301f; stroke-width: 2; }
        table { width: 100%; border-collapse: collapse; font-size: 8.3pt; }
        th, td { border-bottom: 1px solid #ddd; padding: 1.2mm 1mm; text-align: left; vertical-align: top; }
        th { background: #f0f0f0; }
        td.zahl { text-align: right; white-space: nowrap; }
        tr { break-inside: avoid; page-break-inside: avoid; }
        .status { color: #8a4b00; font-style: italic; white-space: normal; display: block; font-size: 7.5pt; }
        .quelle { color: #555; font-size: 7.5pt; }
        svg.balken { width: 36mm; height: 5mm; }
        .band { fill: #e0e0e0; } .wert { fill: #2171b5; } .eltern-marke { stroke: #000; stroke-width: 1.5; }
        .referenz-marke { stroke: #d7301f; stroke-width: 1.5; stroke-dasharray: 2 1; }
        ul.aussagen li { margin-bottom: 1mm; }
        dl { margin: 0; font-size: 8.5pt; } dt { font-weight: bold; margin-top: 2mm; } dd { margin: 0 0 0 4mm; }
        footer { margin-top: 6mm; font-size: 7.5pt; color: #555; border-top: 1px solid #bbb; padding-top: 2mm; }
        section { break-inside: auto; }
        """

    package static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }

    /// A cell as table text: the German number, or a dash with the reason in words.
    static func cellText(_ cell: AreaProfileRun.Cell?, unit: String) -> String {
        switch cell {
        case .value(let v)?: return escape(AreaProfileSentences.format(v, unit: unit))
        case .missing(let status)?:
            return "– <span class=\"status\">(\(escape(AreaProfileSentences.status(status))))</span>"
        case nil: return "–"
        }
    }

    static func data(_ name: String, _ cell: AreaProfileRun.Cell?) -> String {
        switch cell {
        case .value(let v)?: return " data-\(name)=\"\(v)\""
        case .missing(let status)?: return " data-\(name)-status=\"\(escape(status))\""
        case nil: return ""
        }
    }

    /// The bar of a value against its siblings' range (grey band), the parent (black tick) and the reference (red).
    static func bar(_ figure: AreaProfile.Figure) -> String {
        guard let value = figure.cell.value else { return "" }
        let others = [figure.parent?.value, figure.reference?.value].compactMap { $0 }
        let all = [value] + others + (figure.siblingRange.map { [$0.lowerBound, $0.upperBound] } ?? [])
        let lo = min(0, all.min() ?? 0)
        var hi = all.max() ?? 1
        if hi <= lo { hi = lo + 1 }
        func x(_ v: Double) -> Double { 2 + (v - lo) / (hi - lo) * 136 }
        var svg = "<svg class=\"balken\" viewBox=\"0 0 140 20\" role=\"img\"><title>Wert im Vergleich</title>"
        if let range = figure.siblingRange {
            svg += String(
                format: "<rect class=\"band\" x=\"%.1f\" y=\"3\" width=\"%.1f\" height=\"14\"/>",
                x(range.lowerBound), max(0.5, x(range.upperBound) - x(range.lowerBound)))
        }
        svg += String(
            format: "<rect class=\"wert\" x=\"%.1f\" y=\"6\" width=\"%.1f\" height=\"8\"/>",
            x(min(0, value)), max(0.5, abs(x(value) - x(min(0, value)))))
        if let p = figure.parent?.value {
            svg += String(
                format: "<line class=\"eltern-marke\" x1=\"%.1f\" x2=\"%.1f\" y1=\"1\" y2=\"19\"/>", x(p), x(p))
        }
        if let r = figure.reference?.value {
            svg += String(
                format: "<line class=\"referenz-marke\" x1=\"%.1f\" x2=\"%.1f\" y1=\"1\" y2=\"19\"/>", x(r), x(r))
        }
        return svg + "</svg>"
    }

    static func significance(_ s: Int?) -> String {
        guard let s else { return "kein Test" }
        return s > 0 ? "signifikant höher" : s < 0 ? "signifikant niedriger" : "nicht signifikant"
    }

    /// The page of one profile.
    /// - Parameters:
    ///   - map: the locator map's SVG element.
    ///   - run: the run, for sources, inputs and whether it has series.
    package static func page(_ profile: AreaProfile, map: String, run: AreaProfileRun, index: String = "index.html")
        -> String
    {
        let area = profile.area
        var h = "<!DOCTYPE html>\n<html lang=\"de\"><head><meta charset=\"utf-8\">"
        h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        h += "<title>\(escape(area.name)) – Gebietsprofil</title><style>\(style)</style></head>\n<body>\n"
        h += "<div class=\"kopf\"><div><h1 data-id=\"\(escape(area.id))\">\(escape(area.name))</h1>"
        var line = "\(profile.levelLabel) \(area.id)"
        if let parent = profile.parent { line += " · \(parent.label)" }
        if let reference = profile.reference { line += " · \(reference.label)" }
        h += "<p class=\"ebene\">\(escape(line))</p>"
        h += "<p class=\"quelle\">Gebietsprofil der Auswertung „\(escape(run.analysisName))“, erstellt aus den "
        h += "veröffentlichten Daten. <a href=\"\(index)\">Alle Profile</a></p></div>\n\(map)</div>\n"

        // Key figures.
        let parentHead = profile.parent.map { escape($0.label) } ?? "übergeordnete Ebene"
        let referenceHead = profile.reference.map { escape($0.label) } ?? "Referenz"
        h += "<section><h2>Kennzahlen</h2><table class=\"kennzahlen\"><thead><tr><th>Indikator</th><th>Wert</th>"
        h += "<th>Zähler / Nenner</th><th>\(parentHead)</th><th>\(referenceHead)</th><th>Rang</th><th>Klasse</th>"
        h += "<th>Vergleich</th><th>Signifikanz</th></tr></thead><tbody>\n"
        for f in profile.figures {
            let unit = f.entry.unit
            h += "<tr data-indicator=\"\(escape(f.field))\" data-source=\"\(escape(f.entry.source))\""
            h += data("value", f.cell) + data("parent", f.parent) + data("reference", f.reference)
            if let n = f.numerator { h += data("numerator", n.cell) }
            if let d = f.denominator { h += data("denominator", d.cell) }
            if let i = f.interval { h += " data-lower=\"\(i.lower)\" data-upper=\"\(i.upper)\"" }
            h += "><td>\(escape(f.entry.title))<br><span class=\"quelle\">\(escape(unit)) · Quelle: "
            h += "\(escape(f.entry.source)), Stand \(escape(f.entry.referenceDate))</span></td>"
            h += "<td class=\"zahl wert\">\(cellText(f.cell, unit: unit))"
            if let i = f.interval {
                h += "<span class=\"quelle\"><br>95 %: \(escape(AreaProfileSentences.format(i.lower, unit: unit))) bis "
                h += "\(escape(AreaProfileSentences.format(i.upper, unit: unit)))</span>"
            }
            h += "</td>"
            if let n = f.numerator, let d = f.denominator {
                h += "<td class=\"zahl\">\(cellText(n.cell, unit: "")) / \(cellText(d.cell, unit: ""))</td>"
            } else {
                h += "<td>–</td>"
            }
            h += "<td class=\"zahl\">\(profile.parent == nil ? "–" : cellText(f.parent, unit: unit))</td>"
            h += "<td class=\"zahl\">\(profile.reference == nil ? "–" : cellText(f.reference, unit: unit))</td>"
            h += "<td class=\"zahl\">\(f.rank.map { "\($0.position) von \($0.of)" } ?? "–")</td>"
            h += "<td>\(escape(f.classLabel ?? "–"))</td><td>\(bar(f))</td>"
            let versus = f.versusReference ?? f.versusParent
            h += "<td data-significance=\"\(versus.map(String.init) ?? "")\">\(significance(versus))</td></tr>\n"
        }
        h += "</tbody></table>"
        h += "<p class=\"quelle\">Balken: Wert des Gebiets (blau) auf einer Skala ab 0; grau: Spanne der "
        h += "\(escape(profile.siblingsPhrase)); schwarzer Strich: \(parentHead); roter Strich: \(referenceHead). "
        h +=
            "Rang 1 = höchster Wert. Signifikanz (gegenüber \(profile.reference != nil ? referenceHead : parentHead)): "
        let methods = Set(profile.figures.compactMap { $0.interval?.method })
        if methods.isEmpty {
            h += "kein Test, da für keine Quote Zähler und Nenner veröffentlicht sind.</p></section>\n"
        } else {
            h += methods.sorted { $0.rawValue > $1.rawValue }.map(\.german).joined(separator: "; ")
            h += "; ein Vergleichswert außerhalb des Intervalls gilt als signifikanter Unterschied.</p></section>\n"
        }

        // Sentences.
        var sentences: [String] = []
        for f in profile.figures {
            if f.cell.value == nil, case .missing(let status) = f.cell {
                sentences.append(
                    "<li data-indicator=\"\(escape(f.field))\" data-direction=\"none\">Für „\(escape(f.entry.title))“ "
                        + "liegt kein Wert vor: \(escape(AreaProfileSentences.status(status))).</li>")
                continue
            }
            for (kind, comparator, other, significance) in [
                ("reference", profile.reference, f.reference?.value, f.versusReference),
                ("parent", profile.parent, f.parent?.value, f.versusParent),
            ] {
                guard let comparator, let other,
                    let s = AreaProfileSentences.comparison(
                        f, against: comparator, value: other, significance: significance)
                else { continue }
                sentences.append(
                    "<li data-indicator=\"\(escape(f.field))\" data-comparator=\"\(kind)\" "
                        + "data-direction=\"\(s.direction.rawValue)\">\(escape(s.text))</li>")
            }
            if let r = AreaProfileSentences.rank(f, siblings: profile.siblingsPhrase) {
                sentences.append(
                    "<li data-indicator=\"\(escape(f.field))\" data-rank=\"\(f.rank?.position ?? 0)\">\(escape(r))</li>"
                )
            }
        }
        h += "<section><h2>Auf einen Blick</h2><ul class=\"aussagen\">\n" + sentences.joined(separator: "\n")
        h += "</ul><p class=\"quelle\">Die Sätze sind nach festen Regeln aus den Zahlen gebildet: bis 5 % Abweichung "
        h += "„etwa auf dem Niveau“, ab 25 % „deutlich“.</p></section>\n"

        // Hot spots.
        if !profile.hotspots.isEmpty {
            h += "<section><h2>Räumliche Muster</h2><ul>"
            for spot in profile.hotspots {
                let variable = spot.variable.flatMap { v in run.indicators.first { $0.field == v }?.entry.title ?? v }
                h += "<li data-hotspot=\"\(spot.bin.map(String.init) ?? "")\">"
                h += escape(
                    AreaProfileSentences.hotspot(
                        bin: spot.bin, cluster: spot.cluster, state: spot.state, variable: variable))
                h += "</li>"
            }
            h += "</ul><p class=\"quelle\">Getis-Ord Gi* und lokales Moran's I, aus den veröffentlichten Werten "
            h += "berechnet (Gebiete mit unterdrückten Werten bleiben außen vor).</p></section>\n"
        }

        // Series.
        h += seriesSection(profile, run: run)

        // Disclosure note.
        h += observationsSection(profile, run: run)
        h += "<section><h2>Geheimhaltung</h2><p class=\"geheimhaltung\">"
        if profile.withheld.isEmpty {
            h += "Für dieses Gebiet wird kein Wert aus Gründen der Geheimhaltung zurückgehalten."
        } else {
            h += "Zum Schutz der statistischen Geheimhaltung werden für dieses Gebiet nicht veröffentlicht: "
            h +=
                profile.withheld.map { field in
                    escape(run.indicators.first { $0.field == field }?.entry.title ?? field)
                }.joined(separator: ", ") + "."
        }
        if let minCount = run.minCount {
            h += " Fallzahlen unter \(AreaProfileSentences.number(minCount, digits: 0)) und daraus abgeleitete Werte "
            h += "werden unterdrückt, dazu weitere Werte, aus denen sie sich errechnen ließen; das Profil zeigt nur "
            h += "veröffentlichte Werte."
        }
        h += "</p></section>\n"

        // Definitions and sources.
        h += "<section><h2>Definitionen und Quellen</h2><dl>"
        for f in profile.figures {
            let e = f.entry
            h += "<dt>\(escape(e.title))</dt><dd>\(escape(e.definition))"
            if let n = e.numerator { h += "<br>Zähler: \(escape(n))" }
            if let d = e.denominator { h += "<br>Nenner: \(escape(d))" }
            h += "<br>Einheit: \(escape(e.unit.isEmpty ? "–" : e.unit)) · Stichtag: \(escape(e.referenceDate))"
            h += "<br>Quelle: \(escape(e.source)) · Lizenz: \(escape(e.licence))<br>\(escape(e.attribution))</dd>"
        }
        h += "</dl></section>\n"
        let geometry = run.inputs.first { $0.name == run.areaInput }
        h += "<footer>Gebietsgrenzen: \(escape(geometry?.attribution ?? run.areaInput))"
        if let date = geometry?.referenceDate { h += ", Stand \(escape(date))" }
        h += ". Erstellt mit Quartier \(escape(run.quartierVersion)) aus den öffentlichen Dateien der Auswertung "
        h += "„\(escape(run.analysisName))“.</footer>\n</body></html>\n"
        return h
    }
}
