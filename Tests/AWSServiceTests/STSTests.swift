@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// STS against moto_server, and assume-role credentials used for a real call.
enum STSScenario {
  static func run(_ client: AWSClient) async throws {
    let me = try await client.sts.getCallerIdentity()
    #expect(me.account.count == 12)
    #expect(me.arn.hasPrefix("arn:aws:"))
    let role = try await client.sts.assumeRole(
      roleArn: "arn:aws:iam::\(me.account):role/rootmail-test", sessionName: "rootmail-test", durationSeconds: 900)
    #expect(role.source == "assume-role")
    #expect(role.sessionToken != nil && role.expiration != nil)
  }
}

@Suite struct STSTests {
  @Test func callerIdentityAndAssumeRole() async throws {
    try await STSScenario.run(try MotoServer.shared().client())
  }

  @Test func assumeRoleProviderSignsLaterCalls() async throws {
    let moto = try MotoServer.shared()
    let base = moto.client()
    let provider = AssumeRoleCredentialProvider(
      roleArn: "arn:aws:iam::123456789012:role/rootmail-chain", sessionName: "chain",
      stsClient: { base })
    let client = AWSClient(endpoints: base.endpoints, credentialProvider: provider)
    let first = try await client.credentials()
    let second = try await client.credentials()
    #expect(first.source == "assume-role")
    #expect(first.accessKeyID == second.accessKeyID)  // cached until it expires
    let me = try await client.sts.getCallerIdentity()
    #expect(me.arn.contains("assumed-role/rootmail-chain/chain"))
  }
}
