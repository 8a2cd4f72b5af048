import Foundation

/// The rule-based German sentences of a profile, made from its numbers only (never free text), and the German
/// formatting of numbers and missing-value states.
package enum AreaProfileSentences {
    /// Where a value lies against a comparator.
    package enum Direction: String, Sendable {
        case above, level, below
    }

    /// The direction of `value` against `comparator`: within 5 % of the comparator (relative) is `level`.
    package static func direction(_ value: Double, _ comparator: Double) -> Direction {
        let tolerance = 0.05 * abs(comparator)
        if abs(value - comparator) <= tolerance { return .level }
        return value > comparator ? .above : .below
    }

    /// "deutlich über" (≥ 25 % relative difference), "über", "etwa auf dem Niveau", "unter", "deutlich unter".
    static func words(_ value: Double, _ comparator: Double) -> String {
        switch direction(value, comparator) {
        case .level: return "etwa auf dem Niveau"
        case .above:
            return abs(value - comparator) >= 0.25 * abs(comparator) ? "deutlich über dem Wert" : "über dem Wert"
        case .below:
            return abs(value - comparator) >= 0.25 * abs(comparator) ? "deutlich unter dem Wert" : "unter dem Wert"
        }
    }

    /// The sentence comparing one indicator with a comparator, with its direction for tests and readers.
    package static func comparison(
        _ figure: AreaProfile.Figure, against comparator: AreaProfile.Comparator, value other: Double,
        significance: Int?
    ) -> (text: String, direction: Direction)? {
        guard let value = figure.cell.value else { return nil }
        let unit = figure.entry.unit
        let d = direction(value, other)
        var text = "„\(figure.entry.title)“ liegt mit \(format(value, unit: unit)) \(words(value, other)) "
        text += "\(comparator.phrase) (\(format(other, unit: unit)))."
        if d != .level, figure.entry.polarity != "neutral" {
            let favourable = (d == .above) == (figure.entry.polarity == "high_is_good")
            text += favourable ? " Das ist günstiger." : " Das ist ungünstiger."
        }
        if let significance, let interval = figure.interval {
            let range = "\(format(interval.lower, unit: unit)) bis \(format(interval.upper, unit: unit))"
            switch significance {
            case 1: text += " Der Unterschied ist statistisch signifikant (95-%-Intervall \(range))."
            case -1: text += " Der Unterschied ist statistisch signifikant (95-%-Intervall \(range))."
            default: text += " Der Unterschied ist statistisch nicht signifikant (95-%-Intervall \(range))."
            }
        }
        return (text, d)
    }

    /// "Rang 3 von 12 Planungsräumen der Bezirksregion … (1 = höchster Wert)."
    static func rank(_ figure: AreaProfile.Figure, siblings: String) -> String? {
        guard let rank = figure.rank, rank.of > 1 else { return nil }
        let dative = siblings.split(separator: " ", maxSplits: 1).map(String.init)
        let head = dative.first.map { $0.hasSuffix("n") ? $0 : $0 + "n" } ?? ""
        let rest = dative.count > 1 ? " " + dative[1] : ""
        return "Bei „\(figure.entry.title)“ steht das Gebiet auf Rang \(rank.position) von \(rank.of) \(head)\(rest) "
            + "mit veröffentlichtem Wert (1 = höchster Wert)."
    }

    /// The hot spot result in words.
    static func hotspot(bin: Int?, cluster: String?, state: String?, variable: String?) -> String {
        let subject = variable.map { "Bei „\($0)“" } ?? "In der Hot-Spot-Analyse"
        if let state, state != "ok" { return "\(subject) ist das Gebiet nicht bewertet: \(status(state))." }
        var text: String
        switch bin ?? 0 {
        case 3: text = "\(subject) gehört das Gebiet zu einem Hot Spot hoher Werte (Gi*, Konfidenz 99 %)."
        case 2: text = "\(subject) gehört das Gebiet zu einem Hot Spot hoher Werte (Gi*, Konfidenz 95 %)."
        case 1: text = "\(subject) gehört das Gebiet zu einem Hot Spot hoher Werte (Gi*, Konfidenz 90 %)."
        case -1: text = "\(subject) gehört das Gebiet zu einem Cold Spot niedriger Werte (Gi*, Konfidenz 90 %)."
        case -2: text = "\(subject) gehört das Gebiet zu einem Cold Spot niedriger Werte (Gi*, Konfidenz 95 %)."
        case -3: text = "\(subject) gehört das Gebiet zu einem Cold Spot niedriger Werte (Gi*, Konfidenz 99 %)."
        default: text = "\(subject) liegt das Gebiet in keinem signifikanten Hot Spot oder Cold Spot (Gi*)."
        }
        switch cluster ?? "" {
        case "HH": text += " Lokales Moran's I: Cluster hoher Werte (hoch–hoch)."
        case "LL": text += " Lokales Moran's I: Cluster niedriger Werte (niedrig–niedrig)."
        case "HL": text += " Lokales Moran's I: hoher Wert inmitten niedriger Werte (Ausreißer)."
        case "LH": text += " Lokales Moran's I: niedriger Wert inmitten hoher Werte (Ausreißer)."
        default: break
        }
        return text
    }

    /// Why a value is missing, in words (the states of the README).
    package static func status(_ status: String) -> String {
        switch status {
        case "suppressed": "zum Schutz der statistischen Geheimhaltung nicht veröffentlicht (kleine Fallzahl)"
        case "secret": "in der Quelle geheim gehalten oder unbekannt (Zeichen „.“)"
        case "none": "nichts vorhanden (Zeichen „–“)"
        case "blocked": "in der Quelle gesperrt (Zeichen „x“)"
        case "unreliable": "in der Quelle als nicht sicher genug gekennzeichnet (Zeichen „/“)"
        case "no_row": "keine Angabe in der Quelltabelle"
        case "invalid": "von der Quelle als ungültig gekennzeichnet"
        case "undefined": "nicht berechenbar (ein Eingangswert fehlt oder der Nenner ist 0)"
        case "isolated": "ohne Nachbargebiete"
        case "no_provision_in_reach": "kein Angebot in Reichweite"
        case "merged": "mit einem anderen Gebiet zusammengefasst"
        case "incomplete": "unvollständig: ein zusammengefasstes Gebiet liegt zum Teil in einem anderen Gebiet"
        case "not_published": "auf dieser Ebene nicht veröffentlicht"
        case "not_aggregated": "für das Gesamtgebiet nicht aus den veröffentlichten Werten berechenbar"
        default: "keine Angabe"
        }
    }

    /// A number as German text with its unit: decimal comma, thousands dot; `%` with one decimal, small numbers with
    /// two, whole numbers and large values without decimals.
    package static func format(_ value: Double, unit: String) -> String {
        let digits: Int
        if unit == "%" {
            digits = 1
        } else if value == value.rounded() && abs(value) >= 1 {
            digits = 0
        } else {
            digits = abs(value) < 10 ? 2 : abs(value) < 100 ? 1 : 0
        }
        let text = number(value, digits: digits)
        if unit.isEmpty { return text }
        return unit == "%" ? "\(text) %" : "\(text) \(unit)"
    }

    /// German digits: "1.234,5".
    package static func number(_ value: Double, digits: Int) -> String {
        let rounded = String(format: "%.\(digits)f", abs(value))
        let parts = rounded.split(separator: ".", omittingEmptySubsequences: false)
        var whole = String(parts[0])
        var grouped = ""
        while whole.count > 3 {
            grouped = "." + whole.suffix(3) + grouped
            whole = String(whole.dropLast(3))
        }
        grouped = whole + grouped
        let sign = value < 0 && Double(rounded) != 0 ? "−" : ""
        return sign + grouped + (parts.count > 1 ? "," + parts[1] : "")
    }
}
