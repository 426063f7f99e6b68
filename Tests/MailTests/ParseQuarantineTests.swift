import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// One mail must never stop all mail: a To field of 50,000 nested groups (which crashed GMime
/// by recursion, so every fetch crashed on it again) is fetched with the others, and a mail
/// rootmail died on twice while parsing is quarantined instead of being parsed a third time.
@Suite struct ParseQuarantineTests {
  /// A mail whose To field nests `depth` empty groups around one address, folded (about three
  /// bytes a group), with a Cc to the account.
  static func nestedGroupsMail(depth: Int, subject: String = "nested") -> [UInt8] {
    var to = String(repeating: "g:", count: depth) + "a@aws.example.com" + String(repeating: ";", count: depth)
    var folded = "To: "
    while !to.isEmpty {
      let line = to.prefix(70)
      folded += line + (line.count == to.count ? "\r\n" : "\r\n ")
      to.removeFirst(line.count)
    }
    return Array(
      ("From: sender@outside.example\r\n" + folded + "Cc: root+0a1b2c3d4e5f@aws.example.com\r\nSubject: \(subject)\r\n"
        + "Content-Type: text/plain\r\n\r\nbody\r\n").utf8)
  }

  static func bucket(_ mails: [String: [UInt8]]) async throws -> String {
    let s3 = try MotoServer.shared().client().s3
    let bucket = "rootmail-quarantine-\(UInt32.random(in: 0...UInt32.max))"
    try await s3.createBucket(bucket)
    for (key, body) in mails { try await s3.putObject(bucket, key: key, body: body) }
    return bucket
  }

  static func list(_ cli: RootmailCLI) throws -> [[String: Any]] {
    let listed = try cli.run(["mail", "list", "--all", "--output", "json"])
    return try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]], "\(listed)")
  }

  @Test func fiftyThousandNestedGroupsAreFetchedWithTheOtherMail() async throws {
    let nested = Self.nestedGroupsMail(depth: 50_000)
    #expect(nested.count > 140_000)
    let genuine = Array(try Data(contentsOf: URL(fileURLWithPath: TestMails.folder + "/09-reset-genuine.eml")))
    let bucket = try await Self.bucket(["RootMail/a-nested": nested, "RootMail/b-genuine": genuine])
    let cli = try RootmailCLI(extra: try MotoServer.shared().environment().merging(["ROOTMAIL_BUCKET": bucket]) { $1 })
    let fetch = try cli.run(["mail", "fetch"])
    #expect(fetch.status == 0, "\(fetch.stderr)")
    #expect(fetch.stderr.contains("2 new, 0 already had, 0 failed"), "\(fetch.stderr)")
    let rows = try Self.list(cli)
    #expect(rows.count == 2)
    let row = try #require(rows.first { $0["key"] as? String == "RootMail/a-nested" })
    #expect(row["subject"] as? String == "nested")
    #expect(row["recipients"] as? [String] == ["root+0a1b2c3d4e5f@aws.example.com"])
    let warnings = row["parse_warnings"] as? [String] ?? []
    #expect(warnings.contains("To header emptied: its groups nest 50000 deep (at most 4)"), "\(warnings)")
    // Shown like any other mail.
    let show = try cli.run(["mail", "show", MailID.make(key: "RootMail/a-nested")])
    #expect(show.status == 0 && show.stdout.contains("body"), "\(show.stderr)")
  }

  /// What a process that died parsing leaves (`parsing/<id>` marks) is handled by the next
  /// fetch: a mail it died on once is parsed again alone; one it died on twice (a retry mark)
  /// is indexed unparsed with a warning, its receivers skipped until `mail replay --force`.
  @Test func aMailRootmailDiedOnTwiceIsQuarantinedAndTheOthersFlow() async throws {
    let plain = { (n: Int) in
      Array("From: a@outside.example\r\nTo: root+0a1b2c3d4e5f@aws.example.com\r\nSubject: mail \(n)\r\n\r\nbody \(n)\r\n".utf8)
    }
    let keys = ["RootMail/died-twice", "RootMail/died-once", "RootMail/new"]
    let bucket = try await Self.bucket(Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, plain($0)) }))
    let cli = try RootmailCLI(extra: try MotoServer.shared().environment().merging(["ROOTMAIL_BUCKET": bucket]) { $1 })
    let log = cli.home.path + "/exec.log"
    let record = try cli.home.write(
      "bin/record", "#!/bin/sh\ncat > /dev/null\necho \"$ROOTMAIL_MAIL_ID\" >> '\(log)'\necho recorded\n", mode: 0o755)
    let receivers = ["ROOTMAIL_RECEIVERS": "exec:\(record)"]
    // The cache as a fetch that died parsing left it: two mails delivered, each with its mark.
    let empty = try cli.run(["mail", "fetch", "--prefix", "Nothing/"], extraEnvironment: receivers)
    #expect(empty.status == 0, "\(empty.stderr)")
    let root = cli.home.path + "/data/rootmail/mail"
    for (n, key) in keys.prefix(2).enumerated() {
      let id = MailID.make(key: key)
      FileManager.default.createFile(atPath: root + "/new/" + id, contents: Data(plain(n)))
      let mark = #"{"key":"\#(key)","etag":"\"x\"","size":10,"last_modified":"2026-12-01T12:00:00.000Z"}"#
      let name = id + (n == 0 ? ".retry" : "")
      #expect(FileManager.default.createFile(atPath: root + "/parsing/" + name, contents: Data(mark.utf8)))
    }
    let quarantined = MailID.make(key: keys[0])
    let fetch = try cli.run(["mail", "fetch"], extraEnvironment: receivers)
    #expect(fetch.status == 0, "\(fetch.stderr)")
    #expect(fetch.stderr.contains("mail \(quarantined) (RootMail/died-twice) is quarantined"), "\(fetch.stderr)")
    #expect(fetch.stderr.contains("3 new, 0 already had, 0 failed"), "\(fetch.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/parsing").isEmpty)
    let rows = try Self.list(cli)
    #expect(rows.count == 3)
    let row = try #require(rows.first { $0["id"] as? String == quarantined })
    #expect((row["parse_warnings"] as? [String] ?? []).contains { $0.hasPrefix("quarantined: ") }, "\(row)")
    #expect(row["subject"] as? String == "")
    #expect((rows.first { $0["key"] as? String == keys[1] }?["subject"] as? String) == "mail 1")
    // The receiver ran on the two others, not on the quarantined one; its bytes are kept.
    let ran = { (try? String(contentsOfFile: log, encoding: .utf8))?.split(separator: "\n").map(String.init) ?? [] }
    #expect(Set(ran()) == Set(keys.dropFirst().map { MailID.make(key: $0) }))
    #expect(FileManager.default.fileExists(atPath: root + "/new/" + quarantined))
    // A replay without --force leaves it alone; with --force it runs the receiver.
    let replay = try cli.run(["mail", "replay", quarantined], extraEnvironment: receivers)
    #expect(replay.status == 0 && replay.stderr.contains("nothing to run"), "\(replay.stderr)")
    #expect(!ran().contains(quarantined))
    let forced = try cli.run(["mail", "replay", quarantined, "--force"], extraEnvironment: receivers)
    #expect(forced.status == 0, "\(forced.stderr)")
    #expect(ran().contains(quarantined))
    // Reading commands do not parse it either (it stopped rootmail twice); --raw shows its bytes.
    for command in [["show"], ["links"], ["forward", "--to", "admin@example.org"]] {
      let refused = try cli.run(["mail"] + [command[0], quarantined] + command.dropFirst())
      #expect(refused.status == 1 && refused.stdout.isEmpty, "\(command) \(refused.stdout)")
      #expect(refused.stderr.contains("mail \(quarantined) is quarantined: rootmail stopped twice while parsing it"))
      #expect(refused.stderr.contains("mail show --raw \(quarantined)"), "\(refused.stderr)")
    }
    let raw = try cli.run(["mail", "show", "--raw", quarantined])
    #expect(raw.status == 0 && raw.stdout == String(decoding: plain(0), as: UTF8.self), "\(raw.stderr)")
  }
}
