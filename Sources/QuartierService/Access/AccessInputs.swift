import Foundation
import Logging
import QuartierAccess
import QuartierGDAL
import QuartierModel
import QuartierStats

/// Origins and facilities of an access analysis, as plain coordinates in one projected CRS.
enum AccessInputs {
    /// One point per origin feature: the point itself, or for polygons the geometric centroid
    /// (`surface`: a point guaranteed inside, GEOS PointOnSurface). NaN for a feature without geometry.
    static func originPoints(_ layer: FeatureLayer, surface: Bool) -> [Coordinate] {
        layer.features.map { feature in
            guard let geometry = feature.geometry else { return Coordinate(x: .nan, y: .nan) }
            if case .point(let c) = geometry { return c }
            let point = surface ? GeometryOperations.pointOnSurface(geometry) : Centroids.centroid(of: geometry)
            return point ?? Coordinate(x: .nan, y: .nan)
        }
    }

    /// Demand per origin from a weight field (1 each without one); a missing weight is NaN (state undefined).
    static func demand(_ layer: FeatureLayer, field: String?) throws -> [Double] {
        guard let field else { return Array(repeating: 1, count: layer.features.count) }
        guard let index = layer.fieldIndex(field) else {
            throw QuartierError.user(
                "the origins have no field '\(field)'; fields: " + layer.fields.map(\.name).joined(separator: ", "))
        }
        return try layer.features.enumerated().map { i, feature in
            let value = feature.attributes[index]
            if case .missing = value { return .nan }
            guard let number = NumberText.value(of: value), number >= 0 else {
                throw QuartierError.user("origin \(i + 1): weight '\(value.stringValue ?? "")' in '\(field)' is not a number >= 0")
            }
            return number
        }
    }

    /// The facilities after the filter, with capacities; facilities without a point geometry are left out
    /// and returned by id.
    static func facilities(
        _ layer: FeatureLayer, idField: String?, capacity: String?, filter: (field: String, value: String)?
    ) throws -> (facilities: Facilities, ids: [String], withoutGeometry: [String]) {
        let names = layer.fields.map(\.name)
        func index(_ name: String) throws -> Int {
            guard let i = names.firstIndex(of: name) else {
                throw QuartierError.user("the facilities have no field '\(name)'; fields: " + names.joined(separator: ", "))
            }
            return i
        }
        let capacityIndex = try capacity.map(index)
        let filterIndex = try filter.map { try index($0.field) }
        let idIndex = idField.flatMap { names.firstIndex(of: $0) } ?? layer.reportIDIndex(declared: nil)
        var coordinates: [Coordinate] = []
        var capacities: [Double] = []
        var ids: [String] = []
        var withoutGeometry: [String] = []
        for (i, feature) in layer.features.enumerated() {
            if let filterIndex, let filter, feature.attributes[filterIndex].stringValue != filter.value { continue }
            let id = idIndex.flatMap { feature.attributes[$0].stringValue } ?? feature.fid.map { "fid \($0)" } ?? "#\(i + 1)"
            guard case .point(let c) = feature.geometry else {
                withoutGeometry.append(id)
                continue
            }
            if let capacityIndex {
                let value = feature.attributes[capacityIndex]
                guard let number = NumberText.value(of: value), number >= 0 else {
                    throw QuartierError.user(
                        "facility \(id): capacity '\(value.stringValue ?? "missing")' in '\(capacity ?? "")' is not a "
                            + "number >= 0; fix it in the source or filter the facility out")
                }
                capacities.append(number)
            }
            coordinates.append(c)
            ids.append(id)
        }
        guard !coordinates.isEmpty else {
            throw QuartierError.user(
                "no facilities to measure access to" + (filter.map { " (filter \($0.field)=\($0.value))" } ?? "")
                    + (withoutGeometry.isEmpty ? "" : "; \(withoutGeometry.count) have no geometry"))
        }
        // `Facilities` throws `AccessError` (bad input), kept as it is under the context.
        return try ContextError.adding("facilities") {
            (try Facilities(coordinates, capacities: capacity == nil ? nil : capacities), ids, withoutGeometry)
        }
    }
}
