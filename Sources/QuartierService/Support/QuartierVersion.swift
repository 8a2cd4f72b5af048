import QuartierGDAL

/// Quartier's version and the versions of the C libraries it runs on.
package enum QuartierVersion {
    package static let current = "0.1.0"

    /// `quartier 0.1.0 (GDAL 3.6.2, PROJ 9.1.1)`, the line `quartier --version` prints.
    package static var line: String {
        "quartier \(current) (GDAL \(GDALRuntime.gdalVersion), PROJ \(GDALRuntime.projVersion))"
    }
}
