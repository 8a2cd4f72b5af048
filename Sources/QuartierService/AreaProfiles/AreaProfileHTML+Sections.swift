import Foundation

/// The sections of a profile page below its head, in page order.
extension AreaProfileHTML {
    /// "Kennzahlen": every figure with its counts, comparators, rank, class, bar and significance.
    static func keyFigures(_ profile: AreaProfile) -> String {
        var h = ""
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

        return h
    }

    /// "Auf einen Blick": the sentences derived from the figures by fixed rules.
    static func statements(_ profile: AreaProfile) -> String {
        var h = ""
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

        return h
    }

    /// "Räumliche Muster": the hot spot states in words (none without hot spot fields).
    static func hotspots(_ profile: AreaProfile, run: AreaProfileRun) -> String {
        var h = ""
        if !profile.hotspots.isEmpty {
            h += "<section><h2>Räumliche Muster</h2><ul>"
            for spot in profile.hotspots {
                let variable = spot.variable.map(run.title(of:))
                h += "<li data-hotspot=\"\(spot.bin.map(String.init) ?? "")\">"
                h += escape(
                    AreaProfileSentences.hotspot(
                        bin: spot.bin, cluster: spot.cluster, state: spot.state, variable: variable))
                h += "</li>"
            }
            h += "</ul><p class=\"quelle\">Getis-Ord Gi* und lokales Moran's I, aus den veröffentlichten Werten "
            h += "berechnet (Gebiete mit unterdrückten Werten bleiben außen vor).</p></section>\n"
        }

        return h
    }

    /// "Geheimhaltung": what the page withholds, and the rule.
    static func disclosure(_ profile: AreaProfile, run: AreaProfileRun) -> String {
        var h = ""
        h += "<section><h2>Geheimhaltung</h2><p class=\"geheimhaltung\">"
        if profile.withheld.isEmpty {
            h += "Für dieses Gebiet wird kein Wert aus Gründen der Geheimhaltung zurückgehalten."
        } else {
            h += "Zum Schutz der statistischen Geheimhaltung werden für dieses Gebiet nicht veröffentlicht: "
            h += profile.withheld.map { escape(run.title(of: $0)) }.joined(separator: ", ") + "."
        }
        if let minCount = run.minCount {
            h += " Fallzahlen unter \(AreaProfileSentences.number(minCount, digits: 0)) und daraus abgeleitete Werte "
            h += "werden unterdrückt, dazu weitere Werte, aus denen sie sich errechnen ließen; das Profil zeigt nur "
            h += "veröffentlichte Werte."
        }
        h += "</p></section>\n"

        return h
    }

    /// "Definitionen und Quellen", and the footer naming the boundaries' source.
    static func definitions(_ profile: AreaProfile, run: AreaProfileRun) -> String {
        var h = ""
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
