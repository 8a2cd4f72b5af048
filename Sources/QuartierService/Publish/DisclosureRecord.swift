/// What `quartier audit` needs besides the public files to rebuild the linear program of the disclosure audit,
/// recorded in `manifest.json` (`disclosure`) by every run with `[publish.suppression]`: the minimum count, the
/// count fields, the finest units (the areas' ids, in order) and, per roll-up, each unit's parent. None of it is a
/// count: ids and memberships are the geography every public layer already shows.
package struct DisclosureRecord: Codable, Sendable, Equatable {
    /// One roll-up level: its name (the manifest's `level` of its outputs), its key field, and each unit's parent
    /// key (aligned with `units`; nil: the unit belongs to no parent of the level).
    package struct Level: Codable, Sendable, Equatable {
        package var name: String
        package var idField: String
        package var parents: [String?]

        enum CodingKeys: String, CodingKey {
            case name, parents
            case idField = "id_field"
        }
    }

    /// A public `[[series]]`: its name (the manifest's `layer` of its public tables), its time field, and the
    /// count columns protected in each step.
    package struct Series: Codable, Sendable, Equatable {
        package var name: String
        package var timeField: String
        package var counts: [String]

        enum CodingKeys: String, CodingKey {
            case name, counts
            case timeField = "time_field"
        }
    }

    /// `[publish.suppression] min_count`.
    package var minCount: Double
    /// `[publish.suppression] counts`.
    package var counts: [String]
    /// The areas' key field.
    package var unitIdField: String
    /// The areas' ids, one per finest unit.
    package var units: [String]
    /// The roll-ups, by name.
    package var levels: [Level]
    /// The public series, audited step by step.
    package var series: [Series]? = nil

    enum CodingKeys: String, CodingKey {
        case counts, units, levels, series
        case minCount = "min_count"
        case unitIdField = "unit_id_field"
    }
}
