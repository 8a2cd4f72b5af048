import Foundation
package import QuartierModel

/// One observation as validated: its theme (from the vocabulary), where it is (an area key, a grid cell or a point),
/// and what else it carries. The free text never leaves the internal tier.
package struct ObservationRecord: Sendable, Equatable {
    /// Where a record is: the first of key, cell and coordinates it has.
    package enum Place: Sendable, Equatable {
        case key(String)
        case cell(String)
        /// Coordinates in the working CRS (a file's), or as sent (longitude/latitude in a POST).
        case point(Coordinate)

        /// `key`, `cell` or `coordinates`: how the record was located.
        package var kind: String {
            switch self {
            case .key: return "key"
            case .cell: return "cell"
            case .point: return "coordinates"
            }
        }
    }

    package var theme: String
    /// ISO 8601 day (`2024-05-17`).
    package var date: String?
    package var source: String?
    package var rating: Double?
    package var text: String?
    package var place: Place

    package init(
        theme: String, date: String? = nil, source: String? = nil, rating: Double? = nil, text: String? = nil,
        place: Place
    ) {
        self.theme = theme
        self.date = date
        self.source = source
        self.rating = rating
        self.text = text
        self.place = place
    }
}

/// A record as it arrives, every value as text (a file's row or a JSON object), before validation.
package struct RawObservation: Sendable {
    package var theme: String?
    package var date: String?
    package var source: String?
    package var rating: String?
    package var text: String?
    package var key: String?
    package var cell: String?
    package var point: Coordinate?

    package init(
        theme: String? = nil, date: String? = nil, source: String? = nil, rating: String? = nil, text: String? = nil,
        key: String? = nil, cell: String? = nil, point: Coordinate? = nil
    ) {
        self.theme = theme
        self.date = date
        self.source = source
        self.rating = rating
        self.text = text
        self.key = key
        self.cell = cell
        self.point = point
    }
}

/// Why a record was refused, naming the field (as `ObservationField`) so that each caller can say it in its own
/// terms (a file's column, a JSON member).
package struct ObservationProblem: Error, Sendable, Equatable {
    package enum Field: String, Sendable, CaseIterable {
        case theme, date, source, rating, text, key, cell, coordinates
    }

    package var field: Field
    package var message: String
}

/// Validates records against a vocabulary, the rating range and the areas: the one check behind a file's records
/// and `POST /observations`.
package struct ObservationValidator: Sendable {
    /// The longest free text kept (characters): a note, not a document.
    package static let maximumTextLength = 4_000
    /// The longest source label (characters).
    package static let maximumSourceLength = 200

    package let vocabulary: ObservationVocabulary
    package let ratingRange: ClosedRange<Double>
    /// The areas' keys, each with its row.
    package let areaKeys: [String: Int]
    /// The length of every area key when all have the same length (digit-only keys shorter than it get leading
    /// zeros back: `1100101` → `01100101`).
    package let keyLength: Int?
    /// The row of the area holding a point (in the CRS of `Place.point`), or nil.
    package let locate: @Sendable (Coordinate) -> Int?
    /// A Zensus cell's centre (EPSG:3035) in the CRS `locate` takes, or nil when it cannot be transformed.
    package let fromGrid: @Sendable (Coordinate) -> Coordinate?

    package init(
        vocabulary: ObservationVocabulary, ratingRange: ClosedRange<Double>, areaKeys: [String],
        locate: @escaping @Sendable (Coordinate) -> Int?, fromGrid: @escaping @Sendable (Coordinate) -> Coordinate?
    ) {
        self.vocabulary = vocabulary
        self.ratingRange = ratingRange
        var keys: [String: Int] = [:]
        for (row, key) in areaKeys.enumerated() where keys[key] == nil { keys[key] = row }
        self.areaKeys = keys
        let lengths = Set(areaKeys.map(\.count))
        keyLength = lengths.count == 1 ? lengths.first : nil
        self.locate = locate
        self.fromGrid = fromGrid
    }

    /// The record and the row of its area.
    /// - Throws: `ObservationProblem` naming the first field in error.
    package func validate(_ raw: RawObservation) throws -> (record: ObservationRecord, area: Int) {
        guard let theme = Self.trimmed(raw.theme) else {
            throw ObservationProblem(field: .theme, message: "the theme is missing")
        }
        guard vocabulary.theme(theme) != nil else {
            throw ObservationProblem(
                field: .theme,
                message: "unknown theme '\(Self.clipped(theme))'; the vocabulary has "
                    + vocabulary.themes.map(\.id).joined(separator: ", "))
        }
        var date: String?
        if let text = Self.trimmed(raw.date) {
            guard let day = Self.isoDay(text) else {
                throw ObservationProblem(
                    field: .date, message: "'\(Self.clipped(text))' is not a date (2024-05-17 or 17.05.2024)")
            }
            date = day
        }
        let source = Self.trimmed(raw.source)
        if let source, source.count > Self.maximumSourceLength {
            throw ObservationProblem(
                field: .source, message: "the source has \(source.count) characters; at most \(Self.maximumSourceLength)")
        }
        var rating: Double?
        if let text = Self.trimmed(raw.rating) {
            guard let value = Double(text.replacingOccurrences(of: ",", with: ".")), value.isFinite else {
                throw ObservationProblem(field: .rating, message: "'\(Self.clipped(text))' is not a number")
            }
            guard ratingRange.contains(value) else {
                throw ObservationProblem(
                    field: .rating,
                    message: "rating \(IndicatorLegend.label(value)) is out of range: it lies from "
                        + "\(IndicatorLegend.label(ratingRange.lowerBound)) to \(IndicatorLegend.label(ratingRange.upperBound))")
            }
            rating = value
        }
        let text = raw.text.flatMap { $0.isEmpty ? nil : $0 }
        if let text, text.count > Self.maximumTextLength {
            throw ObservationProblem(
                field: .text,
                message: "the text has \(text.count) characters; a note has at most \(Self.maximumTextLength)")
        }
        let place: ObservationRecord.Place
        let area: Int
        if let key = Self.trimmed(raw.key) {
            guard let row = row(ofKey: key) else {
                throw ObservationProblem(field: .key, message: "'\(Self.clipped(key))' is the key of no area")
            }
            (place, area) = (.key(key), row)
        } else if let cell = Self.trimmed(raw.cell) {
            guard let id = GridCellID(cell) else {
                throw ObservationProblem(
                    field: .cell, message: "'\(Self.clipped(cell))' is not a Zensus grid cell id (CRS3035RES100mN…E…)")
            }
            guard let centre = fromGrid(id.center), let row = locate(centre) else {
                throw ObservationProblem(field: .cell, message: "the centre of cell '\(cell)' lies outside every area")
            }
            (place, area) = (.cell(cell), row)
        } else if let point = raw.point {
            guard point.x.isFinite, point.y.isFinite else {
                throw ObservationProblem(field: .coordinates, message: "the coordinates are not numbers")
            }
            guard let row = locate(point) else {
                throw ObservationProblem(
                    field: .coordinates,
                    message: "(\(point.x), \(point.y)) lies outside every area")
            }
            (place, area) = (.point(point), row)
        } else {
            throw ObservationProblem(
                field: .key, message: "the record has no place: give the area key, a grid cell id or coordinates")
        }
        return (ObservationRecord(theme: theme, date: date, source: source, rating: rating, text: text, place: place), area)
    }

    /// The area row of a key, with leading zeros restored for a digit-only key shorter than every area key.
    func row(ofKey key: String) -> Int? {
        if let row = areaKeys[key] { return row }
        guard let keyLength, key.count < keyLength, key.allSatisfy(\.isASCII), key.allSatisfy(\.isNumber) else {
            return nil
        }
        return areaKeys[String(repeating: "0", count: keyLength - key.count) + key]
    }

    static func trimmed(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        return text
    }

    /// A value quoted in a message: at most 60 characters.
    static func clipped(_ text: String) -> String { text.count <= 60 ? text : String(text.prefix(60)) + "…" }

    /// `2024-05-17`, `2024/05/17`, `17.05.2024` or a date-time starting with a day → `2024-05-17`; nil otherwise.
    package static func isoDay(_ text: String) -> String? {
        let parts: [Substring]
        let yearFirst: Bool
        if text.contains(".") {
            parts = text.split(separator: ".", omittingEmptySubsequences: false)
            yearFirst = false
        } else {
            let day = text.prefix(10)
            parts = day.split(whereSeparator: { $0 == "-" || $0 == "/" })
            yearFirst = true
            if text.count > 10, !"T ".contains(text[text.index(text.startIndex, offsetBy: 10)]) { return nil }
        }
        guard parts.count == 3, let a = Int(parts[0]), let b = Int(parts[1]), let c = Int(parts[2]) else { return nil }
        let (year, month, day) = yearFirst ? (a, b, c) : (c, b, a)
        guard (1900...2200).contains(year), (1...12).contains(month) else { return nil }
        let days = [31, year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1...days[month - 1]).contains(day) else { return nil }
        return String(format: "%04d-%02d-%02d", year, month, day)
    }
}
