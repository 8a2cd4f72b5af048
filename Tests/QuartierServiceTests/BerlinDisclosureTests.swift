import Foundation
import QuartierTestSupport
import Testing

/// The attack of the publication issue, on the Berlin demo's files: a suppressed count of children under 6 in a
/// Planungsraum (or a Bezirksregion) must not follow from its parent's published value minus its published
/// siblings — before secondary suppression, 6 of 6 were recovered that way. Checked from the written GeoJSON files
/// alone (what the public gets), independently of Quartier's own audit, whose report is checked too.
extension BerlinDemoTests {
    /// id → (value or nil when suppressed/missing, status) for one field of one output.
    func cells(_ output: String, id: String, field: String) throws -> [String: (Double?, String?)] {
        var result: [String: (Double?, String?)] = [:]
        for area in try features(output) {
            guard let key = area[id] as? String else { continue }
            result[key] = ((area[field] as? NSNumber)?.doubleValue, area["\(field)_status"] as? String)
        }
        return result
    }

    @Test(arguments: ["inhabitants_age_below_6", "inhabitants_age_6_15", "inhabitants_age_15_18"])
    func noSuppressedCountFollowsFromItsParentAndSiblings(_ field: String) throws {
        let areas = try cells("planungsraeume", id: "PLR_ID", field: field)
        let regions = try cells("bezirksregionen", id: "BZR_ID", field: field)
        let districts = try cells("bezirke", id: "BEZ_ID", field: field)
        let levels: [(children: [String: (Double?, String?)], parents: [String: (Double?, String?)], prefix: Int)] = [
            (areas, regions, 6), (regions, districts, 2),
        ]
        var suppressedChildren = 0
        var recovered: [String] = []
        for (children, parents, prefix) in levels {
            let groups = Dictionary(grouping: children.keys) { String($0.prefix(prefix)) }
            for (parent, members) in groups {
                let hidden = members.filter { children[$0]?.1 == "suppressed" }
                suppressedChildren += hidden.count
                // Parent published and exactly one member hidden: parent − published siblings gives it.
                if hidden.count == 1, let total = parents[parent]?.0,
                    members.allSatisfy({ $0 == hidden[0] || children[$0]?.0 != nil })
                {
                    recovered.append("\(hidden[0]) = \(total - members.compactMap { children[$0]?.0 }.reduce(0, +))")
                }
                // Two or more hidden whose parent remainder is below 3 would show them small.
                if hidden.count > 1, let total = parents[parent]?.0 {
                    let remainder = total - members.compactMap { children[$0]?.0 }.reduce(0, +)
                    #expect(remainder >= 3, "\(parent): the hidden members \(hidden) add up to \(remainder)")
                }
            }
        }
        #expect(suppressedChildren >= 6, "the six small Planungsräume and their complements")  // under 300 residents
        #expect(recovered.isEmpty, "recovered by differencing: \(recovered)")

        let publish = try #require(try reports()["publish"] as? [String: Any])
        let audits = try #require(publish["audit"] as? [[String: Any]])
        let audit = try #require(audits.first { $0["field"] as? String == field })
        let intervals = try #require(audit["cells"] as? [[String: Any]])
        #expect(intervals.count == suppressedChildren + districts.values.filter { $0.1 == "suppressed" }.count)
        #expect(intervals.allSatisfy { $0["finding"] == nil })
        let suppression = try #require(publish["suppression"] as? [[String: Any]])
        let secondary = suppression.compactMap { ($0["secondaryValues"] as? [String: Int])?[field] }.reduce(0, +)
        print("figures: \(field): \(suppressedChildren) suppressed counts below Bezirk level, \(secondary) of them secondary")
        #expect(secondary > 0)
    }
}
