import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

@_spi(RootmailHost) @testable import RootmailMIME
@_spi(RootmailHost) @testable import RootmailPluginMail
@_spi(RootmailHost) @testable import RootmailPluginReceivers

/// What the forward, reset-link and opsitem suites share: mails parsed by the mail plugin's
/// parser into `ReceivedMail` values, a receiver context over a private home (its own SQLite
/// mapping store) aimed at a given endpoint, and the mails moto's SES recorded as sent.
enum BuiltinReceiverHarness {
  /// A moto_server of these suites' own: what they read back from `/moto-api/data.json` (sent
  /// mail) stays small, and no other suite's models can break or slow that page.
  static func moto() throws -> MotoServer { try ownMoto.get() }
  private static let ownMoto = Result { try MotoServer() }

  static let testMails = RootmailCLI.repositoryRoot + "/Tests/MailTests/Mails"
  static let fixtures = RootmailCLI.fixturesFolder + "/mail"

  static func bytes(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }

  /// A mail as `mail fetch` hands it to receivers.
  static func mail(_ raw: [UInt8], key: String = "RootMail/\(UUID().uuidString)", mapping: MappingRecord? = nil)
    -> ReceivedMail
  {
    let parsed = MimeParser.parse(raw)
    let now = MailTime.now()
    let entry = MailIndexEntry(
      id: MailID.make(key: key), key: key, size: raw.count, eTag: "", receivedAt: now, date: parsed.date,
      messageID: parsed.messageID, from: parsed.from, fromAddress: parsed.fromAddress, recipients: parsed.recipients,
      subject: parsed.subject,
      mailClass: MailClass.classify(subject: parsed.subject, filteredSubjects: []).rawValue, verdicts: parsed.verdicts,
      attachments: parsed.attachments.count, fetchedAt: now)
    return ReceivedMail(entry: entry, raw: raw, parsed: parsed, mapping: mapping)
  }

  /// A mail written here (LF line ends as given; `crlf` turns them into CRLF).
  static func mail(text: String, crlf: Bool = false, mapping: MappingRecord? = nil) -> ReceivedMail {
    mail(Array((crlf ? text.replacingOccurrences(of: "\n", with: "\r\n") : text).utf8), mapping: mapping)
  }

  /// A private home with moto's environment, aimed at `endpoint`, with `settings` as
  /// `ROOTMAIL_<KEY>` variables (configuration from the environment, as a user may set it).
  static func cli(endpoint: String? = nil, settings: [String: String] = [:]) throws -> RootmailCLI {
    var extra = try BuiltinReceiverHarness.moto().environment()
    if let endpoint { extra["AWS_ENDPOINT_URL"] = endpoint }
    extra["AWS_MAX_ATTEMPTS"] = "2"
    for (key, value) in settings { extra["ROOTMAIL_" + key.uppercased()] = value }
    return try RootmailCLI(extra: extra)
  }

  /// The receiver context a fetch in that home would give receivers.
  static func context(_ cli: RootmailCLI, logger: Logger = Logger(label: "rootmail")) throws -> ReceiverContext {
    let config = try ConfigLoader(environment: cli.environment).load()
    return ReceiverContext(command: CommandContext(config: config, environment: cli.environment, logger: logger))
  }

  /// Makes the receiver `name` of the Receivers plugin as `mail fetch` would.
  static func receiver(_ name: String, _ context: ReceiverContext) throws -> any MailReceiver {
    let declaration = try #require(RootmailPluginReceivers.pluginDescriptor.receivers.first { $0.name == name })
    return try declaration.make(ReceiverSpec(name: name), context)
  }

  /// A mail moto's SES recorded as sent.
  struct Sent {
    var source: String
    var destinations: [String]
    var raw: [UInt8]
  }

  /// Every mail moto's SES sent whose destinations include `address` (from `/moto-api/data.json`).
  static func sent(to address: String) async throws -> [Sent] {
    let moto = try BuiltinReceiverHarness.moto()
    // moto's data.json fails now and then (HTTP 500, "FakeKey is not JSON serializable") while
    // another test writes to S3 at the same moment: asked again, it answers.
    var response = try await moto.server.request("GET", "/moto-api/data.json")
    for _ in 0..<5 where response.status == 500 {
      try await Task.sleep(for: .milliseconds(200))
      response = try await moto.server.request("GET", "/moto-api/data.json")
    }
    try #require(response.status == 200, "moto-api/data.json: HTTP \(response.status)")
    let body = response.body
    let json = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
    let ses = json["ses"] as? [String: Any] ?? [:]
    let messages = ses["RawMessage"] as? [[String: Any]] ?? []
    return messages.compactMap { m in
      let destinations = (m["destinations"] as? [String] ?? []).map { $0.lowercased() }
      guard destinations.contains(address.lowercased()) else { return nil }
      return Sent(
        source: m["source"] as? String ?? "", destinations: destinations, raw: Array((m["raw_data"] as? String ?? "").utf8))
    }
  }

  /// Verifies SES identities on moto (what an operator does before SES sends from or to them).
  static func verify(_ addresses: [String]) async throws {
    let ses = try BuiltinReceiverHarness.moto().client().ses
    for address in addresses { try await ses.verifyEmailIdentity(address) }
  }

  /// The header block of a mail as (name, unfolded value) pairs, and the body bytes.
  static func split(_ raw: [UInt8]) -> (headers: [(String, String)], body: [UInt8]) {
    let block = HeaderBlock(raw)
    return (block.fields.map { ($0.name, $0.value.trimmingCharacters(in: .whitespaces)) }, Array(raw[block.bodyStart...]))
  }

  /// `prefix-` and 8 random hex digits: names no other test uses on the shared moto.
  static func unique(_ prefix: String) -> String { "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())" }
}

/// Checks of the harness itself, so the suites' reading of sent mail can be trusted.
@Suite struct ForwardHarnessTests {
  @Test func headerBlockSplitsAtTheFirstEmptyLine() {
    let raw = Array("A: 1\r\nB: 2\r\n  folded\r\n\r\nbody\r\n\r\nmore".utf8)
    let (headers, body) = BuiltinReceiverHarness.split(raw)
    #expect(headers.map(\.0) == ["a", "b"])
    #expect(headers[1].1 == "2  folded")
    #expect(body == Array("body\r\n\r\nmore".utf8))
  }
}
