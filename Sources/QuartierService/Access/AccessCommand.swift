import Foundation
package import Logging
import QuartierAccess
import QuartierGDAL
import QuartierModel

/// Options of `quartier access`.
package struct AccessCommandOptions: Sendable {
    /// With `--out PG:…`: the table (`[schema.]name`) to write.
    package var table: String? = nil
    package var origins: String
    package var layer: String?
    package var id: String?
    package var weight: String?
    package var surfacePoint: Bool
    package var facilities: String
    package var facilitiesLayer: String?
    package var capacity: String?
    package var filter: (field: String, value: String)?
    package var measure: AccessMeasure
    package var crs: String?
    package var out: String
    package var timings: String?
    /// `--keep`: further origin fields for the output; nil keeps (and reads) every field.
    package var keep: [String]? = []

    package init(
        origins: String, layer: String?, id: String?, weight: String?, surfacePoint: Bool, facilities: String,
        facilitiesLayer: String?, capacity: String?, filter: (field: String, value: String)?, measure: AccessMeasure,
        crs: String?, out: String, timings: String?
    ) {
        self.origins = origins
        self.layer = layer
        self.id = id
        self.weight = weight
        self.surfacePoint = surfacePoint
        self.facilities = facilities
        self.facilitiesLayer = facilitiesLayer
        self.capacity = capacity
        self.filter = filter
        self.measure = measure
        self.crs = crs
        self.out = out
        self.timings = timings
    }
}

/// What `quartier access` prints.
package struct AccessReport: Sendable, Codable {
    package var measure: String
    package var origins: Int
    package var facilities: Int
    package var states: [String: Int]
    package var facilitiesWithoutGeometry: [String]
    package var unreachedFacilities: Int?

    package var text: String {
        var lines = [
            "access \(measure): \(origins) origins, \(facilities) facilities; "
                + states.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        ]
        if !facilitiesWithoutGeometry.isEmpty {
            lines.append(
                "  \(facilitiesWithoutGeometry.count) facilities without geometry left out: "
                    + facilitiesWithoutGeometry.prefix(10).joined(separator: ", "))
        }
        if let unreached = unreachedFacilities, unreached > 0 {
            lines.append("  \(unreached) facilities have no demand in their catchment (supply unreached)")
        }
        return lines.joined(separator: "\n")
    }
}

/// `quartier access`: access from origins (points, or polygon centroids) to facilities. Timed steps:
/// `read`, `index`, `compute`, `write`.
package enum AccessCommand {
    package static func run(_ o: AccessCommandOptions, logger: Logger) throws -> AccessReport {
        try QuickCommands.checkOut(o.out, table: o.table)
        let timer = StepTimer()
        var originSpec = QuickCommands.input("origins", o.origins, layer: o.layer, id: o.id, crs: o.crs)
        // Read only the key, the weight and the fields asked for.
        try QuickCommands.select(&originSpec, uses: [o.weight], keep: o.keep, logger: logger)
        let (origins, working) = try timer.measure("read") { () throws -> (FeatureLayer, SpatialReference) in
            let source = try InputSource(originSpec, logger: logger)
            let declared = try source.requireCRS(for: "distances in metres")
            let working = try AccessCommand.projected(declared, of: source)
            // The validation every command shares: CRS against the extent, geometries valid, keys present and unique.
            return (try AreaLoader(source: source, working: working, logger: logger).load { _ in }.0, working)
        }
        // A plan of one step through the runner every analysis uses.
        let step = OriginAccessStep(
            facilities: "facilities", capacity: o.capacity, filter: o.filter, measure: o.measure, weight: o.weight,
            surfacePoint: o.surfacePoint)
        let state = try QuickCommands.runStep(
            step, on: origins, idField: o.id ?? "",
            inputs: [QuickCommands.input("facilities", o.facilities, layer: o.facilitiesLayer, id: nil, crs: nil)],
            working: working, timer: timer, logger: logger)
        guard let report = state.reports.originAccess else { throw QuartierError.internal("access reported nothing") }
        try timer.measure("write") {
            try QuickCommands.write(
                state.areas, to: o.out, table: o.table, key: o.id, report: nil as AccessReport?, reportPath: nil,
                logger: logger)
        }
        if let timings = o.timings { try timer.write(to: timings) }
        return report
    }

    /// The CRS distances are measured in: the origins' own, which must be projected (metres).
    /// - Throws: a `GDALError` naming the origins' file and layer when they are in longitude/latitude.
    static func projected(_ srs: SpatialReference, of origins: InputSource) throws -> SpatialReference {
        guard srs.isGeographic else { return srs }
        throw origins.error(
            .crsMismatch,
            "the origins are in \(srs.crsDescription.label) (degrees); distances need a projected CRS in metres",
            hint: "Reproject them first (e.g. ogr2ogr -t_srs EPSG:25833), or, if the CRS is wrong, pass --crs")
    }
}

/// The output fields of `quartier access` (those the measure produces) and `state`.
enum AccessColumns {
    static func apply(_ r: AccessComputation, to origins: FeatureLayer, facilityIDs: [String]) -> FeatureLayer {
        var result = origins
        func reason(_ i: Int) -> MissingReason {
            switch r.states[i] {
            case .noProvisionInReach: return .noProvisionInReach
            default: return .undefined
            }
        }
        func add(_ name: String, _ type: FieldType, _ value: (Int) -> AttributeValue?) {
            result.fields.append(FieldDefinition(name: name, type: type))
            for i in result.features.indices { result.features[i].attributes.append(value(i) ?? .missing(reason(i))) }
        }
        if let d = r.nearestDistance { add("nearest_distance", .real) { i in d[i].map { .real($0) } } }
        if let f = r.nearestFacility { add("nearest_id", .string) { i in f[i].map { .string(facilityIDs[$0]) } } }
        if let d = r.knnDistance { add("knn_distance", .real) { i in d[i].map { .real($0) } } }
        if let c = r.reachCount { add("reach_count", .integer) { i in c[i].map { .integer(Int64($0)) } } }
        if let c = r.reachCapacity { add("reach_capacity", .real) { i in c[i].map { .real($0) } } }
        if let v = r.fca { add("fca", .real) { i in v[i].map { .real($0) } } }
        if let v = r.gravity { add("gravity", .real) { i in v[i].map { .real($0) } } }
        add("state", .string) { i in .string(r.states[i].rawValue) }
        return result
    }
}
