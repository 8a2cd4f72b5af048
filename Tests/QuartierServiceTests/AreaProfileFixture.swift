import Foundation
import QuartierTestSupport

/// A small finished run written by hand, for the layout cases of the area profiles: four areas in one parent —
/// the longest name of the Berlin data (repeated to 3× its length), an area whose every value is suppressed, a share
/// of 0 % and one of 100 % — a parent without a value for one indicator, and an indicator with no series.
enum AreaProfileFixture {
    static let longName =
        "Frankfurter Allee Süd FK / Ostkreuz-Bahnhofsumfeld und Rummelsburger Bucht Nord mit Hauptstraße "
        + "und dem Gelände zwischen Modersohnbrücke, Markgrafendamm und Karlshorster Straße"

    /// Writes the run into a new folder and returns it.
    static func write() throws -> URL {
        let folder = try TestSupport.temporaryFolder("quartier-profile-fixture")
        func square(_ x: Double, _ y: Double, _ size: Double) -> [[[Double]]] {
            [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]]
        }
        func feature(_ properties: [String: Any], _ ring: [[[Double]]]) -> [String: Any] {
            ["type": "Feature", "properties": properties, "geometry": ["type": "Polygon", "coordinates": ring]]
        }
        let null = NSNull()
        let areas: [[String: Any]] = [
            feature(
                [
                    "ID": "0101", "NAME": longName, "anteil": 25.0, "zaehler": 10, "nenner": 40, "dichte": 12.5,
                    "anteil_status": null,
                ], square(13.30, 52.50, 0.01)),
            feature(
                [
                    "ID": "0102", "NAME": "Ganz geheim", "anteil": null, "anteil_status": "suppressed", "zaehler": null,
                    "zaehler_status": "suppressed", "nenner": null, "nenner_status": "suppressed", "dichte": null,
                    "dichte_status": "suppressed",
                ], square(13.31, 52.50, 0.01)),
            feature(
                ["ID": "0103", "NAME": "Null Prozent", "anteil": 0.0, "zaehler": 0, "nenner": 50, "dichte": 0.5],
                square(13.30, 52.51, 0.01)),
            feature(
                [
                    "ID": "0104", "NAME": "Hundert Prozent", "anteil": 100.0, "zaehler": 60, "nenner": 60,
                    "dichte": 80.0,
                ],
                square(13.31, 52.51, 0.01)),
        ]
        let parents: [[String: Any]] = [
            feature(
                ["PID": "01", "NAME": "Oberbezirk", "anteil": null, "anteil_status": "suppressed", "dichte": 20.0],
                square(13.30, 52.50, 0.02))
        ]
        for (name, features) in [("gebiete", areas), ("oberbezirke", parents)] {
            let data = try JSONSerialization.data(withJSONObject: ["type": "FeatureCollection", "features": features])
            try data.write(to: folder.appendingPathComponent("\(name).geojson"))
        }
        func entry(_ id: String, _ name: String) -> [String: Any] {
            [
                "id": id, "title": name, "definition": "Definition von \(name)",
                "unit": id == "anteil" ? "%" : "je km²",
                "source": "Quelle \(name)", "reference_date": "2024-12-31", "licence": "dl-de/by-2-0",
                "attribution": "© Beispielamt", "polarity": "high_is_bad",
            ].merging(id == "anteil" ? ["numerator": "Zähler", "denominator": "Nenner"] : [:]) { $1 }
        }
        let manifest: [String: Any] = [
            "parameters": ["name": "fixture", "areas": "planungsraeume"],
            "versions": ["quartier": "test", "gdal": "", "proj": ""],
            "inputs": [
                ["name": "planungsraeume", "path": "x", "layer": "x", "featureCount": 4, "attribution": "© Grenzen"]
            ],
            "indicators": ["anteil": entry("anteil", "Anteil"), "dichte": entry("dichte", "Dichte")],
            "outputs": [
                [
                    "path": "gebiete.geojson", "sha256": "", "role": "layer", "level": "areas", "id_field": "ID",
                    "tier": "public",
                    "fields": [
                        ["name": "ID", "role": "id"], ["name": "NAME", "role": "value"],
                        [
                            "name": "anteil", "role": "rate", "numerator": "zaehler", "denominator": "nenner",
                            "scale": 100,
                        ],
                        ["name": "zaehler", "role": "count"], ["name": "nenner", "role": "count"],
                        ["name": "dichte", "role": "indicator"],
                    ],
                ],
                [
                    "path": "oberbezirke.geojson", "sha256": "", "role": "layer", "level": "oberbezirke",
                    "id_field": "PID", "tier": "public",
                ],
            ],
            "disclosure": [
                "min_count": 3, "counts": ["zaehler"], "unit_id_field": "ID",
                "units": ["0101", "0102", "0103", "0104"],
                "levels": [["name": "oberbezirke", "id_field": "PID", "parents": ["01", "01", "01", "01"]]],
            ],
        ]
        try JSONSerialization.data(withJSONObject: manifest).write(to: folder.appendingPathComponent("manifest.json"))
        return folder
    }
}
