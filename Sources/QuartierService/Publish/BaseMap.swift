import Foundation

/// `[publish] basemap`: what the atlas page draws below the areas, told apart by the value itself: a raster tile URL
/// template (`https://…/{z}/{x}/{y}.png`) or a MapLibre style URL whose path ends in `.json`
/// (`https://…/style.json`, https://maplibre.org/maplibre-style-spec/). None by default, so that the page needs no
/// network but its own server. Validated when the analysis file is read (`quartier check`, `run`, `serve`).
package struct BaseMap: Sendable, Equatable {
    package enum Kind: String, Sendable {
        /// Raster tiles, drawn as one raster layer.
        case tiles
        /// A whole MapLibre style: its sources and layers go below Quartier's, its glyphs and sprite are kept.
        case style
    }

    package var kind: Kind
    /// The template or the style's URL, as written.
    package var url: String
    /// `basemap_attribution`: required for tiles (they carry none); for a style, shown beside the attributions of
    /// its own sources.
    package var attribution: String?

    package init(kind: Kind, url: String, attribution: String?) {
        self.kind = kind
        self.url = url
        self.attribution = attribution
    }

    /// The placeholders MapLibre fills in a raster tile URL
    /// (https://maplibre.org/maplibre-style-spec/sources/#tiles_1): `{z}`, `{x}` and `{y}` are required.
    static let placeholders: Set<String> = ["z", "x", "y", "ratio", "prefix", "quadkey", "bbox-epsg-3857"]

    /// Reads `basemap` and `basemap_attribution`.
    /// - Returns: nil when neither is given.
    /// - Throws: the problem in words (the caller names file and line): not http(s), no host, white space, a
    ///   template without `{z}`, `{x}` and `{y}` or with an unknown placeholder (`{s}`), neither a template nor a
    ///   `.json` style, tiles without attribution, an attribution without a base map.
    package static func parse(_ value: String?, attribution: String?) throws(Problem) -> BaseMap? {
        guard let value else {
            if attribution != nil { throw Problem("basemap_attribution is given without basemap") }
            return nil
        }
        let example = "e.g. \"https://tile.example.org/{z}/{x}/{y}.png\" or \"https://maps.example.org/style.json\""
        if value.isEmpty || value.contains(where: { $0.isWhitespace || $0.isNewline }) {
            throw Problem("basemap '\(value)' is empty or contains white space; \(example)")
        }
        let names = Self.placeholderNames(value)
        if let unknown = names.first(where: { !Self.placeholders.contains($0) }) {
            let what =
                unknown.isEmpty ? "has an empty or unclosed brace" : "has {\(unknown)}, which MapLibre does not fill"
            throw Problem(
                "basemap '\(value)' \(what)" + (unknown == "s" ? " (no {s} subdomains: name one host)" : "")
                    + "; a raster tile URL template has {z}, {x} and {y}")
        }
        var concrete = value
        for name in names { concrete = concrete.replacingOccurrences(of: "{\(name)}", with: "0") }
        guard let components = URLComponents(string: concrete), let scheme = components.scheme?.lowercased(),
            scheme == "https" || scheme == "http", let host = components.host, !host.isEmpty
        else {
            throw Problem("basemap '\(value)' is not an http(s) URL; \(example)")
        }
        if !names.isEmpty {
            let missing = ["z", "x", "y"].filter { !names.contains($0) }
            if !missing.isEmpty {
                throw Problem(
                    "basemap '\(value)' is a raster tile URL template without "
                        + missing.map { "{\($0)}" }.joined(separator: ", ") + "; it needs {z}, {x} and {y}")
            }
            guard let attribution, !attribution.isEmpty else {
                throw Problem("basemap (raster tiles) needs basemap_attribution (the tiles' licence)")
            }
            return BaseMap(kind: .tiles, url: value, attribution: attribution)
        }
        guard components.path.lowercased().hasSuffix(".json") else {
            throw Problem(
                "basemap '\(value)' is neither a raster tile URL template (with {z}, {x} and {y}) nor a MapLibre "
                    + "style URL (a path ending in .json); \(example)")
        }
        return BaseMap(kind: .style, url: value, attribution: attribution?.isEmpty == true ? nil : attribution)
    }

    /// The names between braces, in order of appearance (`{z}` → `z`); an unclosed brace counts as a name "".
    static func placeholderNames(_ value: String) -> [String] {
        var names: [String] = []
        var rest = Substring(value)
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else {
                names.append("")
                break
            }
            names.append(String(after[..<close]))
            rest = after[after.index(after: close)...]
        }
        return names
    }

    /// A problem with the value, in words.
    package struct Problem: Error {
        package var message: String
        init(_ message: String) { self.message = message }
    }
}
