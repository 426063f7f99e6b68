import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// Receivers as a user runs them: the real binary on moto_server with two `exec:` receivers
/// (a shell script that appends `<receiver> <mail id>` to a log once it has done its work,
/// and exits 75 — retry later — for mail whose subject says so while a flag file exists).
/// `mail fetch`, `mail dead-letters`, `mail replay`, and `mail watch` stopped by SIGTERM and
/// killed with SIGKILL mid-batch, then restarted.
@Suite(.serialized) struct ReceiveCLITests {
  /// A bucket with `count` mails; those whose number is in `failing` have "fail" in the subject.
  static func bucket(count: Int, failing: Set<Int> = [], moto: MotoServer? = nil) async throws -> String {
    let s3 = try (moto ?? MotoServer.shared()).client().s3
    let bucket = "rootmail-receive-\(UInt32.random(in: 0...UInt32.max))"
    try await s3.createBucket(bucket)
    try await withThrowingTaskGroup(of: Void.self) { group in
      for worker in 0..<4 {
        group.addTask {
          for n in stride(from: worker, to: count, by: 4) {
            let subject = failing.contains(n) ? "Mail \(n) fail" : "Mail \(n)"
            let mail = "From: AWS <no-reply@amazon.com>\r\nTo: root+\(n)@aws.example.com\r\nSubject: \(subject)\r\n\r\nBody\r\n"
            try await s3.putObject(bucket, key: "RootMail/mail-\(String(format: "%04d", n))", body: Array(mail.utf8))
          }
        }
      }
      try await group.waitForAll()
    }
    return bucket
  }

  /// A home with the receiver script; `receivers` is the setting naming it twice (a and b).
  struct Setup {
    let rootmail: RootmailCLI
    let log: String
    let flag: String
    let receivers: [String]

    /// A home of its own; with `sharing`, another machine running that setup's receivers (the
    /// same receiver ids) and logging to its log.
    init(
      bucket: String, sleep: String = "0", settings: [String: String] = [:], aws: [String: String]? = nil,
      sharing other: Setup? = nil
    ) throws {
      var cli = try RootmailCLI(
        extra: try (aws ?? MotoServer.shared().environment()).merging(
          ["ROOTMAIL_BUCKET": bucket].merging(settings) { $1 }
        ) { $1 })
      if let other {
        (log, flag, receivers) = (other.log, other.flag, other.receivers)
        cli.environment["ROOTMAIL_RECEIVERS"] = receivers.joined(separator: ",")
        rootmail = cli
        return
      }
      log = cli.home.path + "/received.log"
      flag = cli.home.path + "/failing"
      let script = try cli.write(
        """
        #!/bin/sh
        # $1: the receiver's name. The mail is on stdin; its facts in ROOTMAIL_* variables.
        cat >/dev/null
        sleep \(sleep)
        case "$ROOTMAIL_SUBJECT" in
          *fail*) [ -e "\(flag)" ] && { echo "still failing" >&2; exit 75; } ;;
        esac
        echo "$1 $ROOTMAIL_MAIL_ID" >> "\(log)"
        exit 0
        """, to: "receiver.sh", mode: 0o755)
      receivers = ["exec:\(script) a", "exec:\(script) b"]
      cli.environment["ROOTMAIL_RECEIVERS"] = receivers.joined(separator: ",")
      rootmail = cli
    }

    /// The log: how many times each `<receiver> <mail id>` ran to the end.
    var calls: [String: Int] {
      let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
      var counts: [String: Int] = [:]
      for line in text.split(separator: "\n") { counts[String(line), default: 0] += 1 }
      return counts
    }

    /// The ids of the cached mails.
    func ids() throws -> [String] {
      let listed = try rootmail.run(["mail", "list", "--all", "--output", "json"])
      let rows = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
      return rows.compactMap { $0["id"] as? String }
    }

    /// `(receiver, mail id)` pairs whose receipt reads done in the index (Python's sqlite3).
    func doneReceipts() throws -> Set<String> {
      let path = rootmail.home.path + "/data/rootmail/mail-index.sqlite"
      let run = try TestPython.sqlite(["query", path, "SELECT receiver, mail_id FROM receipt WHERE state = 'done'"])
      return Set(
        run.stdout.split(separator: "\n").map { line in
          let columns = line.split(separator: "\t", omittingEmptySubsequences: false)
          return "\(columns[0].split(separator: " ").last ?? "") \(columns.count > 1 ? columns[1] : "")"
        })
    }
  }

  func json(_ text: String) throws -> [[String: Any]] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]], "\(text)")
  }

  @Test func fetchRunsEachReceiverOnceThenDeadLettersAndReplay() async throws {
    let bucket = try await Self.bucket(count: 6, failing: [3])
    let setup = try Setup(bucket: bucket, settings: ["ROOTMAIL_MAX_ATTEMPTS": "1"])
    try Data().write(to: URL(fileURLWithPath: setup.flag))
    let rootmail = setup.rootmail

    let fetch = try rootmail.run(["mail", "fetch", "-v"])
    // Mail went to the dead letters in this run: exit 1, so cron and systemd notice.
    #expect(fetch.status == 1, "\(fetch.stderr)")
    #expect(fetch.stderr.contains("6 new, 0 already had, 0 failed"), "\(fetch.stderr)")
    #expect(
      fetch.stderr.contains("receivers: 10 done, 0 skipped, 0 to retry, 2 dead (see rootmail mail dead-letters)"),
      "\(fetch.stderr)")
    let ids = try setup.ids()
    #expect(ids.count == 6)
    // -v: a line per receiver and mail.
    for id in ids { #expect(fetch.stderr.contains("mail \(id) exec:"), "\(fetch.stderr)") }
    let good = setup.calls
    #expect(good.count == 10 && good.values.allSatisfy { $0 == 1 })

    // Nothing runs twice: a second fetch receives nothing.
    let again = try rootmail.run(["mail", "fetch"])
    #expect(again.stderr.contains("receivers: 0 done, 0 skipped, 0 to retry, 0 dead"), "\(again.stderr)")
    #expect(setup.calls == good)
    // For a script: the same counts as one JSON object on stdout, no summary line.
    let counted = try rootmail.run(["mail", "fetch", "--output", "json"])
    #expect(counted.status == 0 && !counted.stderr.contains("mail fetch:"), "\(counted.stderr)")
    let counts = try #require(try JSONSerialization.jsonObject(with: Data(counted.stdout.utf8)) as? [String: Any])
    #expect(counts["new"] as? Int == 0 && counts["already_had"] as? Int == 6 && counts["failed"] as? Int == 0)
    #expect(counts["seconds"] is Double || counts["seconds"] is Int, "\(counted.stdout)")
    let received = try #require(counts["receivers"] as? [String: Any], "\(counted.stdout)")
    #expect(["mails", "done", "skipped", "to_retry", "dead"].allSatisfy { received[$0] as? Int == 0 }, "\(counted.stdout)")
    // mail receive: the receivers' part; a done or dead receiver is not run again.
    let backfill = try rootmail.run(["mail", "receive", "--all", "--output", "json"])
    let backfilled = try #require(try JSONSerialization.jsonObject(with: Data(backfill.stdout.utf8)) as? [String: Any])
    #expect(backfill.status == 0 && backfilled["done"] as? Int == 0 && backfilled["dead"] as? Int == 0, "\(backfill.stdout)")
    #expect(
      backfilled["mails"] as? Int == 6 && !backfill.stderr.contains("mail receive:"), "\(backfill.stdout)\(backfill.stderr)")
    #expect(setup.calls == good)

    // The failing mail is on the dead-letter list for both receivers.
    let dead = try json(try rootmail.run(["mail", "dead-letters", "--output", "json"]).stdout)
    #expect(dead.count == 2)
    let failing = try #require(dead.first?["mail_id"] as? String)
    #expect(Set(dead.compactMap { $0["receiver"] as? String }) == Set(setup.receivers))
    #expect(dead.allSatisfy { $0["mail_id"] as? String == failing && $0["attempts"] as? Int == 1 })
    #expect(dead.allSatisfy { ($0["subject"] as? String)?.contains("fail") == true })
    let table = try rootmail.run(["mail", "dead-letters", "--output", "text"])
    #expect(table.lines.count == 2 && table.lines.allSatisfy { $0.hasPrefix(failing) })

    // Replay while it still fails: exit 1, still dead.
    let stillFailing = try rootmail.run(["mail", "replay", failing])
    #expect(stillFailing.status == 1, "\(stillFailing.stderr)")
    #expect(try json(try rootmail.run(["mail", "dead-letters", "--output", "json"]).stdout).count == 2)

    // Fixed: replay runs both and they are done; done receivers are not run again.
    try FileManager.default.removeItem(atPath: setup.flag)
    let replay = try rootmail.run(["mail", "replay", "--all", "--output", "json"])
    #expect(replay.status == 0, "\(replay.stderr)")
    #expect(try json(replay.stdout).allSatisfy { $0["outcome"] as? String == "done" })
    #expect(setup.calls["a \(failing)"] == 1 && setup.calls["b \(failing)"] == 1)
    #expect(try json(try rootmail.run(["mail", "dead-letters", "--output", "json"]).stdout).isEmpty)
    // Empty, for people: a note on stderr instead of a lone header.
    let none = try rootmail.run(["mail", "dead-letters"])
    #expect(none.status == 0 && none.stdout.isEmpty && none.stderr == "no dead letters\n", "\(none.stdout)\(none.stderr)")
    let noop = try rootmail.run(["mail", "replay", failing])
    #expect(noop.status == 0 && noop.stderr.contains("nothing to run"), "\(noop.stderr)")
    #expect(setup.calls["a \(failing)"] == 1)

    // --force reruns a done receiver, only the one named.
    let forced = try rootmail.run(["mail", "replay", failing, "--force", "--receiver", setup.receivers[0]])
    #expect(forced.status == 0, "\(forced.stderr)")
    #expect(setup.calls["a \(failing)"] == 2 && setup.calls["b \(failing)"] == 1)
    #expect(try rootmail.run(["mail", "replay", failing, "--receiver", "exec:/nope"]).status == 64)
    #expect(try rootmail.run(["mail", "replay"]).status == 64)
  }

  @Test func aRetryableFailureIsNotRetriedBeforeItsBackoff() async throws {
    let bucket = try await Self.bucket(count: 2, failing: [0])
    let setup = try Setup(bucket: bucket)
    try Data().write(to: URL(fileURLWithPath: setup.flag))
    let first = try setup.rootmail.run(["mail", "fetch", "-v"])
    #expect(first.stderr.contains("receivers: 2 done, 0 skipped, 2 to retry, 0 dead"), "\(first.stderr)")
    #expect(first.stderr.contains("failed (attempt 1, retry after"), "\(first.stderr)")
    try FileManager.default.removeItem(atPath: setup.flag)
    let second = try setup.rootmail.run(["mail", "fetch"])
    #expect(second.stderr.contains("receivers: 0 done"), "\(second.stderr)")
    #expect(setup.calls.count == 2)
  }

  /// Two machines (two homes, each its own cache) sharing a DynamoDB store: receipts are
  /// claimed in DynamoDB, so fetching the same bucket on both at once runs each receiver once
  /// per mail in all, and neither runs anything afterwards.
  @Test func twoMachinesOnADynamoDBStoreRunEachReceiverOncePerMail() async throws {
    let count = 20
    let moto = try SampleMappingTable.moto()
    let bucket = try await Self.bucket(count: count, moto: moto)
    let table = try await SampleMappingTable.create()
    let first = try Setup(
      bucket: bucket, sleep: "0.02", settings: ["ROOTMAIL_STORE": "dynamodb:\(table)"],
      aws: try SampleMappingTable.environment())
    let machines = [
      first,
      try Setup(
        bucket: bucket, settings: ["ROOTMAIL_STORE": "dynamodb:\(table)"], aws: try SampleMappingTable.environment(),
        sharing: first),
    ]
    let runs = try machines.map { try $0.rootmail.start(["mail", "fetch", "--concurrency", "4"], timeout: 180) }
    for (n, run) in runs.enumerated() {
      let result = run.wait()
      #expect(result.status == 0, "machine \(n): \(result.stderr)")
    }
    func total() -> [String: Int] { first.calls }
    #expect(total().count == 2 * count)
    #expect(total().values.allSatisfy { $0 == 1 }, "\(total().filter { $0.value > 1 })")
    for machine in machines {
      let again = try machine.rootmail.run(["mail", "fetch"])
      #expect(again.stderr.contains("receivers: 0 done, 0 skipped, 0 to retry, 0 dead"), "\(again.stderr)")
      // The shared ledger is what mail dead-letters reads: nothing there.
      #expect(try machine.rootmail.run(["mail", "dead-letters", "--output", "json"]).stdout.contains("[]"))
    }
    #expect(total().values.allSatisfy { $0 == 1 })
  }

  /// Starts `mail watch`, waits until `lines` receiver runs are logged, signals it, and
  /// returns its result.
  static func interruptWatch(_ setup: Setup, after lines: Int, signal: Int32) throws -> RootmailCLI.Result {
    // Minutes of margin for a busy machine: it is signalled as soon as the lines are there.
    let watcher = try setup.rootmail.start(["mail", "watch", "--interval", "1s", "--concurrency", "2"], timeout: 900)
    let deadline = Date().addingTimeInterval(600)
    while setup.calls.values.reduce(0, +) < lines && Date() < deadline { usleep(20_000) }
    kill(watcher.pid, signal)
    return watcher.wait()
  }

  /// Runs `mail fetch` until every receiver has run on every mail (at most 5 times).
  static func finish(_ setup: Setup, mails: Int) throws {
    for _ in 0..<5 where setup.calls.count < 2 * mails {
      let run = try setup.rootmail.run(["mail", "fetch"])
      #expect(run.status == 0, "\(run.stderr)")
    }
  }

  @Test func watchStoppedBySIGTERMMidBatchRunsNoReceiverTwiceAfterRestart() async throws {
    let count = 40
    let bucket = try await Self.bucket(count: count)
    let setup = try Setup(bucket: bucket, sleep: "0.05")
    let stopped = try Self.interruptWatch(setup, after: 12, signal: SIGTERM)
    #expect(!stopped.timedOut && stopped.status == 0, "\(stopped.stderr)")
    #expect(stopped.stderr.contains("mail watch: stopped"), "\(stopped.stderr)")
    let before = setup.calls
    #expect(before.count < 2 * count, "the watcher finished before the signal: make the batch bigger")
    // The mails in hand were finished: every mail a receiver ran on has both receivers' runs.
    let mailsSeen = Set(before.keys.map { $0.split(separator: " ")[1] })
    for mail in mailsSeen { #expect(before["a \(mail)"] == 1 && before["b \(mail)"] == 1, "\(mail)") }
    try Self.finish(setup, mails: count)
    let after = setup.calls
    #expect(after.count == 2 * count)
    #expect(after.values.allSatisfy { $0 == 1 }, "\(after.filter { $0.value > 1 })")
  }

  @Test func watchKilledMidBatchReceivesEveryMailOnceByEachReceiverThatHadNotFinished() async throws {
    let count = 40
    let bucket = try await Self.bucket(count: count)
    let setup = try Setup(bucket: bucket, sleep: "0.05")
    let killed = try Self.interruptWatch(setup, after: 12, signal: SIGKILL)
    #expect(killed.status != 0)
    usleep(300_000)  // an exec: child orphaned by the kill may still append its line
    let done = try setup.doneReceipts()
    let before = setup.calls
    #expect(before.count < 2 * count, "the watcher finished before the kill: make the batch bigger")
    try Self.finish(setup, mails: count)
    let after = setup.calls
    #expect(after.count == 2 * count)
    // A receiver that had finished (its receipt settled) never ran again; one the kill caught
    // mid-mail ran again, once.
    for (call, times) in after {
      if done.contains(call) {
        #expect(times == 1, "\(call) ran again after it was done")
      } else {
        #expect(times <= (before[call] ?? 0) + 1, "\(call)")
      }
    }
    #expect(after.values.allSatisfy { $0 <= 2 })
  }
}
