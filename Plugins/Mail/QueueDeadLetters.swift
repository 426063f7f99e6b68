@_spi(RootmailHost) import RootmailKit

/// The receipt queue's dead-letter queue: notifications SQS moved there after
/// `queue_max_receives` receives without their mail settling. `mail dead-letters` lists them
/// (`peek`: received with a visibility timeout so that each is seen once, then made visible
/// again), `mail replay --queue-dead-letters` sends each back to the receipt queue and deletes
/// it from the dead-letter queue (`moveBack`).
struct QueueDeadLetters {
  let sqs: SQS
  let queue: ReceiptQueueInfo
  let deadLetterURL: String

  /// One dead-lettered notification as listed.
  struct Letter: Sendable {
    let messageID: String
    let receives: Int
    /// Seconds since 1970 when SNS sent it (0 when unknown).
    let sentAt: Int
    let key: String?
    let subject: String?
  }

  /// The dead-letter queue of the configured queue; a configuration error (exit 78) when it has none.
  static func open(_ context: CommandContext, queue name: String) async throws -> QueueDeadLetters {
    let info = try await ReceiptQueueInfo.resolve(context, queue: name)
    guard let url = info.deadLetterURL else {
      throw CLIError.configuration(
        "the queue \(TerminalSafe.quoted(info.url, limit: 200)) has no dead-letter queue (no redrive policy)",
        hint: "deploy --queue makes the queue with one")
    }
    // A redrive policy naming the queue itself (SQS's API, and moto, take one): a replay would
    // send each message back to where it took it from, for ever.
    guard url != info.url else {
      throw CLIError.configuration(
        "the queue \(TerminalSafe.quoted(info.url, limit: 200))'s dead-letter queue is the queue itself",
        hint: "point its redrive policy at a queue of its own (deploy --queue makes one)")
    }
    return QueueDeadLetters(sqs: try context.aws().sqs, queue: info, deadLetterURL: url)
  }

  /// Seconds a listed message stays hidden while the listing goes on.
  static let peekVisibility = 60

  /// Up to `limit` messages of the dead-letter queue, each once, left in it.
  func peek(limit: Int) async throws -> [Letter] {
    var letters: [Letter] = []
    var handles: [String] = []
    var seen = Set<String>()
    while letters.count < limit {
      let batch = try await QueueCall.run("ReceiveMessage", queue: deadLetterURL) {
        try await sqs.receiveMessages(
          queueURL: deadLetterURL, maxMessages: min(10, limit - letters.count), waitSeconds: 1,
          visibilityTimeout: Self.peekVisibility)
      }
      let fresh = batch.filter { seen.insert($0.messageID).inserted }
      if fresh.isEmpty { break }
      for message in fresh {
        handles.append(message.receiptHandle)
        let facts = QueueNotification.facts(message.body)
        letters.append(
          Letter(
            messageID: message.messageID, receives: message.receiveCount,
            sentAt: (message.attributes["SentTimestamp"].flatMap { Int($0) } ?? 0) / 1000, key: facts.key,
            subject: facts.subject))
      }
    }
    // Back in view for the next listing or replay.
    for handle in handles {
      try? await sqs.changeMessageVisibility(queueURL: deadLetterURL, receiptHandle: handle, seconds: 0)
    }
    return letters
  }

  /// Moves every message of the dead-letter queue back to the receipt queue; returns how many.
  func moveBack() async throws -> Int {
    var moved = 0
    while true {
      let batch = try await QueueCall.run("ReceiveMessage", queue: deadLetterURL) {
        try await sqs.receiveMessages(queueURL: deadLetterURL, maxMessages: 10, waitSeconds: 1, visibilityTimeout: 60)
      }
      if batch.isEmpty { return moved }
      for message in batch {
        try await QueueCall.run("SendMessage", queue: queue.url) {
          try await sqs.sendMessage(queueURL: queue.url, body: message.body)
        }
        try await QueueCall.run("DeleteMessage", queue: deadLetterURL) {
          try await sqs.deleteMessage(queueURL: deadLetterURL, receiptHandle: message.receiptHandle)
        }
        moved += 1
      }
    }
  }
}
