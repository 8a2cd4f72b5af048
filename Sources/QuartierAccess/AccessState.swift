/// The state of an origin in an access analysis (ARCHITECTURE.md, *States*): carried to every output
/// instead of a NaN or an infinity.
package enum AccessState: String, Sendable, Codable, Equatable {
    /// The measure was computed.
    case ok
    /// No facility lies within the catchment: ratios are null, the nearest distance is still given.
    case noProvisionInReach = "no_provision_in_reach"
    /// The origin has no position or no demand weight.
    case undefined
}
