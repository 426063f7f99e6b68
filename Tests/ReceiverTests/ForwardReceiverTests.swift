import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

@_spi(RootmailHost) @testable import RootmailMIME
@_spi(RootmailHost) @testable import RootmailPluginMail
@_spi(RootmailHost) @testable import RootmailPluginReceivers

/// The forward receiver against moto's SES, through `Tests/Support/ses_sandbox_proxy.py`: moto
/// sends to any destination, while SES in its sandbox refuses unverified ones; the proxy adds
/// just that refusal, so "unverified owner → admin" runs as it would against SES. What was sent
/// is read back from moto's `/moto-api/data.json`.
@Suite struct ForwardReceiverTests {
  typealias H = BuiltinReceiverHarness

  static let sandbox = Result {
    try LocalServer(
      executable: "python3",
      arguments: [LocalServer.script("ses_sandbox_proxy.py"), "%PORT%", try BuiltinReceiverHarness.moto().url])
  }

  /// A home whose forward settings use a domain of its own (tests share one moto).
  struct Setup {
    var cli: RootmailCLI
    var context: ReceiverContext
    var receiver: any MailReceiver
    var domain: String
    var from: String { "rootmail@\(domain)" }
    var admin: String { "admin@\(domain)" }
  }

  func setup(_ settings: [String: String] = [:], verify: [String] = []) async throws -> Setup {
    let domain = H.unique("fwd") + ".example"
    let base = ["address_from": "rootmail@\(domain)", "address_admin": "admin@\(domain)", "header_value": "rootmail-test"]
    let cli = try H.cli(endpoint: try Self.sandbox.get().url, settings: base.merging(settings) { $1 })
    try await H.verify(["rootmail@\(domain)", "admin@\(domain)"] + verify)
    let context = try H.context(cli)
    return Setup(cli: cli, context: context, receiver: try H.receiver("forward", context), domain: domain)
  }

  func mapping(_ email: String, owner: String) -> MappingRecord {
    MappingRecord(accountEmail: email, ownerAddress: owner, accountName: "fwd-app-prod", counter: "001", accountType: "IT")
  }

  func simpleMail(to: String, from: String = "Sender <sender@outside.example>", extra: String = "") -> ReceivedMail {
    H.mail(text: "From: \(from)\nTo: \(to)\nSubject: hello\n\(extra)\nbody line\n", crlf: true)
  }

  @Test func knownOwnerFromTheStoreGetsTheMail() async throws {
    let s = try await setup(verify: [])
    let owner = "owner@\(s.domain)"
    try await H.verify([owner])
    let root = "root+0a1b2c3d4e5f@aws.\(s.domain)"
    try await s.context.store().insert(mapping(root, owner: owner))
    let outcome = await s.receiver.receive(simpleMail(to: root), context: s.context)
    guard case .done(let text) = outcome else {
      Issue.record("\(outcome)")
      return
    }
    #expect(text.contains(owner))
    let sent = try await H.sent(to: owner)
    #expect(sent.count == 1)
    #expect(sent.first?.source == s.from)
    #expect(try await H.sent(to: s.admin).isEmpty)
  }

  @Test func headersAreRewrittenExactlyAsListedAndNothingElseChanges() async throws {
    let s = try await setup()
    let owner = "owner@\(s.domain)"
    try await H.verify([owner])
    let original = try H.bytes(H.fixtures + "/custom-mail.eml")
    let mail = H.mail(original, mapping: mapping("root+test@aws.mavogel.xyz", owner: owner))
    #expect(
      await s.receiver.receive(mail, context: s.context) == .done("forwarded to \(owner), owner of root+test@aws.mavogel.xyz"))
    let sent = try #require(try await H.sent(to: owner).first)
    let before = H.split(original)
    let after = H.split(sent.raw)
    func values(_ h: [(String, String)], _ name: String) -> [String] { h.filter { $0.0 == name }.map(\.1) }
    #expect(values(after.headers, "from") == [s.from])
    #expect(values(after.headers, "reply-to") == ["Manuel Vogel <info@manuel-vogel.de>"])
    #expect(values(after.headers, "to") == [owner])
    #expect(values(after.headers, "return-path").isEmpty)
    #expect(values(after.headers, "dkim-signature").isEmpty)
    #expect(values(after.headers, "x-processed-by") == ["rootmail-test"])
    // Every other field is kept, in order, with its value.
    let rewritten: Set<String> = ["from", "reply-to", "to", "return-path", "dkim-signature", "sender", "x-processed-by"]
    let keptBefore = before.headers.filter { !rewritten.contains($0.0) }
    let keptAfter = after.headers.filter { !rewritten.contains($0.0) }
    #expect(keptBefore.map(\.0) == keptAfter.map(\.0))
    #expect(keptBefore.map(\.1) == keptAfter.map(\.1))
    #expect(keptBefore.contains { $0.0 == "x-google-dkim-signature" })
    // The body, byte for byte.
    #expect(after.body == before.body)
  }

  @Test func attachmentsArriveByteForByte() async throws {
    let s = try await setup()
    let owner = "owner@\(s.domain)"
    try await H.verify([owner])
    // A binary attachment of every byte value, base64 in 76-column CRLF lines, and the fixture's PDF.
    var payload: [UInt8] = []
    for i in 0..<20_000 { payload.append(UInt8((i * 7 + i / 256) & 0xFF)) }
    let base64 = Data(payload).base64EncodedString(options: [
      .lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed,
    ])
    let text =
      "From: Billing <billing@outside.example>\r\nTo: root@aws.\(s.domain)\r\nSubject: files\r\nMIME-Version: 1.0\r\n"
      + "Content-Type: multipart/mixed; boundary=\"B\"\r\n\r\n--B\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSee attached.\r\n"
      + "--B\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"data.bin\"\r\n"
      + "Content-Transfer-Encoding: base64\r\n\r\n\(base64)\r\n--B--\r\n"
    for raw in [Array(text.utf8), try H.bytes(H.testMails + "/06-rfc2231-attachment.eml")] {
      let mail = H.mail(raw, mapping: mapping("root@aws.\(s.domain)", owner: owner))
      guard case .done = await s.receiver.receive(mail, context: s.context) else {
        Issue.record("not forwarded")
        continue
      }
      let sent = try #require(try await H.sent(to: owner).last)
      #expect(H.split(sent.raw).body == H.split(raw).body)
      let reparsed = MimeParser.parse(sent.raw)
      #expect(reparsed.attachments.map(\.bytes) == mail.parsed.attachments.map(\.bytes))
      #expect(reparsed.attachments.map(\.fileName) == mail.parsed.attachments.map(\.fileName))
    }
    #expect(MimeParser.parse(Array(text.utf8)).attachments.first?.bytes == payload)
  }

  @Test func unknownRecipientGoesToTheAdminUnlessCatchAllIsOff() async throws {
    let s = try await setup()
    let stranger = "nobody@aws.\(s.domain)"
    guard case .done(let text) = await s.receiver.receive(simpleMail(to: stranger), context: s.context) else {
      Issue.record("not forwarded to the admin")
      return
    }
    #expect(text.contains("admin") && text.contains(stranger))
    #expect(try await H.sent(to: s.admin).count == 1)

    let off = try await setup(["catch_all": "false"])
    let outcome = await off.receiver.receive(simpleMail(to: "nobody@aws.\(off.domain)"), context: off.context)
    guard case .skipped(let why) = outcome else {
      Issue.record("\(outcome)")
      return
    }
    #expect(why.contains("no mapping") && why.contains("catch_all = false"))
    #expect(try await H.sent(to: off.admin).isEmpty)
  }

  @Test func mailToTheFromAddressGoesToTheAdmin() async throws {
    let s = try await setup()
    try await s.context.store().insert(mapping(s.from, owner: "someone@\(s.domain)"))
    guard case .done(let text) = await s.receiver.receive(simpleMail(to: s.from.uppercased()), context: s.context) else {
      Issue.record("not forwarded")
      return
    }
    #expect(text.contains("address_from"))
    let sent = try await H.sent(to: s.admin)
    #expect(sent.count == 1)
    #expect(H.split(sent[0].raw).headers.filter { $0.0 == "to" }.map(\.1) == [s.admin])
    #expect(try await H.sent(to: "someone@\(s.domain)").isEmpty)
  }

  @Test func anOwnerSESRefusesAsUnverifiedFallsBackToTheAdmin() async throws {
    let s = try await setup()
    let owner = "unverified-owner@elsewhere-\(s.domain)"
    let root = "root+ffffffffffff@aws.\(s.domain)"
    // Without a mapping: the admin. With one whose owner is not verified: SES refuses, the admin.
    guard case .done = await s.receiver.receive(simpleMail(to: root), context: s.context) else {
      Issue.record("not forwarded to the admin")
      return
    }
    try await s.context.store().insert(mapping(root, owner: owner))
    let fallback = await s.receiver.receive(simpleMail(to: root), context: s.context)
    guard case .done(let text) = fallback else {
      Issue.record("\(fallback)")
      return
    }
    #expect(text.contains("not verified") && text.contains(owner))
    #expect(try await H.sent(to: owner).isEmpty)
    let sent = try await H.sent(to: s.admin)
    #expect(sent.count == 2)
    #expect(H.split(sent[1].raw).headers.filter { $0.0 == "to" }.map(\.1) == [s.admin])
  }

  @Test func failedSpamOrVirusVerdictIsNotForwardedUnlessAsked() async throws {
    let s = try await setup()
    let owner = "owner@\(s.domain)"
    try await H.verify([owner])
    let root = "root@aws.\(s.domain)"
    try await s.context.store().insert(mapping(root, owner: owner))
    for verdicts in [
      "X-SES-Spam-Verdict: FAIL\nX-SES-Virus-Verdict: PASS", "X-SES-Spam-Verdict: PASS\nX-SES-Virus-Verdict: FAIL",
    ] {
      let mail = H.mail(text: "\(verdicts)\nFrom: a@outside.example\nTo: \(root)\nSubject: offer\n\nbuy\n")
      let outcome = await s.receiver.receive(mail, context: s.context)
      guard case .skipped(let why) = outcome else {
        Issue.record("\(outcome)")
        continue
      }
      #expect(why.contains("FAIL"))
    }
    #expect(try await H.sent(to: owner).isEmpty)
    let on = try await setup(["forward_failed_verdicts": "true"])
    try await on.context.store().insert(mapping(root, owner: owner))
    let spam = H.mail(text: "X-SES-Spam-Verdict: FAIL\nFrom: a@outside.example\nTo: \(root)\nSubject: offer\n\nbuy\n")
    guard case .done = await on.receiver.receive(spam, context: on.context) else {
      Issue.record("not forwarded with forward_failed_verdicts = true")
      return
    }
    #expect(try await H.sent(to: owner).count == 1)
  }

  @Test func hostileHeaderValuesCannotInjectHeaders() async throws {
    let s = try await setup()
    let owner = "owner@\(s.domain)"
    try await H.verify([owner])
    let root = "root@aws.\(s.domain)"
    // A bare CR inside the From line and the Subject: some readers take it for a line break.
    let raw = Array(
      "From: Eve <eve@outside.example>\rBcc: victim@outside.example\r\nTo: \(root)\r\nSubject: hi\rX-Injected: 1\r\n\r\nbody\r\n"
        .utf8)
    guard case .done = await s.receiver.receive(H.mail(raw, mapping: mapping(root, owner: owner)), context: s.context) else {
      Issue.record("not forwarded")
      return
    }
    let sent = try #require(try await H.sent(to: owner).last)
    let headerBlock = String(decoding: sent.raw, as: UTF8.self).components(separatedBy: "\r\n\r\n")[0]
    #expect(!headerBlock.contains("\r\nBcc") && !headerBlock.contains("\rBcc") && !headerBlock.contains("\rX-Injected"))
    for line in headerBlock.components(separatedBy: "\r\n") {
      #expect(!line.contains("\r") && !line.contains("\n"))
    }
    #expect(try await H.sent(to: "victim@outside.example").isEmpty)

    // An owner address with a line break in the store is never written: the admin gets the mail.
    let hostile = "root2@aws.\(s.domain)"
    try await s.context.store().insert(mapping(hostile, owner: "x@\(s.domain)\r\nBcc: victim@outside.example"))
    guard case .done(let text) = await s.receiver.receive(simpleMail(to: hostile), context: s.context) else {
      Issue.record("not forwarded")
      return
    }
    #expect(text.contains("admin") && !text.contains("\r"))
    #expect(try await H.sent(to: "victim@outside.example").isEmpty)
  }

  /// Only the owner gets a copy: the stranger's Cc and Bcc (and Resent- recipients) are not
  /// kept, so no sender that reads them (moto does) sends to those addresses.
  @Test func ccAndBccOfTheOriginalAreNotKept() async throws {
    let s = try await setup()
    let owner = "owner@\(s.domain)"
    try await H.verify([owner])
    let root = "root@aws.\(s.domain)"
    let copied = ["cc@\(s.domain)", "bcc@\(s.domain)", "resent@\(s.domain)"]
    let raw = Array(
      ("From: Eve <eve@outside.example>\r\nTo: \(root)\r\nCc: Someone <\(copied[0])>\r\nBcc:\r\n \(copied[1])\r\n"
        + "Resent-To: \(copied[2])\r\nSubject: hi\r\n\r\nbody\r\n").utf8)
    guard case .done = await s.receiver.receive(H.mail(raw, mapping: mapping(root, owner: owner)), context: s.context) else {
      Issue.record("not forwarded")
      return
    }
    let sent = try #require(try await H.sent(to: owner).last)
    #expect(Set(sent.destinations) == [owner])
    let names = H.split(sent.raw).headers.map(\.0)
    #expect(!names.contains("cc") && !names.contains("bcc") && !names.contains("resent-to"), "\(names)")
    for address in copied { #expect(try await H.sent(to: address).isEmpty, "\(address) got a copy") }
  }

  @Test func throttlingIsARetryableFailure() async throws {
    let proxy = try FaultProxy(upstream: try BuiltinReceiverHarness.moto().url, rate: 1.0)
    let domain = H.unique("fwd") + ".example"
    try await H.verify(["rootmail@\(domain)", "admin@\(domain)"])
    let cli = try H.cli(
      endpoint: proxy.url, settings: ["address_from": "rootmail@\(domain)", "address_admin": "admin@\(domain)"])
    let context = try H.context(cli)
    let receiver = try H.receiver("forward", context)
    let outcome = await receiver.receive(simpleMail(to: "x@aws.\(domain)"), context: context)
    guard case .failed(let why, let retryable) = outcome else {
      Issue.record("\(outcome)")
      return
    }
    #expect(retryable, "\(why)")
    #expect(try await H.sent(to: "admin@\(domain)").isEmpty)
  }

  @Test func missingOrBadSettingsAreAConfigurationErrorNamingTheKey() throws {
    for (settings, key) in [
      ([:], "address_from and address_admin are not set"),
      (["address_admin": "admin@x.example"], "address_from"), (["address_from": "from@x.example"], "address_admin"),
      (["address_from": "from@x.example\r\nBcc: v@x.example", "address_admin": "a@x.example"], "address_from"),
      (["address_from": "f@x.example", "address_admin": "a@x.example", "header_value": "a\u{7}b"], "header_value"),
    ] {
      do {
        // A value no address could be is refused where the setting is read (the loader names
        // the variable that set it); the others by the receiver, naming the key.
        let context = try H.context(try H.cli(settings: settings))
        _ = try H.receiver("forward", context)
        Issue.record("accepted \(settings)")
      } catch let error as CLIError {
        #expect(error.exitStatus == .configuration)
        #expect(
          error.message.hasPrefix(key) || error.message.hasPrefix("ROOTMAIL_" + key.uppercased()), "\(error.message)")
        #expect(!error.message.contains("\n") && !error.message.contains("\r"))
      }
    }
  }
}
