import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

@_spi(RootmailHost) @testable import RootmailPluginReceivers

/// The opsitem receiver. moto cannot run OpsItems, so CreateOpsItem is answered by the model
/// proxy's stand-in (Tests/Support/model_proxy.py, in front of every MotoServer), after the
/// proxy checked the request against botocore's SSM model (ParamValidator, plus the model's
/// maximum lengths, patterns and enums); these tests read back the bodies it answered. A body
/// outside the model is refused and fails the test (`ModelProxyCheck`).
@Suite struct OpsItemReceiverTests {
  typealias H = BuiltinReceiverHarness

  static let standIn = Result { try MotoServer() }
  /// For the test that sends bodies outside the model on purpose.
  static let refusing = Result { try MotoServer(expectViolations: true) }

  struct Received {
    var body: [String: Any]
    var errors: [String]
  }

  /// Every request the stand-in answered so far.
  func received() async throws -> [Received] {
    let body = try await Self.standIn.get().server.request("GET", "/model-proxy/ssm/opsitems").body
    let list = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [[String: Any]])
    return list.map { Received(body: $0["body"] as? [String: Any] ?? [:], errors: $0["errors"] as? [String] ?? []) }
  }

  /// The request made for the mail whose S3 key is `key`.
  func request(forKey key: String) async throws -> Received? {
    try await received().last { r in
      let data = r.body["OperationalData"] as? [String: [String: String]]
      return data?["/rootmail/s3-key"]?["Value"] == key
    }
  }

  func setup(_ settings: [String: String] = [:]) throws -> (any MailReceiver, ReceiverContext) {
    let context = try H.context(try H.cli(endpoint: try Self.standIn.get().url, settings: settings))
    return (try H.receiver("opsitem", context), context)
  }

  @Test func anOrdinaryMailBecomesAValidOpsItem() async throws {
    let (receiver, context) = try setup(["bucket": "mail-bucket"])
    let mail = H.mail(try H.bytes(H.fixtures + "/custom-mail.eml"))
    let outcome = await receiver.receive(mail, context: context)
    guard case .done(let text) = outcome else {
      Issue.record("\(outcome)")
      return
    }
    #expect(text.contains("oi-"))
    let r = try #require(try await request(forKey: mail.entry.key))
    #expect(r.errors.isEmpty, "\(r.errors)")
    #expect(r.body["Title"] as? String == "This is Test 2")
    #expect(r.body["Source"] as? String == "root-mail")
    #expect((r.body["Description"] as? String)?.hasPrefix("with content") == true)
    let data = try #require(r.body["OperationalData"] as? [String: [String: String]])
    #expect(data["/rootmail/recipient"]?["Value"] == "root+test@aws.mavogel.xyz")
    #expect(data["/rootmail/s3-key"]?["Type"] == "SearchableString")
    #expect(data["/aws/dedup"]?["Value"] == #"{"dedupString":"rootmail-\#(mail.entry.id)"}"#)
    #expect(data["/aws/resources"]?["Value"] == #"[{"arn":"arn:aws:s3:::mail-bucket/\#(mail.entry.key)"}]"#)

    // Received again (a retry): SSM's dedup string gives back the same item.
    #expect(await receiver.receive(mail, context: context) == outcome)
  }

  @Test func titleAndDescriptionAreCutToSSMLimits() async throws {
    let (receiver, context) = try setup()
    let subject = String(repeating: "Überweisung 😀 ", count: 120)
    let body = String(repeating: "Zeile mit Umlauten äöü und 😀\n", count: 300)
    let mail = H.mail(
      text:
        "From: a@outside.example\nTo: root@aws.example.com\nSubject: =?UTF-8?B?\(Data(subject.utf8).base64EncodedString())?=\n"
        + "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
        + Data(body.utf8).base64EncodedString(options: .lineLength76Characters) + "\n")
    #expect(mail.parsed.subject.hasPrefix("Überweisung 😀"))
    guard case .done = await receiver.receive(mail, context: context) else {
      Issue.record("not filed")
      return
    }
    let r = try #require(try await request(forKey: mail.entry.key))
    #expect(r.errors.isEmpty, "\(r.errors)")
    let title = try #require(r.body["Title"] as? String)
    let description = try #require(r.body["Description"] as? String)
    #expect(title.utf16.count <= 1024 && title.utf16.count > 1000 && title.hasSuffix(" ..."))
    #expect(description.utf16.count <= 2048 && description.utf16.count > 2000 && description.hasSuffix(" ..."))
    #expect(title.hasPrefix("Überweisung 😀"))
  }

  @Test func emptySubjectAndHTMLOnlyMailStillMakeAValidItem() async throws {
    let (receiver, context) = try setup()
    let mail = H.mail(
      text: "From: a@outside.example\nTo: root@aws.example.com\nSubject: \nContent-Type: text/html\n\n"
        + "<html><body><p>Billing &amp; alerts\u{1b}]0;x\u{7}</p></body></html>\n")
    guard case .done = await receiver.receive(mail, context: context) else {
      Issue.record("not filed")
      return
    }
    let r = try #require(try await request(forKey: mail.entry.key))
    #expect(r.errors.isEmpty, "\(r.errors)")
    #expect(r.body["Title"] as? String == "(no subject)")
    let description = try #require(r.body["Description"] as? String)
    #expect(description.hasPrefix("Billing & alerts") && !description.contains("\u{1b}") && !description.contains("<p>"))
  }

  @Test func resetAndFilteredMailAreSkipped() async throws {
    let (receiver, context) = try setup([
      "filtered_subjects":
        "Your AWS Account is Ready - Get Started Now,Welcome to Amazon Web Services,Config Rules Compliance Change"
    ])
    for (file, why) in [
      (H.testMails + "/09-reset-genuine.eml", "password-reset"), (H.fixtures + "/account-ready-mail.eml", "account-ready"),
      (H.fixtures + "/filtered-title-mail.eml", "filtered_subjects"),
    ] {
      let mail = H.mail(try H.bytes(file))
      let outcome = await receiver.receive(mail, context: context)
      guard case .skipped(let text) = outcome else {
        Issue.record("\(file): \(outcome)")
        continue
      }
      #expect(text.contains(why), "\(text)")
      #expect(try await request(forKey: mail.entry.key) == nil)
    }
  }

  /// The proxy refuses what SSM refuses: without this, a test that "passed" might be checking nothing.
  @Test func theStandInRefusesBodiesOutsideTheModel() async throws {
    let moto = try Self.refusing.get()
    let before = try await moto.modelViolations().count
    let ssm = moto.client(maxAttempts: 1).ssm
    for item in [
      SSM.OpsItem(title: String(repeating: "t", count: 1025), source: "root-mail", description: "d"),
      SSM.OpsItem(title: "t", source: "root-mail", description: " \n "),
      SSM.OpsItem(title: "t", source: String(repeating: "s", count: 129), description: "d"),
      SSM.OpsItem(
        title: "t", source: "root-mail", description: "d", operationalData: [("k", SSM.OpsItemData(value: "v", type: "Nope"))]),
    ] {
      await #expect(throws: AWSError.self) { try await ssm.createOpsItem(item) }
    }
    let refused = try await moto.modelViolations().dropFirst(before)
    #expect(refused.count == 4 && refused.allSatisfy { $0.operation == "CreateOpsItem" }, "\(refused)")
    #expect(try await moto.createdOpsItems().isEmpty)
  }
}
