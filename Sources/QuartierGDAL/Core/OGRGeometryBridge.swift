import CGDAL
import Foundation
import QuartierModel

/// Converts between OGR geometry handles and `QuartierModel.Geometry` values. Handles never leave
/// QuartierGDAL: callers outside see only the values.
///
/// See https://gdal.org/en/stable/api/vector_c_api.html#geometry for the calls used here.
enum OGRGeometryBridge {
    /// A value copy of a borrowed OGR geometry; nil for NULL or an unsupported type (curves are
    /// linearised first). Z and M are dropped: Quartier works in the plane.
    static func geometry(from handle: OGRGeometryH) -> Geometry? {
        let type = OGR_GT_Flatten(OGR_G_GetGeometryType(handle)).rawValue
        switch type {
        case wkbPoint.rawValue:
            if OGR_G_IsEmpty(handle) != 0 { return .multiPoint([]) }
            return .point(Coordinate(x: OGR_G_GetX(handle, 0), y: OGR_G_GetY(handle, 0)))
        case wkbLineString.rawValue, wkbLinearRing.rawValue:
            return .lineString(points(of: handle))
        case wkbPolygon.rawValue:
            return .polygon(polygon(from: handle))
        case wkbMultiPoint.rawValue:
            return .multiPoint(
                parts(of: handle).map { Coordinate(x: OGR_G_GetX($0, 0), y: OGR_G_GetY($0, 0)) })
        case wkbMultiLineString.rawValue:
            return .multiLineString(parts(of: handle).map(points(of:)))
        case wkbMultiPolygon.rawValue:
            return .multiPolygon(parts(of: handle).map(polygon(from:)))
        case wkbGeometryCollection.rawValue:
            return .collection(parts(of: handle).compactMap(geometry(from:)))
        default:
            // Curves, surfaces, TINs: linearise, then convert the linear copy.
            guard let linear = OGR_G_GetLinearGeometry(handle, 0, nil) else { return nil }
            defer { OGR_G_DestroyGeometry(linear) }
            let linearType = OGR_GT_Flatten(OGR_G_GetGeometryType(linear)).rawValue
            guard linearType != type else { return nil }
            return geometry(from: linear)
        }
    }

    private static func parts(of handle: OGRGeometryH) -> [OGRGeometryH] {
        (0..<OGR_G_GetGeometryCount(handle)).compactMap { OGR_G_GetGeometryRef(handle, $0) }
    }

    private static func polygon(from handle: OGRGeometryH) -> Polygon {
        let rings = parts(of: handle).map(points(of:))
        guard let exterior = rings.first else { return Polygon(exterior: []) }
        return Polygon(exterior: exterior, holes: Array(rings.dropFirst()))
    }

    /// The points of a simple curve, read in one call through strided buffers.
    private static func points(of handle: OGRGeometryH) -> [Coordinate] {
        let count = Int(OGR_G_GetPointCount(handle))
        guard count > 0 else { return [] }
        var result = [Coordinate](repeating: Coordinate(x: 0, y: 0), count: count)
        let stride = Int32(MemoryLayout<Coordinate>.stride)
        let yOffset = MemoryLayout<Coordinate>.offset(of: \Coordinate.y) ?? 8
        result.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return }
            _ = OGR_G_GetPoints(handle, base, stride, base + yOffset, stride, nil, 0)
        }
        return result
    }

    /// A new OGR geometry (owned by the caller) for a value.
    static func makeHandle(_ geometry: Geometry) -> OGRGeometryH? {
        switch geometry {
        case .point(let c):
            let h = OGR_G_CreateGeometry(wkbPoint)
            if let h { OGR_G_SetPoint_2D(h, 0, c.x, c.y) }
            return h
        case .lineString(let cs):
            return curve(cs, type: wkbLineString)
        case .polygon(let p):
            return polygonHandle(p)
        case .multiPoint(let cs):
            return collection(wkbMultiPoint, cs.map { makeHandle(.point($0)) })
        case .multiLineString(let ls):
            return collection(wkbMultiLineString, ls.map { curve($0, type: wkbLineString) })
        case .multiPolygon(let ps):
            return collection(wkbMultiPolygon, ps.map(polygonHandle))
        case .collection(let gs):
            return collection(wkbGeometryCollection, gs.map(makeHandle))
        }
    }

    private static func curve(_ coordinates: [Coordinate], type: OGRwkbGeometryType) -> OGRGeometryH? {
        guard let h = OGR_G_CreateGeometry(type) else { return nil }
        let stride = Int32(MemoryLayout<Coordinate>.stride)
        let yOffset = MemoryLayout<Coordinate>.offset(of: \Coordinate.y) ?? 8
        coordinates.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            OGR_G_SetPoints(h, Int32(coordinates.count), base, stride, base + yOffset, stride, nil, 0)
        }
        return h
    }

    private static func polygonHandle(_ polygon: Polygon) -> OGRGeometryH? {
        guard let h = OGR_G_CreateGeometry(wkbPolygon) else { return nil }
        for ring in [polygon.exterior] + polygon.holes where !ring.isEmpty {
            if let r = curve(ring, type: wkbLinearRing) { OGR_G_AddGeometryDirectly(h, r) }
        }
        return h
    }

    private static func collection(_ type: OGRwkbGeometryType, _ members: [OGRGeometryH?]) -> OGRGeometryH? {
        guard let h = OGR_G_CreateGeometry(type) else { return nil }
        for member in members {
            if let member { OGR_G_AddGeometryDirectly(h, member) }
        }
        return h
    }

    /// OGR's geometry type name without spaces ("MultiPolygon"), for a declared layer type.
    static func typeName(_ type: OGRwkbGeometryType) -> String {
        switch OGR_GT_Flatten(type).rawValue {
        case wkbUnknown.rawValue: return "Unknown"
        case wkbNone.rawValue: return "None"
        case wkbPoint.rawValue: return "Point"
        case wkbLineString.rawValue: return "LineString"
        case wkbPolygon.rawValue: return "Polygon"
        case wkbMultiPoint.rawValue: return "MultiPoint"
        case wkbMultiLineString.rawValue: return "MultiLineString"
        case wkbMultiPolygon.rawValue: return "MultiPolygon"
        case wkbGeometryCollection.rawValue: return "GeometryCollection"
        default:
            let name = OGRGeometryTypeToName(type).map { String(cString: $0) } ?? "Unknown"
            return name.replacingOccurrences(of: " ", with: "")
        }
    }

    /// The OGR type for a type name as `typeName` writes it.
    static func wkbType(named name: String) -> OGRwkbGeometryType {
        switch name {
        case "Point": return wkbPoint
        case "LineString": return wkbLineString
        case "Polygon": return wkbPolygon
        case "MultiPoint": return wkbMultiPoint
        case "MultiLineString": return wkbMultiLineString
        case "MultiPolygon": return wkbMultiPolygon
        case "GeometryCollection": return wkbGeometryCollection
        case "None": return wkbNone
        default: return wkbUnknown
        }
    }
}
