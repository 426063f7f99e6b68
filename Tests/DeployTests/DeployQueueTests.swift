import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// `deploy --queue` on moto: the receipt topic, queue and dead-letter queue in the stack, the
/// receipt rule's S3 action naming the topic, nothing changed by a second run, the watch policy
/// scoped to the queue, and a destroy whose plan counts the notifications still queued.
/// (moto's CloudFormation skips topic and queue policies, which the template checks cover.)
@Suite(.serialized) struct DeployQueueTests {
  @Test(.timeLimit(.minutes(20)))
  func deployQueueThenAgainChangesNothingThenDestroyNamesPendingMessages() async throws {
    let h = try await DeployHarness(server: DeployHarness.queueServer)
    let first = try h.deploy(["--queue"])
    #expect(first.status == 0, "\(first.stderr)")
    let sqs = h.client.sqs
    let queueURL = try await sqs.queueURL(name: "rootmail-mail")
    let deadURL = try await sqs.queueURL(name: "rootmail-mail-dead-letters")
    let attributes = try await sqs.queueAttributes(queueURL: queueURL)
    let redrive = try JSONValue.parse(attributes["RedrivePolicy"] ?? "{}")
    #expect(redrive["maxReceiveCount"]?.intValue == 5, "\(attributes)")
    #expect(redrive["deadLetterTargetArn"]?.stringValue?.hasSuffix(":rootmail-mail-dead-letters") == true)
    #expect(attributes["VisibilityTimeout"] == "120")
    let topic = "arn:aws:sns:us-east-1:\(h.account):rootmail-mail"
    let rule = try await h.client.ses.describeReceiptRuleSet("RootMail").rules.first
    #expect(rule?.topicArn == topic, "\(String(describing: rule))")
    // The topic delivers to the queue in SNS's envelope.
    try await TestSNS(client: h.client).publish(topicArn: topic, message: "probe")
    let delivered = try await sqs.receiveMessages(queueURL: queueURL, waitSeconds: 5)
    #expect(delivered.count == 1)
    #expect(try JSONValue.parse(delivered.first?.body ?? "")["TopicArn"]?.stringValue == topic)

    let events = try await h.client.cloudFormation.describeStackEvents("rootmail").count
    let second = try h.deploy(["--queue"])
    #expect(second.status == 0, "\(second.stderr)")
    #expect(second.stderr.contains("nothing changed"), "\(second.stderr)")
    #expect(!second.stderr.contains("created") && !second.stderr.contains("updated"), "\(second.stderr)")
    #expect(try await h.client.cloudFormation.describeStackEvents("rootmail").count == events)

    // The watch policy: the queue's actions on the queue only.
    let policy = try h.cli.run(["deploy", "--policy", "watch", "--queue"])
    #expect(policy.status == 0, "\(policy.stderr)")
    let statement = try JSONValue.parse(policy.stdout)["Statement"]?.arrayValue?.first {
      $0["Sid"]?.stringValue == "ReceiveNotifications"
    }
    #expect(statement?["Resource"]?.stringValue == "arn:aws:sqs:us-east-1:\(h.account):rootmail-mail")
    let actions = Set(statement?["Action"]?.arrayValue?.compactMap(\.stringValue) ?? [])
    #expect(
      actions.isSuperset(of: [
        "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes",
      ]))
    let parliament = try RootmailCLI.run(try LintTools.path("parliament"), ["--json", "--string", policy.stdout], timeout: 120)
    #expect(parliament.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(parliament.stdout)")

    // Destroy names the notifications the queues still hold (the one above came back visible).
    try await sqs.changeMessageVisibility(queueURL: queueURL, receiptHandle: delivered[0].receiptHandle, seconds: 0)
    try await sqs.sendMessage(queueURL: deadURL, body: "dead")
    let destroy = try h.deploy(["--destroy"])
    #expect(destroy.status == 0, "\(destroy.stderr)")
    #expect(destroy.stderr.contains("1 notification pending in rootmail-mail"), "\(destroy.stderr)")
    #expect(destroy.stderr.contains("1 notification dead-lettered in rootmail-mail-dead-letters"), "\(destroy.stderr)")
    for name in ["rootmail-mail", "rootmail-mail-dead-letters"] {
      do {
        _ = try await sqs.queueURL(name: name)
        Issue.record("\(name) outlived destroy")
      } catch {
        #expect(SQS.isMissingQueue(error), "\(error)")
      }
    }
  }

  @Test func queueWithAnotherSESRegionIsRefused() throws {
    let cli = try RootmailCLI(extra: ["ROOTMAIL_DOMAIN": "example.com"])
    let result = try cli.run(["deploy", "--template", "--queue", "--ses-region", "eu-west-1"])
    #expect(result.status == 64, "\(result.stderr)")
    #expect(result.stderr.contains("--queue with --ses-region eu-west-1"), "\(result.stderr)")
  }

  @Test func queueTemplateScopesBothPolicies() throws {
    let cli = try RootmailCLI(extra: ["ROOTMAIL_DOMAIN": "example.com", "ROOTMAIL_RECEIVE": "queue"])
    let result = try cli.run(["deploy", "--template", "--format", "json"])
    #expect(result.status == 0, "\(result.stderr)")
    let resources = try #require(try JSONValue.parse(result.stdout)["Resources"])
    let topicStatement = resources["ReceiptTopicPolicy"]?["Properties"]?["PolicyDocument"]?["Statement"]?.arrayValue
    #expect(topicStatement?.count == 1)
    let publish = try #require(topicStatement?.first)
    #expect(publish["Principal"]?["Service"]?.stringValue == "ses.amazonaws.com")
    #expect(publish["Condition"]?["StringEquals"]?["aws:SourceAccount"] != nil)
    #expect(
      publish["Condition"]?["ArnLike"]?["aws:SourceArn"]?["Fn::Sub"]?.stringValue?.hasSuffix(
        ":receipt-rule-set/RootMail:receipt-rule/Receive") == true)
    let queueStatement = resources["ReceiptQueuePolicy"]?["Properties"]?["PolicyDocument"]?["Statement"]?.arrayValue
    #expect(queueStatement?.count == 1)
    #expect(queueStatement?.first?["Principal"]?["Service"]?.stringValue == "sns.amazonaws.com")
    #expect(queueStatement?.first?["Condition"]?["ArnEquals"]?["aws:SourceArn"]?["Ref"]?.stringValue == "ReceiptTopic")
    #expect(resources["ReceiptQueue"]?["Properties"]?["SqsManagedSseEnabled"]?.boolValue == true)
    #expect(resources["ReceiptDeadLetterQueue"]?["Properties"]?["SqsManagedSseEnabled"]?.boolValue == true)
    // Raw delivery off: the subscription is the topic's own, with no RawMessageDelivery.
    #expect(resources["ReceiptTopic"]?["Properties"]?["Subscription"]?.arrayValue?.count == 1)
  }
}
