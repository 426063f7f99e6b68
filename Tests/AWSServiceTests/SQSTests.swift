@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// The SQS client (JSON 1.0) against moto_server: the calls `mail watch --queue` makes, a
/// notification published to SNS arriving in its envelope, the redrive to the dead-letter queue
/// and a missing queue's error.
@Suite struct SQSTests {
  @Test func receiveChangeVisibilityDeleteAndRedrive() async throws {
    let moto = try MotoServer.shared()
    let client = moto.client()
    let sqs = client.sqs
    let name = "rootmail-sqs-\(RandomHex.make(length: 8))"
    let queue = try await ReceiptQueue.make(client: client, name: name, visibilityTimeout: 30, maxReceives: 2)
    #expect(try await sqs.queueURL(name: name) == queue.queueURL)

    // Published to the topic, the message arrives in SNS's envelope (raw delivery is off).
    try await TestSNS(client: client).publish(topicArn: queue.topicArn, message: #"{"hello":"world"}"#)
    let first = try await sqs.receiveMessages(queueURL: queue.queueURL, maxMessages: 10, waitSeconds: 5)
    #expect(first.count == 1)
    let envelope = try JSONValue.parse(first[0].body)
    #expect(envelope["Type"]?.stringValue == "Notification")
    #expect(envelope["TopicArn"]?.stringValue == queue.topicArn)
    #expect(envelope["Message"]?.stringValue == #"{"hello":"world"}"#)
    #expect(first[0].receiveCount == 1)

    // Visible again at once after ChangeMessageVisibility 0; the second receive counts 2.
    try await sqs.changeMessageVisibility(queueURL: queue.queueURL, receiptHandle: first[0].receiptHandle, seconds: 0)
    let second = try await sqs.receiveMessages(queueURL: queue.queueURL, waitSeconds: 5, visibilityTimeout: 0)
    #expect(second.map(\.messageID) == first.map(\.messageID))
    #expect(second.first?.receiveCount == 2)
    // A third receive is past maxReceiveCount 2: SQS moves it to the dead-letter queue.
    _ = try await sqs.receiveMessages(queueURL: queue.queueURL, waitSeconds: 1)
    let dead = try await sqs.receiveMessages(queueURL: queue.deadLetterURL, waitSeconds: 5)
    #expect(dead.map(\.messageID) == first.map(\.messageID))
    try await sqs.deleteMessage(queueURL: queue.deadLetterURL, receiptHandle: dead[0].receiptHandle)

    try await sqs.sendMessage(queueURL: queue.queueURL, body: "plain")
    let plain = try await sqs.receiveMessages(queueURL: queue.queueURL, waitSeconds: 5)
    #expect(plain.map(\.body) == ["plain"])
    try await sqs.deleteMessage(queueURL: queue.queueURL, receiptHandle: plain[0].receiptHandle)
    let depth = try await ReceiptQueue.depth(sqs, queue.queueURL)
    #expect(depth.visible == 0 && depth.inFlight == 0)
    let attributes = try await sqs.queueAttributes(queueURL: queue.queueURL)
    #expect(attributes["VisibilityTimeout"] == "30")
    #expect(attributes["Policy"]?.contains(queue.topicArn) == true)
  }

  @Test func aMissingQueueIsNamedAsSuch() async throws {
    let sqs = try MotoServer.shared().client().sqs
    do {
      _ = try await sqs.queueURL(name: "rootmail-no-such-queue-\(RandomHex.make(length: 6))")
      Issue.record("a missing queue was found")
    } catch {
      #expect(SQS.isMissingQueue(error), "\(error)")
    }
  }
}
