import QuartierService
import Testing

/// `[publish] basemap` (`BaseMap`): a raster tile URL template or a MapLibre style URL, told apart by the value, and
/// every malformed value refused with the problem in words (`quartier check` adds file and line:
/// `AtlasDocumentTests.publishRefusesABadFirstViewOrBaseMap`).
@Suite("atlas base map")
struct AtlasBaseMapTests {
    @Test func aTemplateIsRasterTilesWithItsAttribution() throws {
        let map = try BaseMap.parse("https://tile.example.org/{z}/{x}/{y}.png", attribution: "© OSM")
        #expect(map == BaseMap(kind: .tiles, url: "https://tile.example.org/{z}/{x}/{y}.png", attribution: "© OSM"))
        // MapLibre's other placeholders are allowed besides the three required ones.
        let retina = try BaseMap.parse("http://127.0.0.1:8080/{z}/{x}/{y}{ratio}.png", attribution: "© lokal")
        #expect(retina?.kind == .tiles)
    }

    @Test(arguments: [
        "https://maps.example.org/style.json", "https://maps.example.org/styles/hell/style.JSON?key=abc",
        "http://grundkarte.test/style.json",
    ])
    func aJSONURLIsAStyleWhoseAttributionIsOptional(_ url: String) throws {
        #expect(try BaseMap.parse(url, attribution: nil) == BaseMap(kind: .style, url: url, attribution: nil))
        #expect(try BaseMap.parse(url, attribution: "© Grundkarte")?.attribution == "© Grundkarte")
    }

    @Test func noValueIsNoBaseMap() throws {
        #expect(try BaseMap.parse(nil, attribution: nil) == nil)
    }

    /// Each bad value with a word its message must contain.
    @Test(
        arguments: [
            ("tile.example.org/{z}/{x}/{y}.png", "© A", "http(s)"),
            ("ftp://maps.example.org/style.json", nil, "http(s)"),
            ("https:///style.json", nil, "http(s)"),
            ("https://tile.example.org/{z}/{x}.png", "© A", "without {y}"),
            ("https://tile.example.org/{z}/{y}.png", "© A", "without {x}"),
            ("https://{s}.tile.example.org/{z}/{x}/{y}.png", "© A", "{s} subdomains"),
            ("https://tile.example.org/{z}/{x}/{y.png", "© A", "unclosed"),
            ("https://tile.example.org/{z}/{x}/{y}.png", nil, "basemap_attribution"),
            ("https://tile.example.org/{z}/{x}/{y}.png", "", "basemap_attribution"),
            ("https://maps.example.org/styles/liberty", nil, "ending in .json"),
            ("https://maps.example.org/style.json x", nil, "white space"),
            ("", nil, "empty"),
        ] as [(String, String?, String)])
    func aBadValueIsRefusedWithItsProblem(_ value: String, _ attribution: String?, _ word: String) {
        #expect {
            _ = try BaseMap.parse(value, attribution: attribution)
        } throws: { error in
            (error as? BaseMap.Problem)?.message.contains(word) == true
        }
    }

    @Test func anAttributionWithoutBaseMapIsRefused() {
        #expect(throws: BaseMap.Problem.self) { try BaseMap.parse(nil, attribution: "© A") }
    }
}
