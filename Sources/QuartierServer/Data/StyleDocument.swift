import Foundation
import QuartierService

/// A published `style.json` with its URLs made absolute for the server: a vector source that names a PMTiles
/// archive (`pmtiles://…/tiles.pmtiles`) points to the archive's TileJSON (`/tiles/tiles.json`, whose tile
/// URLs are versioned), and a GeoJSON source naming a file of the job (`kitas.geojson`) to that result file.
enum StyleDocument {
    static func rewrite(file: String, job: String, snapshot: PublishedData.Snapshot, base: String) throws -> JSONValue {
        guard let data = FileManager.default.contents(atPath: file),
            case .object(var style) = try JSONDecoder().decode(JSONValue.self, from: data)
        else { throw QuartierError.internal("a published style.json cannot be read") }
        guard case .object(var sources)? = style["sources"] else { return .object(style) }
        for (name, source) in sources {
            guard case .object(var object) = source else { continue }
            if case .string(let url)? = object["url"], url.hasSuffix(".pmtiles") {
                let id = ((url as NSString).lastPathComponent as NSString).deletingPathExtension
                if snapshot.tilesets[id] != nil { object["url"] = .string("\(base)/tiles/\(id).json") }
            }
            if case .string(let path)? = object["data"], !path.contains("://") {
                object["data"] = .string("\(base)/jobs/\(job)/results/\((path as NSString).lastPathComponent)")
            }
            sources[name] = .object(object)
        }
        style["sources"] = .object(sources)
        return .object(style)
    }
}
