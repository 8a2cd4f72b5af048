/// What `quartier inspect --json` prints: one object per source, one entry per layer. Missing values
/// (no CRS, no extent) are JSON `null`, never left out. Documented in docs/commands.md.
package struct InspectReport: Codable, Sendable {
    package struct CRS: Codable, Sendable {
        package var epsg: Int?
        package var name: String

        package func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(epsg, forKey: .epsg)
            try c.encode(name, forKey: .name)
        }
    }

    package struct Field: Codable, Sendable {
        package var name: String
        package var type: String
    }

    package struct Layer: Codable, Sendable {
        package var name: String
        package var geometryType: String
        package var featureCount: Int
        package var crs: CRS?
        /// WKT2 of the CRS when it has no EPSG code, else nil.
        package var wkt: String?
        package var extent: [Double]?
        package var extentWGS84: [Double]?
        package var fields: [Field]
        package var invalidGeometries: Int
        package var emptyGeometries: Int
        /// Feature ids of the invalid geometries (at most 100).
        package var invalidFeatureIds: [Int64]
        /// A table's columns that look like point coordinates (`x`, `y`), for `[inputs] x`/`y`.
        package var coordinateColumns: [String: String]? = nil
        /// What the other commands refuse in the coordinates (`Inspector.coordinateProblems`); empty when nothing.
        package var problems: [String] = []

        enum CodingKeys: String, CodingKey {
            case name, geometryType, featureCount, crs, wkt, extent, fields, invalidGeometries, emptyGeometries
            case extentWGS84, invalidFeatureIds, coordinateColumns, problems
        }

        /// Written only when there is something to note.
        enum NoteKeys: String, CodingKey {
            case note
        }

        /// True when an extent holds NaN or an infinite value, which JSON cannot hold.
        var hasNonFiniteExtent: Bool {
            (extent ?? []).contains { !$0.isFinite } || (extentWGS84 ?? []).contains { !$0.isFinite }
        }

        package func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(geometryType, forKey: .geometryType)
            try c.encode(featureCount, forKey: .featureCount)
            try c.encode(crs, forKey: .crs)
            try c.encodeIfPresent(wkt, forKey: .wkt)
            // JSON has no NaN or Infinity: such an extent is null, with a note saying why.
            try c.encode(extent.flatMap { $0.allSatisfy(\.isFinite) ? $0 : nil }, forKey: .extent)
            try c.encode(extentWGS84.flatMap { $0.allSatisfy(\.isFinite) ? $0 : nil }, forKey: .extentWGS84)
            if hasNonFiniteExtent {
                var notes = encoder.container(keyedBy: NoteKeys.self)
                try notes.encode(
                    "the extent is not finite: some coordinates are NaN or infinite; check the geometries",
                    forKey: .note)
            }
            try c.encode(fields, forKey: .fields)
            try c.encode(invalidGeometries, forKey: .invalidGeometries)
            try c.encode(emptyGeometries, forKey: .emptyGeometries)
            try c.encode(invalidFeatureIds, forKey: .invalidFeatureIds)
            try c.encodeIfPresent(coordinateColumns, forKey: .coordinateColumns)
            if !problems.isEmpty { try c.encode(problems, forKey: .problems) }
        }
    }

    package var source: String
    package var driver: String
    package var layers: [Layer]

    /// The human-readable form `quartier inspect` prints without `--json`.
    package var text: String {
        var lines = ["source: \(source) (\(driver))"]
        for layer in layers {
            lines.append("layer '\(layer.name)'")
            lines.append("  geometry: \(layer.geometryType), \(layer.featureCount) features")
            if let crs = layer.crs {
                lines.append("  CRS: \(crs.epsg.map { "EPSG:\($0)" } ?? "no EPSG code") (\(crs.name))")
            } else {
                lines.append("  CRS: none declared")
            }
            if let e = layer.extent { lines.append("  extent: \(e.map { format($0) }.joined(separator: ", "))") }
            if let e = layer.extentWGS84 {
                lines.append("  extent WGS84: \(e.map { format($0, decimals: 6) }.joined(separator: ", "))")
            }
            var validity =
                "  invalid geometries: \(layer.invalidGeometries), empty geometries: \(layer.emptyGeometries)"
            if !layer.invalidFeatureIds.isEmpty {
                validity +=
                    " (invalid feature ids: \(layer.invalidFeatureIds.map(String.init).joined(separator: ", ")))"
            }
            lines.append(validity)
            // What run, join, count, … refuse in this layer (inspect describes it and exits 0).
            for problem in layer.problems { lines.append("  problem: \(problem)") }
            if let xy = layer.coordinateColumns, let x = xy["x"], let y = xy["y"] {
                lines.append(
                    "  coordinate columns: x = \"\(x)\", y = \"\(y)\" (points: declare them with crs in [inputs.<name>])"
                )
            }
            lines.append("  fields (\(layer.fields.count)):")
            for field in layer.fields { lines.append("    \(field.name): \(field.type)") }
        }
        return lines.joined(separator: "\n")
    }

    private func format(_ value: Double, decimals: Int = 1) -> String {
        var text = String(value)
        if let dot = text.firstIndex(of: "."), text.distance(from: dot, to: text.endIndex) > decimals + 1 {
            let scale = Double(Int(pow10(decimals)))
            text = String((value * scale).rounded() / scale)
        }
        return text
    }

    private func pow10(_ n: Int) -> Double { (0..<n).reduce(1.0) { v, _ in v * 10 } }
}
