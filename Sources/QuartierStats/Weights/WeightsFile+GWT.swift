extension WeightsFile {
    /// Reads a GWT file.
    ///
    /// - Parameters:
    ///   - ids: the layer's keys, giving the order of rows (needed when there are islands, which have no line);
    ///     nil: the ids in order of first appearance, and their number must match the header.
    /// - Returns: the weights as written (transform `.original`), neighbours in file order.
    /// - Throws: `WeightsError` `.malformedLine` (not three tokens, a weight that is not a finite number ≥ 0),
    ///   `.countMismatch`, `.missingRecord`, `.unknownID`, `.duplicateID` (a pair twice), `.selfNeighbor`.
    package static func readGWT(_ text: String, ids: [String]?) throws -> SpatialWeights {
        let lines = Lines(text)
        let n = try lines.header()
        var entries: [(origin: String, destination: String, weight: Double, line: Int)] = []
        var firstSeen: [(id: String, line: Int)] = []
        var seen = Set<String>()
        for l in stride(from: 2, through: lines.count, by: 1) {
            let tokens = lines[l]
            if tokens.isEmpty { continue }
            guard tokens.count == 3 else {
                throw WeightsError.malformed(
                    "expected '<origin> <destination> <weight>', found '\(lines.text(l))'", line: l)
            }
            guard let weight = Double(tokens[2]), weight.isFinite, weight >= 0 else {
                throw WeightsError.malformed("weight '\(tokens[2])' is not a finite number ≥ 0", line: l)
            }
            entries.append((tokens[0], tokens[1], weight, l))
            for id in tokens[0...1] where seen.insert(id).inserted {
                firstSeen.append((id, l))
            }
        }
        var rows = try RowIndex(fileIDs: firstSeen, declared: n, ids: ids, everyRecord: false)
        for entry in entries {
            // Every id of `firstSeen` has a row, or `RowIndex.init` threw.
            guard let row = rows.row(of: entry.origin) else { continue }
            try rows.append(entry.destination, weight: entry.weight, to: row, line: entry.line)
        }
        return rows.build()
    }

    /// Writes a GWT file with the header `0 n layer key`, one line per neighbour pair, rows in the order of
    /// `w.ids`; weights in Swift's shortest round-trip decimal form (libpysal rounds to 6 significant digits).
    /// Islands get no line: keep the ids to read them back.
    ///
    /// - Parameters:
    ///   - keyName: the name of the key field (e.g. `PLR_ID`).
    ///   - layerName: the layer or shapefile name of the header.
    package static func writeGWT(_ w: SpatialWeights, keyName: String, layerName: String) -> String {
        var out = "0 \(w.count) \(token(layerName)) \(token(keyName))\n"
        for i in 0..<w.count {
            let origin = token(w.ids[i])
            for (j, weight) in zip(w.neighbors(of: i), w.weights(of: i)) {
                out += "\(origin) \(token(w.ids[j])) \(weight)\n"
            }
        }
        return out
    }

    /// Writes a GWT file with the layer name `quartier` in the header.
    package static func writeGWT(_ w: SpatialWeights, keyName: String) -> String {
        writeGWT(w, keyName: keyName, layerName: "quartier")
    }
}
