/// Why a value is missing. Missing is never zero: the reason travels to every output as
/// `<field>_status` (ARCHITECTURE.md, *States*).
package enum MissingReason: String, Sendable, Hashable, Codable, CaseIterable {
    /// The source holds no value (an OGR null or unset field, an empty cell).
    case empty
    /// Official symbol `.`: unknown or kept secret.
    case secret
    /// Official symbol `-`: nothing (a true zero the office did not write as a number).
    case none
    /// Official symbol `x`: blocked, the value cannot be stated.
    case blocked
    /// Official symbol `/`: not reliable enough to publish.
    case unreliable
    /// A join found no row for the area.
    case noRow = "no_row"
    /// Below the confidentiality threshold.
    case suppressed
    /// Flagged invalid by the source, or a cell that should be a number and is not.
    case invalid
    /// Not defined: a rate whose denominator is 0 or missing.
    case undefined
    /// The table reports this area only together with others (a merged unit, see the join report).
    case merged
    /// A roll-up parent's value leaves out part of the parent: a merged unit (`merged`) whose members lie in
    /// several parents belongs to none of them whole.
    case incomplete
    /// The area has no neighbours, so a local statistic does not exist for it.
    case isolated
    /// No facility lies within the catchment: an access ratio does not exist.
    case noProvisionInReach = "no_provision_in_reach"
}

/// One typed attribute value; a missing value keeps its reason.
package enum AttributeValue: Sendable, Hashable, Codable {
    case string(String)
    case integer(Int64)
    case real(Double)
    /// A date, date-time or time in ISO 8601 text, as OGR formats it.
    case date(String)
    case missing(MissingReason)

    package static let null = AttributeValue.missing(.empty)

    package var isMissing: Bool {
        if case .missing = self { return true }
        return false
    }

    /// The numeric value, or nil for text and missing values.
    package var doubleValue: Double? {
        switch self {
        case .integer(let i): return Double(i)
        case .real(let d): return d
        default: return nil
        }
    }

    /// The value as text (keys are always compared as text), or nil when missing.
    package var stringValue: String? {
        switch self {
        case .string(let s), .date(let s): return s
        case .integer(let i): return String(i)
        case .real(let d): return String(d)
        case .missing: return nil
        }
    }
}

/// OGR's field types, named as `ogrinfo` and OGR's `OGR_GetFieldTypeName` name them.
package enum FieldType: String, Sendable, Hashable, Codable, CaseIterable {
    case string = "String"
    case integer = "Integer"
    case integer64 = "Integer64"
    case real = "Real"
    case date = "Date"
    case dateTime = "DateTime"
    case time = "Time"
    case binary = "Binary"
    case integerList = "IntegerList"
    case integer64List = "Integer64List"
    case realList = "RealList"
    case stringList = "StringList"

    package var isNumeric: Bool { self == .integer || self == .integer64 || self == .real }
}

/// A field of a layer's schema.
package struct FieldDefinition: Sendable, Hashable, Codable {
    package var name: String
    package var type: FieldType
    /// Human-readable title for GIS clients (GeoPackage alias), when known.
    package var alias: String?

    package init(name: String, type: FieldType, alias: String? = nil) {
        self.name = name
        self.type = type
        self.alias = alias
    }
}
