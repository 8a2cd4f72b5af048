import Foundation

/// Codes a table uses for missing values instead of leaving the cell empty (MSS raw tables write
/// `-9999`, Zensus 2011 writes `-1` and `-9`): each code becomes a missing value with its reason, so
/// that it can never enter a sum or a mean as a number.
package struct MissingCodes: Sendable, Hashable {
    /// Code as written (compared as text, and as a number when it is one) → reason.
    package var codes: [String: MissingReason]

    package init(_ codes: [String: MissingReason]) {
        self.codes = codes
    }

    /// The table with every coded cell replaced; returns how many cells were replaced per code.
    package func apply(to table: IndicatorTable) -> (IndicatorTable, replaced: [String: Int]) {
        guard !codes.isEmpty else { return (table, [:]) }
        let numeric = codes.compactMap { code, reason in Double(code).map { ($0, code, reason) } }
        var result = table
        var replaced: [String: Int] = [:]
        for r in result.rows.indices {
            for c in result.rows[r].indices {
                let value = result.rows[r][c]
                var hit: (String, MissingReason)?
                switch value {
                case .integer, .real:
                    if let number = value.doubleValue, let match = numeric.first(where: { $0.0 == number }) {
                        hit = (match.1, match.2)
                    }
                case .string(let s):
                    let text = s.trimmingCharacters(in: .whitespaces)
                    if let reason = codes[text] { hit = (text, reason) }
                default: break
                }
                if let (code, reason) = hit {
                    result.rows[r][c] = .missing(reason)
                    replaced[code, default: 0] += 1
                }
            }
        }
        return (result, replaced)
    }
}
