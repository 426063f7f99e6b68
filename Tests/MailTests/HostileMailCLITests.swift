import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// Mail built to be slow or to break saving, fetched from moto and read through the binary:
/// a 600,000-character control-only subject and a 1 MB NUL body (escaping was quadratic:
/// mail list took 62 s, mail show 68 s and 173 s), and attachments with 100-CJK-character
/// names (the save stopped at the first, exit 1, the text never shown). The bounds are on the
/// command's CPU time (a busy machine stretches only its wall-clock time) and generous;
/// benchmarks/hostile holds the tight ones.
@Suite(.serialized) struct HostileMailCLITests {
  static func fetched(_ mails: [String: [UInt8]]) async throws -> RootmailCLI {
    let s3 = try MotoServer.shared().client().s3
    let bucket = "rootmail-hostile-\(UInt32.random(in: 0...UInt32.max))"
    try await s3.createBucket(bucket)
    for (name, bytes) in mails { try await s3.putObject(bucket, key: "RootMail/" + name, body: bytes) }
    let rootmail = try MailCLITests.cli(bucket: bucket)
    let fetch = try rootmail.run(["mail", "fetch"])
    #expect(fetch.status == 0, "\(fetch.stderr)")
    return rootmail
  }

  static func ids(_ rootmail: RootmailCLI) throws -> [String] {
    let listed = try rootmail.run(["mail", "list", "--all", "--output", "json"])
    let rows = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
    return rows.compactMap { $0["id"] as? String }
  }

  static func hasRawControls(_ text: String) -> Bool {
    text.unicodeScalars.contains { TerminalSafe.isUnsafe($0) && $0 != "\n" && $0 != "\t" }
  }

  @Test func controlOnlySubjectAndNULBodyAreShownEscapedInLinearTime() async throws {
    let subject = String(repeating: "\u{1}\u{1B}", count: 300_000)
    let mail =
      Array("From: a@example.com\r\nTo: root+0a1b2c3d4e5f@aws.example.com\r\nSubject: \(subject)\r\n".utf8)
      + Array("Content-Type: text/plain\r\n\r\n".utf8) + [UInt8](repeating: 0, count: 1_000_000) + Array("\r\n".utf8)
    let rootmail = try await Self.fetched(["controls": mail])
    let id = try #require(try Self.ids(rootmail).first)
    let list = try rootmail.run(["mail", "list", "--all", "--output", "text"], timeout: 600, cpuLimit: 30)
    #expect(!list.exceededCPULimit, "mail list used over 30 s of CPU")
    #expect(list.status == 0 && !Self.hasRawControls(list.stdout))
    #expect(list.stdout.contains(String(repeating: "\\u{1}\\u{1b}", count: 1_000)), "\(list.stdout.prefix(200))")
    let show = try rootmail.run(["mail", "show", id], timeout: 600, cpuLimit: 30)
    #expect(!show.exceededCPULimit, "mail show used over 30 s of CPU")
    #expect(show.status == 0, "\(show.stderr.prefix(300))")
    #expect(!Self.hasRawControls(show.stdout))
    #expect(show.stdout.contains(String(repeating: "\\u{0}", count: 1_000)))
  }

  /// Header names with a bidi override or a C1 CSI (GMime keeps 8-bit names) are shown
  /// escaped by `mail show --headers`, as the values are (a hostile probe saw them raw).
  @Test func headerNamesAreShownEscaped() async throws {
    let mail = Array(
      "From: a@example.com\r\nTo: root+0a1b2c3d4e5f@aws.example.com\r\nSubject: h\r\nX-Bidi\u{202E}Name: v2\r\nX-\u{9B}31mC1: v3\r\n\r\nbody\r\n"
        .utf8)
    let rootmail = try await Self.fetched(["names": mail])
    let id = try #require(try Self.ids(rootmail).first)
    let show = try rootmail.run(["mail", "show", id, "--headers"])
    #expect(show.status == 0, "\(show.stderr)")
    #expect(!Self.hasRawControls(show.stdout), "\(show.stdout)")
    #expect(show.stdout.contains("X-Bidi\\u{202e}Name: v2") && show.stdout.contains("X-\\u{9b}31mC1: v3"), "\(show.stdout)")
  }

  @Test func longNonASCIIAttachmentNamesAreSavedAndTheTextShown() async throws {
    let long = String(repeating: "漢", count: 100)
    let encoded = long.utf8.map { String(format: "%%%02X", $0) }.joined()
    let mail = """
      From: a@example.com\r
      To: root+0a1b2c3d4e5f@aws.example.com\r
      Subject: attachments\r
      MIME-Version: 1.0\r
      Content-Type: multipart/mixed; boundary="b"\r
      \r
      --b\r
      Content-Type: text/plain\r
      \r
      The text of the mail.\r
      --b\r
      Content-Type: application/pdf\r
      Content-Disposition: attachment; filename*=UTF-8''\(encoded).pdf\r
      \r
      first\r
      --b\r
      Content-Type: text/plain\r
      Content-Disposition: attachment; filename="second.txt"\r
      \r
      second\r
      --b--\r

      """
    let rootmail = try await Self.fetched(["attachments": Array(mail.utf8)])
    let id = try #require(try Self.ids(rootmail).first)
    let dir = rootmail.home.path + "/saved"
    let show = try rootmail.run(["mail", "show", id, "--save-attachments", dir])
    #expect(show.status == 0, "\(show.stderr)")
    #expect(show.stdout.contains("The text of the mail."))
    let names = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
    #expect(names.count == 2, "\(names) \(show.stderr)")
    #expect(names.contains("second.txt"))
    #expect(names.contains { $0.hasSuffix(".pdf") && $0.hasPrefix("漢漢") && $0.utf8.count <= 200 })
  }
}
