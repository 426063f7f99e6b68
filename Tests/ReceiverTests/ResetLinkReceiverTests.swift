import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Synchronization
import Testing

@_spi(RootmailHost) @testable import RootmailPluginReceivers

/// The reset-link receiver against moto's SSM: the parameter's name, type, tier, expiration
/// policy and value read back through the SSM API; spoofed and other mail store nothing; and
/// `mail reset-link --from-ssm` reads it back through the real binary.
@Suite struct ResetLinkReceiverTests {
  typealias H = BuiltinReceiverHarness

  static let genuineLink = "https://signin.aws.amazon.com/resetpassword?type=RootUser&token=GENUINE-TOKEN-123"

  /// The genuine (or spoofed) reset mail of Tests/MailTests/Mails, sent to `root+<alias>@…`.
  func resetMail(_ file: String = "09-reset-genuine.eml", alias: String) throws -> ReceivedMail {
    let text = String(decoding: try H.bytes(H.testMails + "/" + file), as: UTF8.self)
    return H.mail(Array(text.replacingOccurrences(of: "root+0a1b2c3d4e5f@", with: "root+\(alias)@").utf8))
  }

  /// DescribeParameters' entry for `name`: its tier and policies (GetParameter has neither).
  func metadata(_ name: String) async throws -> JSONValue? {
    let ssm = try BuiltinReceiverHarness.moto().client().ssm
    let filter: JSONValue = .object([
      ("Key", .string("Name")), ("Option", .string("Equals")), ("Values", .array([.string(name)])),
    ])
    let out = try await ssm.rpc.call("DescribeParameters", .object([("ParameterFilters", .array([filter]))]))
    return out["Parameters"]?.arrayValue?.first
  }

  /// GetParameter's answer, decrypted.
  func parameter(_ name: String) async throws -> JSONValue? {
    let ssm = try BuiltinReceiverHarness.moto().client().ssm
    do {
      let out = try await ssm.rpc.call(
        "GetParameter", .object([("Name", .string(name)), ("WithDecryption", .bool(true))]), sensitive: true)
      return out["Parameter"]
    } catch let error as AWSError where error.code == "ParameterNotFound" {
      return nil
    }
  }

  func receiver(_ settings: [String: String] = [:], now: Int) throws -> (ResetLinkReceiver, ReceiverContext) {
    let context = try H.context(try H.cli(settings: settings))
    var receiver = try #require(try H.receiver("reset-link", context) as? ResetLinkReceiver)
    receiver.now = { now }
    return (receiver, context)
  }

  @Test func trustedLinkGoesIntoAnAdvancedSecureStringThatExpiresIn10Minutes() async throws {
    let alias = H.unique("a").replacingOccurrences(of: "-", with: "")
    let now = MailTime.now()
    let (receiver, context) = try receiver(now: now)
    let outcome = await receiver.receive(try resetMail(alias: alias), context: context)
    let name = "/rootmail/pw_reset_link/\(alias)"
    guard case .done(let text) = outcome else {
      Issue.record("\(outcome)")
      return
    }
    #expect(text.contains(name) && !text.contains("GENUINE-TOKEN"))
    let p = try #require(try await parameter(name))
    #expect(p["Name"]?.stringValue == name)
    #expect(p["Type"]?.stringValue == "SecureString")
    #expect(p["Value"]?.stringValue == Self.genuineLink)
    let m = try #require(try await metadata(name))
    #expect(m["Tier"]?.stringValue == "Advanced")
    let policies = try #require(m["Policies"]?.arrayValue)
    #expect(policies.count == 1)
    // SSM gives the policy as JSON text; moto as the object itself.
    var policy = try #require(policies.first?["PolicyText"])
    if let text = policy.stringValue { policy = try JSONValue.parse(Array(text.utf8)) }
    #expect(policy["Type"]?.stringValue == "Expiration")
    #expect(policy["Version"]?.stringValue == "1.0")
    let stamp = try #require(policy["Attributes"]?["Timestamp"]?.stringValue)
    #expect(stamp.hasSuffix(".000Z"))
    #expect(MailTime.seconds(iso: stamp) == now + 600)

    // A second reset mail for the same account overwrites it.
    #expect(await receiver.receive(try resetMail(alias: alias), context: context) == outcome)
    #expect(try await parameter(name)?["Version"]?.intValue == 2)
  }

  @Test func parameterTypeStringWhenConfigured() async throws {
    let alias = H.unique("s").replacingOccurrences(of: "-", with: "")
    let (receiver, context) = try receiver(["reset_link_parameter_type": "String"], now: MailTime.now())
    guard case .done = await receiver.receive(try resetMail(alias: alias), context: context) else {
      Issue.record("not stored")
      return
    }
    let p = try #require(try await parameter("/rootmail/pw_reset_link/\(alias)"))
    #expect(p["Type"]?.stringValue == "String")
    #expect(p["Value"]?.stringValue == Self.genuineLink)
  }

  @Test func spoofedResetMailStoresNothingAndSaysWhy() async throws {
    let alias = H.unique("x").replacingOccurrences(of: "-", with: "")
    let (receiver, context) = try receiver(now: MailTime.now())
    let outcome = await receiver.receive(try resetMail("10-reset-spoofed.eml", alias: alias), context: context)
    guard case .skipped(let why) = outcome else {
      Issue.record("\(outcome)")
      return
    }
    #expect(why.contains("DKIM none") && why.contains("SPF fail"))
    #expect(!why.contains("SPOOFED"))
    #expect(try await parameter("/rootmail/pw_reset_link/\(alias)") == nil)
  }

  @Test func otherMailIsSkipped() async throws {
    let (receiver, context) = try receiver(now: MailTime.now())
    let mail = H.mail(try H.bytes(H.fixtures + "/ops-item-mail.eml"))
    #expect(await receiver.receive(mail, context: context) == .skipped("not a password-reset mail"))
  }

  @Test func anAliasSSMCannotNameFailsForGoodNamingIt() async throws {
    let (receiver, context) = try receiver(now: MailTime.now())
    let outcome = await receiver.receive(try resetMail(alias: "we!rd"), context: context)
    guard case .failed(let why, let retryable) = outcome else {
      Issue.record("\(outcome)")
      return
    }
    #expect(!retryable)
    #expect(why.contains("we!rd") && why.contains("SSM parameter name"))
    #expect(!why.contains("GENUINE-TOKEN"))
  }

  @Test func theLinkNeverReachesTheDebugLog() async throws {
    let alias = H.unique("l").replacingOccurrences(of: "-", with: "")
    let captured = CapturedLog()
    let logger = captured.logger()
    let domain = H.unique("log") + ".example"
    let cli = try H.cli(settings: [
      "reset_link_parameter_type": "String", "address_from": "rootmail@\(domain)", "address_admin": "admin@\(domain)",
    ])
    try await H.verify(["rootmail@\(domain)", "admin@\(domain)"])
    let context = try H.context(cli, logger: logger)
    let mail = try resetMail(alias: alias)
    for name in ["reset-link", "forward"] {
      guard case .done = try await H.receiver(name, context).receive(mail, context: context) else {
        Issue.record("\(name) did not run")
        continue
      }
    }
    let log = captured.text
    #expect(log.contains("aws request SSM.PutParameter") && log.contains("aws request SES.SendRawEmail"))
    #expect(!log.contains("GENUINE-TOKEN"))
    #expect(!log.contains("RawMessage.Data"))
  }

  @Test func aliasRules() throws {
    #expect(try ResetLinkParameter.alias(ofRecipient: "root+0a1b2c3d4e5f@aws.example.com") == "0a1b2c3d4e5f")
    #expect(try ResetLinkParameter.alias(ofRecipient: "sales-app-prod-001@aws.example.com") == "sales-app-prod-001")
    for bad in ["root+a/b@x.example", "root+@x.example", "a+b+c@x.example", "@x.example", "ro ot@x.example", "é@x.example"] {
      #expect(throws: CLIError.self) { try ResetLinkParameter.alias(ofRecipient: bad) }
    }
  }

  @Test func mailResetLinkFromSSMPrintsItBack() async throws {
    let alias = H.unique("c").replacingOccurrences(of: "-", with: "")
    let cli = try H.cli()
    let context = try H.context(cli)
    let email = "root+\(alias)@aws.example.com"
    try await context.store().insert(
      MappingRecord(accountEmail: email, ownerAddress: "o@example.com", accountName: "cli-\(alias)", accountType: "IT"))
    var receiver = try #require(try H.receiver("reset-link", context) as? ResetLinkReceiver)
    receiver.now = { MailTime.now() }
    #expect(try cli.run(["mail", "reset-link", "--from-ssm", "--account", email]).status == 1)
    guard case .done = await receiver.receive(try resetMail(alias: alias), context: context) else {
      Issue.record("not stored")
      return
    }
    for account in [email, "cli-\(alias)"] {
      let result = try cli.run(["mail", "reset-link", "--from-ssm", "--account", account])
      #expect(result.status == 0, "\(result.stderr)")
      #expect(result.stdout == Self.genuineLink + "\n")
    }
    let described = try cli.run(["mail", "reset-link", "--from-ssm", "--account", email, "-o", "json"])
    let link = try #require(try JSONSerialization.jsonObject(with: Data(described.stdout.utf8)) as? [String: Any])
    #expect(link["link"] as? String == Self.genuineLink && link["parameter"] as? String == "/rootmail/pw_reset_link/\(alias)")
    #expect((link["age_seconds"] as? Int).map { $0 >= 0 && $0 < 600 } == true && link["stored"] is String, "\(link)")
    let debug = try cli.run(["mail", "reset-link", "--from-ssm", "--account", email, "--debug"])
    #expect(debug.status == 0)
    #expect(!debug.stderr.contains("GENUINE-TOKEN"))
    #expect(try cli.run(["mail", "reset-link", "--from-ssm", "--account", "no-such-account"]).status == 1)
  }
}
