@_spi(RootmailHost) import RootmailKit

/// The receipt queue's part of the template (`deploy --queue`): SES's S3 action notifies the
/// topic, which delivers (raw delivery off: SNS's envelope stays, the watcher checks its
/// TopicArn) to the queue; SQS moves a notification received `queue_max_receives` times to the
/// dead-letter queue. Each is encrypted: the queues with SQS-managed keys, or all three with
/// `--kms-key` (the topic only then: SES cannot publish to a topic under the AWS-managed SNS
/// key). The topic policy lets only SES publish, for this account and this receipt rule; the
/// queue policy lets only this topic send.
extension StackTemplate {
  static let topicID = "ReceiptTopic"
  static let topicPolicyID = "ReceiptTopicPolicy"
  static let queueID = "ReceiptQueue"
  static let deadLetterQueueID = "ReceiptDeadLetterQueue"
  static let queuePolicyID = "ReceiptQueuePolicy"

  /// The receipt rule's ARN, as SES names it in `aws:SourceArn`.
  var ruleArn: String {
    "arn:${AWS::Partition}:ses:\(sesRegion):${AWS::AccountId}:receipt-rule-set/\(DeploySettings.ruleSetName):receipt-rule/\(DeploySettings.ruleName)"
  }

  var queueResources: [(String, JSONValue)] {
    guard settings.queue else { return [] }
    return [
      (Self.topicID, topic), (Self.topicPolicyID, topicPolicy), (Self.queueID, queue(deadLetters: false)),
      (Self.deadLetterQueueID, queue(deadLetters: true)), (Self.queuePolicyID, queuePolicy),
    ]
  }

  var topic: JSONValue {
    var properties: [(String, JSONValue)] = [
      ("TopicName", .string(settings.topicName)),
      (
        "Subscription",
        .array([Self.obj([("Protocol", .string("sqs")), ("Endpoint", Self.getAtt(Self.queueID, "Arn"))])])
      ),
    ]
    if let key = kmsKeyValue { properties.append(("KmsMasterKeyId", key)) }
    return Self.obj([("Type", .string("AWS::SNS::Topic")), ("Properties", .object(properties))])
  }

  var topicPolicy: JSONValue {
    Self.obj([
      ("Type", .string("AWS::SNS::TopicPolicy")),
      (
        "Properties",
        Self.obj([
          ("Topics", .array([Self.ref(Self.topicID)])),
          (
            "PolicyDocument",
            PolicyDocuments.document([
              PolicyDocuments.statement(
                "AllowSESPublish", "Allow", principal: .object([("Service", .string("ses.amazonaws.com"))]),
                actions: ["SNS:Publish"], resources: [Self.ref(Self.topicID)],
                condition: .object([
                  ("StringEquals", .object([("aws:SourceAccount", Self.sub("${AWS::AccountId}"))])),
                  ("ArnLike", .object([("aws:SourceArn", Self.sub(ruleArn))])),
                ]))
            ])
          ),
        ])
      ),
    ])
  }

  func queue(deadLetters: Bool) -> JSONValue {
    var properties: [(String, JSONValue)] = [
      ("QueueName", .string(deadLetters ? settings.deadLetterQueueName : settings.queueName)),
      // Four days in the queue, fourteen (SQS's longest) among the dead letters.
      ("MessageRetentionPeriod", .int(deadLetters ? 1_209_600 : 345_600)),
    ]
    if !deadLetters {
      properties += [
        ("VisibilityTimeout", .int(settings.queueVisibility)), ("ReceiveMessageWaitTimeSeconds", .int(20)),
        (
          "RedrivePolicy",
          Self.obj([
            ("deadLetterTargetArn", Self.getAtt(Self.deadLetterQueueID, "Arn")),
            ("maxReceiveCount", .int(settings.queueMaxReceives)),
          ])
        ),
      ]
    }
    if let key = kmsKeyValue {
      properties.append(("KmsMasterKeyId", key))
    } else {
      properties.append(("SqsManagedSseEnabled", .bool(true)))
    }
    return Self.obj([("Type", .string("AWS::SQS::Queue")), ("Properties", .object(properties))])
  }

  var queuePolicy: JSONValue {
    Self.obj([
      ("Type", .string("AWS::SQS::QueuePolicy")),
      (
        "Properties",
        Self.obj([
          ("Queues", .array([Self.ref(Self.queueID)])),
          (
            "PolicyDocument",
            PolicyDocuments.document([
              PolicyDocuments.statement(
                "AllowReceiptTopic", "Allow", principal: .object([("Service", .string("sns.amazonaws.com"))]),
                actions: ["sqs:SendMessage"], resources: [Self.getAtt(Self.queueID, "Arn")],
                condition: .object([("ArnEquals", .object([("aws:SourceArn", Self.ref(Self.topicID))]))]))
            ])
          ),
        ])
      ),
    ])
  }

  var queueOutputs: [(String, JSONValue)] {
    guard settings.queue else { return [] }
    return [
      (
        "ReceiptQueueURL",
        Self.obj([("Description", .string("queue mail watch --queue long-polls")), ("Value", Self.ref(Self.queueID))])
      ),
      ("ReceiptTopicArn", Self.obj([("Description", .string("topic SES notifies")), ("Value", Self.ref(Self.topicID))])),
      (
        "ReceiptDeadLetterQueueURL",
        Self.obj([("Description", .string("notifications SQS gave up on")), ("Value", Self.ref(Self.deadLetterQueueID))])
      ),
    ]
  }
}
