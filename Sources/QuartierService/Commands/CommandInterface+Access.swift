import Foundation

extension CommandInterface {
    /// `quartier access`.
    package static let access = CommandInterface(
        "access",
        abstract: "Spatial access from origins to facilities: nearest distance, cumulative, gravity, 2SFCA, E2SFCA.",
        processTitle: "Spatial access to facilities",
        processDescription:
            "quartier access: nearest distance, cumulative opportunities, gravity, 2SFCA, E2SFCA, Gaussian FCA.",
        fields: [
            CommandField(
                "origins", .file, required: true, valueName: "SRC",
                process: .init(help: "The origins: points or areas (their centroid), a file in the data folder."),
                "The origins: points (e.g. grid cells) or areas (their centroid is used)."),
            CommandField("layer", .string, valueName: "NAME", "Layer of the origins."),
            CommandField("id", .string, valueName: "FIELD", "Id field of the origins."),
            CommandField(
                "weight", .string, valueName: "FIELD",
                "Demand weight of each origin (e.g. children); 1 each without it."),
            CommandField(
                "origin-point", .choice(["centroid", "surface"]), default: .string("centroid"),
                valueName: "centroid|surface",
                process: .init(help: "centroid or surface (a point inside the polygon)."),
                "centroid (default) or surface (a point inside the polygon)."),
            CommandField(
                "facilities", .file, required: true, valueName: "SRC",
                process: .init(help: "The facilities (points), a file in the data folder."),
                "The facilities (points; reprojected to the origins' CRS)."),
            CommandField("facilities-layer", .string, valueName: "LAYER", "Layer of the facilities."),
            CommandField(
                "capacity", .string, valueName: "FIELD",
                "Capacity field (e.g. e_platz); each facility counts 1 without it."),
            CommandField(
                "filter", .string, valueName: "FIELD=VALUE",
                "Only facilities with FIELD=VALUE (e.g. schulart=Grundschule)."),
            CommandField(
                "measure", .string, required: true, valueName: "M",
                process: .init(
                    help:
                        "nearest, knn:K, cumulative:METRES, gravity:power:BETA:METRES, gravity:gaussian:SIGMA:METRES, "
                        + "2sfca:METRES, e2sfca:…, gaussian:SIGMA:METRES."),
                "nearest, knn:K, cumulative:METRES, gravity:power:BETA:METRES, gravity:gaussian:SIGMA:METRES, 2sfca:METRES, "
                    + "e2sfca:METRES=WEIGHT,…, gaussian:SIGMA:METRES."),
            CommandField("crs", .string, valueName: "EPSG:…", "Assume this CRS for the origins (EPSG:…)."),
            keepFields,
            vectorOut("access"),
            outTable,
            sideFile("timings", "Write step timings as JSON to this file."),
        ])
}
