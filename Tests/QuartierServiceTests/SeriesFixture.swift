import Foundation
import QuartierTestSupport

/// Analysis files with a `[[series]]` on the Berlin data in Geodata (LOR 2021, the old Planungsräume until 2020, the
/// half-yearly population series on both geographies, MSS 2013–2021, the Zensus 2011 100 m grid), their runs, and
/// readers of what the runs wrote (the series table, the crosswalk, the manifest).
enum SeriesFixture {
    static let oldPLR = TestSupport.geodata("berlin_mss_series/lor_planungsraeume_bis2020.gpkg")
    static let newSeries = TestSupport.geodata(
        "berlin_population_lor_series/einwohner_plr_lor2021_2021-06-30_2024-12-31.csv")
    static let oldSeries = TestSupport.geodata(
        "berlin_population_lor_series/einwohner_plr_lor2019_2015-06-30_2020-12-31.csv")
    static let mss = TestSupport.geodata("berlin_mss_series/mss_plr_2013-2021.csv")
    static let shippedCrosswalk = TestSupport.geodata("berlin_mss_series/plr_2019_zu_2021_verschneidung.csv")
    static let grid = TestSupport.geodata("zensus2011_grid_berlin_hamburg/zensus2011_100m_unter10_berlin.csv")

    /// The inputs every analysis here declares: `plr` (the areas), `plr_alt`, `ew_alt`, `ew_neu`, `mss`, `zensus`.
    static func inputs(oldGeometry: String = oldPLR, newSeries: String = newSeries, oldSeries: String = oldSeries)
        -> String
    {
        """
        [inputs.plr]
        source = "\(TestSupport.berlinLOR)"
        layer = "planungsraeume_2021"
        id = "PLR_ID"
        [inputs.plr_alt]
        source = "\(oldGeometry)"
        layer = "planungsraeume_2019"
        id = "PLR_ID"
        [inputs.ew_alt]
        source = "\(oldSeries)"
        [inputs.ew_neu]
        source = "\(newSeries)"
        [inputs.mss]
        source = "\(mss)"
        [inputs.zensus]
        source = "\(grid)"
        """
    }

    /// The population grid step (`carry = "population"` needs it).
    static let gridStep = """
        [grid]
        input = "zensus"
        x = "x_mp_100m"
        y = "y_mp_100m"
        weight = "unter10"
        """

    /// Writes an analysis file with the inputs, `steps` and a GeoPackage output `plr`, runs it into `folder/out`.
    static func run(_ steps: String, in folder: URL, inputs: String = inputs()) throws -> (Subprocess.Result, URL) {
        let text = """
            version = 1
            [analysis]
            name = "series-test"
            working_crs = "EPSG:25833"
            \(inputs)
            [areas]
            input = "plr"
            \(steps)
            [outputs.plr]
            formats = ["gpkg"]
            """
        let path = folder.appendingPathComponent("analysis.toml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out")
        return (try CLI.run("run", path, "--out", out.path), out)
    }

    /// Rows of a CSV file as dictionaries by header (`;` with decimal comma and a BOM, or `,`).
    static func rows(_ path: String) throws -> [[String: String]] {
        var text = try String(contentsOfFile: path, encoding: .utf8)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let lines = text.split(whereSeparator: \.isNewline).map(String.init)
        guard let header = lines.first else { return [] }
        let delimiter: Character = header.contains(";") ? ";" : ","
        let names = header.split(separator: delimiter, omittingEmptySubsequences: false).map(String.init)
        return lines.dropFirst().map { line in
            let cells = line.split(separator: delimiter, omittingEmptySubsequences: false).map {
                delimiter == ";" ? $0.replacingOccurrences(of: ",", with: ".") : String($0)
            }
            return Dictionary(
                uniqueKeysWithValues: zip(names, cells + Array(repeating: "", count: max(0, names.count - cells.count)))
            )
        }
    }

    /// `reports.series` of a run's manifest.
    static func seriesReports(_ out: URL) throws -> [[String: Any]] {
        let data = try Data(contentsOf: out.appendingPathComponent("manifest.json"))
        let manifest = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let reports = manifest?["reports"] as? [String: Any]
        return reports?["series"] as? [[String: Any]] ?? []
    }

    /// A copy of a CSV with its data lines transformed (header kept).
    static func variant(of source: String, in folder: URL, _ name: String, _ transform: ([String]) -> [String]) throws
        -> String
    {
        var lines = try String(contentsOfFile: source, encoding: .utf8).split(separator: "\n").map(String.init)
        let header = lines.removeFirst()
        let path = folder.appendingPathComponent(name).path
        try ([header] + transform(lines)).joined(separator: "\n").appending("\n").write(
            toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
