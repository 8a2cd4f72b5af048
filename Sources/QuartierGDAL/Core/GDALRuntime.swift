import CGDAL
import Foundation
import Logging

/// GDAL's process-wide set-up, done once: drivers registered, configuration options set explicitly,
/// and GDAL's messages routed to swift-log (warnings logged, never turned into errors).
///
/// See https://gdal.org/en/stable/user/configoptions.html for the options set here.
package enum GDALRuntime {
    /// The logger GDAL's warnings and debug messages go to.
    static let logger = Logger(label: "quartier.gdal")

    private static let initialized: Void = {
        let threads =
            ProcessInfo.processInfo.environment["GDAL_NUM_THREADS"]
            ?? String(ProcessInfo.processInfo.activeProcessorCount)
        CPLSetConfigOption("GDAL_NUM_THREADS", threads)
        // Belt and braces: every SpatialReference also sets the traditional order itself.
        CPLSetConfigOption("OGR_CT_FORCE_TRADITIONAL_GIS_ORDER", "YES")
        CPLSetErrorHandler(gdalMessageHandler)
        GDALAllRegister()
    }()

    /// Registers GDAL's drivers and installs the message handler; cheap after the first call.
    package static func initialize() {
        _ = initialized
    }

    /// GDAL's release name, e.g. "3.6.2".
    package static var gdalVersion: String {
        initialize()
        return GDALVersionInfo("RELEASE_NAME").map { String(cString: $0) } ?? "unknown"
    }

    /// The PROJ version GDAL was built against, e.g. "9.1.1".
    package static var projVersion: String {
        initialize()
        var major: Int32 = 0
        var minor: Int32 = 0
        var patch: Int32 = 0
        OSRGetPROJVersion(&major, &minor, &patch)
        return "\(major).\(minor).\(patch)"
    }

    /// True when GDAL has a driver of this short name ("GPKG", "GeoJSON", "XLSX", "PostgreSQL", …).
    package static func hasDriver(_ name: String) -> Bool {
        initialize()
        return GDALGetDriverByName(name) != nil
    }
}

/// Routes CPLError messages: warnings to the log (never errors); failures are logged at debug and
/// recorded for the thread (`CPLErrorState.takeFailure`), so that a reader turns them into a `GDALError`
/// even when the driver carries on after them. Messages under a quiet handler a driver pushed itself
/// never reach this handler: those failures are expected and handled by the driver.
private func gdalMessageHandler(_ level: CPLErr, _ code: CPLErrorNum, _ message: UnsafePointer<CChar>?) {
    let text = message.map { String(cString: $0) } ?? ""
    switch level.rawValue {
    case CE_Warning.rawValue:
        GDALRuntime.logger.warning("GDAL: \(text)")
    case CE_Debug.rawValue:
        GDALRuntime.logger.trace("GDAL: \(text)")
    default:
        GDALRuntime.logger.debug("GDAL error \(code): \(text)")
        CPLErrorState.record(failure: text)
    }
}

/// The thread's CPL error state. CPL keeps it per thread, so it is read right after the call it
/// belongs to, in the same synchronous block (ARCHITECTURE.md, convention 3).
///
/// Besides CPL's last error, the first failure the message handler saw on this thread since `reset` is
/// kept: a driver may report `Error in fread()` and go on returning features with empty geometries,
/// and a later message or an internal `CPLErrorReset` would hide it from `CPLGetLastErrorType`.
enum CPLErrorState {
    private static let failureKey = "quartier.gdal.failure"

    /// Clears the thread's last error and recorded failure before a call whose failure is checked.
    static func reset() {
        CPLErrorReset()
        Thread.current.threadDictionary.removeObject(forKey: failureKey)
    }

    /// Keeps the first failure reported on this thread since the last `reset` or `takeFailure`.
    static func record(failure message: String) {
        let dictionary = Thread.current.threadDictionary
        if dictionary[failureKey] == nil { dictionary[failureKey] = message.isEmpty ? "unknown GDAL failure" : message }
    }

    /// The first failure reported on this thread since the last `reset` or `takeFailure`, cleared by reading it.
    static func takeFailure() -> String? {
        let dictionary = Thread.current.threadDictionary
        guard let message = dictionary[failureKey] as? String else { return nil }
        dictionary.removeObject(forKey: failureKey)
        return message
    }

    /// The first failure reported since `reset`, or else the last error when it was a failure; nil otherwise.
    static var lastFailure: String? {
        if let recorded = Thread.current.threadDictionary[failureKey] as? String { return recorded }
        let type = CPLGetLastErrorType().rawValue
        guard type == CE_Failure.rawValue || type == CE_Fatal.rawValue else { return nil }
        return lastMessage ?? "unknown GDAL failure"
    }

    /// The last message, of any level, or nil when it is empty.
    static var lastMessage: String? {
        guard let raw = CPLGetLastErrorMsg() else { return nil }
        let text = String(cString: raw)
        return text.isEmpty ? nil : text
    }
}

/// A GDAL string list (`char **`, CSL) owned by Swift and freed with `CSLDestroy`.
final class CStringList {
    private(set) var pointer: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?

    init(_ items: [String] = []) {
        for item in items { pointer = CSLAddString(pointer, item) }
    }

    convenience init(options: [String: String]) {
        self.init(options.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
    }

    deinit { CSLDestroy(pointer) }

    /// The list as GDAL's `const char * const *` parameters want it.
    var constPointer: UnsafePointer<UnsafePointer<CChar>?>? {
        pointer.map { UnsafeRawPointer($0).assumingMemoryBound(to: UnsafePointer<CChar>?.self) }
    }

    /// The list as GDAL's `const char **` parameters want it.
    var mutableConstPointer: UnsafeMutablePointer<UnsafePointer<CChar>?>? {
        pointer.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: UnsafePointer<CChar>?.self) }
    }
}

@available(*, unavailable)
extension CStringList: Sendable {}
