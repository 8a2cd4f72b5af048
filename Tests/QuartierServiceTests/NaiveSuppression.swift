import Foundation
import QuartierTestSupport
import Testing

/// The naive secondary suppression a spreadsheet would do, as the baseline of the Hessen/Thüringen comparison:
/// within each parent, a lone suppressed member gets the smallest published sibling suppressed with it. Audited
/// by `quartier audit` from files written as a public run would write them.
enum NaiveSuppression {
    /// Unit id → value of `field`, from a GeoJSON whose key is `AGS`.
    static func values(_ url: URL, field: String) throws -> [(id: String, value: Double)] {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        return (json["features"] as? [[String: Any]] ?? []).compactMap { feature in
            guard let properties = feature["properties"] as? [String: Any], let id = properties["AGS"] as? String,
                let value = properties[field] as? Double
            else { return nil }
            return (id, value)
        }.sorted { $0.id < $1.id }
    }

    /// The primary cells (below `minCount`) and the naive complements, as unit indexes.
    static func pattern(
        _ values: [(id: String, value: Double)], minCount: Double, parent: (String) -> String
    ) -> (suppressed: Set<Int>, primary: Int, secondary: Int) {
        var suppressed = Set(values.indices.filter { values[$0].value < minCount })
        let primary = suppressed.count
        let groups = Dictionary(grouping: values.indices) { parent(values[$0].id) }
        var changed = true
        while changed {
            changed = false
            for key in groups.keys.sorted() {
                let members = groups[key] ?? []
                guard members.filter(suppressed.contains).count == 1 else { continue }
                let open = members.filter { !suppressed.contains($0) }
                guard
                    let smallest = open.min(by: {
                        (values[$0].value, values[$0].id) < (values[$1].value, values[$1].id)
                    })
                else { continue }
                suppressed.insert(smallest)
                changed = true
            }
        }
        return (suppressed, primary, suppressed.count - primary)
    }

    /// Writes the pattern as public files (units with null/`suppressed`, Kreise and Länder as sums, the manifest's
    /// disclosure record) and audits them; returns whether the audit passed and its number of findings.
    static func audit(
        _ values: [(id: String, value: Double)], suppressed: Set<Int>, minCount: Double
    ) throws -> (passed: Bool, findings: Int) {
        let out = try TestSupport.temporaryFolder("quartier-naive")
        func geoJSON(_ key: String, _ rows: [(String, Double?)]) -> String {
            let features = rows.enumerated().map { index, row in
                let value = row.1.map { String(format: "%.0f", $0) } ?? "null"
                let status = row.1 == nil ? "\"suppressed\"" : "null"
                let x = Double(index)
                return """
                    {"type": "Feature", "properties": {"\(key)": "\(row.0)", "n": \(value), "n_status": \(status)},
                     "geometry": {"type": "Point", "coordinates": [\(x), 0]}}
                    """
            }
            return #"{"type": "FeatureCollection", "features": ["# + features.joined(separator: ",") + "]}"
        }
        let units = values.indices.map { (values[$0].id, suppressed.contains($0) ? nil : values[$0].value) }
        var levels: [String] = []
        for (name, key, length) in [("kreise", "KRS", 5), ("laender", "LAND", 2)] {
            let sums = Dictionary(grouping: values, by: { String($0.id.prefix(length)) }).mapValues {
                $0.reduce(0) { $0 + $1.value }
            }
            try geoJSON(key, sums.keys.sorted().map { ($0, sums[$0]) }).write(
                to: out.appendingPathComponent("\(name).geojson"), atomically: true, encoding: .utf8)
            let parents = values.map { "\"\($0.id.prefix(length))\"" }.joined(separator: ",")
            levels.append(#"{"name": "\#(name)", "id_field": "\#(key)", "parents": [\#(parents)]}"#)
        }
        try geoJSON("AGS", units).write(
            to: out.appendingPathComponent("gemeinden.geojson"), atomically: true, encoding: .utf8)
        let entries = [("gemeinden", "areas", "AGS"), ("kreise", "kreise", "KRS"), ("laender", "laender", "LAND")].map {
            #"{"path": "\#($0.0).geojson", "sha256": "", "role": "layer", "level": "\#($0.1)", "id_field": "\#($0.2)", "tier": "public"}"#
        }
        let ids = values.map { "\"\($0.id)\"" }.joined(separator: ",")
        let manifest = """
            {"outputs": [\(entries.joined(separator: ","))],
             "disclosure": {"min_count": \(minCount), "counts": ["n"], "unit_id_field": "AGS", "units": [\(ids)],
               "levels": [\(levels.joined(separator: ","))]}}
            """
        try manifest.write(to: out.appendingPathComponent("manifest.json"), atomically: true, encoding: .utf8)
        let json = out.appendingPathComponent("audit.json").path
        let result = try CLI.run("audit", out.path, "--json", json)
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        let fields = report["fields"] as? [[String: Any]] ?? []
        let findings = fields.flatMap { $0["cells"] as? [[String: Any]] ?? [] }.filter { $0["finding"] is String }
        return (result.status == 0, findings.count)
    }
}
