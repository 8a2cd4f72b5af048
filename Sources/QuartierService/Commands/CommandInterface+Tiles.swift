import Foundation

extension CommandInterface {
    /// `quartier tiles`; `[[tiles]]` in an analysis file takes the same settings.
    package static let tiles = CommandInterface(
        "tiles",
        abstract: "Cut a layer into vector tiles (MVT): a PMTiles v3 archive, an MBTiles tileset or a z/x/y folder; "
            + "no area is dropped.",
        processTitle: "Vector tiles",
        processDescription:
            "quartier tiles: cuts a layer into Mapbox Vector Tiles in a PMTiles v3 archive; no area is dropped.",
        fields: [
            CommandField(
                "source", .file, required: true, positional: true,
                process: .init(help: "The areas: a file in the data folder."), "The areas (any OGR source)."),
            CommandField("layer", .string, valueName: "NAME", "Layer of the source (default: the first)."),
            CommandField("id", .string, required: true, valueName: "FIELD", "Key field, a property at every zoom."),
            CommandField("crs", .string, valueName: "EPSG:…", "Assume this CRS for the source (EPSG:…)."),
            CommandField(
                "out", .file, required: true, valueName: "OUT",
                process: .init(
                    kind: .outputName([".pmtiles"]), required: false, default: .string("tiles.pmtiles"),
                    help: "Name of the archive in the job's folder."),
                "OUT.pmtiles, OUT.mbtiles, or a folder for z/x/y .mvt files (gzip)."),
            CommandField("minzoom", .integer, default: .integer(0), valueName: "Z", "Lowest zoom."),
            CommandField("maxzoom", .integer, default: .integer(14), valueName: "Z", "Highest zoom (at most 18)."),
            CommandField(
                "fields", .string, valueName: "a,b,c",
                "Fields to include besides the id, comma-separated (default: all)."),
            CommandField("name", .string, valueName: "LAYER", "MVT layer name (default: the output's stem)."),
            CommandField("timings", .file, valueName: "FILE", on: .cli, "Write step timings as JSON to this file."),
            CommandField(
                "field-minzoom", .strings, valueName: "FIELD=Z", on: .cli,
                "FIELD=Z: include FIELD only from zoom Z on (repeatable; the id is in every tile)."),
            CommandField(
                "max-tile-bytes", .integer, default: .integer(500_000), valueName: "N", on: .cli,
                "Report tiles larger than this (uncompressed); none is cut."),
            CommandField(
                "simplify", .number, default: .number(1), valueName: "UNITS", on: .cli,
                "Generalisation tolerance in tile units (1/4096 of a tile); 0 turns it off."),
            CommandField(
                "force", .boolean, default: .bool(false), on: .cli,
                "Replace an existing output (archive file or non-empty folder), atomically."),
        ])
}
