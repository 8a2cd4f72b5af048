import Foundation

/// The figures of one area's profile, all taken or computed from the run's public files (`AreaProfileRun`): per
/// catalogue indicator the value, the counts behind it, the parent's and the reference's (city's or Land's) value,
/// the rank among the siblings, the map class, and for rates the interval and whether the differences are
/// significant. Nothing here is free text: the sentences (`AreaProfileSentences`) are made from these numbers.
package struct AreaProfile: Sendable {
    /// A comparator: an area of a coarser level or the total over every area.
    package struct Comparator: Sendable {
        /// "Bezirksregion 011001 Tiergarten Süd", "Berlin".
        package var label: String
        /// The genitive phrase of the sentences ("der Bezirksregion Tiergarten Süd", "für Berlin").
        package var phrase: String
        package var level: String?
        package var id: String?
    }

    /// One indicator row.
    package struct Figure: Sendable {
        package var field: String
        package var entry: IndicatorEntry
        package var cell: AreaProfileRun.Cell
        package var numerator: (field: String, cell: AreaProfileRun.Cell)?
        package var denominator: (field: String, cell: AreaProfileRun.Cell)?
        /// The parent's and the reference's value (nil: no such comparator; `.missing`: not published or not
        /// computable).
        package var parent: AreaProfileRun.Cell?
        package var reference: AreaProfileRun.Cell?
        /// Rank among the siblings with a value (1 = the highest value) and their number.
        package var rank: (position: Int, of: Int)?
        /// The siblings' published values, for the chart.
        package var siblingRange: ClosedRange<Double>?
        package var classLabel: String?
        package var interval: RateInterval?
        /// +1 significantly higher, −1 lower, 0 not significant; nil when no test applies.
        package var versusParent: Int?
        package var versusReference: Int?
    }

    package var level: AreaProfileRun.Level
    package var levelLabel: String
    package var area: AreaProfileRun.Area
    package var parent: Comparator?
    package var reference: AreaProfile.Comparator?
    /// The level the siblings are counted in ("Planungsräumen der Bezirksregion …", "Bezirken in Berlin").
    package var siblingsPhrase: String
    package var figures: [Figure]
    /// Hot spot results in words: variable, `Gi_Bin`, `COType`, state.
    package var hotspots: [(variable: String?, bin: Int?, cluster: String?, state: String?)]
    /// Published fields of this area that are suppressed (status `suppressed`), for the disclosure note.
    package var withheld: [String]
}

/// How the profiles pick their comparators.
package struct AreaProfileOptions: Sendable {
    /// The level profiled: `areas` or a roll-up.
    package var level: String = LayerRef.areasName
    /// Only these ids (nil: every area of the level).
    package var ids: [String]?
    /// The reference level (e.g. `laender`); nil: the total over every area, named `totalName`.
    package var referenceLevel: String?
    package var totalName: String = "Gesamtgebiet"
    /// Also print each profile to PDF with headless Chromium.
    package var pdf: Bool = false

    package init(
        level: String = LayerRef.areasName, ids: [String]? = nil, referenceLevel: String? = nil,
        totalName: String = "Gesamtgebiet", pdf: Bool = false
    ) {
        self.level = level
        self.ids = ids
        self.referenceLevel = referenceLevel
        self.totalName = totalName
        self.pdf = pdf
    }
}

extension AreaProfileRun {
    /// A level's German name in the singular and plural ("Planungsraum", "Planungsräume"), from its name.
    package static func label(of level: String, areaInput: String) -> (singular: String, plural: String) {
        let name = level == LayerRef.areasName ? areaInput : level
        let known: [String: (String, String)] = [
            "planungsraeume": ("Planungsraum", "Planungsräume"),
            "bezirksregionen": ("Bezirksregion", "Bezirksregionen"),
            "bezirke": ("Bezirk", "Bezirke"), "gemeinden": ("Gemeinde", "Gemeinden"), "kreise": ("Kreis", "Kreise"),
            "laender": ("Land", "Länder"), "stadtteile": ("Stadtteil", "Stadtteile"),
        ]
        if let pair = known[name.lowercased()] { return pair }
        return (name, name)
    }

    /// The total over every area of a field, from the coarsest level's public values: a summed count is summed, a
    /// rate recomputed from its summed numerator and denominator, a weighted mean weighted by its summed weights
    /// (as the roll-ups compute them). Missing when any value it needs is not published (never a partial sum).
    func total(_ field: String) -> Cell {
        guard let top = levels.last else { return .missing("undefined") }
        let record = top.fields[field]
        func values(_ name: String) -> [Double]? {
            let cells = top.areas.map { $0.cells[name]?.value }
            return cells.contains(where: { $0 == nil }) ? nil : cells.compactMap { $0 }
        }
        if let record, let n = record.numerator, let d = record.denominator {
            guard let ns = values(n), let ds = values(d) else { return .missing("suppressed") }
            let den = ds.reduce(0, +)
            return den > 0 ? .value(ns.reduce(0, +) / den * (record.scale ?? 1)) : .missing("undefined")
        }
        if let weights = record?.weights, !weights.isEmpty {
            guard let vs = values(field) else { return .missing("suppressed") }
            let ws = weights.map(values)
            guard ws.allSatisfy({ $0 != nil }) else { return .missing("suppressed") }
            let w = top.areas.indices.map { i in ws.reduce(0) { $0 + ($1?[i] ?? 0) } }
            let sum = w.reduce(0, +)
            return sum > 0 ? .value(zip(vs, w).reduce(0) { $0 + $1.0 * $1.1 } / sum) : .missing("undefined")
        }
        if record?.summed == true {
            guard let vs = values(field) else { return .missing("suppressed") }
            return .value(vs.reduce(0, +))
        }
        if top.areas.count == 1, let cell = top.areas[0].cells[field] { return cell }
        return .missing("not_aggregated")
    }

    /// The ancestor of an area of level `from` at level `to` (nil when the chain breaks).
    func ancestor(of id: String, from: Int, to: Int) -> String? {
        var current: String? = id
        var i = from
        while i < to, let c = current {
            current = levels[i].parents[c]
            i += 1
        }
        return current
    }

    /// The profiles of the chosen areas.
    /// - Throws: `QuartierError.user` for an unknown level, reference level or id.
    package func profiles(_ options: AreaProfileOptions) throws -> [AreaProfile] {
        guard let levelIndex = levels.firstIndex(where: { $0.name == options.level }) else {
            throw QuartierError.user(
                "the run publishes no level '\(options.level)'; public levels: "
                    + levels.map(\.name).joined(separator: ", "))
        }
        let referenceIndex = try options.referenceLevel.map { name -> Int in
            guard let i = levels.firstIndex(where: { $0.name == name }) else {
                throw QuartierError.user(
                    "--reference '\(name)' is not a public level; public levels: "
                        + levels.map(\.name).joined(separator: ", "))
            }
            return i
        }
        let level = levels[levelIndex]
        var chosen = level.areas
        if let ids = options.ids {
            let unknown = ids.filter { level.index[$0] == nil }
            guard unknown.isEmpty else {
                throw QuartierError.user("no area of '\(level.name)' has the id(s) \(unknown.joined(separator: ", "))")
            }
            chosen = ids.compactMap { level.area($0) }
        }
        let parentLevel = levelIndex + 1 < levels.count ? levels[levelIndex + 1] : nil
        let labels = Self.label(of: level.name, areaInput: areaInput)
        let parentLabel = parentLevel.map { Self.label(of: $0.name, areaInput: areaInput).singular }
        // Siblings: the areas with the same parent (or all of the level); their values per field, computed once.
        var siblings: [String: [Int]] = [:]
        for (i, a) in level.areas.enumerated() { siblings[level.parents[a.id] ?? "", default: []].append(i) }
        var totals: [String: Cell] = [:]
        for (field, _) in indicators { totals[field] = total(field) }

        return chosen.map { area in
            let parentID = parentLevel == nil ? nil : level.parents[area.id]
            let parentArea = parentID.flatMap { parentLevel?.area($0) }
            let parent = parentLevel.map { p in
                AreaProfile.Comparator(
                    label: "\(parentLabel ?? p.name) \(parentArea?.name ?? parentID ?? "–")",
                    phrase: "der \(parentLabel ?? p.name) \(parentArea?.name ?? parentID ?? "")",
                    level: p.name, id: parentID)
            }
            var reference: AreaProfile.Comparator?
            var referenceArea: Area?
            if let r = referenceIndex {
                if r > levelIndex + 1, let id = ancestor(of: area.id, from: levelIndex, to: r) {
                    referenceArea = levels[r].area(id)
                    let l = Self.label(of: levels[r].name, areaInput: areaInput).singular
                    let name = referenceArea?.name ?? id
                    reference = AreaProfile.Comparator(
                        label: "\(l) \(name)", phrase: "für \(name)", level: levels[r].name, id: id)
                }
            } else {
                reference = AreaProfile.Comparator(label: options.totalName, phrase: "für \(options.totalName)")
            }
            let group = siblings[level.parents[area.id] ?? ""] ?? []
            let figures = indicators.map { field, entry -> AreaProfile.Figure in
                let cell = area.cells[field] ?? .missing("not_published")
                var figure = AreaProfile.Figure(field: field, entry: entry, cell: cell)
                let record = level.fields[field]
                if let n = record?.numerator, let d = record?.denominator {
                    figure.numerator = (n, area.cells[n] ?? .missing("not_published"))
                    figure.denominator = (d, area.cells[d] ?? .missing("not_published"))
                }
                if parentLevel != nil { figure.parent = parentArea?.cells[field] ?? .missing("not_published") }
                if referenceIndex == nil {
                    figure.reference = totals[field]
                } else if reference != nil {
                    figure.reference = referenceArea?.cells[field] ?? .missing("not_published")
                }
                let values = group.compactMap { i in level.areas[i].cells[field]?.value.map { (level.areas[i].id, $0) }
                }
                if let v = cell.value {
                    let higher = values.filter { $0.1 > v || ($0.1 == v && $0.0 < area.id) }.count
                    figure.rank = (higher + 1, values.count)
                }
                if let lo = values.map(\.1).min(), let hi = values.map(\.1).max() { figure.siblingRange = lo...hi }
                figure.classLabel = classLabel(field, value: cell.value, level: level)
                if let v = cell.value, let n = figure.numerator?.cell.value, let d = figure.denominator?.cell.value,
                    let interval = RateInterval.of(
                        numerator: n, denominator: d, scale: record?.scale ?? 1, proportion: entry.unit == "%"),
                    interval.lower <= v + 1e-9 * max(1, abs(v)), v <= interval.upper + 1e-9 * max(1, abs(v))
                {
                    figure.interval = interval
                    figure.versusParent = figure.parent?.value.map(interval.compare)
                    figure.versusReference = figure.reference?.value.map(interval.compare)
                }
                return figure
            }
            var hotspotWords: [(variable: String?, bin: Int?, cluster: String?, state: String?)] = []
            for h in hotspots where area.cells[h.bin] != nil || area.texts[h.state] != nil {
                hotspotWords.append(
                    (h.variable, area.cells[h.bin]?.value.map { Int($0) }, area.texts["COType"], area.texts[h.state]))
            }
            let withheld = area.cells.filter { $0.value == .missing("suppressed") }.map(\.key).sorted()
            let siblingsPhrase =
                parentLevel == nil
                ? "\(labels.plural)" : "\(labels.plural) der \(parentLabel ?? "") \(parentArea?.name ?? parentID ?? "")"
            return AreaProfile(
                level: level, levelLabel: labels.singular, area: area, parent: parent, reference: reference,
                siblingsPhrase: siblingsPhrase, figures: figures, hotspots: hotspotWords, withheld: withheld)
        }
    }

    /// The map class of a value: the published legend's label on the level `tilejson.json` describes (the areas),
    /// else the quintile among the level's published values.
    func classLabel(_ field: String, value: Double?, level: Level) -> String? {
        guard let value else { return nil }
        if level.name == LayerRef.areasName, let classes = classes[field], !classes.breaks.isEmpty {
            let k = classes.breaks.firstIndex { value <= $0 + 1e-12 * max(1, abs($0)) } ?? classes.breaks.count - 1
            let label = k < classes.labels.count ? classes.labels[k] : ""
            return "Klasse \(k + 1) von \(classes.breaks.count)" + (label.isEmpty ? "" : " (\(label))")
        }
        let values = level.areas.compactMap { $0.cells[field]?.value }.sorted()
        guard values.count >= 5 else { return nil }
        let below = values.filter { $0 < value }.count
        let quintile = min(5, below * 5 / values.count + 1)
        return "Quintil \(quintile) von 5"
    }
}
