import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// `deploy --policy watch|vend|admin`: parliament (PyPI) reports nothing on any of them, and
/// each is scoped to this bucket, table, zone and parameters.
@Suite(.serialized) struct PolicyTests {
  @Test(arguments: [false, true]) func parliamentFindsNothing(kms: Bool) async throws {
    let h = try await DeployHarness(server: DeployHarness.policyServer, store: "dynamodb:rootmail-mappings")
    let kmsArgs = kms ? ["--kms-key", "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"] : []
    for use in ["watch", "vend", "admin"] {
      let result = try h.cli.run(["deploy", "--policy", use] + kmsArgs)
      #expect(result.status == 0, "\(use): \(result.stderr)")
      let policy = try JSONValue.parse(result.stdout)
      #expect(policy["Version"]?.stringValue == "2012-10-17")
      // parliament reads stdin when it is not a terminal, so the policy goes in --string.
      let parliament = try RootmailCLI.run(try LintTools.path("parliament"), ["--json", "--string", result.stdout], timeout: 120)
      #expect(
        parliament.status == 0 && parliament.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
        "\(use): \(parliament.stdout) \(parliament.stderr)")
      let text = result.stdout
      #expect(!text.contains("\"s3:*\"") && !text.contains("\"dynamodb:*\"") && !text.contains("\"Action\": \"*\""))
      if use != "vend" { #expect(text.contains("arn:aws:s3:::\(h.bucket)")) }
      #expect(text.contains("table/rootmail-mappings"))
      if use == "watch" {
        // Every built-in receiver's calls, and receipts claimed only under their own keys.
        for action in ["ssm:PutParameter", "ses:SendRawEmail", "ssm:CreateOpsItem", "dynamodb:UpdateItem"] {
          #expect(text.contains("\"\(action)\""), "watch policy lacks \(action)")
        }
        #expect(text.contains("dynamodb:LeadingKeys") && text.contains("#receipt *"))
      }
      if use == "admin" {
        // What deploy calls to know what it owns and to undo it.
        for action in [
          "s3:ListAllMyBuckets", "s3:GetBucketObjectLockConfiguration", "route53:ListHostedZonesByName",
          "cloudformation:ContinueUpdateRollback", "ses:DeleteReceiptRule",
        ] {
          #expect(text.contains("\"\(action)\""), "admin policy lacks \(action)")
        }
        #expect(text.contains("parameter/rootmail/deploy/rootmail/state"))
      }
    }
  }
}
