/// What `manifest.json` says about an `[[observations]]` step (`observations`): the themes and the fields that hold
/// them on every level, the perception-gap pairs, the attribution and whether the records are synthetic. Only
/// structure: no count, no text (the manifest of a published job is public). The atlas and the profiles read it.
package struct ObservationsRecord: Codable, Sendable, Equatable {
    package struct Theme: Codable, Sendable, Equatable {
        package var id: String
        package var title: String
        package var description: String?
        /// The fields of the theme on every level it was aggregated to.
        package var count: String
        package var share: String
        package var rating: String?
        package var ratingN: String?
        package var latest: String

        enum CodingKeys: String, CodingKey {
            case id, title, description, count, share, rating, latest
            case ratingN = "rating_n"
        }
    }

    package struct Gap: Codable, Sendable, Equatable {
        package var theme: String
        package var indicator: String
        /// The indicator's "problem" class, e.g. `< 0.8`.
        package var problem: String
        package var reportedPer1000: Double
        package var population: String?
        package var perThousand: String
        package var flag: String
        /// The flag's values, in order.
        package var flags: [String]

        enum CodingKeys: String, CodingKey {
            case theme, indicator, problem, population, flag, flags
            case reportedPer1000 = "reported_per_1000"
            case perThousand = "per_1000"
        }
    }

    package var name: String
    package var input: String?
    /// Whether the run also read the records the server received (`POST /observations`).
    package var store: Bool
    package var total: String
    package var latest: String
    package var themes: [Theme]
    package var gaps: [Gap]
    /// "areas" and the roll-up levels carrying the fields.
    package var levels: [String]
    package var ratingRange: [Double]?
    package var attribution: String?
    package var synthetic: Bool
    /// The free text and the records' places stay internal (`<name>_records.csv`); never a public point.
    package var textTier: OutputTier

    enum CodingKeys: String, CodingKey {
        case name, input, store, total, latest, themes, gaps, levels, attribution, synthetic
        case ratingRange = "rating_range"
        case textTier = "text_tier"
    }
}

extension ObservationsSpec {
    func manifestRecord(attribution: String?, levels: [String], population: String?) -> ObservationsRecord {
        ObservationsRecord(
            name: name, input: input, store: store, total: totalField, latest: allLatestField,
            themes: vocabulary.themes.map { theme in
                ObservationsRecord.Theme(
                    id: theme.id, title: theme.title, description: theme.description, count: countField(theme.id),
                    share: shareField(theme.id), rating: ratingField == nil ? nil : ratingMeanField(theme.id),
                    ratingN: ratingField == nil ? nil : ratingCountField(theme.id), latest: latestField(theme.id))
            },
            gaps: gaps.map { gap in
                ObservationsRecord.Gap(
                    theme: gap.theme, indicator: gap.indicator, problem: gap.problem.text,
                    reportedPer1000: gap.reportedPerThousand, population: gap.population ?? population,
                    perThousand: perThousandField(gap), flag: gapField(gap),
                    flags: PerceptionGap.Flag.allCases.map(\.rawValue))
            },
            levels: levels, ratingRange: ratingField == nil ? nil : [ratingRange.lowerBound, ratingRange.upperBound],
            attribution: attribution, synthetic: synthetic, textTier: .internal)
    }
}
