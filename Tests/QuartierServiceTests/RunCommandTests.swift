import Foundation
import QuartierGDAL
import QuartierModel
import QuartierTestSupport
import Testing

@Suite("quartier run, check, inspect on Berlin")
struct RunCommandTests {
    @Test func demoWritesGeoJSONGeoPackageAndManifest() throws {
        let out = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let timings = out.appendingPathComponent("timings.json").path
        let demo = TestSupport.root.appendingPathComponent("Config/analyses/berlin-demo.toml").path
        let result = try CLI.run("run", demo, "--out", out.path, "--timings", timings)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("542 areas"))
        #expect(
            CLI.files(in: out) == [
                "atlas", "beob_records.csv", "beob_records.csvt", "bezirke.geojson", "bezirke.gpkg", "bezirksregionen.geojson", "bezirksregionen.gpkg",
                "kinder_u6.csv", "kinder_u6.csvt", "kinder_u6.gpkg", "kinder_u6_bezirke_public.csv",
                "kinder_u6_bezirke_public.csvt", "kinder_u6_bezirke_public.gpkg", "kinder_u6_bezirksregionen_public.csv",
                "kinder_u6_bezirksregionen_public.csvt", "kinder_u6_bezirksregionen_public.gpkg",
                "kinder_u6_crosswalk_planungsraeume_alt.csv", "kinder_u6_crosswalk_planungsraeume_alt.csvt",
                "kinder_u6_public.csv", "kinder_u6_public.csvt", "kinder_u6_public.gpkg",
                "kita_bedarf.csv", "kita_bedarf.csvt", "kita_bedarf.geojson", "kitas.geojson", "manifest.json",
                "mss_s4.csv", "mss_s4.csvt", "mss_s4.gpkg", "mss_s4_bezirke_public.csv", "mss_s4_bezirke_public.csvt",
                "mss_s4_bezirke_public.gpkg", "mss_s4_bezirksregionen_public.csv", "mss_s4_bezirksregionen_public.csvt",
                "mss_s4_bezirksregionen_public.gpkg", "mss_s4_crosswalk_planungsraeume_alt.csv",
                "mss_s4_crosswalk_planungsraeume_alt.csvt", "mss_s4_goals.csv", "mss_s4_goals.csvt",
                "mss_s4_goals_bezirke.csv", "mss_s4_goals_bezirke.csvt", "mss_s4_goals_bezirksregionen.csv",
                "mss_s4_goals_bezirksregionen.csvt", "mss_s4_public.csv", "mss_s4_public.csvt", "mss_s4_public.gpkg",
                "planungsraeume.geojson", "planungsraeume.gpkg", "planungsraeume.pmtiles",
                "planungsraeume_public.csv", "planungsraeume_public.csvt", "planungsraeume_public.geojson",
                "planungsraeume_public.gpkg", "profiles", "style-qgis-Gi_Bin.json", "style-qgis-S4.json",
                "style-qgis-kita_distance_mean.json", "style-qgis-kitaplaetze_je_kind_u6.json", "style.json",
                "tilejson.json", "tiles.pmtiles", "timings.json",
            ])

        let geojson = try Dataset(opening: out.appendingPathComponent("planungsraeume.geojson").path).layer(named: nil)
        #expect(try geojson.featureCount() == 542)
        let extent = try #require(try geojson.extent())
        #expect(extent.minX > 13 && extent.maxX < 13.8 && extent.minY > 52.3 && extent.maxY < 52.7)
        let gpkg = try Dataset(opening: out.appendingPathComponent("planungsraeume.gpkg").path)
            .layer(named: "planungsraeume")
        #expect(try gpkg.featureCount() == 542)
        #expect(gpkg.spatialReference?.epsgCode == 25833)
        let names = gpkg.fields.map(\.name)
        #expect(names.first == "PLR_ID")
        for field in ["S4", "S4_status", "inhabitants_age_below_6", "n_kitas", "sum_e_platz", "kitaplaetze_je_kind_u6"] {
            #expect(names.contains(field), "\(field) missing from \(names)")
        }

        let manifestData = try Data(contentsOf: out.appendingPathComponent("manifest.json"))
        let manifest = try #require(try JSONSerialization.jsonObject(with: manifestData) as? [String: Any])
        let outputs = try #require(manifest["outputs"] as? [[String: Any]])
        // 8 outputs (kita_bedarf with its CSV), 1 tileset, 8 published files and 4 QGIS styles, 9 atlas files,
        // 2 profile index pages; per series its table (gpkg, csv) and crosswalk, and the public tables of 3 levels
        // (gpkg, csv); 3 goal tables; the observations' records (internal, with their column types)
        #expect(outputs.count == 55)
        for output in outputs {
            let path = out.appendingPathComponent(try #require(output["path"] as? String)).path
            #expect(output["sha256"] as? String == (try TestSupport.sha256sum(path)))
        }
        let analysis = try #require(manifest["analysis"] as? [String: String])
        #expect(analysis["sha256"] == (try TestSupport.sha256sum(demo)))
        let inputs = try #require(manifest["inputs"] as? [[String: Any]])
        #expect(inputs.first?["featureCount"] as? Int == 542)
        #expect(inputs.first?["sha256"] as? String == (try TestSupport.sha256sum(TestSupport.berlinLOR)))
        #expect((inputs.first?["crs"] as? [String: Any])?["epsg"] as? Int == 25833)
        let versions = try #require(manifest["versions"] as? [String: String])
        #expect(versions["gdal"]?.hasPrefix("3.") == true)
        #expect(versions["proj"] != nil && versions["quartier"] != nil)
        let steps = try #require(manifest["steps"] as? [[String: Any]])
        #expect(steps.contains { $0["name"] as? String == "read:planungsraeume" })
        let timingsJSON = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: timings)))
        #expect(((timingsJSON as? [String: Any])?["steps"] as? [Any])?.count == steps.count)
    }

    @Test func checkAcceptsTheDemo() throws {
        let demo = TestSupport.root.appendingPathComponent("Config/analyses/berlin-demo.toml").path
        let result = try CLI.run("check", demo)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("OK"))
        #expect(result.stdout.contains("EPSG:25833"))
    }

    @Test func versionNamesGDALAndPROJ() throws {
        let result = try CLI.run("--version")
        #expect(result.status == 0)
        #expect(result.stdout.contains("quartier "))
        #expect(result.stdout.contains("GDAL 3."))
        #expect(result.stdout.contains("PROJ "))
    }

    @Test func inspectJSONHasTheDocumentedShape() throws {
        let result = try CLI.run("inspect", TestSupport.berlinLOR, "--layer", "planungsraeume_2021", "--json")
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["source"] as? String == TestSupport.berlinLOR)
        let layers = try #require(json["layers"] as? [[String: Any]])
        #expect(layers.count == 1)
        let layer = layers[0]
        #expect(layer["name"] as? String == "planungsraeume_2021")
        #expect(layer["geometryType"] as? String == "Polygon")
        #expect(layer["featureCount"] as? Int == 542)
        #expect((layer["crs"] as? [String: Any])?["epsg"] as? Int == 25833)
        let extent = try #require(layer["extent"] as? [Double])
        #expect(abs(extent[0] - 370000.8) < 0.1 && abs(extent[3] - 5837259.3) < 0.1)  // SOURCE.md
        let wgs84 = try #require(layer["extentWGS84"] as? [Double])
        #expect(wgs84[0] > 13 && wgs84[2] < 13.8 && wgs84[1] > 52.3 && wgs84[3] < 52.7)
        let fields = try #require(layer["fields"] as? [[String: String]])
        #expect(fields.first == ["name": "PLR_ID", "type": "String"])
        #expect(fields.contains(["name": "GROESSE_M2", "type": "Real"]))
        #expect(layer["invalidGeometries"] as? Int == 0)
        #expect(layer["emptyGeometries"] as? Int == 0)
    }

    @Test func inspectReportsMissingCRSAsNullAndInvalidGeometries() throws {
        let noCRS = try CLI.run("inspect", TestSupport.fixture("no-prj/areas.shp"), "--json")
        #expect(noCRS.status == 0, "\(noCRS.stderr)")
        #expect(noCRS.stdout.contains("\"crs\" : null"))
        #expect(noCRS.stdout.contains("\"extentWGS84\" : null"))
        let invalid = try CLI.run("inspect", TestSupport.fixture("invalid-geometries.geojson"))
        #expect(invalid.status == 0)
        #expect(invalid.stdout.contains("invalid geometries: 2"))
        let text = try CLI.run("inspect", TestSupport.fixture("no-prj/areas.shp"), "--crs", "EPSG:25833")
        #expect(text.stdout.contains("CRS: EPSG:25833"))
        #expect(text.stdout.contains("extent WGS84: 13."))
    }

    @Test func inspectSpreadsheetAndEmptyLayer() throws {
        let xlsx = try CLI.run("inspect", TestSupport.geodata("berlin_mss_2021/mss_2021.xlsx"), "--json")
        #expect(xlsx.status == 0, "\(xlsx.stderr)")
        #expect(xlsx.stdout.contains("\"featureCount\" : 542"))
        #expect(xlsx.stdout.contains("\"geometryType\" : \"None\""))
        let empty = try CLI.run("inspect", TestSupport.fixture("empty-layer.gpkg"), "--json")
        #expect(empty.status == 0)
        #expect(empty.stdout.contains("\"featureCount\" : 0"))
    }
}
