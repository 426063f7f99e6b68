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

  /// The time a notification gives its mail is used only when it is a time and not in the
  /// future: one dated 2099 kept its mail the newest for ever (in lists, and for adopt's code).
  @Test func aNotificationTimeInTheFutureOrNotATimeIsNotUsed() {
    func time(_ timestamp: String) -> QueueNotification {
      Self.read(
        Self.envelope(
          SESNotification.received(bucket: "mail-bucket", key: "RootMail/abc", topicArn: Self.topic)
            .replacing("2026-12-02T10:00:00.000Z", with: timestamp)))
    }
    #expect(time("2099-01-01T00:00:00.000Z") == .mail(key: "RootMail/abc", receivedAt: ""))
    #expect(time("\\u001b[2J yesterday") == .mail(key: "RootMail/abc", receivedAt: ""))
    #expect(time("2020-01-01T00:00:00.000Z") == .mail(key: "RootMail/abc", receivedAt: "2020-01-01T00:00:00.000Z"))
    let now = MailTime.now()
    let soon = Timestamp.format(secondsSinceEpoch: now + 60)
    #expect(QueueNotification.arrival(soon, now: now) == soon)
  }

  /// S3 compares keys byte for byte; a Swift String compares by canonical equivalence and
  /// splits by characters. Read as a String, a key in another prefix passed for one in ours
  /// (U+212A KELVIN SIGN is canonically `K`), and `/` followed by a combining mark hid a `..`
  /// segment.
  @Test func keysAreCheckedByteForByteAsS3ComparesThem() {
    #expect(
      QueueNotification.keyProblem("\u{212A}unden/abc", prefix: "Kunden/") == "not under the prefix Kunden/")
    #expect(
      QueueNotification.keyProblem("RootMail/../\u{301}Other/abc", prefix: "RootMail/") == "has a . or .. segment")
    #expect(QueueNotification.keyProblem("RootMail/a/./\u{301}b", prefix: "RootMail/") == "has a . or .. segment")
    // Topics too: a topic named with U+212A is another topic.
    let kelvin = SESNotification.received(bucket: "mail-bucket", key: "RootMail/abc", topicArn: Self.topic)
    let keys = "arn:aws:sns:us-east-1:123456789012:Keys"
    #expect(
      QueueNotification.read(
        Self.envelope(kelvin, topic: keys.replacing("Keys", with: "\u{212A}eys")), topics: [keys], bucket: "mail-bucket",
        prefix: "RootMail/") == .rejected("from topic arn:aws:sns:us-east-1:123456789012:\u{212A}eys, not the receipt topic"))
    // Under the prefix byte for byte, whatever the characters: accepted.
    #expect(QueueNotification.keyProblem("RootMail/\u{301}abc", prefix: "RootMail/") == nil)
    #expect(QueueNotification.keyProblem("Kunden/abc", prefix: "Kunden/") == nil)
    // A literal key (S3 never decodes it: the client sends `%` as `%25`).
    #expect(QueueNotification.keyProblem("RootMail/%2e%2e/Other/abc", prefix: "RootMail/") == nil)
  }

  /// Hostile bodies: each is rejected with a short reason, one line, no control character.
  @Test func hostileBodiesAreRejectedOnOneShortLine() {
    let good = SESNotification.received(bucket: "mail-bucket", key: "RootMail/abc", topicArn: Self.topic)
    let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
    let deepMessage = String(repeating: #"{"a":"#, count: 600) + "1" + String(repeating: "}", count: 600)
    let longKey = "RootMail/" + String(repeating: "k", count: 2000)
    let padded = good.replacing(#""processingTimeMillis":222"#, with: #""pad":""# + String(repeating: "x", count: 250_000) + "\"")
    let cases: [(String, String)] = [
      (deep, "not JSON"),
      (Self.envelope(deepMessage), "not a JSON object"),
      (#"{"Type":"Notification","TopicArn":"\#(Self.topic)","Message":42}"#, "not a JSON object"),
      (Self.envelope("[1,2,3]"), "not a JSON object"),
      (Self.envelope("\"Received\""), "not a JSON object"),
      (Self.envelope("1e99999999"), "not a JSON object"),
      (
        Self.envelope(
          good.replacing(#""processingTimeMillis":222"#, with: #""processingTimeMillis":1"# + String(repeating: "9", count: 5000))
        ), ""
      ),
      (Self.envelope(good, topic: "arn:aws:sns:us-east-1:1:evil\u{1b}]0;owned\u{07}\n\u{202e}"), "not the receipt topic"),
      (Self.envelope(SESNotification.received(bucket: "mail-bucket", key: longKey, topicArn: Self.topic)), "longer than 1024"),
      (
        Self.envelope(SESNotification.received(bucket: "mail-bucket", key: "RootMail/a\u{0}b\u{1b}[2J", topicArn: Self.topic)),
        "control characters"
      ),
      (
        Self.envelope(SESNotification.received(bucket: "other\u{1b}[31m\n", key: "RootMail/abc", topicArn: Self.topic)),
        "for bucket"
      ),
      // Duplicate members: the one read (the last) is the one checked.
      (
        Self.envelope(
          good.replacing(#""objectKey":"RootMail/abc""#, with: #""objectKey":"RootMail/abc","objectKey":"Other/abc""#)),
        "not under the prefix"
      ),
      (Self.envelope(padded), ""),
    ]
    for (body, reason) in cases {
      switch Self.read(body) {
      case .rejected(let why):
        #expect(!reason.isEmpty && why.contains(reason), "\(why)")
        #expect(why.utf8.count < 600 && !TerminalSafe.hasUnsafe(why), "\(why.prefix(300))")
      case .mail(let key, _):
        // Accepted only when the key it names is the configured prefix's, checked.
        #expect(reason.isEmpty && QueueNotification.keyProblem(key, prefix: "RootMail/") == nil, "accepted \(key)")
      }
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
