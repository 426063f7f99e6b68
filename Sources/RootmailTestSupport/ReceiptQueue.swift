import Foundation
@_spi(RootmailHost) import RootmailKit

/// Amazon SNS over the query protocol, only what tests need: a topic, a subscription, a publish
/// (moto's SES does not publish receipt notifications, so tests publish them to the topic
/// themselves). rootmail itself never calls SNS: deploy makes the topic with CloudFormation.
public struct TestSNS: Sendable {
  public static let service = AWSServiceInfo(id: "SNS", endpointPrefix: "sns", wireProtocol: .query(version: "2010-03-31"))
  @_spi(RootmailHost) public let rpc: QueryProtocolClient

  public init(client: AWSClient) { rpc = QueryProtocolClient(client: client, service: Self.service) }

  public func createTopic(_ name: String) async throws -> String {
    var p = QueryParameters()
    p.set("Name", name)
    return try await rpc.call("CreateTopic", p)["TopicArn"] ?? ""
  }

  public func subscribe(topicArn: String, queueArn: String) async throws {
    var p = QueryParameters()
    p.set("TopicArn", topicArn)
    p.set("Protocol", "sqs")
    p.set("Endpoint", queueArn)
    _ = try await rpc.call("Subscribe", p)
  }

  @discardableResult
  public func publish(topicArn: String, message: String, subject: String? = nil) async throws -> String {
    var p = QueryParameters()
    p.set("TopicArn", topicArn)
    p.set("Message", message)
    p.set("Subject", subject)
    return try await rpc.call("Publish", p)["MessageId"] ?? ""
  }
}

/// A receipt queue on moto as `deploy --queue` makes one: an SNS topic, an SQS queue with a
/// dead-letter queue (redrive after `maxReceives`), the subscription (raw delivery off) and a
/// queue policy that accepts only the topic.
public struct ReceiptQueue: Sendable {
  public let topicArn: String
  public let queueURL: String
  public let queueName: String
  public let deadLetterURL: String

  /// Makes them on `client`'s moto, named after `name`.
  public static func make(
    client: AWSClient, name: String, visibilityTimeout: Int = 30, maxReceives: Int = 5
  ) async throws -> ReceiptQueue {
    let sqs = client.sqs
    let sns = TestSNS(client: client)
    let dlq = try await createQueue(sqs, name: name + "-dlq", attributes: [("MessageRetentionPeriod", "1209600")])
    let dlqArn = try await sqs.queueAttributes(queueURL: dlq, names: ["QueueArn"])["QueueArn"] ?? ""
    let topic = try await sns.createTopic(name + "-topic")
    let redrive = JSONValue.object([("deadLetterTargetArn", .string(dlqArn)), ("maxReceiveCount", .int(maxReceives))])
    let queue = try await createQueue(
      sqs, name: name,
      attributes: [("VisibilityTimeout", String(visibilityTimeout)), ("RedrivePolicy", redrive.compact)])
    let queueArn = try await sqs.queueAttributes(queueURL: queue, names: ["QueueArn"])["QueueArn"] ?? ""
    let policy = JSONValue.object([
      ("Version", .string("2012-10-17")),
      (
        "Statement",
        .array([
          .object([
            ("Sid", .string("OnlyTheReceiptTopic")), ("Effect", .string("Allow")),
            ("Principal", .object([("Service", .string("sns.amazonaws.com"))])),
            ("Action", .string("sqs:SendMessage")), ("Resource", .string(queueArn)),
            ("Condition", .object([("ArnEquals", .object([("aws:SourceArn", .string(topic))]))])),
          ])
        ])
      ),
    ])
    _ = try await sqs.rpc.call(
      "SetQueueAttributes",
      .object([("QueueUrl", .string(queue)), ("Attributes", .object([("Policy", .string(policy.compact))]))]))
    try await sns.subscribe(topicArn: topic, queueArn: queueArn)
    return ReceiptQueue(topicArn: topic, queueURL: queue, queueName: name, deadLetterURL: dlq)
  }

  static func createQueue(_ sqs: SQS, name: String, attributes: [(String, String)]) async throws -> String {
    try await sqs.rpc.call(
      "CreateQueue",
      .object([("QueueName", .string(name)), ("Attributes", .object(attributes.map { ($0.0, .string($0.1)) }))])
    ).require("QueueUrl", in: "CreateQueue")
  }

  /// `ApproximateNumberOfMessages` + `…NotVisible` of a queue.
  @_spi(RootmailHost) public static func depth(_ sqs: SQS, _ url: String) async throws -> (visible: Int, inFlight: Int) {
    let a = try await sqs.queueAttributes(
      queueURL: url, names: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"])
    return (Int(a["ApproximateNumberOfMessages"] ?? "") ?? -1, Int(a["ApproximateNumberOfMessagesNotVisible"] ?? "") ?? -1)
  }
}

/// SES's `Received` notification for a mail its S3 action stored, shaped as the example in the
/// SES developer guide ("Contents of notifications for Amazon SES email receiving").
public enum SESNotification {
  public static func received(
    bucket: String, key: String, prefix: String = "RootMail/", topicArn: String, messageID: String? = nil,
    recipient: String = "root+000000000000@aws.example.com", subject: String = "Example subject"
  ) -> String {
    let id = messageID ?? String(key.split(separator: "/").last ?? Substring(key))
    let now = "2026-12-02T10:00:00.000Z"
    let verdict = JSONValue.object([("status", .string("PASS"))])
    return JSONValue.object([
      ("notificationType", .string("Received")),
      (
        "mail",
        .object([
          ("timestamp", .string(now)), ("source", .string("no-reply@signin.aws")), ("messageId", .string(id)),
          ("destination", .array([.string(recipient)])), ("headersTruncated", .bool(false)),
          ("headers", .array([.object([("name", .string("Subject")), ("value", .string(subject))])])),
          (
            "commonHeaders",
            .object([
              ("returnPath", .string("no-reply@signin.aws")), ("from", .array([.string("AWS <no-reply@signin.aws>")])),
              ("date", .string("Wed, 02 Dec 2026 10:00:00 +0000")), ("to", .array([.string(recipient)])),
              ("messageId", .string("<\(id)@signin.aws>")), ("subject", .string(subject)),
            ])
          ),
        ])
      ),
      (
        "receipt",
        .object([
          ("timestamp", .string(now)), ("processingTimeMillis", .int(222)), ("recipients", .array([.string(recipient)])),
          ("spamVerdict", verdict), ("virusVerdict", verdict), ("spfVerdict", verdict), ("dkimVerdict", verdict),
          ("dmarcVerdict", verdict),
          (
            "action",
            .object([
              ("type", .string("S3")), ("topicArn", .string(topicArn)), ("bucketName", .string(bucket)),
              ("objectKeyPrefix", .string(prefix)), ("objectKey", .string(key)),
            ])
          ),
        ])
      ),
    ]).compact
  }
}
