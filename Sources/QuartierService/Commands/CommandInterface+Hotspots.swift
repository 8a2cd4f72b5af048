import Foundation

extension CommandInterface {
    /// `--grid-cell`, `--x`, `--y`: the areas are a grid given as cell centres (issue 17; `grid_cell`, `x`, `y` on an
    /// area input of an analysis file).
    static let gridFields: [CommandField] = [
        CommandField(
            "grid-cell", .number, valueName: "SIZE", on: .cli,
            "The areas are grid cells of this size given by their centres (--x, --y, --crs; e.g. 100 for Zensus).",
            details: "Neighbours come from the cells' columns and rows; the squares are made for the output. A centre "
                + "off the raster, a duplicate id or two ids at one position is an error naming the rows."),
        CommandField("x", .string, valueName: "FIELD", on: .cli, "Column of the cell centres' x (e.g. x_mp_100m)."),
        CommandField("y", .string, valueName: "FIELD", on: .cli, "Column of the cell centres' y (e.g. y_mp_100m)."),
    ]

    /// `quartier hotspots`; its keys are also those of `[[hotspots]]` in an analysis file (with `_` for `-`).
    package static let hotspots = CommandInterface(
        "hotspots",
        abstract: "Exclusion hotspots: Moran's I, Geary's C, General G, local Gi* and Moran (LISA) with permutations.",
        processTitle: "Exclusion hotspots",
        processDescription: "quartier hotspots: spatial weights, global Moran's I, Geary's C, General G, local Gi* and "
            + "Moran (LISA) with permutations.",
        fields: areaFields + gridFields + [
            CommandField(
                "field", .string, valueName: "FIELD", "The variable.",
                details: "Numbers stored as text are parsed; non-numeric text is an error."),
            CommandField(
                "field2", .string, valueName: "FIELD",
                process: .init(help: "Second variable for the bivariate local Moran."),
                "Second variable for the bivariate local Moran (x = --field, lag of --field2).",
                details: "Adds BLMiIndex, BLMiPValue, BCOType."),
            CommandField(
                "events", .string, valueName: "FIELD",
                "Event counts: the statistics run on the Empirical-Bayes standardised rate.",
                details:
                    "Assunção & Reis 1999; adds RawRate, EBGlobal, EBSpatial (spatial EB includes the area itself)."),
            CommandField(
                "population", .string, valueName: "FIELD", process: .init(help: "Population counts for events."),
                "Population counts for --events."),
            CommandField(
                "weights", .string, default: .string("queen"), valueName: "KIND",
                "queen, rook, knn:K, distance:METRES, idw:METRES[:ALPHA], kernel:gaussian:METRES, kernel:bisquare:K.",
                details: "queen and rook: a shared vertex or edge; distance: a binary band; idw: d^−α within the band "
                    + "(α = 1 by default); also kernel:gaussian:knn:K and kernel:bisquare:METRES; distances between area "
                    + "centroids need a projected CRS."),
            CommandField(
                "weights-file", .file, valueName: "FILE",
                process: .init(help: "Read the weights from a GeoDa GAL or GWT file in the data folder."),
                "Read the weights from a GeoDa GAL or GWT file."),
            CommandField(
                "save-weights", .file, valueName: "FILE", on: .cli, "Save the weights as GAL (.gal) or GWT (.gwt)."),
            CommandField(
                "transform", .choice(["R", "B"]), default: .string("R"), valueName: "R|B",
                "R (row-standardised) or B (binary)."),
            CommandField(
                "snap", .number, default: .number(0), valueName: "UNITS",
                "Snapping tolerance for contiguity, in CRS units.",
                details: "Vertices closer than this count as shared."),
            CommandField(
                "islands", .choice(["keep", "nearest"]), default: .string("keep"), valueName: "keep|nearest",
                "keep (state isolated) or nearest (connect each island to its nearest area)."),
            CommandField(
                "permutations", .integer, default: .integer(999), valueName: "N", "Permutations for pseudo p-values.",
                details: "Conditional permutations; 0: none."),
            CommandField(
                "seed", .integer, default: .integer(12345), valueName: "S",
                process: .init(help: "Random seed (the same seed gives the same output)."),
                "Random seed (the same seed gives the same output on any number of threads)."),
            CommandField(
                "alpha", .number, default: .number(0.05), valueName: "A", "Significance level.",
                details: "Of COType and Gi_Bin."),
            CommandField(
                "fdr", .number, valueName: "Q", "Benjamini–Hochberg false discovery rate Q for the local statistics.",
                details: "Changes COType and Gi_Bin, never the raw p; not with --bonferroni."),
            CommandField(
                "bonferroni", .boolean, default: .bool(false), "Bonferroni correction for the local statistics."),
            CommandField("threads", .integer, valueName: "N", "Threads for the permutations (default: all cores)."),
            keepFields,
            vectorOut("hotspots"),
            outTable,
            sideFile("summary", "Write the global results as JSON to this file."),
            sideFile("timings", "Write step timings as JSON to this file."),
        ])

    /// `quartier emerging` (no process yet).
    package static let emerging = CommandInterface(
        "emerging",
        abstract: "Emerging hot spots (space-time Gi* and Mann–Kendall, ArcGIS Pro's categories) of a series in long "
            + "form.",
        fields: areaFields + [
            CommandField(
                "series", .file, required: true, valueName: "TABLE",
                "The series: one row per area and time step (CSV, XLSX, ODS or any OGR table), key column named as --id."
            ),
            CommandField("series-layer", .string, valueName: "LAYER", "Layer or sheet of the series."),
            CommandField(
                "time", .string, required: true, valueName: "COLUMN",
                "The time column: years (2021), dates (2021-06-30) or school years (2023/24)."),
            CommandField("field", .string, required: true, valueName: "FIELD", "The variable."),
            CommandField(
                "weights", .string, default: .string("queen"), valueName: "KIND",
                "queen, rook, knn:K, distance:METRES (neighbours in space; binary)."),
            CommandField(
                "time-lag", .integer, default: .integer(1), valueName: "K",
                "Time lag K: a bin's neighbours are its spatial neighbours and itself at t−K … t."),
            CommandField(
                "alpha", .number, default: .number(0.05), valueName: "A",
                "Significance level of the bins and of the trend."),
            CommandField(
                "fdr", .boolean, default: .bool(false), "Benjamini–Hochberg over all bins instead of the plain alpha."),
            CommandField(
                "out", .file, required: true, valueName: "OUT",
                "Output file (.geojson, .gpkg or .fgb): the areas with PATTERN, CATEGORY, TREND_Z, TREND_P, state."),
            CommandField(
                "steps", .file, valueName: "FILE",
                "Write the long table (id, time, GiZScore, GiPValue, Gi_Bin) as CSV to this file."),
            CommandField("summary", .file, valueName: "FILE", "Write the summary as JSON to this file."),
        ])
}
