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

        h += keyFigures(profile)
        h += statements(profile)
        h += hotspots(profile, run: run)
        h += seriesSection(profile, run: run)
        h += observationsSection(profile, run: run)
        h += disclosure(profile, run: run)
        h += definitions(profile, run: run)
        return h
    }
}
