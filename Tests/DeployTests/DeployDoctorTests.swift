import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// `rootmail doctor`'s deploy line around a real `rootmail deploy` on moto: nothing deployed is
/// a `!`, a finished deploy is a ✓ (stack and state record), a change begun and not finished
/// is a ✗ naming it.
@Suite(.serialized) struct DeployDoctorTests {
  func deployLine(_ h: DeployHarness) throws -> String {
    // The DNS check asks a loopback port nothing answers on: no packet leaves the machine.
    let result = try h.cli.run(["doctor", "--resolver", "127.0.0.1:9", "--timeout", "30", "--output", "text"], timeout: 150)
    #expect(result.lines.contains { $0.hasPrefix("✓ credentials: ") }, "\(result.stdout)\(result.stderr)")
    return result.lines.first { $0.hasPrefix("✓ deploy: ") || $0.hasPrefix("! deploy: ") || $0.hasPrefix("✗ deploy: ") } ?? ""
  }

  @Test func deployLineFollowsTheStackAndItsStateRecord() async throws {
    let h = try await DeployHarness(server: DeployHarness.doctorServer)
    #expect(try deployLine(h).hasPrefix("! deploy: no stack rootmail in us-east-1"))

    let deployed = try h.deploy()
    #expect(deployed.status == 0, "\(deployed.stderr)")
    let green = try deployLine(h)
    #expect(green.hasPrefix("✓ deploy: stack rootmail CREATE_COMPLETE; "), "\(green)")

    // A change deploy began (its intent stored) and never finished.
    var state = try #require(try await h.state())
    let entries =
      (state["entries"]?.arrayValue ?? []) + [
        .object([("key", .string("rule-set")), ("done", .bool(false)), ("created", .bool(true))])
      ]
    state = .object([("entries", .array(entries))])
    var writer = JSONWriter()
    writer.value(state)
    _ = try await h.client.ssm.putParameter(
      "/rootmail/deploy/rootmail/state", value: String(decoding: writer.bytes, as: UTF8.self), overwrite: true)
    let red = try deployLine(h)
    #expect(red.hasPrefix("✗ deploy: ") && red.contains("begun, not finished: rule-set"), "\(red)")
  }
}
