import CGDAL
import QuartierModel

/// The output columns for a layer: its fields, each followed by a `<field>_status` text column when
/// any of its values is missing for a stated reason (ARCHITECTURE.md, *States*). A plain empty source
/// value stays null without a status.
struct FieldPlan {
    struct Column {
        var name: String
        var type: FieldType
        var alias: String?
        /// The source field's index.
        var source: Int
        /// True for the `<field>_status` column of `source`.
        var isStatus: Bool
    }

    let columns: [Column]

    init(_ layer: FeatureLayer) {
        var columns: [Column] = []
        for (index, field) in layer.fields.enumerated() {
            columns.append(Column(name: field.name, type: field.type, alias: field.alias, source: index, isStatus: false))
            if layer.hasMissingReason(index) {
                columns.append(
                    Column(name: field.name + "_status", type: .string, alias: nil, source: index, isStatus: true))
            }
        }
        self.columns = columns
    }

    /// - Parameter nativeLists: whether the format holds lists (GeoJSON: arrays); elsewhere a list is text, the
    ///   JSON array the reader made of it (`[9.95,53.5]`).
    static func ogrType(_ type: FieldType, nativeLists: Bool = false) -> OGRFieldType {
        switch type {
        case .integer: return OFTInteger
        case .integer64: return OFTInteger64
        case .real: return OFTReal
        case .date: return OFTDate
        case .dateTime: return OFTDateTime
        case .time: return OFTTime
        case .integerList: return nativeLists ? OFTIntegerList : OFTString
        case .integer64List: return nativeLists ? OFTInteger64List : OFTString
        case .realList: return nativeLists ? OFTRealList : OFTString
        case .stringList: return nativeLists ? OFTStringList : OFTString
        default: return OFTString
        }
    }

    /// Sets every column of an OGR feature from a value feature.
    func fill(_ ogrFeature: OGRFeatureH, from feature: Feature) {
        for (position, column) in columns.enumerated() {
            let index = Int32(position)
            let value = column.source < feature.attributes.count ? feature.attributes[column.source] : .null
            if column.isStatus {
                if case .missing(let reason) = value, reason != .empty {
                    OGR_F_SetFieldString(ogrFeature, index, reason.rawValue)
                } else {
                    OGR_F_SetFieldNull(ogrFeature, index)
                }
                continue
            }
            switch value {
            case .string(let s), .date(let s): OGR_F_SetFieldString(ogrFeature, index, s)
            case .integer(let i): OGR_F_SetFieldInteger64(ogrFeature, index, i)
            case .real(let d) where d.isFinite: OGR_F_SetFieldDouble(ogrFeature, index, d)
            case .real, .missing: OGR_F_SetFieldNull(ogrFeature, index)
            }
        }
    }
}
