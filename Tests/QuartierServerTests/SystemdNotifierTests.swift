import Foundation
import QuartierServer
import QuartierTestSupport
import Testing
import QuartierService

/// `SystemdNotifier`: the environment it reads and the datagrams it sends (to a path and to an abstract name).
@Suite("SystemdNotifier")
struct SystemdNotifierTests {
    @Test func withoutNotifySocketNothingIsSent() {
        let notifier = SystemdNotifier(environment: ["WATCHDOG_USEC": "1000000"])
        #expect(!notifier.isActive)
        #expect(notifier.watchdogInterval == nil)
        #expect(notifier.send("READY=1") == nil)
    }

    @Test func theWatchdogAppliesOnlyToItsProcess() {
        let ours = SystemdNotifier(environment: [
            "NOTIFY_SOCKET": "@x", "WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "\(getpid())",
        ])
        #expect(ours.watchdogInterval == .seconds(30))
        let other = SystemdNotifier(environment: [
            "NOTIFY_SOCKET": "@x", "WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "1",
        ])
        #expect(other.watchdogInterval == nil)
        #expect(SystemdNotifier(environment: ["NOTIFY_SOCKET": "@x", "WATCHDOG_USEC": "0"]).watchdogInterval == nil)
    }

    @Test(arguments: [false, true])
    func sendsOneDatagramPerMessage(abstract: Bool) throws {
        let listener = try NotifyListener(
            abstract: abstract, folder: try TestSupport.temporaryFolder("quartier-notify"))
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": listener.address])
        #expect(notifier.send("READY=1\nSTATUS=serving") == nil)
        #expect(notifier.send("WATCHDOG=1") == nil)
        #expect(listener.receive(seconds: 5) { $0.count == 2 })
        #expect(listener.messages.map(\.text) == ["READY=1\nSTATUS=serving", "WATCHDOG=1"])
    }

    @Test func aMissingSocketIsReportedNotThrown() throws {
        let folder = try TestSupport.temporaryFolder("quartier-notify")
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": folder.appendingPathComponent("none.sock").path])
        #expect(notifier.send("READY=1")?.contains("sendto") == true)
    }
}
