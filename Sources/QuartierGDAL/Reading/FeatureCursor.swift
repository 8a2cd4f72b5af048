import CGDAL
import Foundation
package import QuartierModel

/// What to do with geometries while reading.
package struct ReadOptions {
    /// Reproject every geometry (after the validity check, which runs in the source CRS).
    package var transformer: CoordinateTransformer?
    /// Check validity with GEOS (`OGR_G_IsValid`) and count empty geometries.
    package var checkValidity: Bool
    /// Repair invalid geometries with `OGR_G_MakeValid`; without it they are only reported.
    package var repair: Bool
    /// Called every `progressInterval` features with the number read so far.
    package var progress: ((Int) -> Void)?
    package var progressInterval: Int
    /// The most features read; one more is a `GDALError(.tooLarge)` (a documented limit, e.g. table rows).
    package var maximumFeatures: Int?

    package init(
        transformer: CoordinateTransformer? = nil, checkValidity: Bool = false, repair: Bool = false,
        progress: ((Int) -> Void)? = nil, progressInterval: Int = 1000, maximumFeatures: Int? = nil
    ) {
        self.maximumFeatures = maximumFeatures
        self.transformer = transformer
        self.checkValidity = checkValidity
        self.repair = repair
        self.progress = progress
        self.progressInterval = progressInterval
    }
}

/// Counts of what the geometry checks found, with the feature ids concerned.
package struct GeometryReport: Sendable, Hashable, Codable {
    package var featuresRead = 0
    /// Features whose geometry is invalid in the source (before any repair).
    package var invalidFIDs: [Int64] = []
    /// Features with an empty or missing geometry.
    package var emptyFIDs: [Int64] = []
    /// Features whose geometry `OGR_G_MakeValid` repaired.
    package var repairedFIDs: [Int64] = []

    package init() {}
}

/// Iterates a layer's features one at a time (`while let f = try cursor.next()`), so memory does not
/// grow with the file. The end of the layer and a read error are told apart: `OGR_L_GetNextFeature`
/// returns NULL for both, and only the CPL error state says which.
package final class FeatureCursor {
    private let layer: VectorLayer
    private let options: ReadOptions
    private let fieldTypes: [OGRFieldType]
    /// The indices of the fields read, in order.
    private let fieldIndices: [Int32]
    package private(set) var report = GeometryReport()
    /// A failure GDAL reported before the first feature (while rewinding the layer).
    private var pendingFailure: String?

    init(layer: VectorLayer, options: ReadOptions, fieldIndices: [Int32]? = nil, pendingFailure: String? = nil) {
        self.pendingFailure = pendingFailure
        self.layer = layer
        self.options = options
        let definition = OGR_L_GetLayerDefn(layer.handle)
        fieldTypes = (0..<(definition.map { OGR_FD_GetFieldCount($0) } ?? 0)).map { i in
            definition.flatMap { OGR_FD_GetFieldDefn($0, i) }.map { OGR_Fld_GetType($0) } ?? OFTString
        }
        self.fieldIndices = fieldIndices ?? (0..<Int32(fieldTypes.count)).map { $0 }
    }

    /// The next feature, or nil at the end of the layer.
    /// - Throws: `GDALError(.readFailed)` when the driver reports a failure while reading — also one it
    ///   carries on after (a truncated `.shp` gives empty geometries after `Error in fread()`) —,
    ///   `.transformFailed` when a geometry cannot be reprojected.
    package func next() throws -> Feature? {
        if let failure = pendingFailure {
            pendingFailure = nil
            throw layer.readError("reading the layer failed", gdalMessage: failure)
        }
        CPLErrorState.reset()
        let next = OGR_L_GetNextFeature(layer.handle)
        if let failure = CPLErrorState.takeFailure() ?? (next == nil ? CPLErrorState.lastFailure : nil) {
            if let next { OGR_F_Destroy(next) }
            throw layer.readError("reading feature \(report.featuresRead + 1) failed", gdalMessage: failure)
        }
        guard let handle = next else { return nil }
        defer { OGR_F_Destroy(handle) }
        if let maximum = options.maximumFeatures, report.featuresRead >= maximum {
            throw layer.tooManyFeatures(maximum)
        }
        let fid = OGR_F_GetFID(handle)
        // The feature owns its geometry, which may be transformed in place: it is destroyed with the feature.
        let geometry = try GeometryChecks(options: options, layer: layer)
            .value(of: OGR_F_GetGeometryRef(handle), fid: fid, report: &report)
        let attributes = fieldIndices.map { readAttribute(of: handle, index: $0) }
        report.featuresRead += 1
        if let progress = options.progress, report.featuresRead % options.progressInterval == 0 {
            progress(report.featuresRead)
        }
        return Feature(fid: fid == Int64(OGRNullFID) ? nil : fid, geometry: geometry, attributes: attributes)
    }

    private func readAttribute(of feature: OGRFeatureH, index: Int32) -> AttributeValue {
        guard OGR_F_IsFieldSetAndNotNull(feature, index) != 0 else { return .missing(.empty) }
        let type = fieldTypes[Int(index)].rawValue
        switch type {
        case OFTInteger.rawValue, OFTInteger64.rawValue:
            return .integer(OGR_F_GetFieldAsInteger64(feature, index))
        case OFTReal.rawValue:
            return .real(OGR_F_GetFieldAsDouble(feature, index))
        case OFTDate.rawValue, OFTDateTime.rawValue, OFTTime.rawValue:
            return .date(isoDate(feature, index: index, type: type))
        case OFTIntegerList.rawValue, OFTInteger64List.rawValue, OFTRealList.rawValue, OFTStringList.rawValue:
            return .string(Self.jsonArray(feature, index: index, type: type))
        default:
            return .string(OGR_F_GetFieldAsString(feature, index).map { String(cString: $0) } ?? "")
        }
    }

    /// A list field's value as a JSON array (`[9.95,53.5,10,53.6]`, `["a","b"]`), not OGR's `(4:…)` text.
    static func jsonArray(_ feature: OGRFeatureH, index: Int32, type: UInt32) -> String {
        var count: Int32 = 0
        var items: [String] = []
        switch type {
        case OFTIntegerList.rawValue:
            if let values = OGR_F_GetFieldAsIntegerList(feature, index, &count) {
                items = (0..<Int(max(count, 0))).map { String(values[$0]) }
            }
        case OFTInteger64List.rawValue:
            if let values = OGR_F_GetFieldAsInteger64List(feature, index, &count) {
                items = (0..<Int(max(count, 0))).map { String(values[$0]) }
            }
        case OFTRealList.rawValue:
            if let values = OGR_F_GetFieldAsDoubleList(feature, index, &count) {
                items = (0..<Int(max(count, 0))).map { values[$0].isFinite ? String(values[$0]) : "null" }
            }
        default:
            if let values = OGR_F_GetFieldAsStringList(feature, index) {
                var i = 0
                while let item = values[i] {
                    let text = String(cString: item)
                    let data = (try? JSONSerialization.data(withJSONObject: [text])) ?? Data("[\"\"]".utf8)
                    items.append(String(decoding: data.dropFirst().dropLast(), as: UTF8.self))
                    i += 1
                }
            }
        }
        return "[" + items.joined(separator: ",") + "]"
    }

    private func isoDate(_ feature: OGRFeatureH, index: Int32, type: UInt32) -> String {
        var y: Int32 = 0
        var mo: Int32 = 0
        var d: Int32 = 0
        var h: Int32 = 0
        var mi: Int32 = 0
        var tz: Int32 = 0
        var s: Float = 0
        guard OGR_F_GetFieldAsDateTimeEx(feature, index, &y, &mo, &d, &h, &mi, &s, &tz) != 0 else {
            return OGR_F_GetFieldAsString(feature, index).map { String(cString: $0) } ?? ""
        }
        func pad(_ v: Int32, _ w: Int = 2) -> String {
            let text = String(v)
            return String(repeating: "0", count: max(0, w - text.count)) + text
        }
        let date = "\(pad(y, 4))-\(pad(mo))-\(pad(d))"
        let seconds = Int32(exactly: s).map { pad($0) } ?? String(format: "%06.3f", Double(s))
        let time = "\(pad(h)):\(pad(mi)):\(seconds)"
        switch type {
        case OFTDate.rawValue: return date
        case OFTTime.rawValue: return time
        default: return "\(date)T\(time)"
        }
    }
}

@available(*, unavailable)
extension FeatureCursor: Sendable {}
