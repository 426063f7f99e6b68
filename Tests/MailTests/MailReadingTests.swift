import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// Reading root mail as a person does, with the real binary against moto: SES stores mail with
/// CRLF line ends, and a CRLF copy of a mail reads exactly as its LF copy does.
@Suite(.serialized) struct MailReadingTests {
  /// `bytes` with every LF turned into CRLF (as SES stores mail).
  static func crlf(_ bytes: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    for b in bytes {
      if b == 0x0A { out.append(0x0D) }
      out.append(b)
    }
    return out
  }

  /// `mail show` (text and JSON) of each fixture and test mail, stored once with LF and once
  /// with CRLF line ends: the same headers, text and links, and no escaped `\r` anywhere.
  @Test func crlfAndLFCopiesOfEveryMailShowTheSame() async throws {
    let moto = try MotoServer.shared()
    let bucket = "rootmail-crlf-\(UInt32.random(in: 0...UInt32.max))"
    try await moto.client().s3.createBucket(bucket)
    var names: [String] = []
    for name in try TestMails.names(in: TestMails.fixtures) {
      let lf = Array(try Data(contentsOf: URL(fileURLWithPath: TestMails.fixtures + "/" + name)))
        .filter { $0 != 0x0D }
      try await moto.client().s3.putObject(bucket, key: "RootMail/lf-" + name, body: lf)
      try await moto.client().s3.putObject(bucket, key: "RootMail/crlf-" + name, body: Self.crlf(lf))
      names.append(name)
    }
    let cli = try RootmailCLI(extra: moto.environment().merging(["ROOTMAIL_BUCKET": bucket]) { $1 })
    let fetch = try cli.run(["mail", "fetch"])
    #expect(fetch.status == 0, "\(fetch.stderr)")
    // Everything but the lines naming the object (key, id, size, ETag, times): they differ by design.
    func shown(_ key: String, _ extra: [String] = []) throws -> String {
      let result = try cli.run(["mail", "show", MailID.make(key: key)] + extra)
      #expect(result.status == 0, "\(result.stderr)")
      return result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        .filter { line in
          !line.hasPrefix("Received: ")
            && !["\"id\"", "\"key\"", "\"size\"", "\"etag\"", "\"received", "\"fetched"].contains { line.contains($0) }
        }
        .joined(separator: "\n")
    }
    for name in names {
      let lf = try shown("RootMail/lf-" + name)
      let crlf = try shown("RootMail/crlf-" + name)
      #expect(crlf == lf, "\(name): CRLF copy reads differently")
      #expect(!crlf.contains("\\r"), "\(name): an escaped CR is shown")
      let lfJSON = try shown("RootMail/lf-" + name, ["--output", "json"])
      let crlfJSON = try shown("RootMail/crlf-" + name, ["--output", "json"])
      #expect(crlfJSON == lfJSON, "\(name): CRLF copy's JSON differs")
      #expect(!crlfJSON.contains("\\r"), "\(name): the JSON text keeps CR")
    }
  }

  /// `--save-attachments DIR` through a link in a folder another user owns: refused (exit 78),
  /// nothing written where the link leads (a stranger's mail picks the names and contents).
  @Test func attachmentsThroughAnotherUsersLinkAreRefused() async throws {
    let moto = try MotoServer.shared()
    let bucket = "rootmail-att-\(UInt32.random(in: 0...UInt32.max))"
    try await moto.client().s3.createBucket(bucket)
    try await moto.client().s3.putObject(bucket, key: "RootMail/att", body: try TestMails.bytes("06-rfc2231-attachment.eml"))
    let cli = try RootmailCLI(extra: moto.environment().merging(["ROOTMAIL_BUCKET": bucket]) { $1 })
    #expect(try cli.run(["mail", "fetch"]).status == 0)
    chmod(cli.home.path, 0o755)
    let target = try cli.home.makeFolder("cron.d", mode: 0o755)
    let attacker = try cli.home.makeFolder("att", mode: 0o755)
    #expect(chown(attacker, 65534, 65534) == 0)
    try FileManager.default.createSymbolicLink(atPath: attacker + "/lnk", withDestinationPath: target)
    #expect(lchown(attacker + "/lnk", 65534, 65534) == 0)
    let id = MailID.make(key: "RootMail/att")
    let refused = try cli.run(["mail", "show", id, "--save-attachments", attacker + "/lnk"])
    #expect(refused.status == 78, "\(refused.stderr)")
    #expect(refused.stderr.contains("owned by uid 65534"), "\(refused.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: target).isEmpty)
    // A folder of the user's own is made and used.
    let saved = try cli.run(["mail", "show", id, "--save-attachments", cli.home.path + "/mine/att"])
    #expect(saved.status == 0, "\(saved.stderr)")
    #expect(!(try FileManager.default.contentsOfDirectory(atPath: cli.home.path + "/mine/att")).isEmpty)
  }
}
