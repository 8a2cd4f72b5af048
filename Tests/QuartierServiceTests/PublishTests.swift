import Foundation
import QuartierGDAL
import QuartierModel
import QuartierTestSupport
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The `[publish]` step on the Berlin Planungsräume with a suppression threshold of 5
/// (`Tests/Fixtures/publish/publish-threshold5.toml`): files read back with GDAL, suppression checked in
/// every file (tiles decoded with python `pmtiles` / `mapbox-vector-tile`), QGIS styles, TileJSON, and the
/// style rendered in headless Chromium with MapLibre GL JS 5.3 (`render_style.py`; `make test` installs
/// Chromium, Selenium and the `maplibre` package), and the QGIS styles converted by QGIS 3.22 itself
/// (`scripts/qgis-style.py`, Debian's `python3-qgis`, which `scripts/install-deps.sh --test` installs).
@Suite("publish step")
struct PublishTests {
    static let analysis = TestSupport.fixture("publish/publish-threshold5.toml")
    /// The fixture is run once for the suite: (output folder, stderr).
    static let run: Result<(URL, String), any Error> = {
        do {
            let out = try TestSupport.temporaryFolder("quartier-publish")
            let result = try CLI.run("run", analysis, "--out", out.path)
            guard result.status == 0 else { throw PublishTestError(message: result.stderr) }
            return .success((out, result.stderr))
        } catch {
            return .failure(error)
        }
    }()

    struct PublishTestError: Error { var message: String }

    func out(_ name: String) throws -> String { try Self.run.get().0.appendingPathComponent(name).path }

    func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: try out(name)))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// id → (value, type) of every field of a file, as GDAL reads it.
    func readBack(_ name: String) throws -> (fields: [String: FieldType], rows: [String: [String: AttributeValue]]) {
        let (layer, _) = try Dataset(opening: try out(name)).layer(named: "versorgung").readAll()
        let id = try #require(layer.fieldIndex("PLR_ID"))
        var rows: [String: [String: AttributeValue]] = [:]
        for feature in layer.features {
            let key = feature.attributes[id].stringValue ?? ""
            rows[key] = Dictionary(uniqueKeysWithValues: zip(layer.fields.map(\.name), feature.attributes))
        }
        return (Dictionary(uniqueKeysWithValues: layer.fields.map { ($0.name, $0.type) }), rows)
    }

    @Test func gdalReadsGeoJSONGeoPackageAndCSVWithTheSameValuesAndTypes() throws {
        let geojson = try readBack("versorgung.geojson")
        let gpkg = try readBack("versorgung.gpkg")
        let csv = try readBack("versorgung.csv")
        #expect(geojson.rows.count == 542 && gpkg.rows.count == 542 && csv.rows.count == 542)
        let expected: [String: FieldType] = [
            "PLR_ID": .string, "PLR_NAME": .string, "n_kitas": .integer, "n_kitas_status": .string,
            "kitas_je_1000_u6": .real, "Gi_Bin": .integer, "COType": .string, "S4": .real,
        ]
        for (field, type) in expected {
            #expect(geojson.fields[field] == type, "GeoJSON \(field)")
            #expect(gpkg.fields[field] == type, "GeoPackage \(field)")
            #expect(csv.fields[field] == type, "CSV \(field)")
        }
        for (id, row) in gpkg.rows {
            for field in expected.keys {
                let reference = row[field]
                for (format, other) in [("GeoJSON", geojson.rows[id]?[field]), ("CSV", csv.rows[id]?[field])] {
                    if let a = reference?.doubleValue, let b = other?.doubleValue {
                        #expect(TestSupport.isClose(b, a, rtol: 1e-12), "\(format) \(id) \(field)")
                    } else if format == "CSV" && expected[field] == .string {
                        // CSV has no null apart from an empty text: an empty cell stands for both.
                        #expect(
                            (reference?.stringValue ?? "") == (other?.stringValue ?? ""), "\(format) \(id) \(field)")
                    } else {
                        #expect(reference?.stringValue == other?.stringValue, "\(format) \(id) \(field)")
                        #expect(reference?.isMissing == other?.isMissing, "\(format) \(id) \(field)")
                    }
                }
            }
        }
        let karlshorst = try #require(gpkg.rows["11501341"])
        #expect(karlshorst["n_kitas"] == .integer(15))
    }

    @Test func withThreshold5NoFileHoldsASuppressedValueOrADerivedRateOfASuppressedArea() throws {
        let folder = try Self.run.get().0.path
        let derived = "kitas_je_1000_u6,sum_e_platz,GiZScore,GiPValue,Gi_Bin,LMiIndex,LMiZScore,LMiPValue"
        let check = try Subprocess.run(
            "/usr/bin/env",
            [
                "python3", TestSupport.fixture("publish/check_published.py"), folder, "versorgung", "5",
                "n_kitas,inhabitants_age_below_6", derived,
            ])
        #expect(check.status == 0, "\(check.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
        #expect((summary["violations"] as? [String])?.isEmpty == true, "\(summary["violations"] ?? "")")
        let suppressed = try #require(summary["suppressed"] as? [String: Int])
        #expect((suppressed["geojson"] ?? 0) > 100)
        #expect(suppressed["csv"] == suppressed["geojson"])
        #expect((suppressed["tiles"] ?? 0) >= suppressed["geojson"] ?? 0)  // an area lies in several tiles
        // The GeoPackage, read with GDAL: no count below 5, and the suppressed ones are null with their status.
        let gpkg = try readBack("versorgung.gpkg")
        for (id, row) in gpkg.rows {
            if let n = row["n_kitas"]?.doubleValue { #expect(n >= 5, "\(id)") }
            if row["n_kitas_status"] == .string("suppressed") {
                #expect(row["kitas_je_1000_u6"]?.isMissing == true, "\(id)")
                #expect(row["GiZScore"]?.isMissing == true, "\(id)")
                #expect(row["state"] == .string("suppressed"), "\(id)")
            }
        }
    }

    @Test func qgisStylesAreWellFormedAndNameEveryClassifiedField() throws {
        let (styles, _) = try Dataset(opening: try out("versorgung.gpkg")).layer(named: "layer_styles").readAll()
        let qml = try #require(styles.fieldIndex("styleQML"))
        let table = try #require(styles.fieldIndex("f_table_name"))
        let isDefault = try #require(styles.fieldIndex("useAsDefault"))
        var classified: Set<String> = []
        for style in styles.features {
            #expect(style.attributes[table] == .string("versorgung"))
            let text = try #require(style.attributes[qml].stringValue)
            let delegate = RendererAttributes()
            let parser = XMLParser(data: Data(text.utf8))
            parser.delegate = delegate
            #expect(parser.parse(), "QML is not well-formed: \(parser.parserError.map { "\($0)" } ?? "")")
            classified.formUnion(delegate.attributes)
            #expect(delegate.aliases["kitas_je_1000_u6"] == "Kitas je 1000 Kinder unter 6")
        }
        // The hotspot style classifies the bin, or its status where it has none (suppressed or not).
        #expect(
            classified == [
                "kitas_je_1000_u6", "S4", "n_kitas", #"coalesce(to_string("Gi_Bin"), "Gi_Bin_status")"#,
            ])
        #expect(styles.features.filter { $0.attributes[isDefault] == .integer(1) }.count == 1)
    }

    /// Collects `renderer-v2 attr`, the fields of `rule` filters and `alias` elements of a QML document.
    final class RendererAttributes: NSObject, XMLParserDelegate {
        var attributes: Set<String> = []
        var aliases: [String: String] = [:]

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String]
        ) {
            if name == "renderer-v2", let attr = attributes["attr"] { self.attributes.insert(attr) }
            // A rule-based renderer: the field its rules test (the first quoted name of a filter).
            if name == "rule", let filter = attributes["filter"] {
                let parts = filter.split(separator: "\"", omittingEmptySubsequences: false)
                if parts.count > 1 { self.attributes.insert(String(parts[1])) }
            }
            if name == "alias", let field = attributes["field"] { aliases[field] = attributes["name"] }
        }
    }

    @Test func tileJSONDescribesTheTilesetWithPublishedBreaksAndAttribution() throws {
        let tilejson = try json("tilejson.json")
        #expect(tilejson["tilejson"] as? String == "3.0.0")
        #expect(tilejson["maxzoom"] as? Int == 11)
        #expect((tilejson["tiles"] as? [String])?.first == "pmtiles://tiles.pmtiles/{z}/{x}/{y}")
        let bounds = try #require(tilejson["bounds"] as? [Double])
        #expect(bounds.count == 4 && (13.0...13.2).contains(bounds[0]) && (52.6...52.8).contains(bounds[3]))
        let layers = try #require(tilejson["vector_layers"] as? [[String: Any]])
        let fields = try #require(layers.first?["fields"] as? [String: String])
        #expect(fields["n_kitas"] == "Number" && fields["n_kitas_status"] == "String" && fields["PLR_NAME"] == "String")
        let attribution = try #require(tilejson["attribution"] as? String)
        #expect(attribution.contains("Einwohnerregisterstatistik") && attribution.contains("Monitoring Soziale"))
        let indicators = try #require(tilejson["quartier:indicators"] as? [[String: Any]])
        #expect(indicators.map { $0["field"] as? String } == ["kitas_je_1000_u6", "S4", "n_kitas"])
        let rate = indicators[0]
        #expect(rate["unit"] as? String == "je 1000" && rate["reference_date"] as? String == "2024-12-31")
        #expect((rate["breaks"] as? [Double])?.count == 5)
        #expect((rate["legend"] as? [[String: Any]])?.count == 7)  // 5 classes, suppressed, not available
        // Breaks are computed on published values: the lowest class of the count starts at 5 or above.
        let countLegend = try #require(indicators[2]["legend"] as? [[String: Any]])
        #expect((countLegend.first?["label"] as? String)?.hasPrefix("5 ") == true)
    }

    @Test func anIndicatorWithoutAttributionIsWarnedAndNamedInTheManifest() throws {
        let (_, stderr) = try Self.run.get()
        #expect(stderr.contains("indicator 'n_kitas' has no declared attribution"))
        let reports = try #require(try json("manifest.json")["reports"] as? [String: Any])
        let publish = try #require(reports["publish"] as? [String: Any])
        #expect(publish["missingAttribution"] as? [String] == ["n_kitas"])
        let outputs = try #require(try json("manifest.json")["outputs"] as? [[String: Any]])
        #expect(
            Set(outputs.compactMap { $0["path"] as? String }).isSuperset(of: [
                "versorgung.geojson", "versorgung.gpkg", "versorgung.csv", "tiles.pmtiles", "tilejson.json",
                "style.json",
                "kitas.geojson",
            ]))
    }

    @Test func styleRendersInHeadlessChromiumWithMapLibre53() throws {
        let folder = try Self.run.get().0.path
        let render = try Subprocess.run(
            "/usr/bin/env", ["python3", TestSupport.fixture("publish/render_style.py"), folder])
        #expect(render.status == 0, "\(render.stderr)")
        let result = try #require(try JSONSerialization.jsonObject(with: Data(render.stdout.utf8)) as? [String: Any])
        #expect((result["errors"] as? [Any])?.isEmpty == true, "\(result["errors"] ?? "")")
        #expect((result["console"] as? [Any])?.isEmpty == true, "\(result["console"] ?? "")")
        let rendered = try #require(result["rendered"] as? [String: Int], "the map never became idle")
        let delivered = try #require(result["delivered"] as? [String: Int])
        let style = try json("style.json")
        let layers = try #require(style["layers"] as? [[String: Any]]).compactMap { $0["id"] as? String }
        #expect(layers.contains("Gi_Bin") && layers.contains("COType") && layers.contains("einrichtungen"))
        for layer in layers where layer != "hintergrund" {
            #expect((rendered[layer] ?? 0) >= 1, "layer \(layer) rendered nothing")
        }
        // As delivered: the first indicator, its missing values, borders and points are shown, the rest is off.
        #expect(Set(delivered.keys) == ["kitas_je_1000_u6", "kitas_je_1000_u6-fehlend", "grenzen", "einrichtungen"])
        #expect(delivered.values.allSatisfy { $0 >= 1 }, "\(delivered)")
        let metadata = try #require(style["metadata"] as? [String: Any])
        #expect((metadata["quartier:legend"] as? [Any])?.count == 4)
    }

    static let qgisStyles = [
        "style-qgis-Gi_Bin.json", "style-qgis-S4.json", "style-qgis-kitas_je_1000_u6.json", "style-qgis-n_kitas.json",
    ]

    /// Issue 24, item 2: QGIS 3.22's MapBox GL style converter turned `style.json`'s choropleths (`case`) into
    /// nothing (a warning each), its `match` with scalar labels into `f IN ()` (everything light grey) and drew every
    /// layer at once (it ignores `visibility`). Each thematic layer now has a style of its own for QGIS, which QGIS
    /// converts without a warning and which colours each of the 542 areas as the legend classes its value.
    /// Skipped only where PyQGIS is missing (`scripts/install-deps.sh --test` installs it, and CI runs that).
    @Test(
        .enabled(
            if: FileManager.default.fileExists(atPath: "/usr/lib/python3/dist-packages/qgis"),
            "python3-qgis (QGIS 3.22) is not installed: scripts/install-deps.sh --test installs it"))
    func qgisConvertsEachQGISStyleWithoutAWarningAndColoursEveryAreaByItsClass() throws {
        let folder = try Self.run.get().0.path
        let result = try Subprocess.run(
            "/usr/bin/python3", [TestSupport.root.appendingPathComponent("scripts/qgis-style.py").path, folder],
            environment: ["QT_QPA_PLATFORM": "offscreen", "HOME": NSTemporaryDirectory()], timeout: 300)
        let report = try #require(
            try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
            "scripts/qgis-style.py (python3-qgis; scripts/install-deps.sh --test installs it): \(result.stdout)\(result.stderr.suffix(2000))"
        )
        #expect(result.status == 0, "\(result.stdout)")
        #expect((report["qgis"] as? String)?.hasPrefix("3.") == true)
        let styles = try #require(report["styles"] as? [String: [String: Any]])
        #expect(styles.keys.sorted() == Self.qgisStyles)
        for (name, style) in styles {
            #expect((style["warnings"] as? [String])?.isEmpty == true, "\(name): \(style["warnings"] ?? "")")
            #expect((style["disabled"] as? [String])?.isEmpty == true, "\(name)")
            #expect((style["otherLayers"] as? [String])?.isEmpty == true, "\(name): \(style["otherLayers"] ?? "")")
            #expect(style["areas"] as? Int == 542, "\(name)")
            #expect((style["wrong"] as? [Any])?.isEmpty == true, "\(name): \(style["wrong"] ?? "")")
            // Named areas (lowest, median, highest value, one without): each drawn by exactly one class.
            let examples = try #require(style["examples"] as? [[String: Any]], "\(name)")
            #expect(examples.count >= 3 && examples.prefix(3).allSatisfy { ($0["drawnBy"] as? [String])?.count == 1 })
            print(
                "figures: QGIS \(report["qgis"] ?? ""), \(name): \((style["warnings"] as? [String])?.count ?? -1) warnings, "
                    + "\(style["styles"] ?? 0) converted styles, 542 areas, 0 wrong; "
                    + examples.map { "\($0["id"] ?? "") (\($0["value"] ?? "–")) → \($0["drawnBy"] ?? "")" }
                    .joined(separator: "; "))
        }
        // The GeoPackage's own styles (QML in layer_styles, applied when QGIS opens the layer): every area drawn once,
        // in its class's colour, the areas without a value in the missing classes' (suppressed dark, no value light).
        let qml = try #require(report["qml"] as? [String: [String: Any]])
        #expect(
            Set(qml.values.compactMap { $0["field"] as? String }) == ["kitas_je_1000_u6", "S4", "n_kitas", "Gi_Bin"],
            "\(qml.keys)")
        for (name, style) in qml {
            #expect(style["imported"] as? Bool == true, "\(name): \(style["message"] ?? "")")
            #expect(style["areas"] as? Int == 542 && style["wrongCount"] as? Int == 0, "\(name): \(style)")
            print("figures: QML \(name): 542 areas, 0 wrong; areas per colour \(style["colours"] ?? "")")
        }
        // style.json is the web map's: only its choropleths (`case`, which MapLibre needs for one layer per
        // indicator) are beyond the converter; its `match` expressions and the cluster filter convert.
        let web = try #require((report["style.json"] as? [String: Any])?["warnings"] as? [String])
        #expect(
            Set(web) == [
                "kitas_je_1000_u6: Skipping unsupported expression", "S4: Skipping unsupported expression",
                "n_kitas: Skipping unsupported expression",
            ], "\(web)")
    }

    /// The QGIS styles as written: one thematic layer each, every layer visible, its classes as layers with a
    /// constant colour named by their legend labels, no background, no provider points, no expression QGIS 3.22
    /// cannot convert; listed in the manifest as public `qgis_style` outputs.
    @Test func eachQGISStyleHoldsOneThematicLayerWithItsClassesAsLayers() throws {
        let tilejson = try json("tilejson.json")
        let indicators = try #require(tilejson["quartier:indicators"] as? [[String: Any]])
        for name in Self.qgisStyles {
            let style = try json(name)
            #expect(style["version"] as? Int == 8)
            let layers = try #require(style["layers"] as? [[String: Any]])
            let legend = try #require((style["metadata"] as? [String: Any])?["quartier:legend"] as? [[String: Any]])
            #expect(legend.count == 1 && legend.first?["visible"] as? Bool == true, "\(name)")
            let field = try #require(legend.first?["layer"] as? String)
            #expect(name == "style-qgis-\(field).json")
            #expect(
                !layers.contains { $0["type"] as? String == "background" || $0["id"] as? String == "einrichtungen" })
            #expect(layers.allSatisfy { ($0["layout"] as? [String: Any])?["visibility"] as? String == "visible" })
            #expect((style["sources"] as? [String: Any])?.keys.sorted() == ["quartier"])
            let text = String(decoding: try JSONSerialization.data(withJSONObject: layers), as: UTF8.self)
            for unsupported in ["\"case\"", "\"step\"", "\"interpolate\"", "\"literal\"", "\"in\""] {
                #expect(!text.contains(unsupported), "\(name) uses \(unsupported)")
            }
            let fills = layers.filter { $0["type"] as? String == "fill" }
            #expect(fills.allSatisfy { ($0["paint"] as? [String: Any])?["fill-color"] is String }, "\(name)")
            // The fills are the legend's entries, in its order, with its colours and labels as ids.
            let entries = try #require(legend.first?["entries"] as? [[String: String]])
            #expect(fills.map { $0["id"] as? String } == entries.map { $0["label"] }, "\(name)")
            #expect(
                fills.map { ($0["paint"] as? [String: Any])?["fill-color"] as? String } == entries.map { $0["color"] })
            if let indicator = indicators.first(where: { $0["field"] as? String == field }) {
                #expect(entries.count == (indicator["legend"] as? [Any])?.count)
            } else {
                // Gi_Bin −3…3 and the two missing classes (suppressed, no value or no neighbours).
                #expect(field == "Gi_Bin" && fills.count == 9)
                #expect(layers.filter { $0["type"] as? String == "line" }.count == 5)  // 4 cluster types, borders
            }
        }
        let outputs = try #require(try json("manifest.json")["outputs"] as? [[String: Any]])
        let listed = outputs.filter { $0["role"] as? String == "qgis_style" }
        #expect(listed.compactMap { $0["path"] as? String }.sorted() == Self.qgisStyles)
        #expect(listed.allSatisfy { $0["tier"] as? String == "public" })
    }

    /// What QGIS gets is what the web map shows: MapLibre draws every QGIS style, area by area, in the colours it
    /// draws `style.json` with that layer switched on (fills and cluster outlines, 542 areas).
    @Test func maplibreDrawsEachQGISStyleAsStyleJSONWithItsLayerShown() throws {
        let folder = try Self.run.get().0.path
        let compare = try Subprocess.run(
            "/usr/bin/env", ["python3", TestSupport.fixture("publish/compare_styles.py"), folder, "PLR_ID"])
        #expect(compare.status == 0, "\(compare.stderr)")
        let result = try #require(try JSONSerialization.jsonObject(with: Data(compare.stdout.utf8)) as? [String: Any])
        #expect((result["errors"] as? [Any])?.isEmpty == true, "\(result["errors"] ?? "")")
        #expect((result["console"] as? [Any])?.isEmpty == true, "\(result["console"] ?? "")")
        let styles = try #require(result["styles"] as? [String: [String: Int]])
        #expect(styles.keys.sorted() == Self.qgisStyles)
        // Every area is drawn, a hotspot step's areas without a Gi_Bin in the missing values' colours.
        for (name, counts) in styles {
            #expect(counts["areas"] == 542, "\(name): \(counts)")
            #expect(counts["qgisAreas"] == counts["areas"], "\(name): \(counts)")
        }
        let differences = try #require(result["differences"] as? [String: [Any]])
        for (name, list) in differences {
            #expect(list.isEmpty, "\(name): \(list.count) areas differ, e.g. \(list.prefix(3))")
        }
    }
}
