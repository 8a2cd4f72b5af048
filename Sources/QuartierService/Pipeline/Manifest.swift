package import QuartierModel

/// `manifest.json`: what a run read, wrote and how, so that any published figure can be traced back
/// to its inputs (hashes), parameters and software versions.
package struct Manifest: Codable, Sendable {
    /// A file the run read or wrote. Outputs also say what they are (`OutputSink`), so that readers — the server,
    /// the atlas, the profiles, the audit — take their meaning from here, never from file names or layer sizes.
    package struct FileRef: Codable, Sendable {
        package var path: String
        package var sha256: String
        /// What the output is (absent for the analysis file, and in manifests older than roles).
        package var role: OutputRole?
        /// The layer's name inside the file (GeoPackage layer, tile layer).
        package var layer: String?
        /// The level the output holds: "areas" or a roll-up's name.
        package var level: String?
        /// The key field of the level.
        package var idField: String?
        /// Each field and what it means.
        package var fields: [FieldRecord]?
        /// The hotspot analyses whose results the output holds.
        package var hotspots: [HotspotFields]?
        /// Who may read it (`OutputTier`); absent in manifests older than tiers, which readers treat as internal.
        package var tier: OutputTier?

        package init(
            path: String, sha256: String, role: OutputRole? = nil, layer: String? = nil, level: String? = nil,
            idField: String? = nil, fields: [FieldRecord]? = nil, hotspots: [HotspotFields]? = nil,
            tier: OutputTier? = nil
        ) {
            self.path = path
            self.sha256 = sha256
            self.role = role
            self.layer = layer
            self.level = level
            self.idField = idField
            self.fields = fields
            self.hotspots = hotspots
            self.tier = tier
        }

        /// The tier readers apply: the recorded one, else `OutputTier.legacy` (internal).
        package var effectiveTier: OutputTier { tier ?? OutputTier.legacy }

        enum CodingKeys: String, CodingKey {
            case path, sha256, role, layer, level, fields, hotspots, tier
            case idField = "id_field"
        }
    }

    /// What an output file is.
    package enum OutputRole: String, Codable, Sendable {
        /// A vector layer (GeoJSON, GeoPackage, FlatGeobuf) of an `[outputs]` table or of `[publish]`.
        case layer
        /// An attribute table (CSV) of a layer, and its `.csvt` column types.
        case table
        case columnTypes = "column_types"
        /// A `[[profile]]` table.
        case profile
        /// A tile archive (PMTiles, MBTiles).
        case tiles
        case tilejson
        /// A MapLibre style.
        case style
        /// A style of one thematic layer for QGIS's MapBox GL style converter (`style-qgis-<layer>.json`).
        case qgisStyle = "qgis_style"
        /// The provision points `[publish] points` names.
        case points
        /// A `[[series]]` table in long form (one row per area and time step).
        case series
        /// A crosswalk (old id, new id, weight) that carried a series' vintages onto the current areas.
        case crosswalk
        /// The summary of the targets judged on a series (`<series>_goals.csv`, issue 26).
        case goals
        /// A file of the static atlas page (`atlas/…`: page, script, style sheet, data, MapLibre bundle).
        case atlas
        /// The index page of a level's area profiles (`[profiles]`), beside one page per area.
        case areaProfiles = "area_profiles"
    }

    /// A field of an output and its meaning.
    package struct FieldRecord: Codable, Sendable, Equatable {
        package var name: String
        package var role: FieldRole
        /// A rate's numerator and denominator fields and its scale (`[[rate]]`: value = numerator / denominator ×
        /// scale), so that readers of the public files (the area profiles) find the counts behind a rate.
        package var numerator: String?
        package var denominator: String?
        package var scale: Double?
        /// A roll-up's weighted mean: the weight fields (`[[rollup]] weighted`; the weight is their sum).
        package var weights: [String]?
        /// A count summed over the members in a roll-up.
        package var summed: Bool?
        /// The field's title for people (`[publish] aliases`), where the analysis gives one.
        package var title: String? = nil
    }

    /// The fields one `[[hotspots]]` step wrote: its `Gi_Bin` class (−3…3) and its `state`.
    package struct HotspotFields: Codable, Sendable, Equatable {
        package var bin: String
        package var state: String
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
        /// nil (`null`) when the count is withheld: the records of the input are counted into protected counts, so
        /// their number is the total of those counts (see `withholdTotals`).
        package var featureCount: Int?
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
    /// The structure `quartier audit` rebuilds the disclosure audit from (runs with `[publish.suppression]`).
    package var disclosure: DisclosureRecord?
    /// The `[[observations]]` of the run: themes, fields, gap pairs, attribution (structure only; issue 22).
    package var observations: [ObservationsRecord]?
    /// The audit of the run's public files alone (`PublicAudit`), made before the outputs are switched into place.
    package var publicAudit: PublicAudit.Report?
    /// The tables the run wrote into PostGIS (`[database]`), when it wrote any.
    package var database: DatabaseRecord?
    /// What this public file leaves out, and why: the number of records of inputs counted into protected counts.
    package var withheld: [String]?
}
