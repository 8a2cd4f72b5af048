import Foundation

/// The one parser of numbers that come from a request (query parameters and path segments): whole numbers in a
/// declared range, and coordinates that are finite and inside the bounds of their CRS. Anything else is a 400
/// naming the parameter, the value (shortened) and the range — never a trap on overflow, never a number handed to
/// PROJ or to arithmetic unchecked.
enum QueryNumber {
    /// A whole number in `range`, written in plain decimal digits (an optional leading `-`).
    /// - Parameters:
    ///   - text: the value as sent.
    ///   - name: the parameter's name, for the message (`limit`, `offset`, `z`).
    ///   - range: the accepted values.
    ///   - place: where the value was sent, for the message ("query parameter", "path segment").
    /// - Throws: `Problem` 400 naming the parameter, the value and the range.
    static func integer(
        _ text: some StringProtocol, _ name: String, in range: ClosedRange<Int>, place: String = "query parameter"
    ) throws -> Int {
        let digits = text.hasPrefix("-") ? text.dropFirst() : text[...]
        // At most 18 digits: every such number fits an Int64, so `Int(_:)` cannot overflow and the range decides.
        guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            let value = Int(String(text)), range.contains(value)
        else {
            throw Problem.badRequest(
                "\(place) \(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(Problem.safe(String(text.prefix(40))))'"
            )
        }
        return value
    }

    /// A finite decimal number (no `nan`, `inf`, hexadecimal or an exponent beyond Double's range).
    /// - Throws: `Problem` 400 naming the parameter and the value.
    static func finite(_ text: some StringProtocol, _ name: String) throws -> Double {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let allowed = Set("0123456789+-.eE")
        guard !trimmed.isEmpty, trimmed.count <= 40, trimmed.allSatisfy({ allowed.contains($0) }),
            let value = Double(trimmed), value.isFinite
        else {
            throw Problem.badRequest(
                "\(name) must hold finite decimal numbers, not '\(Problem.safe(String(text.prefix(40))))'")
        }
        return value
    }

    /// A bounding box `minx,miny,maxx,maxy` (or 6 numbers with heights, which are dropped) in the axis order of
    /// `crs`, every number finite and inside the CRS's bounds (`CRSChoice.bounds`), the lower corner not above
    /// the upper one in the second axis (the first may wrap across the antimeridian in geographic CRSs).
    /// - Returns: the four numbers as given (axis order of `crs`).
    static func bbox(_ text: String, crs: CRSChoice, name: String = "bbox") throws -> [Double] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 4 || parts.count == 6 else {
            throw Problem.badRequest("\(name) must be 4 (or 6) comma-separated numbers: minx,miny,maxx,maxy")
        }
        let numbers = try parts.map { try finite($0, name) }
        let box = numbers.count == 6 ? [numbers[0], numbers[1], numbers[3], numbers[4]] : numbers
        let bounds = crs.bounds
        // The axes as given: latitude first for EPSG:4326.
        let (first, second) = crs.latitudeFirst ? (bounds.y, bounds.x) : (bounds.x, bounds.y)
        for (index, value) in box.enumerated() {
            let axis = index % 2 == 0 ? first : second
            guard axis.contains(value) else {
                throw Problem.badRequest(
                    "\(name) value \(value) is outside \(crs.uri) (\(index % 2 == 0 ? "first" : "second") axis from "
                        + "\(axis.lowerBound) to \(axis.upperBound)); give \(name)-crs for coordinates in another CRS")
            }
        }
        guard box[1] <= box[3] else {
            throw Problem.badRequest(
                "\(name): the lower corner (\(box[1])) is above the upper one (\(box[3])) in the second axis")
        }
        guard crs.isGeographic || box[0] <= box[2] else {
            throw Problem.badRequest("\(name): minx (\(box[0])) is greater than maxx (\(box[2]))")
        }
        return box
    }
}

extension CRSChoice {
    /// Whether coordinates are degrees (CRS84, EPSG:4326).
    var isGeographic: Bool { epsg == nil || epsg == 4326 }

    /// Coordinates accepted in a request, in traditional GIS order (x = longitude or easting): degrees within
    /// ±180/±90 for geographic CRSs; for projected CRSs a square of ±40,000 km, which holds every projected
    /// coordinate on Earth (Web Mercator reaches ±20,037,508 m; UTM eastings stay near 500 km ± 1,000 km).
    var bounds: (x: ClosedRange<Double>, y: ClosedRange<Double>) {
        isGeographic ? (-180...180, -90...90) : (-4e7...4e7, -4e7...4e7)
    }
}
