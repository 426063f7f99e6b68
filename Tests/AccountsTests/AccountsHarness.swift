import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport

/// An organization in moto behind the model proxy (which stands in for Account Management, IAM's
/// organization features and AssumeRoot, and mails the verification code into the bucket), the
/// real binary with a private home (embedded store, `bucket` set), and a client to look back.
struct AccountsHarness: Sendable {
  /// One server per suite (suites run in parallel; each suite's tests one at a time).
  static let adoptServer = Result { try MotoServer() }
  static let bulkServer = Result { try MotoServer() }
  static let errorServer = Result { try MotoServer() }
  static let auditServer = Result { try MotoServer() }
  static let listServer = Result { try MotoServer() }

  let moto: MotoServer
  let cli: RootmailCLI
  let bucket = "rootmail-mail"
  let management = "123456789012"
  /// Member accounts, in the order made, with their emails before adoption.
  let members: [(id: String, email: String)]

  init(
    server: Result<MotoServer, any Error>, members count: Int, featureSet: String = "ALL", trustedAccess: Bool = true,
    deliver: Bool = true
  ) async throws {
    moto = try server.get()
    try await moto.reset()
    let client = moto.client()
    _ = try await client.organizations.rpc.call("CreateOrganization", .object([("FeatureSet", .string(featureSet))]))
    if trustedAccess {
      _ = try await client.organizations.rpc.call(
        "EnableAWSServiceAccess", .object([("ServicePrincipal", .string("account.amazonaws.com"))]))
    }
    for i in 0..<count {
      _ = try await client.organizations.createAccount(email: "owner\(i)@corp.example.org", name: "member-\(i)")
    }
    members = try await client.organizations.listAllAccounts().filter { $0.id != "123456789012" }.map { ($0.id, $0.email) }
      .sorted { $0.1 < $1.1 }
    try await client.s3.createBucket(bucket)
    try await moto.setPrimaryEmailCodeMail(bucket: bucket, deliver: deliver)
    cli = try RootmailCLI(
      extra: moto.environment().merging(["ROOTMAIL_DOMAIN": "example.com", "ROOTMAIL_BUCKET": bucket]) { $1 })
  }

  /// Every mapping, as `mappings list --output json` prints them.
  func mappings() throws -> [MappingRecord] {
    let result = try cli.run(["mappings", "list", "--output", "json"])
    guard result.status == 0 else { throw CLIError("mappings list: \(result.stderr)") }
    return try (JSONValue.parse(result.stdout).arrayValue ?? []).map { try MappingRecord(json: $0) }
  }

  /// Mappings recording `accountID` (its AccountId, or the AdoptingAccountId tag of an unfinished one).
  func mappings(of accountID: String) throws -> [MappingRecord] {
    try mappings().filter { $0.accountId == accountID || $0.tags["AdoptingAccountId"] == accountID }
  }

  /// Successful calls of a stand-in operation (`account:AcceptPrimaryEmailUpdate`) per account.
  func successfulCalls(_ operation: String) async throws -> [String: Int] {
    var counts: [String: Int] = [:]
    for call in try await moto.admin("GET", "/model-proxy/calls").arrayValue ?? []
    where call["operation"]?.stringValue == operation && call["status"]?.intValue == 200 {
      counts[call["AccountId"]?.stringValue ?? "", default: 0] += 1
    }
    return counts
  }

  /// Every code the proxy sent (to prove none reached the output).
  func codes() async throws -> [String] { try await moto.sentPrimaryEmailCodes().map(\.code) }
}
