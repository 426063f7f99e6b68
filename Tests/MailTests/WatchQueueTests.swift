import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

@_spi(RootmailHost) @testable import RootmailPluginMail

/// `mail watch --queue` as a user runs it (the real binary) on moto_server: SNS delivers to SQS
/// in moto, but moto's SES does not publish receipt notifications, so each test puts the
/// object itself and publishes a notification shaped as SES's documented example
/// (`SESNotification.received`) to the topic, as SES's S3 action with a TopicArn would.
///
/// S3 and the shared DynamoDB ledger are on the serialized moto (conditional writes applied
/// one at a time); SNS and SQS on the plain one (`AWS_ENDPOINT_URL_SQS`), since a 20-second
/// long poll would hold the serialized one's lock.
@Suite(.serialized) struct WatchQueueTests {
  /// Everything one test's watchers share: bucket, ledger table, queue, receiver logs.
  struct Harness {
    let bucket: String
    let table: String
    let queue: ReceiptQueue
    let folder: TemporaryFolder
    let queueClient: AWSClient
    let environment: [String: String]

    static func make(
      visibility: Int = 30, maxReceives: Int = 5, extra: [String: String] = [:], receiverScript: String? = nil
    ) async throws -> Harness {
      let s3 = try SampleMappingTable.moto().client().s3
      let bucket = "rootmail-queue-\(RandomHex.make(length: 10))"
      try await s3.createBucket(bucket)
      let table = try await SampleMappingTable.create()
      let plain = try MotoServer.shared()
      let queueClient = plain.client()
      let queue = try await ReceiptQueue.make(
        client: queueClient, name: "rootmail-\(RandomHex.make(length: 10))", visibilityTimeout: visibility,
        maxReceives: maxReceives)
      let folder = try TemporaryFolder(prefix: "rootmail-queue")
      let script = try folder.write(
        "receiver.sh",
        receiverScript ?? "#!/bin/sh\ncat >/dev/null\necho \"$ROOTMAIL_MAIL_ID $HOME\" >> '\(folder.path)/calls.log'\nexit 0\n",
        mode: 0o755)
      let environment = try SampleMappingTable.environment().merging(
        [
          "ROOTMAIL_BUCKET": bucket, "ROOTMAIL_STORE": "dynamodb:\(table)", "ROOTMAIL_RECEIVERS": "exec:\(script)",
          "ROOTMAIL_QUEUE": queue.queueName, "AWS_ENDPOINT_URL_SQS": plain.url, "ROOTMAIL_EXEC_TIMEOUT": "5",
        ].merging(extra) { $1 }
      ) { $1 }
      return Harness(
        bucket: bucket, table: table, queue: queue, folder: folder, queueClient: queueClient, environment: environment)
    }

    /// A machine: its own home (Maildir, index), this harness's settings.
    func machine() throws -> RootmailCLI {
      var cli = try RootmailCLI()
      cli.environment.merge(environment) { $1 }
      return cli
    }

    static func mail(_ n: Int) -> String {
      """
      From: AWS <no-reply@signin.aws>\r
      To: root+\(String(format: "%012x", n))@aws.example.com\r
      Subject: Queued mail \(n)\r
      Message-ID: <queue-\(n)@example.com>\r
      \r
      Body \(n)\r

      """
    }

    /// Puts mail `n` at `RootMail/q-<n>` and returns its key.
    func put(_ n: Int, key: String? = nil) async throws -> String {
      let key = key ?? "RootMail/q-\(n)"
      try await SampleMappingTable.moto().client().s3.putObject(bucket, key: key, body: Array(Self.mail(n).utf8))
      return key
    }

    /// Publishes SES's notification for `key` to the receipt topic.
    func notify(_ key: String, bucket: String? = nil) async throws {
      try await TestSNS(client: queueClient).publish(
        topicArn: queue.topicArn,
        message: SESNotification.received(bucket: bucket ?? self.bucket, key: key, topicArn: queue.topicArn),
        subject: "Amazon SES Email Receipt Notification")
    }

    /// The receiver's calls: (mail id, home).
    func calls(_ name: String = "calls.log") -> [(mail: String, home: String)] {
      let text = (try? String(contentsOfFile: folder.path + "/" + name, encoding: .utf8)) ?? ""
      return text.split(separator: "\n").map { line in
        let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
        return (parts.first ?? "", parts.count > 1 ? parts[1] : "")
      }
    }

    func depth(_ url: String? = nil) async throws -> Int {
      let d = try await ReceiptQueue.depth(queueClient.sqs, url ?? queue.queueURL)
      return d.visible + d.inFlight
    }
  }

  /// Waits (bounded by `seconds`) until `condition` holds; returns whether it did.
  static func until(_ seconds: Double, _ condition: () async throws -> Bool) async rethrows -> Bool {
    let end = Date().addingTimeInterval(seconds)
    while Date() < end {
      if try await condition() { return true }
      try? await Task.sleep(for: .milliseconds(100))
    }
    return try await condition()
  }

  /// Waits until a watcher has finished its start-up listing and long-polls the queue.
  static func waitListed(_ watcher: RootmailCLI.Running) async -> Bool {
    await until(120) { watcher.stderrSoFar().contains("full listing done") || !watcher.process.isRunning }
  }

  @Test(.timeLimit(.minutes(15)))
  func aMailArrivesThroughTheQueueAndBadNotificationsAreDeletedUnfetched() async throws {
    let h = try await Harness.make()
    let rootmail = try h.machine()
    let watcher = try rootmail.start(["mail", "watch", "-v"], timeout: 240)
    #expect(await Self.waitListed(watcher), "\(watcher.stderrSoFar())")

    // Objects the bad notifications name exist, so a fetch of one would show in the cache.
    let otherBucket = "rootmail-queue-other-\(RandomHex.make(length: 8))"
    let s3 = try SampleMappingTable.moto().client().s3
    try await s3.createBucket(otherBucket)
    try await s3.putObject(otherBucket, key: "RootMail/elsewhere", body: Array(Harness.mail(90).utf8))
    _ = try await h.put(91, key: "Other/q-91")
    let good = try await h.put(1)
    try await h.notify(good)
    try await h.notify("RootMail/elsewhere", bucket: otherBucket)
    try await h.notify("Other/q-91")
    try await h.notify("RootMail/../Other/q-91")
    let sns = TestSNS(client: h.queueClient)
    let bounce = SESNotification.received(bucket: h.bucket, key: good, topicArn: h.queue.topicArn)
      .replacing(#""notificationType":"Received""#, with: #""notificationType":"Bounce""#)
    try await sns.publish(topicArn: h.queue.topicArn, message: bounce)
    try await sns.publish(topicArn: h.queue.topicArn, message: "{not json")
    try await h.queueClient.sqs.sendMessage(queueURL: h.queue.queueURL, body: "not even JSON")
    try await h.queueClient.sqs.sendMessage(queueURL: h.queue.queueURL, body: #"{"Records":[]}"#)

    #expect(
      await Self.until(120) {
        let depth = try? await h.depth()
        return h.calls().count >= 1 && depth == 0
      })
    kill(watcher.pid, SIGTERM)
    let result = watcher.wait()
    #expect(result.status == 0, "\(result.stderr)")
    #expect(h.calls().map(\.mail) == [MailID.make(key: good)])
    #expect(try await h.depth() == 0)
    #expect(try await h.depth(h.queue.deadLetterURL) == 0)
    // Only the announced mail was fetched.
    let cached = try FileManager.default.contentsOfDirectory(atPath: rootmail.home.path + "/data/rootmail/mail/new")
    #expect(cached.count == 1, "\(cached)")
    for reason in [
      "for bucket \(otherBucket), not \(h.bucket)", "Other/q-91: not under the prefix", "has a . or .. segment",
      "not an SES Received notification (notificationType Bounce)", "the SNS message is not a JSON object",
      "not an SNS notification", ": not JSON",
    ] {
      #expect(result.stderr.contains(reason), "no \(reason) in \(result.stderr)")
    }
  }

  @Test(.timeLimit(.minutes(20)))
  func aKilledWatchersMessagesComeBackAndTheOtherReceivesThemAtMostOnceMore() async throws {
    // The victim's receiver writes its line and then takes 30 s: killed then, it holds a batch.
    let script = """
      #!/bin/sh
      cat >/dev/null
      echo "$ROOTMAIL_MAIL_ID $HOME" >> '%FOLDER%/calls.log'
      case "$HOME" in *victim*) sleep 30 ;; esac
      exit 0

      """
    var h = try await Harness.make(visibility: 3, maxReceives: 100, receiverScript: "#!/bin/sh\nexit 0\n")
    _ = try h.folder.write("receiver.sh", script.replacing("%FOLDER%", with: h.folder.path), mode: 0o755)
    h = Harness(
      bucket: h.bucket, table: h.table, queue: h.queue, folder: h.folder, queueClient: h.queueClient,
      environment: h.environment)
    var victimMachine = try h.machine()
    let victimHome = try victimMachine.home.makeFolder("victim-home")
    victimMachine.environment["HOME"] = victimHome
    let victim = try victimMachine.start(["mail", "watch", "--concurrency", "4", "-v"], timeout: 400)
    #expect(await Self.waitListed(victim), "\(victim.stderrSoFar())")
    let count = 30
    var keys: [String] = []
    for n in 0..<count { keys.append(try await h.put(n)) }
    for key in keys { try await h.notify(key) }
    #expect(await Self.until(120) { !h.calls().isEmpty })
    #expect(kill(victim.pid, SIGKILL) == 0)
    _ = victim.wait()
    let held = Set(h.calls().map(\.mail))

    let survivorMachine = try h.machine()  // kept: its home is the Maildir
    let survivor = try survivorMachine.start(["mail", "watch", "--concurrency", "4", "-v"], timeout: 400)
    let ids = Set(keys.map { MailID.make(key: $0) })
    let received = await Self.until(300) {
      let depth = try? await h.depth()
      return Set(h.calls().filter { !$0.home.contains("victim") }.map(\.mail)).union(held) == ids && depth == 0
    }
    kill(survivor.pid, SIGTERM)
    let result = survivor.wait()
    withExtendedLifetime(survivorMachine) {}
    withExtendedLifetime(victimMachine) {}
    #expect(received, "\(result.stderr.suffix(3000))")
    #expect(result.status == 0)
    // None lost; a mail ran twice only if the victim had it in hand.
    let calls = h.calls()
    #expect(Set(calls.map(\.mail)) == ids)
    for (mail, runs) in Dictionary(grouping: calls, by: \.mail) where runs.count > 1 {
      #expect(runs.count == 2 && held.contains(mail), "\(mail) ran \(runs.count) times")
    }
    #expect(try await h.depth(h.queue.deadLetterURL) == 0)
  }

  @Test(.timeLimit(.minutes(15)))
  func aPoisonMailReachesTheDeadLetterQueueAfterFiveReceives() async throws {
    // Always retryable (exit 75); max_attempts high so the ledger does not give up first.
    let h = try await Harness.make(
      visibility: 2, maxReceives: 5, extra: ["ROOTMAIL_MAX_ATTEMPTS": "100"],
      receiverScript: "#!/bin/sh\ncat >/dev/null\nexit 75\n")
    let rootmail = try h.machine()
    let watcher = try rootmail.start(["mail", "watch", "-v"], timeout: 240)
    #expect(await Self.waitListed(watcher), "\(watcher.stderrSoFar())")
    let key = try await h.put(7)
    try await h.notify(key)
    let moved = await Self.until(150) { (try? await h.depth(h.queue.deadLetterURL)) == 1 }
    kill(watcher.pid, SIGTERM)
    let result = watcher.wait()
    #expect(moved, "\(result.stderr.suffix(2000))")
    #expect(result.status == 0)
    #expect(try await h.depth() == 0)

    // mail dead-letters names it with its notification; replay moves it back.
    let listed = try rootmail.run(["mail", "dead-letters", "--output", "json"], timeout: 60)
    #expect(listed.status == 0, "\(listed.stderr)")
    let rows = try JSONValue.parse(listed.stdout).arrayValue ?? []
    let queued = rows.filter { $0["source"]?.stringValue == "queue" }
    #expect(queued.count == 1 && queued.first?["key"]?.stringValue == key, "\(listed.stdout)")
    #expect(try await h.depth(h.queue.deadLetterURL) == 1, "listing took it off the dead-letter queue")
    let replay = try rootmail.run(["mail", "replay", "--queue-dead-letters"], timeout: 60)
    #expect(replay.status == 0, "\(replay.stderr)")
    #expect(replay.stderr.contains("1 message"), "\(replay.stderr)")
    #expect(try await h.depth(h.queue.deadLetterURL) == 0)
    #expect(try await h.depth() == 1)
  }

  @Test(.timeLimit(.minutes(20)))
  func mailAlreadyInTheBucketIsReceivedOnceByTheStartUpListing() async throws {
    let h = try await Harness.make()
    let count = 300
    // The bucket holds the mail before any watcher listens: no notification announces it.
    try await withThrowingTaskGroup(of: Void.self) { group in
      for worker in 0..<4 {
        group.addTask { for n in stride(from: worker, to: count, by: 4) { _ = try await h.put(n) } }
      }
      try await group.waitForAll()
    }
    let machine = try h.machine()  // kept: its home is the Maildir
    let watcher = try machine.start(["mail", "watch", "--concurrency", "8", "-v"], timeout: 500)
    let done = await Self.until(400) { h.calls().count >= count }
    #expect(await Self.waitListed(watcher))
    kill(watcher.pid, SIGTERM)
    let result = watcher.wait()
    withExtendedLifetime(machine) {}
    #expect(done, "\(result.stderr.suffix(2000))")
    #expect(result.status == 0)
    let calls = h.calls().map(\.mail)
    #expect(calls.count == count && Set(calls) == Set((0..<count).map { MailID.make(key: "RootMail/q-\($0)") }))
  }

  @Test(.timeLimit(.minutes(30)))
  func twoWatchersThroughLostResponsesRunEachReceiverOncePerMail() async throws {
    let h = try await Harness.make(visibility: 5, maxReceives: 100)
    // A quarter of the responses lost after moto applied the request, to every service.
    let s3Proxy = try FaultProxy(upstream: try SampleMappingTable.moto().url, rate: 0, dropAfterRate: 0.25, seed: 3)
    let sqsProxy = try FaultProxy(upstream: try MotoServer.shared().url, rate: 0, dropAfterRate: 0.25, seed: 4)
    let through = [
      "AWS_ENDPOINT_URL": s3Proxy.url, "AWS_ENDPOINT_URL_SQS": sqsProxy.url, "AWS_MAX_ATTEMPTS": "10",
    ]
    let count = 500
    let machines = try (0..<2).map { _ in try h.machine() }  // kept: their homes are the Maildirs
    let watchers = try machines.map {
      try $0.start(["mail", "watch", "--concurrency", "8", "-v"], extraEnvironment: through, timeout: 1100)
    }
    for w in watchers { #expect(await Self.waitListed(w), "\(w.stderrSoFar())") }
    try await withThrowingTaskGroup(of: Void.self) { group in
      for worker in 0..<4 {
        group.addTask {
          for n in stride(from: worker, to: count, by: 4) {
            let key = try await h.put(n)
            try await h.notify(key)
          }
        }
      }
      try await group.waitForAll()
    }
    let ids = Set((0..<count).map { MailID.make(key: "RootMail/q-\($0)") })
    let finished = await Self.until(900) {
      let depth = try? await h.depth()
      return Set(h.calls().map(\.mail)) == ids && depth == 0
    }
    var errors = ""
    for w in watchers {
      kill(w.pid, SIGTERM)
      let result = w.wait()
      #expect(result.status == 0, "\(result.stderr.suffix(1500))")
      errors += result.stderr.suffix(1500)
    }
    withExtendedLifetime(machines) {}
    #expect(finished, "\(errors)")
    let calls = h.calls()
    let repeated = Dictionary(grouping: calls, by: \.mail).filter { $0.value.count > 1 }
    #expect(repeated.isEmpty, "ran more than once: \(repeated.keys.sorted().prefix(10))")
    #expect(calls.count == count)
    #expect(try await h.depth() == 0)
    #expect(try await s3Proxy.stats()["drop_after", default: 0] > 0)
    #expect(try await sqsProxy.stats()["drop_after", default: 0] > 0)
  }

  @Test(.timeLimit(.minutes(15)))
  func accessDeniedStopsWithExit77NamingTheAction() async throws {
    let h = try await Harness.make()
    for denied in ["ReceiveMessage", "DeleteMessage"] {
      let proxy = try LocalServer(
        executable: "python3",
        arguments: [
          LocalServer.script("sqs_deny_proxy.py"), "--port", "%PORT%", "--upstream", try MotoServer.shared().url,
          "--deny", denied,
        ])
      let machine = try h.machine()
      let watcher = try machine.start(
        ["mail", "watch", "-v"], extraEnvironment: ["AWS_ENDPOINT_URL_SQS": proxy.url], timeout: 600)
      if denied == "DeleteMessage" {
        #expect(await Self.waitListed(watcher), "\(watcher.stderrSoFar())")
        try await h.notify(try await h.put(3))
      }
      let result = watcher.wait()
      withExtendedLifetime(machine) {}
      #expect(result.status == 77, "\(denied): \(result.stderr)")
      #expect(result.stderr.contains("lack sqs:\(denied) on the queue"), "\(result.stderr)")
      proxy.stop()
    }
  }

  @Test(.timeLimit(.minutes(15)))
  func sigtermFinishesTheMailInHandAndReleasesTheRestAtOnce() async throws {
    // A long visibility timeout: only the release (ChangeMessageVisibility 0) makes the
    // unfinished messages visible again right after the watcher exits.
    let h = try await Harness.make(visibility: 600)
    _ = try h.folder.write(
      "receiver.sh",
      "#!/bin/sh\ncat >/dev/null\nsleep 2\necho \"$ROOTMAIL_MAIL_ID $HOME\" >> '\(h.folder.path)/calls.log'\nexit 0\n",
      mode: 0o755)
    let machine = try h.machine()
    let watcher = try machine.start(["mail", "watch", "--concurrency", "1", "-v"], timeout: 200)
    #expect(await Self.waitListed(watcher), "\(watcher.stderrSoFar())")
    let count = 10
    for n in 0..<count { try await h.notify(try await h.put(n)) }
    // Two done: the watcher is in a batch whose other mails it has not started (each takes 2 s).
    #expect(await Self.until(60) { h.calls().count >= 2 })
    kill(watcher.pid, SIGTERM)
    let result = watcher.wait()
    withExtendedLifetime(machine) {}
    #expect(result.status == 0, "\(result.stderr)")
    let ran = h.calls().count
    #expect(ran >= 1 && ran < count, "\(ran) receivers ran")
    let depth = try await ReceiptQueue.depth(h.queueClient.sqs, h.queue.queueURL)
    #expect(depth.inFlight == 0, "messages still hidden after the stop: \(depth)")
    #expect(depth.visible == count - ran, "\(depth), \(ran) ran")
  }

  @Test(.timeLimit(.minutes(15)))
  func aSlowReceiverKeepsItsMessageHiddenSoNoOtherWatcherTakesIt() async throws {
    // Visibility 2 s, a receiver that takes 4 s (exec_timeout is 5), and a dead-letter queue after one receive: a
    // second receive (by the other watcher) would move the message to the dead-letter queue.
    let h = try await Harness.make(visibility: 2, maxReceives: 1)
    _ = try h.folder.write(
      "receiver.sh",
      "#!/bin/sh\ncat >/dev/null\nsleep 4\necho \"$ROOTMAIL_MAIL_ID $HOME\" >> '\(h.folder.path)/calls.log'\nexit 0\n",
      mode: 0o755)
    let machines = try (0..<2).map { _ in try h.machine() }
    let watchers = try machines.map { try $0.start(["mail", "watch", "-v"], timeout: 200) }
    for w in watchers { #expect(await Self.waitListed(w), "\(w.stderrSoFar())") }
    try await h.notify(try await h.put(5))
    let done = await Self.until(90) {
      let depth = try? await h.depth()
      return h.calls().count == 1 && depth == 0
    }
    // Both watchers kept polling meanwhile; give them a few more polls.
    try await Task.sleep(for: .seconds(3))
    var errors = ""
    for w in watchers {
      kill(w.pid, SIGTERM)
      errors += w.wait().stderr
    }
    withExtendedLifetime(machines) {}
    #expect(done, "\(errors.suffix(2000))")
    #expect(h.calls().count == 1)
    #expect(try await h.depth(h.queue.deadLetterURL) == 0, "the message was received again while its receiver ran")
  }

  /// The heartbeat's request still in flight when its batch is done is cancelled quietly: no
  /// warning that the visibility could not be extended. (The proxy holds every
  /// ChangeMessageVisibility unanswered, so the heartbeat a second into the 8 s receiver is
  /// in flight when the batch ends.)
  @Test(.timeLimit(.minutes(15)))
  func aHeartbeatCancelledWithItsBatchIsNoWarning() async throws {
    let proxy = try FaultProxy(upstream: try MotoServer.shared().url, rate: 0, hold: "ChangeMessageVisibility")
    defer { proxy.stop() }
    let h = try await Harness.make(
      visibility: 2, extra: ["AWS_ENDPOINT_URL_SQS": proxy.url, "ROOTMAIL_EXEC_TIMEOUT": "60"])
    _ = try h.folder.write(
      "receiver.sh",
      "#!/bin/sh\ncat >/dev/null\nsleep 8\necho \"$ROOTMAIL_MAIL_ID $HOME\" >> '\(h.folder.path)/calls.log'\nexit 0\n",
      mode: 0o755)
    let machine = try h.machine()
    let watcher = try machine.start(["mail", "watch", "-v"], timeout: 200)
    #expect(await Self.waitListed(watcher), "\(watcher.stderrSoFar())")
    try await h.notify(try await h.put(7))
    let done = await Self.until(300) {
      let output = proxy.server.output
      return h.calls().count == 1 && output.contains("held ChangeMessageVisibility")
        && output.contains("closed ChangeMessageVisibility")
    }
    // The batch's messages are deleted after the heartbeat's end: wait for the queue to empty.
    let emptied = await Self.until(300) { (try? await h.depth()) == 0 }
    kill(watcher.pid, SIGTERM)
    let result = watcher.wait()
    withExtendedLifetime(machine) {}
    #expect(done && emptied, "\(proxy.server.output.suffix(500)) \(result.stderr.suffix(2000))")
    #expect(result.status == 0, "\(result.stderr)")
    #expect(!result.stderr.contains("could not extend"), "\(result.stderr)")
  }

  /// Whether `text` holds a control or bidi character other than `keeping` (line breaks).
  static func hasUnsafe(_ text: String, keeping: Set<Unicode.Scalar> = ["\n"]) -> Bool {
    text.unicodeScalars.contains { !keeping.contains($0) && TerminalSafe.isUnsafe($0) }
  }

  /// Hostile messages on the queue — sent by whoever may send to it, or shaped to mislead — on
  /// a queue whose VisibilityTimeout is beyond SQS's range (moto takes any number: the
  /// heartbeat's arithmetic once overflowed and crashed the watcher when a mail arrived). Each
  /// is named on one short escaped line and deleted; nothing but the genuine mail is fetched.
  @Test(.timeLimit(.minutes(15)))
  func hostileMessagesAreNamedOnOneLineAndDeletedUnfetched() async throws {
    let h = try await Harness.make(visibility: Int.max)
    let rootmail = try h.machine()
    let watcher = try rootmail.start(["mail", "watch", "-v"], timeout: 240)
    #expect(await Self.waitListed(watcher), "\(watcher.stderrSoFar())")
    _ = try await h.put(92, key: "Other/q-92")
    func received(_ key: String, subject: String = "s") -> String {
      SESNotification.received(bucket: h.bucket, key: key, topicArn: h.queue.topicArn, subject: subject)
    }
    func envelope(_ message: String, topic: String? = nil) -> String {
      QueueNotificationTests.envelope(message, topic: topic ?? h.queue.topicArn)
    }
    let hostile = [
      envelope(received("RootMail/%2e%2e/Other/q-92")),  // a literal key S3 does not have
      envelope(received("RootMail/a\u{1b}]0;owned\u{07}\u{202e}b")),
      envelope(received("RootMail/" + String(repeating: "k", count: 3000))),
      envelope(received("RootMail/\u{0}x")),
      envelope(received("RootMail/q-1"), topic: "arn:aws:sns:us-east-1:999999999999:not-ours\u{1b}[2J"),
      envelope("42"),
      envelope(#"["Received"]"#),
      String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000),
      // About 220 KB (SQS takes up to 256 KiB), its subject escapes all the way.
      envelope(received("RootMail/big", subject: String(repeating: "\u{1b}[31m", count: 20_000))),
    ]
    for body in hostile { try await h.queueClient.sqs.sendMessage(queueURL: h.queue.queueURL, body: body) }
    let good = try await h.put(1)
    try await h.notify(good)

    #expect(
      await Self.until(120) {
        let depth = try? await h.depth()
        return h.calls().count >= 1 && depth == 0
      })
    kill(watcher.pid, SIGTERM)
    let result = watcher.wait()
    #expect(result.status == 0, "\(result.stderr.suffix(3000))")
    #expect(h.calls().map(\.mail) == [MailID.make(key: good)])
    let cached = try FileManager.default.contentsOfDirectory(atPath: rootmail.home.path + "/data/rootmail/mail/new")
    #expect(cached == [MailID.make(key: good)], "fetched more than the genuine mail")
    #expect(try await h.depth() == 0)
    #expect(try await h.depth(h.queue.deadLetterURL) == 0)
    let lines = result.stderr.split(separator: "\n")
    #expect(lines.filter { $0.contains("mail watch: deleting message") }.count == hostile.count, "\(result.stderr)")
    #expect(lines.allSatisfy { $0.utf8.count < 1000 }, "a long line: \(lines.map(\.utf8.count).max() ?? 0) bytes")
    #expect(!Self.hasUnsafe(result.stderr))
    for reason in [
      "is not in the bucket", "has control characters", "longer than 1024 bytes", "not the receipt topic",
      "the SNS message is not a JSON object", ": not JSON",
    ] {
      #expect(result.stderr.contains(reason), "no \(reason) in \(result.stderr)")
    }
  }

  /// Notifications in the dead-letter queue are input too: `mail dead-letters` shows their keys
  /// and subjects with every control and bidi character escaped in every output format, and
  /// `mail replay --queue-dead-letters` moves them back whatever they hold.
  @Test(.timeLimit(.minutes(15)))
  func deadLettersShowHostileKeysAndSubjectsEscaped() async throws {
    let h = try await Harness.make()
    let rootmail = try h.machine()
    let hostile = "\u{1b}]0;owned\u{07}\u{1b}[2J\u{9b}31m\u{202e}evil\r\nline"
    let bodies = [
      QueueNotificationTests.envelope(
        SESNotification.received(
          bucket: h.bucket, key: "RootMail/" + hostile, topicArn: h.queue.topicArn, subject: hostile),
        topic: h.queue.topicArn),
      "not JSON at all",
      String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000),
    ]
    for body in bodies { try await h.queueClient.sqs.sendMessage(queueURL: h.queue.deadLetterURL, body: body) }
    for format in ["table", "wide", "text", "json"] {
      let listed = try rootmail.run(["mail", "dead-letters", "--output", format], timeout: 60)
      #expect(listed.status == 0, "\(format): \(listed.stderr)")
      #expect(listed.stdout.contains("evil"), "\(format): \(listed.stdout)")
      #expect(!Self.hasUnsafe(listed.stdout, keeping: ["\n", "\t"]), "\(format): \(listed.stdout.debugDescription)")
      #expect(!Self.hasUnsafe(listed.stderr), "\(format): \(listed.stderr.debugDescription)")
    }
    let json = try JSONValue.parse(try rootmail.run(["mail", "dead-letters", "--output", "json"], timeout: 60).stdout)
    let queued = (json.arrayValue ?? []).filter { $0["source"]?.stringValue == "queue" }
    #expect(queued.count == bodies.count)
    #expect(queued.contains { $0["subject"]?.stringValue == hostile && $0["key"]?.stringValue == "RootMail/" + hostile })
    let replay = try rootmail.run(["mail", "replay", "--queue-dead-letters"], timeout: 60)
    #expect(replay.status == 0, "\(replay.stderr)")
    #expect(replay.stderr.contains("moved \(bodies.count) messages"), "\(replay.stderr)")
    #expect(try await h.depth(h.queue.deadLetterURL) == 0)
    #expect(try await h.depth() == bodies.count)
  }

  /// A queue whose redrive policy names the queue itself (SQS's API and moto take one): replaying
  /// its "dead letters" once sent each message back where it came from, for ever. Both commands
  /// now stop at once with exit 78.
  @Test(.timeLimit(.minutes(15)))
  func aQueueThatIsItsOwnDeadLetterQueueIsAConfigurationError() async throws {
    let h = try await Harness.make()
    let sqs = h.queueClient.sqs
    let arn = try await sqs.queueAttributes(queueURL: h.queue.queueURL, names: ["QueueArn"])["QueueArn"] ?? ""
    let redrive = JSONValue.object([("deadLetterTargetArn", .string(arn)), ("maxReceiveCount", .int(5))]).compact
    _ = try await sqs.rpc.call(
      "SetQueueAttributes",
      .object([("QueueUrl", .string(h.queue.queueURL)), ("Attributes", .object([("RedrivePolicy", .string(redrive))]))]))
    try await sqs.sendMessage(queueURL: h.queue.queueURL, body: "a message")
    let rootmail = try h.machine()
    for arguments in [["mail", "replay", "--queue-dead-letters"], ["mail", "dead-letters"]] {
      // moto's SetQueueAttributes dropped the queue policy: the topic comes from the config.
      let result = try rootmail.run(arguments, extraEnvironment: ["ROOTMAIL_QUEUE_TOPIC": h.queue.topicArn], timeout: 60)
      #expect(result.status == 78, "\(arguments): \(result.status) \(result.stderr.suffix(500))")
      #expect(result.stderr.contains("dead-letter queue is the queue itself"), "\(result.stderr.suffix(500))")
    }
    #expect(try await h.depth() == 1)
  }

  /// A queue whose policy is gone, or names no topic rootmail can take (a wildcard), stops
  /// mail watch at once: exit 78, one line naming the queue, and the fix.
  @Test(.timeLimit(.minutes(15)))
  func aQueueWithoutAUsablePolicyStopsTheWatcherWithExit78() async throws {
    let h = try await Harness.make()
    let sqs = h.queueClient.sqs
    let wildcard = JSONValue.object([
      (
        "Statement",
        .object([
          ("Effect", .string("Allow")),
          ("Condition", .object([("ArnLike", .object([("aws:SourceArn", .string("arn:aws:sns:*:*:*"))]))])),
        ])
      )
    ]).compact
    // moto drops the policy on any SetQueueAttributes without one.
    for attributes in [[("VisibilityTimeout", "30")], [("Policy", wildcard)]] {
      _ = try await sqs.rpc.call(
        "SetQueueAttributes",
        .object([
          ("QueueUrl", .string(h.queue.queueURL)),
          ("Attributes", .object(attributes.map { ($0.0, JSONValue.string($0.1)) })),
        ]))
      let result = try h.machine().run(["mail", "watch"], timeout: 60)
      #expect(result.status == 78, "\(result.stderr)")
      #expect(
        result.stderr.hasPrefix(
          "rootmail: error: the queue \(h.queue.queueURL) has no policy that names the SNS topic allowed to send to it"),
        "\(result.stderr)")
      #expect(result.stderr.contains("set queue_topic"))
    }
  }
}
