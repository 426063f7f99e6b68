@_spi(RootmailHost) import RootmailKit

/// The receipt queue as `mail watch --queue`, `mail dead-letters` and `mail replay
/// --queue-dead-letters` need it: its URL (from a URL, or a name through GetQueueUrl), its
/// visibility timeout, the SNS topics whose notifications it accepts (`queue_topic`, else
/// those its policy lets send: `aws:SourceArn`) and its dead-letter queue (the redrive policy's
/// target). Read once, with one GetQueueAttributes.
struct ReceiptQueueInfo: Sendable {
  let url: String
  let visibilityTimeout: Int
  let topics: Set<String>
  /// The dead-letter queue's URL, when the queue has a redrive policy.
  let deadLetterURL: String?

  /// The configured queue (`--queue`, else `queue`), or nil when none is.
  static func configured(_ context: CommandContext, flag: String?) -> String? {
    let value = flag ?? context.config.string(.queue)
    guard let value, !value.isEmpty else { return nil }
    return value
  }

  /// SQS queue names: 1 to 80 letters, digits, `-` and `_` (a FIFO queue's ends in `.fifo`).
  static func isQueueName(_ name: String) -> Bool {
    let base = name.hasSuffix(".fifo") ? String(name.dropLast(5)) : name
    return (1...80).contains(name.count)
      && !base.isEmpty
      && base.unicodeScalars.allSatisfy {
        ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
      }
  }

  /// Resolves `queue` (a name or an `https://` URL) and reads its attributes.
  static func resolve(_ context: CommandContext, queue: String) async throws -> ReceiptQueueInfo {
    let sqs = try context.aws().sqs
    let url: String
    if queue.hasPrefix("https://") || queue.hasPrefix("http://") {
      guard let name = queue.split(separator: "/").last.map(String.init), isQueueName(name),
        queue.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7f })
      else {
        throw CLIError.configuration(
          "invalid queue \"\(TerminalSafe.quoted(queue))\": a queue URL ends in the queue's name (letters, digits, - and _)")
      }
      url = queue
    } else {
      guard isQueueName(queue) else {
        throw CLIError.configuration(
          "invalid queue \"\(TerminalSafe.quoted(queue))\": a queue name is 1 to 80 letters, digits, - and _, or use its URL")
      }
      url = try await QueueCall.run("GetQueueUrl", queue: queue) { try await sqs.queueURL(name: queue) }
    }
    let attributes = try await QueueCall.run("GetQueueAttributes", queue: url) {
      try await sqs.queueAttributes(queueURL: url, names: ["VisibilityTimeout", "Policy", "RedrivePolicy"])
    }
    // Kept in SQS's range (0 to 12 hours): an answer beyond it (moto takes any number) would
    // overflow the heartbeat's arithmetic.
    let visibility = min(43_200, max(1, attributes["VisibilityTimeout"].flatMap { Int($0) } ?? 30))
    var topics = Set<String>()
    if let configured = context.config.string(.queueTopic), !configured.isEmpty {
      topics = [configured]
    } else if let policy = attributes["Policy"] {
      topics = allowedTopics(policy: policy)
    }
    guard !topics.isEmpty else {
      throw CLIError.configuration(
        "the queue \(TerminalSafe.quoted(url)) has no policy that names the SNS topic allowed to send to it (aws:SourceArn)",
        hint: "set queue_topic to the receipt topic's ARN, or deploy --queue to make the queue")
    }
    var deadLetterURL: String?
    if let redrive = attributes["RedrivePolicy"], let json = try? JSONValue.parse(redrive),
      let arn = json["deadLetterTargetArn"]?.stringValue
    {
      let parts = arn.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
      if parts.count == 6, parts[2] == "sqs", isQueueName(parts[5]) {
        deadLetterURL = try await QueueCall.run("GetQueueUrl", queue: parts[5]) {
          try await sqs.queueURL(name: parts[5], ownerAccount: parts[4].isEmpty ? nil : parts[4])
        }
      }
    }
    return ReceiptQueueInfo(
      url: url, visibilityTimeout: visibility, topics: topics, deadLetterURL: deadLetterURL)
  }

  /// The SNS topic ARNs a queue policy lets send (`aws:SourceArn` in an Allow statement's
  /// `ArnEquals`, `ArnLike` or `StringEquals` condition, without wildcards).
  static func allowedTopics(policy: String) -> Set<String> {
    guard let json = try? JSONValue.parse(policy) else { return [] }
    let statements = json["Statement"].map { $0.arrayValue ?? [$0] } ?? []
    var topics = Set<String>()
    for statement in statements where statement["Effect"]?.stringValue == "Allow" {
      for test in ["ArnEquals", "ArnLike", "StringEquals"] {
        guard let value = statement["Condition"]?[test]?["aws:SourceArn"] else { continue }
        for arn in (value.arrayValue ?? [value]).compactMap(\.stringValue)
        where arn.hasPrefix("arn:") && arn.contains(":sns:") && !arn.contains("*") && !arn.contains("?") {
          topics.insert(arn)
        }
      }
    }
    return topics
  }
}

/// An SQS call of the receipt queue whose access-denied answer stops the command (exit 77)
/// naming the IAM action it lacks, and whose missing queue is a configuration error (exit 78).
enum QueueCall {
  static func run<T>(_ operation: String, queue: String, _ body: () async throws -> T) async throws -> T {
    do {
      return try await body()
    } catch let error as AWSError where error.isAccessDenied {
      throw CLIError(
        "access denied: the credentials in use lack sqs:\(operation) on the queue \(TerminalSafe.quoted(queue, limit: 200))"
          + " (\(error))", status: .noPermission,
        hint:
          "grant sqs:ReceiveMessage, sqs:DeleteMessage, sqs:ChangeMessageVisibility and sqs:GetQueueAttributes on it"
          + " (rootmail deploy --policy watch prints such a policy)")
    } catch  where SQS.isMissingQueue(error) {
      throw CLIError.configuration(
        "the queue \(TerminalSafe.quoted(queue, limit: 200)) does not exist in this account and region",
        hint: "check queue in the config (rootmail config show), or deploy --queue to make it")
    }
  }
}
