import CGDAL
import QuartierModel

/// Reads a whole layer through GDAL's columnar Arrow stream (`OGR_L_GetArrowStream`, GDAL ≥ 3.6): record batches of
/// columns instead of one feature at a time, geometries as WKB decoded straight into values. It gives the layer the
/// feature cursor gives — same features, attributes, geometries and report — or nil when the stream is not offered
/// or its schema holds a column it does not read (lists, binary fields, times, float32, several geometry fields);
/// the caller then reads the layer with the cursor. The stream and its batches never leave this type.
///
/// See https://gdal.org/en/stable/tutorials/vector_api_tut.html#reading-from-a-layer-using-the-arrow-c-stream-interface
struct ArrowLayerReader {
    let layer: VectorLayer
    let options: ReadOptions
    /// The indices (in the layer definition) of the fields read, in order; the others are ignored by GDAL.
    let fieldIndices: [Int32]
    /// The most fields read from a GeoPackage through the stream (the FID, the geometry and the fields are arguments
    /// of one SQL function, at most 127 of them in SQLite before 3.48).
    static let widestGeoPackage = 100

    /// The columns of a batch: the FID, the fields in order, the geometry (if the layer has one).
    private struct Plan {
        var fid: ArrowColumn.Layout
        /// The layouts of the field columns, in the layer's order.
        var fields: [ArrowColumn.Layout]
        /// For each field read, in the order asked, its column among `fields`.
        var order: [Int]
        var geometry: ArrowColumn.Layout?
    }

    /// The features and the geometry report, or nil when the layer is to be read by the cursor.
    /// - Throws: `GDALError(.readFailed)` when the stream fails — half-way too: a failed batch is never taken for
    ///   the end of the layer —, `.tooLarge` and `.transformFailed` as the cursor does.
    func read() throws -> (features: [Feature], report: GeometryReport)? {
        // GDAL 3.6's GeoPackage stream passes every column to one SQL function, and SQLite refuses more than 127
        // arguments ("too many arguments on function OGR_GPKG_FillArrowArray_Step"): wide tables go to the cursor.
        if Set(fieldIndices).count > Self.widestGeoPackage, layer.dataset.driverName == "GPKG" { return nil }
        CPLErrorState.reset()
        OGR_L_ResetReading(layer.handle)
        if let failure = CPLErrorState.takeFailure() {
            throw layer.readError("reading the layer failed", gdalMessage: failure)
        }
        var stream = ArrowArrayStream()
        let streamOptions = CStringList(["INCLUDE_FID=YES"])
        guard OGR_L_GetArrowStream(layer.handle, &stream, streamOptions.pointer) else {
            CPLErrorState.reset()
            return nil
        }
        defer { stream.release?(&stream) }
        var schema = ArrowSchema()
        guard let getSchema = stream.get_schema, getSchema(&stream, &schema) == 0 else { return nil }
        defer { schema.release?(&schema) }
        guard let plan = makePlan(schema) else { return nil }
        return try readBatches(&stream, plan: plan)
    }

    /// The plan for a schema, when every column is one the cursor's values can be read from.
    private func makePlan(_ schema: ArrowSchema) -> Plan? {
        guard let definition = OGR_L_GetLayerDefn(layer.handle), OGR_FD_GetGeomFieldCount(definition) <= 1,
            schema.format.map({ String(cString: $0) }) == "+s", let children = schema.children
        else { return nil }
        let hasGeometry = OGR_FD_GetGeomFieldCount(definition) == 1
        let count = 1 + Set(fieldIndices).count + (hasGeometry ? 1 : 0)
        guard schema.n_children == Int64(count) else { return nil }
        func column(_ i: Int) -> (name: String, format: String)? {
            guard let child = children[i], let format = child.pointee.format else { return nil }
            return (child.pointee.name.map { String(cString: $0) } ?? "", String(cString: format))
        }
        guard let fid = column(0), fid.format == "l" else { return nil }
        // GDAL gives the fields in the layer's order; the features have them in the order asked.
        let stored = Array(Set(fieldIndices)).sorted()
        var layouts: [ArrowColumn.Layout] = []
        for (position, index) in stored.enumerated() {
            guard let field = OGR_FD_GetFieldDefn(definition, index), let column = column(1 + position),
                column.name == OGR_Fld_GetNameRef(field).map({ String(cString: $0) }),
                let layout = ArrowColumn.Layout(format: column.format), !Self.isBinary(layout)
            else { return nil }
            layouts.append(layout)
        }
        let order = fieldIndices.compactMap { stored.firstIndex(of: $0) }
        var geometry: ArrowColumn.Layout?
        if hasGeometry {
            guard let column = column(count - 1), let layout = ArrowColumn.Layout(format: column.format),
                Self.isBinary(layout)
            else { return nil }
            geometry = layout
        }
        return Plan(fid: .int64, fields: layouts, order: order, geometry: geometry)
    }

    private static func isBinary(_ layout: ArrowColumn.Layout) -> Bool {
        if case .binary = layout { return true }
        return false
    }

    private func readBatches(_ stream: inout ArrowArrayStream, plan: Plan) throws -> ([Feature], GeometryReport) {
        let checks = GeometryChecks(options: options, layer: layer)
        var report = GeometryReport()
        var features: [Feature] = []
        guard let getNext = stream.get_next else { throw layer.readError("the Arrow stream has no get_next") }
        while true {
            var batch = ArrowArray()
            CPLErrorState.reset()
            let code = getNext(&stream, &batch)
            let failure = CPLErrorState.takeFailure()
            if code != 0 || failure != nil {
                batch.release?(&batch)
                let message = stream.get_last_error?(&stream).map { String(cString: $0) }
                throw layer.readError(
                    "reading a batch of features failed after \(report.featuresRead) features "
                        + "(Arrow stream, error \(code))",
                    gdalMessage: failure ?? message ?? CPLErrorState.lastFailure)
            }
            guard batch.release != nil else { return (features, report) }
            defer { batch.release?(&batch) }
            try withUnsafePointer(to: &batch) { pointer in
                try read(pointer, plan: plan, checks: checks, into: &features, report: &report)
            }
        }
    }

    /// Appends the features of one batch.
    private func read(
        _ batch: UnsafePointer<ArrowArray>, plan: Plan, checks: GeometryChecks, into features: inout [Feature],
        report: inout GeometryReport
    ) throws {
        let parentOffset = Int(batch.pointee.offset)
        let rows = Int(batch.pointee.length)
        guard let children = batch.pointee.children,
            batch.pointee.n_children == Int64(1 + plan.fields.count + (plan.geometry == nil ? 0 : 1))
        else {
            throw layer.readError("an Arrow batch does not have the columns of its schema")
        }
        func view(_ i: Int, _ layout: ArrowColumn.Layout) throws -> ArrowColumn {
            guard let child = children[i], let column = ArrowColumn(child, layout: layout, parentOffset: parentOffset)
            else { throw layer.readError("column \(i) of an Arrow batch has no values") }
            return column
        }
        let fid = try view(0, plan.fid)
        let fields = try plan.fields.enumerated().map { try view(1 + $0.offset, $0.element) }
        let geometry = try plan.geometry.map { try view(1 + fields.count, $0) }
        features.reserveCapacity(features.count + rows)
        for row in 0..<rows {
            if let maximum = options.maximumFeatures, report.featuresRead >= maximum {
                throw layer.tooManyFeatures(maximum)
            }
            let id = fid.int64(row) ?? Int64(OGRNullFID)
            var value: Geometry?
            if let geometry, !geometry.isNull(row) {
                value = try geometry.withBytes(row) { try checks.value(ofWKB: $0, fid: id, report: &report) }
            } else {
                value = try checks.value(of: nil, fid: id, report: &report)
            }
            let attributes = plan.order.map { fields[$0].value(row) }
            report.featuresRead += 1
            if let progress = options.progress, report.featuresRead % options.progressInterval == 0 {
                progress(report.featuresRead)
            }
            features.append(Feature(fid: id == Int64(OGRNullFID) ? nil : id, geometry: value, attributes: attributes))
        }
    }
}
