import Foundation
import QuartierGDAL
import QuartierTestSupport
import Testing

/// Issue 17, item 2, in an analysis file: `fields = […]` on the area input reads only those fields (and the key);
/// a field it names that the layer lacks, or `fields` on another input, is an error naming it.
@Suite("Reading only the area fields an analysis uses")
struct AreaFieldSelectionTests {
    static let kitas = TestSupport.geodata("berlin_education_facilities/kitas_berlin_2022-12.geojson")

    /// Kitas counted in the Bezirke, with `fields` on the input named `input`.
    static func analysis(fields: String, on input: String = "bezirke") -> String {
        CSVPointsTests.analysis(
            kitas, keys: input == "kitas" ? fields : "", areaKeys: input == "bezirke" ? fields : "")
    }

    func run(_ text: String) throws -> (Subprocess.Result, URL) {
        let folder = try TestSupport.temporaryFolder("quartier-fields")
        let path = folder.appendingPathComponent("a.toml")
        try text.write(to: path, atomically: true, encoding: .utf8)
        return (try CLI.run("run", path.path, "--out", folder.appendingPathComponent("out").path), folder)
    }

    @Test func onlyTheNamedFieldsAndTheKeyAreRead() throws {
        let (all, a) = try run(Self.analysis(fields: ""))
        let (some, b) = try run(Self.analysis(fields: "fields = [\"BEZ_NAME\"]"))
        defer { for folder in [a, b] { try? FileManager.default.removeItem(at: folder) } }
        try #require(all.status == 0 && some.status == 0, "\(all.stderr)\(some.stderr)")
        func properties(_ folder: URL) throws -> [[String: Any]] {
            let url = folder.appendingPathComponent("out/bezirke.geojson")
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
            return (json?["features"] as? [[String: Any]] ?? []).compactMap { $0["properties"] as? [String: Any] }
        }
        let full = try properties(a)
        let chosen = try properties(b)
        #expect(full.count == 12 && chosen.count == 12)
        #expect(Set(full[0].keys).isStrictSuperset(of: chosen[0].keys))
        #expect(Set(chosen[0].keys).isSuperset(of: ["BEZ_ID", "BEZ_NAME", "n_points"]))
        #expect(!chosen[0].keys.contains("GEMEINDE_SCHLUESSEL"))
        #expect(full.map { $0["n_points"] as? Int } == chosen.map { $0["n_points"] as? Int })
    }

    @Test func aMissingFieldOrFieldsOnAnotherInputIsAnError() throws {
        let (missing, a) = try run(Self.analysis(fields: "fields = [\"Bez_Name\"]"))
        let (other, b) = try run(Self.analysis(fields: "fields = [\"name\"]", on: "kitas"))
        defer { for folder in [a, b] { try? FileManager.default.removeItem(at: folder) } }
        #expect(missing.status == 1)
        #expect(
            missing.stderr.contains("no field 'Bez_Name'") && missing.stderr.contains("Did you mean 'BEZ_NAME'"),
            "\(missing.stderr)")
        #expect(!FileManager.default.fileExists(atPath: a.appendingPathComponent("out/bezirke.geojson").path))
        #expect(other.status == 1)
        #expect(other.stderr.contains("[inputs.kitas] fields"), "\(other.stderr)")
    }

    /// On a grid of cell centres the key and the centres' columns are read besides the named fields.
    @Test func aGridReadsItsCentresBesidesTheNamedFields() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = GridAreaTests.zensus1km
        let analysis = try CLI.analysis(
            in: folder, source: source, id: "GITTER_ID_1km",
            extraInput: GridAreaTests.zensus1kmKeys + "\nfields = [\"einwohner\"]",
            extra: "\n[[hotspots]]\nfield = \"einwohner\"\npermutations = 0\n", formats: #"["fgb"]"#)
        let out = folder.appendingPathComponent("out")
        let result = try CLI.run("run", analysis, "--out", out.path)
        #expect(result.status == 0, "\(result.stderr)")
        let header = try String(contentsOfFile: source, encoding: .utf8).prefix { $0 != "\n" }.split(separator: ",")
        let names = try Dataset(opening: out.appendingPathComponent("result.fgb").path).layer(named: nil).fields.map(
            \.name)
        let read = Set(names).intersection(header.map(String.init))
        #expect(read == ["GITTER_ID_1km", "x_mp_1km", "y_mp_1km", "einwohner"], "\(names)")
        #expect(names.contains("Gi_Bin"))
    }

    /// `quartier check` knows `fields = […]`: a named field the layer lacks fails it, and so does a step's field that
    /// the layer has but `fields` leaves out; `quartier run` then says why the field is missing.
    @Test func checkAndRunNameAFieldThatFieldsLeavesOut() throws {
        let folder = try TestSupport.temporaryFolder("quartier-fields")
        defer { try? FileManager.default.removeItem(at: folder) }
        func write(_ text: String, _ name: String) throws -> String {
            let path = folder.appendingPathComponent(name).path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let typo = try write(Self.analysis(fields: "fields = [\"Bez_Name\"]"), "typo.toml")
        let checked = try CLI.run("check", typo)
        #expect(checked.status == 1 && checked.stderr.contains("no field 'Bez_Name'"), "\(checked.stderr)")
        let leftOut = try write(
            Self.analysis(fields: "fields = [\"BEZ_NAME\"]") + "\n[[hotspots]]\nfield = \"GEMEINDE_SCHLUESSEL\"\n",
            "left-out.toml")
        let check = try CLI.run("check", leftOut)
        #expect(check.status == 1 && check.stderr.contains("GEMEINDE_SCHLUESSEL"), "\(check.stdout)\(check.stderr)")
        let run = try CLI.run("run", leftOut, "--out", folder.appendingPathComponent("out").path)
        #expect(run.status == 1)
        #expect(
            run.stderr.contains("no field 'GEMEINDE_SCHLUESSEL'")
                && run.stderr.contains("[inputs.bezirke]") && run.stderr.contains("add it there"), "\(run.stderr)")
    }
}
