import Foundation
import Logging
import QuartierGDAL
import QuartierModel

extension RollUpStep: PlanStep {
    var timingName: String? { "rollup:\(name)" }

    /// Aggregates the areas to a parent level (counts summed, rates recomputed from the sums, weighted means);
    /// the parents' geometries come from a parent layer or are dissolved from their members. The level and each
    /// area's parent key go into the state.
    func apply(to state: inout AnalysisState) throws -> StepReport {
        let context = state.context
        let (areas, idField, logger) = (state.areas, context.idField, context.logger)
        let step = self
        guard let idIndex = areas.fieldIndex(idField) else { throw QuartierError.internal("areas lost their id field") }
        let areaKeys = areas.features.map { $0.attributes[idIndex].stringValue }
        var parentLayer: (layer: FeatureLayer, keyIndex: Int)?
        func loadParents(_ name: String) throws -> (FeatureLayer, Int) {
            if let parentLayer { return parentLayer }
            let parentSpec = try context.input(name)
            let (layer, ref) = try PointLoader.load(parentSpec, working: context.working, logger: logger)
            state.inputRefs.append(ref)
            guard let keyIndex = layer.fieldIndex(step.key) ?? parentSpec.idField.flatMap({ layer.fieldIndex($0) })
            else {
                throw QuartierError.user(
                    "[[rollup]] '\(step.name)': input '\(name)' has no field '\(step.key)' (the parent key); fields: "
                        + layer.fields.map(\.name).joined(separator: ", "))
            }
            parentLayer = (layer, keyIndex)
            return (layer, keyIndex)
        }

        let parentKeys: [String?]
        switch step.assignment {
        case .prefix(let n):
            parentKeys = areaKeys.map { key in key.flatMap { $0.count >= n ? String($0.prefix(n)) : nil } }
        case .field(let field):
            guard let f = areas.fieldIndex(field) else {
                throw QuartierError.user("[[rollup]] '\(step.name)': the areas have no field '\(field)'")
            }
            parentKeys = areas.features.map { $0.attributes[f].stringValue }
        case .mapping(let input, let child, let parent):
            let (table, ref) = try TableLoader.load(
                try context.input(input), textColumns: [child, parent], logger: logger)
            state.inputRefs.append(ref)
            guard let c = table.columnIndex(child), let p = table.columnIndex(parent) else {
                throw QuartierError.user(
                    "[[rollup]] '\(step.name)': mapping '\(input)' needs columns '\(child)' and '\(parent)'")
            }
            var map: [String: String] = [:]
            for row in table.rows {
                if let k = row[c].keyText, let v = row[p].keyText { map[k] = v }
            }
            parentKeys = areaKeys.map { $0.flatMap { map[$0] } }
        case .containment(let input):
            let (layer, keyIndex) = try loadParents(input)
            let index = PolygonIndex(layer.features.map(\.geometry))
            parentKeys = areas.features.map { area in
                guard let geometry = area.geometry, let point = GeometryOperations.pointOnSurface(geometry),
                    let parent = index.locate(point)
                else { return nil }
                return layer.features[parent].attributes[keyIndex].stringValue
            }
        }

        var geometries: [String: Geometry] = [:]
        if let source = step.geometry
            ?? { if case .containment(let c) = step.assignment { return c } else { return nil } }()
        {
            let (layer, keyIndex) = try loadParents(source)
            for feature in layer.features {
                if let key = feature.attributes[keyIndex].stringValue, let g = feature.geometry { geometries[key] = g }
            }
        } else {
            var members: [String: [Geometry]] = [:]
            for (i, key) in parentKeys.enumerated() {
                if let key, let g = areas.features[i].geometry { members[key, default: []].append(g) }
            }
            for (key, parts) in members { geometries[key] = try GeometryOperations.union(parts) }
        }

        var sums = step.sums
        for field in state.countFields where !sums.contains(field) { sums.append(field) }
        let rates = context.analysis?.steps.rates ?? []
        let rollupSpec = RollUpSpec(
            name: step.name, keyField: step.key, sums: sums, rates: rates, weighted: step.weighted)
        do {
            var (layer, report) = try RollUp.aggregate(
                areas: areas, idField: idField, parentKeys: parentKeys, spec: rollupSpec, geometries: geometries,
                units: state.mergedUnits)
            for (unit, parents) in (report.straddlingUnits ?? [:]).sorted(by: { $0.key < $1.key }) {
                let what = "[[rollup]] '\(step.name)': merged unit '\(unit)' lies in several parents"
                let consequence = "their values of its fields are null with status incomplete"
                logger.warning("\(what) (\(parents.joined(separator: ", "))): \(consequence)")
            }
            let unnamed = Set(layer.fields.map(\.name))
            if !names.isEmpty {
                layer = withNames(layer, field: nameField ?? "name") { names[$0].map { .string($0) } }
            } else if let (parents, keyIndex) = parentLayer {
                layer = try withNames(layer, from: parents, keyIndex: keyIndex)
            }
            state.rollups[step.name] = RolledUpLayer(
                layer: layer, key: step.key, memberships: parentKeys, weighted: step.weighted, sums: sums,
                nameField: layer.fields.first { !unnamed.contains($0.name) }?.name)
            return .rollup(report)
        } catch let error as JoinError {
            throw ContextError(
                context: context.place("[[rollup]] '\(step.name)'", line: step.line), underlying: error)
        }
    }

    /// The parents with their names from the parent input, after the key: the declared `name_field`, else the
    /// first text field called `name`, `GEN` or `…_NAME` (any case).
    /// - Throws: `QuartierError.user` when the declared field is not in the parent input.
    func withNames(_ layer: FeatureLayer, from parents: FeatureLayer, keyIndex: Int) throws -> FeatureLayer {
        let keyName = parents.fields[keyIndex].name
        let detected = parents.fields.first { field in
            let lower = field.name.lowercased()
            return field.type == .string && field.name != keyName
                && (lower == "name" || lower == "gen" || lower.hasSuffix("_name") || lower == "bezeichnung")
        }?.name
        guard let field = nameField ?? detected else { return layer }
        guard let nameIndex = parents.fieldIndex(field) else {
            throw QuartierError.user(
                "[[rollup]] '\(name)': name_field '\(field)' is not a field of the parent input; fields: "
                    + parents.fields.map(\.name).joined(separator: ", "))
        }
        var names: [String: AttributeValue] = [:]
        for feature in parents.features {
            guard keyIndex < feature.attributes.count, nameIndex < feature.attributes.count,
                let id = feature.attributes[keyIndex].stringValue
            else { continue }
            names[id] = feature.attributes[nameIndex]
        }
        return withNames(layer, field: field) { names[$0] }
    }

    /// The layer with a text field `field` after the key, each parent's value given by `name` (missing: no row).
    func withNames(_ layer: FeatureLayer, field: String, name: (String) -> AttributeValue?) -> FeatureLayer {
        guard layer.fieldIndex(field) == nil, let key = layer.fieldIndex(self.key) else { return layer }
        var result = layer
        result.fields.insert(FieldDefinition(name: field, type: .string), at: key + 1)
        for i in result.features.indices {
            let id = result.features[i].attributes[key].stringValue
            result.features[i].attributes.insert(id.flatMap(name) ?? .missing(.noRow), at: key + 1)
        }
        return result
    }
}
