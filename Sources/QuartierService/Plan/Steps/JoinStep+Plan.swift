import QuartierModel

extension JoinStep: PlanStep {
    var timingName: String? { "join:\(table)" }

    /// Reads the table and joins it to the areas by key (the areas' id field against `key`) or by name; the
    /// joined columns are indicators.
    func apply(to state: inout AnalysisState) throws -> StepReport {
        let context = state.context
        let keyColumn = byName?.table ?? key ?? context.idField
        var (table, ref) = try TableLoader.load(
            try context.input(table), textColumns: [keyColumn], logger: context.logger)
        state.inputRefs.append(ref)
        let before = state.areas.fields.count
        let (result, report): (FeatureLayer, JoinReport)
        do {
            if let validity { table = try validity.apply(to: table, tableName: self.table).0 }
            if let byName {
                let units: [MergedUnit]
                (result, report, units) = try AttributeJoin.byNameKeepingUnits(
                    areas: state.areas, areaField: byName.area, table: table, tableName: self.table,
                    tableField: byName.table, aliases: aliases, duplicates: duplicates, columns: columns)
                state.mergedUnits += units
            } else {
                (result, report) = try AttributeJoin.byKey(
                    areas: state.areas, areaKey: context.idField, table: table, tableName: self.table,
                    tableKey: keyColumn, normalization: normalization, duplicates: duplicates, columns: columns)
            }
        } catch let error as JoinError where context.analysis != nil {
            throw ContextError(
                context: context.place("[[join]] of '\(self.table)'", line: line), underlying: error)
        } catch var error as JoinError where error.noKeyInCommon {
            // A single command: the areas' file is the other half of a join without a key in common.
            error.message += context.areasFile.map { " (areas: \($0))" } ?? ""
            throw error
        }
        state.areas = result
        state.mark(result.fields[before...].map(\.name), as: .indicator)
        return .join(report)
    }
}
