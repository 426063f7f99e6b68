import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// `mail fetch`, `mail watch`, `mail dead-letters` as a user runs them (the real binary on
/// moto_server): configuration errors before anything is fetched, the interval rule, and a
/// watcher that fetches until SIGTERM and then exits 0.
@Suite(.serialized) struct WatchCLITests {
  /// A bucket holding `count` small mails.
  static func bucket(count: Int) async throws -> String {
    let s3 = try MotoServer.shared().client().s3
    let bucket = "rootmail-watch-\(UInt32.random(in: 0...UInt32.max))"
    try await s3.createBucket(bucket)
    for n in 0..<count {
      let mail = "From: AWS <no-reply@amazon.com>\r\nTo: root+\(n)@aws.example.com\r\nSubject: Mail \(n)\r\n\r\nBody \(n)\r\n"
      try await s3.putObject(bucket, key: "RootMail/mail-\(String(format: "%04d", n))", body: Array(mail.utf8))
    }
    return bucket
  }

  static func cli(bucket: String, receivers: String) throws -> RootmailCLI {
    try RootmailCLI(
      extra: try MotoServer.shared().environment().merging(["ROOTMAIL_BUCKET": bucket, "ROOTMAIL_RECEIVERS": receivers]) {
        $1
      })
  }

  static func cached(_ rootmail: RootmailCLI) -> Int {
    (try? FileManager.default.contentsOfDirectory(atPath: rootmail.home.path + "/data/rootmail/mail/new"))?.count ?? 0
  }

  /// Starts `mail watch` on `bucket` with an `exec:` receiver running `script` (made from the
  /// path of a file it writes), and returns once that file has something in it, with what it has.
  /// The CLI is returned too: its home folder lives as long as it does.
  static func watchUntilTheReceiverWrote(bucket: String, script: (String) -> String) throws -> (
    RootmailCLI, RootmailCLI.Running, String
  ) {
    var rootmail = try cli(bucket: bucket, receivers: "")
    let file = rootmail.home.path + "/receiver.out"
    rootmail.environment["ROOTMAIL_RECEIVERS"] =
      "exec:" + (try rootmail.write(script(file), to: "receiver.sh", mode: 0o755))
    // Minutes of margin: it is stopped as soon as its receiver has run, and this process's
    // threads can be held up for minutes by the tests beside it.
    let watcher = try rootmail.start(["mail", "watch", "--interval", "1s"], timeout: 900)
    let deadline = Date().addingTimeInterval(600)
    while (try? String(contentsOfFile: file, encoding: .utf8))?.isEmpty ?? true, Date() < deadline { usleep(50_000) }
    return (rootmail, watcher, (try? String(contentsOfFile: file, encoding: .utf8)) ?? "")
  }

  @Test func anUnknownReceiverStopsTheFetchBeforeAnyMailIsFetched() async throws {
    let bucket = try await Self.bucket(count: 3)
    let rootmail = try Self.cli(bucket: bucket, receivers: "nosuch-receiver")
    for command in [["mail", "fetch"], ["mail", "watch", "--interval", "1s"]] {
      let run = try rootmail.run(command, timeout: 60)
      #expect(run.status == 78, "\(command): \(run.stderr)")
      #expect(run.stderr.contains("unknown receiver \"nosuch-receiver\""), "\(run.stderr)")
      #expect(run.stderr.contains("known receivers:"), "\(run.stderr)")
      #expect(Self.cached(rootmail) == 0)
    }
  }

  @Test func aBadIntervalIsOneLineAndExit64() throws {
    let rootmail = try RootmailCLI()
    for bad in ["0", "500ms", "25h", "soon", "-3"] {
      let run = try rootmail.run(["mail", "watch", "--interval", bad])
      #expect(run.status == 64, "\(bad): \(run.stderr)")
      #expect(run.stderr.contains("--interval") && run.stderr.contains("30s, 5m"), "\(run.stderr)")
    }
  }

  @Test func watchFetchesUntilSIGTERMThenExitsZero() async throws {
    let bucket = try await Self.bucket(count: 5)
    let rootmail = try Self.cli(bucket: bucket, receivers: "")
    // Minutes of margin (the watcher is stopped as soon as it has fetched): this process's
    // threads can be held up for minutes by the tests beside it.
    let watcher = try rootmail.start(["mail", "watch", "--interval", "1s"], timeout: 900)
    // A mail added while it watches is fetched by a later iteration.
    let deadline = Date().addingTimeInterval(600)
    while Self.cached(rootmail) < 5 && Date() < deadline { usleep(50_000) }
    #expect(Self.cached(rootmail) == 5)
    try await MotoServer.shared().client().s3.putObject(bucket, key: "RootMail/late", body: Array("Subject: late\r\n\r\nx".utf8))
    while Self.cached(rootmail) < 6 && Date() < deadline { usleep(50_000) }
    #expect(Self.cached(rootmail) == 6)
    kill(watcher.pid, SIGTERM)
    let result = await watcher.result
    #expect(!result.timedOut)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.contains("mail watch: stopped"), "\(result.stderr)")
  }

  /// One SIGTERM stops a watcher whose request hangs (a listing, or with --queue the queue's
  /// lookup, answered a byte a second): the request is cancelled at once, not waited for until
  /// its read timeout (under systemd that was the whole stop timeout; half an hour here, a
  /// margin for a busy machine). The server says
  /// when it got the request and how long it sent before the client hung up.
  @Test func aStopCancelsARequestThatHangs() async throws {
    let server = try LocalServer(executable: "python3", arguments: [LocalServer.script("trickle_server.py"), "%PORT%"])
    defer { server.stop() }
    func line(_ prefix: String, _ tag: String) async -> Substring? {
      await server.line { $0.hasPrefix(prefix) && $0.contains(tag) }
    }
    for (n, queue) in [[], ["--queue", "rootmail-receipts"]].enumerated() {
      let tag = "/3600/1/1000/watch\(n)"
      let rootmail = try RootmailCLI(
        extra: try MotoServer.shared().environment().merging([
          "AWS_ENDPOINT_URL": server.url + tag, "ROOTMAIL_BUCKET": "rootmail-hangs", "ROOTMAIL_RECEIVERS": "",
          "ROOTMAIL_READ_TIMEOUT": "1800", "AWS_MAX_ATTEMPTS": "1",
        ]) { $1 })
      let watcher = try rootmail.start(["mail", "watch", "--interval", "1s"] + queue, timeout: 900)
      #expect(await line("start ", tag) != nil, "\(queue): no request reached the server")
      kill(watcher.pid, SIGTERM)
      let result = await watcher.result
      #expect(!result.timedOut)
      #expect(result.status == 0, "\(queue): \(result.stderr)")
      #expect(result.stderr.contains("mail watch: stopped"), "\(queue): \(result.stderr)")
      #expect(!result.stderr.contains("trying again"), "\(queue): \(result.stderr)")
      // "cut <path> <seconds sent>": the connection closed, long before the read timeout.
      let cut = await line("cut ", tag)
      #expect((cut?.split(separator: " ").last.flatMap { Double($0) } ?? 1800) < 1800, "\(queue): \(String(describing: cut))")
    }
  }

  /// A stop while the fetch looks up a mail's mapping (a DynamoDB store whose GetItem never
  /// answers) leaves none of that batch indexed as unmapped: the lookup is cancelled, the batch
  /// not indexed, and the next fetch indexes every mail with its mapping. (Before, the cancelled
  /// lookup counted as a failed store: the mails were indexed without mappings, for good.)
  @Test func aStopDuringAMappingLookupLeavesNoMailUnmapped() async throws {
    let moto = try SampleMappingTable.moto()
    let table = try await SampleMappingTable.create()
    let s3 = moto.client().s3
    let bucket = "rootmail-stop-lookup-\(UInt32.random(in: 0...UInt32.max))"
    try await s3.createBucket(bucket)
    for n in 0..<3 {
      let email = "root+\(n)@aws.example.com"
      try await SampleMappingTable.putSampleItem(
        table, email: email, owner: "team\(n)@example.com", accountName: "acct-\(n)", counter: "00\(n)")
      let mail = "From: AWS <no-reply@amazon.com>\r\nTo: \(email)\r\nSubject: Mail \(n)\r\n\r\nBody\r\n"
      try await s3.putObject(bucket, key: "RootMail/mail-\(n)", body: Array(mail.utf8))
    }
    let proxy = try FaultProxy(upstream: moto.url, rate: 0, hold: "GetItem")
    defer { proxy.stop() }
    var rootmail = try RootmailCLI(
      extra: try SampleMappingTable.environment().merging([
        "AWS_ENDPOINT_URL_DYNAMODB": proxy.url, "ROOTMAIL_BUCKET": bucket, "ROOTMAIL_RECEIVERS": "",
        "ROOTMAIL_STORE": "dynamodb:\(table)",
      ]) { $1 })
    func proxySaid(_ line: String) async -> Bool { await proxy.server.line { $0 == line } != nil }
    let watcher = try rootmail.start(["mail", "watch", "--interval", "1s"], timeout: 900)
    #expect(await proxySaid("held GetItem"), "no lookup reached the store")
    kill(watcher.pid, SIGTERM)
    let result = await watcher.result
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.contains("mail watch: stopped"), "\(result.stderr)")
    #expect(!result.stderr.contains("without mappings"), "\(result.stderr)")
    #expect(await proxySaid("closed GetItem"), "the lookup was not cancelled")

    rootmail.environment["AWS_ENDPOINT_URL_DYNAMODB"] = moto.url
    let fetch = try rootmail.run(["mail", "fetch"], timeout: 600)
    #expect(fetch.status == 0, "\(fetch.stderr)")
    let list = try rootmail.run(["mail", "list", "--all", "--output", "json"])
    let mails = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
    let accounts = mails.map { ($0["account"] as? [String: Any])?["email"] as? String }
    #expect(accounts.count == 3 && accounts.allSatisfy { $0 != nil }, "\(list.stdout)")
  }

  /// A second signal while the first stop waits for a receiver ends the watcher at once, with
  /// 128 + the signal's number as a shell reports a process that signal killed. (Sent from this
  /// process every 200 ms, the copies of the first second are taken for one signal.)
  @Test func aSecondSignalExitsWith128PlusItsNumber() async throws {
    let bucket = try await Self.bucket(count: 1)
    for (signal, status) in [(SIGINT, Int32(130)), (SIGTERM, Int32(143))] {
      // The receiver takes ten minutes: the first signal's stop waits for it.
      let (rootmail, watcher, pid) = try Self.watchUntilTheReceiverWrote(bucket: bucket) { file in
        "#!/bin/sh\ncat >/dev/null\necho $$ > \"\(file)\"\nexec sleep 600\n"
      }
      let receiver = Int32(pid.trimmingCharacters(in: .whitespacesAndNewlines))
      defer { if let receiver { kill(receiver, SIGKILL) } }
      #expect(receiver != nil, "the receiver never ran")
      // Signals until it exits: two sent at once could arrive as one.
      let ended = Task { await watcher.result }
      let sender = Task {
        while !Task.isCancelled {
          kill(watcher.pid, signal)
          try? await Task.sleep(for: .milliseconds(200))
        }
      }
      let result = await ended.value
      sender.cancel()
      withExtendedLifetime(rootmail) {}
      #expect(!result.timedOut)
      #expect(result.status == status, "signal \(signal): \(result.stderr)")
    }
  }

  /// The same signal twice from one process at once is one stop, not a second signal: GNU
  /// `timeout` signals its command and then the command's process group. The first SIGTERM is
  /// sent and seen delivered (no longer pending in /proc) before the copy goes: so the copy
  /// reaches the handler on its own (two pending at once would merge into one).
  @Test func theSameSignalTwiceFromOneProcessIsOneStop() async throws {
    let bucket = try await Self.bucket(count: 1)
    // The receiver takes 3 s: the stop waits for it, then exits 0.
    let (rootmail, watcher, _) = try Self.watchUntilTheReceiverWrote(bucket: bucket) { file in
      "#!/bin/sh\ncat >/dev/null\necho started > \"\(file)\"\nsleep 3\n"
    }
    func pending() -> UInt64 {
      let status = (try? String(contentsOfFile: "/proc/\(watcher.pid)/status", encoding: .utf8)) ?? ""
      let line = status.split(separator: "\n").first { $0.hasPrefix("ShdPnd:") }
      return line.flatMap { UInt64($0.dropFirst(7).trimmingCharacters(in: .whitespaces), radix: 16) } ?? 0
    }
    kill(watcher.pid, SIGTERM)
    let deadline = Date().addingTimeInterval(600)
    while pending() & (1 << (UInt64(SIGTERM) - 1)) != 0, Date() < deadline { usleep(1_000) }
    // A copy a second or more after the first counts as a second signal: sent right away here.
    kill(watcher.pid, SIGTERM)
    let result = await watcher.result
    withExtendedLifetime(rootmail) {}
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.contains("mail watch: stopped"), "\(result.stderr)")
  }

  /// The watcher catches SIGINT/SIGTERM; a program it starts (an `exec:` receiver) must still
  /// get them with their default action, not ignored.
  @Test func anExecReceiverStartedByWatchDoesNotInheritIgnoredSignals() async throws {
    let bucket = try await Self.bucket(count: 1)
    let (rootmail, watcher, written) = try Self.watchUntilTheReceiverWrote(bucket: bucket) { file in
      "#!/bin/sh\ncat >/dev/null\ngrep '^SigIgn:' /proc/$$/status >> \"\(file)\"\n"
    }
    kill(watcher.pid, SIGTERM)
    let result = await watcher.result
    withExtendedLifetime(rootmail) {}
    #expect(result.status == 0, "\(result.stderr)")
    let line = written.trimmingCharacters(in: .whitespacesAndNewlines)
    let mask = try #require(UInt64(line.split(separator: "\t").last ?? "", radix: 16), "\(line)")
    #expect(mask & (1 << (UInt64(SIGINT) - 1)) == 0, "SIGINT ignored in the receiver: \(line)")
    #expect(mask & (1 << (UInt64(SIGTERM) - 1)) == 0, "SIGTERM ignored in the receiver: \(line)")
  }

  @Test func deadLettersIsEmptyOnAFreshCache() throws {
    let rootmail = try RootmailCLI()
    let run = try rootmail.run(["mail", "dead-letters", "--output", "json"])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
  }
}
