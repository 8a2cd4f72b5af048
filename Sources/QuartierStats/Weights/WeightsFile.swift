/// GeoDa's weights files: GAL (neighbour lists, binary) and GWT (weighted pairs), as text.
///
/// Formats as GeoDa and libpysal write them (https://geodacenter.github.io/workbook/4a_contig_weights/lab4a.html,
/// `libpysal.io.iohandlers.gal`/`gwt`):
/// - GAL: a header, either `0 n layer key` (GeoDa) or `n` (libpysal); then per area a line `id count` and a line
///   with its `count` neighbour ids (empty for an island).
/// - GWT: a header `0 n layer key` (or `n`); then one line `origin destination weight` per pair. Islands have no
///   line, so reading their ids needs the `ids` argument.
///
/// Tokens are separated by spaces or tabs, lines by LF or CRLF. Ids cannot contain white space: writers replace
/// each run of it by `_` (as libpysal does). Readers report the 1-based line of every problem.
package enum WeightsFile {
    /// Reads a GAL file.
    ///
    /// - Parameters:
    ///   - ids: the layer's keys, giving the order of rows; every id must have exactly one record and every id
    ///     in the file must be one of them. nil: the records' ids, in file order.
    /// - Returns: binary weights (1 per neighbour, transform `.original`), neighbours in file order.
    /// - Throws: `WeightsError` `.malformedLine`, `.countMismatch` (header n differs from the records or
    ///   `ids`), `.unknownID`, `.duplicateID`, `.missingRecord`, `.selfNeighbor`.
    package static func readGAL(_ text: String, ids: [String]?) throws -> SpatialWeights {
        let lines = Lines(text)
        let n = try lines.header()
        var records: [(id: String, line: Int, neighbours: [String])] = []
        var l = 2
        while l <= lines.count {
            let tokens = lines[l]
            if tokens.isEmpty {
                l += 1
                continue
            }
            guard tokens.count == 2, let count = Int(tokens[1]), count >= 0 else {
                throw WeightsError.malformed(
                    "expected '<id> <number of neighbours>', found '\(lines.text(l))'", line: l)
            }
            let recordLine = l
            l += 1
            var neighbours: [String] = []
            if count > 0 {
                // The neighbours are on the next line, all of them (GeoDa and libpysal write them so).
                let found = l <= lines.count ? lines[l] : []
                guard found.count == count else {
                    throw WeightsError.malformed(
                        "area '\(tokens[0])' (line \(recordLine)) announces \(count) neighbours, this line lists "
                            + "\(found.count)", line: l)
                }
                neighbours = found
                l += 1
            } else if l <= lines.count, lines[l].isEmpty {
                l += 1  // the island's empty neighbour line
            }
            records.append((tokens[0], recordLine, neighbours))
        }
        guard records.count == n else {
            throw WeightsError(
                .countMismatch, "the header announces \(n) areas, the file has \(records.count)", line: 1)
        }
        var rows = try RowIndex(fileIDs: records.map { (id: $0.id, line: $0.line) }, declared: n, ids: ids)
        for record in records {
            guard let row = rows.row(of: record.id) else { continue }
            for neighbour in record.neighbours {
                try rows.append(neighbour, weight: 1, to: row, line: record.line + 1)
            }
        }
        return rows.build()
    }

    /// Writes a GAL file with the header `0 n layer key`, rows in the order of `w.ids`, neighbours as stored.
    ///
    /// - Parameters:
    ///   - keyName: the name of the key field (e.g. `PLR_ID`), which GeoDa matches against the layer.
    ///   - layerName: the layer or shapefile name of the header (GeoDa writes the shapefile's base name).
    package static func writeGAL(_ w: SpatialWeights, keyName: String, layerName: String) -> String {
        var out = "0 \(w.count) \(token(layerName)) \(token(keyName))\n"
        for i in 0..<w.count {
            out += "\(token(w.ids[i])) \(w.offsets[i + 1] - w.offsets[i])\n"
            out += w.neighbors(of: i).map { token(w.ids[$0]) }.joined(separator: " ")
            out += "\n"
        }
        return out
    }

    /// Writes a GAL file with the layer name `quartier` in the header.
    package static func writeGAL(_ w: SpatialWeights, keyName: String) -> String {
        writeGAL(w, keyName: keyName, layerName: "quartier")
    }

    /// An id or name as one token: each run of white space becomes `_` (libpysal's rule); empty becomes `_`.
    static func token(_ s: String) -> String {
        var out = ""
        var inSpace = false
        for ch in s {
            if ch.isWhitespace {
                if !inSpace { out.append("_") }
                inSpace = true
            } else {
                out.append(ch)
                inSpace = false
            }
        }
        return out.isEmpty ? "_" : out
    }
}
