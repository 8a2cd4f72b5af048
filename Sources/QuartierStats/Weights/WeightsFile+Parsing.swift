extension WeightsFile {
    /// A weights file split into lines of tokens, numbered from 1.
    struct Lines {
        private let raw: [Substring]
        private let tokens: [[String]]

        init(_ text: String) {
            // By Character: "\r\n" is one Character (a newline) in Swift, so this splits LF and CRLF alike.
            var raw = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            if raw.last?.isEmpty == true { raw.removeLast() }  // the final line break
            self.raw = raw
            tokens = raw.map { line in
                line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
            }
        }

        /// Number of lines.
        var count: Int { raw.count }

        /// The tokens of line `line` (1-based).
        subscript(line: Int) -> [String] { tokens[line - 1] }

        /// Line `line` for a message: without its line break, at most 60 characters.
        func text(_ line: Int) -> String {
            let s = raw[line - 1].hasSuffix("\r") ? raw[line - 1].dropLast() : raw[line - 1]
            return s.count > 60 ? String(s.prefix(57)) + "..." : String(s)
        }

        /// The number of areas in the header: `0 n layer key` (GeoDa) or `n` (libpysal's GAL).
        func header() throws -> Int {
            guard count >= 1, !self[1].isEmpty else {
                throw WeightsError.malformed(
                    "expected a header '0 <number of areas> <layer> <key>' or '<number>'", line: 1)
            }
            let field = self[1].count == 1 ? self[1][0] : self[1][1]
            guard let n = Int(field), n >= 0 else {
                throw WeightsError.malformed(
                    "expected a header '0 <number of areas> <layer> <key>' or '<number>', found '\(text(1))'", line: 1)
            }
            return n
        }
    }

    /// Rows being filled from a weights file: ids to rows, neighbour lists, checks with line numbers.
    struct RowIndex {
        private(set) var ids: [String]
        private var rowOf: [String: Int] = [:]
        private var neighbours: [[Int]]
        private var weightRows: [[Double]]
        private var pairs = Set<Int>()

        /// - Parameters:
        ///   - fileIDs: the areas the file names, with the line of their first appearance, in file order.
        ///   - declared: the header's number of areas.
        ///   - ids: the caller's ids (row order), or nil to take `fileIDs` as rows.
        ///   - everyRecord: true when every area must appear in `fileIDs` (GAL; GWT leaves islands out).
        init(fileIDs: [(id: String, line: Int)], declared: Int, ids: [String]?, everyRecord: Bool = true) throws {
            if let ids {
                guard ids.count == declared else {
                    throw WeightsError(
                        .countMismatch, "the header announces \(declared) areas, \(ids.count) ids were given", line: 1)
                }
                for (row, id) in ids.enumerated() {
                    guard rowOf.updateValue(row, forKey: id) == nil else {
                        throw WeightsError(.duplicateID, "the given ids contain '\(id)' twice")
                    }
                }
                var seen = Set<String>()
                for (id, line) in fileIDs {
                    guard rowOf[id] != nil else {
                        throw WeightsError(.unknownID, "'\(id)' is not one of the \(ids.count) given ids", line: line)
                    }
                    guard seen.insert(id).inserted || !everyRecord else {
                        throw WeightsError(.duplicateID, "area '\(id)' has a second record", line: line)
                    }
                }
                if everyRecord, seen.count < ids.count, let missing = ids.first(where: { !seen.contains($0) }) {
                    throw WeightsError(
                        .missingRecord, "\(ids.count - seen.count) of the given ids have no record, e.g. '\(missing)'")
                }
                self.ids = ids
            } else {
                var order: [String] = []
                for (id, line) in fileIDs {
                    if rowOf[id] == nil {
                        rowOf[id] = order.count
                        order.append(id)
                    } else if everyRecord {
                        throw WeightsError(.duplicateID, "area '\(id)' has a second record", line: line)
                    }
                }
                guard order.count == declared else {
                    throw WeightsError(
                        order.count < declared ? .missingRecord : .countMismatch,
                        "the header announces \(declared) areas, the file names \(order.count)"
                            + (everyRecord ? "" : "; a GWT file has no lines for islands, so pass the layer's ids"),
                        line: 1)
                }
                self.ids = order
            }
            neighbours = Array(repeating: [], count: self.ids.count)
            weightRows = Array(repeating: [], count: self.ids.count)
        }

        func row(of id: String) -> Int? { rowOf[id] }

        /// Adds neighbour `id` with `weight` to `row`, or throws naming `line`.
        mutating func append(_ id: String, weight: Double, to row: Int, line: Int) throws {
            guard let column = rowOf[id] else {
                throw WeightsError(
                    .unknownID, "neighbour '\(id)' is not an area of this file or of the given ids", line: line)
            }
            guard column != row else {
                throw WeightsError(
                    .selfNeighbor,
                    "area '\(id)' is its own neighbour; Quartier's weights have no diagonal "
                        + "(export without self-weights)",
                    line: line)
            }
            guard pairs.insert(row &* ids.count &+ column).inserted else {
                throw WeightsError(.duplicateID, "area '\(ids[row])' lists neighbour '\(id)' twice", line: line)
            }
            neighbours[row].append(column)
            weightRows[row].append(weight)
        }

        /// The weights read (every index, weight and pair already checked).
        func build() -> SpatialWeights {
            WeightsBuilder.assemble(ids: ids, rows: neighbours, weights: weightRows)
        }
    }
}
