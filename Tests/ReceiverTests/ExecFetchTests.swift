import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// `exec:` receivers named in `receivers` and run by the real `rootmail mail fetch` on mail in
/// moto's S3: each program sees every new mail once, a failure for good lands in the dead
/// letters with the program's last stderr line, and nothing runs twice.
@Suite struct ExecFetchTests {
  @Test func fetchRunsExecReceiversOnceAndDeadLettersAFailure() async throws {
    let moto = try MotoServer.shared()
    let bucket = "rootmail-exec-\(UInt32.random(in: 0...UInt32.max))"
    try await moto.client().s3.createBucket(bucket)
    for name in ["custom-mail", "password-reset-mail"] {
      let raw = Array(try Data(contentsOf: URL(fileURLWithPath: RootmailCLI.fixturesFolder + "/mail/\(name).eml")))
      try await moto.client().s3.putObject(bucket, key: "RootMail/" + name, body: raw)
    }
    let cli = try RootmailCLI(extra: moto.environment().merging(["ROOTMAIL_BUCKET": bucket]) { $1 })
    let log = cli.home.path + "/exec.log"
    let record = try cli.home.write(
      "bin/record",
      "#!/bin/sh\ncat > /dev/null\necho \"$ROOTMAIL_MAIL_ID $ROOTMAIL_CLASS $ROOTMAIL_TO\" >> '\(log)'\necho \"recorded $ROOTMAIL_MAIL_ID\"\n",
      mode: 0o755)
    let refuse = try cli.home.write("bin/refuse", "#!/bin/sh\necho \"no route for $ROOTMAIL_TO\" >&2\nexit 3\n", mode: 0o755)
    let receivers = ["ROOTMAIL_RECEIVERS": "exec:\(record) --quiet,exec:\(refuse)"]

    let fetch = try cli.run(["mail", "fetch"], extraEnvironment: receivers)
    #expect(fetch.stderr.contains("2 new"), "\(fetch.stderr)")
    // Mail went to the dead letters in this run: exit 1, and the summary says where to look.
    #expect(fetch.status == 1, "\(fetch.stderr)")
    #expect(fetch.stderr.contains("2 dead (see rootmail mail dead-letters)"), "\(fetch.stderr)")
    let reset = MailID.make(key: "RootMail/password-reset-mail")
    let other = MailID.make(key: "RootMail/custom-mail")
    let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map(String.init).sorted()
    #expect(lines == ["\(reset) password-reset user@example.com", "\(other) other root+test@aws.mavogel.xyz"].sorted())

    let dead = try cli.run(["mail", "dead-letters", "-o", "json"], extraEnvironment: receivers)
    #expect(dead.status == 0, "\(dead.stderr)")
    let rows = try #require(try JSONSerialization.jsonObject(with: Data(dead.stdout.utf8)) as? [[String: Any]], "\(dead.stdout)")
    #expect(rows.count == 2, "\(dead.stdout)")
    for row in rows {
      #expect(row["receiver"] as? String == "exec:\(refuse)")
      let error = row["error"] as? String ?? ""
      #expect(error.hasPrefix("refuse exited with status 3: no route for "), "\(error)")
    }

    // Done is done, dead is dead: a second fetch runs neither program again.
    let again = try cli.run(["mail", "fetch"], extraEnvironment: receivers)
    #expect(again.stderr.contains("0 new"), "\(again.stderr)")
    #expect(again.status == 0, "nothing newly dead: \(again.stderr)")
    #expect(try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").count == 2)
  }

  /// A program rootmail must not run stops the command before any mail: exit 78, naming the
  /// receiver and why, nothing fetched.
  @Test func anUntrustedProgramIsAConfigurationErrorBeforeAnyMail() async throws {
    let moto = try MotoServer.shared()
    let bucket = "rootmail-exec-\(UInt32.random(in: 0...UInt32.max))"
    try await moto.client().s3.createBucket(bucket)
    let raw = Array(try Data(contentsOf: URL(fileURLWithPath: RootmailCLI.fixturesFolder + "/mail/custom-mail.eml")))
    try await moto.client().s3.putObject(bucket, key: "RootMail/custom-mail", body: raw)
    let cli = try RootmailCLI(extra: moto.environment().merging(["ROOTMAIL_BUCKET": bucket]) { $1 })
    let shared = try cli.home.write("bin/shared", "#!/bin/sh\nexit 0\n", mode: 0o777)
    let fetch = try cli.run(["mail", "fetch"], extraEnvironment: ["ROOTMAIL_RECEIVERS": "exec:\(shared)"])
    #expect(fetch.status == 78, "\(fetch.stderr)")
    #expect(
      fetch.stderr.contains("receiver exec:\(shared): the program \(shared) is writable by group or others"), "\(fetch.stderr)")
    let list = try cli.run(["mail", "list", "--all", "-o", "json"])
    #expect(list.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[]", "\(list.stdout) \(list.stderr)")
  }
}
