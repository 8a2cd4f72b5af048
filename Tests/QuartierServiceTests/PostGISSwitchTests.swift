import Foundation
import Logging
import QuartierGDAL
import QuartierModel
import QuartierTestSupport
import Testing

@testable import QuartierService

/// The switch of a run's tables (`DatabaseRun.commit`) against the throwaway server: readers on other connections
/// during repeated switches see one whole version at a time and never an error; a run that fails or is killed leaves
/// the previous tables as they were; a database that is down, or a password in the connection string, is a clear
/// error before anything is written.
@Suite("PostGIS switch and failures", .serialized)
struct PostGISSwitchTests {
    static let rows = 2_500

    /// A layer of `rows` cells, every row with `version` in the field `version`.
    static func layer(version: Int) -> FeatureLayer {
        let cells = SyntheticPolygons.grid(
            columns: 50, rows: rows / 50, cellSize: 100, origin: Coordinate(x: 390_000, y: 5_810_000))
        let features = cells.enumerated().map { offset, cell in
            Feature(
                fid: Int64(offset + 1), geometry: cell,
                attributes: [
                    .string(String(format: "C%05d", offset)), .integer(Int64(version)), .real(Double(offset) / 7),
                ])
        }
        return FeatureLayer(
            name: "cells",
            fields: [
                FieldDefinition(name: "id", type: .string), FieldDefinition(name: "version", type: .integer),
                FieldDefinition(name: "value", type: .real),
            ], features: features,
            crs: CRSDescription(epsg: 25833, name: "ETRS89 / UTM zone 33N", wkt: "", isGeographic: false),
            geometryType: "Polygon")
    }

    static func write(version: Int, schema: String) throws {
        let run = try DatabaseRun(
            connection: try PostGISServer.connectionString(), runsSchema: schema, lonLat: false,
            logger: Logger(label: "test"))
        let entry = DatabaseRecord.Table(
            schema: schema, table: "cells", layer: "cells", level: "areas", idField: "id", fields: nil, hotspots: nil,
            tier: .internal, rows: 0)
        try run.write(
            layer(version: version), key: "id", entry: entry,
            comments: DatabaseRun.Comments(table: "cells, version \(version)", columns: ["version": "the version"]))
        try run.commit(manifest: Data("{\"version\": \(version)}".utf8), analysis: "switch test")
    }

    @Test func readersDuringSwitchesSeeOneWholeVersion() throws {
        let schema = "switching"
        try Self.write(version: 1, schema: schema)
        let stop = Locked(false)
        let seen = Locked<[(count: Int, versions: Int, version: Int)]>([])
        let errors = Locked<[String]>([])
        let connection = try PostGISServer.connectionString()
        let readers = (0..<3).map { _ in
            Thread {
                do {
                    let reader = try PostGISConnection(connection)
                    while !stop.value {
                        let rows = try reader.query(
                            "SELECT count(*) AS n, count(DISTINCT version) AS versions, min(version) AS v FROM switching.cells"
                        )
                        guard let row = rows.first, row.count == 3, let count = Int(row[0] ?? ""),
                            let versions = Int(row[1] ?? ""), let version = Int(row[2] ?? "")
                        else {
                            errors.withLock { $0.append("unexpected answer \(rows)") }
                            continue
                        }
                        seen.withLock { $0.append((count, versions, version)) }
                    }
                } catch {
                    errors.withLock { $0.append("\(error)") }
                }
            }
        }
        readers.forEach { $0.start() }
        for version in 2...7 { try Self.write(version: version, schema: schema) }
        stop.withLock { $0 = true }
        // The readers finish their last query.
        var waited = 0
        while readers.contains(where: { !$0.isFinished }) && waited < 500 {
            usleep(20_000)
            waited += 1
        }
        #expect(errors.value.isEmpty, "\(errors.value.prefix(3))")
        let answers = seen.value
        #expect(answers.count > 10, "only \(answers.count) reads")
        #expect(answers.allSatisfy { $0.count == Self.rows && $0.versions == 1 })
        #expect(Set(answers.map(\.version)).count > 1, "the readers saw one version only")
        let current = try PostGISFixture.query(
            "SELECT min(version) AS a, max(version) AS b, count(*) AS n FROM switching.cells")
        #expect(current.first.map { $0 } == ["7", "7", "\(Self.rows)"])
        let previous = try PostGISFixture.query(
            "SELECT min(version) AS a, max(version) AS b FROM switching.cells_previous")
        #expect(previous.first.map { $0 } == ["6", "6"])
        #expect(try PostGISFixture.query("SELECT count(*) FROM switching.quartier_runs").first?.first == "7")
        let comment = try PostGISFixture.query("SELECT obj_description('switching.cells'::regclass, 'pg_class')")
        #expect(comment.first?.first == "cells, version 7")
        #expect(try PostGISFixture.tables(schema) == ["cells", "cells_previous", "quartier_runs"])
    }

    /// A run that stops after writing its table (an error, or the process killed) leaves the tables as they were;
    /// the next run removes what it left.
    @Test func aRunThatDoesNotFinishLeavesThePreviousTables() throws {
        let schema = "unfinished"
        try Self.write(version: 1, schema: schema)
        do {
            let run = try DatabaseRun(
                connection: try PostGISServer.connectionString(), runsSchema: schema, lonLat: false,
                logger: Logger(label: "test"))
            try run.write(
                Self.layer(version: 2), key: "id",
                entry: DatabaseRecord.Table(
                    schema: schema, table: "cells", layer: "cells", level: "areas", idField: "id", fields: nil,
                    hotspots: nil, tier: .internal, rows: 0),
                comments: DatabaseRun.Comments(table: "version 2", columns: [:]))
            #expect(try PostGISFixture.tables(schema).contains { $0.hasPrefix("_qs_") })
            // No commit: the run ends here, as a failing step would end it.
        }
        #expect(try PostGISFixture.tables(schema) == ["cells", "quartier_runs"])
        #expect(
            try PostGISFixture.query("SELECT min(version) AS a, max(version) AS b FROM unfinished.cells").first == [
                "1", "1",
            ])
    }

    @Test func aKilledRunLeavesThePreviousTables() throws {
        let out = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let analysis = try PostGISFixture.demo(in: out, prefix: "killed")
        let folder = out.appendingPathComponent("run").path
        let first = try CLI.run("run", analysis, "--out", folder)
        #expect(first.status == 0, "\(first.stderr)")
        let before = try PostGISFixture.query(
            "SELECT 'killed_internal.planungsraeume'::regclass::oid, (SELECT run_id FROM killed_internal.quartier_runs)"
        )
        let manifestBefore = try Data(contentsOf: URL(fileURLWithPath: folder + "/manifest.json"))

        // Killed once its tables are staged (the tiles and the published files are still to come).
        let pid = try Subprocess.spawn(
            CLI.executable, ["run", analysis, "--out", folder], environment: ["QUARTIER_LOG_LEVEL": "notice"],
            stdout: out.appendingPathComponent("stdout").path, stderr: out.appendingPathComponent("stderr").path)
        var staged = false
        let deadline = Date().addingTimeInterval(300)
        while Date() < deadline {
            if try PostGISFixture.tables("killed_public").contains(where: { $0.hasPrefix("_qs_") }) {
                staged = true
                break
            }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid { break }
            usleep(10_000)
        }
        kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        #expect(staged, "the run finished before its tables were seen staged")

        let after = try PostGISFixture.query(
            "SELECT 'killed_internal.planungsraeume'::regclass::oid, (SELECT run_id FROM killed_internal.quartier_runs)"
        )
        #expect(after == before)
        #expect(try PostGISFixture.query("SELECT count(*) FROM killed_internal.planungsraeume").first?.first == "542")
        #expect(try PostGISFixture.query("SELECT count(*) FROM killed_public.bezirke").first?.first == "12")
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/manifest.json")) == manifestBefore)

        // The next run clears what the killed one left.
        let next = try CLI.run("run", analysis, "--out", folder)
        #expect(next.status == 0, "\(next.stderr)")
        let expected: [String] = [
            "bezirke", "bezirke_previous", "bezirksregionen", "bezirksregionen_previous", "planungsraeume_public",
            "planungsraeume_public_previous",
        ]
        let tables: [String] = try PostGISFixture.tables("killed_public")
        #expect(tables == expected)
        #expect(try PostGISFixture.tables("killed_internal").allSatisfy { !$0.hasPrefix("_qs_") })
    }

    @Test func aDatabaseThatIsDownIsAClearErrorAndNothingIsWritten() throws {
        let out = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let nowhere = out.appendingPathComponent("no-server").path
        let analysis = try PostGISFixture.demo(
            in: out, prefix: "down", connection: "PG:host=\(nowhere) port=54329 dbname=quartier user=postgres")
        let folder = out.appendingPathComponent("run")
        let result = try CLI.run("run", analysis, "--out", folder.path)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("cannot connect to the database"), "\(result.stderr)")
        #expect(result.stderr.contains("nothing was written"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("manifest.json").path))
        #expect(CLI.files(in: folder).isEmpty, "\(CLI.files(in: folder))")
    }

    @Test(arguments: [
        "PG:host=/tmp dbname=quartier user=postgres password=geheim",
        "PG:host=/tmp dbname=quartier password = 'geh eim'",
        "PG:postgresql://postgres:geheim@localhost/quartier",
        "PG:postgresql://localhost/quartier?user=postgres&password=geheim",
    ])
    func aPasswordInTheAnalysisFileIsRefused(connection: String) throws {
        let out = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let analysis = try PostGISFixture.demo(in: out, prefix: "secret", connection: connection)
        let result = try CLI.run("check", analysis)
        #expect(result.status == 1)
        #expect(result.stderr.contains("[database] connection: it holds a password"), "\(result.stderr)")
        #expect(result.stderr.contains("PGPASSFILE"))
        #expect(!result.stderr.contains("geheim"))
    }

    /// A role that must give a password (scram-sha-256 for it in pg_hba.conf): the run connects with the password
    /// libpq reads from the file PGPASSFILE names, and without it stops with libpq's message and writes nothing.
    @Test func thePasswordComesFromPGPASSFILE() throws {
        let connection = try PostGISServer.connectionString()
        let folder = try #require(
            connection.split(separator: " ").first { $0.hasPrefix("PG:host=") }.map { String($0.dropFirst(8)) })
        try PostGISFixture.execute(
            """
            DROP ROLE IF EXISTS quartier_pw; CREATE ROLE quartier_pw LOGIN PASSWORD 'Geheim-123';
            GRANT CREATE ON DATABASE quartier TO quartier_pw
            """)
        let hba = folder + "/data/pg_hba.conf"
        let rules = try String(contentsOfFile: hba, encoding: .utf8)
        if !rules.hasPrefix("local all quartier_pw") {
            try ("local all quartier_pw scram-sha-256\n" + rules).write(toFile: hba, atomically: false, encoding: .utf8)
        }
        try PostGISFixture.execute("SELECT pg_reload_conf()")
        let out = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let passfile = out.appendingPathComponent("pgpass").path
        try "*:*:quartier:quartier_pw:Geheim-123\n".write(toFile: passfile, atomically: true, encoding: .utf8)
        chmod(passfile, 0o600)
        let target = connection.replacingOccurrences(of: "user=postgres", with: "user=quartier_pw")
        let arguments = [
            "hotspots", "--areas", TestSupport.berlinLOR, "--id", "PLR_ID", "--field", "GROESSE_M2",
            "--permutations", "0", "--out", target, "--table", "mit_passwort.plr",
        ]
        let without = try Subprocess.run(
            CLI.executable, arguments, environment: ["PGPASSFILE": out.appendingPathComponent("none").path])
        #expect(without.status == 1)
        #expect(without.stderr.contains("cannot connect to the database"), "\(without.stderr)")
        #expect(without.stderr.contains("password"), "\(without.stderr)")
        #expect(try PostGISFixture.tables("mit_passwort").isEmpty)
        let with = try Subprocess.run(CLI.executable, arguments, environment: ["PGPASSFILE": passfile])
        #expect(with.status == 0, "\(with.stderr)")
        #expect(try PostGISFixture.query("SELECT count(*) AS n FROM mit_passwort.plr").first?.first == "542")
    }

    @Test func aConnectionWithoutPasswordIsAccepted() {
        #expect(ConnectionString.problem("PG:service=bildung") == nil)
        #expect(ConnectionString.problem("PG:host=/run/postgresql dbname=bildung sslmode=verify-full") == nil)
        #expect(ConnectionString.problem("PG:postgresql://leser@db.example/bildung?sslmode=require") == nil)
        #expect(ConnectionString.problem("PG:dbname='pass word=x'") == nil)
    }

    /// `quartier hotspots … --out PG:… --table schema.name`, twice: the table, its key and the previous version.
    @Test func aSingleCommandWritesATable() throws {
        let connection = try PostGISServer.connectionString()
        for _ in 0..<2 {
            let result = try CLI.run(
                "hotspots", "--areas", TestSupport.berlinLOR, "--layer", "planungsraeume_2021", "--id", "PLR_ID",
                "--field", "GROESSE_M2", "--permutations", "99", "--out", connection, "--table",
                "commands.plr_hotspots")
            #expect(result.status == 0, "\(result.stderr)")
        }
        #expect(
            try PostGISFixture.tables("commands") == ["plr_hotspots", "plr_hotspots_previous", "quartier_runs"])
        let row = try PostGISFixture.query(
            "SELECT count(*) AS n, count(\"GiZScore\") AS z, min(\"Gi_Bin\") AS a, max(\"Gi_Bin\") AS b FROM commands.plr_hotspots"
        )
        #expect(row.first?[0] == "542")
        #expect(row.first?[1] == "542")
        let runs = try PostGISFixture.query(
            "SELECT analysis, manifest->>'command' FROM commands.quartier_runs ORDER BY finished_at")
        #expect(runs.count == 2)
        #expect(runs.first?[0] == "quartier hotspots")
        #expect((runs.first?[1] ?? nil)?.contains("--table commands.plr_hotspots") == true)

        let missingTable = try CLI.run(
            "hotspots", "--areas", TestSupport.berlinLOR, "--id", "PLR_ID", "--field", "GROESSE_M2",
            "--out", connection)
        #expect(missingTable.status == 1)
        #expect(missingTable.stderr.contains("--table"))
        let withPassword = try CLI.run(
            "hotspots", "--areas", TestSupport.berlinLOR, "--id", "PLR_ID", "--field", "GROESSE_M2",
            "--out", connection + " password=geheim", "--table", "commands.x")
        #expect(withPassword.status == 1)
        #expect(withPassword.stderr.contains("holds a password"), "\(withPassword.stderr)")
    }
}
