extension AttributeJoin {
    /// Adds the table's columns to the areas by precomputed keys (nil: no key), filling the report.
    /// - Parameter skipUnkeyedRows: rows without a key that are accounted for elsewhere (merged units).
    static func attach(
        areas: FeatureLayer, areaKeys: [String?], table: IndicatorTable, tableKeys: [String?], keyColumn: Int,
        duplicates: DuplicatePolicy, columns: [String]?, report: inout JoinReport, skipUnkeyedRows: Set<Int> = [],
        areaLabels: [String?]? = nil
    ) throws -> FeatureLayer {
        let names = table.columns.map(\.name)
        let columnIndexes = try attachedColumns(columns, of: table, keyColumn: keyColumn, tableName: report.table)

        var existing = Set(areas.fields.map(\.name))
        var newFields: [FieldDefinition] = []
        for index in columnIndexes {
            var field = table.columns[index]
            if existing.contains(field.name) {
                var name = field.name + "_table"
                var n = 2
                while existing.contains(name) {
                    name = field.name + "_table\(n)"
                    n += 1
                }
                report.renamedColumns[field.name] = name
                field.name = name
            }
            existing.insert(field.name)
            newFields.append(field)
        }

        var rowsByKey: [String: [Int]] = [:]
        for (row, key) in tableKeys.enumerated() {
            guard let key else {
                if !skipUnkeyedRows.contains(row) {
                    report.unmatchedTableRows.append("line \(table.lineNumbers[row]) (no key)")
                }
                continue
            }
            rowsByKey[key, default: []].append(row)
        }
        report.duplicateKeys = rowsByKey.filter { $0.value.count > 1 }.keys.sorted()
        // Summing applies to counts: a numeric column with a fractional value in a duplicated row is a share, a
        // rate or a mean, which adding would turn into nonsense (26.6 % + 24.1 %).
        let duplicatedRows = report.duplicateKeys.flatMap { rowsByKey[$0] ?? [] }
        let notCounts = columnIndexes.filter { column in
            table.columns[column].type.isNumeric
                && duplicatedRows.contains { row in
                    guard let x = table.rows[row][column].doubleValue else { return false }
                    return x != x.rounded() || x < 0
                }
        }.map { names[$0] }
        if !report.duplicateKeys.isEmpty && duplicates == .error {
            let shown = report.duplicateKeys.prefix(10).joined(separator: ", ")
            let choices =
                notCounts.isEmpty
                ? "choose duplicates = \"first\" or \"sum\" (--duplicates first|sum)"
                : "choose duplicates = \"first\" (--duplicates first); \"sum\" adds counts only, and "
                    + notCounts.map { "'\($0)'" }.joined(separator: ", ") + " hold fractional values"
            throw JoinError(
                "table '\(report.table)' has \(report.duplicateKeys.count) duplicate keys (\(shown)); fix the table, or "
                    + choices)
        }
        if !report.duplicateKeys.isEmpty && duplicates == .sum && !notCounts.isEmpty {
            throw JoinError(
                "table '\(report.table)': duplicates = \"sum\" adds counts only, but "
                    + notCounts.map { "'\($0)'" }.joined(separator: ", ")
                    + " hold fractional or negative values (shares, rates or means) in rows of duplicate keys ("
                    + report.duplicateKeys.prefix(5).joined(separator: ", ")
                    + "); leave them out of columns, join them with duplicates = \"first\", or join their numerator "
                    + "and denominator and declare a [[rate]]")
        }

        var result = areas
        result.fields += newFields
        let allAreaKeys = Set(areaKeys.compactMap { $0 })
        for (i, key) in areaKeys.enumerated() {
            if let key, let rows = rowsByKey[key] {
                result.features[i].attributes += values(
                    of: rows, columns: columnIndexes, table: table, policy: duplicates)
                report.matched += 1
            } else {
                result.features[i].attributes += Array(repeating: .missing(.noRow), count: columnIndexes.count)
                let label = areaLabels?[i] ?? key
                report.areasWithoutRow.append(label ?? "feature \(areas.features[i].fid.map(String.init) ?? "\(i)")")
            }
        }
        report.unmatchedTableRows += rowsByKey.keys.filter { !allAreaKeys.contains($0) }.sorted()
        if report.matched == 0, !rowsByKey.isEmpty, !allAreaKeys.isEmpty {
            // Not one key in common: another key column, another geography or keys written another way; joining
            // would give every area `no_row` and look like a result.
            let tableSample = rowsByKey.keys.sorted().prefix(3).joined(separator: ", ")
            let areaSample = allAreaKeys.sorted().prefix(3).joined(separator: ", ")
            var error = JoinError(
                "table '\(report.table)': none of its \(rowsByKey.count) keys is the key of one of the "
                    + "\(allAreaKeys.count) areas (table: \(tableSample), …; areas: \(areaSample), …); check the table's "
                    + "key column and the areas' id field"
                    + leadingZeroHints(report, areaKeys: areaKeys).map { "; \($0)" }.joined())
            error.noKeyInCommon = true
            throw error
        }
        let attached = Set(columnIndexes.map { names[$0] })
        report.badCells = table.badCells.filter { attached.contains($0.column) }
        return result
    }

    /// The table columns a join adds: the named ones, or all but the key.
    static func attachedColumns(
        _ columns: [String]?, of table: IndicatorTable, keyColumn: Int, tableName: String
    ) throws -> [Int] {
        let names = table.columns.map(\.name)
        return try columns?.map { try fieldIndex($0, in: names, of: "table '\(tableName)'") }
            ?? table.columns.indices.filter { $0 != keyColumn }
    }

    /// The values of one key: its row, or under `.sum` the numeric columns summed over its rows.
    static func values(
        of rows: [Int], columns: [Int], table: IndicatorTable, policy: DuplicatePolicy
    ) -> [AttributeValue] {
        let first = rows[0]  // a key is in the dictionary only with at least one row
        guard rows.count > 1, policy == .sum else { return columns.map { table.rows[first][$0] } }
        return columns.map { column in
            guard table.columns[column].type.isNumeric else { return table.rows[first][column] }
            let present = rows.map { table.rows[$0][column] }.filter { !$0.isMissing }
            guard !present.isEmpty else { return table.rows[first][column] }
            if table.columns[column].type == .real {
                return .real(present.compactMap(\.doubleValue).reduce(0, +))
            }
            var total: Int64 = 0
            for case .integer(let i) in present {
                let (sum, overflow) = total.addingReportingOverflow(i)
                // Beyond Int64 the sum is carried as a real number rather than trapping.
                if overflow { return .real(present.compactMap(\.doubleValue).reduce(0, +)) }
                total = sum
            }
            return .integer(total)
        }
    }

    /// Advice when unmatched table keys match an area once zero-padded: they lost their leading zeros.
    static func leadingZeroHints(_ report: JoinReport, areaKeys: [String?]) -> [String] {
        let keys = areaKeys.compactMap { $0 }
        let widths = Dictionary(grouping: keys.filter(\.isAllASCIIDigits), by: \.utf8.count)
        guard let width = widths.max(by: { $0.value.count < $1.value.count })?.key else { return [] }
        let known = Set(keys)
        let fixable = report.unmatchedTableRows.filter { key in
            key.utf8.count < width && key.isAllASCIIDigits
                && known.contains(String(repeating: "0", count: width - key.utf8.count) + key)
        }
        guard let example = fixable.first else { return [] }
        let padded = String(repeating: "0", count: width - example.utf8.count) + example
        return [
            "\(fixable.count) unmatched table keys match an area once padded with zeros to \(width) characters "
                + "(\(example) → \(padded)): they lost their leading zeros; set zero_pad = \(width) (--zero-pad \(width))"
        ]
    }
}
