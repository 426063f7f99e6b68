import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// `mail search` over generated mail (FTS5 in the mail index, built as mail is indexed, and
/// once for a cache from before search), and `mail receive`, the backfill that runs a receiver
/// added later over the cache, through the ledger (never twice).
@Suite(.serialized) struct MailSearchAndBackfillTests {
  /// A bucket with `count` mails: mail n has subject "Report n", body words "alpha" for even n
  /// and "beta" for odd n, and "gamma" for n divisible by 5; mail 7 comes from AWS.
  static func fetched(count: Int, environment: [String: String] = [:]) async throws -> RootmailCLI {
    let moto = try MotoServer.shared()
    let bucket = "rootmail-search-\(UInt32.random(in: 0...UInt32.max))"
    try await moto.client().s3.createBucket(bucket)
    for n in 0..<count {
      let words = (n % 2 == 0 ? "alpha" : "beta") + (n % 5 == 0 ? " gamma" : "") + " Überweisung"
      let from = n == 7 ? "AWS <no-reply-aws@amazon.com>" : "Sender \(n) <s\(n)@outside.example>"
      let mail = "From: \(from)\r\nTo: root+\(n)@aws.example.com\r\nSubject: Report \(n)\r\n\r\nThe \(words) text.\r\n"
      try await moto.client().s3.putObject(bucket, key: "RootMail/m-\(n)", body: Array(mail.utf8))
    }
    let cli = try RootmailCLI(
      extra: moto.environment().merging(["ROOTMAIL_BUCKET": bucket, "ROOTMAIL_RECEIVERS": ""]) { $1 }.merging(
        environment
      ) { $1 })
    let fetch = try cli.run(["mail", "fetch"])
    #expect(fetch.status == 0, "\(fetch.stderr)")
    return cli
  }

  /// The S3 keys of `mail search` (JSON), as a set.
  static func keys(_ cli: RootmailCLI, _ arguments: [String]) throws -> Set<String> {
    let result = try cli.run(["mail", "search"] + arguments + ["-o", "json"])
    #expect(result.status == 0, "\(result.stderr)")
    let rows = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
    return Set(rows.compactMap { $0["key"] as? String })
  }

  @Test func searchFindsEveryWordInSubjectSenderRecipientsAndText() async throws {
    let cli = try await Self.fetched(count: 20)
    #expect(try Self.keys(cli, ["gamma"]) == ["RootMail/m-0", "RootMail/m-5", "RootMail/m-10", "RootMail/m-15"])
    #expect(try Self.keys(cli, ["beta", "GAMMA"]) == ["RootMail/m-5", "RootMail/m-15"])
    // A word's start matches; accents are ignored; the subject, sender and recipient count.
    #expect(try Self.keys(cli, ["gam"]).count == 4)
    #expect(try Self.keys(cli, ["uberweisung"]).count == 20)
    #expect(try Self.keys(cli, ["report", "13"]) == ["RootMail/m-13"])
    #expect(try Self.keys(cli, ["no-reply-aws"]) == ["RootMail/m-7"])
    #expect(try Self.keys(cli, ["root+12@aws.example.com"]) == ["RootMail/m-12"])
    // The filters of mail list apply.
    #expect(try Self.keys(cli, ["gamma", "--from", "s5@outside.example"]) == ["RootMail/m-5"])
    // What FTS5 would read as syntax is only text: nothing matches, nothing fails.
    for hostile in ["\"", "NEAR(alpha beta)", "alpha OR beta", "*", "subject:report", "a\"b"] {
      let result = try cli.run(["mail", "search", hostile, "-o", "json"])
      #expect(result.status == 0, "\(hostile): \(result.stderr)")
    }
    let none = try cli.run(["mail", "search", "nosuchword"])
    #expect(none.status == 0 && none.stdout.isEmpty && none.stderr.contains("no mail matches"))
    #expect(try cli.run(["mail", "search", "  "]).status == 64)
  }

  /// A cache indexed before search existed (its search rows removed here) is made searchable
  /// once, by the first search, which says so.
  @Test func aCacheFromBeforeSearchIsMadeSearchableOnce() async throws {
    let cli = try await Self.fetched(count: 12)
    let index = cli.home.path + "/data/rootmail/mail-index.sqlite"
    let python = try RootmailCLI.start(
      "/usr/bin/env",
      [
        "python3", "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('DELETE FROM mail_search'); c.commit()",
        index,
      ],
      environment: nil
    ).wait()
    #expect(python.status == 0, "\(python.stderr)")
    let first = try cli.run(["mail", "search", "gamma", "-o", "json"])
    #expect(first.stderr.contains("made 12 cached mails searchable"), "\(first.stderr)")
    #expect(try Self.keys(cli, ["gamma"]) == ["RootMail/m-0", "RootMail/m-5", "RootMail/m-10"])
    #expect(!(try cli.run(["mail", "search", "gamma"]).stderr.contains("searchable")))
  }

  /// A receiver added after the mail was fetched sees the cache only through `mail receive`:
  /// each mail once, and a second run runs nothing.
  @Test func mailReceiveBackfillsAReceiverAddedLaterOnce() async throws {
    let cli = try await Self.fetched(count: 6)
    let log = cli.home.path + "/backfill.log"
    let program = try cli.home.write(
      "bin/record", "#!/bin/sh\ncat > /dev/null\necho \"$ROOTMAIL_MAIL_ID\" >> '\(log)'\necho recorded\n", mode: 0o755)
    let receivers = ["ROOTMAIL_RECEIVERS": "exec:\(program)"]
    #expect(try cli.run(["mail", "receive"], extraEnvironment: receivers).status == 64)
    let first = try cli.run(["mail", "receive", "--all"], extraEnvironment: receivers)
    #expect(first.status == 0, "\(first.stderr)")
    #expect(first.stderr.contains("mail receive: 6 mails; receivers: 6 done"), "\(first.stderr)")
    let ids = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
    #expect(ids.count == 6 && Set(ids).count == 6)
    let again = try cli.run(["mail", "receive", "--since", "7d"], extraEnvironment: receivers)
    #expect(again.status == 0 && again.stderr.contains("receivers: 0 done"), "\(again.stderr)")
    #expect(try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").count == 6)
    // The receiver named must be configured.
    #expect(try cli.run(["mail", "receive", "--all", "--receiver", "forward"], extraEnvironment: receivers).status == 64)
  }
}
