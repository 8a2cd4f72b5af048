import Foundation
import QuartierGDAL
import QuartierModel
import QuartierTestSupport
import Testing

/// Reference values: scripts/reference/crs_points.py (pyproj 3.7.2 with its bundled PROJ 9.5.1).
@Suite("CRS and reprojection")
struct CRSTests {
    let fernsehturm = Coordinate(x: 13.409444, y: 52.520833)
    let fernsehturmUTM = Coordinate(x: 392082.80609008804, y: 5820158.153614323)

    @Test func knownPointTo25833AndBack() throws {
        let wgs84 = try SpatialReference.wgs84()
        let utm = try SpatialReference(epsg: 25833)
        let forward = try CoordinateTransformer(from: wgs84, to: utm)
        let projected = try forward.transform(fernsehturm)
        #expect(abs(projected.x - fernsehturmUTM.x) < 0.001)  // 1 mm
        #expect(abs(projected.y - fernsehturmUTM.y) < 0.001)
        let back = try CoordinateTransformer(from: utm, to: wgs84).transform(projected)
        #expect(abs(back.x - fernsehturm.x) < 1e-6)
        #expect(abs(back.y - fernsehturm.y) < 1e-6)
    }

    @Test func utmToLonLatKeepsTraditionalOrder() throws {
        let transformer = try CoordinateTransformer(
            from: try SpatialReference(epsg: 25833), to: try SpatialReference.wgs84())
        let c = try transformer.transform(Coordinate(x: 392000, y: 5820000))
        #expect(abs(c.x - 13.408275440313806) < 1e-8)  // longitude first, whatever EPSG:4326 says
        #expect(abs(c.y - 52.51939531837594) < 1e-8)
    }

    @Test func geometryTransformKeepsStructure() throws {
        let transformer = try CoordinateTransformer(
            from: try SpatialReference(epsg: 25833), to: try SpatialReference.wgs84())
        let ring: Ring = [
            Coordinate(x: 390000, y: 5820000), Coordinate(x: 391000, y: 5820000),
            Coordinate(x: 391000, y: 5821000), Coordinate(x: 390000, y: 5820000),
        ]
        let g = try transformer.transform(Geometry.multiPolygon([Polygon(exterior: ring), Polygon(exterior: ring)]))
        #expect(g.polygons.count == 2)
        #expect(g.coordinates.allSatisfy { (13...14).contains($0.x) && (52...53).contains($0.y) })
    }

    @Test func descriptionsNameTheCRS() throws {
        let crs = try SpatialReference(definition: "EPSG:25832").crsDescription
        #expect(crs.epsg == 25832)
        #expect(crs.label == "EPSG:25832")
        #expect(crs.wkt.hasPrefix("PROJCRS"))
        #expect(try SpatialReference(crs).isSame(as: SpatialReference(epsg: 25832)))
    }

    @Test func esriPrjIsIdentified() throws {
        // A Shapefile .prj in ESRI WKT has no authority code: OSR identifies it.
        let esri = """
            PROJCS["ETRS_1989_UTM_Zone_33N",GEOGCS["GCS_ETRS_1989",DATUM["D_ETRS_1989",SPHEROID["GRS_1980",6378137.0,\
            298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],\
            PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",15.0],\
            PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]
            """
        #expect(try SpatialReference(definition: esri).epsgCode == 25833)
    }

    @Test(arguments: ["EPSG:999999", "not a crs", ""])
    func unknownDefinitionsAreErrors(_ definition: String) {
        let error = #expect(throws: GDALError.self) { try SpatialReference(definition: definition) }
        #expect(error?.code == .crsInvalid)
        #expect(error?.description.contains("EPSG:") == true)
    }

    @Test func unreachableCoordinatesFailLoudly() throws {
        let transformer = try CoordinateTransformer(
            from: try SpatialReference(epsg: 4326), to: try SpatialReference(epsg: 25833))
        var points = [Coordinate(x: 13.4, y: 52.5), Coordinate(x: 13.4, y: 95)]  // latitude 95° does not exist
        let error = #expect(throws: GDALError.self) { try transformer.transform(&points) }
        #expect(error?.code == .transformFailed)
        #expect(points[0] == Coordinate(x: 13.4, y: 52.5))  // all or nothing
    }
}
