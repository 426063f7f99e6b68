import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// Two `mail watch` processes, each with its own home (its own Maildir and mail index: two
/// machines), on one moto_server with `store = dynamodb:<table>`, receiving the same 200 mails
/// with two `exec:` receivers that append a line per call to a file. One watcher is killed
/// with SIGKILL mid-batch; the other finishes: every receiver ran on every mail, and only a
/// mail the killed watcher had in hand may have run twice (its claim ran out and was taken
/// over, as the lease says).
@Suite(.serialized) struct WatchTwoMachinesTests {
  static let count = 200

  /// A bucket on `moto` with `count` small generated mails; returns it and their mail ids.
  static func bucket(on moto: MotoServer) async throws -> (String, Set<String>) {
    let s3 = moto.client().s3
    let bucket = "rootmail-watch2-\(UInt32.random(in: 0...UInt32.max))"
    try await s3.createBucket(bucket)
    try await withThrowingTaskGroup(of: Void.self) { group in
      for worker in 0..<4 {
        group.addTask {
          for n in stride(from: worker, to: count, by: 4) {
            let mail = """
              From: AWS <no-reply@amazon.com>\r
              To: root+\(String(format: "%012x", n))@aws.example.com\r
              Subject: Mail number \(n)\r
              Message-ID: <watch2-\(n)@example.com>\r
              Content-Type: text/plain; charset=utf-8\r
              \r
              Body \(n)\r

              """
            try await s3.putObject(bucket, key: "RootMail/mail-\(n)", body: Array(mail.utf8))
          }
        }
      }
      try await group.waitForAll()
    }
    return (bucket, Set((0..<count).map { MailID.make(key: "RootMail/mail-\($0)") }))
  }

  /// A receiver program: appends `<mail id> <HOME>` to `log` (one short write, so lines from
  /// two processes never mix; `exec:` programs get a clean environment, but HOME tells the
  /// machines apart). On the victim's machine it writes first and then takes a second, so that
  /// when the test sees a victim's line, that receiver is still running: killed then, the
  /// victim dies holding its claim. Elsewhere it takes 0.2 s, so that a batch takes a while.
  static func receiverScript(_ folder: TemporaryFolder, name: String, victimHome: String) throws
    -> (program: String, log: String)
  {
    let log = folder.path + "/\(name).log"
    let program = try folder.write(
      "\(name).sh",
      """
      #!/bin/sh
      if [ "$HOME" = '\(victimHome)' ]; then
        echo "$ROOTMAIL_MAIL_ID $HOME" >> '\(log)'
        sleep 1
      else
        sleep 0.2
        echo "$ROOTMAIL_MAIL_ID $HOME" >> '\(log)'
      fi
      exit 0

      """, mode: 0o755)
    return (program, log)
  }

  /// The lines of a receiver's log as (mail id, watcher).
  static func calls(_ log: String, homes: [String]) -> [(mail: String, watcher: String)] {
    let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
    return text.split(separator: "\n").map { line in
      let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
      let home = parts.count > 1 ? parts[1] : ""
      return (parts.first ?? "", homes.firstIndex(of: home).map { "w\($0)" } ?? home)
    }
  }

  @Test(.timeLimit(.minutes(30)))
  func twoWatchersRunEachReceiverOncePerMailAndTheSurvivorFinishesWhatAKilledOneHeld() async throws {
    let moto = try SampleMappingTable.moto()  // serialized: conditional writes applied one at a time
    let (bucket, ids) = try await Self.bucket(on: moto)
    let table = try await SampleMappingTable.create()
    let scripts = try TemporaryFolder(prefix: "rootmail-watch2")
    // Two machines: two homes, so two Maildirs and mail indexes, one DynamoDB table.
    var machines = try (0..<2).map { _ in try RootmailCLI() }
    let homes = machines.map(\.home.path)
    let receivers = try ["first", "second"].map { try Self.receiverScript(scripts, name: $0, victimHome: homes[0]) }
    let environment = try SampleMappingTable.environment().merging([
      "ROOTMAIL_BUCKET": bucket, "ROOTMAIL_STORE": "dynamodb:\(table)",
      "ROOTMAIL_RECEIVERS": receivers.map { "exec:\($0.program)" }.joined(separator: ","),
      // The lease is exec_timeout + 60 s: a short timeout makes the take-over come soon.
      "ROOTMAIL_EXEC_TIMEOUT": "5",
    ]) { $1 }
    for n in machines.indices { machines[n].environment.merge(environment) { $1 } }
    let watchers = try machines.map {
      try $0.start(["mail", "watch", "--interval", "1s", "--concurrency", "4", "-v"], timeout: 330)
    }
    let (victim, survivor) = (watchers[0], watchers[1])

    // Kill the first watcher mid-batch, while a receiver it claimed runs (it wrote its line).
    let start = Date()
    func victimLines() -> Int {
      receivers.map { Self.calls($0.log, homes: homes).filter { $0.watcher == "w0" }.count }.reduce(0, +)
    }
    while victimLines() < 10, victim.process.isRunning, Date().timeIntervalSince(start) < 120 { usleep(5_000) }
    #expect(kill(victim.pid, SIGKILL) == 0)
    let killed = victim.wait()
    #expect(killed.status != 0, "the first watcher ended by itself: \(killed.stderr)")

    // The survivor finishes every mail, taking over the claims the victim held once their
    // lease ran out: wait (bounded) until the shared ledger has every receiver done on every
    // mail. (The logs alone do not say it: the victim wrote lines for the mails it died on.)
    let context = CommandContext(
      config: try ConfigLoader(environment: environment).load(), environment: environment.merging(["HOME": scripts.path]) { $1 })
    let ledger = try #require(try await ReceiptLedgerLocator.open(context: context))
    var done = try await ledger.receipts(in: [.done], limit: 10_000)
    while done.count < Self.count * receivers.count, survivor.process.isRunning, Date().timeIntervalSince(start) < 300 {
      try await Task.sleep(for: .seconds(1))
      done = try await ledger.receipts(in: [.done], limit: 10_000)
    }
    kill(survivor.pid, SIGTERM)
    let stopped = survivor.wait()
    #expect(stopped.status == 0, "\(stopped.stderr.suffix(2000))")

    // In the shared ledger: every receiver done on every mail, and some after a take-over
    // (a second attempt: the victim's claim ran out).
    #expect(done.count == Self.count * receivers.count)
    #expect(done.contains { $0.attempts == 2 }, "no claim was taken over: the victim held none when it was killed")
    #expect(try await ledger.receipts(in: [.claimed, .failed, .dead], limit: 10).isEmpty)

    var repeatedRuns = 0
    var all: [(mail: String, watcher: String)] = []
    for receiver in receivers {
      let calls = Self.calls(receiver.log, homes: homes)
      all += calls
      #expect(Set(calls.map(\.mail)) == ids, "\(receiver.program) did not run on every mail")
      // A mail ran twice only when the killed watcher had it in hand (ran the program, then
      // died before recording the outcome): once by the victim, once by the survivor.
      for (mail, runs) in Dictionary(grouping: calls, by: \.mail) where runs.count > 1 {
        #expect(runs.count == 2 && runs.map(\.watcher).sorted() == ["w0", "w1"], "\(mail) ran \(runs.map(\.watcher))")
        repeatedRuns += 1
      }
    }
    // The victim had 1 to 4 receivers running when it was killed (--concurrency 4).
    #expect((1...4).contains(repeatedRuns), "\(repeatedRuns) runs repeated; killed watcher: \(killed.stderr.suffix(1500))")
    // Both machines did part of the work.
    #expect(all.contains { $0.watcher == "w0" } && all.contains { $0.watcher == "w1" })
  }
}
