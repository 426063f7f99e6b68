@_spi(RootmailHost) import RootmailKit

/// What `deploy --destroy`'s plan says of the stack's receipt queue: the topic and queues go
/// with the stack, and with them the notifications still in them, counted (SQS's approximate
/// numbers, visible and in flight) so nobody deletes pending mail notices unawares.
enum QueueDestroyNote {
  /// `, receipt topic and queues (3 notifications pending in x, 1 in x-dead-letters)`, or ""
  /// when the stack has no queue.
  static func make(env: DeployEnvironment) async throws -> String {
    let resources = try await env.aws.cloudFormation.listStackResources(env.stackName)
    func url(_ id: String) -> String? {
      resources.first { $0.logicalID == id && !$0.physicalID.isEmpty }?.physicalID
    }
    guard let queue = url(StackTemplate.queueID) else { return "" }
    var counts: [String] = []
    for (id, label) in [(StackTemplate.queueID, "pending in"), (StackTemplate.deadLetterQueueID, "dead-lettered in")] {
      guard let url = url(id) else { continue }
      let name = url.split(separator: "/").last.map(String.init) ?? url
      do {
        let a = try await env.aws.sqs.queueAttributes(
          queueURL: url, names: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"])
        let n = (Int(a["ApproximateNumberOfMessages"] ?? "") ?? 0) + (Int(a["ApproximateNumberOfMessagesNotVisible"] ?? "") ?? 0)
        counts.append("\(Plural.count(n, "notification")) \(label) \(name)")
      } catch  where SQS.isMissingQueue(error) {
        continue
      }
    }
    _ = queue
    return ", receipt topic and queues" + (counts.isEmpty ? "" : " (" + counts.joined(separator: ", ") + ", lost with them)")
  }
}
