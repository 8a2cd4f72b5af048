package import QuartierModel

/// `manifest.json`: what a run read, wrote and how, so that any published figure can be traced back
/// to its inputs (hashes), parameters and software versions.
package struct Manifest: Codable, Sendable {
    package struct FileRef: Codable, Sendable {
        package var path: String
        package var sha256: String
    }

    package struct CRSRef: Codable, Sendable {
        package var epsg: Int?
        package var name: String

        package init(_ crs: CRSDescription) {
            epsg = crs.epsg
            name = crs.name
        }

        package func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(epsg, forKey: .epsg)
            try container.encode(name, forKey: .name)
        }
    }

    package struct InputRef: Codable, Sendable {
        package var name: String
        package var path: String
        /// nil for a connection string (a database has no file to hash).
        package var sha256: String?
        package var layer: String
        package var featureCount: Int
        package var crs: CRSRef?
        package var attribution: String?
        package var referenceDate: String?

        package func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(path, forKey: .path)
            try c.encode(sha256, forKey: .sha256)
            try c.encode(layer, forKey: .layer)
            try c.encode(featureCount, forKey: .featureCount)
            try c.encode(crs, forKey: .crs)
            try c.encode(attribution, forKey: .attribution)
            try c.encode(referenceDate, forKey: .referenceDate)
        }
    }

    package struct Versions: Codable, Sendable {
        package var quartier: String
        package var gdal: String
        package var proj: String
    }

    package struct Parameters: Codable, Sendable {
        package var name: String
        package var workingCRS: String
        package var areas: String
        package var idField: String
        package var repair: Bool
        package var outputs: [String: [String]]

        enum CodingKeys: String, CodingKey {
            case name, areas, repair, outputs
            case workingCRS = "working_crs"
            case idField = "id"
        }
    }

    package var analysis: FileRef
    package var inputs: [InputRef]
    package var outputs: [FileRef]
    package var versions: Versions
    package var parameters: Parameters
    package var steps: [StepTiming]
    /// Join, count, grid and roll-up reports.
    package var reports: StepReports
    /// The catalogue entries of the indicators the analysis names, by field (empty without a catalogue).
    package var indicators: [String: IndicatorEntry] = [:]
}
