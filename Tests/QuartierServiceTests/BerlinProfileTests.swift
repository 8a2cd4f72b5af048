import Foundation
import QuartierTestSupport
import Testing

/// Issue 21 on the Berlin demo: a profile for each of the 542 Planungsräume and the 12 Bezirke from the public files,
/// every catalogue indicator with value, comparator and source, numbers equal to the published GeoJSON's, sentences
/// agreeing with the signs, and no suppressed value.
extension BerlinDemoTests {
    func profiles(_ arguments: String...) throws -> (URL, Double) {
        let folder = try TestSupport.temporaryFolder("quartier-berlin-profiles")
        let start = ContinuousClock.now
        let result = try CLI.run(["profiles", try Self.run.get().path, "--out", folder.path] + arguments)
        let seconds = (ContinuousClock.now - start) / .seconds(1)
        #expect(result.status == 0, "\(result.stderr)")
        return (folder, seconds)
    }

    func byID(_ output: String, _ id: String) throws -> [String: [String: Any]] {
        Dictionary(try features(output).compactMap { f in (f[id] as? String).map { ($0, f) } }) { a, _ in a }
    }

    /// The published value of a field as the page writes it (`data-value`), or its status (`data-value-status`).
    func expectSame(_ row: [String: String], _ published: [String: Any]?, _ field: String, _ name: String, _ id: String)
    {
        let value = (published?[field] as? NSNumber)?.doubleValue
        if let value {
            #expect(Double(row["data-\(name)"] ?? "") == value, "\(id) \(field) \(name)")
        } else {
            #expect(row["data-\(name)"] == nil, "\(id) \(field) \(name) is not published")
        }
    }

    @Test func areaProfilesOfAll542Planungsraeume() throws {
        let (folder, seconds) = try profiles("--total-name", "Berlin")
        print(String(format: "figures: 542 Planungsraum profiles in %.2f s (debug build, CLI)", seconds))
        let areas = try byID("planungsraeume_public", "PLR_ID")
        let regions = try byID("bezirksregionen", "BZR_ID")
        let indicators = try #require(try manifest()["indicators"] as? [String: [String: Any]])
        #expect(areas.count == 542)
        var suppressedCells = 0
        var sentences = 0
        for (id, area) in areas {
            let html = try String(contentsOf: folder.appendingPathComponent("\(id).html"), encoding: .utf8)
            let page = ProfilePage(html)
            #expect(html.contains(">Berlin<") || html.contains("Berlin"))
            for (field, entry) in indicators {
                let row = try #require(page.rows[field], "\(id) has no row for \(field)")
                #expect(row["data-source"] == entry["source"] as? String)
                expectSame(row, area, field, "value", id)
                expectSame(row, regions[String(id.prefix(6))], field, "parent", id)
                if let status = area["\(field)_status"] as? String {
                    #expect(row["data-value-status"] == status, "\(id) \(field)")
                    if status == "suppressed" { suppressedCells += 1 }
                }
                #expect(row["data-reference"] != nil || row["data-reference-status"] != nil, "\(id) \(field)")
            }
            // The rate's counts, as published (suppressed ones absent).
            if let row = page.rows["kitaplaetze_je_kind_u6"] {
                expectSame(row, area, "sum_e_platz", "numerator", id)
                expectSame(row, area, "inhabitants_age_below_6", "denominator", id)
                if area["inhabitants_age_below_6_status"] as? String == "suppressed" {
                    #expect(row["data-denominator"] == nil)
                }
            }
            for sentence in page.comparisons {
                let row = try #require(page.rows[sentence["data-indicator"] ?? ""])
                let value = try #require(Double(row["data-value"] ?? ""))
                let other = try #require(Double(row["data-\(sentence["data-comparator"] ?? "")"] ?? ""))
                switch sentence["data-direction"] {
                case "above": #expect(value > other, "\(id)")
                case "below": #expect(value < other, "\(id)")
                default: #expect(abs(value - other) <= 0.05 * abs(other) + 1e-12, "\(id)")
                }
                sentences += 1
            }
        }
        print("figures: \(suppressedCells) suppressed indicator values shown as withheld, \(sentences) comparisons")
        #expect(suppressedCells > 0, "the demo's small areas")
        #expect(sentences > 542)
        let index = try String(contentsOf: folder.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(index.components(separatedBy: "<a href=").count - 1 == 542)
    }

    @Test func areaProfilesOfThe12Bezirke() throws {
        let (folder, _) = try profiles("--level", "bezirke", "--total-name", "Berlin")
        let districts = try byID("bezirke", "BEZ_ID")
        #expect(districts.count == 12)
        for (id, district) in districts {
            let page = ProfilePage(try String(contentsOf: folder.appendingPathComponent("\(id).html"), encoding: .utf8))
            let row = try #require(page.rows["S4"])
            expectSame(row, district, "S4", "value", id)
            #expect(row["data-reference"] != nil, "Berlin's S4 from the Bezirke's public values and weights")
            #expect(page.rows["kita_distance_mean"]?["data-value-status"] == "not_published")
        }
    }

    @Test func areaProfilePrintsToPDF() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium"),
            FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftotext")
        else { return }
        let (folder, _) = try profiles("--ids", "01100101", "--total-name", "Berlin", "--pdf")
        let pdf = folder.appendingPathComponent("01100101.pdf").path
        let info = try Subprocess.run("/usr/bin/pdfinfo", [pdf]).stdout
        let pages =
            Int(info.split(separator: "\n").first { $0.hasPrefix("Pages:") }?.split(separator: " ").last ?? "") ?? 0
        print("figures: profile 01100101 as PDF: \(pages) page(s)")
        #expect((1...3).contains(pages))
        let text = try Subprocess.run("/usr/bin/pdftotext", [pdf, "-"]).stdout
        #expect(text.contains("Kennzahlen") && text.contains("Kinderarmut"))
    }
}
