/// The profile's section on qualitative observations (issue 22): per theme the published count, share, mean rating
/// with its n and the latest date, the perception gaps in words, and the observations' attribution (saying when they
/// are synthetic). Only the public values the profile read (`AreaProfileRun`): a suppressed count shows as such,
/// and no text of any record exists there to show.
extension AreaProfileHTML {
    /// The words of a gap flag.
    static let gapWords: [String: String] = [
        PerceptionGap.Flag.perceivedOnly.rawValue: "Vor Ort berichtet, vom Indikator nicht gezeigt",
        PerceptionGap.Flag.indicatorOnly.rawValue: "Vom Indikator gezeigt, vor Ort kaum berichtet",
        PerceptionGap.Flag.both.rawValue: "Vor Ort berichtet und vom Indikator gezeigt",
        PerceptionGap.Flag.neither.rawValue: "Weder berichtet noch vom Indikator gezeigt",
    ]

    /// The section for one area, or "" when the run has no observations on the area's level.
    static func observationsSection(_ profile: AreaProfile, run: AreaProfileRun) -> String {
        let area = profile.area
        var h = ""
        for record in run.observations where area.cells[record.total] != nil || area.texts[record.total] != nil {
            h += "<section class=\"beobachtungen\"><h2>Beobachtungen vor Ort</h2>"
            let published = record.themes.contains { area.cells[$0.count]?.value != nil }
            if !published {
                // Nothing to show but that: one line, not a table of dashes.
                h += "<p class=\"beobachtungen-keine\">Für dieses Gebiet werden keine Zahlen zu Beobachtungen veröffentlicht "
                h += "(zu wenige je Thema, oder sie ließen sich aus anderen veröffentlichten Zahlen errechnen). "
                h += "Quelle: \(escape(record.attribution ?? record.name))"
                if record.synthetic { h += " <strong>Synthetische Daten: erfunden, keine echten Aussagen.</strong>" }
                h += "</p></section>\n"
                continue
            }
            h += "<table class=\"beobachtungen\"><thead><tr><th>Thema</th><th>Anzahl</th><th>Anteil</th>"
            h += record.themes.first?.rating != nil ? "<th>Mittlere Bewertung (n)</th>" : ""
            h += "<th>Zuletzt</th></tr></thead><tbody>"
            for theme in record.themes {
                h += "<tr data-theme=\"\(escape(theme.id))\"\(data("anzahl", area.cells[theme.count]))>"
                h += "<th scope=\"row\">\(escape(theme.title))</th>"
                h += "<td>\(cellText(area.cells[theme.count], unit: ""))</td>"
                h += "<td>\(cellText(area.cells[theme.share], unit: "%"))</td>"
                if let rating = theme.rating, let n = theme.ratingN {
                    h += "<td>\(cellText(area.cells[rating], unit: ""))"
                    if let count = area.cells[n]?.value { h += " (\(AreaProfileSentences.number(count, digits: 0)))" }
                    h += "</td>"
                }
                h += "<td>\(text(area, theme.latest))</td></tr>"
            }
            h += "<tr class=\"summe\"><th scope=\"row\">Alle Themen</th><td>\(cellText(area.cells[record.total], unit: ""))</td>"
            h += "<td></td>" + (record.themes.first?.rating != nil ? "<td></td>" : "")
            h += "<td>\(text(area, record.latest))</td></tr></tbody></table>"
            let gaps = record.gaps.filter { area.texts[$0.flag] != nil || area.cells[$0.flag] != nil }
            if !gaps.isEmpty {
                h += "<h3>Wahrnehmung und Kennzahl</h3><ul class=\"wahrnehmung\">"
                for gap in gaps {
                    let title = record.themes.first { $0.id == gap.theme }?.title ?? gap.theme
                    let indicator = run.title(of: gap.indicator)
                    let flag = area.texts[gap.flag].map { gapWords[$0] ?? $0 }
                    h += "<li data-gap=\"\(escape(gap.flag))\"><strong>\(escape(title))</strong> gegen "
                    h += "\(escape(indicator)) (Problem bei \(escape(gap.problem))): "
                    h += flag.map(escape) ?? cellText(area.cells[gap.flag], unit: "")
                    h += " – \(cellText(area.cells[gap.perThousand], unit: "")) Beobachtungen je 1.000 "
                    h += "(berichtet ab \(escape(AreaProfileSentences.number(gap.reportedPer1000, digits: 1))))</li>"
                }
                h += "</ul>"
            }
            h += "<p class=\"quelle\">Qualitative Beobachtungen, gezählt je Gebiet; Freitexte und Orte einzelner "
            h += "Beobachtungen werden nie veröffentlicht. Quelle: \(escape(record.attribution ?? record.name))"
            if record.synthetic { h += " <strong>Synthetische Daten: erfunden, keine echten Aussagen.</strong>" }
            h += "</p></section>\n"
        }
        return h
    }

    /// A text cell (a date, a flag), or a dash with the reason.
    private static func text(_ area: AreaProfileRun.Area, _ field: String) -> String {
        if let value = area.texts[field] { return escape(value) }
        return cellText(area.cells[field], unit: "")
    }
}
