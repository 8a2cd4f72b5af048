package import QuartierModel
import Foundation

/// An error from GDAL, OGR or PROJ (through OSR), carrying a code and the facts: file, layer, field,
/// GDAL's own message and what the user can do about it.
///
/// Codes are compared in tests; messages are for people. Modelled on GRDB's `DatabaseError`.
package struct GDALError: QuartierFailure {
    /// What went wrong, as a stable code.
    package struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        package let rawValue: String
        package init(rawValue: String) { self.rawValue = rawValue }
        package var description: String { rawValue }

        /// The path names no file or folder.
        package static let fileNotFound = Code(rawValue: "file_not_found")
        /// GDAL has no driver that recognises the source, or the driver failed to open it.
        package static let openFailed = Code(rawValue: "open_failed")
        /// The source holds no vector layer.
        package static let noLayers = Code(rawValue: "no_layers")
        /// The named layer does not exist.
        package static let layerNotFound = Code(rawValue: "layer_not_found")
        /// The named field does not exist.
        package static let fieldNotFound = Code(rawValue: "field_not_found")
        /// Reading a feature failed (a corrupt or truncated file).
        package static let readFailed = Code(rawValue: "read_failed")
        /// The layer has no features where some are needed.
        package static let emptyLayer = Code(rawValue: "empty_layer")
        /// The layer declares no CRS where one is needed.
        package static let crsMissing = Code(rawValue: "crs_missing")
        /// A CRS definition could not be understood.
        package static let crsInvalid = Code(rawValue: "crs_invalid")
        /// The declared CRS does not fit the coordinates (e.g. metres declared as degrees).
        package static let crsMismatch = Code(rawValue: "crs_mismatch")
        /// PROJ could not transform coordinates.
        package static let transformFailed = Code(rawValue: "transform_failed")
        /// Geometries are invalid and repair was not asked for, or repair failed.
        package static let invalidGeometry = Code(rawValue: "invalid_geometry")
        /// Creating or writing an output failed.
        package static let writeFailed = Code(rawValue: "write_failed")
        /// The source is larger than Quartier reads (rows, columns, unpacked bytes): a documented limit.
        package static let tooLarge = Code(rawValue: "too_large")
        /// A GDAL driver Quartier needs is not compiled into this GDAL.
        package static let driverMissing = Code(rawValue: "driver_missing")
    }

    package var code: Code
    /// What happened, in one sentence.
    package var message: String
    /// The file or connection string concerned.
    package var path: String?
    package var layer: String?
    package var field: String?
    /// GDAL's last error message (`CPLGetLastErrorMsg`), when it said something.
    package var gdalMessage: String?
    /// What the user can do about it.
    package var hint: String?

    package init(
        code: Code, message: String, path: String? = nil, layer: String? = nil, field: String? = nil,
        gdalMessage: String? = nil, hint: String? = nil
    ) {
        self.code = code
        self.message = message
        self.path = path
        self.layer = layer
        self.field = field
        self.gdalMessage = gdalMessage?.isEmpty == true ? nil : gdalMessage
        self.hint = hint
    }

    /// True for errors caused by the input or the user's request (exit code 1); false for faults
    /// of the installation (a missing driver: exit code 2).
    package var isUserError: Bool { code != .driverMissing }

    /// Bad input, except a driver missing from this GDAL (internal: the installation's fault).
    package var kind: FailureKind { isUserError ? .badInput : .internalFailure }

    package var description: String {
        var where_: [String] = []
        if let path { where_.append("file '\(GDALError.redactPassword(path))'") }
        if let layer { where_.append("layer '\(layer)'") }
        if let field { where_.append("field '\(field)'") }
        var text = message
        if !where_.isEmpty { text += " (" + where_.joined(separator: ", ") + ")" }
        if let gdalMessage { text += ". GDAL says: \(gdalMessage)" }
        if let hint { text += ". \(hint)" }
        return text
    }

    /// A connection string with any `password=…` replaced, so that errors and logs never show it.
    package static func redactPassword(_ source: String) -> String {
        guard let range = source.range(of: "password=", options: .caseInsensitive) else { return source }
        let tail = source[range.upperBound...]
        let end = tail.firstIndex(of: " ") ?? tail.endIndex
        return source.replacingCharacters(in: range.upperBound..<end, with: "***")
    }
}
