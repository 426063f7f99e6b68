import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// A deploy killed between the intent and the done of a change in its state record: the next
/// deploy finishes the change, the next destroy undoes it, and nothing deploy did not create is
/// removed. The kill is the test hook `ROOTMAIL_DEPLOY_CRASH_AT=<intent|changed> <key>`, which
/// makes the process `_exit(137)` at that point (as kill -9 would, with no clean-up), because
/// hitting the exact moment with a signal from outside is not reliable.
@Suite(.serialized) struct DeployCrashTests {
  func crashedDeploy(_ h: DeployHarness, at point: String, _ arguments: [String] = []) throws {
    let result = try h.cli.run(
      ["deploy", "--yes", "--no-dns-check"] + arguments, extraEnvironment: ["ROOTMAIL_DEPLOY_CRASH_AT": point], timeout: 300)
    #expect(result.status == 137, "\(result.stderr)")
  }

  func unfinished(_ h: DeployHarness) async throws -> [String] {
    let entries = try await h.state()?["entries"]?.arrayValue ?? []
    return entries.filter { $0["done"]?.boolValue != true }.compactMap { $0["key"]?.stringValue }
  }

  @Test func killedAfterActivatingThenDestroyActivatesTheOldSetAgain() async throws {
    let h = try await DeployHarness(server: DeployHarness.crashServer)
    let ses = h.client.ses
    _ = try await ses.verifyDomainIdentity(h.zoneName)
    try await ses.createReceiptRuleSet("legacy")
    try await ses.setActiveReceiptRuleSet("legacy")
    try crashedDeploy(h, at: "changed activation", ["--activate"])
    #expect(try await ses.describeActiveReceiptRuleSet()?.name == "RootMail")
    #expect(try await unfinished(h) == ["activation"])

    let destroy = try h.deploy(["--destroy"])
    #expect(destroy.status == 0, "\(destroy.stderr)")
    #expect(try await ses.describeActiveReceiptRuleSet()?.name == "legacy")
    #expect(try await ses.receiptRuleSetIfExists("RootMail") == nil)
    #expect(try await ses.receiptRuleSetIfExists("legacy") != nil)
    #expect(try await ses.getIdentityVerificationAttributes([h.zoneName])[h.zoneName] != nil, "the identity existed before")
    #expect(try await h.client.cloudFormation.stackIfExists("rootmail") == nil)
  }

  @Test func killedBeforeMakingTheIdentityThenDeployFinishes() async throws {
    let h = try await DeployHarness(server: DeployHarness.crashServer)
    try crashedDeploy(h, at: "intent ses-identity")
    #expect(try await h.client.ses.getIdentityVerificationAttributes([h.zoneName])[h.zoneName] == nil)
    #expect(try await unfinished(h) == ["ses-identity"])
    let status = try h.cli.run(["deploy", "--status", "--no-dns-check", "--output", "text"])
    #expect(status.status == 1 && status.stdout.contains("begun, not finished: ses-identity"), "\(status.stdout)")

    let again = try h.deploy()
    #expect(again.status == 0, "\(again.stderr)")
    #expect(try await unfinished(h).isEmpty)
    #expect(try await h.client.ses.getIdentityVerificationAttributes([h.zoneName])[h.zoneName] != nil)
    #expect(try h.cli.run(["deploy", "--status", "--no-dns-check"]).status == 0)
    let destroy = try h.deploy(["--destroy"])
    #expect(destroy.status == 0, "\(destroy.stderr)")
    #expect(try await h.client.ses.getIdentityVerificationAttributes([h.zoneName])[h.zoneName] == nil, "deploy made it")
  }

  @Test func killedAfterOverwritingTheParameterThenDestroyPutsItBack() async throws {
    let h = try await DeployHarness(server: DeployHarness.crashServer)
    let ssm = h.client.ssm
    let old = "ns-1.old.example.net,ns-2.old.example.net"
    try await ssm.putParameter("/rootmail/domain_name_servers", value: old, type: "StringList")
    try crashedDeploy(h, at: "changed ssm /rootmail/domain_name_servers")
    #expect(try await ssm.getParameter("/rootmail/domain_name_servers")?.value != old)
    #expect(try await unfinished(h) == ["ssm /rootmail/domain_name_servers"])

    let destroy = try h.deploy(["--destroy"])
    #expect(destroy.status == 0, "\(destroy.stderr)")
    #expect(destroy.stderr.contains("restore  SSM /rootmail/domain_name_servers"), "\(destroy.stderr)")
    let parameter = try #require(try await ssm.getParameter("/rootmail/domain_name_servers"))
    #expect(parameter.value == old && parameter.type == "StringList")
    #expect(try await h.client.ses.getIdentityVerificationAttributes([h.zoneName])[h.zoneName] == nil)
    // What is left of the record: that deploy's stack made the bucket it keeps.
    #expect(try await h.stateKeys() == ["bucket \(h.bucket)"])
  }

  @Test func aDestroyKilledAfterUndoingAStepIsFinishedByTheNext() async throws {
    let h = try await DeployHarness(server: DeployHarness.crashServer)
    let ses = h.client.ses
    try await ses.createReceiptRuleSet("legacy")
    try await ses.setActiveReceiptRuleSet("legacy")
    #expect(try h.deploy(["--activate"]).status == 0)
    let killed = try h.cli.run(
      ["deploy", "--destroy", "--yes", "--no-dns-check"], extraEnvironment: ["ROOTMAIL_DEPLOY_CRASH_AT": "undone activation"])
    #expect(killed.status == 137, "\(killed.stderr)")
    #expect(try await ses.describeActiveReceiptRuleSet()?.name == "legacy")
    #expect(try await h.stateKeys()?.contains("activation") == true, "the entry outlived the kill")

    let again = try h.deploy(["--destroy"])
    #expect(again.status == 0, "\(again.stderr)")
    #expect(try await ses.describeActiveReceiptRuleSet()?.name == "legacy", "what the first run put back stays")
    #expect(try await ses.receiptRuleSetIfExists("RootMail") == nil)
    #expect(try await ses.receiptRuleSetIfExists("legacy") != nil)
    #expect(try await h.client.cloudFormation.stackIfExists("rootmail") == nil)
    #expect(try await h.stateKeys() == ["bucket \(h.bucket)"])
  }

  @Test func withoutAStateRecordDestroyKeepsWhatItCannotKnowWasDeploys() async throws {
    // As after a deploy by a rootmail that kept no record.
    let h = try await DeployHarness(server: DeployHarness.crashServer)
    #expect(try h.deploy().status == 0)
    try await h.client.ssm.deleteParameter("/rootmail/deploy/rootmail/state")
    let zone = try #require(try await h.zone())
    let destroy = try h.deploy(["--destroy"])
    #expect(destroy.status == 0, "\(destroy.stderr)")
    #expect(destroy.stderr.contains("keep     anything outside the stack: no state record"), "\(destroy.stderr)")
    #expect(destroy.stderr.contains("remove   4 other record sets in hosted zone \(zone.id)"), "\(destroy.stderr)")
    #expect(try await h.client.cloudFormation.stackIfExists("rootmail") == nil)
    #expect(try await h.client.ses.getIdentityVerificationAttributes([h.zoneName])[h.zoneName] != nil)
    #expect(try await h.client.ses.describeActiveReceiptRuleSet()?.name == "RootMail")
    #expect(try await h.zoneIfExists(zone.id) == nil)
  }
}
