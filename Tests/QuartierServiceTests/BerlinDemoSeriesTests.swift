import Foundation
import QuartierGDAL
import QuartierModel
import QuartierTestSupport
import Testing

@testable import QuartierService

/// The Berlin demo's public series (`tier = "public"`): each step suppressed like the areas, nothing recoverable by
/// subtraction within a step, and the trend and goal fields of the public layer computed from the public values.
extension BerlinDemoTests {
    /// One level's table of a public series: (id, time) → the value, or nil with its status.
    func seriesCells(_ file: String, field: String) throws -> [String: [String: (Double?, String?)]] {
        let out = try Self.run.get()
        let dataset = try Dataset(opening: out.appendingPathComponent(file).path)
        let layer = try dataset.layers()[0].readAll().layer
        let key = try #require(layer.fields.first?.name)
        let (k, t, v) = (layer.fieldIndex(key), layer.fieldIndex("stichtag"), layer.fieldIndex(field))
        let s = layer.fieldIndex(field + "_status")
        var cells: [String: [String: (Double?, String?)]] = [:]
        for feature in layer.features {
            guard let k, let t, let v, let id = feature.attributes[k].stringValue,
                let time = feature.attributes[t].stringValue
            else { continue }
            cells[time, default: [:]][id] = (
                feature.attributes[v].doubleValue, s.flatMap { feature.attributes[$0].stringValue }
            )
        }
        return cells
    }

    @Test func publicSeriesStepsAreSuppressedLikeTheAreas() throws {
        let children = try seriesCells("kinder_u6_public.gpkg", field: "inhabitants_age_below_6")
        #expect(children.count == 20)
        // The last step is the table the areas' snapshot is joined from: the same cells hidden, the same values.
        let snapshot = try features("planungsraeume_public")
        let last = try #require(children["2024-12-31"])
        #expect(last.count == 542)
        var hidden = 0
        for area in snapshot {
            let id = area["PLR_ID"] as? String ?? ""
            let cell = try #require(last[id])
            if area["inhabitants_age_below_6"] is NSNull {
                #expect(cell.0 == nil && cell.1 == "suppressed", "\(id)")
                hidden += 1
            } else {
                #expect(cell.0 == area["inhabitants_age_below_6"] as? Double, "\(id)")
            }
        }
        #expect(hidden >= 12)
        // No published count below the minimum, on any level, in any step; small areas hidden in every step.
        for file in ["kinder_u6_public.gpkg", "kinder_u6_bezirksregionen_public.gpkg", "kinder_u6_bezirke_public.gpkg"]
        {
            for (time, cells) in try seriesCells(file, field: "inhabitants_age_below_6") {
                #expect(!cells.values.contains { ($0.0 ?? 3) < 3 }, "\(file) \(time)")
            }
        }
        // The areas under 300 residents (the rule's population, 31.12.2024), hidden in every step.
        let table = try String(
            contentsOfFile: TestSupport.geodata("berlin_population_lor_2024/einwohner_alter_plr_2024-12-31.csv"),
            encoding: .utf8)
        let small = table.split(separator: "\n").dropFirst().compactMap { line -> String? in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            guard cells.count > 5, let residents = Int(cells[5]), residents < 300 else { return nil }
            return String(cells[0])
        }
        #expect(small.count == 6)
        for (time, cells) in children {
            for id in small { #expect(cells[id]?.0 == nil, "\(id) \(time)") }
        }
        // A rate follows its denominator: S4 hidden wherever EW is hidden (with its own status where it was missing
        // already).
        let s4 = try seriesCells("mss_s4_public.gpkg", field: "S4")
        let ew = try seriesCells("mss_s4_public.gpkg", field: "EW")
        #expect(s4.count == 5)
        for (time, cells) in ew {
            for (id, cell) in cells where cell.1 == "suppressed" {
                #expect(s4[time]?[id] != nil && s4[time]?[id]?.0 == nil, "\(id) \(time)")
            }
        }
        let report = try #require(
            (try reports()["series"] as? [[String: Any]])?.first { $0["name"] as? String == "kinder_u6" })
        let suppression = try #require(report["suppression"] as? [String: Any])
        #expect((suppression["suppressedCells"] as? [String: Int])?["inhabitants_age_below_6"] ?? 0 >= 100)
    }

    /// The attack of the publication issue on the public series: per step and parent, a published parent minus its
    /// published members leaves no single hidden member; the run's audit (LP over all levels) covers every step.
    @Test func noHiddenSeriesCellFollowsFromAParentMinusItsMembers() throws {
        for (series, field) in [("kinder_u6", "inhabitants_age_below_6"), ("mss_s4", "EW")] {
            let areas = try seriesCells("\(series)_public.gpkg", field: field)
            for (level, width) in [("bezirksregionen", 6), ("bezirke", 2)] {
                let parents = try seriesCells("\(series)_\(level)_public.gpkg", field: field)
                for (time, cells) in areas {
                    var members: [String: [(Double?, String?)]] = [:]
                    for (id, cell) in cells { members[String(id.prefix(width)), default: []].append(cell) }
                    for (parent, shown) in parents[time] ?? [:] where shown.0 != nil {
                        let hiddenMembers = (members[parent] ?? []).filter { $0.1 == "suppressed" }
                        #expect(hiddenMembers.count != 1, "\(series) \(level) \(parent) \(time)")
                    }
                }
            }
        }
        let audit = try #require(try manifest()["publicAudit"] as? [String: Any])
        let fields = (audit["fields"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
        #expect(audit["passed"] as? Bool == true)
        #expect(fields.contains("kinder_u6:inhabitants_age_below_6@2024-12-31"), "\(fields)")
        #expect(fields.contains { $0.hasPrefix("mss_s4:EW@") }, "\(fields)")
    }

    /// The trend fields of the public layer: equal to the internal ones where no step was hidden, and computed from
    /// the public steps where one was (never from a hidden value).
    @Test func publicTrendFieldsComeFromPublicValues() throws {
        let children = try seriesCells("kinder_u6_public.gpkg", field: "inhabitants_age_below_6")
        let times = children.keys.sorted()
        let internalAreas = Dictionary(
            try features("planungsraeume").map { ($0["PLR_ID"] as? String ?? "", $0) }, uniquingKeysWith: { a, _ in a })
        var recomputed = 0
        for area in try features("planungsraeume_public") {
            let id = area["PLR_ID"] as? String ?? ""
            let present = times.compactMap { time -> (Double, Double)? in
                guard let value = children[time]?[id]?.0, let key = SeriesCube.parse(time)?.0 else { return nil }
                return (key, value)
            }
            let anyHidden = times.contains { children[$0]?[id]?.1 == "suppressed" }
            let published = area["inhabitants_age_below_6_sen_slope"] as? Double
            if present.count < 3 {
                #expect(published == nil, "\(id)")
                continue
            }
            let expected = try SeriesTrends.fields(present.map { (time: $0.0, value: $0.1) })
            guard case .real(let slope) = expected[7] else { continue }
            #expect(abs((published ?? .nan) - slope) < 1e-9, "\(id)")
            if anyHidden {
                recomputed += 1
            } else {
                #expect(published == internalAreas[id]?["inhabitants_age_below_6_sen_slope"] as? Double, "\(id)")
            }
        }
        #expect(recomputed > 0)
        // Goal states of S4 are published, judged on the public series.
        let states = Set(try features("planungsraeume_public").compactMap { $0["S4_goal_state"] as? String })
        #expect(
            states.isSubset(of: ["erreicht", "auf_kurs", "nicht_auf_kurs", "unbestimmt", "suppressed"])
                && states.count >= 3)
    }
}

extension BerlinDemoTests {
    /// The area profiles' series, parsed back from every page: each value a profile shows is the public table's
    /// value of that area, step and column, and a suppressed cell shows no number.
    @Test func profilePagesShowThePublicSeriesOnly() throws {
        let out = try Self.run.get()
        for (level, file) in [("areas", "kinder_u6_public.gpkg"), ("bezirke", "kinder_u6_bezirke_public.gpkg")] {
            let cells = try seriesCells(file, field: "inhabitants_age_below_6")
            let folder = out.appendingPathComponent("profiles/\(level)")
            let pages = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
                $0.hasSuffix(".html") && $0 != "index.html"
            }
            #expect(pages.count == (level == "areas" ? 542 : 12))
            var shown = 0
            var hidden = 0
            for page in pages {
                let id = String(page.dropLast(5))
                let html = try String(contentsOf: folder.appendingPathComponent(page), encoding: .utf8)
                guard let start = html.range(of: "data-series=\"kinder_u6:inhabitants_age_below_6\"") else {
                    Issue.record("\(level)/\(page) has no series table")
                    continue
                }
                let table = html[start.upperBound...].prefix { _ in true }
                let body = String(table[..<(table.range(of: "</table>")?.lowerBound ?? table.endIndex)])
                let rows = body.components(separatedBy: "<tr><th scope=\"row\">").dropFirst()
                #expect(rows.count == 20, "\(level)/\(page)")
                for row in rows {
                    let time = String(row.prefix { $0 != "<" })
                    let published = cells[time]?[id]
                    if let value = published?.0 {
                        #expect(row.contains("data-wert=\"\(value)\""), "\(level)/\(page) \(time)")
                        shown += 1
                    } else {
                        #expect(
                            !row.contains("data-wert=") && row.contains("data-wert-status="), "\(level)/\(page) \(time)"
                        )
                        if published?.1 == "suppressed" {
                            #expect(row.contains("Geheimhaltung"), "\(level)/\(page) \(time)")
                            hidden += 1
                        }
                    }
                }
            }
            #expect(shown > 0 && (level == "bezirke" || hidden >= 100), "\(level): \(shown) shown, \(hidden) hidden")
        }
        // The trend and the goal of an area, in words, from its public fields.
        let page = try String(contentsOf: out.appendingPathComponent("profiles/areas/01100101.html"), encoding: .utf8)
        #expect(page.contains("Trend: ") && page.contains("je Jahr (Sen)") && page.contains("Ziel 25,6 % bis 2030"))
        // The chart of S4 draws the target to its deadline and the trend projected to it.
        #expect(
            page.contains("<line class=\"ziel\"") && page.contains("<line class=\"trend\"") && page.contains("Abstand"))
        // The audit checked the published gaps against the series' latest public values.
        let audit = try #require(try manifest()["publicAudit"] as? [String: Any])
        let fields = (audit["fields"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
        #expect(fields.contains("mss_s4:S4_gap") && audit["passed"] as? Bool == true, "\(fields)")
    }
}

extension BerlinDemoTests {
    /// The profiles are a public product of the audit: a page that states a number the public files suppress is a
    /// finding of `quartier audit`, and the untouched run passes.
    @Test func theAuditCatchesAProfileThatShowsASuppressedValue() throws {
        let out = try Self.run.get()
        let copy = try TestSupport.temporaryFolder("quartier-profile-tamper")
        defer { try? FileManager.default.removeItem(at: copy) }
        let folder = copy.appendingPathComponent("run")
        try FileManager.default.copyItem(at: out, to: folder)
        let clean = try CLI.run("audit", folder.path)
        #expect(clean.status == 0, "\(clean.stdout) \(clean.stderr)")
        #expect(clean.stdout.contains("profiles:areas (542 pages"), "\(clean.stdout.suffix(2000))")
        // A Planungsraum whose children are hidden in the last step: its page shows a number instead.
        let hidden = try #require(
            try seriesCells("kinder_u6_public.gpkg", field: "inhabitants_age_below_6")["2024-12-31"]?.first {
                $0.value.1 == "suppressed"
            }?.key)
        let page = folder.appendingPathComponent("profiles/areas/\(hidden).html")
        var html = try String(contentsOf: page, encoding: .utf8)
        let marker = "<tr><th scope=\"row\">2024-12-31</th><td data-wert-status=\"suppressed\">"
        #expect(html.contains(marker), "\(hidden)")
        html = html.replacingOccurrences(
            of: marker, with: "<tr><th scope=\"row\">2024-12-31</th><td data-wert=\"2.0\">")
        try html.write(to: page, atomically: true, encoding: .utf8)
        let tampered = try CLI.run("audit", folder.path)
        #expect(tampered.status == 1, "\(tampered.stdout.suffix(1000))")
        #expect(tampered.stdout.contains("the public files suppress it"), "\(tampered.stdout.suffix(2000))")
    }
}

extension BerlinDemoTests {
    /// The rows of a profile page's series table: time → the row's HTML, and the table's opening tag.
    func seriesRows(_ html: String, _ series: String) throws -> (head: String, rows: [String: String]) {
        let start = try #require(html.range(of: "data-series=\"\(series)\""))
        let rest = html[start.lowerBound...]
        let table = String(rest[..<(rest.range(of: "</table>")?.lowerBound ?? rest.endIndex)])
        let head = String(table.prefix { $0 != ">" })
        var rows: [String: String] = [:]
        for row in table.components(separatedBy: "<tr><th scope=\"row\">").dropFirst() {
            rows[String(row.prefix { $0 != "<" })] = row
        }
        return (head, rows)
    }

    /// Issue 21: each series in a profile comes with its comparators' series — the parent's from its level's public
    /// table, Berlin's from published cells only (a count as the sum of the 12 Bezirke when all are published, a
    /// rate weighted by its published denominator) — and a rate's chart draws them beside the area's line.
    @Test func profileSeriesShowTheParentsAndBerlinsSteps() throws {
        let out = try Self.run.get()
        let html = try String(contentsOf: out.appendingPathComponent("profiles/areas/01100101.html"), encoding: .utf8)
        let field = "inhabitants_age_below_6"
        let (head, rows) = try seriesRows(html, "kinder_u6:\(field)")
        #expect(rows.count == 20)
        let unit = try #require(head.range(of: "data-eltern-einheit=\"bezirksregionen:")).upperBound
        let parent = String(head[unit...].prefix { $0 != "\"" })
        #expect(parent == "011001", "\(head)")
        let parents = try seriesCells("kinder_u6_bezirksregionen_public.gpkg", field: field)
        let bezirke = try seriesCells("kinder_u6_bezirke_public.gpkg", field: field)
        var (parentShown, totals) = (0, 0)
        for (time, row) in rows {
            if let value = parents[time]?[parent]?.0 {
                #expect(row.contains("data-eltern=\"\(value)\""), "\(time)")
                parentShown += 1
            } else {
                #expect(!row.contains("data-eltern=\""), "\(time)")
            }
            let steps = bezirke[time] ?? [:]
            if steps.count == 12, steps.values.allSatisfy({ $0.0 != nil }) {
                let sum = steps.keys.sorted().compactMap { steps[$0]?.0 }.reduce(0, +)
                let shown = try #require(row.range(of: "data-gesamt=\"")).upperBound
                let value = try #require(Double(row[shown...].prefix { $0 != "\"" }))
                #expect(abs(value - sum) <= 1e-9 * sum, "\(time): \(value) vs \(sum)")
                totals += 1
            } else {
                #expect(!row.contains("data-gesamt=\""), "\(time)")
            }
        }
        #expect(parentShown == 20 && totals >= 1, "\(parentShown) parent steps, \(totals) totals")
        // S4, a rate: Berlin's value is Σ S4 × EW / Σ EW over the Planungsräume with both published, and the chart
        // draws the Bezirksregion and Berlin beside the area.
        let s4 = try seriesCells("mss_s4_public.gpkg", field: "S4")
        let ew = try seriesCells("mss_s4_public.gpkg", field: "EW")
        let (s4Head, s4Rows) = try seriesRows(html, "mss_s4:S4")
        #expect(s4Head.contains("data-eltern-einheit=\"bezirksregionen:011001\""))
        for (time, row) in s4Rows {
            var (sum, weight) = (0.0, 0.0)
            for (id, cell) in s4[time] ?? [:] {
                guard let r = cell.0, let w = ew[time]?[id]?.0 else { continue }
                sum += r * w
                weight += w
            }
            let shown = try #require(row.range(of: "data-gesamt=\"")).upperBound
            let value = try #require(Double(row[shown...].prefix { $0 != "\"" }))
            #expect(abs(value - sum / weight) <= 1e-9 * abs(value), "\(time)")
        }
        let chart = try #require(html.range(of: "<h3>Kinderarmut"))
        let svg = html[chart.upperBound...].prefix(6000)
        #expect(svg.components(separatedBy: "class=\"vergleich\"").count == 3, "two comparator lines")
    }
}
