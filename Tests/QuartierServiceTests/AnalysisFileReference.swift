import Foundation
import QuartierService
import QuartierTestSupport

/// A valid analysis file with every section, and readers of the keys the parser accepts and the keys
/// `docs/analysis-file.md` documents (for `AnalysisFileReferenceTests`).
enum AnalysisFileReference {
    /// One section of the analysis file: its id (the docs heading without brackets, `top` for the top level),
    /// its heading in the docs, and the header line in `document` after which an unknown key is put.
    struct Section: Sendable {
        var id: String
        var heading: String
        var header: String
    }

    static let sections: [Section] = [
        Section(id: "top", heading: "Top level", header: "version = 1"),
        Section(id: "analysis", heading: "[analysis]", header: "[analysis]"),
        Section(id: "inputs.<name>", heading: "[inputs.<name>]", header: "[inputs.areas]"),
        Section(id: "areas", heading: "[areas]", header: "[areas]"),
        Section(id: "join", heading: "[[join]]", header: "[[join]]"),
        Section(id: "count", heading: "[[count]]", header: "[[count]]"),
        Section(id: "grid", heading: "[grid]", header: "[grid]"),
        Section(id: "series", heading: "[[series]]", header: "[[series]]"),
        Section(id: "access", heading: "[[access]]", header: "[[access]]"),
        Section(id: "rate", heading: "[[rate]]", header: "[[rate]]"),
        Section(id: "index", heading: "[[index]]", header: "[[index]]"),
        Section(id: "index_types", heading: "[[index_types]]", header: "[[index_types]]"),
        Section(id: "hotspots", heading: "[[hotspots]]", header: "[[hotspots]]"),
        Section(id: "emerging", heading: "[[emerging]]", header: "[[emerging]]"),
        Section(id: "underserved", heading: "[underserved]", header: "[underserved]"),
        Section(id: "rollup", heading: "[[rollup]]", header: "[[rollup]] # mapping"),
        Section(id: "outputs.<name>", heading: "[outputs.<name>]", header: "[outputs.plr]"),
        Section(id: "tiles", heading: "[[tiles]]", header: "[[tiles]]"),
        Section(id: "publish", heading: "[publish]", header: "[publish]"),
        Section(id: "publish.suppression", heading: "[publish.suppression]", header: "[publish.suppression]"),
        Section(
            id: "publish.indicators.<field>", heading: "[publish.indicators.<field>]", header: "[publish.indicators.S1]"
        ),
        Section(id: "profile", heading: "[[profile]]", header: "[[profile]]"),
        Section(id: "profiles", heading: "[profiles]", header: "[profiles]"),
        Section(id: "observations", heading: "[[observations]]", header: "[[observations]]"),
        Section(id: "observations.gap", heading: "[[observations.gap]]", header: "[[observations.gap]]"),
        Section(id: "database", heading: "[database]", header: "[database]"),
    ]

    /// The vocabulary `[[observations]]` names (read when the file is parsed): written beside the document.
    static func writeVocabulary(in folder: URL) throws {
        try "[kita_platzmangel]\ntitle = \"Kitaplätze fehlen\"\n".write(
            to: folder.appendingPathComponent("themes.toml"), atomically: true, encoding: .utf8)
    }

    /// A valid analysis file using every section (read by the parser only: no file it names is opened), with
    /// `zz_unknown = 1` after the header of the section `unknownKeyIn`.
    static func document(unknownKeyIn section: String?) -> String {
        let header = sections.first { $0.id == section }?.header
        return body.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line == header ?? "\u{0}" ? line + "\nzz_unknown = 1" : String(line)
        }.joined(separator: "\n")
    }

    private static let body = """
        version = 1
        [analysis]
        name = "reference"
        working_crs = "EPSG:25833"
        [inputs.areas]
        source = "areas.gpkg"
        id = "PLR_ID"
        [inputs.table]
        source = "table.csv"
        [inputs.points]
        source = "points.gpkg"
        [inputs.grid]
        source = "grid.csv"
        [inputs.map]
        source = "map.csv"
        [inputs.old]
        source = "old.gpkg"
        id = "PLR_ID"
        [areas]
        input = "areas"
        [[join]]
        table = "table"
        [[count]]
        points = "points"
        [grid]
        input = "grid"
        x = "x"
        y = "y"
        weight = "EW"
        [[series]]
        name = "series"
        columns = ["u6", "S4"]
        time = "stichtag"
        rates = { S4 = "EW" }
        tables = [{ table = "table", geography = "old", where = { v = "old" } }, { table = "table", time = "2021" }]
        [[access]]
        name = "kita"
        facilities = "points"
        [[rate]]
        name = "rate"
        numerator = "a"
        denominator = "b"
        [[index]]
        name = "status"
        indicators = ["S1", "S2"]
        cutoffs = [0.0]
        [[index]]
        name = "dynamik"
        indicators = ["D1", "D2"]
        cutoffs = [0.0]
        [[index_types]]
        name = "typ"
        indexes = ["status", "dynamik"]
        [[hotspots]]
        field = "S1"
        [[emerging]]
        series = "series"
        column = "S4"
        [underserved]
        demand = "EW"
        access = { kita_distance_mean = "high_is_bad" }
        need = "GiZScore"
        [[rollup]]
        name = "bzr"
        key = "BZR_ID"
        prefix = 6
        [[rollup]]
        name = "bez"
        key = "BEZ_ID"
        prefix = 2
        [[rollup]] # mapping
        name = "mapped"
        key = "M"
        mapping = "map"
        mapping_child = "child"
        mapping_parent = "parent"
        [outputs.plr]
        formats = ["geojson"]
        [[tiles]]
        name = "plr_tiles"
        [publish]
        name = "public"
        [publish.suppression]
        counts = ["n_points"]
        [publish.indicators.S1]
        title = "S1"
        [[profile]]
        name = "profil"
        kreis = "010101"
        kreis_layer = "bzr"
        land_layer = "bez"
        indicators = ["S1"]
        source = "test"
        [profiles]
        levels = ["areas", "bez"]
        reference = "bez"
        total_name = "Berlin"
        pdf = false
        [[observations]]
        name = "obs"
        input = "table"
        store = false
        vocabulary = "themes.toml"
        theme = "thema"
        date = "datum"
        source = "quelle"
        rating = "bewertung"
        rating_range = [1, 5]
        text = "notiz"
        key = "PLR_ID"
        cell = "gitter_id"
        population = "EW"
        attribution = "test"
        synthetic = true
        records = true
        [[observations.gap]]
        theme = "kita_platzmangel"
        indicator = "rate"
        problem_below = 0.8
        reported_per_1000 = 2
        population = "EW"
        [database]
        connection = "PG:dbname=reference"
        """

    /// The keys the parser accepts in a section: the list its message on an unknown key gives.
    static func acceptedKeys(_ section: String) throws -> Set<String> {
        let folder = try TestSupport.temporaryFolder()
        let path = folder.appendingPathComponent("reference.toml").path
        try writeVocabulary(in: folder)
        try document(unknownKeyIn: section).write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try AnalysisFile.load(path)
        } catch {
            let message = String(describing: error)
            guard message.contains("unknown key 'zz_unknown'"), let range = message.range(of: "allowed here: ") else {
                throw Failure("[\(section)]: expected the unknown key to be refused, got: \(message)")
            }
            let list = message[range.upperBound...].prefix { $0 != "\n" }
            return Set(list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        }
        throw Failure("[\(section)]: the unknown key was accepted")
    }

    static let docs = TestSupport.root.appendingPathComponent("docs/analysis-file.md")

    /// The keys of each section's table in `docs/analysis-file.md`: the first column's backquoted word of every row
    /// under a `## `-heading naming the section.
    static func documentedKeys() throws -> [String: [String]] {
        let text = try String(contentsOf: docs, encoding: .utf8)
        var keys: [String: [String]] = [:]
        var current: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## ") {
                let heading = line.dropFirst(3).trimmingCharacters(in: CharacterSet(charactersIn: "`"))
                current = sections.first { $0.heading == heading }?.id
                continue
            }
            guard let section = current, line.hasPrefix("| `") else { continue }
            let cell = line.dropFirst(3).prefix { $0 != "`" }
            keys[section, default: []].append(String(cell))
        }
        return keys
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
