@_spi(RootmailHost) extension AWSServiceInfo {
  /// Amazon SQS over the JSON 1.0 protocol (`X-Amz-Target: AmazonSQS.<Operation>`), as
  /// botocore's model has it since 2023; the queue is named by `QueueUrl` in the body.
  public static let sqs = AWSServiceInfo(
    id: "SQS", endpointPrefix: "sqs", wireProtocol: .json(version: "1.0", targetPrefix: "AmazonSQS"))
}

/// Amazon SQS: the queue SES's notifications reach through SNS (`mail watch --queue`), its
/// dead-letter queue (`mail dead-letters`, `mail replay --queue-dead-letters`) and the pending
/// count `deploy --destroy` names. Only the operations rootmail calls.
@_spi(RootmailHost) public struct SQS: Sendable {
  public let rpc: JSONProtocolClient

  public init(client: AWSClient) { rpc = JSONProtocolClient(client: client, service: .sqs) }

  /// One received message: its id, the handle that deletes it or changes its visibility
  /// (valid for this receive only), its body and the system attributes asked for.
  public struct Message: Sendable, Equatable {
    public var messageID: String
    public var receiptHandle: String
    public var body: String
    public var attributes: [String: String]

    public init(messageID: String, receiptHandle: String, body: String, attributes: [String: String] = [:]) {
      self.messageID = messageID
      self.receiptHandle = receiptHandle
      self.body = body
      self.attributes = attributes
    }

    /// `ApproximateReceiveCount`: how many times SQS has handed this message out (1 the first time).
    public var receiveCount: Int { attributes["ApproximateReceiveCount"].flatMap { Int($0) } ?? 0 }
  }

  /// The URL of the queue `name` (of `ownerAccount` when given).
  public func queueURL(name: String, ownerAccount: String? = nil) async throws -> String {
    var input: [(String, JSONValue)] = [("QueueName", .string(name))]
    if let ownerAccount { input.append(("QueueOwnerAWSAccountId", .string(ownerAccount))) }
    return try await rpc.call("GetQueueUrl", .object(input)).require("QueueUrl", in: "GetQueueUrl")
  }

  /// Long-polls the queue: waits up to `waitSeconds` (0–20) for messages and returns at most
  /// `maxMessages` (1–10), each hidden from other receivers for `visibilityTimeout` seconds
  /// (the queue's own when nil). `ApproximateReceiveCount` and `SentTimestamp` come with each.
  public func receiveMessages(
    queueURL: String, maxMessages: Int = 10, waitSeconds: Int = 20, visibilityTimeout: Int? = nil
  ) async throws -> [Message] {
    var input: [(String, JSONValue)] = [
      ("QueueUrl", .string(queueURL)), ("MaxNumberOfMessages", .int(max(1, min(10, maxMessages)))),
      ("WaitTimeSeconds", .int(max(0, min(20, waitSeconds)))),
      ("MessageSystemAttributeNames", .array([.string("ApproximateReceiveCount"), .string("SentTimestamp")])),
    ]
    if let visibilityTimeout { input.append(("VisibilityTimeout", .int(visibilityTimeout))) }
    let out = try await rpc.call("ReceiveMessage", .object(input))
    return try (out["Messages"]?.arrayValue ?? []).map { item in
      guard let id = item["MessageId"]?.stringValue, let handle = item["ReceiptHandle"]?.stringValue else {
        throw AWSError(
          kind: .malformedResponse, service: "SQS", operation: "ReceiveMessage", code: "MalformedResponse",
          message: "a message has no MessageId or ReceiptHandle")
      }
      var attributes: [String: String] = [:]
      for (name, value) in item["Attributes"]?.objectValue ?? [] { attributes[name] = value.stringValue }
      return Message(messageID: id, receiptHandle: handle, body: item["Body"]?.stringValue ?? "", attributes: attributes)
    }
  }

  /// Deletes a received message (its work is done).
  public func deleteMessage(queueURL: String, receiptHandle: String) async throws {
    _ = try await rpc.call(
      "DeleteMessage", .object([("QueueUrl", .string(queueURL)), ("ReceiptHandle", .string(receiptHandle))]))
  }

  /// Hides a received message for `seconds` more from now (0: visible to every receiver at once).
  public func changeMessageVisibility(queueURL: String, receiptHandle: String, seconds: Int) async throws {
    _ = try await rpc.call(
      "ChangeMessageVisibility",
      .object([
        ("QueueUrl", .string(queueURL)), ("ReceiptHandle", .string(receiptHandle)),
        ("VisibilityTimeout", .int(max(0, min(43_200, seconds)))),
      ]))
  }

  /// Sends `body` to the queue; returns the new message's id.
  @discardableResult
  public func sendMessage(queueURL: String, body: String) async throws -> String {
    try await rpc.call("SendMessage", .object([("QueueUrl", .string(queueURL)), ("MessageBody", .string(body))]))
      .require("MessageId", in: "SendMessage")
  }

  /// The queue's attributes `names` (`All` for every one), as SQS gives them: strings.
  public func queueAttributes(queueURL: String, names: [String] = ["All"]) async throws -> [String: String] {
    let out = try await rpc.call(
      "GetQueueAttributes",
      .object([("QueueUrl", .string(queueURL)), ("AttributeNames", .array(names.map { .string($0) }))]))
    var attributes: [String: String] = [:]
    for (name, value) in out["Attributes"]?.objectValue ?? [] { attributes[name] = value.stringValue }
    return attributes
  }

  /// Whether `error` says the queue does not exist.
  public static func isMissingQueue(_ error: any Error) -> Bool {
    guard let error = error as? AWSError else { return false }
    return error.code == "QueueDoesNotExist" || error.code == "AWS.SimpleQueueService.NonExistentQueue"
  }
}

extension AWSClient {
  @_spi(RootmailHost) public var sqs: SQS { SQS(client: self) }
}
