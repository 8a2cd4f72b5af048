import Foundation
import HTTPTypes
import Hummingbird
import QuartierService

/// The public atlas: `GET /atlas/` lists the published analyses that have one, `GET /atlas/{analysis}/` serves the
/// page its publish wrote (`atlas/` of the job, public files only, as the manifest lists them), with `sources.json`
/// pointing to the server's own style (`/styles/{analysis}.json`, tiles through `/tiles/…`) and result files. The
/// MapLibre bundle comes from the job's copy, else from the folder `scripts/vendor-maplibre.sh` filled
/// (`MapLibreBundle`). A browser asking `/` for HTML is sent to the atlas.
extension ServerRoutes {
    static let atlasTypes = [
        "html": "text/html; charset=utf-8", "js": "text/javascript; charset=utf-8", "css": "text/css; charset=utf-8",
        "json": "application/json", "geojson": "application/geo+json",
    ]

    static func addAtlasRoutes(_ table: RouteTable<Context>, _ environment: ServerEnvironment) {
        let data = environment.data
        let caching = environment.caching
        let bundle = MapLibreBundle.folder()
        let documents = environment.documents
        table.add(
            .get, "/atlas", "The atlases of the published analyses (HTML)", responses: [200: "a list of links"],
            types: ["text/html"]
        ) { request, _ in
            try await atlasList(data, documents, request)
        }
        table.add(
            .get, "/atlas/{analysis}", "The atlas page of a published analysis (HTML)",
            responses: [200: "the page", 404: "no atlas"], types: ["text/html"]
        ) { request, context in
            try await atlasFile(
                data, caching, documents, bundle, request, analysis: context.parameters.get("analysis"),
                file: "index.html")
        }
        table.add(
            .get, "/atlas/{analysis}/{file}", "A file of an atlas page (script, style sheet, data, MapLibre)",
            responses: [200: "the file", 404: "no such file"], types: Array(Set(atlasTypes.values)).sorted()
        ) { request, context in
            try await atlasFile(
                data, caching, documents, bundle, request, analysis: context.parameters.get("analysis"),
                file: context.parameters.get("file"))
        }
    }

    /// `/atlas/`: one link per analysis with an atlas (only public atlases are ever loaded).
    static func atlasList(_ data: PublishedData, _ documents: Documents, _ request: Request) async throws -> Response {
        let snapshot = try await data.current()
        var items = ""
        for id in snapshot.atlases.keys.sorted() {
            let title = atlasTitle(snapshot.atlases[id]?.folder) ?? id
            items += "<li><a href=\"\(documents.location("/atlas/\(id)/"))\">\(escape(title))</a></li>\n"
        }
        if items.isEmpty { items = "<li>Noch keine veröffentlichte Auswertung.</li>\n" }
        let html = """
            <!doctype html>
            <html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Bildungsatlas</title><link rel="icon" href="data:,"></head>
            <body><main><h1>Bildungsatlas</h1><p>Veröffentlichte Auswertungen:</p><ul>
            \(items)</ul><p><a href="\(documents.location("/api"))">Programmierschnittstelle (OpenAPI)</a></p></main></body></html>

            """
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// One file of an analysis's atlas; 404 for anything the job's manifest does not list as a public atlas file.
    static func atlasFile(
        _ data: PublishedData, _ caching: HTTPCaching, _ documents: Documents, _ bundle: URL?, _ request: Request,
        analysis: String?,
        file: String?
    ) async throws -> Response {
        let snapshot = try await data.current()
        guard let analysis, let atlas = snapshot.atlases[analysis] else {
            throw Problem(.notFound, "no atlas '\(analysis ?? "")'; /atlas/ lists the published analyses with one")
        }
        guard let file, !file.hasPrefix("."), !file.contains("/"),
            let type = atlasTypes[(file as NSString).pathExtension]
        else { throw Problem(.notFound, "no file '\(file ?? "")' in the atlas '\(analysis)'") }
        let body: Data
        if file == "sources.json" {
            var sources: [String: JSONValue] = [
                "style": .string(documents.location("/styles/\(analysis).json")),
                "files": .string(documents.location("/jobs/\(atlas.job)/results/")),
                // The server makes every published analysis's profiles (`/profiles/…`).
                "profiles": .string(documents.location("/profiles/\(analysis)/")),
            ]
            // The public series of the profile panel, written with the atlas (relative to the page).
            if atlas.files.contains("series.json") { sources["series"] = "series.json" }
            body = Data(try JSONEncoder().encode(JSONValue.object(sources)))
        } else if atlas.files.contains(file),
            let contents = FileManager.default.contents(
                atPath: (atlas.folder as NSString).appendingPathComponent(file))
        {
            body = file == "index.html" ? withBase(contents, documents.location("/atlas/\(analysis)/")) : contents
        } else if MapLibreBundle.files.contains(file), let bundle,
            let contents = FileManager.default.contents(atPath: bundle.appendingPathComponent(file).path)
        {
            body = contents
        } else {
            throw Problem(.notFound, "no file '\(file)' in the atlas '\(analysis)'")
        }
        return caching.respond(request, etag: HTTPCaching.etag(snapshot.version, analysis, file)) {
            ByteBuffer(bytes: body)
        }.with(type: type)
    }

    /// The page with `<base href>`, so that its relative URLs work with and without the trailing slash.
    static func withBase(_ html: Data, _ base: String) -> Data {
        let text = String(decoding: html, as: UTF8.self)
        return Data(
            text.replacingOccurrences(
                of: "<head>", with: "<head>\n<base href=\"\(base)\">", options: [], range: text.range(of: "<head>")
            ).utf8)
    }

    static func atlasTitle(_ folder: String?) -> String? {
        guard let folder,
            let contents = FileManager.default.contents(
                atPath: (folder as NSString).appendingPathComponent("atlas.json")),
            case .object(let object) = try? JSONDecoder().decode(JSONValue.self, from: contents),
            case .string(let title)? = object["title"]
        else { return nil }
        return title
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
