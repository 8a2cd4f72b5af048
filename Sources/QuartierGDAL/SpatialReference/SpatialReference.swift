import CGDAL
import Foundation
package import QuartierModel

/// An owned OGR spatial reference, always with the traditional GIS axis order (x = easting or
/// longitude), so that EPSG:4326 coordinates are lon/lat as RFC 7946 wants.
///
/// See https://gdal.org/en/stable/tutorials/osr_api_tut.html#crs-and-axis-order
package final class SpatialReference {
    let handle: OGRSpatialReferenceH

    private init(owning handle: OGRSpatialReferenceH) {
        self.handle = handle
        OSRSetAxisMappingStrategy(handle, OAMS_TRADITIONAL_GIS_ORDER)
    }

    deinit { OSRRelease(handle) }

    /// Parses any definition OSR understands: `EPSG:25833`, WKT, PROJ strings, `urn:ogc:def:crs:…`.
    /// - Throws: `GDALError(.crsInvalid)` naming the definition.
    package convenience init(definition: String) throws {
        GDALRuntime.initialize()
        guard let handle = OSRNewSpatialReference(nil) else {
            throw GDALError(code: .crsInvalid, message: "could not allocate a spatial reference")
        }
        CPLErrorState.reset()
        let err = OSRSetFromUserInput(handle, definition)
        guard err == OGRERR_NONE else {
            let gdal = CPLErrorState.lastMessage
            OSRRelease(handle)
            throw GDALError(
                code: .crsInvalid, message: "'\(definition)' is not a coordinate reference system GDAL/PROJ knows",
                gdalMessage: gdal, hint: "Write it as EPSG:<code>, e.g. EPSG:25833 (ETRS89 / UTM 33N)")
        }
        self.init(owning: handle)
    }

    /// A spatial reference from an EPSG code.
    package convenience init(epsg: Int) throws {
        try self.init(definition: "EPSG:\(epsg)")
    }

    /// Takes a clone of a borrowed handle (e.g. from `OGR_L_GetSpatialRef`), or nil for NULL.
    static func cloning(_ borrowed: OGRSpatialReferenceH?) -> SpatialReference? {
        guard let borrowed, let clone = OSRClone(borrowed) else { return nil }
        return SpatialReference(owning: clone)
    }

    /// The EPSG code: the declared authority code, else the one OSR identifies with at least
    /// 90 % confidence (e.g. for an ESRI `.prj`), else nil.
    package var epsgCode: Int? {
        if let name = OSRGetAuthorityName(handle, nil), String(cString: name) == "EPSG",
            let code = OSRGetAuthorityCode(handle, nil), let value = Int(String(cString: code))
        {
            return value
        }
        var count: Int32 = 0
        var confidences: UnsafeMutablePointer<Int32>?
        guard let matches = OSRFindMatches(handle, nil, &count, &confidences) else { return nil }
        defer {
            OSRFreeSRSArray(matches)
            VSIFree(confidences)
        }
        guard count > 0, let confidences, confidences[0] >= 90, let best = matches[0],
            let name = OSRGetAuthorityName(best, nil), String(cString: name) == "EPSG",
            let code = OSRGetAuthorityCode(best, nil)
        else { return nil }
        return Int(String(cString: code))
    }

    /// The CRS name, e.g. "ETRS89 / UTM zone 33N".
    package var name: String {
        OSRGetName(handle).map { String(cString: $0) } ?? "unnamed"
    }

    /// WKT2 (2019) text of the definition.
    package var wkt: String {
        var text: UnsafeMutablePointer<CChar>?
        let options = CStringList(["FORMAT=WKT2_2019", "MULTILINE=NO"])
        guard OSRExportToWktEx(handle, &text, options.constPointer) == OGRERR_NONE, let text else { return "" }
        defer { VSIFree(text) }
        return String(cString: text)
    }

    package var isGeographic: Bool { OSRIsGeographic(handle) != 0 }

    /// The CRS's area of use from PROJ's database, in degrees (minX west, minY south, maxX east, maxY north);
    /// nil when unknown or when it crosses the antimeridian.
    ///
    /// See https://gdal.org/en/stable/api/ogr_srs_api.html (OSRGetAreaOfUse) and PROJ's `proj_get_area_of_use`.
    package var areaOfUse: BoundingBox? {
        var west = 0.0, south = 0.0, east = 0.0, north = 0.0
        guard OSRGetAreaOfUse(handle, &west, &south, &east, &north, nil) != 0,
            west > -1000, south > -1000, east >= west, north >= south  // -1000: unknown
        else { return nil }
        return BoundingBox(minX: west, minY: south, maxX: east, maxY: north)
    }

    /// True when both describe the same CRS (ignoring axis-order metadata).
    package func isSame(as other: SpatialReference) -> Bool {
        OSRIsSame(handle, other.handle) != 0
    }

    /// The plain value that crosses module boundaries.
    package var crsDescription: CRSDescription {
        CRSDescription(epsg: epsgCode, name: name, wkt: wkt, isGeographic: isGeographic)
    }

    /// Rebuilds a spatial reference from a description: by EPSG code when there is one, else WKT.
    package convenience init(_ crs: CRSDescription) throws {
        if let epsg = crs.epsg {
            try self.init(epsg: epsg)
        } else {
            try self.init(definition: crs.wkt)
        }
    }

    /// WGS 84 longitude/latitude (EPSG:4326, traditional order), the CRS of RFC 7946 GeoJSON.
    package static func wgs84() throws -> SpatialReference { try SpatialReference(epsg: 4326) }
}

@available(*, unavailable)
extension SpatialReference: Sendable {}
