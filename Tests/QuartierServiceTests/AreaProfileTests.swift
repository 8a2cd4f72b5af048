import Foundation
import QuartierService
import QuartierTestSupport
import Testing

/// The tags of a profile page that carry `data-` attributes, read back: tag name and attributes.
struct ProfilePage {
    var html: String
    var tags: [(name: String, attributes: [String: String])]

    init(_ html: String) {
        self.html = html
        tags = []
        let tag = try! Regex(#"<(tr|li|h1|td)((?:\s+[a-z-]+="[^"]*")+)\s*>"#)  // a literal pattern
        let attribute = try! Regex(#"([a-z-]+)="([^"]*)""#)  // a literal pattern
        for match in html.matches(of: tag) {
            guard let name = match.output[1].substring, let text = match.output[2].substring else { continue }
            var attributes: [String: String] = [:]
            for a in text.matches(of: attribute) {
                if let k = a.output[1].substring, let v = a.output[2].substring { attributes[String(k)] = String(v) }
            }
            tags.append((String(name), attributes))
        }
    }

    /// The key-figure rows by indicator field.
    var rows: [String: [String: String]] {
        Dictionary(
            tags.filter { $0.name == "tr" && $0.attributes["data-indicator"] != nil }.map {
                ($0.attributes["data-indicator"]!, $0.attributes)  // filtered just above
            }
        ) { a, _ in a }
    }

    /// The sentences comparing an indicator with a comparator.
    var comparisons: [[String: String]] {
        tags.filter { $0.name == "li" && $0.attributes["data-comparator"] != nil }.map(\.attributes)
    }
}

@Suite("Area profiles: layout cases")
struct AreaProfileLayoutTests {
    static let fixture = Result { try AreaProfileFixture.write() }

    func write(_ options: AreaProfileOptions) throws -> URL {
        let run = try AreaProfileRun.read(folder: try Self.fixture.get().path)
        let out = try TestSupport.temporaryFolder("quartier-profiles")
        _ = try AreaProfileWriter.write(run, options: options, to: out.path)
        return out
    }

    func page(_ out: URL, _ id: String) throws -> ProfilePage {
        ProfilePage(try String(contentsOf: out.appendingPathComponent("\(id).html"), encoding: .utf8))
    }

    @Test func everyAreaHasAPageAndTheIndexLinksThem() throws {
        let out = try write(AreaProfileOptions(totalName: "Beispielstadt"))
        let index = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        for id in ["0101", "0102", "0103", "0104"] {
            #expect(index.contains("href=\"\(id).html\""))
            let html = try page(out, id).html
            #expect(!html.contains("http://") || html.contains("xmlns=\"http://www.w3.org/2000/svg\""))
            #expect(!html.contains("https://"), "no external request")
            #expect(!html.contains("<script"), "no script")
            #expect(html.contains("<svg"), "locator map")
        }
    }

    @Test func longestNameIsTheTitleAndWraps() throws {
        let out = try write(AreaProfileOptions(ids: ["0101"]))
        let p = try page(out, "0101")
        #expect(p.html.contains("<h1 data-id=\"0101\">\(AreaProfileHTML.escape(AreaProfileFixture.longName))</h1>"))
        #expect(p.html.contains("overflow-wrap: anywhere"))
        let row = try #require(p.rows["anteil"])
        #expect(row["data-value"] == "25.0")
        #expect(row["data-numerator"] == "10.0" && row["data-denominator"] == "40.0")
        #expect(row["data-parent-status"] == "suppressed", "the parent's value is withheld: no parent value")
        #expect(row["data-reference-status"] == "suppressed", "nor a total from it")
        #expect(p.html.contains("Wilson"))
    }

    @Test func anAreaWhoseEveryValueIsSuppressedShowsNoNumber() throws {
        let out = try write(AreaProfileOptions(ids: ["0102"]))
        let p = try page(out, "0102")
        for (_, row) in p.rows {
            #expect(row["data-value"] == nil)
            #expect(row["data-value-status"] == "suppressed")
            #expect(row["data-numerator"] == nil && row["data-denominator"] == nil)
        }
        #expect(p.html.contains("zum Schutz der statistischen Geheimhaltung nicht veröffentlicht"))
        #expect(p.comparisons.isEmpty)
        #expect(
            p.html.contains("Zum Schutz der statistischen Geheimhaltung werden für dieses Gebiet nicht veröffentlicht"))
    }

    @Test(arguments: [("0103", 0.0), ("0104", 100.0)])
    func extremeSharesHaveAnIntervalAndABar(_ id: String, _ share: Double) throws {
        let out = try write(AreaProfileOptions(ids: [id]))
        let p = try page(out, id)
        let row = try #require(p.rows["anteil"])
        #expect(Double(row["data-value"] ?? "") == share)
        #expect(p.html.contains(share == 0 ? "0,0 %" : "100,0 %"))
        #expect(p.html.contains("class=\"balken\""))
        let lower = try #require(Double(row["data-lower"] ?? ""))
        let upper = try #require(Double(row["data-upper"] ?? ""))
        #expect(lower <= share && share <= upper && lower >= 0 && upper <= 100)
        #expect(p.html.contains("95 %: "))
    }

    @Test func noSeriesIsSaid() throws {
        let out = try write(AreaProfileOptions(ids: ["0101"]))
        #expect(try page(out, "0101").html.contains("Für diese Auswertung liegen keine Zeitreihen vor."))
    }

    @Test func sentencesAgreeWithTheSignsOfTheDifferences() throws {
        let out = try write(AreaProfileOptions())
        for id in ["0101", "0103", "0104"] {
            let p = try page(out, id)
            for sentence in p.comparisons {
                let row = try #require(p.rows[sentence["data-indicator"] ?? ""])
                let value = try #require(Double(row["data-value"] ?? ""))
                let other = try #require(Double(row["data-\(sentence["data-comparator"] ?? "")"] ?? ""))
                let expected = AreaProfileSentences.direction(value, other).rawValue
                #expect(sentence["data-direction"] == expected)
                if sentence["data-direction"] == "above" { #expect(value > other) }
                if sentence["data-direction"] == "below" { #expect(value < other) }
            }
        }
        // 0104: Dichte 80 against the parent's 20.
        let p = try page(out, "0104")
        #expect(p.comparisons.contains { $0["data-indicator"] == "dichte" && $0["data-direction"] == "above" })
    }

    @Test func unknownLevelOrIdIsAUserError() throws {
        let run = try AreaProfileRun.read(folder: try Self.fixture.get().path)
        #expect(throws: QuartierError.self) { try run.profiles(AreaProfileOptions(level: "kreise")) }
        #expect(throws: QuartierError.self) { try run.profiles(AreaProfileOptions(ids: ["9999"])) }
    }

    @Test func wilsonAndByarIntervals() throws {
        // Wilson's score interval for 10 of 40: 0.1419 … 0.4019 (Newcombe 1998, method 3; by hand).
        let w = try #require(RateInterval.of(numerator: 10, denominator: 40, scale: 100, proportion: true))
        #expect(w.method == .wilson)
        #expect(abs(w.lower - 14.19) < 0.01 && abs(w.upper - 40.19) < 0.01)
        let zero = try #require(RateInterval.of(numerator: 0, denominator: 50, scale: 100, proportion: true))
        #expect(zero.lower == 0 && zero.upper > 0)
        // Byar for 10 events: 4.787 … 18.391, by hand from Breslow & Day's formula (exact Poisson: 4.795 … 18.390).
        let b = try #require(RateInterval.of(numerator: 10, denominator: 1, scale: 1, proportion: false))
        #expect(b.method == .byar)
        #expect(abs(b.lower - 4.787) < 0.002 && abs(b.upper - 18.391) < 0.002)
    }

    /// The PDF path, where Chromium and poppler-utils are installed.
    @Test(
        .enabled(
            if: FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium")
                && FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftotext")))
    func longestNamePrintsToOneA4Page() throws {
        let out = try write(AreaProfileOptions(ids: ["0101"], pdf: true))
        let pdf = out.appendingPathComponent("0101.pdf").path
        let info = try Subprocess.run("/usr/bin/pdfinfo", [pdf])
        #expect(info.stdout.contains("(A4)"), "A4: \(info.stdout)")
        let pages = info.stdout.split(separator: "\n").first { $0.hasPrefix("Pages:") }
        let count = Int(pages?.split(separator: " ").last ?? "") ?? 0
        #expect((1...2).contains(count), "pages: \(count)")
        let text = try Subprocess.run("/usr/bin/pdftotext", [pdf, "-"]).stdout
        #expect(text.contains("Kennzahlen") && text.contains("Rummelsburger"))
        #expect(text.contains("25,0 %"))
    }
}
