import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

@_spi(RootmailHost) @testable import RootmailPluginReceivers

/// The forward receiver's trust rule (`SenderTrust`), read back from what moto's SES sent: a
/// mail claiming an AWS sender that fails SES's authentication never reaches the owner (the
/// admin gets a warning with it attached); other unauthenticated mail reaches the owner marked;
/// authenticated mail is forwarded unchanged.
@Suite struct ForwardTrustTests {
  typealias H = BuiltinReceiverHarness

  struct Setup {
    var context: ReceiverContext
    var receiver: any MailReceiver
    var owner: String
    var admin: String
    var root: String
  }

  func setup(_ settings: [String: String] = [:]) async throws -> Setup {
    let domain = H.unique("trust") + ".example"
    let base = ["address_from": "rootmail@\(domain)", "address_admin": "admin@\(domain)"]
    let cli = try H.cli(settings: base.merging(settings) { $1 })
    try await H.verify(["rootmail@\(domain)", "admin@\(domain)", "owner@\(domain)"])
    let context = try H.context(cli)
    let root = "root+0a1b2c3d4e5f@aws.\(domain)"
    try await context.store().insert(
      MappingRecord(
        accountEmail: root, ownerAddress: "owner@\(domain)", accountName: "trust-app-prod", counter: "001",
        accountType: "IT"))
    return Setup(
      context: context, receiver: try H.receiver("forward", context), owner: "owner@\(domain)",
      admin: "admin@\(domain)", root: root)
  }

  /// A mail with SES's headers as it stores them: `results` is the Authentication-Results body.
  func mail(to: String, from: String, results: String, subject: String = "hello", body: String = "body line")
    -> ReceivedMail
  {
    H.mail(
      text: """
        X-SES-Spam-Verdict: PASS
        X-SES-Virus-Verdict: PASS
        Authentication-Results: amazonses.com; \(results)
        From: \(from)
        To: \(to)
        Subject: \(subject)

        \(body)

        """, crlf: true)
  }

  func header(_ raw: [UInt8], _ name: String) -> [String] {
    H.split(raw).headers.filter { $0.0 == name }.map(\.1)
  }

  @Test func aSpoofedAWSResetMailOnlyWarnsTheAdmin() async throws {
    let s = try await setup()
    let phishing = "https://signin.aws.amazon.com.evil.example/resetpassword?token=x"
    let spoofed = mail(
      to: s.root, from: "Amazon Web Services <no-reply-aws@amazon.com>",
      results: "spf=fail smtp.mailfrom=evil.example; dkim=fail header.i=@amazon.com; dmarc=fail header.from=amazon.com;",
      subject: "Amazon Web Services Password Assistance", body: "Reset it: \(phishing)")
    let outcome = await s.receiver.receive(spoofed, context: s.context)
    guard case .skipped(let why) = outcome else {
      Issue.record("\(outcome)")
      return
    }
    #expect(why.contains("claims an AWS sender") && why.contains("admin warned"), "\(why)")
    #expect(try await H.sent(to: s.owner).isEmpty, "a spoofed AWS mail reached the owner")
    let warnings = try await H.sent(to: s.admin)
    #expect(warnings.count == 1)
    let warning = try #require(warnings.first)
    #expect(header(warning.raw, "subject") == ["[rootmail: spoofed AWS sender] Amazon Web Services Password Assistance"])
    let text = String(decoding: warning.raw, as: UTF8.self)
    #expect(text.contains("Content-Type: message/rfc822"))
    #expect(text.contains("Content-Disposition: attachment"))
    // The link is only inside the attached original, never in the warning's own text part.
    let note = try #require(text.components(separatedBy: "Content-Type: message/rfc822").first)
    #expect(!note.contains("evil.example/resetpassword"))
    #expect(text.contains(phishing))
  }

  /// A Sender or Return-Path claiming AWS counts as a claim too.
  @Test func aReturnPathClaimingAWSCountsAsAClaim() {
    let trust = SenderTrust.assess(
      verdicts: MailVerdicts(spf: "fail", dkim: "none", dmarc: "none"),
      senders: ["x@outside.example", "bounce@eu-west-1.amazonses.com"], trustedDomains: ["amazon.com", "amazonses.com"])
    guard case .spoofedAWS = trust else {
      Issue.record("\(trust)")
      return
    }
  }

  @Test func unverifiedOrdinaryMailIsForwardedMarked() async throws {
    let s = try await setup(["forward_untrusted_prefix": "[not verified]"])
    let unverified = mail(
      to: s.root, from: "Someone <someone@outside.example>",
      results: "spf=fail smtp.mailfrom=outside.example; dkim=none; dmarc=fail header.from=outside.example;")
    let outcome = await s.receiver.receive(unverified, context: s.context)
    #expect(outcome == .done("forwarded to \(s.owner), owner of \(s.root) (marked unverified)"))
    let sent = try #require(try await H.sent(to: s.owner).first)
    #expect(header(sent.raw, "subject") == ["[not verified] hello"])
    #expect(header(sent.raw, "x-rootmail-authentication") == ["fail (dkim=none, spf=fail, dmarc=fail)"])
  }

  @Test func authenticatedMailIsForwardedUnchanged() async throws {
    let s = try await setup()
    let genuine = mail(
      to: s.root, from: "AWS <no-reply-aws@amazon.com>",
      results:
        "spf=pass smtp.mailfrom=bounces.amazon.com; dkim=pass header.i=@amazon.com; dmarc=pass header.from=amazon.com;")
    #expect(await s.receiver.receive(genuine, context: s.context) == .done("forwarded to \(s.owner), owner of \(s.root)"))
    let sent = try #require(try await H.sent(to: s.owner).first)
    #expect(header(sent.raw, "subject") == ["hello"])
    #expect(header(sent.raw, "x-rootmail-authentication").isEmpty)
  }

  @Test func aBadPrefixIsAConfigurationError() async throws {
    let domain = H.unique("trust") + ".example"
    let cli = try H.cli(settings: [
      "address_from": "rootmail@\(domain)", "address_admin": "admin@\(domain)", "forward_untrusted_prefix": "x\u{7}",
    ])
    #expect(throws: CLIError.self) { _ = try H.receiver("forward", try H.context(cli)) }
  }

  /// `mail forward ID --to ADDR` sends one cached mail as the receiver would: rewritten, marked
  /// when unverified; a spoofed AWS mail is not sent (exit 1, the admin warned); a bad --to is
  /// refused before anything happens.
  @Test func mailForwardSendsOneCachedMailUnderTheSameRule() async throws {
    let domain = H.unique("manual") + ".example"
    let cli = try H.cli(settings: [
      "address_from": "rootmail@\(domain)", "address_admin": "admin@\(domain)", "receivers": "",
    ])
    try await H.verify(["rootmail@\(domain)", "admin@\(domain)", "ops@\(domain)"])
    let s3 = try H.moto().client().s3
    let bucket = H.unique("manual")
    try await s3.createBucket(bucket)
    let root = "root+0a1b2c3d4e5f@aws.\(domain)"
    let ordinary = mail(
      to: root, from: "Someone <someone@outside.example>", results: "spf=none; dkim=none; dmarc=none;",
      subject: "please look")
    let spoofed = mail(
      to: root, from: "AWS <no-reply-aws@amazon.com>", results: "spf=fail; dkim=fail; dmarc=fail header.from=amazon.com;")
    try await s3.putObject(bucket, key: "RootMail/ordinary", body: ordinary.raw)
    try await s3.putObject(bucket, key: "RootMail/spoofed", body: spoofed.raw)
    let environment = ["ROOTMAIL_BUCKET": bucket]
    #expect(try cli.run(["mail", "fetch"], extraEnvironment: environment).status == 0)

    let sent = try cli.run(
      ["mail", "forward", MailID.make(key: "RootMail/ordinary"), "--to", "ops@\(domain)"], extraEnvironment: environment)
    #expect(sent.status == 0, "\(sent.stderr)")
    #expect(sent.stderr.contains("forwarded to ops@\(domain) (marked unverified)"), "\(sent.stderr)")
    let copy = try #require(try await H.sent(to: "ops@\(domain)").first)
    #expect(header(copy.raw, "subject") == ["[unverified sender] please look"])
    #expect(header(copy.raw, "from") == ["rootmail@\(domain)"])

    let refused = try cli.run(
      ["mail", "forward", MailID.make(key: "RootMail/spoofed"), "--to", "ops@\(domain)"], extraEnvironment: environment)
    #expect(refused.status == 1, "\(refused.stderr)")
    #expect(refused.stderr.contains("claims an AWS sender"))
    #expect(try await H.sent(to: "ops@\(domain)").count == 1)
    #expect(try await H.sent(to: "admin@\(domain)").count == 1)

    let bad = try cli.run(
      ["mail", "forward", MailID.make(key: "RootMail/ordinary"), "--to", "a@b.example\r\nBcc: x@y.example"],
      extraEnvironment: environment)
    #expect(bad.status == 64 && bad.stderr.contains("--to"), "\(bad.stderr)")
  }

  /// A second From header claiming AWS (a classic spoof) counts as a claim, as Sender and
  /// Return-Path do.
  @Test func aSecondFromClaimingAWSIsASpoof() {
    let mail = H.mail(
      text: """
        Authentication-Results: amazonses.com; spf=pass smtp.mailfrom=evil.example; dkim=pass header.i=@evil.example; dmarc=pass header.from=evil.example;
        From: evil@evil.example
        From: no-reply@signin.aws
        To: root@aws.example.com
        Subject: hi

        body

        """, crlf: true)
    let trust = SenderTrust.assess(mail.parsed, trustedDomains: ["amazon.com", "amazonaws.com", "aws"])
    guard case .spoofedAWS = trust else {
      Issue.record("\(trust)")
      return
    }
  }
}
