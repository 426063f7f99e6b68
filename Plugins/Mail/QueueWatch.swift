@_spi(RootmailHost) import RootmailKit
import Synchronization

/// `mail watch --queue`: long-polls the receipt queue (SES → SNS → SQS) instead of listing the
/// bucket every interval. Each message is checked (`QueueNotification`); a bad one is logged and
/// deleted, never fetched. The objects the good ones name are fetched, indexed and received
/// through the ledger as `mail fetch` does, and a message is deleted only once every receiver
/// has settled on its mail; while receivers run, a heartbeat keeps the messages hidden (every
/// half visibility timeout). A message whose mail has not settled (a receiver to retry, a claim
/// another watcher holds) is left to come back after its visibility timeout; SQS moves it to the
/// dead-letter queue after the redrive's receives. At start-up and every reconcile interval one
/// full listing (`FetchAndReceive`) receives what no notification announced. On a stop: no more
/// polling, the mails in hand are finished, settled messages deleted, the rest made visible at
/// once (ChangeMessageVisibility 0) for another watcher.
struct QueueWatch {
  let context: CommandContext
  let run: FetchAndReceive
  let queue: ReceiptQueueInfo
  let reconcileSeconds: Int
  let stop: StopSignal

  /// Messages asked for per long poll, and how long a poll waits (SQS's maxima).
  static let batch = 10
  static let waitSeconds = 20

  func watch() async throws {
    let sqs = try context.aws().sqs
    var nextReconcile = 0
    var failures = 0
    context.logger.info(
      "mail watch: long-polling \(queue.url) for mail in \(run.bucket), a full listing every \(reconcileSeconds) s")
    while !stop.requested {
      do {
        if MailTime.now() >= nextReconcile {
          try await reconcile()
          nextReconcile = MailTime.now() + reconcileSeconds
          if stop.requested { break }
        }
        // A poll is not cancelled by a stop (a cancelled request whose messages SQS already
        // handed out would leave them hidden for a visibility timeout): it ends within 20 s,
        // and what it brought after the stop is released at once.
        let messages = try await QueueCall.run("ReceiveMessage", queue: queue.url) {
          try await sqs.receiveMessages(queueURL: queue.url, maxMessages: Self.batch, waitSeconds: Self.waitSeconds)
        }
        if stop.requested {
          for message in messages { try await release(message, sqs: sqs) }
          break
        }
        if !messages.isEmpty { try await handle(messages, sqs: sqs) }
        // Receivers whose retry is due, as each `mail watch` iteration runs them.
        if !stop.requested {
          let due = try await run.maildir.withFetchLock { try await run.engine.receiveDue(limit: 1000) }
          if due.mails > 0 { context.note("mail watch: retries: \(due.line)") }
        }
        failures = 0
      } catch let error as RootmailError
        where error.exitStatus == .configuration || error.exitStatus == .noPermission
      {
        throw error
      } catch {
        if stop.requested { break }
        failures += 1
        let pause = min(60, 1 << min(failures, 6))
        context.warn("mail watch: \(error) (trying again in \(pause) s)")
        await stop.sleep(seconds: pause)
      }
    }
    context.note("mail watch: stopped")
  }

  /// One full listing, as `mail watch` without a queue does each interval.
  private func reconcile() async throws {
    let summary = try await run.run()
    if summary.fetch.new + summary.fetch.failed > 0 || summary.receive.mails > 0 {
      context.note(
        "mail watch: full listing: \(summary.fetch.new) new, \(summary.fetch.failed) failed; \(summary.receive.line)")
    }
    context.logger.info("mail watch: full listing done; long-polling the queue")
  }

  /// A message that passed the checks, and the object it names.
  private struct Held: Sendable {
    let message: SQS.Message
    let key: String
    let receivedAt: String
    var mailID: String { MailID.make(key: key) }
  }

  /// Checks, fetches and receives one batch, then deletes or releases each message.
  private func handle(_ messages: [SQS.Message], sqs: SQS) async throws {
    var held: [Held] = []
    for message in messages {
      switch QueueNotification.read(message.body, topics: queue.topics, bucket: run.bucket, prefix: run.prefix) {
      case .rejected(let reason):
        context.warn("mail watch: deleting message \(TerminalSafe.quoted(message.messageID)): \(reason)")
        try await delete(message, sqs: sqs)
      case .mail(let key, let receivedAt):
        held.append(Held(message: message, key: key, receivedAt: receivedAt))
      }
    }
    guard !held.isEmpty else { return }
    let heartbeat = startHeartbeat(held.map(\.message), sqs: sqs)
    let failed = Mutex<[String: any Error]>([:])
    let indexed: Set<String>
    let summary: ReceiveEngine.Summary
    do {
      (indexed, summary) = try await run.maildir.withFetchLock {
        var seen = Set<String>()
        let objects = held.filter { seen.insert($0.key).inserted }.map {
          S3.Object(key: $0.key, size: 0, eTag: "", lastModified: $0.receivedAt)
        }
        let fetcher = run.makeFetcher(
          try context.aws().s3, bar: ProgressLine(enabled: false),
          failed: { key, error in failed.withLock { $0[key] = error } })
        _ = try await fetcher.fetch(objects)
        let entries = try await run.index.entries(ids: objects.map { MailID.make(key: $0.key) })
        return (Set(entries.map(\.id)), try await run.engine.receive(entries))
      }
    } catch {
      heartbeat.cancel()
      throw error
    }
    heartbeat.cancel()
    if summary.mails > 0 { context.note("mail watch: \(summary.mails) from the queue; \(summary.line)") }
    let fetchErrors = failed.withLock { $0 }
    for item in held {
      if let error = fetchErrors[item.key], Self.isMissingObject(error) {
        context.warn(
          "mail watch: deleting message \(TerminalSafe.quoted(item.message.messageID)): its object"
            + " \(TerminalSafe.quoted(item.key)) is not in the bucket")
        try await delete(item.message, sqs: sqs)
      } else if indexed.contains(item.mailID), try await settled(item.mailID) {
        try await delete(item.message, sqs: sqs)
      } else if stop.requested {
        try await release(item.message, sqs: sqs)
      }
      // Else left: SQS hands it out again after its visibility timeout.
    }
  }

  /// Whether S3 said the object is not there (NoSuchKey, or 404 for a HEAD-like answer).
  static func isMissingObject(_ error: any Error) -> Bool {
    guard let error = error as? AWSError, error.kind == .service else { return false }
    return error.code == "NoSuchKey" || error.status == 404
  }

  /// Whether every configured receiver has settled on the mail (done, skipped or dead).
  private func settled(_ mailID: String) async throws -> Bool {
    let receipts = try await run.engine.ledger.receipts(mailID: mailID)
    return run.engine.receivers.allSatisfy { configured in
      receipts.contains { $0.receiver == configured.spec.id && [.done, .skipped, .dead].contains($0.state) }
    }
  }

  /// Every half visibility timeout, hides `messages` for another full timeout.
  private func startHeartbeat(_ messages: [SQS.Message], sqs: SQS) -> Task<Void, Never> {
    let timeout = queue.visibilityTimeout
    let url = queue.url
    let context = context
    return Task {
      while !Task.isCancelled {
        do { try await Task.sleep(for: .milliseconds(max(500, timeout * 500))) } catch { return }
        for message in messages where !Task.isCancelled {
          do {
            try await sqs.changeMessageVisibility(queueURL: url, receiptHandle: message.receiptHandle, seconds: timeout)
          } catch {
            // Cancelled with its batch done: that request no longer matters.
            if Task.isCancelled { return }
            context.warn("mail watch: could not extend message \(TerminalSafe.quoted(message.messageID))'s visibility: \(error)")
          }
        }
      }
    }
  }

  private func delete(_ message: SQS.Message, sqs: SQS) async throws {
    do {
      try await QueueCall.run("DeleteMessage", queue: queue.url) {
        try await sqs.deleteMessage(queueURL: queue.url, receiptHandle: message.receiptHandle)
      }
    } catch let error as CLIError where error.exitStatus == .noPermission {
      throw error
    } catch {
      context.warn(
        "mail watch: could not delete message \(TerminalSafe.quoted(message.messageID)): \(error)"
          + " (it comes back; the ledger keeps receivers from running twice)")
    }
  }

  /// Makes a message visible to every watcher at once (a stop left its mail unfinished).
  private func release(_ message: SQS.Message, sqs: SQS) async throws {
    do {
      try await QueueCall.run("ChangeMessageVisibility", queue: queue.url) {
        try await sqs.changeMessageVisibility(queueURL: queue.url, receiptHandle: message.receiptHandle, seconds: 0)
      }
    } catch let error as CLIError where error.exitStatus == .noPermission {
      throw error
    } catch {
      context.warn("mail watch: could not release message \(TerminalSafe.quoted(message.messageID)): \(error)")
    }
  }
}
