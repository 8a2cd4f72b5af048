import Foundation

/// A coordinate reference system of OGC API – Features Part 2 (CRS by reference), named by its URI.
/// CRS84 is longitude/latitude; EPSG:4326 is latitude/longitude, as its EPSG definition orders the axes
/// (Part 2, §6.2 "Coordinate reference system axis order"); projected CRSs are easting/northing.
///
/// Spec: https://docs.ogc.org/is/18-058r1/18-058r1.html
struct CRSChoice: Sendable, Hashable {
    /// The EPSG code, or nil for CRS84.
    var epsg: Int?

    static let crs84 = CRSChoice(epsg: nil)
    /// The CRSs every collection offers besides its storage CRS.
    static let offered: [CRSChoice] = [.crs84, CRSChoice(epsg: 4326), CRSChoice(epsg: 25832), CRSChoice(epsg: 25833), CRSChoice(epsg: 3857)]

    var uri: String {
        guard let epsg else { return "http://www.opengis.net/def/crs/OGC/1.3/CRS84" }
        return "http://www.opengis.net/def/crs/EPSG/0/\(epsg)"
    }

    /// The definition GDAL/PROJ reads (traditional GIS order: x = longitude or easting).
    var definition: String { "EPSG:\(epsg ?? 4326)" }

    /// Whether coordinates are written latitude first (EPSG:4326 and the other geographic EPSG CRSs offered).
    var latitudeFirst: Bool { epsg == 4326 }

    /// The storage CRS for a layer's EPSG code: 4326 (read in lon/lat order by GDAL) counts as CRS84.
    init(storage epsg: Int?) { self.epsg = epsg == 4326 ? nil : epsg }

    init(epsg: Int?) { self.epsg = epsg }

    /// Parses a `crs` or `bbox-crs` value: an OGC URI, a safe CURIE `[EPSG:25833]`, `EPSG:25833` or a URN.
    init?(parsing text: String) {
        var value = text.trimmingCharacters(in: .whitespaces)
        if value.hasPrefix("["), value.hasSuffix("]") { value = String(value.dropFirst().dropLast()) }
        let upper = value.uppercased()
        if ["HTTP://WWW.OPENGIS.NET/DEF/CRS/OGC/1.3/CRS84", "OGC:CRS84", "CRS84", "URN:OGC:DEF:CRS:OGC:1.3:CRS84",
            "HTTPS://WWW.OPENGIS.NET/DEF/CRS/OGC/1.3/CRS84"].contains(upper)
        {
            self = .crs84
            return
        }
        for prefix in ["HTTP://WWW.OPENGIS.NET/DEF/CRS/EPSG/0/", "HTTPS://WWW.OPENGIS.NET/DEF/CRS/EPSG/0/", "EPSG:",
                       "URN:OGC:DEF:CRS:EPSG::", "URN:OGC:DEF:CRS:EPSG:0:"] where upper.hasPrefix(prefix) {
            guard let code = Int(upper.dropFirst(prefix.count)), code > 0 else { return nil }
            self.epsg = code
            return
        }
        return nil
    }

    /// The value of a `Content-Crs` header (Part 2, §6.4).
    var contentCrsHeader: String { "<\(uri)>" }
}
