import QuartierAccess
import Testing

@Suite("AccessState")
struct AccessStateTests {
    @Test func namesAreSnakeCase() {
        #expect(AccessState.noProvisionInReach.rawValue == "no_provision_in_reach")
        #expect(AccessState.ok.rawValue == "ok")
    }
}
