import Foundation
import QuartierModel

/// The atlas's part of the observations (issue 22): titles of the observation fields, a map theme per published
/// perception-gap flag (categories) and per published theme count (classes), and the flags' words for the profile
/// panel. Only fields of the published layer, which suppression has already passed.
extension AtlasDocument {
    /// The words of the flags in the atlas.
    static let gapLabels: [(value: String, color: String, label: String)] = [
        (PerceptionGap.Flag.perceivedOnly.rawValue, "#d95f02", "vor Ort berichtet, Kennzahl unauffällig"),
        (PerceptionGap.Flag.indicatorOnly.rawValue, "#7570b3", "Kennzahl auffällig, vor Ort kaum berichtet"),
        (PerceptionGap.Flag.both.rawValue, "#b2182b", "berichtet und Kennzahl auffällig"),
        (PerceptionGap.Flag.neither.rawValue, "#e0e0e0", "weder noch"),
    ]

    /// A German title for a field of an `[[observations]]` step, or nil.
    func observationTitle(_ field: String) -> String? {
        for spec in observations {
            if field == spec.totalField { return "Beobachtungen insgesamt" }
            if field == spec.allLatestField { return "Letzte Beobachtung" }
            for theme in spec.vocabulary.themes {
                let t = theme.title
                switch field {
                case spec.countField(theme.id): return "Beobachtungen: \(t)"
                case spec.shareField(theme.id): return "Beobachtungen: \(t) (Anteil)"
                case spec.ratingMeanField(theme.id): return "Beobachtungen: \(t) (mittlere Bewertung)"
                case spec.ratingCountField(theme.id): return "Beobachtungen: \(t) (Bewertungen)"
                case spec.latestField(theme.id): return "Beobachtungen: \(t) (zuletzt)"
                default: break
                }
            }
            for gap in spec.gaps {
                let t = spec.vocabulary.theme(gap.theme)?.title ?? gap.theme
                if field == spec.perThousandField(gap) { return "Beobachtungen: \(t) je 1.000" }
                if field == spec.gapField(gap) { return "Wahrnehmung und Kennzahl: \(t) / \(title(of: gap.indicator))" }
            }
        }
        return nil
    }

    /// The flag fields of the published layer (their `_status` goes into the tiles, so the map tells suppressed).
    var observationFlagFields: [String] {
        observations.flatMap { spec in spec.gaps.map(spec.gapField) }.filter { layer.fieldIndex($0) != nil }
    }

    /// Map themes: each published gap flag (kind `category`: a colour per value) and each published theme count
    /// (kind `classes`: fixed classes from the minimum count up).
    func observationThemes(missing: JSONValue) -> [JSONValue] {
        var themes: [JSONValue] = []
        for spec in observations {
            let attribution: JSONValue = inputAttribution(spec).map { .string($0) } ?? .null
            for gap in spec.gaps where layer.fieldIndex(spec.gapField(gap)) != nil {
                let field = spec.gapField(gap)
                themes.append([
                    "id": .string(field), "kind": "category", "field": .string(field), "title": .string(title(of: field)),
                    "unit": "", "referenceDate": .null, "attribution": attribution,
                    "entries": .array(
                        Self.gapLabels.map { ["value": .string($0.value), "color": .string($0.color), "label": .string($0.label)] }),
                    "missing": missing,
                ])
            }
            for theme in spec.vocabulary.themes where layer.fieldIndex(spec.countField(theme.id)) != nil {
                let field = spec.countField(theme.id)
                let classes: [(Double, String, String)] = [
                    (4, "#fee8c8", "bis 4"), (9, "#fdbb84", "5–9"), (19, "#e34a33", "10–19"), (1e9, "#b30000", "20 und mehr"),
                ]
                themes.append([
                    "id": .string(field), "kind": "classes", "field": .string(field), "title": .string(title(of: field)),
                    "unit": "", "referenceDate": .null, "attribution": attribution,
                    "entries": .array(classes.map { ["max": .number($0.0), "color": .string($0.1), "label": .string($0.2)] }),
                    "missing": missing,
                ])
            }
        }
        return themes
    }

    /// `labels`: per flag field its values' words (the profile panel shows words, not codes).
    func observationLabels() -> JSONValue {
        var labels: [String: JSONValue] = [:]
        for field in observationFlagFields {
            labels[field] = .object(Dictionary(uniqueKeysWithValues: Self.gapLabels.map { ($0.value, .string($0.label)) }))
        }
        return .object(labels)
    }

    private func inputAttribution(_ spec: ObservationsSpec) -> String? {
        spec.attribution ?? attributions.first { $0.localizedCaseInsensitiveContains("beobacht") || $0.contains("SYNTHET") }
    }
}
