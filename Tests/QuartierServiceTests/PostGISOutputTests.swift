import Foundation
import QuartierGDAL
import QuartierModel
import QuartierTestSupport
import Testing

/// `[database]` and `formats = [… "postgis"]` against the throwaway PostgreSQL 15 + PostGIS 3 server: typed tables
/// with key, index and comments, the tiers in two schemas, `quartier_runs`, `_previous`, what GDAL reads back.
@Suite("PostGIS outputs", .serialized)
struct PostGISOutputTests {
    /// The demo into PostGIS, twice: tables, types, keys, indexes, comments, runs, the previous version, and GDAL's
    /// reading of each table equal to the GeoPackage of the same output.
    @Test func berlinDemoIntoPostGIS() throws {
        let out = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let analysis = try PostGISFixture.demo(in: out, prefix: "demo", tiles: false)
        let first = try CLI.run("run", analysis, "--out", out.appendingPathComponent("run").path)
        #expect(first.status == 0, "\(first.stderr)")

        // The tiers: the public schema holds the public outputs only, the internal one the rest and the runs.
        let publicTables: [String] = try PostGISFixture.tables("demo_public")
        #expect(publicTables == ["bezirke", "bezirksregionen", "planungsraeume_public"])
        #expect(try PostGISFixture.tables("demo_internal") == ["planungsraeume", "quartier_runs"])

        // Typed columns.
        let types = Dictionary(
            uniqueKeysWithValues: try PostGISFixture.query(
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'demo_internal' "
                    + "AND table_name = 'planungsraeume'"
            ).map { ($0[0] ?? "", $0[1] ?? "") })
        #expect(types["PLR_ID"] == "text")
        #expect(types["S4"] == "double precision")
        #expect(types["S4_status"] == "text")
        #expect(types["n_kitas"] == "integer" || types["n_kitas"] == "bigint")
        #expect(types["kitaplaetze_je_kind_u6"] == "double precision")
        #expect(types["geom"] == "USER-DEFINED")
        #expect(types["ogc_fid"] == nil)

        // Primary key on the area id, GiST index, geometry in the working CRS.
        let key = try PostGISFixture.query(
            "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
                + "WHERE i.indrelid = 'demo_internal.planungsraeume'::regclass AND i.indisprimary")
        #expect(key.map { $0.first ?? nil } == ["PLR_ID"])
        let indexes = try PostGISFixture.query(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'demo_internal' AND tablename = 'planungsraeume' "
                + "ORDER BY indexname")
        #expect(indexes.map { $0[0] ?? "" } == ["planungsraeume_geom_idx", "planungsraeume_pkey"])
        #expect(indexes.first?[1]?.contains("USING gist (geom)") == true)
        let srid = try PostGISFixture.query(
            "SELECT srid, type FROM geometry_columns WHERE f_table_schema = 'demo_internal' AND f_table_name = 'planungsraeume'")
        #expect(srid.first?[0] == "25833")

        // Comments from the indicator catalogue.
        let s4 = try PostGISFixture.query(
            "SELECT col_description('demo_internal.planungsraeume'::regclass, attnum) FROM pg_attribute WHERE "
                + "attrelid = 'demo_internal.planungsraeume'::regclass AND attname = 'S4'")
        let s4Comment = try #require(s4.first?.first ?? nil)
        #expect(s4Comment.contains("Kinderarmut") || s4Comment.contains("S4"), "\(s4Comment)")
        #expect(s4Comment.contains("Source: ") && s4Comment.contains("reference date"))
        let tableComment = try PostGISFixture.query("SELECT obj_description('demo_public.bezirke'::regclass, 'pg_class')")
        #expect(tableComment.first?.first??.contains("tier public") == true)

        // The run and its manifest.
        let runs = try PostGISFixture.query(
            "SELECT run_id, analysis, manifest->'versions'->>'gdal' AS gdal, manifest->'inputs'->0->>'sha256' AS hash, "
                + "array_to_string(tables, ',') AS names FROM demo_internal.quartier_runs")
        #expect(runs.count == 1)
        #expect(runs.first?[1] == "berlin-demo")
        #expect((runs.first?[2] ?? nil)?.hasPrefix("3.") == true)
        #expect(runs.first?[3] == (try TestSupport.sha256sum(TestSupport.berlinLOR)))
        #expect(
            runs.first?[4]
                == "demo_internal.planungsraeume,demo_public.bezirksregionen,demo_public.bezirke,"
                + "demo_public.planungsraeume_public")
        let manifest = try JSONSerialization.jsonObject(
            with: Data(contentsOf: out.appendingPathComponent("run/manifest.json"))) as? [String: Any]
        let record = try #require(manifest?["database"] as? [String: Any])
        #expect(record["run_id"] as? String == runs.first?[0] ?? nil)
        #expect((record["tables"] as? [[String: Any]])?.count == 4)

        // GDAL reads back what the GeoPackage holds.
        try expectEqualToGeoPackage(
            table: "demo_internal.planungsraeume", gpkg: out.appendingPathComponent("run/planungsraeume.gpkg").path)
        try expectEqualToGeoPackage(
            table: "demo_public.bezirke", gpkg: out.appendingPathComponent("run/bezirke.gpkg").path)
        try expectEqualToGeoPackage(
            table: "demo_public.planungsraeume_public",
            gpkg: out.appendingPathComponent("run/planungsraeume_public.gpkg").path)

        // `ogrinfo PG:…`, as QGIS's browser lists a database: the layers, and for one its extent and the table's
        // comment; no staging table.
        let connection = try PostGISServer.connectionString() + " schemas=demo_public,demo_internal"
        let listing = try Subprocess.run("/usr/bin/ogrinfo", ["-ro", "-q", connection])
        #expect(listing.status == 0, "\(listing.stderr)")
        for layer in ["demo_public.bezirke", "demo_public.bezirksregionen", "demo_internal.planungsraeume"] {
            #expect(listing.stdout.contains(layer), "\(listing.stdout)")
        }
        #expect(!listing.stdout.contains("_qs_"))
        let summary = try Subprocess.run("/usr/bin/ogrinfo", ["-ro", "-so", connection, "demo_public.bezirke"])
        #expect(summary.stdout.contains("Feature Count: 12"), "\(summary.stdout)")
        #expect(summary.stdout.contains("Extent: (3"), "\(summary.stdout)")
        #expect(summary.stdout.contains("DESCRIPTION="), "\(summary.stdout)")
        #expect(summary.stdout.contains("BEZ_ID: String"), "\(summary.stdout)")

        // A second run: the first version becomes _previous, a second run is recorded.
        let oid = try PostGISFixture.query("SELECT 'demo_internal.planungsraeume'::regclass::oid")
        let second = try CLI.run("run", analysis, "--out", out.appendingPathComponent("run").path)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(
            try PostGISFixture.tables("demo_internal") == ["planungsraeume", "planungsraeume_previous", "quartier_runs"])
        #expect(try PostGISFixture.query("SELECT 'demo_internal.planungsraeume_previous'::regclass::oid") == oid)
        #expect(try PostGISFixture.query("SELECT count(*) AS n FROM demo_internal.quartier_runs").first?.first == "2")
        let previousIndexes = try PostGISFixture.query(
            "SELECT indexname FROM pg_indexes WHERE schemaname = 'demo_internal' AND tablename = "
                + "'planungsraeume_previous' ORDER BY indexname")
        #expect(previousIndexes.map { $0[0] ?? "" } == ["planungsraeume_previous_geom_idx", "planungsraeume_previous_pkey"])
    }

    /// The tiers in two schemas, with the GRANTs of docs/database.md: a read-only role reads the public schema (also
    /// after a second run has replaced its tables) and nothing of the internal one; the public schema holds exactly
    /// the public file outputs, and the run's audit read its tables.
    @Test func aReadOnlyRoleReadsThePublicTierOnly() throws {
        let out = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        try PostGISFixture.execute(
            """
            DROP ROLE IF EXISTS tier_leser; CREATE ROLE tier_leser LOGIN;
            CREATE SCHEMA tiers_public; CREATE SCHEMA tiers_internal;
            GRANT USAGE ON SCHEMA tiers_public TO tier_leser;
            ALTER DEFAULT PRIVILEGES IN SCHEMA tiers_public GRANT SELECT ON TABLES TO tier_leser
            """)
        let analysis = try PostGISFixture.demo(in: out, prefix: "tiers", tiles: false, lonLat: true)
        let folder = out.appendingPathComponent("run")
        let reader = try PostGISServer.connectionString().replacingOccurrences(of: "user=postgres", with: "user=tier_leser")
        for _ in 0..<2 {
            let run = try CLI.run("run", analysis, "--out", folder.path)
            #expect(run.status == 0, "\(run.stderr)")
            let leser = try PostGISConnection(reader)
            #expect(try leser.query("SELECT count(*) FROM tiers_public.bezirke").first?.first == "12")
            // lonlat = true: the generated EPSG:4326 column, with its index.
            let lonLat = try leser.query(
                "SELECT ST_SRID(geom_4326) AS srid, ST_XMin(geom_4326) AS x FROM tiers_public.bezirke LIMIT 1")
            let srid: String? = lonLat.first?[0] ?? nil
            let west: Double = Double((lonLat.first?[1] ?? nil) ?? "") ?? 0
            #expect(srid == "4326")
            #expect(west > 13 && west < 14)
            #expect(try leser.query("SELECT count(*) FROM tiers_public.bezirksregionen").first?.first == "143")
            #expect(throws: GDALError.self) { try leser.query("SELECT count(*) FROM tiers_internal.planungsraeume") }
            #expect(throws: GDALError.self) { try leser.query("SELECT manifest FROM tiers_internal.quartier_runs") }
        }

        // The public schema holds the outputs with tier public, each equal to its public file.
        let manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("manifest.json")))
                as? [String: Any])
        let files = try #require(manifest["outputs"] as? [[String: Any]])
        let publicFiles = Set(
            files.filter { $0["tier"] as? String == "public" && ($0["path"] as? String)?.hasSuffix(".gpkg") == true }
                .compactMap { ($0["path"] as? String).map { ($0 as NSString).deletingPathExtension } })
        let tables = try PostGISFixture.tables("tiers_public").filter { !$0.hasSuffix("_previous") }
        #expect(Set(tables).isSubset(of: publicFiles), "\(tables) \(publicFiles)")
        for table in tables {
            try expectEqualToGeoPackage(
                table: "tiers_public.\(table)", gpkg: folder.appendingPathComponent("\(table).gpkg").path)
        }
        let indexes = try PostGISFixture.query(
            "SELECT indexname FROM pg_indexes WHERE schemaname = 'tiers_public' AND tablename = 'bezirke' ORDER BY 1")
        #expect(indexes.map { $0[0] ?? "" } == ["bezirke_geom_4326_idx", "bezirke_geom_idx", "bezirke_pkey"])
        let audit = try #require(manifest["publicAudit"] as? [String: Any])
        #expect(audit["passed"] as? Bool == true)
        let audited = (audit["layers"] as? [String: [String]])?.values.flatMap { $0 } ?? []
        #expect(audited.contains { $0.hasSuffix("tiers_public.bezirke") }, "\(audited)")
    }

    /// Reads a table through GDAL and the GeoPackage of the same output, and compares fields, values and geometries.
    private func expectEqualToGeoPackage(table: String, gpkg: String) throws {
        let database = try Dataset(opening: try PostGISServer.connectionString(), openOptions: ["TABLES=\(table)"])
        let fromDatabase = try database.layer(named: nil).readAll().layer
        let fromFile = try Dataset(opening: gpkg).layer(named: nil).readAll().layer
        #expect(fromDatabase.fields.map(\.name) == fromFile.fields.map(\.name))
        #expect(fromDatabase.fields.map(\.type) == fromFile.fields.map(\.type))
        #expect(fromDatabase.features.count == fromFile.features.count)
        #expect(fromDatabase.crs?.epsg == fromFile.crs?.epsg)
        for (a, b) in zip(fromDatabase.features, fromFile.features) {
            #expect(a.attributes == b.attributes)
            #expect(a.geometry == b.geometry)
        }
    }
}
