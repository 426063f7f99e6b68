@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

@_spi(RootmailHost) @testable import RootmailPluginMail

/// What `mail watch --queue` accepts from the queue: only SES's Received notification, in SNS's
/// envelope from the receipt topic, for the configured bucket under the configured prefix.
@Suite struct QueueNotificationTests {
  static let topic = "arn:aws:sns:us-east-1:123456789012:rootmail-receipts"

  static func envelope(_ message: String, topic: String = topic) -> String {
    JSONValue.object([
      ("Type", .string("Notification")), ("MessageId", .string("m-1")), ("TopicArn", .string(topic)),
      ("Message", .string(message)),
    ]).compact
  }

  static func read(_ body: String) -> QueueNotification {
    QueueNotification.read(body, topics: [topic], bucket: "mail-bucket", prefix: "RootMail/")
  }

  @Test func sesExampleIsAccepted() {
    let body = Self.envelope(SESNotification.received(bucket: "mail-bucket", key: "RootMail/abc123", topicArn: Self.topic))
    #expect(Self.read(body) == .mail(key: "RootMail/abc123", receivedAt: "2026-12-02T10:00:00.000Z"))
  }

  @Test(arguments: [
    ("other-bucket", "RootMail/abc", "for bucket"),
    ("mail-bucket", "Other/abc", "not under the prefix"),
    ("mail-bucket", "RootMail/../Other/abc", ". or .. segment"),
    ("mail-bucket", "RootMail/./abc", ". or .. segment"),
    ("mail-bucket", "RootMail/", "a folder"),
    ("mail-bucket", "RootMail/a\u{1b}[2Jb", "control characters"),
    ("mail-bucket", "", "empty"),
  ])
  func badBucketsAndKeysAreRejected(bucket: String, key: String, reason: String) {
    let body = Self.envelope(SESNotification.received(bucket: bucket, key: key, topicArn: Self.topic))
    guard case .rejected(let why) = Self.read(body) else {
      Issue.record("accepted \(key)")
      return
    }
    #expect(why.contains(reason), "\(why)")
    #expect(!why.contains("\u{1b}"))
  }

  @Test func otherShapesAreRejected() {
    let good = SESNotification.received(bucket: "mail-bucket", key: "RootMail/abc", topicArn: Self.topic)
    let cases: [(String, String)] = [
      ("{not json", "not JSON"),
      ("[1,2]", "not JSON"),
      (#"{"Type":"SubscriptionConfirmation","TopicArn":"x"}"#, "not an SNS notification"),
      (Self.envelope(good, topic: "arn:aws:sns:us-east-1:999999999999:evil"), "not the receipt topic"),
      (Self.envelope("hello"), "not a JSON object"),
      (Self.envelope(good.replacing(#""notificationType":"Received""#, with: #""notificationType":"Bounce""#)), "Bounce"),
      (Self.envelope(good.replacing(#""type":"S3""#, with: #""type":"Lambda""#)), "not S3"),
    ]
    for (body, reason) in cases {
      guard case .rejected(let why) = Self.read(body) else {
        Issue.record("accepted \(body)")
        continue
      }
      #expect(why.contains(reason), "\(why)")
    }
  }

  @Test func topicsComeFromTheQueuePolicy() {
    let policy = """
      {"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},"Action":"sqs:SendMessage","Resource":"q",
         "Condition":{"ArnEquals":{"aws:SourceArn":"\(Self.topic)"}}},
        {"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":"q",
         "Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:*:wild"}}},
        {"Effect":"Deny","Principal":"*","Action":"sqs:*","Resource":"q",
         "Condition":{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:us-east-1:1:denied"}}}
      ]}
      """
    #expect(ReceiptQueueInfo.allowedTopics(policy: policy) == [Self.topic])
    #expect(ReceiptQueueInfo.allowedTopics(policy: "not json").isEmpty)
  }

  @Test func queueNames() {
    #expect(ReceiptQueueInfo.isQueueName("rootmail-receipts_1"))
    #expect(ReceiptQueueInfo.isQueueName("a.fifo"))
    for bad in ["", "a/b", "a b", String(repeating: "x", count: 81), "..", "q\u{1b}"] {
      #expect(!ReceiptQueueInfo.isQueueName(bad), "\(bad)")
    }
  }
}
