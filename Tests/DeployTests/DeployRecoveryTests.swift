import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// A stack in a failure state moto never reaches, through Tests/Support/cfn_state_proxy.py: a
/// create whose ExecuteChangeSet fails, and UPDATE_ROLLBACK_FAILED. `--status` and `--destroy`
/// work in either, deploy says what happened and what to run next, and `--yes` recovers.
@Suite(.serialized) struct DeployRecoveryTests {
  @Test func aFailedCreatePrintsTheNextCommandAndARerunRecovers() async throws {
    let moto = try DeployHarness.recoveryServer.get()
    try await moto.reset()
    let proxy = try CloudFormationStateProxy(upstream: moto.url)
    defer { proxy.stop() }
    let h = try await DeployHarness(server: DeployHarness.recoveryServer, endpoint: proxy.url)
    try await proxy.failNextExecute()
    let failed = try h.deploy()
    #expect(failed.status == 1, "\(failed.stderr)")
    #expect(failed.stderr.contains("failed at ExecuteChangeSet: ValidationError"), "\(failed.stderr)")
    #expect(failed.stderr.contains("next: rootmail deploy --status"), "\(failed.stderr)")
    #expect(try await proxy.stats()["failed_execute"] == 1)

    let status = try h.cli.run(["deploy", "--status", "--no-dns-check", "--output", "text"])
    #expect(status.status == 1 && status.stdout.contains("REVIEW_IN_PROGRESS"), "\(status.stdout)\(status.stderr)")
    let again = try h.deploy()
    #expect(again.status == 0, "\(again.stderr)")
    #expect(again.stderr.contains("deleted   stack rootmail: was REVIEW_IN_PROGRESS"), "\(again.stderr)")
    #expect(try await h.client.cloudFormation.stackIfExists("rootmail")?.status == "CREATE_COMPLETE")
  }

  @Test func updateRollbackFailedIsExplainedThenContinued() async throws {
    let moto = try DeployHarness.recoveryServer.get()
    try await moto.reset()
    let proxy = try CloudFormationStateProxy(upstream: moto.url)
    defer { proxy.stop() }
    let h = try await DeployHarness(server: DeployHarness.recoveryServer, endpoint: proxy.url)
    #expect(try h.deploy().status == 0)
    try await proxy.setStackStatus("UPDATE_ROLLBACK_FAILED")

    let status = try h.cli.run(["deploy", "--status", "--no-dns-check", "--output", "text"])
    #expect(status.status == 1 && status.stdout.contains("UPDATE_ROLLBACK_FAILED"), "\(status.stdout)")
    #expect(
      status.stderr.contains("at MXRecord: Tried to delete resource record set that does not exist")
        && status.stderr.contains("ContinueUpdateRollback"), "\(status.stderr)")
    let refused = try h.deploy(yes: false)
    #expect(refused.status == 64 && refused.stderr.contains("continue the rollback of stack rootmail"), "\(refused.stderr)")
    #expect(try await proxy.stats()["continue_update_rollback"] == 0)
    let continued = try h.deploy()
    #expect(continued.status == 0, "\(continued.stderr)")
    #expect(try await proxy.stats()["continue_update_rollback"] == 1)

    // Destroy works in that state too.
    try await proxy.setStackStatus("UPDATE_ROLLBACK_FAILED")
    let destroy = try h.deploy(["--destroy"])
    #expect(destroy.status == 0, "\(destroy.stderr)")
    #expect(destroy.stderr.contains("remove   stack rootmail: deploy's own (UPDATE_ROLLBACK_FAILED)"), "\(destroy.stderr)")
    #expect(try await h.client.cloudFormation.stackIfExists("rootmail") == nil)
  }

  @Test func aBucketInAnotherRegionIsFoundThroughItsLocation() async throws {
    // S3 answers HeadBucket with 301 for a bucket in another region; deploy then asks
    // GetBucketLocation, and refuses the opt-in region it names.
    let moto = try DeployHarness.recoveryServer.get()
    try await moto.reset()
    let proxy = try CloudFormationStateProxy(upstream: moto.url)
    defer { proxy.stop() }
    let h = try await DeployHarness(server: DeployHarness.recoveryServer, endpoint: proxy.url, bucket: "mail-far-away")
    try await h.moto.client(region: "af-south-1").s3.createBucket(h.bucket)
    try await proxy.redirectBucket(h.bucket)
    let deploy = try h.deploy()
    #expect(deploy.status == 78, "\(deploy.stderr)")
    #expect(deploy.stderr.contains("is in af-south-1, an opt-in region"), "\(deploy.stderr)")
    #expect(try await proxy.stats()["redirected", default: 0] >= 1)
  }
}
