import Foundation

/// What the area profiles read of a finished run: only the outputs `manifest.json` lists with tier `public`
/// (their GeoJSON files), the manifest's indicator catalogue entries, field meanings, inputs (attributions and
/// reference dates) and the disclosure record's memberships. Never an internal file, so a value suppressed by
/// `[publish.suppression]` cannot reach a profile: the public files hold `null` with status `suppressed` for it.
package struct AreaProfileRun: Sendable {
    /// One published cell: a number, or missing with the reason its `<field>_status` gives.
    package enum Cell: Sendable, Equatable {
        case value(Double)
        case missing(String)

        // Not inlined: Swift 6.3.1's optimiser crashes in release builds (CopyPropagation, "Found ownership error")
        // on `cells[key]?.value` once this switch is inlined into `profiles(_:)`'s closures.
        @inline(never)
        package var value: Double? {
            if case .value(let v) = self { return v }
            return nil
        }
    }

    /// An area of one level as the public files show it.
    package struct Area: Sendable {
        package var id: String
        package var name: String
        package var cells: [String: Cell]
        package var texts: [String: String]
        /// Polygons in lon/lat (EPSG:4326): polygons → rings → points.
        package var polygons: [[[SIMD2<Double>]]]
    }

    /// One published level (the areas or a roll-up), finest first.
    package struct Level: Sendable {
        package var name: String
        package var idField: String
        package var areas: [Area]
        package var index: [String: Int]
        /// Each area's parent id in the next coarser level (absent for the coarsest).
        package var parents: [String: String] = [:]
        /// The field meanings of the level's public outputs.
        package var fields: [String: Manifest.FieldRecord] = [:]
        package var files: [String] = []

        package func area(_ id: String) -> Area? { index[id].map { areas[$0] } }
    }

    package var folder: String
    package var analysisName: String
    package var levels: [Level]
    /// Indicator fields of the catalogue (`[indicators]`), in the order of the catalogue file, and their entries.
    package var indicators: [(field: String, entry: IndicatorEntry)]
    package var inputs: [Manifest.InputRef]
    package var areaInput: String
    /// `[publish.suppression] min_count` (nil without suppression).
    package var minCount: Double?
    /// `Gi_Bin` and `state` fields of each hotspot analysis, with its variable when the report names it.
    package var hotspots: [(bin: String, state: String, variable: String?)]
    /// Whether the run wrote `[[series]]` tables (the internal ones never reach a profile).
    package var hasSeries: Bool
    /// The public series (`tier = "public"`, suppressed step by step), of every level.
    package var series: [AreaProfileSeries] = []
    /// The whole area's steps of each public series column (`AreaProfileHTML.totals`): name → column → cells.
    package var seriesTotals: [String: [String: [Cell]]] = [:]
    /// Map classes of the published layer from `tilejson.json`: field → upper bounds and labels.
    package var classes: [String: (breaks: [Double], labels: [String])]
    package var quartierVersion: String
    /// The run's `[[observations]]` (manifest `observations`): themes, fields, gap pairs (issue 22).
    package var observations: [ObservationsRecord] = []

    /// The level of this name.
    package func level(_ name: String) -> Level? { levels.first { $0.name == name } }

    /// An indicator's title from the catalogue, or the field's name when the catalogue has none.
    func title(of field: String) -> String { indicators.first { $0.field == field }?.entry.title ?? field }

    /// Reads the public part of the run in `folder`.
    /// - Throws: `QuartierError.user` without a manifest, or when the run published no level as GeoJSON.
    package static func read(folder: String) throws -> AreaProfileRun {
        let manifestPath = (folder as NSString).appendingPathComponent("manifest.json")
        guard let data = FileManager.default.contents(atPath: manifestPath) else {
            throw QuartierError.user(
                "\(manifestPath) does not exist: name the output folder of `quartier run` or `publish`")
        }
        let manifest: ManifestPart
        let raw: [String: Any]
        do {
            manifest = try JSONDecoder().decode(ManifestPart.self, from: data)
            raw = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        } catch {
            throw QuartierError.user("\(manifestPath) cannot be read as a Quartier manifest: \(error)")
        }
        let reports = raw["reports"] as? [String: Any] ?? [:]
        let publicLayers = manifest.outputs.filter {
            $0.role == .layer && $0.effectiveTier == .public && $0.level != nil && $0.path.hasSuffix(".geojson")
        }
        var byLevel: [String: Level] = [:]
        var order: [String] = []
        for entry in publicLayers {
            guard let levelName = entry.level, let idField = entry.idField else { continue }
            let path = (folder as NSString).appendingPathComponent(entry.path)
            let features = try readGeoJSON(path)
            if byLevel[levelName] == nil { order.append(levelName) }
            var level = byLevel[levelName] ?? Level(name: levelName, idField: idField, areas: [], index: [:])
            level.files.append(entry.path)
            for record in entry.fields ?? [] where level.fields[record.name] == nil {
                level.fields[record.name] = record
            }
            let nameField = Self.nameField(entry.fields ?? [], features: features)
            for feature in features {
                guard let id = text(feature.properties[idField]) else { continue }
                var area: Area
                if let i = level.index[id] {
                    area = level.areas[i]
                } else {
                    let name = nameField.flatMap { text(feature.properties[$0]) } ?? id
                    area = Area(id: id, name: name, cells: [:], texts: [:], polygons: feature.polygons)
                }
                for (key, value) in feature.properties where !key.hasSuffix("_status") {
                    if area.cells[key] != nil || area.texts[key] != nil { continue }
                    if let number = value as? NSNumber {  // JSON numbers (on Linux, 0 and 1 also cast to Bool)
                        area.cells[key] = .value(number.doubleValue)
                    } else if value is NSNull {
                        area.cells[key] = .missing(text(feature.properties[key + "_status"]) ?? "empty")
                    } else if let string = value as? String {
                        area.texts[key] = string
                    }
                }
                if let i = level.index[id] {
                    level.areas[i] = area
                } else {
                    level.index[id] = level.areas.count
                    level.areas.append(area)
                }
            }
            byLevel[levelName] = level
        }
        guard !order.isEmpty else {
            throw QuartierError.user(
                "\(manifestPath) lists no public layer as GeoJSON: profiles are made from the public files only; "
                    + "publish the levels with [publish] or [outputs.<name>] tier = \"public\" and formats with \"geojson\""
            )
        }
        // Finest first: the areas, then the roll-ups by falling number of areas.
        var levels = order.compactMap { byLevel[$0] }.sorted { a, b in
            if (a.name == LayerRef.areasName) != (b.name == LayerRef.areasName) { return a.name == LayerRef.areasName }
            return a.areas.count > b.areas.count
        }
        linkParents(&levels, record: manifest.disclosure)

        // In the order the finest public layer holds the fields, then any others by name.
        let written = publicLayers.flatMap { ($0.fields ?? []).map(\.name) }
        let catalogue = manifest.indicators ?? [:]
        let catalogueOrder = catalogue.keys.sorted { a, b in
            let (i, j) = (written.firstIndex(of: a) ?? Int.max, written.firstIndex(of: b) ?? Int.max)
            return i != j ? i < j : a < b
        }
        let indicators = catalogueOrder.compactMap { field in catalogue[field].map { (field, $0) } }
        let hotspotReports = reports["hotspots"] as? [[String: Any]] ?? []
        var hotspots: [(bin: String, state: String, variable: String?)] = []
        var seen: Set<String> = []
        for entry in publicLayers {
            for (k, h) in (entry.hotspots ?? []).enumerated() where seen.insert(h.bin).inserted {
                let variable = k < hotspotReports.count ? hotspotReports[k]["variable"] as? String : nil
                hotspots.append((h.bin, h.state, variable))
            }
        }
        var run = AreaProfileRun(
            folder: folder, analysisName: manifest.parameters.name, levels: levels, indicators: indicators,
            inputs: manifest.inputs ?? [], areaInput: manifest.parameters.areas,
            minCount: manifest.disclosure?.minCount,
            hotspots: hotspots, hasSeries: manifest.outputs.contains { $0.role == .series },
            series: try AreaProfileSeries.read(folder: folder, outputs: manifest.outputs),
            classes: readClasses(folder: folder, outputs: manifest.outputs),
            quartierVersion: manifest.versions?.quartier ?? "")
        run.observations = manifest.observations ?? []
        run.seriesTotals = AreaProfileHTML.totals(of: run.series)
        return run
    }

    /// Each level's parent in the next coarser level: from the disclosure record's memberships (the finest units'
    /// parents per roll-up), else by key prefix (AGS, LOR keys nest so).
    static func linkParents(_ levels: inout [Level], record: DisclosureRecord?) {
        guard levels.count > 1 else { return }
        for i in 0..<(levels.count - 1) {
            let coarser = levels[i + 1]
            var parents: [String: String] = [:]
            if let record, let upper = record.levels.first(where: { $0.name == coarser.name }) {
                let lower = record.levels.first { $0.name == levels[i].name }
                for (u, unit) in record.units.enumerated() where u < upper.parents.count {
                    let child = levels[i].name == LayerRef.areasName ? unit : (lower?.parents[safe: u] ?? nil)
                    if let child, let parent = upper.parents[u] { parents[child] = parent }
                }
            } else {
                for area in levels[i].areas {
                    if let parent = coarser.areas.filter({ area.id.hasPrefix($0.id) }).max(by: {
                        $0.id.count < $1.id.count
                    }) {
                        parents[area.id] = parent.id
                    }
                }
            }
            levels[i].parents = parents
        }
    }

    /// The field holding the areas' names: a text field named like a name (`PLR_NAME`, `GEN`, `name`), else none.
    static func nameField(_ records: [Manifest.FieldRecord], features: [GeoJSONFeature]) -> String? {
        let names = records.isEmpty ? Array(features.first?.properties.keys.sorted() ?? []) : records.map(\.name)
        let texts = names.filter { name in features.prefix(20).contains { $0.properties[name] is String } }
        let preferred = ["name", "gen", "bezeichnung"]
        return texts.first { preferred.contains($0.lowercased()) }
            ?? texts.first { $0.uppercased().hasSuffix("NAME") || $0.uppercased().hasPrefix("NAME") }
    }

    /// The map classes `tilejson.json` gives the published layer (`quartier:indicators`: breaks and legend).
    static func readClasses(folder: String, outputs: [Manifest.FileRef]) -> [String: (
        breaks: [Double], labels: [String]
    )] {
        guard let entry = outputs.first(where: { $0.role == .tilejson && $0.effectiveTier == .public }),
            let data = FileManager.default.contents(atPath: (folder as NSString).appendingPathComponent(entry.path)),
            let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let indicators = json["quartier:indicators"] as? [[String: Any]]
        else { return [:] }
        var classes: [String: (breaks: [Double], labels: [String])] = [:]
        for indicator in indicators {
            guard let field = indicator["field"] as? String, let breaks = indicator["breaks"] as? [NSNumber] else {
                continue
            }
            let legend = indicator["legend"] as? [[String: Any]] ?? []
            classes[field] = (breaks.map(\.doubleValue), legend.compactMap { $0["label"] as? String })
        }
        return classes
    }

    /// What the profiles read of `manifest.json` (tolerant of every other key and of older manifests).
    struct ManifestPart: Decodable {
        struct Parameters: Decodable {
            var name: String
            var areas: String
        }
        struct Versions: Decodable {
            var quartier: String
        }
        var outputs: [Manifest.FileRef]
        var parameters: Parameters
        var versions: Versions?
        var inputs: [Manifest.InputRef]?
        var indicators: [String: IndicatorEntry]?
        var disclosure: DisclosureRecord?
        var observations: [ObservationsRecord]?
    }

    /// A property as text (ids may be numbers in foreign files).
    static func text(_ value: Any?) -> String? {
        if let s = value as? String { return s }
        if let n = value as? NSNumber { return n.stringValue }
        return nil
    }

    /// One GeoJSON feature: its properties and its (multi)polygon in lon/lat.
    struct GeoJSONFeature {
        var properties: [String: Any]
        var polygons: [[[SIMD2<Double>]]]
    }

    /// Reads the features of an RFC 7946 file (properties as JSON values; Polygon and MultiPolygon geometries).
    static func readGeoJSON(_ path: String) throws -> [GeoJSONFeature] {
        guard let data = FileManager.default.contents(atPath: path),
            let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { throw QuartierError.user("\(path) cannot be read as GeoJSON") }
        let features = json["features"] as? [[String: Any]] ?? []
        return features.map { feature in
            let geometry = feature["geometry"] as? [String: Any]
            let coordinates = geometry?["coordinates"]
            func ring(_ value: Any?) -> [SIMD2<Double>] {
                (value as? [[NSNumber]] ?? []).compactMap {
                    $0.count >= 2 ? SIMD2($0[0].doubleValue, $0[1].doubleValue) : nil
                }
            }
            func polygon(_ value: Any?) -> [[SIMD2<Double>]] { (value as? [Any] ?? []).map(ring) }
            let polygons: [[[SIMD2<Double>]]]
            switch geometry?["type"] as? String {
            case "Polygon": polygons = [polygon(coordinates)]
            case "MultiPolygon": polygons = (coordinates as? [Any] ?? []).map(polygon)
            default: polygons = []
            }
            return GeoJSONFeature(properties: feature["properties"] as? [String: Any] ?? [:], polygons: polygons)
        }
    }
}

extension Array {
    fileprivate subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
