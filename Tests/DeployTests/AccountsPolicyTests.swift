import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

extension DeployHarness {
  static let accountsPolicyServer = Result { try MotoServer() }
}

/// `deploy --policy accounts|accounts-list|accounts-adopt|accounts-audit`: parliament reports
/// nothing, and each grants its commands' calls only, scoped as far as IAM allows.
@Suite(.serialized) struct AccountsPolicyTests {
  static func policy(_ h: DeployHarness, _ use: String, kms: Bool = false) throws -> (JSONValue, String) {
    let kmsArgs = kms ? ["--kms-key", "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"] : []
    let result = try h.cli.run(["deploy", "--policy", use] + kmsArgs)
    #expect(result.status == 0, "\(use): \(result.stderr)")
    return (try JSONValue.parse(result.stdout), result.stdout)
  }

  static func actions(_ policy: JSONValue) -> Set<String> {
    var out = Set<String>()
    for s in policy["Statement"]?.arrayValue ?? [] {
      switch s["Action"] {
      case .string(let a)?: out.insert(a)
      case .array(let list)?: for a in list { if let a = a.stringValue { out.insert(a) } }
      default: break
      }
    }
    return out
  }

  @Test(arguments: [false, true]) func parliamentFindsNothing(kms: Bool) async throws {
    let h = try await DeployHarness(server: DeployHarness.accountsPolicyServer, store: "dynamodb:rootmail-mappings")
    for use in ["accounts", "accounts-list", "accounts-adopt", "accounts-audit"] {
      let (_, text) = try Self.policy(h, use, kms: kms)
      let parliament = try RootmailCLI.run(try LintTools.path("parliament"), ["--json", "--string", text], timeout: 120)
      #expect(
        parliament.status == 0 && parliament.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
        "\(use): \(parliament.stdout) \(parliament.stderr)")
      #expect(!text.contains("\"account:*\"") && !text.contains("\"iam:*\"") && !text.contains("\"sts:*\""))
    }
  }

  @Test func eachUseGrantsItsCallsOnly() async throws {
    let h = try await DeployHarness(server: DeployHarness.accountsPolicyServer, store: "dynamodb:rootmail-mappings")
    let (list, _) = try Self.policy(h, "accounts-list")
    let (adopt, adoptText) = try Self.policy(h, "accounts-adopt")
    let (audit, auditText) = try Self.policy(h, "accounts-audit")
    let (all, _) = try Self.policy(h, "accounts")
    #expect(Self.actions(list).isSuperset(of: ["organizations:ListAccounts", "account:GetPrimaryEmail", "dynamodb:UpdateItem"]))
    #expect(!Self.actions(list).contains("account:StartPrimaryEmailUpdate") && !Self.actions(list).contains("sts:AssumeRoot"))
    #expect(
      Self.actions(adopt).isSuperset(of: [
        "account:StartPrimaryEmailUpdate", "account:AcceptPrimaryEmailUpdate", "s3:GetObject", "dynamodb:PutItem",
        "organizations:ListAWSServiceAccessForOrganization",
      ]))
    // The root email may change only to an address of the receiving domain.
    #expect(adoptText.contains("\"account:EmailTargetDomain\": \"aws.example.com\""))
    #expect(!Self.actions(adopt).contains("sts:AssumeRoot"))
    #expect(
      Self.actions(audit) == [
        "organizations:ListAccounts", "organizations:DescribeOrganization", "iam:ListOrganizationsFeatures",
        "sts:AssumeRoot",
      ])
    #expect(auditText.contains("arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials"))
    #expect(Self.actions(all) == Self.actions(list).union(Self.actions(adopt)).union(Self.actions(audit)))
  }
}
