import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// A full deploy through the fault proxy (30% of requests throttled, 503 or dropped before
/// moto sees them): it completes, and a second run through the same proxy changes nothing.
@Suite(.serialized) struct DeployFaultTests {
  @Test func fullDeployWith30PercentFaultsThenNoChange() async throws {
    let moto = try DeployHarness.faultServer.get()
    try await moto.reset()
    let proxy = try FaultProxy(upstream: moto.url, rate: 0.3, seed: 5)
    defer { proxy.stop() }
    let h = try await DeployHarness(server: DeployHarness.faultServer, store: "dynamodb:rootmail-faulty", endpoint: proxy.url)
    let parent = try await h.client.route53.createHostedZone("example.com", callerReference: "fault-\(UUID())").0
    let env = ["AWS_MAX_ATTEMPTS": "12"]
    let first = try h.cli.run(
      ["deploy", "--yes", "--no-dns-check", "--parent-zone-id", parent.id], extraEnvironment: env, timeout: 600)
    #expect(first.status == 0, "\(first.stderr)")
    let second = try h.cli.run(
      ["deploy", "--yes", "--no-dns-check", "--parent-zone-id", parent.id], extraEnvironment: env, timeout: 600)
    #expect(second.status == 0 && second.stderr.contains("nothing changed"), "\(second.stderr)")
    let stats = try await proxy.stats()
    let faults = stats["throttle", default: 0] + stats["unavailable", default: 0] + stats["drop_before", default: 0]
    #expect(faults > 10, "\(stats)")
    #expect(try await h.client.ses.describeActiveReceiptRuleSet()?.name == "RootMail")
    #expect(try await h.client.dynamoDB.pointInTimeRecoveryEnabled("rootmail-faulty"))
  }
}
