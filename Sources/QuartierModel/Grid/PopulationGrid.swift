/// A Zensus grid cell id: `CRS3035RES100mN3254200E4569500` (INSPIRE, lower-left corner in metres) or
/// the short 2011 form `100mN32542E45695` (corner in units of the cell size).
package struct GridCellID: Sendable, Hashable {
    /// Cell size in metres.
    package var resolution: Double
    /// Lower-left corner in EPSG:3035.
    package var corner: Coordinate

    package var center: Coordinate { Coordinate(x: corner.x + resolution / 2, y: corner.y + resolution / 2) }

    package init?(_ text: String) {
        var rest = Substring(text)
        var inspire = false
        if rest.hasPrefix("CRS3035RES") {
            rest = rest.dropFirst("CRS3035RES".count)
            inspire = true
        }
        guard let m = rest.firstIndex(of: "m"), let size = Double(rest[..<m]), size > 0 else { return nil }
        let coordinates = rest[rest.index(after: m)...]
        guard coordinates.first == "N", let e = coordinates.firstIndex(of: "E"),
            let north = Double(coordinates[coordinates.index(after: coordinates.startIndex)..<e]),
            let east = Double(coordinates[coordinates.index(after: e)...])
        else { return nil }
        let unit = inspire ? 1 : size
        resolution = size
        corner = Coordinate(x: east * unit, y: north * unit)
    }
}

/// What assigning grid cells to areas found.
package struct GridReport: Sendable, Codable {
    package var cells: Int
    package var assigned: Int
    /// Cells whose centre lies in no area (outside the city, or in a gap).
    package var outside: Int
    /// Cells without a usable position (no coordinates, unreadable id).
    package var withoutPosition: Int
    /// Cells whose weight is missing (suppressed in the source: counts below 3 in Zensus 2011).
    package var missingWeight: Int
    package var areasWithoutCells: [String]

    package var summary: String {
        "grid: \(assigned) of \(cells) cells assigned; \(outside) outside every area, \(withoutPosition) without "
            + "position, \(missingWeight) with suppressed weight; \(areasWithoutCells.count) areas without cells"
    }
}

/// Aggregates population grid cells to areas: the number of cells, the summed weight (population),
/// the population-weighted centroid (origins for access analyses), counts summed and shares or means
/// weighted by the cell population — never averaged plainly.
package enum PopulationGrid {
    /// The grid aggregated to areas: the areas with the new fields, the report, and per area the
    /// population-weighted centroid (NaN coordinates without population) and the summed weight.
    package struct Aggregation: Sendable {
        package var layer: FeatureLayer
        package var report: GridReport
        package var centroids: [Coordinate]
        package var weights: [Double]
    }

    /// The areas with the grid's fields and the report (see `aggregation`).
    package static func aggregate(
        areas: FeatureLayer, idField: String, index: PolygonIndex, table: IndicatorTable, centers: [Coordinate?],
        weight: String, counts: [String] = [], weighted: [String] = [], prefix: String = "grid_"
    ) throws -> (FeatureLayer, GridReport) {
        let result = try aggregation(
            areas: areas, idField: idField, index: index, table: table, centers: centers, weight: weight, counts: counts,
            weighted: weighted, prefix: prefix)
        return (result.layer, result.report)
    }

    /// - Parameters:
    ///   - centers: cell centres in the areas' CRS (nil: no position).
    ///   - weight: the population column.
    ///   - counts: other count columns, summed.
    ///   - weighted: share or mean columns, weighted by `weight`.
    ///   - prefix: prepended to every new field name (e.g. `grid_`).
    package static func aggregation(
        areas: FeatureLayer, idField: String, index: PolygonIndex, table: IndicatorTable, centers: [Coordinate?],
        weight: String, counts: [String] = [], weighted: [String] = [], prefix: String = "grid_"
    ) throws -> Aggregation {
        let names = table.columns.map(\.name)
        let w = try AttributeJoin.fieldIndex(weight, in: names, of: "grid table")
        let countIndexes = try counts.map { try AttributeJoin.fieldIndex($0, in: names, of: "grid table") }
        let weightedIndexes = try weighted.map { try AttributeJoin.fieldIndex($0, in: names, of: "grid table") }
        let idIndex = try AttributeJoin.fieldIndex(idField, in: areas.fields.map(\.name), of: "area layer")

        var report = GridReport(cells: table.rows.count, assigned: 0, outside: 0, withoutPosition: 0, missingWeight: 0,
            areasWithoutCells: [])
        var positions: [Coordinate] = []
        var rows: [Int] = []
        for (row, center) in centers.enumerated() {
            guard let center else {
                report.withoutPosition += 1
                continue
            }
            positions.append(center)
            rows.append(row)
        }
        let located = index.locateAll(positions)
        let n = areas.features.count
        var cells = [Int64](repeating: 0, count: n)
        var weightSum = [Double](repeating: 0, count: n)
        var sx = [Double](repeating: 0, count: n)
        var sy = [Double](repeating: 0, count: n)
        var countSums = [[Double]](repeating: [Double](repeating: 0, count: n), count: countIndexes.count)
        var weightedNum = [[Double]](repeating: [Double](repeating: 0, count: n), count: weightedIndexes.count)
        var weightedDen = weightedNum
        for (j, area) in located.enumerated() {
            guard let area else {
                report.outside += 1
                continue
            }
            report.assigned += 1
            cells[area] += 1
            let values = table.rows[rows[j]]
            for (k, c) in countIndexes.enumerated() { countSums[k][area] += NumberText.value(of: values[c]) ?? 0 }
            guard let population = NumberText.value(of: values[w]) else {
                report.missingWeight += 1
                continue
            }
            weightSum[area] += population
            sx[area] += population * positions[j].x
            sy[area] += population * positions[j].y
            for (k, c) in weightedIndexes.enumerated() {
                guard let x = NumberText.value(of: values[c]) else { continue }
                weightedNum[k][area] += x * population
                weightedDen[k][area] += population
            }
        }

        var result = areas
        var centroids: [Coordinate] = []
        result.fields += [
            FieldDefinition(name: "\(prefix)cells", type: .integer), FieldDefinition(name: "\(prefix)\(weight)", type: .real),
            FieldDefinition(name: "\(prefix)centroid_x", type: .real), FieldDefinition(name: "\(prefix)centroid_y", type: .real),
        ]
        result.fields += counts.map { FieldDefinition(name: "\(prefix)\($0)", type: .real) }
        result.fields += weighted.map { FieldDefinition(name: "\(prefix)\($0)", type: .real) }
        for a in 0..<n {
            if cells[a] == 0 { report.areasWithoutCells.append(areas.features[a].attributes[idIndex].stringValue ?? "#\(a + 1)") }
            let hasWeight = weightSum[a] > 0
            centroids.append(
                hasWeight ? Coordinate(x: sx[a] / weightSum[a], y: sy[a] / weightSum[a]) : Coordinate(x: .nan, y: .nan))
            var values: [AttributeValue] = [
                .integer(cells[a]), .real(weightSum[a]),
                hasWeight ? .real(sx[a] / weightSum[a]) : .missing(.undefined),
                hasWeight ? .real(sy[a] / weightSum[a]) : .missing(.undefined),
            ]
            values += countSums.map { .real($0[a]) }
            values += weightedIndexes.indices.map { k in
                weightedDen[k][a] > 0 ? .real(weightedNum[k][a] / weightedDen[k][a]) : .missing(.undefined)
            }
            result.features[a].attributes += values
        }
        return Aggregation(layer: result, report: report, centroids: centroids, weights: weightSum)
    }
}
