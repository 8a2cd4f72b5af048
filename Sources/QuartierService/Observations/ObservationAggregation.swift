package import QuartierModel

/// Observations aggregated to the rows of one layer (the areas or a roll-up level): per row, the count of each theme
/// and in all, the ratings' sum and n per theme, the latest date per theme and in all.
package struct ObservationAggregation: Sendable, Equatable {
    package struct Row: Sendable, Equatable {
        package var counts: [Int]
        package var ratingSums: [Double]
        package var ratingCounts: [Int]
        package var latest: [String?]
        package var total = 0
        package var latestOverall: String?

        init(themes: Int) {
            counts = Array(repeating: 0, count: themes)
            ratingSums = Array(repeating: 0, count: themes)
            ratingCounts = Array(repeating: 0, count: themes)
            latest = Array(repeating: nil, count: themes)
        }

        /// The theme's share of all observations of the row, in percent (nil without observations).
        package func share(_ theme: Int) -> Double? {
            total > 0 ? Double(counts[theme]) / Double(total) * 100 : nil
        }

        /// The mean rating of the theme (nil without ratings).
        package func meanRating(_ theme: Int) -> Double? {
            ratingCounts[theme] > 0 ? ratingSums[theme] / Double(ratingCounts[theme]) : nil
        }
    }

    package var themes: [String]
    package var rows: [Row]

    /// Aggregates records, each located in an area (`area`: its row among the areas), to `rowCount` rows through
    /// `row` (an area's row in the target layer; nil: in none, e.g. an area outside every parent).
    package static func aggregate(
        _ records: [(record: ObservationRecord, area: Int)], themes: [String], rowCount: Int, row: (Int) -> Int?
    ) -> ObservationAggregation {
        let themeIndex = Dictionary(themes.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        var rows = Array(repeating: Row(themes: themes.count), count: rowCount)
        for (record, area) in records {
            guard let target = row(area), rows.indices.contains(target), let t = themeIndex[record.theme] else {
                continue
            }
            rows[target].counts[t] += 1
            rows[target].total += 1
            if let rating = record.rating {
                rows[target].ratingSums[t] += rating
                rows[target].ratingCounts[t] += 1
            }
            if let date = record.date {
                if rows[target].latest[t].map({ date > $0 }) ?? true { rows[target].latest[t] = date }
                if rows[target].latestOverall.map({ date > $0 }) ?? true { rows[target].latestOverall = date }
            }
        }
        return ObservationAggregation(themes: themes, rows: rows)
    }
}

extension ObservationsSpec {
    /// The layer with the aggregation's fields appended (in this order): the total and latest date, then per theme
    /// its count, share (%), mean rating and its n (with a rating field), latest date; then per gap pair the theme's
    /// observations per 1,000 residents and the flag.
    ///
    /// A value that is missing because a count is 0 (a share without observations, a mean without ratings, a latest
    /// date without records) is written as `suppressed` when `publishing`: the count itself is always below the
    /// minimum count then, and a missing value with another reason would tell that the hidden count is 0.
    /// - Parameter population: the default field of residents (`population` or `[publish.suppression]`'s).
    package func appending(
        _ aggregation: ObservationAggregation, to layer: FeatureLayer, population: String?, publishing: Bool
    ) -> FeatureLayer {
        let themes = vocabulary.themes.map(\.id)
        var result = layer
        let zero: (MissingReason) -> AttributeValue = { publishing ? .missing(.suppressed) : .missing($0) }
        var fields: [FieldDefinition] = [
            FieldDefinition(name: totalField, type: .integer), FieldDefinition(name: allLatestField, type: .string),
        ]
        for theme in themes {
            fields.append(FieldDefinition(name: countField(theme), type: .integer))
            fields.append(FieldDefinition(name: shareField(theme), type: .real))
            if ratingField != nil {
                fields.append(FieldDefinition(name: ratingMeanField(theme), type: .real))
                fields.append(FieldDefinition(name: ratingCountField(theme), type: .integer))
            }
            fields.append(FieldDefinition(name: latestField(theme), type: .string))
        }
        for gap in gaps {
            fields.append(FieldDefinition(name: perThousandField(gap), type: .real))
            fields.append(FieldDefinition(name: gapField(gap), type: .string))
        }
        result.fields += fields
        for (index, feature) in layer.features.enumerated() {
            let row = aggregation.rows.indices.contains(index) ? aggregation.rows[index] : nil
            var values: [AttributeValue] = []
            let total = row?.total ?? 0
            values.append(.integer(Int64(total)))
            values.append(row?.latestOverall.map { AttributeValue.string($0) } ?? zero(.none))
            for (t, _) in themes.enumerated() {
                values.append(.integer(Int64(row?.counts[t] ?? 0)))
                values.append(row?.share(t).map { AttributeValue.real($0) } ?? zero(.undefined))
                if ratingField != nil {
                    values.append(row?.meanRating(t).map { AttributeValue.real($0) } ?? zero(.undefined))
                    values.append(.integer(Int64(row?.ratingCounts[t] ?? 0)))
                }
                values.append(row?.latest[t].map { AttributeValue.string($0) } ?? zero(.none))
            }
            for gap in gaps {
                let count = Double(themes.firstIndex(of: gap.theme).flatMap { row?.counts[$0] } ?? 0)
                let residents = (gap.population ?? population).flatMap { layer.observationValue($0, of: feature) }
                let perThousand: Double? = residents.flatMap { $0 > 0 ? count / $0 * 1000 : nil }
                values.append(perThousand.map { AttributeValue.real($0) } ?? .missing(.undefined))
                let indicator = layer.observationValue(gap.indicator, of: feature)
                values.append(
                    gap.flag(perThousand: perThousand, indicator: indicator).map { AttributeValue.string($0.rawValue) }
                        ?? .missing(.undefined))
            }
            result.features[index].attributes += values
        }
        return result
    }

    /// Each written field and what it is computed from (the plan's lineage, which suppression follows).
    package func lineage(population: String?) -> [String: [String]] {
        let themes = vocabulary.themes.map(\.id)
        var lineage: [String: [String]] = [
            totalField: themes.map(countField), allLatestField: [totalField],
        ]
        for theme in themes {
            lineage[shareField(theme)] = [countField(theme), totalField]
            if ratingField != nil {
                lineage[ratingCountField(theme)] = [countField(theme)]
                lineage[ratingMeanField(theme)] = [ratingCountField(theme), countField(theme)]
            }
            lineage[latestField(theme)] = [countField(theme)]
        }
        for gap in gaps {
            let residents = [gap.population ?? population].compactMap { $0 }
            lineage[perThousandField(gap)] = [countField(gap.theme)] + residents
            lineage[gapField(gap)] = [countField(gap.theme), gap.indicator] + residents
        }
        return lineage
    }
}

extension FeatureLayer {
    /// A numeric field's value in a feature of the layer (nil: no such field, or not a number).
    func observationValue(_ field: String, of feature: Feature) -> Double? {
        guard let column = fieldIndex(field), column < feature.attributes.count else { return nil }
        return feature.attributes[column].doubleValue
    }
}
