import ArgumentParser
import Foundation
import QuartierService

struct Access: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Spatial access from origins to facilities: nearest distance, cumulative, gravity, 2SFCA, E2SFCA.")

    @Option(help: "The origins: points (e.g. grid cells) or areas (their centroid is used).") var origins: String
    @Option(help: "Layer of the origins.") var layer: String?
    @Option(help: "Id field of the origins.") var id: String?
    @Option(help: "Demand weight of each origin (e.g. children); 1 each without it.") var weight: String?
    @Option(help: "centroid (default) or surface (a point inside the polygon).") var originPoint = "centroid"
    @Option(help: "The facilities (points; reprojected to the origins' CRS).") var facilities: String
    @Option(help: "Layer of the facilities.") var facilitiesLayer: String?
    @Option(help: "Capacity field (e.g. e_platz); each facility counts 1 without it.") var capacity: String?
    @Option(help: "Only facilities with FIELD=VALUE (e.g. schulart=Grundschule).") var filter: String?
    @Option(
        help: "nearest, knn:K, cumulative:METRES, gravity:power:BETA:METRES, gravity:gaussian:SIGMA:METRES, 2sfca:METRES, e2sfca:METRES=WEIGHT,…, gaussian:SIGMA:METRES."
    )
    var measure: String
    @Option(help: "Assume this CRS for the origins (EPSG:…).") var crs: String?
    @Option(help: "Output file (.geojson or .gpkg).") var out: String
    @Option(help: "Write step timings as JSON to this file.") var timings: String?
    @OptionGroup var common: CommonOptions

    func validate() throws {
        guard originPoint == "centroid" || originPoint == "surface" else {
            throw ValidationError("--origin-point is centroid or surface")
        }
        if let filter, filter.split(separator: "=", maxSplits: 1).count != 2 {
            throw ValidationError("--filter takes FIELD=VALUE, e.g. --filter schulart=Grundschule")
        }
    }

    func run() throws {
        let logger = common.bootstrap()
        try reportingErrors {
            try OutputPaths.check(
                outputs: [.init("--out", out), timings.map { .init("--timings", $0) }],
                inputs: [.init("--origins", origins), .init("--facilities", facilities)])
            let pair = filter.map { $0.split(separator: "=", maxSplits: 1).map(String.init) }
            let options = AccessCommandOptions(
                origins: origins, layer: layer, id: id, weight: weight, surfacePoint: originPoint == "surface",
                facilities: facilities, facilitiesLayer: facilitiesLayer, capacity: capacity,
                filter: pair.map { (field: $0[0], value: $0[1]) }, measure: try AccessMeasure.parse(measure), crs: crs,
                out: out, timings: timings)
            let report = try AccessCommand.run(options, logger: logger)
            say(report.text)
            say("wrote \(out)")
        }
    }
}
