import Foundation
import QuartierGDAL
import QuartierModel
import QuartierTestSupport
import Testing

/// Issue 17, item 4: a grid given as cell centres is an area layer of square cells; queen and rook neighbours come
/// from the cell indices; bad grids are refused naming the rows.
@Suite("Grid areas from cell centres")
struct GridAreaTests {
    /// The bundled 1 km Zensus grid of Berlin and Hamburg, and the keys of an area input that reads it as cells.
    static let zensus1km = TestSupport.geodata(
        "zensus2011_grid_berlin_hamburg/zensus2011_1km_einwohner_berlin_hamburg.csv")
    static let zensus1kmKeys = "crs = \"EPSG:3035\"\ngrid_cell = 1000\nx = \"x_mp_1km\"\ny = \"y_mp_1km\""

    /// A 100 m grid in EPSG:3035: `cells` (column, row) → a CSV with id, centre and a value.
    static func csv(_ cells: [(Int, Int)], extra: String = "") -> String {
        var text = "GITTER_ID_100m,x_mp_100m,y_mp_100m,value\n"
        for (i, (c, r)) in cells.enumerated() {
            let x = 4_550_000 + c * 100, y = 3_270_000 + r * 100
            text += "CRS3035RES100mN\(y)E\(x),\(x + 50),\(y + 50),\(Double((c * 7 + r * 3) % 11) + Double(i % 3))\n"
        }
        return text + extra
    }

    /// A 12 × 10 block with a hole (unpopulated cells are absent).
    static let block: [(Int, Int)] = (0..<10).flatMap { r in (0..<12).map { c in (c, r) } }.filter {
        !((4...6).contains($0.0) && (3...5).contains($0.1))
    }

    func hotspots(_ csv: String, crs: String? = "EPSG:3035", extra: [String] = [], in folder: URL) throws
        -> (Subprocess.Result, String)
    {
        let input = folder.appendingPathComponent("cells.csv").path
        try csv.write(toFile: input, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out.geojson").path
        var arguments = [
            "hotspots", "--areas", input, "--grid-cell", "100", "--x", "x_mp_100m", "--y", "y_mp_100m", "--id",
            "GITTER_ID_100m", "--field", "value", "--permutations", "99", "--out", out,
        ]
        if let crs { arguments += ["--crs", crs] }
        return (try CLI.run(arguments + extra), out)
    }

    @Test func hotspotsOnAGridWriteSquaresWithNeighboursFromIndices() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (result, out) = try hotspots(Self.csv(Self.block), in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let (layer, _) = try Dataset(opening: out).layer(named: nil).readAll()
        #expect(layer.features.count == Self.block.count)
        let neighbours = try #require(layer.fieldIndex("NNeighbors"))
        let id = try #require(layer.fieldIndex("GITTER_ID_100m"))
        func count(_ c: Int, _ r: Int) -> Int64? {
            let key = "CRS3035RES100mN\(3_270_000 + r * 100)E\(4_550_000 + c * 100)"
            guard let feature = layer.features.first(where: { $0.attributes[id] == .string(key) }),
                case .integer(let n) = feature.attributes[neighbours]
            else { return nil }
            return n
        }
        #expect(count(0, 0) == 3)  // a corner
        #expect(count(5, 0) == 5)  // an edge
        #expect(count(1, 1) == 8)  // inside
        #expect(count(3, 4) == 5)  // beside the hole: (4,3), (4,4), (4,5) are absent
        // The squares: 100 m cells, written in lon/lat.
        let first = try #require(layer.features.first?.geometry?.polygons.first)
        #expect(first.exterior.count == 5)
        let transformer = try CoordinateTransformer(from: try SpatialReference.wgs84(), to: try SpatialReference(epsg: 3035))
        let corners = try first.exterior.map { try transformer.transform($0) }
        let xs = corners.map(\.x), ys = corners.map(\.y)
        #expect(abs((xs.max()! - xs.min()!) - 100) < 0.1 && abs((ys.max()! - ys.min()!) - 100) < 0.1)
        #expect(abs(xs.min()! - 4_550_000) < 0.1 && abs(ys.min()! - 3_270_000) < 0.1)
    }

    @Test func duplicateIdNamesBothRows() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let extra = "CRS3035RES100mN3270000E4550100,4552050,3272050,1\n"  // the id of row 2 again, elsewhere
        let (bad, _) = try hotspots(Self.csv(Self.block, extra: extra), in: folder)
        #expect(bad.status == 1)
        #expect(
            bad.stderr.contains(
                "rows 2 and \(Self.block.count + 1) have the same cell id 'CRS3035RES100mN3270000E4550100'"),
            "\(bad.stderr)")
    }

    @Test func twoIdsAtOnePositionNameBothRows() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let extra = "other-id,4550150,3270050,1\n"  // at the centre of row 2's cell
        let (bad, _) = try hotspots(Self.csv(Self.block, extra: extra), in: folder)
        #expect(bad.status == 1)
        #expect(
            bad.stderr.contains(
                "rows 2 and \(Self.block.count + 1) (GITTER_ID_100m 'CRS3035RES100mN3270000E4550100' and 'other-id') "
                    + "lie at the same position (4550150, 3270050)"), "\(bad.stderr)")
    }

    @Test func aCentreOffTheRasterNamesTheFirstOffendingRow() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Rows 3 and 5 give corners instead of centres: the error names row 3.
        var lines = Self.csv(Self.block).split(separator: "\n").map(String.init)
        lines[3] = "a,4550200,3270050,1"
        lines[5] = "b,4550400,3270000,1"
        let (bad, _) = try hotspots(lines.joined(separator: "\n") + "\n", in: folder)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("row 3 (GITTER_ID_100m 'a'): the centre's x_mp_100m 4550200 is not on the raster of 100-unit cells: "
                    + "centres lie at a multiple of 100 plus 50"), "\(bad.stderr)")
    }

    @Test func aGridWithoutCRSIsRefused() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (bad, out) = try hotspots(Self.csv(Self.block), crs: nil, in: folder)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("a grid of cell centres needs the CRS of its coordinates"), "\(bad.stderr)")
        #expect(bad.stderr.contains("EPSG:3035"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func gridFlagsGoTogether() throws {
        let result = try CLI.run(
            "hotspots", "--areas", "x.csv", "--grid-cell", "100", "--id", "a", "--field", "v", "--out", "o.geojson")
        #expect(result.status == 1)
        #expect(result.stderr.contains("--grid-cell, --x and --y go together"))
    }

    /// `grid_cell`, `x`, `y` on the area input of an analysis file: the 1 km Zensus grid of Berlin and Hamburg,
    /// hotspots on the population, written as FlatGeobuf and GeoJSON in the working CRS.
    @Test func analysisFileGridInput() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = Self.zensus1km
        let analysis = try CLI.analysis(
            in: folder, source: source, id: "GITTER_ID_1km", extraInput: Self.zensus1kmKeys,
            extra: "\n[[hotspots]]\nfield = \"einwohner\"\npermutations = 99\n", formats: #"["fgb", "geojson"]"#)
        let out = folder.appendingPathComponent("out")
        let result = try CLI.run("run", analysis, "--out", out.path)
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try String(contentsOfFile: source, encoding: .utf8).split(separator: "\n").count - 1
        let layer = try Dataset(opening: out.appendingPathComponent("result.fgb").path).layer(named: nil)
        #expect(try layer.featureCount() == rows)
        #expect(layer.spatialReference?.epsgCode == 25833)
        #expect(layer.fields.contains { $0.name == "Gi_Bin" })
    }
}
