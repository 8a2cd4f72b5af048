/// Joins an indicator table to areas, by key or by name, adding the table's columns to every area.
/// An area without a row gets null with status `no_row`; nothing unmatched is dropped without a
/// report entry.
package enum AttributeJoin {
    /// Joins on a key field of the areas and a key column of the table.
    /// - Parameters:
    ///   - columns: table columns to add (default: all but the key).
    /// - Throws: `JoinError` for unknown fields, a zero padding out of range, or duplicate keys under
    ///   `DuplicatePolicy.error`.
    package static func byKey(
        areas: FeatureLayer, areaKey: String, table: IndicatorTable, tableName: String, tableKey: String,
        normalization: KeyNormalization = KeyNormalization(), duplicates: DuplicatePolicy = .error,
        columns: [String]? = nil
    ) throws -> (FeatureLayer, JoinReport) {
        if let problem = normalization.zeroPadProblem { throw JoinError("table '\(tableName)': \(problem)") }
        let areaIndex = try fieldIndex(areaKey, in: areas.fields.map(\.name), of: "area layer")
        let keyIndex = try fieldIndex(tableKey, in: table.columns.map(\.name), of: "table '\(tableName)'")
        let areaKeys = areas.features.map { normalization.key($0.attributes[areaIndex]) }
        let tableKeys = table.rows.map { normalization.key($0[keyIndex]) }
        var report = JoinReport(table: tableName)
        report.dialect = table.dialect
        let result = try attach(
            areas: areas, areaKeys: areaKeys, table: table, tableKeys: tableKeys, keyColumn: keyIndex,
            duplicates: duplicates, columns: columns, report: &report)
        if normalization.zeroPad == nil { report.hints += leadingZeroHints(report, areaKeys: areaKeys) }
        return (result, report)
    }

    /// Joins on normalised names (`NameNormalizer`), with an alias map for units the table merges:
    /// `["Moorburg und Altenwerder": ["Moorburg", "Altenwerder"]]` gives each member null with status
    /// `merged` and records the unit in the report (its value belongs to no single area).
    package static func byName(
        areas: FeatureLayer, areaField: String, table: IndicatorTable, tableName: String, tableField: String,
        aliases: [String: [String]] = [:], duplicates: DuplicatePolicy = .error, columns: [String]? = nil
    ) throws -> (FeatureLayer, JoinReport) {
        let (layer, report, _) = try byNameKeepingUnits(
            areas: areas, areaField: areaField, table: table, tableName: tableName, tableField: tableField,
            aliases: aliases, duplicates: duplicates, columns: columns)
        return (layer, report)
    }

    /// `byName`, also returning the merged units with their rows' values (under the field names the join gave
    /// them), for the roll-ups and suppression.
    package static func byNameKeepingUnits(
        areas: FeatureLayer, areaField: String, table: IndicatorTable, tableName: String, tableField: String,
        aliases: [String: [String]] = [:], duplicates: DuplicatePolicy = .error, columns: [String]? = nil
    ) throws -> (FeatureLayer, JoinReport, [MergedUnit]) {
        let areaIndex = try fieldIndex(areaField, in: areas.fields.map(\.name), of: "area layer")
        let nameIndex = try fieldIndex(tableField, in: table.columns.map(\.name), of: "table '\(tableName)'")
        var report = JoinReport(table: tableName)
        report.dialect = table.dialect
        var areaKeys = areas.features.map { $0.attributes[areaIndex].stringValue.map(NameNormalizer.key) }
        var counts: [String: Int] = [:]
        for key in areaKeys.compactMap({ $0 }) { counts[key, default: 0] += 1 }
        let ambiguous = Set(counts.filter { $0.value > 1 }.keys)
        if !ambiguous.isEmpty {
            report.ambiguousAreaNames = areas.features.compactMap { f -> String? in
                guard let name = f.attributes[areaIndex].stringValue, ambiguous.contains(NameNormalizer.key(name))
                else { return nil }
                return name
            }.sorted()
            areaKeys = areaKeys.map { $0.flatMap { ambiguous.contains($0) ? nil : $0 } }
        }
        // Merged units: their rows are attached to no area; members get status `merged`.
        let aliasKeys = Dictionary(
            aliases.map { (NameNormalizer.key($0.key), ($0.key, $0.value.map(NameNormalizer.key))) },
            uniquingKeysWith: { first, _ in first })
        var mergedMembers: Set<String> = []
        var unitRows: [String: [Int]] = [:]
        var tableKeys = table.rows.map { $0[nameIndex].stringValue.map(NameNormalizer.key) }
        for (i, key) in tableKeys.enumerated() {
            guard let key, let (name, members) = aliasKeys[key] else { continue }
            unitRows[name, default: []].append(i)
            report.merged[name] = members.compactMap { member in
                areas.features.first { $0.attributes[areaIndex].stringValue.map(NameNormalizer.key) == member }
                    .flatMap { $0.attributes[areaIndex].stringValue }
            }
            mergedMembers.formUnion(members)
            tableKeys[i] = nil
        }
        var result = try attach(
            areas: areas, areaKeys: areaKeys, table: table, tableKeys: tableKeys, keyColumn: nameIndex,
            duplicates: duplicates, columns: columns, report: &report,
            skipUnkeyedRows: Set(
                tableKeys.indices.filter { tableKeys[$0] == nil && table.rows[$0][nameIndex].stringValue != nil }),
            areaLabels: areas.features.map { $0.attributes[areaIndex].stringValue })
        let added = result.fields.count - areas.fields.count
        for (i, key) in areaKeys.enumerated() where key.map(mergedMembers.contains) == true {
            for column in areas.fields.count..<(areas.fields.count + added) {
                result.features[i].attributes[column] = .missing(.merged)
            }
            report.areasWithoutRow.removeAll { $0 == areas.features[i].attributes[areaIndex].stringValue }
        }
        let columnIndexes = try attachedColumns(columns, of: table, keyColumn: nameIndex, tableName: tableName)
        let addedNames = result.fields[areas.fields.count...].map(\.name)
        let units = unitRows.keys.sorted().compactMap { name -> MergedUnit? in
            guard let rows = unitRows[name], let memberNames = aliases[name] else { return nil }
            let row = values(of: rows, columns: columnIndexes, table: table, policy: duplicates)
            let keys = Set(memberNames.map(NameNormalizer.key))
            let members = areaKeys.indices.filter { areaKeys[$0].map(keys.contains) == true }
            let found = Set(members.compactMap { areaKeys[$0] })
            return MergedUnit(
                name: name, members: members,
                memberNames: members.map { areas.features[$0].attributes[areaIndex].stringValue ?? "#\($0 + 1)" },
                unknownMembers: memberNames.filter { !found.contains(NameNormalizer.key($0)) },
                values: Dictionary(zip(addedNames, row), uniquingKeysWith: { first, _ in first }))
        }
        for unit in units where !unit.unknownMembers.isEmpty {
            report.hints.append(
                "merged unit '\(unit.name)': " + unit.unknownMembers.map { "'\($0)'" }.joined(separator: ", ")
                    + " name no area (or an ambiguous one); a roll-up counts the unit in no parent whole")
        }
        return (result, report, units)
    }

    static func fieldIndex(_ name: String, in names: [String], of what: String) throws -> Int {
        guard let index = names.firstIndex(of: name) else {
            let similar = names.first { $0.lowercased() == name.lowercased() }
            throw JoinError(
                "the \(what) has no field '\(name)'"
                    + (similar.map { "; did you mean '\($0)'?" } ?? "; fields: " + names.joined(separator: ", ")))
        }
        return index
    }
}
