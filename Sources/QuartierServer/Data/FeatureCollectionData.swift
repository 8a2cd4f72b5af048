import Foundation
import QuartierModel
import QuartierService

/// One published result layer as an OGC API – Features collection, held in memory: features in the storage
/// CRS (the layer's own, e.g. the GeoPackage's EPSG:25833), their envelopes for `bbox`, an index of feature
/// ids, and each feature's GeoJSON bytes per CRS asked for (made on first use, then kept), so that a page is a
/// concatenation of prepared features.
final class FeatureCollectionData: Sendable {
    let id: String
    let title: String
    /// What the collection holds (its `description` in `/collections`).
    let description: String
    /// The job's output file the layer comes from.
    let file: String
    let storageCRS: CRSChoice
    /// The layer as read: fields, features (in the storage CRS) and CRS.
    let layer: FeatureLayer
    /// The field whose values are the feature ids (the area's id field), or nil (then the GeoPackage FID).
    let idField: String?
    let ids: [String]
    let index: [String: Int]
    /// Envelopes in the storage CRS (nil for features without geometry).
    let envelopes: [BoundingBox?]
    /// West, south, east, north in CRS84.
    let extent: [Double]?
    /// Who may read it: the tier of the output it was read from (`OutputTier`).
    let tier: OutputTier
    /// For a table in PostGIS: where pages are queried (`features` is then empty: nothing is held in memory).
    let database: DatabaseSource?
    private let encoded = Locked([CRSChoice: [[UInt8]]]())

    var fields: [FieldDefinition] { layer.fields }
    var features: [Feature] { layer.features }

    /// A layer held in memory (read from an output file, or made by the server as the hotspot diff), with its
    /// CRS84 GeoJSON prepared.
    /// - Parameters:
    ///   - idField: the id field the run's manifest records for the layer, when it does (and the layer has it).
    ///   - idCandidates: else, field names that may be the id (the analysis's input id fields), in order.
    ///   - description: what it holds; by default the layer's name, its file and its id field.
    ///   - tier: who may read it (internal unless the manifest says public).
    init(
        id: String, file: String, layer read: FeatureLayer, idField recorded: String? = nil, idCandidates: [String],
        description: String? = nil, tier: OutputTier = .internal
    ) throws {
        self.id = id
        self.tier = tier
        self.file = file
        database = nil
        layer = read
        title = read.name
        storageCRS = CRSChoice(storage: read.crs?.epsg)
        let chosen = recorded.flatMap { read.fieldIndex($0) != nil ? $0 : nil } ?? Self.idField(read, candidates: idCandidates)
        idField = chosen
        self.description = description ?? "Layer '\(read.name)' of \(file); feature ids: \(chosen ?? "row number")"
        let column = chosen.flatMap(read.fieldIndex)
        ids = read.features.enumerated().map { offset, feature in
            if let column, let text = feature.attributes[column].stringValue { return text }
            return String(feature.fid ?? Int64(offset + 1))
        }
        var index: [String: Int] = [:]
        for (offset, id) in ids.enumerated() where index[id] == nil { index[id] = offset }
        self.index = index
        envelopes = read.features.map { $0.geometry?.envelope }
        var whole: BoundingBox?
        for case let envelope? in envelopes {
            if whole == nil { whole = envelope } else { whole?.include(envelope) }
        }
        if let whole {
            let box = try Self.transform(whole, from: storageCRS, to: .crs84)
            extent = [box.minX, box.minY, box.maxX, box.maxY]
        } else {
            extent = nil
        }
        _ = try self.encoded(in: .crs84)
    }

    /// A table in PostGIS, described by the run's manifest: its columns, CRS and extent; its features are queried.
    init(id: String, table: DatabaseRecord.Table, source: DatabaseSource) throws {
        self.id = id
        tier = table.tier
        file = "\(table.schema).\(table.table)"
        database = source
        let crs = table.epsg.map { CRSDescription(epsg: $0, name: "EPSG:\($0)", wkt: "", isGeographic: $0 == 4326) }
        layer = FeatureLayer(
            name: table.layer, fields: table.columns ?? [], features: [], crs: crs,
            geometryType: table.geometryColumn == nil ? "None" : "Unknown")
        title = table.layer
        storageCRS = CRSChoice(storage: table.epsg)
        idField = table.idField
        description =
            "Layer '\(table.layer)' in PostGIS (\(table.schema).\(table.table), \(table.rows) features); feature ids: "
            + (table.idField ?? "row number")
        ids = []
        index = [:]
        envelopes = []
        if let numbers = table.extent, numbers.count == 4 {
            let box = try Self.transform(
                BoundingBox(minX: numbers[0], minY: numbers[1], maxX: numbers[2], maxY: numbers[3]), from: storageCRS,
                to: .crs84)
            extent = [box.minX, box.minY, box.maxX, box.maxY]
        } else {
            extent = nil
        }
    }

    /// The CRSs offered for this collection: the storage CRS first, then the common ones.
    var crs: [CRSChoice] { [storageCRS] + CRSChoice.offered.filter { $0 != storageCRS } }

    /// Every feature's GeoJSON in `crs`, in layer order.
    func encoded(in crs: CRSChoice) throws -> [[UInt8]] {
        if let done = encoded.withLock({ $0[crs] }) { return done }
        var transformer: Reprojection?
        if crs.definition != storageCRS.definition {
            transformer = try Reprojection(from: storageCRS.definition, to: crs.definition)
        }
        var list: [[UInt8]] = []
        list.reserveCapacity(features.count)
        for (offset, feature) in features.enumerated() {
            let geometry = try feature.geometry.map { try transformer?.transform($0) ?? $0 }
            list.append(FeatureJSON.feature(
                id: ids[offset], geometry: geometry, fields: fields, values: feature.attributes,
                latitudeFirst: crs.latitudeFirst))
        }
        encoded.withLock { $0[crs] = list }
        return list
    }

    /// A box in another CRS: its edges (10 points each) transformed and enclosed.
    static func transform(_ box: BoundingBox, from source: CRSChoice, to target: CRSChoice) throws -> BoundingBox {
        guard source.definition != target.definition else { return box }
        let transformer = try Reprojection(from: source.definition, to: target.definition)
        var points: [Coordinate] = []
        for step in 0...10 {
            let t = Double(step) / 10
            let x = box.minX + (box.maxX - box.minX) * t
            let y = box.minY + (box.maxY - box.minY) * t
            points += [Coordinate(x: x, y: box.minY), Coordinate(x: x, y: box.maxY),
                       Coordinate(x: box.minX, y: y), Coordinate(x: box.maxX, y: y)]
        }
        try transformer.transform(&points)
        guard let result = BoundingBox(covering: points) else { return box }
        return result
    }

    /// The first candidate present in the layer as a text or whole-number field whose values are all present
    /// and distinct; else the first text field with such values (a roll-up's `BEZ_ID`, the Kitas' `e_nr`). A
    /// measured value (a real number) is never an id, even when no two areas share it.
    static func idField(_ layer: FeatureLayer, candidates: [String]) -> String? {
        let text = layer.fields.filter { $0.type == .string }.map(\.name)
        let keys = Set(layer.fields.filter { [.string, .integer, .integer64].contains($0.type) }.map(\.name))
        for name in candidates + text where keys.contains(name) {
            guard let column = layer.fieldIndex(name) else { continue }
            let values = layer.features.compactMap { $0.attributes[column].stringValue }
            if values.count == layer.features.count, Set(values).count == values.count { return name }
        }
        return nil
    }
}

extension BoundingBox {
    func intersects(_ other: BoundingBox) -> Bool {
        minX <= other.maxX && other.minX <= maxX && minY <= other.maxY && other.minY <= maxY
    }
}
