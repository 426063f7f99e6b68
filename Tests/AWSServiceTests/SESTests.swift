@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// SES v1 operations against moto_server; `run` is reused through the fault proxy.
enum SESScenario {
  static func run(_ client: AWSClient, domain: String) async throws {
    let ses = client.ses
    let token = try await ses.verifyDomainIdentity(domain)
    #expect(!token.isEmpty)
    let dkim = try await ses.verifyDomainDkim(domain)
    #expect(dkim.count == 3)
    let verification = try await ses.getIdentityVerificationAttributes([domain])
    #expect(verification[domain] != nil)
    let dkimAttributes = try await ses.getIdentityDkimAttributes([domain])
    #expect(dkimAttributes[domain] != nil)

    let admin = "admin@\(domain)"
    try await ses.verifyEmailIdentity(admin)
    try await ses.verifyEmailIdentity("owner@\(domain)")
    #expect(try await ses.getIdentityVerificationAttributes([admin])[admin]?.status == "Success")

    let ruleSet = "rootmail-\(domain.replacing(".", with: "-"))"
    let bucket = "mail-\(domain.replacing(".", with: "-"))"
    try await client.s3.createBucket(bucket)
    try await ses.createReceiptRuleSet(ruleSet)
    try await ses.createReceiptRule(
      ruleSet: ruleSet,
      rule: SES.ReceiptRule(name: "store", recipients: [domain], bucket: bucket, objectKeyPrefix: "RootMail/"))
    let described = try await ses.describeReceiptRuleSet(ruleSet)
    #expect(described.rules.map(\.name) == ["store"])
    #expect(described.rules.first?.bucket == bucket)
    #expect(described.rules.first?.recipients == [domain])
    try await ses.setActiveReceiptRuleSet(ruleSet)
    #expect(try await ses.describeActiveReceiptRuleSet()?.name == ruleSet)

    let raw = Array(
      "From: \(admin)\r\nTo: owner@\(domain)\r\nSubject: forwarded\r\nX-Processed-By: rootmail\r\n\r\nbody\r\n".utf8)
    let id = try await ses.sendRawEmail(raw, source: admin, destinations: ["owner@\(domain)"])
    #expect(!id.isEmpty)

    // moto 5.2 has no DeleteReceiptRule: it answers 500 (NotImplementedError). What this checks
    // is how a failing call is reported: retried as a transient error, then one AWSError saying
    // the service was unavailable after every attempt (through the fault proxy the last attempt
    // may be an injected throttle, 503 or dropped connection instead, reported the same way).
    // That the rule is deleted cannot be checked here.
    await #expect {
      try await ses.deleteReceiptRule(ruleSet: ruleSet, rule: "store")
    } throws: { error in
      guard let error = error as? AWSError else { return false }
      return error.exitStatus == .unavailable && error.attempts == client.retryPolicy.maxAttempts
    }
    try await ses.setActiveReceiptRuleSet(nil)
    try await ses.deleteReceiptRuleSet(ruleSet)
    try await ses.deleteIdentity(admin)
    try await ses.deleteIdentity(domain)
    try await client.s3.deleteBucket(bucket)
  }
}

@Suite struct SESTests {
  @Test func operationsAgainstMoto() async throws {
    try await SESScenario.run(try MotoServer.shared().client(), domain: "direct.example.com")
  }
}
